"""Domain types shared by the core and the shell. Frozen, so derived results can be cached and
compared; ids are the contract strings of DESIGN.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

CRITERIA: tuple[str, ...] = (
    "awareness_communication",
    "responsibility",
    "plans_procedures",
    "measurement_improvement",
)


class Rating(StrEnum):
    NOT_SATISFIED = "not_satisfied"
    PARTIALLY = "partially"
    LARGELY = "largely"
    SATISFIED = "satisfied"

    @property
    def rank(self) -> int:
        return RATINGS.index(self)


RATINGS: tuple[Rating, ...] = tuple(Rating)
UNASSESSED = "unassessed"  # not a rating: a criterion nothing speaks to


def frozen_map(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Band:
    rating: Rating
    label: str
    upto: float  # inclusive upper bound, percent


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    minimum: Mapping[str, Rating] = field(default_factory=lambda: frozen_map({}))


@dataclass(frozen=True)
class MaturityModel:
    id: str
    scale: tuple[Band, ...]
    levels: tuple[Level, ...]
    aggregate: str

    def level(self, n: int) -> Level:
        return next(lv for lv in self.levels if lv.level == n)


@dataclass(frozen=True)
class Question:
    id: str
    process: str
    number: int
    text: str
    probes: tuple[str, ...]
    focus: Mapping[str, float]


@dataclass(frozen=True)
class Process:
    id: str
    name: str
    decision_level: str
    questions: tuple[Question, ...]
    followups: Mapping[str, str]


@dataclass(frozen=True)
class Family:
    """A family of phrase variants that all show the same thing about one criterion."""

    criterion: str
    name: str
    why: str
    strength: float
    phrases: tuple[str, ...]
    only: frozenset[str] | None = None
    processes: Mapping[str, float] = field(default_factory=lambda: frozen_map({}))

    def strength_in(self, process: str | None) -> float | None:
        """The family's strength inside a process, or None where it does not apply."""
        if self.only is not None and process not in self.only:
            return None
        return self.processes.get(process or "", self.strength)


# The context trigger kinds that are plain phrase lists (hedges carry a factor each).
TRIGGER_LISTS: tuple[str, ...] = (
    "negation_pre",
    "negation_post",
    "pseudo_negation",
    "terminators",
    "future",
    "past",
    "present",
)


# Single words the scope rules consult (not phrases the automaton finds): subject pronouns for
# a fronted object ("Failover we never tested"), subjects that open a clause after a comma,
# negated subjects that deny their verb only ("Nobody owns the SLA"), and terminators that end a
# scope only as a conjunction ("yet").
WORD_CLASSES = ("pronouns", "subjects", "negated_subjects", "conjunction_only")


@dataclass(frozen=True)
class Context:
    """NegEx/ConText triggers; each kind maps a phrase to its parameter (hedges: a factor)."""

    window: int
    negation_pre: tuple[str, ...]
    negation_post: tuple[str, ...]
    pseudo_negation: tuple[str, ...]
    terminators: tuple[str, ...]
    hedges: Mapping[str, float]
    future: tuple[str, ...]
    past: tuple[str, ...]
    present: tuple[str, ...]
    negative_weight: float
    negative_awareness: float
    future_weight: float
    implied_awareness: float
    past_weight: float
    replies: Mapping[str, tuple[str, ...]]
    # word classes the scope rules look at beside a trigger (see WORD_CLASSES)
    words: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Ceiling:
    """A criterion with two halves: without evidence from `unless`, at most `percent`."""

    percent: float
    unless: frozenset[str]
    why: str


@dataclass(frozen=True)
class Lexicon:
    version: str
    labels: Mapping[str, str]
    shorts: Mapping[str, str]
    families: tuple[Family, ...]
    context: Context
    ceilings: Mapping[str, Ceiling] = field(default_factory=lambda: frozen_map({}))


@dataclass(frozen=True)
class Bank:
    id: str
    version: str
    title: str
    decision_levels: Mapping[str, str]
    processes: tuple[Process, ...]
    lexicon: Lexicon
    model: MaturityModel
    hash: str  # sha256 of the bank's files, so a score names exactly what it was made with
    path: str = ""

    def process(self, pid: str) -> Process:
        for p in self.processes:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def question(self, qid: str) -> Question:
        pid = qid.split(".", 1)[0]
        for q in self.process(pid).questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @property
    def process_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.processes)
