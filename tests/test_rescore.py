"""Rescore: every rating re-derived with another bank, what changed printed, `--write` records a
`rescored` event per changed interview, recorded answers untouched."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewbot import store
from interviewbot.batch import run_replay
from interviewbot.cli import cli
from interviewbot.core.assess import assess, fold
from interviewbot.core.bank import load_bank
from interviewbot.rescore import ratings, rescore

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "recordings"


@pytest.fixture
def filled(tmp_path, bank):
    db_path = tmp_path / "r.db"
    files = tuple(str(f) for f in sorted(GOLD.glob("*.yaml"))[:5])
    assert (
        run_replay(
            files, str(db_path), bank, reviews=True, again=False, fmt="summary", progress=False
        )
        == 0
    )
    return db_path


@pytest.fixture
def bank2(tmp_path):
    """The same questionnaire with a bolder lexicon: every phrase family counts 0.95."""
    d = tmp_path / "bank2"
    shutil.copytree(ROOT / "question_bank" / "itil-crm", d)
    lex = d / "lexicon.yaml"
    lex.write_text(
        re.sub(r"(?m)^(\s+strength:) 0\.\d+$", r"\1 0.95", lex.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    return load_bank(d)


def snapshot(db) -> tuple:
    return (
        db.execute("select * from answers order by event_id").fetchall(),
        db.execute(
            "select id, seq, type, payload, hash from events where type != 'rescored' order by id"
        ).fetchall(),
    )


def test_the_same_bank_changes_nothing(filled, bank):
    db = store.open_db(filled)
    outs = list(rescore(db, bank))
    assert len(outs) == 5 and not any(o.changes or o.problem for o in outs)


def test_another_lexicon_changes_ratings_and_write_records_them(filled, bank, bank2):
    db = store.open_db(filled)
    before = snapshot(db)
    outs = list(rescore(db, bank2))
    changed = [o for o in outs if o.changes]
    assert changed and not any(o.written for o in outs)
    for o in changed:  # what is reported is exactly the difference of the two pure derivations
        tr = fold(store.events(db, o.interview))
        old, new = ratings(assess(bank, tr)), ratings(assess(bank2, tr))
        for c in o.changes:
            assert (old[c.process][c.criterion], new[c.process][c.criterion]) == (c.old, c.new)
            assert c.old != c.new
    assert (
        snapshot(db) == before
        and not db.execute("select count(*) from events where type = 'rescored'").fetchone()[0]
    )

    outs = list(rescore(db, bank2, write=True))
    assert [o.interview for o in outs if o.written] == [o.interview for o in changed]
    rows = db.execute("select interview_id, payload from events where type = 'rescored'").fetchall()
    assert len(rows) == len(changed)
    p = json.loads(rows[0][1])
    assert p["bank_hash"] == bank2.hash and p["changes"] and p["ratings"]
    assert snapshot(db) == before  # recorded answers untouched
    assert not store.verify(db)[2]
    from interviewbot.engine import Interview

    for o in changed:  # the engine still resumes the interview with its rescored event
        assert Interview.resume_from(bank, store.events(db, o.interview)).state == "finished"
    assert not any(o.changes for o in rescore(db, bank2))  # in force now: nothing more to write
    back = list(rescore(db, bank))  # and going back is a change again
    assert {o.interview for o in back if o.changes} == {o.interview for o in changed}


def test_rescore_command(filled, bank2):
    r = CliRunner().invoke(cli, ["rescore", "--db", str(filled), "--bank", str(bank2.path)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["interview", "process", "criterion", "old", "new"]
    assert len(lines) > 1 and all(len(x.split()) == 5 for x in lines[1:])
    assert "nothing written" in r.stderr
    r = CliRunner().invoke(
        cli,
        ["rescore", "--db", str(filled), "--bank", str(bank2.path), "--write", "--format", "json"],
    )
    doc = json.loads(r.stdout)
    assert doc["bank"]["hash"] == bank2.hash
    assert any(iv["written"] for iv in doc["interviews"])
    r = CliRunner().invoke(cli, ["rescore", "--db", str(filled.parent / "none.db")])
    assert r.exit_code == 2 and "no database" in r.stderr
