"""Recordings -> the interview engine -> the store, in bulk.

Each recording is driven through the same engine as a live interview, its events collected in
memory and chained (`prepare`, pure apart from the clock: it runs in worker processes), and then
written with others in one short transaction (`write_batch`, the single writer): a recording is
stored whole or not at all, and a recording whose content hash is already stored is not stored
again unless asked to."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import store
from .core.assess import Event
from .core.model import Bank
from .engine import Interview
from .recording import Item, Recording


class MemorySink:
    """Collects events with their timestamps; the store chains and writes them afterwards."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, type_: str, payload: Mapping[str, Any]) -> Event:
        e = Event(len(self.events) + 1, type_, payload, store.now())
        self.events.append(e)
        return e


def drive(bank: Bank, rec: Recording, sink=None, *, reviews: bool = True) -> Interview:
    """Play one recording through the engine. Answers are given when the engine asks for them:
    a second answer to a question is an amendment (back, then answer), a probe answer the engine
    did not ask for is added while confirming, and nothing recorded is dropped."""
    sink = sink or MemorySink()
    iv = Interview(bank, rec.processes, sink)
    iv.start(rec.respondent, source="replay")
    pending: dict[str, deque[Item]] = defaultdict(deque)
    process_na = set()
    for item in rec.items:
        if item.kind == "process_not_applicable":
            process_na.add(item.prompt)
        else:
            pending[item.prompt].append(item)
    while iv.state != "finished":
        p = iv.prompt
        assert p is not None, iv.state
        if p.process in process_na:
            iv.process_not_applicable()
            continue
        if p.kind in ("question", "probe"):
            queue = pending.get(p.id)
            item = queue.popleft() if queue else None
            if item is None or item.kind in ("skipped", "probe_skipped"):
                iv.skip()
            elif item.kind == "not_applicable":
                iv.not_applicable()
            else:
                iv.answer(item.text)
            continue
        # confirming: what is left of this process's recording goes in before confirming
        for prompt in [k for k in pending if k.split(".")[0] == p.process]:
            queue = pending.pop(prompt)
            while queue:
                item = queue.popleft()
                if item.kind == "add":
                    iv.amend(prompt, item.text)
                elif item.kind == "probe":
                    iv.add_probe_answer(prompt.split(".", 1)[1], item.text)
                elif item.kind == "answer":
                    iv.back(prompt)
                    iv.answer(item.text)
                    _drain_to_confirm(iv, pending)
        iv.confirm()
    if reviews:
        for r in rec.reviews:
            iv.review(r.process, r.criterion, r.rating, r.reviewer, r.reason, r.action)
    iv.finish()
    return iv


def _drain_to_confirm(iv: Interview, pending) -> None:
    """After an amendment the engine may probe again; answer from the recording or skip."""
    while iv.prompt is not None and iv.prompt.kind == "probe":
        queue = pending.get(iv.prompt.id)
        item = queue.popleft() if queue else None
        if item is not None and item.kind == "probe":
            iv.answer(item.text)
        else:
            iv.skip()


@dataclass(frozen=True)
class Stored:
    interview_id: str
    events: list[Event]
    already: bool  # the same recording was in the database and was not stored again


@dataclass(frozen=True)
class Prepared:
    """One recording driven and chained, ready for the writer (small and picklable)."""

    source: str
    content_hash: str  # the recording's hash plus :r (with reviews) or :n (without)
    base_id: str
    started: dict[str, Any]  # the `started` payload, for the interviews row
    events: list[tuple[str, str, str]]  # (type, canonical payload, at)
    hashes: list[str]  # chain hashes for base_id
    answers: list[tuple[int, str, str, str]]  # (seq, prompt, process, text) for the read model
    status: str  # the interview's status after its last event


@dataclass(frozen=True)
class Known:
    """A recording the database already held when a worker looked (not driven again)."""

    source: str
    content_hash: str


def content_key(rec: Recording, reviews: bool) -> str:
    """What identifies a stored replay: the recording's hash, and whether reviews were applied."""
    return f"{rec.content_hash}:{'r' if reviews else 'n'}"


def prepare(bank: Bank, rec: Recording, *, reviews: bool = True) -> Prepared:
    sink = MemorySink()
    drive(bank, rec, sink, reviews=reviews)
    base = f"rec-{rec.content_hash[:12]}{'' if reviews else '-nr'}"
    events = [(e.type, _canonical(e.payload), e.at) for e in sink.events]
    answers = [
        (e.seq, e.payload["prompt"], e.payload["prompt"].split(".")[0], e.payload["text"])
        for e in sink.events
        if e.type in _ANSWER_TYPES
    ]
    status = "started"
    for e in sink.events:
        status = store.STATUS_OF.get(e.type, status)
    return Prepared(
        rec.source,
        content_key(rec, reviews),
        base,
        dict(sink.events[0].payload),
        events,
        _hashes(base, events),
        answers,
        status,
    )


