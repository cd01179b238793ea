"""Progress: process i of n, question j of m, and a bar over the whole plan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ..session import Progress


def describe(p: Progress) -> str:
    if p.stage == "finished":
        return "Interview complete"
    where = f"Process {p.process_index}/{p.process_count}: {p.process_name}"
    if p.stage == "question":
        return f"{where} · question {p.question_index}/{p.question_count}"
    if p.stage == "probe":
        return f"{where} · follow-up"
    if p.stage == "confirm":
        return f"{where} · summary"
    return f"{where} · {p.stage}"


class ProgressHeader(Horizontal):
    _shown: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="progress-label", markup=False)
        yield ProgressBar(id="progress-bar", show_eta=False, show_percentage=True)

    def show(self, p: Progress) -> None:
        if p == self._shown:
            return
        self._shown = p
        self.query_one("#progress-label", Static).update(Text(describe(p), no_wrap=True,
                                                               overflow="ellipsis"))
        self.query_one("#progress-bar", ProgressBar).update(total=max(p.total, 1),
                                                             progress=p.done)
