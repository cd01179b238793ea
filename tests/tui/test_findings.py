"""What a new-user tester found driving the interview in tmux: typing ahead, pastes, F4/F5,
wording, and starting without a terminal."""

from __future__ import annotations

from textual import events

from interviewbot import store
from interviewbot.tui.screens import ChatScreen, SummaryScreen
from interviewbot.tui.widgets import AnswerBox

from .helpers import answer, make_app, run_to_summary, screen_text


def stored(path, iid, types=("answered", "probe_answered")):
    db = store.open_db(path)
    try:
        return [
            (e.payload.get("prompt"), e.payload.get("text"))
            for e in store.events(db, iid)
            if e.type in types
        ]
    finally:
        db.close()


def burst(app, *parts: str) -> None:
    """Keys arriving in one read from the terminal: all queued before any is handled."""
    for part in parts:
        if part == "enter":
            app.post_message(events.Key("enter", "\r"))
        else:
            for ch in part:
                app.post_message(events.Key(ch if ch != " " else "space", ch))


async def test_typing_ahead_keeps_each_answer_to_itself(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-burst")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(
            app, "answer one about the SLA", "enter", "answer two", "enter", "answer three", "enter"
        )
        for _ in range(10):
            await pilot.pause()
        assert app.session.prompt.id == "slm.4"
        assert app.screen.query_one("#answer", AnswerBox).value == ""
    assert stored(path, "iv-burst") == [
        ("slm.1", "answer one about the SLA"),
        ("slm.2", "answer two"),
        ("slm.3", "answer three"),
    ]


async def test_a_paste_arrives_whole_and_is_never_sent(tmp_path, bank):
    path = tmp_path / "iv.db"
    lines = [f"line {i} [b]kept[/b] \x1b[31mred\x1b[0m words" for i in range(120)]
    app = make_app(path, bank, interview_id="iv-paste", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste("\r\n".join(lines[:60]) + "\r" + "\r".join(lines[60:])))
        await pilot.pause()
        box = app.screen.query_one("#answer", AnswerBox)
        assert box.value == "\n".join(lines)
        assert app.session.prompt.id == "capacity.1"  # nothing answered by the paste
        # the box has lost the focus: a paste still lands in it, whole
        app.screen.set_focus(None)
        await pilot.pause()
        app.post_message(events.Paste("\r\nand one more\r\n"))
        await pilot.pause()
        assert box.value == "\n".join(lines) + "\nand one more\n"
        assert app.session.prompt.id == "capacity.1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.prompt.id == "capacity.2"
    assert stored(path, "iv-paste") == [("capacity.1", "\n".join(lines) + "\nand one more\n")]


async def test_a_paste_on_the_summary_confirms_nothing(tmp_path, bank):
    from .helpers import run_to_summary

    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-ps", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot, "Yes.")
        app.post_message(events.Paste("one\r\ntwo\r\n" * 60))
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    db = store.open_db(path)
    assert "confirmed" not in [e.type for e in store.events(db, "iv-ps")]
    db.close()