# `store.canonical` and `store.event_hash`, byte for byte, without building a JSON encoder per
# call (json.dumps with options does): one encoder, and the hash's JSON list spelt out (its items
# are texts and one integer). Tested against store's own functions and by `store.verify`.
_canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
_text = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _hashes(iid: str, events: Sequence[tuple[str, str, str]]) -> list[str]:
    out, prev = [], store.GENESIS
    qid = _text(iid)
    for seq, (type_, payload, at) in enumerate(events, start=1):
        blob = f"[{_text(prev)},{qid},{seq},{_text(type_)},{_text(payload)},{_text(at)}]"
        prev = hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()
        out.append(prev)
    return out


_ANSWER_TYPES = ("answered", "probe_answered", "amended")
_EVENT_SQL = (
    "insert into events (id, interview_id, seq, type, payload, at, prev_hash, hash) "
    "values (?, ?, ?, ?, ?, ?, ?, ?)"
)
_ANSWER_SQL = (
    "insert into answers (event_id, interview_id, seq, prompt, process, text) "
    "values (?, ?, ?, ?, ?, ?)"
)


def write_batch(
    db: sqlite_utils.Database, batch: Sequence[Prepared | Known], *, again: bool = False
) -> list[tuple[str | None, bool]]:
    """Store several prepared recordings in one short write transaction; per recording, its
    interview id and whether it was already present (a `Known` one that is not there: None).
    The same rows as `store.insert_rows` writes (events, answers, the interviews row with its
    head), in prepared executemany calls."""
    if not batch:
        return []
    out: list[tuple[str | None, bool]] = []
    with store.write(db):
        hashes = sorted({p.content_hash for p in batch})
        existing: dict[str, list[str]] = defaultdict(list)
        for i in range(0, len(hashes), 500):
            part = hashes[i : i + 500]
            for h, iid in db.execute(
                f"select content_hash, id from interviews where content_hash in "
                f"({','.join('?' * len(part))}) order by id",
                part,
            ):
                existing[h].append(iid)
        next_id = db.execute("select coalesce(max(id), 0) from events").fetchone()[0] + 1
        bases = sorted({p.base_id for p in batch if isinstance(p, Prepared)}) or [""]
        taken = {
            r[0]
            for r in db.execute(
                f"select id from interviews where id in ({','.join('?' * len(bases))})", bases
            )
        }
        iv_rows, ev_rows, an_rows = [], [], []
        for p in batch:
            have = existing.get(p.content_hash)
            if isinstance(p, Known):
                out.append((have[0], True) if have else (None, False))
                continue
            if have and not again:
                out.append((have[0], True))
                continue
            iid = p.base_id if not have else f"{p.base_id}-{len(have) + 1}"
            while iid in taken or (iid != p.base_id and _exists(db, iid)):
                iid = f"{p.base_id}-{store.new_interview_id('x')[2:]}"
            taken.add(iid)
            existing[p.content_hash].append(iid)
            hashes_ = p.hashes if iid == p.base_id else _hashes(iid, p.events)
            first_id = next_id
            prev = store.GENESIS
            for seq, ((type_, payload, at), h) in enumerate(
                zip(p.events, hashes_, strict=True), start=1
            ):
                ev_rows.append((next_id, iid, seq, type_, payload, at, prev, h))
                prev = h
                next_id += 1
            an_rows.extend(
                (first_id + seq - 1, iid, seq, prompt, process, text)
                for seq, prompt, process, text in p.answers
            )
            row = store.interview_row(
                iid, p.started, content_hash=p.content_hash, at=p.events[0][2]
            )
            row.update(
                events=len(p.events), head_hash=prev, updated_at=p.events[-1][2], status=p.status
            )
            iv_rows.append(row)
            out.append((iid, False))
        if iv_rows:
            cols = list(iv_rows[0])
            db.conn.executemany(
                f"insert into interviews ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                [[r[c] for c in cols] for r in iv_rows],
            )
            db.conn.executemany(_EVENT_SQL, ev_rows)
            if an_rows:
                db.conn.executemany(_ANSWER_SQL, an_rows)
    return out


def _exists(db: sqlite_utils.Database, iid: str) -> bool:
    return db.execute("select 1 from interviews where id = ?", [iid]).fetchone() is not None


def replay_one(
    db: sqlite_utils.Database,
    bank: Bank,
    rec: Recording,
    *,
    again: bool = False,
    reviews: bool = True,
) -> Stored:
    p = prepare(bank, rec, reviews=reviews)
    [(iid, already)] = write_batch(db, [p], again=again)
    if already:
        return Stored(iid, store.events(db, iid), True)
    return Stored(
        iid,
        [Event(n, t, json.loads(pl), at) for n, (t, pl, at) in enumerate(p.events, start=1)],
        False,
    )
