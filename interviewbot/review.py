"""The consultant's workbench, shell side: find interviews, rebuild their assessment, record review
decisions through the engine, compare rubric and reviewer. Used by the review commands and the
review screen alike, so both write exactly the same events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import report, store
from .core.agreement import Agreement, rating_agreement
from .core.assess import Assessment, Event, Piece, Transcript, assess, fold
from .core.bank import load_bank
from .core.classify import Evidence
from .core.model import CRITERIA, Bank
from .engine import EngineError, Interview

# One colour per criterion, shared by the terminal, the review screen and the reports.
CRITERION_COLOURS: Mapping[str, str] = {
    "awareness_communication": "#1f77b4",
    "responsibility": "#9467bd",
    "plans_procedures": "#e07b00",
    "measurement_improvement": "#2ca02c",
}

__all__ = [
    "CRITERION_COLOURS",
    "EngineError",
    "Loaded",
    "ReviewError",
    "accept",
    "agreement",
    "load",
    "override",
    "segments",
    "summary_rows",
    "transcript_items",
    "undo",
]


class ReviewError(Exception):
    """A review action that cannot be done (unknown interview, missing reason, ...)."""


@dataclass
class Loaded:
    """One interview as the workbench sees it."""

    meta: dict[str, Any]
    bank: Bank
    events: list[Event]
    transcript: Transcript
    assessment: Assessment
    rubric: Assessment  # the same words without any review: the rubric's own reading
    chain_break: store.Break | None = None  # the audit chain's first break, if it is broken

    @property
    def id(self) -> str:
        return self.meta["id"]


_BANKS: dict[str, Bank] = {}


def bank_for(meta: Mapping[str, Any], bank: Bank | None = None) -> Bank:
    """The bank an interview was made with (by id), unless one is given."""
    if bank is not None:
        return bank
    key = meta.get("bank") or ""
    if key not in _BANKS:
        try:
            _BANKS[key] = load_bank(key or None)
        except Exception:  # noqa: BLE001 - an unknown bank id: score with the default bank
            _BANKS[key] = load_bank(None)
    return _BANKS[key]


def load(db: sqlite_utils.Database, ref: str, bank: Bank | None = None) -> Loaded:
    try:
        meta = store.find_interview(db, ref)
    except LookupError as e:
        raise ReviewError(str(e)) from None
    b = bank_for(meta, bank)
    evs = store.events(db, meta["id"])
    tr = fold(evs)
    return Loaded(
        meta,
        b,
        evs,
        tr,
        assess(b, tr, reviews=True),
        assess(b, tr, reviews=False),
        store.chain_break(db, meta["id"]),
    )


def _engine(db: sqlite_utils.Database, lo: Loaded) -> Interview:
    """The interview, to write a decision to; never on top of a log that does not verify (a
    new, validly hashed event would make forged content look endorsed)."""
    if lo.chain_break is not None:
        raise ReviewError(
            f"the audit chain does not verify ({lo.chain_break}); nothing is "
            "written on top of it (see `interviewbot verify`)"
        )
    try:
        return Interview.resume_from(lo.bank, lo.events, store.sink_for(db, lo.id))
    except EngineError as e:
        raise ReviewError(f"the log of {lo.id} cannot be read back ({e})") from None


def _name(reviewer: str, what: str) -> None:
    if not (reviewer or "").strip():
        raise ReviewError(f"{what} needs the reviewer's name")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in reviewer):
        raise ReviewError("a reviewer's name is one line of text, without control characters")


def override(
    db: sqlite_utils.Database,
    lo: Loaded,
    process: str,
    criterion: str,
    rating: str,
    reviewer: str,
    reason: str,
) -> Event:
    """Override one rating (a reason and the reviewer's name are required)."""
    if not (reason or "").strip():
        raise ReviewError("an override needs a reason: say why the rubric's rating is wrong")
    _name(reviewer, "an override")
    pr = lo.rubric.processes.get(process)
    if pr is not None and criterion in pr.criteria and pr.criteria[criterion].rating == rating:
        # the rubric already says so: agreeing with it is an accept, and counting it as an
        # override would understate the rubric's agreement with the reviewer
        raise ReviewError(
            f"the rubric already rates {process} {criterion} {rating}: to agree with it, "
            "accept it (`interviewbot accept`)"
        )
    try:
        return _engine(db, lo).review(process, criterion, rating, reviewer, reason, "override")
    except EngineError as e:
        raise ReviewError(str(e)) from None


def accept(
    db: sqlite_utils.Database,
    lo: Loaded,
    process: str,
    criterion: str,
    reviewer: str,
    reason: str = "",
) -> Event:
    """Accept the rubric's rating explicitly (an accept replaces an override in force)."""
    _name(reviewer, "an accept")
    try:
        return _engine(db, lo).review(process, criterion, None, reviewer, reason, "accept")
    except EngineError as e:
        raise ReviewError(str(e)) from None


def undo(db: sqlite_utils.Database, lo: Loaded, reviewer: str) -> Event:
    """Undo this reviewer's last decision still in force (a new event; nothing is deleted)."""
    if not (reviewer or "").strip():
        raise ReviewError("undo needs the reviewer's name (one undoes only one's own decisions)")
    try:
        return _engine(db, lo).undo_review(reviewer.strip())
    except EngineError as e:
        raise ReviewError(str(e)) from None


def review_log(lo: Loaded) -> list[dict[str, Any]]:
    """Every review decision and undo, in order, with whether it is still in force."""
    undone = {e.payload["undoes"] for e in lo.transcript.review_log if e.type == "review_undone"}
    in_force = {v["seq"] for v in lo.transcript.reviews.values()}
    out = []
    for e in lo.transcript.review_log:
        out.append(
            {
                "seq": e.seq,
                "at": e.at,
                "type": e.type,
                **dict(e.payload),
                "in_force": e.seq in in_force,
                "undone": e.seq in undone,
            }
        )
    return out


# --- agreement -------------------------------------------------------------------------------


def rating_pairs(lo: Loaded, basis: str = "all") -> list[tuple[str, str, str, str]]:
    """(process, criterion, rubric rating, reviewer's rating) for each rated criterion.

    basis "all": every criterion of the processes that apply; one not overridden counts as the
    reviewer keeping the rubric's rating (the signed report says so). basis "reviewed": only
    criteria with a decision (override or accept) in force."""
    out = []
    for pid, pr in lo.assessment.processes.items():
        if pr.not_applicable:
            continue
        for c, cr in pr.criteria.items():
            if basis == "reviewed" and cr.review is None:
                continue
            out.append((pid, c, cr.rubric_rating, cr.rating))
    return out


def agreement(
    los: Sequence[Loaded], basis: str = "all"
) -> tuple[list[tuple[Loaded, Agreement]], Agreement]:
    """Per interview and pooled over the set."""
    per, pooled = [], []
    for lo in los:
        pairs = [(a, b) for _, _, a, b in rating_pairs(lo, basis)]
        pooled.extend(pairs)
        per.append((lo, rating_agreement(pairs)))
    return per, rating_agreement(pooled)


# --- listing ---------------------------------------------------------------------------------


def summary_rows(db: sqlite_utils.Database, bank: Bank | None = None) -> list[dict[str, Any]]:
    """One row per interview: id, respondent, organisation, date, status, overall, reviews."""
    rows = []
    for meta in store.interviews(db):
        b = bank_for(meta, bank)
        tr = fold(store.events(db, meta["id"]))
        a = assess(b, tr)
        overrides = sum(1 for r in tr.reviews.values() if r.get("action") == "override")
        rows.append(
            {
                "id": meta["id"],
                "respondent": meta.get("respondent"),
                "organisation": meta.get("organisation"),
                "date": (meta.get("created_at") or "")[:10],
                "status": meta.get("status"),
                "overall": report._num(a.overall),
                "overall_name": (
                    b.model.level(int(a.overall)).name
                    if a.overall is not None and float(a.overall).is_integer()
                    else None
                ),
                "reviewed": len(tr.reviews),
                "overrides": overrides,
            }
        )
    return rows


# --- transcript ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of a transcript: what was asked and the words recorded (or what happened)."""

    process: str
    prompt: str
    kind: str  # question | probe
    question: str
    piece: Piece | None
    outcome: str  # answered | skipped | not_applicable | unanswered
    evidence: tuple[Evidence, ...] = ()


def transcript_items(lo: Loaded) -> list[Item]:
    """The transcript in interview order, each piece with the evidence read in it."""
    out: list[Item] = []
    tr = lo.transcript
    for pid in tr.processes:
        proc = lo.bank.process(pid)
        pr = lo.assessment.processes.get(pid)
        ev = [e for cr in (pr.criteria.values() if pr else ()) for e in cr.evidence]
        if pid in tr.process_na:
            out.append(Item(pid, pid, "process", proc.name, None, "not_applicable"))
            continue
        prompts = [q.id for q in proc.questions]
        probes = sorted(
            (p for p in tr.pieces if p.split(".")[0] == pid and p not in prompts),
            key=lambda p: tr.pieces[p][0].seq,
        )
        probes += [
            p for p in tr.outcome if p.split(".")[0] == pid and p not in prompts and p not in probes
        ]
        for prompt in prompts + probes:
            is_q = prompt in prompts
            crit = prompt.split(".", 1)[1]
            text = (
                lo.bank.question(prompt).text if is_q else proc.followups.get(crit, f"About {crit}")
            )
            pieces = tr.pieces.get(prompt, [])
            if not pieces:
                out.append(
                    Item(
                        pid,
                        prompt,
                        "question" if is_q else "probe",
                        text,
                        None,
                        tr.outcome.get(prompt, "unanswered"),
                    )
                )
                continue
            for n, pc in enumerate(pieces):
                mine = tuple(e for e in ev if e.event == pc.seq and e.source == prompt)
                out.append(
                    Item(
                        pid,
                        prompt,
                        "question" if is_q else "probe",
                        text if n == 0 else "(added)",
                        pc,
                        "answered",
                        mine,
                    )
                )
    return out


def segments(text: str, evidence: Iterable[Evidence]) -> list[tuple[str, tuple[Evidence, ...]]]:
    """The text cut at every evidence boundary: (words, evidence covering them), in order, so an
    HTML or a terminal view can mark overlapping spans without nesting."""
    ev = [e for e in evidence if 0 <= e.start < e.end <= len(text)]
    cuts = sorted({0, len(text), *(e.start for e in ev), *(e.end for e in ev)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        cover = tuple(e for e in ev if e.start <= a and b <= e.end)
        out.append((text[a:b], cover))
    return out


def criterion_order(evidence: Iterable[Evidence]) -> list[str]:
    seen = {e.criterion for e in evidence}
    return [c for c in CRITERIA if c in seen]
