"""The conversation: one question at a time, the answers, follow-ups, progress, processes."""

from __future__ import annotations

import asyncio
from time import perf_counter
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen

from ...core.assess import Event
from ...recording import MAX_TEXT
from ..session import EngineError, Entry, Session, refusal
from ..widgets import AnswerBox, Bubble, KeyFooter, ProcessList, ProgressHeader
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import InterviewApp


class ChatScreen(Screen):
    BINDINGS = [
        Binding("f2", "skip", "Skip", id="chat.skip"),
        Binding("f3", "back", "Back", id="chat.back"),
        Binding("f4", "not_applicable", "N/A", id="chat.not_applicable"),
        Binding(
            "f5",
            "process_not_applicable",
            "Process N/A",
            id="chat.process_not_applicable",
            show=False,
        ),
        Binding("f8", "pause", "Pause", id="chat.pause"),
        # the conversation scrolls from the keyboard too (the answer box keeps the focus)
        Binding(
            "pageup",
            "scroll_conversation(-1)",
            "Scroll up",
            id="chat.page_up",
            show=False,
            priority=True,
        ),
        Binding(
            "pagedown",
            "scroll_conversation(1)",
            "Scroll down",
            id="chat.page_down",
            show=False,
            priority=True,
        ),
    ]

    def action_scroll_conversation(self, direction: int) -> None:
        log = self.query_one("#conversation", VerticalScroll)
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    app: InterviewApp

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.drawn = 0  # prompts on screen so far (counted once painted; the bench waits on it)
        self.drawn_at = 0.0  # perf_counter() when the last prompt was painted
        self.drawn_signal = asyncio.Event()
        self._offer: tuple[str, bool] | None = None  # what the footer's keys were set for

    def compose(self) -> ComposeResult:
        yield ProgressHeader(id="progress")
        with Horizontal(id="body"):
            yield ProcessList(id="processes")
            yield VerticalScroll(id="conversation", can_focus=False)
        yield AnswerBox(id="answer", placeholder="Your answer (Enter sends, Ctrl+J new line)")
        yield KeyFooter()

    async def on_mount(self) -> None:
        # anchored: the conversation stays scrolled to its end as bubbles are added or re-wrap
        self.query_one("#conversation", VerticalScroll).anchor()
        await self.add_entries(self.session.conversation())
        await self.advance()

    # --- drawing --------------------------------------------------------------------------------

    async def add_entries(self, entries: list[Entry]) -> None:
        if entries:
            conv = self.query_one("#conversation", VerticalScroll)
            await conv.mount_all([Bubble(e.kind, e.text, e.label) for e in entries])

    def update_status(self) -> None:
        self.query_one(ProgressHeader).show(self.session.progress())
        self.query_one(ProcessList).show(self.session.process_states())
        p = self.session.prompt
        offer = (p.kind, self._first(p)) if p is not None else None
        if offer != self._offer:  # the keys on offer follow where the interview stands
            self._offer = offer
            # keys are checked when pressed; the footer is redrawn after the question is painted
            self.call_after_refresh(self.refresh_bindings)

    def _first(self, p) -> bool:
        return p.kind == "question" and p.id == self.session.bank.process(p.process).questions[0].id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer (and take) only what is possible now: F4 on a question, not on a follow-up;
        F3 not on a process's first question (dimmed there)."""
        p = self.session.prompt
        if action in ("skip", "back", "not_applicable", "process_not_applicable"):
            if p is None or p.kind not in ("question", "probe"):
                return False
        if action == "not_applicable":
            return p is not None and p.kind == "question"
        if action == "back" and p is not None and self._first(p):
            return None  # shown dimmed: possible later
        return True

    def on_key(self, event: events.Key) -> None:
        """A dimmed or hidden key still says why it does nothing (F3 on a first question, F4 on
        a follow-up), as the command palette does."""
        for key, action in (("f3", "back"), ("f4", "not_applicable")):
            if event.key == key and self.check_action(action, ()) is not True:
                p = self.session.prompt
                if p is not None and p.kind in ("question", "probe"):
                    event.stop()
                    self.notify(refusal(action), severity="information", markup=False)

    async def advance(self, shown: list[Entry] | None = None) -> None:
        """Draw what the interview asks now: a question, a follow-up, the summary or results.

        `shown` are entries still to draw before it (what the last action looked like); all of
        it goes on screen in one mount, so in one layout and paint."""
        s = self.session
        entries = list(shown or [])
        self.update_status()
        p = s.prompt
        if s.state == "finished" or p is None or p.kind == "confirm":
            await self.add_entries(entries)
            if s.finish_if_done():
                self.app.show_results()
            elif p is not None and p.kind == "confirm":
                from .summary import SummaryScreen

                self.app.push_screen(SummaryScreen(s), self.after_summary)
            return
        conv = self.query_one("#conversation", VerticalScroll)
        if conv.scroll_y < conv.max_scroll_y:
            conv.anchor()  # scrolled away to read: back to the end for the new question
        await self.add_entries([*entries, s.agent_entry(p.id)])
        self.call_after_refresh(self._painted)
        self.query_one(AnswerBox).focus()

    def _painted(self) -> None:
        self.drawn += 1
        self.drawn_at = perf_counter()
        self.drawn_signal.set()

    async def after_summary(self, events: list[Event] | None) -> None:
        shown = [x for e in events or [] for x in self.session.entries_for(e, with_prompt=False)]
        back = [e for e in events or [] if e.type == "went_back"]
        box = self.query_one(AnswerBox)
        if back and not box.value.strip():  # as F3 in the chat: the earlier answer, to edit
            box.value = self.session.answer_text(back[-1].payload["prompt"])
        await self.advance(shown)

    async def perform(self, action: str, *args: object) -> bool:
        """One engine action: committed, then shown, then the next prompt drawn."""
        box = self.query_one(AnswerBox)
        try:
            event = self.session.act(action, *args)
        except EngineError as e:
            if action == "answer":
                box.give_back(str(args[0]))  # typed ahead of a screen that cannot take it
            self.notify(refusal(action, e), severity="warning", markup=False)
            return False
        if event.type == "went_back" and not box.value.strip():
            # the earlier answer, ready to edit; sending it records a new answer, the old stays
            box.value = self.session.answer_text(event.payload["prompt"])
        await self.advance(self.session.entries_for(event, with_prompt=False))
        return True

    # --- the respondent's actions ---------------------------------------------------------------

    async def on_answer_box_submitted(self, message: AnswerBox.Submitted) -> None:
        message.stop()
        if not message.value.strip():
            self.notify(
                "Type an answer first, or press F2 to skip the question.",
                severity="information",
                markup=False,
            )
            return
        if len(message.value) > MAX_TEXT:  # what replay refuses is not taken here either
            message.box.give_back(message.value)
            self.notify(
                f"An answer holds at most {MAX_TEXT:,} characters (this one has "
                f"{len(message.value):,}); it is back in the box to shorten.",
                severity="warning",
                markup=False,
            )
            return
        await self.perform("answer", message.value)

    async def action_skip(self) -> None:
        await self.perform("skip")

    async def action_back(self) -> None:
        await self.perform("back")

    async def action_not_applicable(self) -> None:
        await self.perform("not_applicable")

    def action_process_not_applicable(self) -> None:
        p = self.session.prompt
        if p is None:
            return
        name = self.session.process_name(p.process)
        self.app.push_screen(
            ConfirmScreen(
                f"Mark the whole of {name} as not applicable?",
                "Its remaining questions are not asked, and it is not scored.",
            ),
            self._process_not_applicable_confirmed,
        )

    async def _process_not_applicable_confirmed(self, yes: bool | None) -> None:
        if yes:
            await self.perform("process_not_applicable")
        else:
            self.query_one(AnswerBox).focus()

    def on_paste(self, event: events.Paste) -> None:
        """A paste that reached the screen (the box had lost the focus) goes into the box."""
        event.stop()
        box = self.query_one(AnswerBox)
        box.focus()
        box.paste(event.text)

    def action_pause(self) -> None:
        self.app.pause_interview()