async def test_process_not_applicable_asks_first(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-f5", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert app.session.prompt.id == "capacity.1"  # not yet: a question first
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert app.screen.question == "Mark the whole of Capacity Management as not applicable?"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.session.prompt.id == "capacity.1"
        assert app.screen.query_one("#answer", AnswerBox).has_focus
        await pilot.press("f5", "enter")
        await pilot.pause()
        assert app.session.state == "finished"
    db = store.open_db(path)
    assert [e.type for e in store.events(db, "iv-f5")].count("process_not_applicable") == 1
    db.close()


async def test_f4_is_not_offered_on_a_follow_up(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-f4", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "N/A" in screen_text(app)
        for _ in range(10):
            if app.session.prompt.kind == "probe":
                break
            await pilot.press(*"Yes.", "enter")
            await pilot.pause()
        assert app.session.prompt.kind == "probe"
        assert "F4" not in screen_text(app).splitlines()[-1]  # the footer does not offer it
        await pilot.press("f4")
        await pilot.pause()
        assert app.session.prompt.kind == "probe"
        app.interview_command("not_applicable")  # the command palette: refused, in words
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("follow-up" in m and "skipped" in m for m in said), said
        assert not any("probe" in m for m in said), said


async def test_question_label_never_leaves_a_lone_number_at_80_columns(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, processes="itscm,csi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "question 1/2" in screen_text(app).splitlines()[0]  # the header keeps it
        await answer(pilot, "We do a business impact analysis every year. " * 6)  # a scrollbar
        lines = screen_text(app).splitlines()
        assert "question 2/2" in lines[0]
        assert any("question 2 of 2" in line for line in lines), lines
        assert not any(line.rstrip(" ▎▌▐█┃│▁").endswith("question 2 of") for line in lines)
        for width in (79, 78, 77, 72):  # narrower: the heading breaks between its parts
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            shown = screen_text(app).splitlines()
            assert "question 2/2" in shown[0]
            lines = [line[23:].strip(" ▎▌▐█┃│▁") for line in shown]  # the conversation
            assert any(line.endswith("question 2 of 2") for line in lines), (width, lines)
            assert not any(line.endswith("question 2 of") or line == "2" for line in lines)


async def test_summary_keeps_each_source_on_its_quote_line(tmp_path, bank):
    from .helpers import FULL

    app = make_app(tmp_path / "iv.db", bank, processes="capacity")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await answer(
            pilot,
            "We plan capacity monthly and the capacity manager owns it; "
            "everyone is informed. " + FULL,
        )
        await answer(pilot, "Yes, we have a documented capacity plan reviewed each quarter.")
        for _ in range(6):
            if isinstance(app.screen, SummaryScreen):
                break
            await answer(pilot, FULL)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.pause()
        lines = [line.strip(" ▎▌▐█┃│▁▊") for line in screen_text(app).splitlines()]
        assert any(line.endswith("capacity.1") for line in lines), lines
        assert not any(line in ("capacity.1", "capacity.2", "follow-up") for line in lines), lines
        assert "Enter: yes, that is right" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "Enter: yes, that is right" not in text  # while adding, Enter adds
        assert "Enter: add these words" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Enter: yes, that is right" in screen_text(app)


async def test_setup_shows_ticked_and_unticked_processes_differently(tmp_path, bank):
    from interviewbot.tui.app import InterviewApp

    app = InterviewApp(str(tmp_path / "iv.db"), bank=bank, processes="slm")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("[x] Service Level Management" in line for line in lines), lines
        assert any("[ ] Capacity Management" in line for line in lines), lines


def test_interview_without_a_terminal_refuses(tmp_path):
    from click.testing import CliRunner

    from interviewbot.cli import cli

    r = CliRunner().invoke(cli, ["interview", "--db", str(tmp_path / "iv.db")], input="hello\n")
    assert r.exit_code == 2
    assert "the interview needs a terminal" in r.output
    assert "interviewbot replay" in r.output


def test_resume_needs_an_existing_database(tmp_path, monkeypatch):
    from interviewbot.tui import app as tui_app

    def no_display(self):  # nothing may open the full-screen display
        raise AssertionError("the app was started")

    monkeypatch.setattr(tui_app.InterviewApp, "run", no_display)
    missing = tmp_path / "nowhere.db"
    assert tui_app.run(str(missing), resume="", terminal=lambda: True) == 2
    assert not missing.exists()  # no empty database made
    assert tui_app.run(str(tmp_path / "x.db"), bank_spec="no-such-bank", terminal=lambda: True) == 2
    db = store.open_db(tmp_path / "x.db")
    db.close()
    assert tui_app.run(str(tmp_path / "x.db"), resume="iv-none", terminal=lambda: True) == 2


def test_refusals_are_printed_first(tmp_path, capsys):
    from interviewbot.tui import app as tui_app

    assert tui_app.run(str(tmp_path / "nowhere.db"), resume="", terminal=lambda: True) == 2
    assert "there is no database at" in capsys.readouterr().err
    assert (
        tui_app.run(str(tmp_path / "x.db"), bank_spec="no-such-bank", terminal=lambda: False) == 2
    )
    assert "bank error" in capsys.readouterr().err


async def test_answers_typed_past_the_last_question_are_kept_not_confirmed(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-over", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, *[x for n in range(8) for x in (f"Yes {n}.", "enter")])
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        taken = stored(path, "iv-over")
        assert [t for _, t in taken] == [f"Yes {n}." for n in range(len(taken))]
        chat = app.screen_stack[-2]
        assert isinstance(chat, ChatScreen)
        left = chat.query_one("#answer", AnswerBox).value  # the rest, back in the box
        assert left == "\n".join(f"Yes {n}." for n in range(len(taken), 8))
    db = store.open_db(path)
    assert "confirmed" not in [e.type for e in store.events(db, "iv-over")]
    db.close()


def test_escape_bytes_inside_a_terminal_paste_stay_text():
    from textual._xterm_parser import XTermParser

    from interviewbot.tui.paste_guard import install
    from interviewbot.tui.widgets.answer_box import release

    install()
    parser = XTermParser()
    raw = "\x1b[200~one \x1b[31mred\x1b[0m\r\ntwo\x1b"
    tokens = list(parser.feed(raw)) + list(parser.feed("[201~"))
    pastes = [t for t in tokens if isinstance(t, events.Paste)]
    keys = [t for t in tokens if isinstance(t, events.Key)]
    assert keys == [] and len(pastes) == 1
    assert release(pastes[0].text) == "one \x1b[31mred\x1b[0m\r\ntwo"


async def test_keys_typed_ahead_of_the_summary_do_not_confirm_it(tmp_path, bank):
    path = tmp_path / "iv.db"
    # a long settle, so a slow machine cannot outlast it; the test then lets it pass
    app = make_app(path, bank, interview_id="iv-ahead", processes="capacity", settle=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot)
        burst(app, "enter", "a")  # typed while the last answer was being sent
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.adding
        assert "typed before the summary appeared" in " ".join(
            str(n.message) for n in app._notifications
        )
        app.screen.settled_at = 0.0  # the respondent has read it; now Enter confirms
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    db = store.open_db(path)
    assert [e.type for e in store.events(db, "iv-ahead")].count("confirmed") == 1
    db.close()


async def test_typing_after_a_slip_onto_f5_marks_nothing_not_applicable(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-slip", processes="capacity", settle=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5", "enter")  # F5 by mistake, then Enter to send the answer
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"  # the early Enter is not a yes
        await pilot.press("y", "e", "s")  # ... and the respondent types on
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.session.prompt.id == "capacity.1"
    db = store.open_db(path)
    assert "process_not_applicable" not in [e.type for e in store.events(db, "iv-slip")]
    db.close()


async def test_an_answer_over_the_limit_is_given_back_not_taken(tmp_path, bank):
    from interviewbot.recording import MAX_TEXT

    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-long", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "x" * (MAX_TEXT + 1))
        assert app.session.prompt.id == "capacity.1"
        assert len(app.screen.query_one("#answer", AnswerBox).value) == MAX_TEXT + 1
    db = store.open_db(path)
    assert "answered" not in [e.type for e in store.events(db, "iv-long")]
    db.close()


async def test_ctrl_q_says_how_to_come_back(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-q2", processes="capacity")
    said: list[str] = []
    leave = app.exit
    app.exit = lambda *a, message=None, **k: (said.append(str(message)), leave(*a, **k))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert said and "Left the interview" in said[0] and "--resume iv-q2" in said[0]


async def test_the_conversation_scrolls_from_the_keyboard(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-scroll", processes="slm")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n in range(4):
            await answer(pilot, "\n".join(f"line {k} of answer {n}" for k in range(12)))
        log = app.screen.query_one("#conversation")
        bottom = log.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < bottom
        await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y > bottom - 1 or log.scroll_y == log.max_scroll_y


async def test_results_show_whole_process_names_when_there_is_room(tmp_path, bank):
    from .helpers import STRONG, confirm, on_results

    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-wide", processes="slm")
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot, STRONG)
        await confirm(pilot)
        await pilot.pause()
        assert on_results(app)
        shown = screen_text(app)
        assert "Service Level Management" in shown and "Service Level Man…" not in shown


async def test_a_dimmed_key_says_why_it_does_nothing(tmp_path, bank):
    app = make_app(tmp_path / "iv.db", bank, interview_id="iv-dim", processes="capacity")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")  # the first question of the process: nothing before it
        await pilot.pause()
        said = " ".join(str(n.message) for n in app._notifications)
        assert "no earlier question" in said
        assert app.session.prompt.id == "capacity.1"
