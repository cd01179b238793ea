"""Progress: process i of n, question j of m, and a bar over the whole plan."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ..session import Progress


def parts(p: Progress) -> tuple[str, str, str]:
    """(before the process name, the name, after it): the name is what gives way when short."""
    if p.stage == "finished":
        return "Interview complete", "", ""
    head = f"Process {p.process_index}/{p.process_count}: "
    if p.stage == "question":
        return head, p.process_name, f" · question {p.question_index}/{p.question_count}"
    stage = {"probe": "follow-up", "confirm": "summary"}.get(p.stage, p.stage)
    return head, p.process_name, f" · {stage}"


def describe(p: Progress) -> str:
    return "".join(parts(p))


class Fitted:
    """The progress line on one row: when it is too long, the process name is shortened
    ("IT Service Continuity Ma… · question 1/2"), never the question number."""

    def __init__(self, head: str, name: str, tail: str) -> None:
        self.head, self.name, self.tail = head, name, tail

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        name = self.name
        room = width - cell_len(self.head) - cell_len(self.tail)
        if cell_len(name) > room:
            name = set_cell_size(name, max(room - 1, 0)).rstrip() + "…" if room > 1 else ""
        yield Text(self.head + name + self.tail, no_wrap=True, overflow="ellipsis", end="")


class ProgressHeader(Horizontal):
    _shown: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="progress-label", markup=False)
        yield ProgressBar(id="progress-bar", show_eta=False, show_percentage=True)

    def show(self, p: Progress) -> None:
        if p == self._shown:
            return
        self._shown = p
        self.query_one("#progress-label", Static).update(Fitted(*parts(p)))
        self.query_one("#progress-bar", ProgressBar).update(total=max(p.total, 1), progress=p.done)
