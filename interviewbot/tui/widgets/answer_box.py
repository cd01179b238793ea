"""The answer box: a multi-line TextArea where Enter sends and Ctrl+J inserts a new line.

A paste arrives whole. Characters that a TextArea document would not keep as they are (carriage
returns, form feeds, other line separators, escape and other control characters) are held as
stand-ins from the last private-use plane while editing and turned back on sending, so what is
stored is byte for byte what was pasted; they are drawn as a dim dot."""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

_BASE = 0x100000
# everything str.splitlines() splits on except "\n", plus the characters that are not drawn
_HELD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_STANDIN = re.compile(r"[\U00100000-\U0010206f]")


def hold(text: str) -> str:
    return _HELD.sub(lambda m: chr(_BASE + ord(m.group())), text)


def release(text: str) -> str:
    return _STANDIN.sub(lambda m: chr(ord(m.group()) - _BASE), text)


class AnswerBox(TextArea):
    """Enter sends, Ctrl+J inserts a new line; `value` is the exact text."""

    BINDINGS = [
        Binding("enter", "send", "Send", id="answer.send"),
        Binding("ctrl+j", "newline", "New line", id="answer.newline"),
    ]

    class Submitted(Message):
        def __init__(self, box: AnswerBox, value: str) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> AnswerBox:
            return self.box

    def __init__(self, *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder,
        )

    @property
    def value(self) -> str:
        return release(self.text)

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(hold(text))
        self.move_cursor(self.document.end)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if _STANDIN.search(line.plain):
            shown = Text(end="", no_wrap=True)
            for part in re.split(f"({_STANDIN.pattern}+)", line.plain):
                if part and _STANDIN.match(part):
                    shown.append("·" * len(part), style="dim")
                else:
                    shown.append(part)
            return shown
        return line

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            self.action_send()
        elif event.key == "ctrl+j":
            event.prevent_default()
            event.stop()
            self.action_newline()

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        self.paste(event.text)

    def paste(self, text: str) -> None:
        """Insert a paste whole at the cursor: never sent, never split. Terminals send a line
        end as CR or CRLF: those become "\n"; everything else is kept character for character
        (escape sequences included), held as stand-ins while editing."""
        if self.read_only:
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if result := self._replace_via_keyboard(hold(text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    def action_send(self) -> None:
        """Take the answer and empty the box at once, before any later key is handled: keys
        typed ahead while the answer is being stored belong to the next answer."""
        value = self.value
        if value.strip():
            self.clear()
        self.post_message(self.Submitted(self, value))

    def give_back(self, text: str) -> None:
        """Put a refused answer back in the box (after any given back before it, in the order
        they were sent), so nothing typed is lost."""
        before = self.value
        self.value = (before + "\n" if before.strip() else "") + text

    def action_newline(self) -> None:
        self.insert("\n")
