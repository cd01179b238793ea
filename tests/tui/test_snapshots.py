"""Snapshots (pytest-textual-snapshot) of the chat, the summary and the results at 80x24.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from interviewbot.tui.widgets import AnswerBox

from .helpers import MID, STRONG, answer, confirm, make_app, run_to_summary

SLM = [
    "Our main documentation is the SLA [bold] and a service catalogue.",
    "Unfortunately, there is no OLA, but the service desk manager is responsible.",
]


async def steady(pilot) -> None:
    for box in pilot.app.screen.query(AnswerBox):
        box.cursor_blink = False
    await pilot.pause()


def test_chat_snapshot(tmp_path, bank, snap_compare):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-snap")

    async def run_before(pilot):
        await pilot.pause()
        for text in SLM:
            await answer(pilot, text)
        await pilot.press(*"We [i]draft", "ctrl+j", *"reports")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_summary_snapshot(tmp_path, bank, snap_compare):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-snap", processes="capacity")

    async def run_before(pilot):
        await pilot.pause()
        await answer(pilot, "We monitor utilisation daily, but there is no capacity plan.")
        await answer(pilot, "The capacity manager is responsible and we inform all staff.")
        await run_to_summary(pilot, "We measure response times and review them monthly.")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_results_snapshot(tmp_path, bank, snap_compare, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the hint names the database: a relative path draws the same
    app = make_app("iv.db", bank, interview_id="iv-snap", processes="slm,capacity,incident,change")

    async def run_before(pilot):
        await pilot.pause()
        await run_to_summary(pilot, STRONG)
        await confirm(pilot)
        await pilot.press("f5", "enter")  # capacity does not apply (confirmed)
        await pilot.pause()
        await run_to_summary(pilot, MID)
        await confirm(pilot)
        await run_to_summary(pilot, STRONG)
        await confirm(pilot)
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
