"""The review workbench: pick an interview, read its transcript with the evidence marked in each
criterion's colour, see per process the four ratings, override / accept / undo, and search every
transcript (SQLite FTS5).

All user text is rendered as plain `Text`; every decision goes through interviewbot.review,
which writes it through the engine as an audit event."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from ... import review as rv
from ... import store
from ...core.model import CRITERIA
from ...report import RATING_LABEL, RATING_STYLE
from ...safe_text import visible
from .dialogs import DecisionDialog

CSS = """
#title { padding: 0 1; background: $boost; }
#legend { padding: 0 1; height: 1; }
#body { height: 1fr; }
#ratings { width: 74; height: 1fr; border: round $primary 40%; }
#right { width: 1fr; }
#transcript-box { height: 2fr; border: round $primary 40%; padding: 0 1; }
#detail-box { height: 1fr; border: round $secondary 40%; padding: 0 1; }
#interviews { height: 1fr; }
#hint { padding: 0 1; color: $text-muted; }
#query { margin: 0 1; }
#hits { height: 1fr; }
#search-status { padding: 0 1; height: 1; }
DecisionDialog { align: center middle; }
#dialog { width: 76; height: auto; border: thick $primary; background: $panel; padding: 1 2; }
#dialog Label { margin-top: 1; }
#dialog-title { text-style: bold; }
#error { height: 2; margin-top: 1; }
#buttons { height: auto; margin-top: 1; }
#buttons Button { margin-right: 2; }
"""


def _crit_style(c: str) -> str:
    return rv.CRITERION_COLOURS[c]


def legend(bank) -> Text:
    t = Text("evidence: ")
    for c in CRITERIA:
        t.append(f" {bank.lexicon.labels[c]} ", style=f"bold {_crit_style(c)}")
    t.append("  (struck through: shows it missing)", style="dim")
    return t


def marked(text: str, evidence, selected: str | None) -> Text:
    """An answer as plain Text with each evidence span in its criterion's colour; the selected
    criterion's spans are shown reversed. Control characters are shown, not obeyed."""
    out = Text()
    for words, cover in rv.segments(visible(text), evidence):
        if not cover:
            out.append(words)
            continue
        e = next((x for x in cover if x.criterion == selected), cover[0])
        style = f"bold {_crit_style(e.criterion)}"
        if e.polarity == "negative":
            style += " strike"
        if e.criterion == selected:
            style = f"bold white on {_crit_style(e.criterion)}" + (
                " strike" if e.polarity == "negative" else ""
            )
        out.append(words, style=style)
    return out


