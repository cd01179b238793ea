"""Recordings -> the interview engine -> the store, in bulk.

Each recording is driven through the same engine as a live interview, its events collected in
memory, and then written in one transaction: a recording is stored whole or not at all."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping
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


def replay_one(db: sqlite_utils.Database, bank: Bank, rec: Recording, *, again: bool = False,
               reviews: bool = True) -> Stored:
    sink = MemorySink()
    drive(bank, rec, sink, reviews=reviews)
    content_hash = f"{rec.content_hash}:{'r' if reviews else 'n'}"
    base = f"rec-{rec.content_hash[:12]}{'' if reviews else '-nr'}"
    with store.write(db):
        existing = [r["id"] for r in db["interviews"].rows_where(
            "content_hash = ?", [content_hash], select="id", order_by="id")]
        if existing and not again:
            iid = existing[0]
            return Stored(iid, store.events(db, iid), True)
        iid = base if not existing else f"{base}-{len(existing) + 1}"
        while store.interview(db, iid):
            iid = f"{base}-{store.new_interview_id('x')[2:]}"
        first = sink.events[0]
        db["interviews"].insert(store.interview_row(iid, first.payload,
                                                    content_hash=content_hash, at=first.at))
        rows = store.chain(iid, store.GENESIS, 0,
                           ((e.type, e.payload, e.at) for e in sink.events))
        store.insert_rows(db, rows)
    return Stored(iid, sink.events, False)
