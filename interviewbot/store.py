"""SQLite storage through sqlite-utils: an append-only, hash-chained event log per interview, and
read models (interviews, answers) derived from it.

The log is the truth. The database itself refuses UPDATE and DELETE on it (triggers); every event
carries the hash of the one before, so `verify` finds any edit made behind the triggers' back."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .core.assess import Event

GENESIS = "0" * 64
DEFAULT_DB = "interviewbot.db"

GUARD_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END",
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class StoreError(Exception):
    """A database that cannot be used: not SQLite, someone else's, unreadable."""


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (and if need be create) a database, with the pragmas every connection needs."""
    try:
        if str(path) != ":memory:":
            if Path(path).is_dir():
                raise StoreError(f"{path} is a folder, not a database file")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        tables = set(db.table_names())
        if tables and not {"interviews", "events"} <= tables:
            conn.close()
            raise StoreError(
                f"{path} is an SQLite database, but not an interviewbot one "
                f"(it has no interviews and events tables); give another --db"
            )
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        ensure_schema(db)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not an interviewbot database ({e})") from None
    except OSError as e:
        raise StoreError(f"cannot open {path}: {e.strerror or e}") from None
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    with write(db):
        if not db["interviews"].exists():
            db["interviews"].create(
                {
                    "id": str,
                    "bank": str,
                    "bank_version": str,
                    "bank_hash": str,
                    "classifier": str,
                    "respondent": str,
                    "role": str,
                    "organisation": str,
                    "source": str,
                    "content_hash": str,
                    "created_at": str,
                    "updated_at": str,
                    "status": str,
                    "events": int,
                    "head_hash": str,
                },
                pk="id",
                not_null={"bank", "bank_hash", "classifier", "created_at", "status"},
            )
            db["interviews"].create_index(["content_hash"])
        if not db["events"].exists():
            db["events"].create(
                {
                    "id": int,
                    "interview_id": str,
                    "seq": int,
                    "type": str,
                    "payload": str,
                    "at": str,
                    "prev_hash": str,
                    "hash": str,
                },
                pk="id",
                foreign_keys=[("interview_id", "interviews", "id")],
                not_null={"interview_id", "seq", "type", "payload", "at", "prev_hash", "hash"},
            )
            db["events"].create_index(["interview_id", "seq"], unique=True)
        if not db["answers"].exists():
            db["answers"].create(
                {
                    "event_id": int,
                    "interview_id": str,
                    "seq": int,
                    "prompt": str,
                    "process": str,
                    "text": str,
                },
                pk="event_id",
                foreign_keys=[("interview_id", "interviews", "id")],
            )
            db["answers"].create_index(["interview_id"])
        for sql in GUARD_TRIGGERS:
            db.execute(sql)
    ensure_fts(db)


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over every answer (FTS5, porter stemming), kept in step with `answers`
    by triggers. Outside `write`: sqlite-utils creates it with executescript, which commits."""
    if db["answers_fts"].exists():
        return
    try:
        db["answers"].enable_fts(
            ["text"], fts_version="FTS5", tokenize="porter", create_triggers=True
        )
    except sqlite3.OperationalError:
        if not db["answers_fts"].exists():  # not a concurrent creation: a real error
            raise


def search_answers(db: sqlite_utils.Database, query: str, limit: int = 200) -> list[dict[str, Any]]:
    """Answers matching an FTS5 query across all interviews, best first. Plain words are quoted,
    so user input never becomes FTS syntax by accident."""
    terms = [t for t in query.split() if t.strip()]
    if not terms:
        return []
    q = " ".join(
        '"' + t.rstrip("*").replace('"', '""') + '"' + ("*" if t.endswith("*") else "")
        for t in terms
        if t.rstrip("*")
    )
    if not q:
        return []
    return list(
        db["answers"].search(
            q, columns=["event_id", "interview_id", "seq", "prompt", "process", "text"], limit=limit
        )
    )


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A short write transaction that holds the write lock from its start (BEGIN IMMEDIATE).

    Appending reads the chain's head and then writes; a deferred BEGIN could lose the race to
    another writer in WAL mode and fail without waiting. Nested use joins the outer block."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.execute("COMMIT")


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(prev: str, interview_id: str, seq: int, type_: str, payload: str, at: str) -> str:
    blob = canonical([prev, interview_id, seq, type_, payload, at])
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def new_interview_id(prefix: str = "iv") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass(frozen=True)
class Row:
    """An event ready to insert, with its chain hash."""

    interview_id: str
    seq: int
    type: str
    payload: str
    at: str
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def chain(
    interview_id: str,
    prev: str,
    start_seq: int,
    items: Iterable[tuple[str, Mapping[str, Any], str]],
) -> list[Row]:
    rows = []
    seq = start_seq
    for type_, payload, at in items:
        seq += 1
        p = canonical(payload)
        h = event_hash(prev, interview_id, seq, type_, p, at)
        rows.append(Row(interview_id, seq, type_, p, at, prev, h))
        prev = h
    return rows


