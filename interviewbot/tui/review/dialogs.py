"""The review decision dialog: override (rating, reason, reviewer), accept, undo.

User text only ever enters widgets as plain `Text` (or through Input values), never as markup."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...report import RATING_LABEL

# submit(rating, reason, reviewer) -> an error message, or None when the decision was recorded
Submit = Callable[[str | None, str, str], str | None]

RATING_CHOICES = [
    (RATING_LABEL[r], r) for r in ("not_satisfied", "partially", "largely", "satisfied")
]


class DecisionDialog(ModalScreen[bool]):
    """One review decision. Stays open, with the reason shown, until the decision is recorded
    or cancelled; dismisses with True when an event was written."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(
        self,
        mode: str,
        heading: Text,
        submit: Submit,
        *,
        reviewer: str = "",
        rating: str | None = None,
    ) -> None:
        super().__init__()
        self.mode = mode  # override | accept | undo
        self.heading = heading
        self.submit = submit
        self.reviewer = reviewer
        self.rating = rating

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.heading, id="dialog-title")
            if self.mode == "override":
                yield Label("New rating")
                yield Select(
                    RATING_CHOICES,
                    id="rating",
                    allow_blank=False,
                    value=self.rating
                    if self.rating in dict((v, k) for k, v in RATING_CHOICES)
                    else "partially",
                )
            if self.mode in ("override", "accept"):
                yield Label(
                    "Reason" + (" (required)" if self.mode == "override" else " (optional)")
                )
                yield Input(
                    placeholder="why the rubric's rating is wrong"
                    if self.mode == "override"
                    else "a note",
                    id="reason",
                )
            yield Label("Reviewer")
            yield Input(value=self.reviewer, placeholder="your name", id="reviewer")
            yield Static(Text(""), id="error")
            with Horizontal(id="buttons"):
                yield Button(
                    {"override": "Override", "accept": "Accept", "undo": "Undo my last decision"}[
                        self.mode
                    ],
                    variant="primary",
                    id="save",
                )
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.mode == "override":
            self.query_one("#reason", Input).focus()
        elif self.mode == "undo" and self.reviewer:
            self.query_one("#save", Button).focus()
        else:
            self.query_one(
                "#reviewer" if not self.reviewer or self.mode == "undo" else "#reason", Input
            ).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message, style="bold red"))
        self.error = message

    error = ""

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.dismiss(False)
        else:
            self.save()

    def save(self) -> None:
        rating = None
        if self.mode == "override":
            value = self.query_one("#rating", Select).value
            rating = value if isinstance(value, str) else None
        reason = self.query_one("#reason", Input).value if self.mode != "undo" else ""
        reviewer = self.query_one("#reviewer", Input).value.strip()
        if self.mode == "override" and not reason.strip():
            self.show_error("An override needs a reason: say why the rubric's rating is wrong.")
            self.query_one("#reason", Input).focus()
            return
        if not reviewer:
            self.show_error("Give your name: every decision is signed.")
            self.query_one("#reviewer", Input).focus()
            return
        problem = self.submit(rating, reason.strip(), reviewer)
        if problem:
            self.show_error(problem)
            return
        self.dismiss(True)
