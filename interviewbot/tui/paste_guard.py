"""Keep ESC bytes inside a bracketed paste as text.

Textual's xterm parser (8.x) reads an ESC inside a bracketed paste as the start of a key
sequence: the sequence turns into key presses (`^[31m`) and a line end after it can act as
Enter. This filter sits in front of the parser: between the paste markers it replaces each ESC
with the answer box's stand-in for ESC, which the box turns back into ESC when the answer is
sent, so the pasted bytes are stored as they were."""

from __future__ import annotations

from collections.abc import Iterable

START, END = "\x1b[200~", "\x1b[201~"
ESC_STANDIN = chr(0x100000 + 0x1B)  # answer_box.hold("\x1b")


class PasteGuard:
    def __init__(self) -> None:
        self.in_paste = False
        self.carry = ""

    def filter(self, data: str) -> str:
        data, self.carry = self.carry + data, ""
        out: list[str] = []
        i = 0
        while i < len(data):
            if data.startswith(START, i):
                out.append(START)
                self.in_paste = True
                i += len(START)
                continue
            if data.startswith(END, i):
                out.append(END)
                self.in_paste = False
                i += len(END)
                continue
            ch = data[i]
            if ch == "\x1b" and self.in_paste:
                rest = data[i:]
                if len(rest) < len(END) and END.startswith(rest):
                    self.carry = rest  # the end marker may be split across two reads
                    break
                ch = ESC_STANDIN
            out.append(ch)
            i += 1
        return "".join(out)


def install() -> None:
    """Put a PasteGuard in front of every XTermParser of this process (the interview only)."""
    from textual._xterm_parser import XTermParser

    if getattr(XTermParser, "_interviewbot_guarded", False):
        return
    feed = XTermParser.feed

    def guarded_feed(self: XTermParser, data: str) -> Iterable:
        guard = self.__dict__.setdefault("_paste_guard", PasteGuard())
        return feed(self, guard.filter(data))

    XTermParser.feed = guarded_feed  # type: ignore[method-assign]
    XTermParser._interviewbot_guarded = True  # type: ignore[attr-defined]
