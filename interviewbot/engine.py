"""The one interview engine. The TUI, replay and the tests all drive it.

A `transitions` state machine bound to a plain domain object. Every action is first written as an
event through the sink (the store commits it), then applied; resuming is replaying the stored
events through the same code without writing. Where the interview goes next is decided by guards
on the folded transcript: a question left, a criterion still unassessed, a process left."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from transitions import Machine, MachineError

from .core.assess import Event, Transcript
from .core.classify import CLASSIFIER_VERSION, classify, implied
from .core.model import CRITERIA, Bank

Sink = Callable[[str, Mapping[str, Any]], Event]

STATES = ["ready", "asking", "probing", "confirming", "paused", "finished"]
ACTIVE = ["asking", "probing", "confirming"]

# Wherever an action leaves the interview, the next state is decided the same way, in order.
_ROUTE = [
    ("asking", "has_question"),
    ("probing", "has_probe"),
    ("confirming", "in_process"),
    ("finished", None),
]


def _routed(trigger: str, source: list[str] | str) -> list[dict[str, Any]]:
    return [
        {
            "trigger": trigger,
            "source": source,
            "dest": dest,
            **({"conditions": cond} if cond else {}),
        }
        for dest, cond in _ROUTE
    ]


TRANSITIONS: list[dict[str, Any]] = [
    *_routed("started", "ready"),
    *_routed("answered", "asking"),
    *_routed("skipped", "asking"),
    *_routed("marked_not_applicable", "asking"),
    *_routed("went_back", ACTIVE),
    *_routed("marked_process_not_applicable", ACTIVE),
    *_routed("probe_answered", "probing"),
    {"trigger": "probe_answered", "source": "confirming", "dest": "confirming"},
    *_routed("probe_skipped", "probing"),
    {"trigger": "amended", "source": "confirming", "dest": "confirming"},
    *_routed("confirmed", "confirming"),
    {"trigger": "paused", "source": ACTIVE, "dest": "paused"},
    *_routed("resumed", "paused"),
    # Review events may arrive at any time (a consultant works on finished interviews); they
    # change ratings, never where the interview stands.
    *(
        {"trigger": t, "source": "*", "dest": None}
        for t in ("reviewed", "review_undone", "rescored", "finished")
    ),
]


# Triggers are named after the events they apply; two event names are also action methods of the
# model, and transitions silently refuses to bind a trigger over an attribute, so those two
# triggers carry a prefix.
TRIGGER_OF = {
    "not_applicable": "marked_not_applicable",
    "process_not_applicable": "marked_process_not_applicable",
}


def _triggers_by_state() -> dict[str, frozenset[str]]:
    """What `Machine.get_triggers(state)` answers, computed once from the table (it is static)."""
    out: dict[str, set[str]] = {s: set() for s in STATES}
    for t in TRANSITIONS:
        src = t["source"]
        for s in STATES if src == "*" else [src] if isinstance(src, str) else src:
            out[s].add(t["trigger"])
    return {s: frozenset(v) for s, v in out.items()}


_TRIGGERS = _triggers_by_state()


class EngineError(Exception):
    """An action that the interview cannot take now (e.g. confirming while a question is open)."""


@dataclass(frozen=True)
class Prompt:
    """What the interview asks now."""

    kind: str  # question | probe | confirm
    id: str  # question id (slm.1), probe id (slm.responsibility) or process id
    process: str
    text: str
    criterion: str | None = None


class Interview:
    """One interview: the domain object the state machine is bound to."""

    state: str

    def __init__(
        self,
        bank: Bank,
        processes: Iterable[str] | None = None,
        sink: Sink | None = None,
        max_probes: int = 4,
    ):
        self.bank = bank
        self.plan = list(processes) if processes is not None else list(bank.process_ids)
        for pid in self.plan:
            bank.process(pid)  # KeyError for an unknown process, before anything is written
        self.sink = sink
        self.max_probes = max_probes
        self.transcript = Transcript()
        self.back_to: str | None = None
        self.seq = 0
        self._evidence: dict[tuple[str, str, int], tuple] = {}
        self.machine = Machine(
            model=self,
            states=STATES,
            transitions=TRANSITIONS,
            initial="ready",
            auto_transitions=False,
            queued=True,
        )

    # --- reading ------------------------------------------------------------------------------

    @property
    def current_process(self) -> str | None:
        tr = self.transcript
        for pid in self.plan:
            if pid not in tr.process_na and pid not in tr.confirmed:
                return pid
        return None

    def _open_question(self) -> str | None:
        pid = self.current_process
        if pid is None:
            return None
        if self.back_to is not None:
            return self.back_to
        for q in self.bank.process(pid).questions:
            if q.id not in self.transcript.outcome:
                return q.id
        return None

    def unassessed(self, pid: str) -> list[str]:
        """Criteria that nothing said in this process speaks to yet."""
        ev = self._process_evidence(pid)
        seen = {e.criterion for e in ev}
        return [c for c in CRITERIA if c not in seen]

    def _process_evidence(self, pid: str) -> tuple:
        """The process's evidence, each recorded piece of words classified once (classify is
        pure, so a piece's evidence never changes; only which pieces count does)."""
        out: list = []
        for pc in self.transcript.process_pieces(pid):
            key = (pid, pc.prompt, pc.seq)
            ev = self._evidence.get(key)
            if ev is None:
                try:
                    q = self.bank.question(pc.prompt)
                except KeyError:
                    q = None  # a probe: read in its process, with no question focus
                ev = self._evidence[key] = tuple(
                    e.at(pc.prompt, pc.seq) for e in classify(self.bank, pc.text, pid, q)
                )
            out.extend(ev)
        return tuple(out + implied(self.bank, out))  # = evidence_for(bank, pid, pieces)

    def _next_probe(self) -> str | None:
        pid = self.current_process
        if pid is None or self._open_question() is not None:
            return None
        probed = [c for c in CRITERIA if f"{pid}.{c}" in self.transcript.outcome]
        if len(probed) >= self.max_probes:
            return None
        for c in self.unassessed(pid):
            if c not in probed:
                return c
        return None

    # guards
    def has_question(self) -> bool:
        return self._open_question() is not None

    def has_probe(self) -> bool:
        return self._next_probe() is not None

    def in_process(self) -> bool:
        return self.current_process is not None

    @property
    def prompt(self) -> Prompt | None:
        pid = self.current_process
        if pid is None or self.state in ("ready", "paused", "finished"):
            return None
        if self.state == "asking":
            q = self.bank.question(self._open_question() or "")
            return Prompt("question", q.id, pid, q.text)
        if self.state == "probing":
            c = self._next_probe()
            assert c is not None
            return Prompt("probe", f"{pid}.{c}", pid, self.bank.process(pid).followups[c], c)
        return Prompt(
            "confirm", pid, pid, f"Is this what you meant about {self.bank.process(pid).name}?"
        )

    # --- acting: each action is written first, then applied -----------------------------------

    def start(self, respondent: Mapping[str, str] | None = None, source: str = "tui") -> Event:
        return self._do(
            "started",
            {
                "bank": self.bank.id,
                "bank_version": self.bank.version,
                "bank_hash": self.bank.hash,
                "classifier": CLASSIFIER_VERSION,
                "lexicon_version": self.bank.lexicon.version,
                "respondent": dict(respondent or {}),
                "processes": self.plan,
                "source": source,
            },
        )

    def answer(self, text: str) -> Event:
        p = self._need("question", "probe")
        kind = "answered" if p.kind == "question" else "probe_answered"
        return self._do(kind, {"prompt": p.id, "text": text})

    def skip(self) -> Event:
        p = self._need("question", "probe")
        return self._do("skipped" if p.kind == "question" else "probe_skipped", {"prompt": p.id})

    def not_applicable(self) -> Event:
        p = self._need("question")
        return self._do("not_applicable", {"prompt": p.id})

    def process_not_applicable(self) -> Event:
        p = self._need("question", "probe", "confirm")
        return self._do("process_not_applicable", {"process": p.process})

    def back(self, prompt: str | None = None) -> Event:
        """Return to an earlier question of this process; its next answer amends the old one."""
        p = self._need("question", "probe", "confirm")
        qs = [q.id for q in self.bank.process(p.process).questions]
        if prompt is None:
            if p.kind == "question" and p.id in qs:
                i = qs.index(p.id)
                if i == 0:
                    raise EngineError("this is the first question of the process")
                prompt = qs[i - 1]
            else:
                prompt = qs[-1]
        if prompt not in qs:
            raise EngineError(f"{prompt} is not a question of {p.process}")
        return self._do("went_back", {"prompt": prompt})

    def add_probe_answer(self, criterion: str, text: str) -> Event:
        p = self._need("confirm")
        return self._do("probe_answered", {"prompt": f"{p.process}.{criterion}", "text": text})

    def amend(self, prompt: str, text: str) -> Event:
        """Add words to an answer of this process while confirming it (the old words stay)."""
        p = self._need("confirm")
        if prompt.split(".")[0] != p.process:
            raise EngineError(f"{prompt} is not part of {p.process}")
        return self._do("amended", {"prompt": prompt, "text": text})

    def confirm(self) -> Event:
        p = self._need("confirm")
        return self._do("confirmed", {"process": p.id})

    def review(
        self,
        process: str,
        criterion: str,
        rating: str | None,
        reviewer: str,
        reason: str,
        action: str = "override",
    ) -> Event:
        """A consultant's decision on one rating: override (a rating and a reason) or accept."""
        from .core.model import Rating

        if process not in self.plan:
            raise EngineError(f"process '{process}' is not part of this interview")
        if criterion not in CRITERIA:
            raise EngineError(f"unknown criterion '{criterion}' (one of: {', '.join(CRITERIA)})")
        if not (reviewer or "").strip():
            raise EngineError("a review needs the reviewer's name")
        if action == "override":
            if rating not in {r.value for r in Rating}:
                raise EngineError(
                    f"unknown rating {rating!r} (one of: {', '.join(r.value for r in Rating)})"
                )
            if not (reason or "").strip():
                raise EngineError("an override needs a reason")
        elif action != "accept":
            raise EngineError(f"unknown review action {action!r}")
        return self._do(
            "reviewed",
            {
                "process": process,
                "criterion": criterion,
                "rating": rating,
                "reviewer": reviewer.strip(),
                "reason": (reason or "").strip(),
                "action": action,
            },
        )

    def undo_review(self, reviewer: str) -> Event:
        """Undo this reviewer's last decision that is still in force (a new event)."""
        undone = {
            e.payload["undoes"] for e in self.transcript.review_log if e.type == "review_undone"
        }
        live = [
            e for e in self.transcript.review_log if e.type == "reviewed" and e.seq not in undone
        ]
        # in force: no later decision (by anyone) on the same rating has replaced it
        last: dict[tuple[str, str], int] = {}
        for e in live:
            last[(e.payload.get("process"), e.payload.get("criterion"))] = e.seq
        mine = [
            e
            for e in live
            if e.payload.get("reviewer") == reviewer
            and last[(e.payload.get("process"), e.payload.get("criterion"))] == e.seq
        ]
        if not mine:
            raise EngineError(f"{reviewer} has no review decision to undo that is still in force")
        return self._do("review_undone", {"undoes": mine[-1].seq, "reviewer": reviewer})

    def pause(self) -> Event:
        return self._do("paused", {})

    def resume(self) -> Event:
        return self._do("resumed", {})

    def finish(self) -> Event:
        if self.state != "finished":
            raise EngineError("the interview still has questions")
        return self._do("finished", {})

    def _need(self, *kinds: str) -> Any:
        p = self.prompt
        if p is None or p.kind not in kinds:
            now = p.kind if p else self.state
            raise EngineError(f"not possible now: the interview is at {now}")
        return p

    def _do(self, kind: str, payload: Mapping[str, Any]) -> Event:
        if TRIGGER_OF.get(kind, kind) not in _TRIGGERS[self.state]:
            raise EngineError(f"'{kind}' is not possible while {self.state}")
        if self.sink is not None:
            event = self.sink(kind, payload)  # committed before the interview moves on
        else:
            event = Event(self.seq + 1, kind, payload)
        self.apply(event)
        return event

    def apply(self, event: Event) -> None:
        """Fold one event in and let the machine route; used live and when resuming."""
        self.seq = event.seq
        if event.type == "went_back":
            self.back_to = event.payload["prompt"]
        elif event.type in ("answered", "skipped", "not_applicable") or event.type in (
            "process_not_applicable",
            "confirmed",
        ):
            self.back_to = None
        self.transcript.apply(event)
        try:
            self.trigger(TRIGGER_OF.get(event.type, event.type))  # type: ignore[attr-defined]
        except MachineError as e:
            raise EngineError(str(e)) from None

    @classmethod
    def resume_from(
        cls, bank: Bank, events: Iterable[Event], sink: Sink | None = None, max_probes: int = 4
    ) -> Interview:
        """Rebuild an interview from its stored events, then continue writing through sink."""
        events = list(events)
        if not events or events[0].type != "started":
            raise EngineError("an interview's log starts with its 'started' event")
        iv = cls(bank, events[0].payload.get("processes"), None, max_probes)
        for e in events:
            if e.type == "paused" and iv.state == "paused":
                iv.seq = e.seq  # paused in two windows at once (before writes were guarded)
                continue
            iv.apply(e)
        iv.sink = sink
        return iv


def diagram() -> str:
    """The machine as a Mermaid state diagram, drawn from the machine definition itself."""
    from transitions.extensions.diagrams import GraphMachine

    class _Model:
        pass

    model = _Model()
    GraphMachine(
        model=model,
        states=STATES,
        transitions=TRANSITIONS,
        initial="ready",
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title="interviewbot interview",
    )
    return model.get_graph().draw(None)  # type: ignore[attr-defined]
