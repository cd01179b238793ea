""" "Here is what I understood": after each process, the four criteria with their rating and the
words behind each, highlighted in the answers. Confirm, or add to an answer, before moving on."""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static

from ...core.assess import Event, ProcessResult
from ...core.model import CRITERIA
from ...report import RATING_LABEL, RATING_STYLE
from ..session import EngineError, Session, prompt_text, refusal
from ..text import drawable, quote
from ..widgets import AnswerBox, KeyFooter, ProgressHeader
from .confirm import ConfirmScreen

HINT = "Enter: yes, that is right · A: add to an answer · F3: back"
ADD_HINT = "Enter: add these words · Ctrl+J: new line · Esc: cancel"

MAX_QUOTES = 3


def understood(session: Session, pr: ProcessResult, width: int = 70) -> Text:
    """The four criteria of one process: rating, percent and the quoted evidence words."""
    bank = session.bank
    out = Text()
    for n, c in enumerate(CRITERIA):
        cr = pr.criteria[c]
        if n:
            out.append("\n")
        out.append(f"{bank.lexicon.labels[c]}: ", style="bold")
        out.append(RATING_LABEL[cr.rating].upper(), style=f"bold {RATING_STYLE[cr.rating]}")
        if cr.percent is not None:
            out.append(f"  ({cr.percent:.0f} %)", style="dim")
        if not cr.evidence:
            out.append("\n    nothing you said speaks to this yet", style="italic dim")
        # one quote per answer, every span of this criterion highlighted in it
        by_piece: dict[tuple[str, int | None], list] = {}
        for e in cr.evidence:
            by_piece.setdefault((e.source or "", e.event), []).append(e)
        for (source, seq), items in list(by_piece.items())[:MAX_QUOTES]:
            probe = source.partition(".")[2] in CRITERIA
            label = "  follow-up" if probe else f"  {source}"
            text = session.piece_text(seq, source)
            positive = sum(1 for e in items if e.polarity == "positive")
            sign = "+ " if positive * 2 >= len(items) else "− "
            out.append("\n  " + sign, style="green" if sign == "+ " else "red")
            if text is None:
                out.append("“" + " … ".join(drawable(e.text) for e in items) + "”")
            else:
                out.append_text(
                    quote(
                        text,
                        [
                            (
                                e.start,
                                e.end,
                                "bold reverse green"
                                if e.polarity == "positive"
                                else "bold reverse red",
                            )
                            for e in items
                        ],
                        width=max(20, width - 12 - len(label)),
                    )
                )
            # the source stays on the quote's line: "+ " and the quote's marks take 8 cells
            out.append(label, style="dim")
        if len(by_piece) > MAX_QUOTES:
            out.append(f"\n    … and {len(by_piece) - MAX_QUOTES} more", style="dim")
    if pr.level is not None:
        out.append("\n\nMaturity level: ", style="bold")
        out.append(f"{pr.level.level} – {pr.level.name}")
        if pr.level.provisional:
            out.append("  (provisional: some criterion is unassessed)", style="magenta")
        for c, (has, needs) in pr.level.blockers.items():
            out.append(
                f"\n  to reach {pr.level.level + 1}: {bank.lexicon.labels[c]} needs "
                f"{RATING_LABEL[needs]} (now {RATING_LABEL[has]})",
                style="dim",
            )
    return out