def interview_row(
    interview_id: str, started: Mapping[str, Any], *, content_hash: str | None, at: str
) -> dict[str, Any]:
    r = started.get("respondent") or {}
    return {
        "id": interview_id,
        "bank": started["bank"],
        "bank_version": started.get("bank_version"),
        "bank_hash": started["bank_hash"],
        "classifier": started["classifier"],
        "respondent": r.get("name"),
        "role": r.get("role"),
        "organisation": r.get("organisation"),
        "source": started.get("source"),
        "content_hash": content_hash,
        "created_at": at,
        "updated_at": at,
        "status": "started",
        "events": 0,
        "head_hash": GENESIS,
    }


STATUS_OF = {
    "started": "in progress",
    "paused": "paused",
    "resumed": "in progress",
    "finished": "finished",
}


def insert_rows(db: sqlite_utils.Database, rows: Sequence[Row]) -> None:
    """Insert chained rows and keep the read models in step (call inside `write`)."""
    if not rows:
        return
    db["events"].insert_all((r.as_dict() for r in rows), batch_size=500)
    answers = []
    status = None
    for r in rows:
        if r.type in ("answered", "probe_answered", "amended"):
            p = json.loads(r.payload)
            answers.append(
                {
                    "interview_id": r.interview_id,
                    "seq": r.seq,
                    "prompt": p["prompt"],
                    "process": p["prompt"].split(".")[0],
                    "text": p["text"],
                }
            )
        status = STATUS_OF.get(r.type, status)
    if answers:
        # event_id is the events row's rowid, looked up by (interview, seq)
        for a in answers:
            a["event_id"] = db.execute(
                "select id from events where interview_id = ? and seq = ?",
                [a["interview_id"], a["seq"]],
            ).fetchone()[0]
        db["answers"].insert_all(answers, batch_size=500)
    last = rows[-1]
    sets = "events = ?, head_hash = ?, updated_at = ?" + (", status = ?" if status else "")
    args: list[Any] = [last.seq, last.hash, last.at] + ([status] if status else [])
    db.execute(f"update interviews set {sets} where id = ?", [*args, last.interview_id])


def create_interview(
    db: sqlite_utils.Database,
    interview_id: str,
    started_payload: Mapping[str, Any],
    *,
    content_hash: str | None = None,
) -> Event:
    at = now()
    with write(db):
        db["interviews"].insert(
            interview_row(interview_id, started_payload, content_hash=content_hash, at=at)
        )
        rows = chain(interview_id, GENESIS, 0, [("started", started_payload, at)])
        insert_rows(db, rows)
    return Event(1, "started", started_payload, at)


# A consultant's decisions do not move an interview on: a live session may write after them.
QUIET = frozenset({"reviewed", "review_undone", "rescored"})


class Conflict(StoreError):
    """Another window or process wrote to this interview since this session read it."""


def append(
    db: sqlite_utils.Database,
    interview_id: str,
    type_: str,
    payload: Mapping[str, Any],
    after: int | None = None,
) -> Event:
    """Append one event and commit it before returning. With `after` (the last event the writer
    has seen), refuse if anyone else moved the interview on since: two windows on one interview
    would otherwise interleave two conversations in one log."""
    at = now()
    with write(db):
        head = db.execute(
            "select seq, hash from events where interview_id = ? order by seq desc limit 1",
            [interview_id],
        ).fetchone()
        if head is None:
            raise KeyError(f"no interview {interview_id!r}")
        if after is not None and head[0] != after:
            moved = db.execute(
                "select type from events where interview_id = ? and seq > ?", [interview_id, after]
            ).fetchall()
            if any(t not in QUIET for (t,) in moved):
                raise Conflict(
                    f"interview {interview_id} was changed in another window or process since it"
                    " was opened here; nothing was written. Close the other one, then resume:"
                    f" interviewbot interview --resume {interview_id}"
                )
        rows = chain(interview_id, head[1], head[0], [(type_, payload, at)])
        insert_rows(db, rows)
    return Event(rows[0].seq, type_, payload, at)


