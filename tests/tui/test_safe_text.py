"""Any text is safe: shown literally, stored byte for byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.document._document import Document

from interviewbot import store
from interviewbot.tui.screens import ChatScreen
from interviewbot.tui.text import drawable, plain
from interviewbot.tui.widgets import AnswerBox, Bubble
from interviewbot.tui.widgets.answer_box import hold, release

from .helpers import make_app, screen_text

NASTY = (
    "[bold]not bold[/] [/] [link=https://example.com]link[/link] [red on blue] "
    "\x1b[31mred?\x1b[0m \x1b]8;;http://x\x07osc\x1b]8;;\x07 bell\x07 back\bspace "
    "😀👍🏽 שלום עולם مرحبا \u202eevil\u202c\r\nwindows line\rold mac\x0bvt\x0cff\u2028ls "
    "tab\there \x00nul \x9bcsi \\[escaped\\]"
)
# a terminal sends a line end in a paste as CR or CRLF: the box keeps it as "\n"; every other
# character (escape sequences included) is kept as it is
PASTED = NASTY.replace("\r\n", "\n").replace("\r", "\n")


def stored_answers(path, iid):
    db = store.open_db(path)
    try:
        return [e.payload["text"] for e in store.events(db, iid) if e.type == "answered"]
    finally:
        db.close()


async def paste(pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#answer", AnswerBox)
    box.focus()
    box.post_message(events.Paste(text))
    await pilot.pause()


async def test_markup_and_escapes_shown_literally_and_stored_exactly(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(
        path, bank, interview_id="iv-t", respondent="[bold]R[/]", organisation="\x1b[2JOrg [link=x]"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await paste(pilot, NASTY)
        box = app.screen.query_one("#answer", AnswerBox)
        assert box.value == PASTED
        assert "\x1b" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        bubble = [b for b in app.screen.query(Bubble) if b.kind == "user"][-1]
        assert bubble.raw == PASTED
        shown = str(bubble.render())
        assert "[bold]not bold[/] [/] [link=https://example.com]link[/link]" in shown
        assert "[31mred?[0m" in shown
        assert "😀👍🏽 שלום עולם" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
        text = screen_text(app)
        assert "[bold]not bold[/]" in text
        assert "\x1b" not in text
    assert stored_answers(path, "iv-t") == [PASTED]


async def test_ten_thousand_character_paste(tmp_path, bank):
    path = tmp_path / "iv.db"
    big = ("[b]" + "x" * 97 + "\n") * 100
    assert len(big) == 10_100
    app = make_app(path, bank, interview_id="iv-big")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await paste(pilot, big)
        assert app.screen.query_one("#answer", AnswerBox).value == big
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.prompt.id == "slm.2"
        assert "What do you incorporate in SLA" in screen_text(app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "What do you incorporate in SLA" in screen_text(app)
    assert stored_answers(path, "iv-big") == [big]


async def test_multiline_typing_with_ctrl_j(tmp_path, bank):
    path = tmp_path / "iv.db"
    app = make_app(path, bank, interview_id="iv-ml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"line one", "ctrl+j", *"[i]two", "enter")
        await pilot.pause()
    assert stored_answers(path, "iv-ml") == ["line one\n[i]two"]


def test_plain_never_parses_markup():
    t = plain("[bold]x[/] \x1b[1m")
    assert t.plain == "[bold]x[/] [1m"
    assert not t.spans
    assert drawable("a\tb\u202ec") == "a    bc"


@given(st.text())
def test_hold_and_release_round_trip(s):
    s = "".join(ch for ch in s if not 0x100000 <= ord(ch) <= 0x10206F)
    held = hold(s)
    assert release(held) == s
    # the TextArea's document keeps the held text exactly
    assert Document(held).text == held
