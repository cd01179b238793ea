"""Shared helpers for the TUI tests."""

from __future__ import annotations

from pathlib import Path

from interviewbot.tui.app import InterviewApp
from interviewbot.tui.screens import ChatScreen, ResultsScreen, SummaryScreen
from interviewbot.tui.widgets import AnswerBox

ROOT = Path(__file__).resolve().parents[2]

FULL = (
    "The service desk manager is responsible and owns it; we have a documented procedure "
    "and all staff are informed by regular meetings; we measure monthly KPIs and review them."
)

STRONG = (
    "The process is implemented and well known; we conduct it routinely and all staff are "
    "trained and informed. The process owner is responsible and accountable. We have a "
    "documented, approved procedure. We measure KPIs monthly and use the results to improve "
    "the process."
)
MID = (
    "The process is implemented and well known; we conduct it routinely and all staff are "
    "trained and informed. The team lead is responsible in some cases. There is no written "
    "procedure."
)


def make_app(db_path, bank, **kw) -> InterviewApp:
    kw.setdefault("respondent", "A. Owner")
    kw.setdefault("role", "Service desk lead")
    kw.setdefault("organisation", "Example Ltd")
    kw.setdefault("processes", "slm,capacity")
    kw.setdefault("settle", 0.0)  # test_findings checks the typed-ahead guard with its own value
    return InterviewApp(str(db_path), bank=bank, **kw)


def screen_text(app) -> str:
    """What is on the terminal now, as plain text."""
    return "\n".join(s.text for s in app.screen._compositor.render_strips())


async def answer(pilot, text: str) -> None:
    """Type (paste) an answer into the chat's answer box and press Enter."""
    app = pilot.app
    assert isinstance(app.screen, ChatScreen), type(app.screen)
    box = app.screen.query_one("#answer", AnswerBox)
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def run_to_summary(pilot, text: str = FULL, limit: int = 20) -> None:
    """Answer every question and follow-up of the current process until its summary shows."""
    for _ in range(limit):
        if isinstance(pilot.app.screen, SummaryScreen):
            return
        await answer(pilot, text)
    raise AssertionError("no summary screen")


async def confirm(pilot) -> None:
    assert isinstance(pilot.app.screen, SummaryScreen)
    await pilot.press("enter")
    await pilot.pause()


def on_results(app) -> bool:
    return isinstance(app.screen, ResultsScreen)