def snippet(text: str, terms: list[str], width: int = 110) -> str:
    """The part of an answer around the first matched term."""
    low = text.lower()
    at = min((i for i in (low.find(t.lower()) for t in terms) if i >= 0), default=0)
    start = max(0, at - 30)
    out = text[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


class PickScreen(Screen):
    """Every interview in the database; Enter opens one."""

    BINDINGS = [
        Binding("slash", "app.search", "Search"),
        Binding("r", "refresh", "Refresh"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Pick an interview (Enter) - / searches every transcript"), id="hint")
        yield DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        t = self.query_one(DataTable)
        t.add_columns("id", "respondent", "organisation", "date", "status", "overall", "reviewed")
        self.action_refresh()
        t.focus()

    def action_refresh(self) -> None:
        t = self.query_one(DataTable)
        t.clear()
        for r in rv.summary_rows(self.app.db):  # type: ignore[attr-defined]
            ov = "—" if r["overall"] is None else f"{r['overall']:g} {r['overall_name'] or ''}"
            t.add_row(
                *(
                    Text(visible(str(v or "")))
                    for v in (
                        r["id"],
                        r["respondent"],
                        r["organisation"],
                        r["date"],
                        r["status"],
                        ov,
                    )
                ),
                Text(f"{r['reviewed']} ({r['overrides']} overridden)"),
                key=r["id"],
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_interview(str(event.row_key.value))  # type: ignore[attr-defined]


class ReviewScreen(Screen):
    """One interview: ratings on the left, the transcript of the selected process on the right
    with its evidence marked, and the evidence / review of the selected criterion below."""

    BINDINGS = [
        Binding("o", "override", "Override"),
        Binding("a", "accept", "Accept"),
        Binding("u", "undo", "Undo mine"),
        Binding("slash", "app.search", "Search"),
        Binding("escape", "back", "Interviews"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, interview_id: str, process: str | None = None) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.start_process = process
        self.selected: tuple[str, str] | None = None
        self.shown_process: str | None = None
        self.transcript_text = Text()
        self.detail_text = Text()
        self.lo: rv.Loaded | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(""), id="title")
        yield Static(Text(""), id="legend")
        with Horizontal(id="body"):
            yield DataTable(id="ratings", cursor_type="row")
            with Vertical(id="right"):
                with VerticalScroll(id="transcript-box"):
                    yield Static(Text(""), id="transcript")
                with VerticalScroll(id="detail-box"):
                    yield Static(Text(""), id="detail")
        yield Footer()

    @property
    def db(self):
        return self.app.db  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        t = self.query_one("#ratings", DataTable)
        t.add_columns("process", "criterion", "rating", "%", "from", "level")
        self.reload(self.start_process)
        t.focus()

    def reload(self, process: str | None = None) -> None:
        self.lo = lo = rv.load(self.db, self.interview_id)
        m = lo.meta
        title = Text(f"{lo.id}  ", style="bold")
        title.append(visible(f"{m.get('respondent') or '?'}"))
        if m.get("organisation"):
            title.append(visible(f", {m['organisation']}"))
        title.append(
            f"   {m.get('status')} - overall "
            f"{'—' if lo.assessment.overall is None else f'{lo.assessment.overall:g}'}"
            f" ({lo.assessment.method})",
            style="dim",
        )
        self.query_one("#title", Static).update(title)
        self.query_one("#legend", Static).update(legend(lo.bank))
        t = self.query_one("#ratings", DataTable)
        keep = self.selected
        t.clear()
        shorts = lo.bank.lexicon.shorts
        for pid, pr in lo.assessment.processes.items():
            if pr.not_applicable or pr.level is None:
                t.add_row(
                    Text(pr.name),
                    Text("not applicable", style="dim"),
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(""),
                    key=f"{pid}:",
                )
                continue
            for n, c in enumerate(CRITERIA):
                cr = pr.criteria[c]
                lv = (
                    Text(f"{pr.level.level}" + ("?" if pr.level.provisional else ""), style="bold")
                    if n == 0
                    else Text("")
                )
                name = pr.name if len(pr.name) <= 24 else pr.name[:23] + "…"
                t.add_row(
                    Text(name if n == 0 else ""),
                    Text(shorts[c], style=f"bold {_crit_style(c)}"),
                    Text(RATING_LABEL[cr.rating], style=RATING_STYLE[cr.rating]),
                    Text("—" if cr.percent is None else f"{cr.percent:.0f}"),
                    Text(cr.source, style="bold" if cr.source == "review" else "dim"),
                    lv,
                    key=f"{pid}:{c}",
                )
        target = None
        if process:
            target = f"{process}:{CRITERIA[0]}"
        elif keep:
            target = f"{keep[0]}:{keep[1]}"
        if target is not None:
            try:
                t.move_cursor(row=t.get_row_index(target))
            except Exception:  # noqa: BLE001 - a key no longer there: stay at the top
                pass
        self.shown_process = None
        self._select_from_cursor()

    def _select_from_cursor(self) -> None:
        t = self.query_one("#ratings", DataTable)
        if not t.row_count:
            return
        key = t.coordinate_to_cell_key(t.cursor_coordinate).row_key.value or ":"
        pid, _, c = str(key).partition(":")
        self.selected = (pid, c) if c else None
        self.show_transcript(pid, c or None)
        self.show_detail(pid, c or None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.lo is not None:
            self._select_from_cursor()

    def show_transcript(self, pid: str, criterion: str | None) -> None:
        lo = self.lo
        assert lo is not None
        out = Text()
        pr = lo.assessment.processes[pid]
        out.append(f"{pr.name}\n", style="bold underline")
        for it in rv.transcript_items(lo):
            if it.process != pid:
                continue
            out.append(f"\n{it.prompt}  ", style="bold dim")
            out.append(it.question + "\n", style="italic dim")
            if it.piece is None:
                out.append(f"  ({it.outcome.replace('_', ' ')})\n", style="dim")
                continue
            out.append("  ")
            out.append_text(marked(it.piece.text, it.evidence, criterion))
            out.append("\n")
        self.transcript_text = out
        self.query_one("#transcript", Static).update(out)
        if self.shown_process != pid:
            self.query_one("#transcript-box", VerticalScroll).scroll_home(animate=False)
        self.shown_process = pid

    def show_detail(self, pid: str, criterion: str | None) -> None:
        lo = self.lo
        assert lo is not None
        pr = lo.assessment.processes[pid]
        out = Text()
        if criterion is None or pr.level is None:
            out.append("not applicable", style="dim")
        else:
            cr = pr.criteria[criterion]
            out.append(
                f"{lo.bank.lexicon.labels[criterion]}: ", style=f"bold {_crit_style(criterion)}"
            )
            out.append(RATING_LABEL[cr.rating], style=f"bold {RATING_STYLE[cr.rating]}")
            out.append(
                f"  ({'—' if cr.percent is None else f'{cr.percent:.0f}%'}, {cr.source}; "
                f"rubric: {RATING_LABEL[cr.rubric_rating]})\n"
            )
            if cr.review:
                r = cr.review
                verb = "overridden" if r.get("action") == "override" else "accepted"
                out.append(f"{verb} by ", style="bold")
                out.append(str(r.get("reviewer")))
                if r.get("reason"):
                    out.append(": ")
                    out.append(str(r.get("reason")), style="italic")
                out.append("\n")
            if not cr.evidence:
                out.append("no evidence: nothing said speaks to this criterion\n", style="magenta")
            for e in cr.evidence:
                out.append(
                    f"{'+' if e.polarity == 'positive' else '-'} ",
                    style="green" if e.polarity == "positive" else "red",
                )
                out.append(e.text, style=_crit_style(criterion))
                out.append(
                    f"  {e.source}  {e.rule}"
                    + (f" ({e.trigger})" if e.trigger else "")
                    + f"  {e.strength:g}\n",
                    style="dim",
                )
            if pr.level.blockers:
                out.append(
                    f"\nlevel {pr.level.level} -> {pr.level.level + 1} needs: ", style="bold"
                )
                out.append(
                    "; ".join(
                        f"{lo.bank.lexicon.shorts[c]} {RATING_LABEL.get(h, h)} -> "
                        f"{RATING_LABEL.get(n, n)}"
                        for c, (h, n) in pr.level.blockers.items()
                    )
                )
        self.detail_text = out
        self.query_one("#detail", Static).update(out)

    # --- decisions -----------------------------------------------------------------------------

    def _decide(self, mode: str) -> None:
        lo = self.lo
        if lo is None:
            return
        app = self.app
        if mode != "undo" and self.selected is None:
            app.notify(
                "Pick a criterion first (a process that applies).", markup=False, severity="warning"
            )
            return
        heading = Text(f"{mode.capitalize()} - {lo.id}", style="bold")
        rating = None
        if self.selected and mode != "undo":
            pid, c = self.selected
            cr = lo.assessment.processes[pid].criteria[c]
            heading.append(
                f"\n{lo.assessment.processes[pid].name}: "
                f"{lo.bank.lexicon.labels[c]} is {RATING_LABEL[cr.rating]} "
                f"({cr.source}; rubric {RATING_LABEL[cr.rubric_rating]})"
            )
            rating = cr.rating
        if mode == "undo":
            me = app.reviewer  # type: ignore[attr-defined]
            mine = [
                r
                for r in rv.review_log(lo)
                if r["type"] == "reviewed" and not r["undone"] and r.get("reviewer") == me
            ]
            if me and mine:
                r = max(mine, key=lambda r: r["seq"])
                what = (
                    f"override to {RATING_LABEL.get(r.get('rating') or '', r.get('rating'))}"
                    if r.get("action") == "override"
                    else "accept"
                )
                heading.append(
                    f"\nyour last decision: event {r['seq']}, {r['process']} "
                    f"{lo.bank.lexicon.shorts.get(r['criterion'], r['criterion'])} "
                    f"{what}"
                )

        def submit(new: str | None, reason: str, reviewer: str) -> str | None:
            fresh = rv.load(self.db, lo.id)
            try:
                if mode == "override":
                    assert self.selected is not None and new is not None
                    ev = rv.override(self.db, fresh, *self.selected, new, reviewer, reason)
                    msg = f"event {ev.seq}: overridden to {RATING_LABEL[new]}"
                elif mode == "accept":
                    assert self.selected is not None
                    ev = rv.accept(self.db, fresh, *self.selected, reviewer, reason)
                    msg = f"event {ev.seq}: accepted"
                else:
                    ev = rv.undo(self.db, fresh, reviewer)
                    msg = f"event {ev.seq}: undid event {ev.payload['undoes']}"
            except rv.ReviewError as e:
                return str(e)
            app.reviewer = reviewer  # type: ignore[attr-defined]
            app.notify(msg, markup=False)
            return None

        def done(recorded: bool | None) -> None:
            if recorded:
                self.reload()

        app.push_screen(
            DecisionDialog(
                mode,
                heading,
                submit,
                reviewer=app.reviewer or "",  # type: ignore[attr-defined]
                rating=rating,
            ),
            done,
        )

    def action_override(self) -> None:
        self._decide("override")

    def action_accept(self) -> None:
        self._decide("accept")

    def action_undo(self) -> None:
        self._decide("undo")

    def action_back(self) -> None:
        self.app.pop_screen()
        pick = self.app.screen
        if isinstance(pick, PickScreen):
            pick.action_refresh()


class SearchScreen(Screen):
    """Full-text search over every answer of every interview; Enter on a hit opens it."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search every transcript (words; word* for a prefix)", id="query")
        yield Static(Text(""), id="search-status")
        yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hits", DataTable).add_columns(
            "interview", "respondent", "answer to", "words"
        )
        self.query_one("#query", Input).focus()
        self.hits: list[dict] = []

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        db = self.app.db  # type: ignore[attr-defined]
        self.hits = store.search_answers(db, query)
        who = {r["id"]: r.get("respondent") or "" for r in store.interviews(db)}
        t = self.query_one("#hits", DataTable)
        t.clear()
        terms = [w.strip('*"') for w in query.split() if w.strip('*"')]
        for n, h in enumerate(self.hits):
            words = Text(snippet(" ".join(h["text"].split()), terms))
            words.highlight_words(terms, style="bold reverse", case_sensitive=False)
            t.add_row(
                Text(h["interview_id"]),
                Text(who.get(h["interview_id"], "")),
                Text(h["prompt"]),
                words,
                key=str(n),
            )
        self.query_one("#search-status", Static).update(
            Text(f"{len(self.hits)} answers match" if query.strip() else "")
        )
        if self.hits:
            t.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        h = self.hits[int(str(event.row_key.value))]
        self.app.pop_screen()
        self.app.open_interview(h["interview_id"], h["process"])  # type: ignore[attr-defined]


class ReviewApp(App):
    """`interviewbot review`."""

    CSS = CSS
    TITLE = "interviewbot review"

    def __init__(
        self, db_path: str, interview: str | None = None, reviewer: str | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.start_interview = interview
        self.reviewer = (reviewer or "").strip()
        self.db = store.open_db(db_path)

    def on_mount(self) -> None:
        self.push_screen(PickScreen())
        if self.start_interview:
            self.open_interview(store.find_interview(self.db, self.start_interview)["id"])

    def open_interview(self, interview_id: str, process: str | None = None) -> None:
        while isinstance(self.screen, ReviewScreen | SearchScreen):
            self.pop_screen()
        self.push_screen(ReviewScreen(interview_id, process))

    def action_search(self) -> None:
        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def on_unmount(self) -> None:
        self.db.close()


def run(db_path: str, interview: str | None = None, reviewer: str | None = None) -> int:
    ReviewApp(db_path, interview, reviewer).run()
    return 0