def sink_for(db: sqlite_utils.Database, interview_id: str, after: int | None = None):
    """The engine's sink for a live interview: each event committed as it happens. Given the
    last event the session has read (`after`), it refuses to write over another writer's."""
    last = [after]

    def sink(type_: str, payload: Mapping[str, Any]) -> Event:
        if type_ == "started":
            e = create_interview(db, interview_id, payload)
        else:
            e = append(db, interview_id, type_, payload, after=last[0])
        last[0] = e.seq
        return e

    return sink


def events(db: sqlite_utils.Database, interview_id: str) -> list[Event]:
    return [
        Event(seq, type_, json.loads(payload), at)
        for seq, type_, payload, at in db.execute(
            "select seq, type, payload, at from events where interview_id = ? order by seq",
            [interview_id],
        ).fetchall()
    ]


def interview(db: sqlite_utils.Database, interview_id: str) -> dict[str, Any] | None:
    rows = list(db["interviews"].rows_where("id = ?", [interview_id]))
    return rows[0] if rows else None


def interviews(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db["interviews"].rows_where(order_by="created_at"))


def find_interview(db: sqlite_utils.Database, ref: str) -> dict[str, Any]:
    """An interview by id or unique id prefix."""
    if not ref.strip():
        raise LookupError("an empty interview id (see `interviewbot list`)")
    exact = interview(db, ref)
    if exact:
        return exact
    # a prefix, literally: % and _ in it are characters, not patterns
    rows = list(db["interviews"].rows_where("substr(id, 1, ?) = ?", [len(ref), ref], limit=3))
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise LookupError(f"no interview '{ref}' (see `interviewbot list`)")
    raise LookupError(f"'{ref}' matches several interviews; give more of the id")


@dataclass(frozen=True)
class Break:
    interview_id: str
    seq: int | None
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.seq} (row id {self.event_id})" if self.seq is not None else "log"
        return f"{self.interview_id}: {where}: {self.problem}"


def verify(
    db: sqlite_utils.Database, interview_id: str | None = None
) -> tuple[int, int, list[Break]]:
    """Re-check every chain (or one interview's); per interview, the first broken event.
    Returns (interviews, events, breaks)."""
    breaks: list[Break] = []
    n_iv = n_ev = 0
    where, args = ("where interview_id = ? ", [interview_id]) if interview_id else ("", [])
    cur = db.execute(
        "select id, interview_id, seq, type, payload, at, prev_hash, hash from events "
        f"{where}order by interview_id, seq",
        args,
    )
    state: dict[str, tuple[str, int]] = {}
    broken: set[str] = set()
    for eid, iid, seq, type_, payload, at, prev, h in cur:
        n_ev += 1
        if iid not in state:
            n_iv += 1
            state[iid] = (GENESIS, 0)
        if iid in broken:
            continue
        want_prev, want_seq = state[iid]
        problem = None
        if seq != want_seq + 1:
            problem = f"sequence gap: expected {want_seq + 1}, found {seq}"
        elif prev != want_prev:
            problem = "prev_hash does not match the previous event's hash"
        elif event_hash(prev, iid, seq, type_, payload, at) != h:
            problem = "content does not match its hash (the event was altered)"
        if problem:
            breaks.append(Break(iid, seq, eid, problem))
            broken.add(iid)
            continue
        state[iid] = (h, seq)
    where = "where id = ?" if interview_id else ""
    for iid, head, count in db.execute(
        f"select id, head_hash, events from interviews {where}", args
    ):
        if iid not in state:  # an interview whose every event is gone is counted, and broken
            n_iv += 1
        if iid in broken:
            continue
        got = state.get(iid, (GENESIS, 0))
        if (head, count) != got:
            breaks.append(
                Break(
                    iid,
                    None,
                    None,
                    f"the interview's recorded head ({count} events, {head[:12]}) "
                    f"does not match its log ({got[1]} events, {got[0][:12]})",
                )
            )
    return n_iv, n_ev, breaks


def chain_break(db: sqlite_utils.Database, interview_id: str) -> Break | None:
    """The first break in one interview's chain, or None when it verifies."""
    breaks = verify(db, interview_id)[2]
    return breaks[0] if breaks else None
