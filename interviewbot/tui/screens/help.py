"""F1: the keys and what the interview does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("Enter", "send your answer"),
    ("Ctrl+J", "new line in your answer (a paste arrives whole)"),
    ("F2", "skip this question (recorded as skipped)"),
    (
        "F3",
        "back: answer an earlier question again (the new answer is the one that counts; "
        "the old one stays on record)",
    ),
    ("F4", "this question does not apply to your organisation (not on a follow-up)"),
    ("F5", "the whole process does not apply (asks first: Enter yes; Esc, N or typing no)"),
    ("F8", "pause: everything is saved; continue later with --resume"),
    ("Ctrl+P", "command palette: all of the above, help, theme"),
    ("Ctrl+T", "switch between the light and the dark theme"),
    ("F1", "this help"),
    ("PgUp / PgDn", "scroll the conversation"),
    ("Ctrl+Q", "quit (every answer is already saved; the way back is printed)"),
]
SUMMARY_KEYS = [
    ("Enter", "summary: yes, that is what I meant: go on"),
    ("A", "summary: add words to one of your answers"),
]

ABOUT = (
    "One question at a time. When an answer says nothing about a criterion (awareness and "
    "communication, responsibility, plans and procedures, measurement and improvement), a "
    "follow-up question asks about it. After each process you see what was understood, with the "
    "words it came from. Every answer is saved before the next question appears."
)


RATINGS = (
    "How it is rated. Each process gets four ratings: awareness and communication (A&C), "
    "responsibility (R), plans and procedures (P/P), measurement and improvement (M/I). Each is "
    "not satisfied (up to 10 %), partially (up to 50 %), largely (up to 80 %) or satisfied, or "
    "unassessed when nothing was said about it. The level follows from them: 1 Initial needs "
    "A&C satisfied; 2 Repeatable the others at least partially; 3 Defined R and P/P satisfied too; "
    "4 Managed and measurable M/I largely; 5 Optimizing all four satisfied; else 0 Incomplete."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("f1", "dismiss", "Close", id="help.close_f1", show=False),
        Binding("q", "dismiss", "Close", id="help.close_q", show=False),
    ]

    def compose(self) -> ComposeResult:
        t = Table(show_header=False, box=None, pad_edge=False)
        t.add_column(no_wrap=True, style="bold")
        t.add_column()
        for k, v in KEYS + SUMMARY_KEYS:
            t.add_row(Text(k), Text(v))
        with VerticalScroll(id="help-box"):
            yield Static(
                Text.assemble(("Help", "bold"), ("   Esc or F1 closes this help.", "dim")),
                markup=False,
            )
            yield Static(Text(ABOUT), markup=False, id="help-about")
            yield Static(Text(RATINGS), markup=False, id="help-ratings")
            yield Static(t, markup=False)
