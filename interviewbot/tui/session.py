"""The TUI's view of one interview: the store, the bank and the ONE `Interview` engine object.

No Textual here: screens ask a `Session` what to show and tell it what the respondent did. Every
action goes through the engine, whose sink commits the event to the database before the call
returns, so whatever is drawn next is already safe on disk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from .. import store
from ..core.assess import Assessment, Event, assess
from ..core.model import CRITERIA, Bank
from ..engine import EngineError, Interview, Prompt

__all__ = [
    "Entry",
    "EngineError",
    "Progress",
    "Session",
    "latest_unfinished",
    "prompt_text",
    "refusal",
]

# what a person is told when an action cannot be taken where the interview stands now
_REFUSED = {
    "answer": "The interview moved on before this answer was taken; your words are back in "
    "the answer box.",
    "skip": "There is no question to skip here.",
    "back": "There is no earlier question of this process to go back to.",
    "not_applicable": "Only a question can be marked not applicable; a follow-up can be "
    "answered or skipped (F2).",
    "process_not_applicable": "There is no process to mark not applicable now.",
    "pause": "The interview cannot be paused here.",
    "confirm": "There is nothing to confirm now.",
    "amend": "Words can only be added while confirming a process.",
}


def refusal(action: str, error: Exception | None = None) -> str:
    """An engine refusal in words for the respondent (never the engine's state names)."""
    if error is not None and "first question" in str(error):
        return "This is the first question of the process: there is nothing before it."
    return _REFUSED.get(action, "That is not possible at this point of the interview.")


@dataclass(frozen=True)
class Entry:
    """One line of the conversation: the interviewer asks, the respondent answers, or a note."""

    kind: str  # agent | user | note
    text: str
    label: str = ""


@dataclass(frozen=True)
class Progress:
    process_index: int  # 1-based; 0 when finished
    process_count: int
    process: str | None
    process_name: str
    question_index: int  # 1-based; 0 outside questions
    question_count: int
    stage: str  # question | probe | confirm | paused | finished
    done: int  # questions dealt with, over the whole plan
    total: int


def prompt_text(bank: Bank, prompt_id: str) -> str:
    """The words of a question (slm.1) or a follow-up probe (slm.responsibility)."""
    pid, _, rest = prompt_id.partition(".")
    if rest in CRITERIA:
        return bank.process(pid).followups[rest]
    return bank.question(prompt_id).text


def latest_unfinished(db: sqlite_utils.Database) -> str | None:
    rows = [r for r in store.interviews(db) if r.get("status") != "finished"]
    return rows[-1]["id"] if rows else None


class Session:
    def __init__(
        self,
        db: sqlite_utils.Database,
        bank: Bank,
        interview: Interview,
        interview_id: str,
        history: list[Event] | None = None,
    ):
        self.db = db
        self.bank = bank
        self.interview = interview
        self.id = interview_id
        self.history: list[Event] = list(history or [])
        self.on_conflict: Callable[[str], None] | None = None

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        db: sqlite_utils.Database,
        bank: Bank,
        respondent: dict[str, str],
        processes: list[str] | None = None,
        interview_id: str | None = None,
    ) -> Session:
        iid = interview_id or store.new_interview_id()
        iv = Interview(bank, processes, store.sink_for(db, iid))
        s = cls(db, bank, iv, iid)
        s.history.append(iv.start(respondent, source="tui"))
        return s

    @classmethod
    def resume(cls, db: sqlite_utils.Database, bank: Bank, interview_id: str | None) -> Session:
        """Rebuild the engine from the stored log; continue at the first unanswered question."""
        s = cls.reopen(db, bank, interview_id)
        if s.interview.state == "paused":
            s.history.append(s.interview.resume())
        return s

    @classmethod
    def reopen(cls, db: sqlite_utils.Database, bank: Bank, interview_id: str | None) -> Session:
        """The interview rebuilt from its log, writing nothing (`resume` then records that it
        continues). Raises LookupError, KeyError (a process the bank lacks) or EngineError."""
        if not interview_id:
            interview_id = latest_unfinished(db)
            if interview_id is None:
                raise LookupError("there is no unfinished interview to resume")
        else:
            interview_id = store.find_interview(db, interview_id)["id"]
        events = store.events(db, interview_id)
        after = events[-1].seq if events else None
        iv = Interview.resume_from(bank, events, store.sink_for(db, interview_id, after))
        return cls(db, bank, iv, interview_id, events)

    # --- reading ------------------------------------------------------------------------------

    @property
    def prompt(self) -> Prompt | None:
        return self.interview.prompt

    @property
    def state(self) -> str:
        return self.interview.state

    @property
    def respondent(self) -> dict[str, Any]:
        return dict(self.interview.transcript.started.get("respondent") or {})

    def process_name(self, pid: str) -> str:
        return self.bank.process(pid).name

    def process_states(self) -> list[tuple[str, str, str]]:
        """(process id, name, state) with state done | not_applicable | current | pending."""
        tr = self.interview.transcript
        current = self.interview.current_process
        out = []
        for pid in self.interview.plan:
            if pid in tr.process_na:
                st = "not_applicable"
            elif pid in tr.confirmed:
                st = "done"
            elif pid == current and self.state not in ("finished",):
                st = "current"
            else:
                st = "pending"
            out.append((pid, self.process_name(pid), st))
        return out

    def progress(self) -> Progress:
        iv = self.interview
        tr = iv.transcript
        plan = iv.plan
        total = sum(len(self.bank.process(pid).questions) for pid in plan)
        done = 0
        for pid in plan:
            qs = self.bank.process(pid).questions
            if pid in tr.process_na or pid in tr.confirmed:
                done += len(qs)
            else:
                done += sum(1 for q in qs if q.id in tr.outcome)
        pid = iv.current_process
        p = iv.prompt
        if pid is None or self.state == "finished":
            return Progress(0, len(plan), None, "", 0, 0, "finished", total, total)
        qs = [q.id for q in self.bank.process(pid).questions]
        stage = p.kind if p is not None else self.state
        qi = qs.index(p.id) + 1 if p is not None and p.kind == "question" else 0
        return Progress(
            plan.index(pid) + 1,
            len(plan),
            pid,
            self.process_name(pid),
            qi,
            len(qs),
            stage,
            done,
            total,
        )

    def assessment(self) -> Assessment:
        return assess(self.bank, self.interview.transcript)

    def piece_text(self, event_seq: int | None, prompt: str) -> str | None:
        """The stored words of the answer event that an evidence span points into."""
        for pc in self.interview.transcript.pieces.get(prompt, []):
            if pc.seq == event_seq:
                return pc.text
        return None

    def answer_text(self, prompt: str) -> str:
        """The words recorded for a prompt so far (an answer and what was added to it)."""
        return "\n".join(pc.text for pc in self.interview.transcript.pieces.get(prompt, []))

    def answers_of(self, pid: str) -> list[tuple[str, str]]:
        """(prompt id, its words so far) for each prompt of a process that can be added to."""
        tr = self.interview.transcript
        out = []
        for q in self.bank.process(pid).questions:
            if tr.outcome.get(q.id) != "not_applicable":
                out.append((q.id, "\n".join(pc.text for pc in tr.pieces.get(q.id, []))))
        for c in CRITERIA:
            key = f"{pid}.{c}"
            if key in tr.pieces:
                out.append((key, "\n".join(pc.text for pc in tr.pieces[key])))
        return out

    # --- the conversation ---------------------------------------------------------------------

    def entries_for(self, e: Event, *, with_prompt: bool) -> list[Entry]:
        """What one event looks like in the chat. With `with_prompt`, the question it answers
        is drawn first (rebuilding a conversation from the log); live, it is on screen already."""
        p = e.payload
        t = e.type
        out: list[Entry] = []
        prompt = p.get("prompt")
        if with_prompt and t in (
            "answered",
            "probe_answered",
            "skipped",
            "probe_skipped",
            "not_applicable",
        ):
            out.append(self.agent_entry(prompt, probe=t.startswith("probe")))
        if t in ("answered", "probe_answered"):
            out.append(Entry("user", p["text"]))
        elif t in ("skipped", "probe_skipped"):
            out.append(Entry("note", "Skipped."))
        elif t == "not_applicable":
            out.append(Entry("note", "Not applicable to your organisation."))
        elif t == "went_back":
            out.append(
                Entry(
                    "note",
                    f"Back to question {prompt}: what you send now is the "
                    "answer that counts (the earlier one stays on record).",
                )
            )
        elif t == "amended":
            out.append(Entry("user", p["text"], label=f"added to {prompt}"))
        elif t == "process_not_applicable":
            out.append(Entry("note", f"{self.process_name(p['process'])}: not applicable."))
        elif t == "confirmed":
            out.append(Entry("note", f"{self.process_name(p['process'])}: confirmed."))
        elif t == "paused":
            out.append(Entry("note", "Paused."))
        elif t == "resumed":
            out.append(Entry("note", "Welcome back: we continue where you stopped."))
        return out

    def agent_entry(self, prompt_id: str, *, probe: bool = False) -> Entry:
        pid, _, rest = prompt_id.partition(".")
        if rest in CRITERIA:
            label = f"follow-up · {self.bank.lexicon.labels[rest]}"
        else:
            qs = self.bank.process(pid).questions
            n = next(i for i, q in enumerate(qs, 1) if q.id == prompt_id)
            label = f"{self.process_name(pid)} · question {n} of {len(qs)}"
        return Entry("agent", prompt_text(self.bank, prompt_id), label)

    def conversation(self) -> list[Entry]:
        """The whole conversation so far, rebuilt from the log (for a resumed interview)."""
        out: list[Entry] = []
        for e in self.history:
            out.extend(self.entries_for(e, with_prompt=True))
        return out

    # --- acting -------------------------------------------------------------------------------

    def act(self, action: str, *args: Any) -> Event:
        """Call one engine action; the event is committed before this returns. If another window
        wrote to the interview meanwhile, nothing is written and `on_conflict` is told."""
        try:
            e = getattr(self.interview, action)(*args)
        except store.Conflict as c:
            if self.on_conflict is not None:
                self.on_conflict(str(c))
            raise EngineError(str(c)) from None
        self.history.append(e)
        return e

    def finish_if_done(self) -> bool:
        if self.state == "finished":
            if not self.interview.transcript.finished:
                self.act("finish")
            return True
        return False