class SummaryScreen(Screen[list[Event]]):
    BINDINGS = [
        Binding("enter", "confirm", "Confirm", id="summary.confirm"),
        Binding("a", "add", "Add to an answer", id="summary.add"),
        Binding("escape", "cancel_add", "Cancel", id="summary.cancel", show=False),
        Binding("f3", "back", "Back", id="summary.back"),
        Binding("f5", "process_not_applicable", "Process N/A", id="summary.process_na", show=False),
        Binding("f8", "pause", "Pause", id="summary.pause"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.events: list[Event] = []
        p = session.prompt
        assert p is not None and p.kind == "confirm"
        self.process = p.process

    def compose(self) -> ComposeResult:
        yield ProgressHeader(id="progress")
        yield Static(
            Text(
                f"Here is what I understood: {self.session.process_name(self.process)}",
                style="bold",
            ),
            id="summary-title",
            markup=False,
        )
        with VerticalScroll(id="understood-scroll"):
            yield Static(id="understood", markup=False)
        with Vertical(id="add-panel"):
            yield Select(self.prompt_options(), id="add-prompt", allow_blank=False, compact=True)
            yield AnswerBox(id="add-text", placeholder="Words to add (Enter adds, Esc cancels)")
        yield Static(Text(HINT, style="dim"), id="summary-hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#add-panel").display = False
        # Keys typed while the last answer was being sent arrive after the summary appears; for
        # a moment they must not confirm or open a panel the respondent has not yet seen.
        self.settled_at = monotonic() + getattr(self.app, "settle", 0.0)
        self.told_unsettled = False
        self.refresh_view()

    def settled(self) -> bool:
        if monotonic() >= self.settled_at:
            return True
        if not self.told_unsettled:
            self.told_unsettled = True
            self.notify("Keys typed before the summary appeared were ignored.", markup=False)
        return False

    def refresh_view(self) -> None:
        s = self.session
        self.query_one(ProgressHeader).show(s.progress())
        pr = s.assessment().processes[self.process]
        # the scroll's padding and scrollbar take 4 cells of the screen's width
        self.query_one("#understood", Static).update(understood(s, pr, (self.size.width or 80) - 4))
        self.query_one("#understood-scroll").focus()

    # --- actions ----------------------------------------------------------------------------------

    def _act(self, action: str, *args: object) -> Event | None:
        try:
            e = self.session.act(action, *args)
        except EngineError as err:
            self.notify(refusal(action, err), severity="warning", markup=False)
            return None
        self.events.append(e)
        return e

    def _leave_if_moved(self) -> None:
        p = self.session.prompt
        if p is None or p.kind != "confirm" or p.process != self.process:
            self.dismiss(self.events)
        else:
            self.refresh_view()

    def action_confirm(self) -> None:
        if self.query_one("#add-panel").display or not self.settled():
            return
        if self._act("confirm"):
            self._leave_if_moved()

    def prompt_options(self) -> list[tuple[Text, str]]:
        return [
            (
                Text(
                    drawable(f"{pid}  {prompt_text(self.session.bank, pid)}"),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                pid,
            )
            for pid, _words in self.session.answers_of(self.process)
        ]

    @property
    def adding(self) -> bool:
        return bool(self.query_one("#add-panel").display)

    def show_adding(self, adding: bool) -> None:
        self.query_one("#add-panel").display = adding
        self.query_one("#summary-hint", Static).update(
            Text(ADD_HINT if adding else HINT, style="dim")
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While adding words, Enter adds them: confirming and the other keys wait."""
        if action == "cancel_add":
            return self.adding
        if action in ("confirm", "add", "back", "process_not_applicable"):
            return not self.adding
        return True

    def action_add(self) -> None:
        if not self.settled():
            return
        self.query_one("#add-prompt", Select).set_options(self.prompt_options())
        self.show_adding(True)
        self.query_one("#add-text", AnswerBox).focus()

    def action_cancel_add(self) -> None:
        if self.adding:
            self.show_adding(False)
            self.query_one("#add-text", AnswerBox).clear()
            self.query_one("#understood-scroll").focus()

    def add(self, prompt: str, text: str) -> None:
        """Add words to one answer of this process (a new event; the old words stay)."""
        if self._act("amend", prompt, text):
            self._leave_if_moved()

    def on_answer_box_submitted(self, message: AnswerBox.Submitted) -> None:
        message.stop()
        if not message.value.strip():
            self.action_cancel_add()
            return
        prompt = self.query_one("#add-prompt", Select).value
        self.add(str(prompt), message.value)
        self.action_cancel_add()

    def action_back(self) -> None:
        if self.settled() and self._act("back"):
            self._leave_if_moved()

    def action_process_not_applicable(self) -> None:
        self.app.push_screen(
            ConfirmScreen(
                f"Mark the whole of {self.session.process_name(self.process)} as not applicable?",
                "Your answers stay on record, but the process is not scored.",
            ),
            self._process_not_applicable_confirmed,
        )

    def _process_not_applicable_confirmed(self, yes: bool | None) -> None:
        if yes and self._act("process_not_applicable"):
            self._leave_if_moved()

    def action_pause(self) -> None:
        self.app.pause_interview()  # type: ignore[attr-defined]
