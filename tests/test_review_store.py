"""Full-text search over answers: created by open_db, kept in step by triggers."""

from __future__ import annotations

from interviewbot import store


def _iv(db, iid, text):
    store.create_interview(
        db,
        iid,
        {"bank": "itil-crm", "bank_hash": "h", "classifier": "c", "respondent": {"name": "R"}},
    )
    store.append(db, iid, "answered", {"prompt": "slm.1", "text": text})


def test_fts_created_and_kept_in_sync(db):
    assert db["answers_fts"].exists()
    _iv(db, "iv-a", "We have an SLA [bold]and[/bold] monthly reports.")
    _iv(db, "iv-b", "Unfortunately, there is no OLA.")
    hits = store.search_answers(db, "report")  # porter: report ~ reports
    assert [h["interview_id"] for h in hits] == ["iv-a"]
    assert [h["interview_id"] for h in store.search_answers(db, "OLA")] == ["iv-b"]
    assert store.search_answers(db, "unfortun*")[0]["prompt"] == "slm.1"
    # FTS syntax in user input is taken literally, never an error
    assert store.search_answers(db, 'NEAR( "x AND') == []
    assert store.search_answers(db, "   ") == []
    n, _, breaks = store.verify(db)
    assert n == 2 and not breaks


def test_fts_added_to_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    _iv(db, "iv-a", "capacity is monitored")
    db["answers"].disable_fts()
    db.close()
    db = store.open_db(path)  # open_db brings the index back, filled
    assert [h["interview_id"] for h in store.search_answers(db, "monitored")] == ["iv-a"]
    db.close()
