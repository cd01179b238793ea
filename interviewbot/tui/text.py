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


def quote(text: str, spans: list[tuple[int, int, str]], *, width: int = 70) -> Text:
    """An excerpt of an answer with the evidence spans [(start, end, style)] highlighted.

    A short answer is quoted whole; a long one around its first span. Spans are offsets into the
    stored text; cleaning is done piece by piece so the highlight stays on the right words."""
    spans = sorted((max(0, min(a, len(text))), max(0, min(b, len(text))), st) for a, b, st in spans)
    if not spans:
        return Text("“" + drawable(text).replace("\n", " ") + "”")
    left, right = 0, len(text)
    if len(text) > width:
        first_start, first_end = spans[0][0], spans[0][1]
        room = max(10, width - (first_end - first_start))
        left = max(0, first_start - room // 3)
        right = min(len(text), max(first_end, left + width))
        if left > 0:
            sp = text.find(" ", left, first_start)
            left = sp + 1 if sp != -1 else left
        if right < len(text):
            sp = text.rfind(" ", first_end, right)
            right = sp if sp != -1 else right
    out = Text()
    out.append("“" + ("…" if left > 0 else ""))
    pos = left
    for a, b, st in spans:
        a, b = max(a, pos), min(b, right)
        if a >= b:
            continue
        out.append(drawable(text[pos:a]).replace("\n", " "))
        out.append(drawable(text[a:b]).replace("\n", " "), style=st)
        pos = b
    out.append(drawable(text[pos:right]).replace("\n", " "))
    out.append(("…" if right < len(text) else "") + "”")
    return out
