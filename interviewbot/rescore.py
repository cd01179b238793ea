"""Rescore: re-derive every stored interview's ratings with another bank or lexicon version.

Ratings are never stored as truth; they are `assess(bank, fold(events))`, a pure function of the
recorded words, the reviews and a bank. A rescore reads each interview's log, derives the ratings
with the new bank, and compares them with the ratings in force: those of the interview's last
`rescored` event if it has one, otherwise those derived with the installed bank of the same id.
With `write`, each changed interview gets one `rescored` event (the bank it was rescored with, the
changes and the full new ratings) appended to its chain; recorded answers are never touched."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from . import store
from .core.assess import Assessment, Event, assess, fold
from .core.bank import load_bank
from .core.classify import CLASSIFIER_VERSION
from .core.model import CRITERIA, Bank

Ratings = dict[str, dict[str, Any]]  # process -> criterion (and "level") -> rating (level: int)


@dataclass(frozen=True)
class Change:
    interview: str
    process: str
    criterion: str  # a criterion id, or "level"
    old: Any
    new: Any


@dataclass
class Outcome:
    interview: str
    changes: list[Change] = field(default_factory=list)
    baseline: str = ""  # what the old ratings are: "rescored" or "bank <id> <version>"
    problem: str | None = None  # why it could not be rescored
    written: bool = False


def ratings(a: Assessment) -> Ratings:
    out: Ratings = {}
    for pid, pr in a.processes.items():
        if pr.not_applicable:
            out[pid] = {"not_applicable": True}
            continue
        out[pid] = {c: pr.criteria[c].rating for c in CRITERIA}
        out[pid]["level"] = pr.level.level if pr.level is not None else None
    return out


def diff(iid: str, old: Mapping[str, Mapping[str, Any]], new: Ratings) -> list[Change]:
    out = []
    for pid, now in new.items():
        before = old.get(pid, {})
        for k in (*CRITERIA, "level", "not_applicable"):
            if k in now or k in before:
                if before.get(k) != now.get(k):
                    out.append(Change(iid, pid, k, before.get(k), now.get(k)))
    return out


def _baseline(
    events: list[Event], started: Mapping[str, Any], banks: dict[str, Bank | Exception]
) -> tuple[Ratings | None, str, Bank | None]:
    last = next(
        (
            e
            for e in reversed(events)
            if e.type == "rescored" and isinstance(e.payload.get("ratings"), dict)
        ),
        None,
    )
    if last is not None:
        p = last.payload
        return p["ratings"], f"rescored with {p.get('bank')} {p.get('bank_version')}", None
    bid = str(started.get("bank"))
    if bid not in banks:
        try:
            banks[bid] = load_bank(bid)
        except Exception as e:  # noqa: BLE001 - reported per interview
            banks[bid] = e
    b = banks[bid]
    if isinstance(b, Exception):
        return None, f"cannot load bank '{bid}': {b}", None
    return None, f"bank {b.id} {b.version}", b


def rescore(
    db: sqlite_utils.Database, bank: Bank, *, write: bool = False, reviews: bool = True
) -> Iterator[Outcome]:
    """Per stored interview (oldest first), what changes with `bank`; streamed."""
    banks: dict[str, Bank | Exception] = {}
    ids = [r[0] for r in db.execute("select id from interviews order by created_at, id")]
    for iid in ids:
        events = store.events(db, iid)
        tr = fold(events)
        out = Outcome(iid)
        if tr.started.get("bank") != bank.id:
            out.problem = f"recorded with bank '{tr.started.get('bank')}', not '{bank.id}'"
            yield out
            continue
        old, out.baseline, old_bank = _baseline(events, tr.started, banks)
        try:
            if old is None:
                if old_bank is None:
                    out.problem = out.baseline
                    yield out
                    continue
                old = ratings(assess(old_bank, tr, reviews=reviews))
            new = ratings(assess(bank, tr, reviews=reviews))
        except KeyError as e:
            out.problem = f"the bank has no process or question {e}"
            yield out
            continue
        out.changes = diff(iid, old, new)
        if write and out.changes and store.chain_break(db, iid) is not None:
            out.problem = (
                "the audit chain does not verify; nothing written (see `interviewbot verify`)"
            )
            yield out
            continue
        if write and out.changes:
            store.append(
                db,
                iid,
                "rescored",
                {
                    "bank": bank.id,
                    "bank_version": bank.version,
                    "bank_hash": bank.hash,
                    "lexicon_version": bank.lexicon.version,
                    "classifier": CLASSIFIER_VERSION,
                    "reviews": reviews,
                    "changes": [
                        {"process": c.process, "criterion": c.criterion, "old": c.old, "new": c.new}
                        for c in out.changes
                    ],
                    "ratings": new,
                },
            )
            out.written = True
        yield out
