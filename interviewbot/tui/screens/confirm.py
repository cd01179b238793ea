"""A small yes/no question before an action that cannot be taken back in one key (F5)."""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Enter confirms, Esc or N cancels; the result is True only when confirmed.

    No letter confirms: a respondent who pressed F5 by mistake goes on typing an answer ("yes, we
    monitor..."), and that must not mark a process not applicable. Typing closes the question
    unanswered, and an Enter in the first half second (the answer being sent) is not a yes."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question, style="bold"), markup=False)
            if self.detail:
                yield Static(Text(self.detail), markup=False)
            yield Static(
                Text("Enter: yes · Esc or N: no, go back", style="dim"),
                markup=False,
                id="confirm-hint",
            )

    def on_mount(self) -> None:
        self.settled_at = monotonic() + getattr(self.app, "settle", 0.0)

    def action_answer(self, yes: bool) -> None:
        if yes and monotonic() < self.settled_at:
            return
        self.dismiss(yes)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character not in ("n", "N"):
            event.stop()
            self.notify("Nothing was changed: typing closed the question.", markup=False)
            self.dismiss(False)

    def on_paste(self, event) -> None:  # a paste never answers a yes/no question
        event.stop()
