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
    row = db.execute(
        "select seq, payload from events where interview_id = ? and seq = 5", [s.interview_id]
    ).fetchone()
    payload = json.loads(row[1])
    payload["text"] = payload["text"] + " (edited)"
    db.execute(
        "update events set payload = ? where interview_id = ? and seq = 5",
        [store.canonical(payload), s.interview_id],
    )
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


@pytest.mark.parametrize("content", [b"garbage, not a database", None])
def test_a_database_that_is_not_ours_is_a_message(tmp_path, monkeypatch, capsys, content):
    from interviewbot.cli import main

    path = tmp_path / "x.db"
    if content is None:  # an SQLite database of someone else's
        other = sqlite3.connect(path)
        other.execute("create table customers (id integer)")
        other.commit()
        other.close()
    else:
        path.write_bytes(content)
    monkeypatch.setattr("sys.argv", ["interviewbot", "verify", "--db", str(path)])
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"{path}" in err and "not an interviewbot" in err and "Traceback" not in err
    if content is None:  # and nothing was added to it
        assert sqlite3.connect(path).execute(
            "select name from sqlite_master where type = 'table'"
        ).fetchall() == [("customers",)]


def test_reports_and_show_warn_when_the_chain_is_broken(bank, tmp_path):
    from click.testing import CliRunner

    from interviewbot.cli import cli

    path = tmp_path / "w.db"
    db = store.open_db(path)
    s = replay_one(db, bank, paper(bank))
    run = CliRunner().invoke
    ok = run(cli, ["report", s.interview_id, "--db", str(path), "--format", "md"]).output
    assert "Warning" not in ok and "verifies" in ok
    db.execute("drop trigger events_no_update")
    db.execute("update events set at = 'x' where interview_id = ? and seq = 3", [s.interview_id])
    db.conn.commit()
    for fmt in ("md", "html"):
        out = run(cli, ["report", s.interview_id, "--db", str(path), "--format", fmt]).output
        assert "audit chain of this interview is broken" in out and "event 3" in out
    shown = run(cli, ["show", s.interview_id, "--db", str(path)]).output
    assert "WARNING: the audit chain is broken" in shown
    r = run(cli, ["report", s.interview_id, "--db", str(path), "--format", "json"])
    assert any("event 3" in w for w in json.loads(r.stdout)["interviews"][0]["warnings"])
    assert "warning:" in r.stderr
    n = len(store.events(db, s.interview_id))
    args = ["--db", str(path), "--reviewer", "C", "--reason", "r"]
    r = run(cli, ["override", s.interview_id, "slm", "responsibility", "largely", *args])
    assert r.exit_code == 2 and "does not verify" in r.output  # nothing written on a forgery
    assert len(store.events(db, s.interview_id)) == n


def _live(bank, path, iid="iv-two"):
    from interviewbot.tui.session import Session

    db = store.open_db(path)
    who = {"name": "A", "role": "B", "organisation": "C"}
    s = Session.new(db, bank, who, ["slm"], iid)
    s.act("answer", "We have an SLA.")
    s.act("pause")
    return db


def test_two_windows_on_one_interview_cannot_interleave_it(bank, tmp_path):
    from interviewbot.tui.session import EngineError, Session

    db = _live(bank, tmp_path / "iv.db")
    a = Session.resume(db, bank, "iv-two")  # first window: writes `resumed`
    told: list[str] = []
    b = Session.reopen(store.open_db(tmp_path / "iv.db"), bank, "iv-two")  # second window
    b.on_conflict = told.append
    a.act("answer", "from the first window")
    n = len(store.events(db, "iv-two"))
    with pytest.raises(EngineError, match="changed in another window"):
        b.act("answer", "from the second window")
    assert told and "--resume iv-two" in told[0]
    assert len(store.events(db, "iv-two")) == n  # nothing written by the second window
    assert not store.verify(db)[2]


def test_a_reviewers_decision_does_not_stop_a_live_session(bank, tmp_path):
    from interviewbot.tui.session import Session

    db = _live(bank, tmp_path / "iv.db")
    live = Session.resume(db, bank, "iv-two")
    other = store.open_db(tmp_path / "iv.db")
    store.append(
        other,
        "iv-two",
        "reviewed",
        {
            "process": "slm",
            "criterion": "responsibility",
            "rating": "partially",
            "reviewer": "C",
            "reason": "r",
            "action": "override",
        },
    )
    live.act("answer", "The service level manager owns it.")  # not refused


def test_a_log_paused_twice_still_resumes(bank, tmp_path):
    from interviewbot.engine import Interview

    db = _live(bank, tmp_path / "iv.db")
    store.append(db, "iv-two", "paused", {})  # as two unguarded windows could leave it
    iv = Interview.resume_from(bank, store.events(db, "iv-two"))
    assert iv.state == "paused"
