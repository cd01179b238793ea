"""A whole interview through the Textual app, driven by Pilot."""

from __future__ import annotations

from interviewbot import store
from interviewbot.core.assess import assess, fold
from interviewbot.tui.screens import ChatScreen

from .helpers import FULL, answer, confirm, make_app, on_results, run_to_summary, screen_text


async def test_full_interview_of_two_processes(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-full")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert "What is your main documentation for SLM?" in screen_text(app)
        assert "Process 1/2" in screen_text(app)
        await run_to_summary(pilot)
        text = screen_text(app)
        assert "Here is what I understood: Service Level Management" in text
        assert "Responsibility" in text
        await confirm(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert "Process 2/2: Capacity Management" in screen_text(app)
        await run_to_summary(pilot)
        await confirm(pilot)
        assert on_results(app)
        text = screen_text(app)
        assert "Table 2" in text and "Overall" in text
    db = store.open_db(tmp_path / "iv.db")
    evs = store.events(db, "iv-full")
    assert evs[0].type == "started" and evs[-1].type == "finished"
    assert store.interview(db, "iv-full")["status"] == "finished"
    tr = fold(evs)
    assert tr.confirmed == {"slm", "capacity"}
    a = assess(bank, tr)
    assert a.processes["slm"].criteria["responsibility"].rating != "unassessed"
    answers = [e for e in evs if e.type == "answered"]
    assert [e.payload["prompt"] for e in answers] == [
        "slm.1",
        "slm.2",
        "slm.3",
        "slm.4",
        "slm.5",
        "capacity.1",
        "capacity.2",
    ]
    assert all(e.payload["text"] == FULL for e in answers)


async def test_probe_comes_from_the_engine(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "Yes.")
        await answer(pilot, "Yes.")
        assert isinstance(app.screen, ChatScreen)
        p = app.session.prompt
        assert p.kind == "probe"
        assert bank.process("capacity").followups[p.criterion][:30] in screen_text(app)
        assert "follow-up" in screen_text(app)


async def test_each_answer_is_committed_before_the_next_question_is_drawn(tmp_path, bank):
    """Read the database from another connection at the moment each question is painted."""
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-c", processes="capacity")
    seen: list[tuple[str, int]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        painted = screen._painted

        def check() -> None:
            other = store.open_db(path)
            try:
                n = sum(
                    1
                    for e in store.events(other, "iv-c")
                    if e.type in ("answered", "probe_answered")
                )
            finally:
                other.close()
            seen.append((app.session.prompt.id, n))
            painted()

        screen._painted = check
        for i in range(3):
            await answer(pilot, f"answer {i}")
    assert len(seen) == 3 and seen[0] == ("capacity.2", 1)
    assert [n for _, n in seen] == [1, 2, 3]  # every answer on disk when the next was drawn
