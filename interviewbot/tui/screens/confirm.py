"""A small yes/no question before an action that cannot be taken back in one key (F5)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Enter or Y confirms, Esc or N cancels; the result is True only when confirmed."""

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", id="confirm.yes"),
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
                Text("Enter or Y: yes · Esc or N: no, go back", style="dim"),
                markup=False,
                id="confirm-hint",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_paste(self, event) -> None:  # a paste never answers a yes/no question
        event.stop()
