"""User text on screen: always plain `rich.text.Text`, never markup.

What a respondent typed is stored exactly as typed; only what is *drawn* is cleaned: control
characters (escape sequences' ESC, bells, carriage returns, C1 codes) and bidirectional override
marks are not drawn, tabs become spaces. Square brackets, emoji and right-to-left letters are
shown as they are."""

from __future__ import annotations

import re

from rich.text import Text

# C0 except \n, DEL, C1, and the bidi embedding/override/isolate marks.
_NOT_DRAWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def drawable(s: str) -> str:
    """The text as it is drawn: control characters removed, tabs as four spaces."""
    return _NOT_DRAWN.sub("", s.replace("\t", "    "))


def plain(s: str, style: str = "") -> Text:
    """User or bank text as a Rich `Text` that is never parsed for markup."""
    return Text(drawable(s), style=style)


def quote(text: str, start: int, end: int, *, width: int = 70, style: str = "bold reverse") -> Text:
    """A short excerpt of an answer around [start, end), the span highlighted.

    Spans are offsets into the stored text; cleaning is done per piece so the highlight stays on
    the right words."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    room = max(10, width - (end - start))
    left = max(0, start - room // 2)
    right = min(len(text), end + room // 2)
    # prefer to cut at a space
    if left > 0:
        sp = text.find(" ", left, start)
        left = sp + 1 if sp != -1 else left
    if right < len(text):
        sp = text.rfind(" ", end, right)
        right = sp if sp != -1 else right
    out = Text()
    out.append("“" + ("…" if left > 0 else ""))
    out.append(drawable(text[left:start]).replace("\n", " "))
    out.append(drawable(text[start:end]).replace("\n", " "), style=style)
    out.append(drawable(text[end:right]).replace("\n", " "))
    out.append(("…" if right < len(text) else "") + "”")
    return out
