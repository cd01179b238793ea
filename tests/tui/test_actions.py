"""Skip, back, not applicable, amend, pause/resume, the setup screen and the command palette."""

from __future__ import annotations

from interviewbot import store
from interviewbot.core.assess import fold
from interviewbot.tui.app import InterviewApp
from interviewbot.tui.screens import ChatScreen, SetupScreen, SummaryScreen
from interviewbot.tui.session import latest_unfinished
from interviewbot.tui.widgets import AnswerBox

from .helpers import FULL, answer, confirm, make_app, on_results, run_to_summary, screen_text


def types(db_path, iid):
    db = store.open_db(db_path)
    try:
        return [(e.type, dict(e.payload)) for e in store.events(db, iid)]
    finally:
        db.close()


async def test_skip_back_and_not_applicable(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-a", processes="slm,capacity,itscm")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "first words")
        await pilot.press("f2")  # skip slm.2
        await pilot.pause()
        assert app.session.prompt.id == "slm.3"
        assert "Skipped." in screen_text(app)
        await pilot.press("f4")  # slm.3 not applicable
        await pilot.pause()
        assert app.session.prompt.id == "slm.4"
        await pilot.press("f3")  # back to slm.3
        await pilot.pause()
        assert app.session.prompt.id == "slm.3"
        assert "Back to question slm.3" in screen_text(app)
        assert app.screen.query_one("#answer", AnswerBox).value == ""  # it was not applicable
        await answer(pilot, "second thoughts about slm.3")
        assert app.session.prompt.id == "slm.4"
        await pilot.press("f5")  # the whole of slm does not apply
        await pilot.pause()
        await pilot.press("enter")  # yes, it does not apply
        await pilot.pause()
        assert app.session.prompt.id == "capacity.1"
        assert "(n/a)" in screen_text(app)
        await run_to_summary(pilot)
        await confirm(pilot)
        assert app.session.prompt.process == "itscm"
        await pilot.press("f5", "enter")
        await pilot.pause()
        assert on_results(app)
        assert "not applicable" in screen_text(app)
    evs = types(path, "iv-a")
    kinds = [t for t, _ in evs]
    assert kinds[:8] == [
        "started",
        "answered",
        "skipped",
        "not_applicable",
        "went_back",
        "answered",
        "process_not_applicable",
        "answered",
    ]
    assert evs[2][1] == {"prompt": "slm.2"}
    assert evs[3][1] == {"prompt": "slm.3"}
    assert evs[4][1] == {"prompt": "slm.3"}
    assert kinds[-2:] == ["process_not_applicable", "finished"]
    tr = fold(store.events(store.open_db(path), "iv-a"))
    assert tr.process_na == {"slm", "itscm"}


async def test_back_offers_the_earlier_answer_to_edit(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-e")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "first [draft]")
        await pilot.press("f3")
        await pilot.pause()
        box = app.screen.query_one("#answer", AnswerBox)
        assert box.value == "first [draft]"
        await pilot.press("end", *" and more", "enter")
        await pilot.pause()
        assert app.session.prompt.id == "slm.2"
    evs = [(t, p.get("text")) for t, p in types(path, "iv-e") if t == "answered"]
    assert evs == [("answered", "first [draft]"), ("answered", "first [draft] and more")]


async def test_back_from_the_summary_also_offers_the_answer_to_edit(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-sb", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        asked = app.session.prompt.id
        assert app.screen.query_one("#answer", AnswerBox).value == app.session.answer_text(asked)


async def test_setup_asks_for_a_name_and_a_process(tmp_path, bank):
    app = InterviewApp(str(tmp_path / "iv.db"), bank=bank, settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert any("your name" in n.message for n in app._notifications)
        await pilot.press(*"Ann")
        app.screen.query_one("#processes-choice").deselect_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert any("at least one process" in n.message for n in app._notifications)


async def test_summary_add_to_an_answer(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-b", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot, "Yes.")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("a")
        await pilot.pause()
        box = app.screen.query_one("#add-text", AnswerBox)
        assert box.has_focus
        box.value = "The capacity manager is responsible [and] signs off."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "The capacity manager is responsible [and] signs off." in screen_text(app)
        await confirm(pilot)
        assert on_results(app)
    evs = types(path, "iv-b")
    amended = [p for t, p in evs if t == "amended"]
    assert amended == [
        {"prompt": "capacity.1", "text": "The capacity manager is responsible [and] signs off."}
    ]
    # the old words stay: the first answer event is still there
    assert [p["text"] for t, p in evs if t == "answered"][0] == "Yes."


async def test_pause_and_resume_across_two_runs(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-p")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "Answer one [bold]kept[/bold].")
        await answer(pilot, "Answer two.")
        await pilot.press("f8")
        await pilot.pause()
    assert app.return_value == "iv-p"
    assert types(path, "iv-p")[-1][0] == "paused"
    db = store.open_db(path)
    assert store.interview(db, "iv-p")["status"] == "paused"
    assert latest_unfinished(db) == "iv-p"
    db.close()

    app2 = InterviewApp(str(path), bank=bank, resume="", settle=0.0)  # latest unfinished
    async with app2.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, ChatScreen)
        assert app2.session.id == "iv-p"
        assert app2.session.prompt.id == "slm.3"
        text = screen_text(app2)
        assert "Welcome back" in text
        assert "Process 1/2: Service Level Management · question 3/5" in text
        await answer(pilot, "Answer three.")
        await run_to_summary(pilot)
        await confirm(pilot)
        await run_to_summary(pilot)
        await confirm(pilot)
        assert on_results(app2)
    kinds = [t for t, _ in types(path, "iv-p")]
    assert kinds[:5] == ["started", "answered", "answered", "paused", "resumed"]
    assert kinds[-1] == "finished"
    answers = [p for t, p in types(path, "iv-p") if t == "answered"]
    assert answers[0] == {"prompt": "slm.1", "text": "Answer one [bold]kept[/bold]."}


async def test_resume_by_id_prefix_and_nothing_to_resume(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = InterviewApp(str(path), bank=bank, resume="", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2

    app = make_app(path, bank, interview_id="iv-xyz123")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, FULL)
    app = InterviewApp(str(path), bank=bank, resume="iv-xyz", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.id == "iv-xyz123"
        assert app.session.prompt.id == "slm.2"


async def test_setup_screen_when_flags_are_missing(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = InterviewApp(str(path), bank=bank, respondent="Ann [i]", interview_id="iv-s", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.focused.id == "role"
        await pilot.press(*"Lead", "tab", *"Org", "tab")
        await pilot.pause()
        sel = app.screen.query_one("#processes-choice")
        sel.deselect_all()
        sel.select("capacity")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.session.interview.plan == ["capacity"]
    started = types(path, "iv-s")[0][1]
    assert started["respondent"] == {"name": "Ann [i]", "role": "Lead", "organisation": "Org"}
    assert started["processes"] == ["capacity"]


async def test_command_palette_skip(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Skip question")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.session.prompt.id == "slm.2"
        app.interview_command("toggle_theme")
        assert app.theme == "textual-light"
        app.interview_command("help")
        await pilot.pause()
        assert "Esc or F1 closes this help." in screen_text(app)
        rated = str(app.screen.query_one("#help-ratings").render())
        assert "3 Defined R and P/P satisfied too" in " ".join(rated.split())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_engine_refusal_is_a_notification(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")  # back on the first question: not offered (dimmed), nothing done
        await pilot.pause()
        assert app.session.prompt.id == "slm.1"
        await app.screen.action_back()  # taken anyway: the engine refuses, in plain words
        await pilot.pause()
        assert app.session.prompt.id == "slm.1"
        assert any("first question of the process" in n.message for n in app._notifications)
        await pilot.press("enter")  # an empty answer is not sent
        await pilot.pause()
        assert app.session.prompt.id == "slm.1"


async def test_quit_at_the_summary_resumes_at_the_summary(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-q", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot, FULL)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert types(path, "iv-q")[-1][0] == "answered"  # quitting writes nothing
    app = InterviewApp(str(path), bank=bank, resume="iv-q", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Here is what I understood: Capacity Management" in screen_text(app)
        await confirm(pilot)
        assert on_results(app)
    # a finished interview opened again shows its results and writes nothing more
    n = len(types(path, "iv-q"))
    app = InterviewApp(str(path), bank=bank, resume="iv-q", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert on_results(app)
    assert len(types(path, "iv-q")) == n


async def test_resume_with_a_changed_bank_warns(tmp_path, bank):
    import dataclasses

    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-bank")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, FULL)
    changed = dataclasses.replace(bank, hash="0" * 64)
    app = InterviewApp(str(path), bank=changed, resume="iv-bank", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.prompt.id == "slm.2"
        assert any("question bank has changed" in n.message for n in app._notifications)
