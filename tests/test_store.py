"""The append-only, hash-chained log: refused edits, and verify naming the first broken event."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from interviewbot import store
from interviewbot.recording import check_against, load_file
from interviewbot.replay import replay_one

ROOT = Path(__file__).resolve().parents[1]


def paper(bank):
    (rec,) = load_file(ROOT / "examples" / "paper_case.yaml")
    return check_against(rec, bank)


def test_update_and_delete_are_refused_by_the_database(bank, db):
    replay_one(db, bank, paper(bank))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("update events set payload = '{}' where seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("delete from events where seq = 2")


def test_verify_passes_then_names_the_altered_event(bank, db):
    s = replay_one(db, bank, paper(bank))
    n_iv, n_ev, breaks = store.verify(db)
    assert (n_iv, breaks) == (1, []) and n_ev == len(s.events)
    # behind the guard's back: drop the triggers, alter answer 5, put the triggers back
    db.execute("drop trigger events_no_update")
    row = db.execute("select seq, payload from events where interview_id = ? and seq = 5",
                     [s.interview_id]).fetchone()
    payload = json.loads(row[1])
    payload["text"] = payload["text"] + " (edited)"
    db.execute("update events set payload = ? where interview_id = ? and seq = 5",
               [store.canonical(payload), s.interview_id])
    db.conn.commit()
    store.ensure_schema(db)
    _, _, breaks = store.verify(db)
    assert len(breaks) == 1
    assert (breaks[0].interview_id, breaks[0].seq) == (s.interview_id, 5)
    assert "altered" in breaks[0].problem


def test_each_live_event_is_committed_before_returning(bank, tmp_path):
    from interviewbot.engine import Interview

    path = tmp_path / "live.db"
    db = store.open_db(path)
    iv = Interview(bank, ["capacity"], store.sink_for(db, "iv-1"))
    iv.start({"name": "A"})
    iv.answer("We monitor utilisation every day.")
    other = sqlite3.connect(path)  # another connection sees it at once
    assert other.execute("select count(*) from events").fetchone()[0] == 2
