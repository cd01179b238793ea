"""A message of the conversation, drawn as plain Rich `Text` (never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..text import drawable

WHO = {"agent": "Interviewer", "user": "You", "note": ""}


class Bubble(Static):
    """One message: the interviewer's question, the respondent's answer, or a short note."""

    def __init__(self, kind: str, text: str, label: str = "") -> None:
        super().__init__(self.render_text(kind, text, label), markup=False,
                         classes=f"bubble {kind}")
        self.kind = kind
        self.raw = text

    @staticmethod
    def render_text(kind: str, text: str, label: str) -> Text:
        out = Text()
        head = label if kind == "agent" and label else " · ".join(
            x for x in (WHO[kind], label) if x)
        if head:
            out.append(drawable(head) + "\n", style="bold" if kind != "note" else "dim")
        out.append(drawable(text), style="italic" if kind == "note" else "")
        return out
