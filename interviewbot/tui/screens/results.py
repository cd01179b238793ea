"""The results: the Table-2 view, decision levels, overall, a chart of the levels per process,
and for each process the criterion that holds it below the next level."""

from __future__ import annotations

import shlex

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ... import store
from ...core.assess import Assessment
from ...core.model import CRITERIA
from ...report import RATING_LABEL, RATING_STYLE, _fmt_level
from ..session import Session
from ..text import drawable
from ..widgets import KeyFooter

SHORT_RATING = {
    "not_satisfied": "not sat.",
    "partially": "partially",
    "largely": "largely",
    "satisfied": "satisfied",
    "unassessed": "unassess.",
}


def table2(session: Session, a: Assessment, width: int = 80) -> Table:
    """Table 2; process names take what the rating columns leave of `width` (18 at 80)."""
    bank = session.bank
    t = Table(
        title=Text("Ratings per process (Table 2)", style="bold"),
        title_justify="left",
        expand=False,
        pad_edge=False,
        show_edge=False,
    )
    name_width = max(10, width - 62)  # the ratings and the level always fit; names give way
    t.add_column(Text("Process"), no_wrap=True, overflow="ellipsis", max_width=name_width)
    for c in CRITERIA:
        t.add_column(Text(bank.lexicon.shorts[c]), no_wrap=True, min_width=9)
    t.add_column(Text("Level"), no_wrap=True, justify="right")
    for _pid, pr in a.processes.items():
        name = Text(pr.name)
        if pr.not_applicable or pr.level is None:
            t.add_row(name, *[Text("—", style="dim")] * 4, Text("n/a", style="dim"))
            continue
        cells = [
            Text(SHORT_RATING[pr.criteria[c].rating], style=RATING_STYLE[pr.criteria[c].rating])
            for c in CRITERIA
        ]
        lv = Text(f"{pr.level.level}")
        if pr.level.provisional:
            lv.append(" *", style="magenta")
        t.add_row(name, *cells, lv)
    return t


def aggregates(session: Session, a: Assessment) -> Text:
    bank = session.bank
    out = Text()
    for dl, v in a.decision_levels.items():
        out.append(f"{bank.decision_levels[dl]:<12} {_fmt_level(bank, v)}\n")
    out.append(f"{'Overall':<12} {_fmt_level(bank, a.overall)}", style="bold")
    out.append(f"   (method: {a.method})", style="dim")
    if any(pr.level is not None and pr.level.provisional for pr in a.processes.values()):
        out.append(
            "\n* provisional: a criterion was unassessed and counted as not satisfied",
            style="magenta",
        )
    return out


def chart(session: Session, a: Assessment, width: int = 30) -> Text:
    """A bar per process: its level out of the model's highest, in block characters."""
    top = max(lv.level for lv in session.bank.model.levels) or 1
    cell = max(1, width // top)
    out = Text()
    names = [pr.name for pr in a.processes.values()]
    pad = min(22, max((len(n) for n in names), default=0))
    for n, pr in enumerate(a.processes.values()):
        if n:
            out.append("\n")
        name = pr.name if len(pr.name) <= pad else pr.name[: pad - 1] + "…"
        out.append(f"{name:<{pad}} ")
        if pr.level is None:
            out.append("not applicable", style="dim")
            continue
        out.append("█" * (cell * pr.level.level), style="green")
        out.append("░" * (cell * (top - pr.level.level)), style="dim")
        out.append(f" {pr.level.level} {pr.level.name}")
    return out


def blockers(session: Session, a: Assessment) -> Text:
    bank = session.bank
    out = Text()
    for pr in a.processes.values():
        if pr.level is None:
            continue
        if out:
            out.append("\n")
        out.append(f"{pr.name}: ", style="bold")
        if not pr.level.blockers:
            out.append("at the highest level")
            continue
        parts = [
            f"{bank.lexicon.labels[c]} is {RATING_LABEL[has]}, needs {RATING_LABEL[needs]}"
            for c, (has, needs) in pr.level.blockers.items()
        ]
        out.append(f"to reach {pr.level.level + 1}, " + "; ".join(parts))
    return out


def db_option(app: object) -> str:
    """` --db PATH` when the interview is not in the default database (so the hint works)."""
    path = getattr(app, "db_path", store.DEFAULT_DB)
    return "" if path == store.DEFAULT_DB else f" --db {shlex.quote(str(path))}"


class ResultsScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="results.quit")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        a = s.assessment()
        who = s.respondent
        head = "Results: " + ", ".join(x for x in (who.get("name"), who.get("organisation")) if x)
        yield Static(Text(drawable(head), style="bold"), id="results-title", markup=False)
        with VerticalScroll(id="results-scroll"):
            yield Static(table2(s, a), id="table2", markup=False)
            yield Static(aggregates(s, a), id="aggregates", markup=False)
            yield Static(
                Text("Maturity level per process", style="bold"), classes="heading", markup=False
            )
            yield Static(chart(s, a), id="chart", markup=False)
            yield Static(
                Text("What holds each process below the next level", style="bold"),
                classes="heading",
                markup=False,
            )
            yield Static(blockers(s, a), id="blockers", markup=False)
            yield Static(
                Text(
                    f"Interview {s.id} is stored; `interviewbot report {s.id}{db_option(self.app)}`"
                    " prints it again.",
                    style="dim",
                ),
                id="stored",
                markup=False,
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#results-scroll").focus()

    def on_resize(self, event: events.Resize) -> None:
        s = self.session
        self.query_one("#table2", Static).update(table2(s, s.assessment(), event.size.width))
