"""User text made safe to print, one character for one character.

What a respondent typed is stored exactly; what is *printed* must not drive the terminal (escape
sequences clearing the screen, bidi overrides reordering a line). Control characters become
visible stand-ins of the same length, so evidence spans still point at the right words."""

from __future__ import annotations

import re

_C0 = re.compile(r"[\x00-\x08\x0b-\x1f]")
_OTHER = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(s: str | None) -> str:
    """C0 controls as their Control Pictures (ESC -> U+241B), DEL, C1 and bidi overrides as
    U+FFFD; newline and tab are kept."""
    if not s:
        return s or ""
    s = _C0.sub(lambda m: chr(0x2400 + ord(m.group())), s)
    return _OTHER.sub("\ufffd", s)
