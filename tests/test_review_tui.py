"""The review workbench driven with Pilot: override with and without a reason, accept, undo,
search, and user text shown literally."""

from __future__ import annotations

import pytest
from review_support import TRICKY_ANSWER, TRICKY_ID, paper_db
from textual.widgets import DataTable, Input, Select

from interviewbot import store
from interviewbot.tui.review import ReviewApp, ReviewScreen, SearchScreen
from interviewbot.tui.review.app import PickScreen
from interviewbot.tui.review.dialogs import DecisionDialog

SIZE = (160, 48)


@pytest.fixture
def paper(tmp_path_factory, tmp_path):
    return paper_db(tmp_path_factory, tmp_path)


def _events(path, iid):
    db = store.open_db(path)
    try:
        return store.events(db, iid)
    finally:
        db.close()


def _verified(path):
    db = store.open_db(path)
    try:
        return not store.verify(db)[2]
    finally:
        db.close()


async def _until(pilot, cond, tries: int = 100) -> None:
    """Let the app process messages until cond() holds (a click's Pressed message may take
    more than one pause)."""
    for _ in range(tries):
        if cond():
            return
        await pilot.pause(0.02)
    assert cond()


async def _select(pilot, screen: ReviewScreen, process: str, criterion: str) -> None:
    t = screen.query_one("#ratings", DataTable)
    t.move_cursor(row=t.get_row_index(f"{process}:{criterion}"))
    await pilot.pause()
    assert screen.selected == (process, criterion)


async def test_override_needs_a_reason_then_records_an_event(paper):
    path, iid = paper
    n = len(_events(path, iid))
    app = ReviewApp(str(path), iid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "Our main documentation for SLM is SLA" in screen.transcript_text.plain
        await _select(pilot, screen, "slm", "plans_procedures")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        dialog.query_one("#rating", Select).value = "satisfied"
        dialog.query_one("#reviewer", Input).value = "C. Onsultant"
        await pilot.click("#save")  # no reason yet
        await _until(pilot, lambda: "needs a reason" in dialog.error)
        assert app.screen is dialog
        assert len(_events(path, iid)) == n  # nothing written
        dialog.query_one("#reason", Input).value = "SLAs [and] a catalogue exist"
        # a Button ignores clicks while it still shows the last one (~0.2 s)
        await _until(pilot, lambda: not dialog.query_one("#save").has_class("-active"))
        await pilot.click("#save")
        await _until(pilot, lambda: app.screen is screen)
        cr = screen.lo.assessment.processes["slm"].criteria["plans_procedures"]
        assert (cr.rating, cr.source) == ("satisfied", "review")
        assert "SLAs [and] a catalogue exist" in screen.detail_text.plain
        assert app.reviewer == "C. Onsultant"
    evs = _events(path, iid)
    assert len(evs) == n + 1 and evs[-1].type == "reviewed"
    assert evs[-1].payload["reason"] == "SLAs [and] a catalogue exist"
    assert _verified(path)


async def test_accept_and_undo_own_decisions(paper):
    path, iid = paper
    app = ReviewApp(str(path), iid, reviewer="C. Onsultant")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await _select(pilot, screen, "capacity", "responsibility")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"owner named in the answer")  # the reason field has focus
        await pilot.press("enter")
        await pilot.pause()
        assert (
            screen.lo.assessment.processes["capacity"].criteria["responsibility"].source == "review"
        )
        await _select(pilot, screen, "slm", "responsibility")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # reason optional, reviewer known
        await pilot.pause()
        assert (
            screen.lo.assessment.processes["slm"].criteria["responsibility"].review["action"]
            == "accept"
        )
        # undo twice: the accept, then the override
        for what in ("slm R accept", "capacity R override to partially"):
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, DecisionDialog)
            assert what in app.screen.heading.plain
            await pilot.press("enter")
            await pilot.pause()
        assert (
            screen.lo.assessment.processes["capacity"].criteria["responsibility"].source == "rubric"
        )
        assert not screen.lo.transcript.reviews
        # nothing left: the dialog says so and stays open
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog) and "no review decision" in app.screen.error
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    types = [e.type for e in _events(path, iid)[-4:]]
    assert types == ["reviewed", "reviewed", "review_undone", "review_undone"]
    assert _verified(path)


async def test_someone_else_cannot_undo_my_decision(paper):
    path, iid = paper
    app = ReviewApp(str(path), iid, reviewer="C. Onsultant")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#reviewer", Input).value = "Someone Else"
        await pilot.click("#save")
        await _until(pilot, lambda: "Someone Else has no review decision to undo" in dialog.error)
    assert _events(path, iid)[-1].type == "reviewed"


async def test_search_across_transcripts_opens_the_interview(paper):
    path, iid = paper
    app = ReviewApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        assert app.screen.query_one(DataTable).row_count == 2
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"OLA", "enter")
        await pilot.pause()
        assert [(h["interview_id"], h["prompt"]) for h in search.hits] == [(iid, "slm.4")]
        search.query_one("#query", Input).value = "report*"
        await pilot.press("enter")  # hits table has focus: opens the first hit
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen
        search.query_one("#query", Input).focus()
        search.query_one("#query", Input).value = "CMDB"
        await pilot.press("enter")
        await pilot.pause()
        assert {h["prompt"] for h in search.hits} == {"configuration.1"}
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.interview_id == iid
        assert screen.selected[0] == "configuration"
        assert "there is no CMDB" in screen.transcript_text.plain


async def test_pick_screen_opens_an_interview_and_user_text_stays_literal(paper):
    path, _ = paper
    app = ReviewApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = app.screen.query_one(DataTable)
        t.move_cursor(row=t.get_row_index(TRICKY_ID))
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.interview_id == TRICKY_ID
        assert TRICKY_ANSWER in screen.transcript_text.plain
        title = str(screen.query_one("#title").render())
        assert "Eve [red]Owner[/red]" in title and "ACME <b>&</b> Co" in title
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
