"""A message of the conversation, drawn as plain Rich `Text` (never markup)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import Static

from ..text import drawable

WHO = {"agent": "Interviewer", "user": "You", "note": ""}
SEP = " · "


class Head:
    """A bubble's heading ("Service Level Management · question 1 of 2"): on one line when it
    fits; otherwise each part on a line of its own, never broken inside a part (no lone "2")."""

    def __init__(self, parts: list[str], style: str) -> None:
        self.parts = [drawable(p) for p in parts if p]
        self.style = style

    @property
    def plain(self) -> str:
        return SEP.join(self.parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [self.plain] if cell_len(self.plain) <= options.max_width else self.parts
        for line in lines:
            yield Text(line, style=self.style, no_wrap=True, overflow="ellipsis")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(max(map(cell_len, self.parts), default=0), cell_len(self.plain))

    def __str__(self) -> str:
        return self.plain


class Bubble(Static):
    """One message: the interviewer's question, the respondent's answer, or a short note."""

    def __init__(self, kind: str, text: str, label: str = "") -> None:
        super().__init__(
            self.render_text(kind, text, label), markup=False, classes=f"bubble {kind}"
        )
        self.kind = kind
        self.raw = text

    @staticmethod
    def render_text(kind: str, text: str, label: str) -> RenderableType:
        if kind == "agent" and label:
            return Group(Head(label.split(SEP), "bold"), Text(drawable(text)))
        out = Text()
        head = SEP.join(x for x in (WHO[kind], label) if x)
        if head:
            out.append(drawable(head) + "\n", style="bold" if kind != "note" else "dim")
        out.append(drawable(text), style="italic" if kind == "note" else "")
        return out
