"""From an interview's events to its assessment: answers per prompt, evidence, ratings, levels.

Ratings are never stored; they are derived here from the recorded words, the reviews and a bank,
so a rescore with another bank is the same pure call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .classify import Evidence, classify, implied, percent
from .model import CRITERIA, UNASSESSED, Bank, Rating
from .scoring import LevelResult, aggregates, level_for, rating_for


@dataclass(frozen=True)
class Event:
    """One entry of an interview's log. `seq` orders events within the interview."""

    seq: int
    type: str
    payload: Mapping[str, Any]
    at: str = ""


@dataclass(frozen=True)
class Piece:
    """Words recorded for a prompt: an answer, an amendment, or an addition to an answer."""

    prompt: str
    text: str
    seq: int


@dataclass
class Transcript:
    """What was said, folded from the events: the latest answer per prompt plus its additions."""

    processes: list[str] = field(default_factory=list)
    pieces: dict[str, list[Piece]] = field(default_factory=dict)
    outcome: dict[str, str] = field(default_factory=dict)  # prompt -> answered/skipped/...
    process_na: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    reviews: dict[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    review_log: list[Event] = field(default_factory=list)
    started: Mapping[str, Any] = field(default_factory=dict)
    finished: bool = False

    def apply(self, e: Event) -> None:
        p = e.payload
        t = e.type
        if t == "started":
            self.started = p
            self.processes = list(p.get("processes", []))
        elif t in ("answered", "probe_answered"):
            self.pieces[p["prompt"]] = [Piece(p["prompt"], p["text"], e.seq)]
            self.outcome[p["prompt"]] = "answered"
        elif t == "amended":
            self.pieces.setdefault(p["prompt"], []).append(Piece(p["prompt"], p["text"], e.seq))
            self.outcome[p["prompt"]] = "answered"
        elif t in ("skipped", "probe_skipped"):
            self.outcome.setdefault(p["prompt"], "skipped")
            if self.outcome[p["prompt"]] != "answered":
                self.outcome[p["prompt"]] = "skipped"
        elif t == "not_applicable":
            self.pieces.pop(p["prompt"], None)
            self.outcome[p["prompt"]] = "not_applicable"
        elif t == "process_not_applicable":
            self.process_na.add(p["process"])
        elif t == "confirmed":
            self.confirmed.add(p["process"])
        elif t == "finished":
            self.finished = True
        elif t == "reviewed":
            self.reviews[(p["process"], p["criterion"])] = {**p, "seq": e.seq}
            self.review_log.append(e)
        elif t == "review_undone":
            self.review_log.append(e)
            self._recompute_reviews()

    def _recompute_reviews(self) -> None:
        undone = {e.payload["undoes"] for e in self.review_log if e.type == "review_undone"}
        self.reviews = {}
        for e in self.review_log:
            if e.type == "reviewed" and e.seq not in undone:
                self.reviews[(e.payload["process"], e.payload["criterion"])] = {
                    **e.payload,
                    "seq": e.seq,
                }

    def process_pieces(self, pid: str) -> list[Piece]:
        return [
            pc for prompt, ps in self.pieces.items() if prompt.split(".")[0] == pid for pc in ps
        ]


def fold(events: Iterable[Event]) -> Transcript:
    tr = Transcript()
    for e in events:
        tr.apply(e)
    return tr


def evidence_for(bank: Bank, pid: str, pieces: Sequence[Piece]) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for pc in pieces:
        q = _question(bank, pc.prompt)
        out.extend(e.at(pc.prompt, pc.seq) for e in classify(bank, pc.text, pid, q))
    return tuple(out + implied(bank, out))


def _question(bank: Bank, prompt: str):
    try:
        return bank.question(prompt)
    except KeyError:
        return None  # a probe: read in its process, with no question focus


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    rating: str  # a Rating value, or "unassessed"
    percent: float | None
    source: str  # rubric | review
    evidence: tuple[Evidence, ...]
    rubric_rating: str
    review: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ProcessResult:
    process: str
    name: str
    decision_level: str
    not_applicable: bool
    criteria: Mapping[str, CriterionResult]
    level: LevelResult | None  # None when not applicable


@dataclass(frozen=True)
class Assessment:
    processes: Mapping[str, ProcessResult]
    decision_levels: Mapping[str, float | None]
    overall: float | None
    method: str


def assess(bank: Bank, tr: Transcript, *, reviews: bool = True) -> Assessment:
    """Pure: the whole assessment from a transcript and a bank."""
    results: dict[str, ProcessResult] = {}
    for pid in tr.processes:
        proc = bank.process(pid)
        if pid in tr.process_na:
            results[pid] = ProcessResult(pid, proc.name, proc.decision_level, True, {}, None)
            continue
        ev = evidence_for(bank, pid, tr.process_pieces(pid))
        crit: dict[str, CriterionResult] = {}
        for c in CRITERIA:
            items = tuple(e for e in ev if e.criterion == c)
            pct = percent(bank, items)
            rubric = rating_for(pct, bank.model).value if pct is not None else UNASSESSED
            review = tr.reviews.get((pid, c)) if reviews else None
            if review is not None and review.get("action", "override") == "override":
                crit[c] = CriterionResult(c, review["rating"], pct, "review", items, rubric, review)
            else:
                crit[c] = CriterionResult(c, rubric, pct, "rubric", items, rubric, review)
        lv = level_for({c: r.rating for c, r in crit.items()}, bank.model)
        results[pid] = ProcessResult(pid, proc.name, proc.decision_level, False, crit, lv)
    levels = {pid: r.level.level for pid, r in results.items() if r.level is not None}
    per, overall, method = aggregates(bank, levels)
    return Assessment(results, per, overall, method)


__all__ = [
    "Assessment",
    "CriterionResult",
    "Event",
    "Piece",
    "ProcessResult",
    "Rating",
    "Transcript",
    "assess",
    "evidence_for",
    "fold",
]
