"""Batch replay: every input format in any mix, CSV validation, idempotency, --jobs, progress,
summary and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewbot import store
from interviewbot.batch import Progress, discover, run_replay
from interviewbot.cli import cli
from interviewbot.recording import check_against, load_file
from interviewbot.synth import recordings, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "recordings"

CSV_OK = """interview,respondent,role,organisation,question,text
k1,A. Owner,Service desk lead,Example Ltd,slm.1,"Our main documentation is the SLA, ""signed""
by both sides."
k2,B. Other,,,change.1,The change manager chairs a weekly CAB.
k1,,,,slm.2,
k1,,,,slm.3,The service manager takes the request and assesses it.
"""


def replay(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["replay", *args], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def count(db_path: Path) -> int:
    db = store.open_db(db_path)
    try:
        return db.execute("select count(*) from interviews").fetchone()[0]
    finally:
        db.close()


# --- CSV -------------------------------------------------------------------------------------------


def write(p: Path, text: str) -> Path:
    p.write_text(text, encoding="utf-8", newline="")
    return p


def test_csv_rows_group_into_recordings(tmp_path, bank):
    recs = load_file(write(tmp_path / "s.csv", CSV_OK))
    assert [r.respondent.get("name") for r in recs] == ["A. Owner", "B. Other"]
    k1 = check_against(recs[0], bank)
    assert [(i.kind, i.prompt, i.line) for i in k1.items] == [
        ("answer", "slm.1", 2),
        ("skipped", "slm.2", 5),
        ("answer", "slm.3", 6),
    ]
    assert k1.items[0].text == 'Our main documentation is the SLA, "signed"\nby both sides.'
    assert k1.processes == ("slm",)


def test_csv_and_yaml_with_the_same_content_share_a_hash(tmp_path):
    (csv_rec,) = load_file(write(tmp_path / "a.csv", "interview,question,text\nx,slm.1,Yes.\n"))
    (yaml_rec,) = load_file(
        write(
            tmp_path / "a.yaml",
            (
                "format: interviewbot/recording@1\nbank: itil-crm\nrespondent: {}\n"
                "answers:\n  - {question: slm.1, text: 'Yes.'}\n"
            ),
        )
    )
    assert csv_rec.content_hash == yaml_rec.content_hash


@pytest.mark.parametrize(
    "text, where",
    [
        ("interview,question,answer\nk,slm.1,x\n", ":1: column 3 'answer': unknown column"),
        ("interview,question\nk,slm.1\n", ":1: missing column 'text'"),
        ("interview,text\nk,x\n", ":1: missing column 'question' (or 'probe')"),
        ("interview,question,text,text\n", ":1: column 4 'text': column given twice"),
        ("interview,question,text\nk,slm.1,a\nk,slm.2\n", ":3: expected 3 columns"),
        ("interview,question,text\n,slm.1,a\n", ":2: column 1 'interview': empty interview key"),
        (
            "interview,question,probe,text\nk,slm.1,slm.responsibility,a\n",
            ":2: column 2 'question': each row names exactly one of: question, probe",
        ),
        (
            "interview,respondent,question,text\nk,A,slm.1,a\nk,B,slm.2,b\n",
            ":3: column 2 'respondent': interview 'k' has respondent 'A' on an earlier row, 'B' here",
        ),
        ("", "empty CSV file"),
        ("interview,question,text\n", "no answers in the file"),
    ],
)
def test_csv_errors_name_file_line_and_column(tmp_path, text, where):
    f = write(tmp_path / "bad.csv", text)
    errs = [str(e) for e in load_file(f)]
    assert len(errs) == 1 and errs[0].startswith(str(f)) and where in errs[0], errs


def test_csv_unknown_question_names_its_line_and_column(tmp_path, bank):
    f = write(tmp_path / "q.csv", "interview,question,text\nk,slm.1,a\nk,slm.9,b\n")
    (rec,) = load_file(f)
    with pytest.raises(Exception) as e:
        check_against(rec, bank)
    assert str(e.value) == f"{f}:3: column question: unknown question 'slm.9'"


def test_a_bad_interview_in_a_csv_does_not_cost_the_others(tmp_path):
    f = write(tmp_path / "m.csv", "interview,question,text\na,slm.1,x\nb,nope,y\na,slm.2,z\n")
    code, _, err = replay(str(f), "--db", str(tmp_path / "d.db"), "--format", "summary")
    assert code == 1
    assert f"FAILED {f}:3: column question: unknown question 'nope'" in err
    assert "replayed 1, already present 0, failed 1" in err


# --- any mix, summary, exit codes ------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path, bank):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    shutil.copy(GOLD / "01_regional_hospital.yaml", d / "a.yaml")
    docs = list(recordings(bank, 4, seed=7))
    (d / "b.json").write_text(json.dumps(docs[0]), encoding="utf-8")
    (d / "sub" / "c.jsonl").write_text(
        "\n".join(json.dumps(x) for x in docs[1:3]) + "\n", encoding="utf-8"
    )
    write(d / "sub" / "d.csv", CSV_OK)
    (d / "notes.txt").write_text("not a recording")
    return d


def test_folders_of_every_format_replay(tmp_path, mixed):
    db = tmp_path / "x.db"
    code, out, err = replay(str(mixed), "--db", str(db), "--format", "json")
    assert code == 0, err
    ids = [iv["id"] for iv in json.loads(out)["interviews"]]
    assert len(ids) == len(set(ids)) == 6
    assert "replayed 6, already present 0, failed 0" in err
    code, out, err = replay(str(mixed), "--db", str(db), "--format", "json")
    assert code == 0 and "replayed 0, already present 6, failed 0" in err
    assert [iv["id"] for iv in json.loads(out)["interviews"]] == ids
    assert count(db) == 6
    n_iv, _, breaks = store.verify(store.open_db(db))
    assert n_iv == 6 and not breaks


def test_again_stores_a_second_copy(tmp_path):
    db = tmp_path / "x.db"
    f = str(GOLD / "02_saas_startup.yaml")
    assert replay(f, "--db", str(db))[0] == 0
    code, out, err = replay(f, "--db", str(db), "--again", "--format", "json")
    assert code == 0 and "replayed 1, already present 0" in err
    assert json.loads(out)["interviews"][0]["id"].endswith("-2")
    assert count(db) == 2


def test_the_same_file_named_twice_is_read_once(tmp_path):
    files, errors = discover([str(GOLD / "02_saas_startup.yaml"), str(GOLD)])
    assert not errors and len(files) == len(list(GOLD.glob("*.yaml")))


def test_exit_codes(tmp_path, mixed):
    db = str(tmp_path / "x.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "interviewbot/recording@1"}\nnot json\n', encoding="utf-8")
    code, _, err = replay(str(bad), "--db", db)
    assert code == 2 and "nothing could be replayed" in err
    assert f"FAILED {bad}:1: missing field 'bank'" in err
    assert f"FAILED {bad}:2: not valid JSON" in err
    code, _, err = replay(str(tmp_path / "missing"), "--db", db)
    assert code == 2 and "no such file or folder" in err
    code, _, err = replay(str(mixed), str(bad), "--db", db, "--format", "summary")
    assert code == 1 and "replayed 6, already present 0, failed 2" in err


def _untimed(v):
    """Without the clock's traces (timestamps, and the chain hashes that cover them)."""
    if isinstance(v, dict):
        return {
            k: _untimed(x)
            for k, x in v.items()
            if k not in ("head_hash", "created_at", "updated_at", "at")
        }
    if isinstance(v, list):
        return [_untimed(x) for x in v]
    return v


def test_jobs_do_not_change_the_result(tmp_path, bank):
    src = write_jsonl(bank, tmp_path / "s.jsonl", 40, seed=3)
    got = []
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        code, out, err = replay(str(src), "--db", str(db), "--jobs", jobs, "--format", "json")
        assert code == 0, err
        d = store.open_db(db)
        rows = d.execute(
            "select interview_id, seq, type, payload from events order by interview_id, seq"
        ).fetchall()
        answers = d.execute("select * from answers order by interview_id, seq").fetchall()
        got.append((_untimed(json.loads(out)), rows, [a[1:] for a in answers]))
        assert not store.verify(d)[2]
    assert got[0] == got[1]


def test_plain_progress_lines_when_not_on_a_terminal(tmp_path, bank):
    src = write_jsonl(bank, tmp_path / "s.jsonl", 10)
    code, _, err = replay(str(src), "--db", str(tmp_path / "p.db"), "--format", "summary")
    assert code == 0
    assert "progress: 100% of input, 10 recordings read" in err.splitlines()[-2]
    _, _, err = replay(str(src), "--db", str(tmp_path / "p.db"), "--no-progress")
    assert "progress:" not in err


def test_the_progress_bar_on_a_terminal(capsys):
    from interviewbot.batch import Counts

    p = Progress(100, True, tty=True)
    p.update(50, Counts(replayed=3))
    p.close()
    assert p.bar is not None


def test_replayed_answers_are_stored_byte_exact(tmp_path, bank):
    text = "  Ünïcødé [bold]x[/] \x1b[31m ✓ \u2028 tabs\tand\r\nCRLF  "
    f = tmp_path / "u.jsonl"
    f.write_text(
        json.dumps(
            {
                "format": "interviewbot/recording@1",
                "bank": "itil-crm",
                "respondent": {"name": "Ö"},
                "answers": [{"question": "slm.1", "text": text}],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert (
        run_replay(
            (str(f),),
            str(tmp_path / "u.db"),
            bank,
            reviews=True,
            again=False,
            fmt="summary",
            progress=False,
        )
        == 0
    )
    db = store.open_db(tmp_path / "u.db")
    assert [r[0] for r in db.execute("select text from answers")] == [text]


def test_the_engines_trigger_table_is_what_transitions_says(bank):
    """The engine checks actions against a table computed once (a hot-path optimisation for
    replay); it must answer exactly what Machine.get_triggers answers."""
    from interviewbot.engine import _TRIGGERS, STATES, Interview

    iv = Interview(bank)
    assert {s: set(iv.machine.get_triggers(s)) for s in STATES} == {
        s: set(t) for s, t in _TRIGGERS.items()
    }


def test_replay_classifies_each_answer_once(bank, monkeypatch):
    """The engine's per-piece evidence memo: one classification per answer, and what the engine
    reads a process by is exactly `evidence_for` over its pieces."""
    import interviewbot.engine as engine_mod
    from interviewbot.core.assess import evidence_for
    from interviewbot.replay import drive

    calls = []
    real = engine_mod.classify
    monkeypatch.setattr(engine_mod, "classify", lambda *a: calls.append(a[1]) or real(*a))
    for f in sorted(GOLD.glob("*.yaml"))[:6]:
        (rec,) = load_file(f)
        calls.clear()
        iv = drive(bank, check_against(rec, bank))
        assert sorted(calls) == sorted(p.text for ps in iv.transcript.pieces.values() for p in ps)
        for pid in iv.plan:
            assert iv._process_evidence(pid) == evidence_for(
                bank, pid, iv.transcript.process_pieces(pid)
            )


def test_a_database_that_cannot_be_written_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = replay(str(GOLD / "02_saas_startup.yaml"), "--db", str(blocker / "x.db"))
    assert code == 2 and "cannot write to" in err


def test_a_rerun_does_not_drive_what_is_stored(tmp_path, bank, monkeypatch):
    import interviewbot.batch as batch_mod
    from interviewbot.replay import Known, write_batch

    src = write_jsonl(bank, tmp_path / "s.jsonl", 12, seed=4)
    db = str(tmp_path / "r.db")
    args = dict(reviews=True, again=False, fmt="summary", progress=False)
    assert run_replay((str(src),), db, bank, **args) == 0

    def boom(*a, **k):
        raise AssertionError("driven again")

    monkeypatch.setattr(batch_mod, "prepare", boom)
    assert run_replay((str(src),), db, bank, **args) == 0  # all found by the workers' look-up
    assert count(Path(db)) == 12
    # the writer's own check is the authority: a Known recording that is not there is reported
    d = store.open_db(db)
    assert write_batch(d, [Known("x.yaml", "nope:r")]) == [(None, False)]


def test_replayed_answers_are_searchable(tmp_path, bank):
    """The batch writer's prepared inserts keep the full-text index in step (its triggers)."""
    db_path = tmp_path / "f.db"
    assert (
        run_replay(
            (str(GOLD / "08_logistics_all_processes.yaml"),),
            str(db_path),
            bank,
            reviews=True,
            again=False,
            fmt="summary",
            progress=False,
        )
        == 0
    )
    db = store.open_db(db_path)
    hits = store.search_answers(db, "scanners")
    assert hits and all("scanners" in h["text"].lower() for h in hits)
    n = db.execute("select count(*) from answers").fetchone()[0]
    assert db.execute("select count(*) from answers_fts").fetchone()[0] == n


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_with_semicolons_or_tabs(tmp_path, sep):
    f = write(
        tmp_path / "s.csv",
        f"interview{sep}question{sep}text\nk{sep}slm.1{sep}a, b; c\n".replace(
            "a, b; c", '"a, b; c"' if sep == ";" else "a, b; c"
        ),
    )
    (rec,) = load_file(f)
    assert rec.items[0].text == "a, b; c"


@settings(max_examples=50, deadline=None)
@given(
    payload=st.dictionaries(st.text(max_size=8), st.text() | st.integers() | st.none(), max_size=4),
    iid=st.text(min_size=1, max_size=20),
    type_=st.text(max_size=12),
    at=st.text(max_size=30),
)
def test_the_writers_hashing_is_the_stores(payload, iid, type_, at):
    """replay spells out store.canonical and store.event_hash for speed; they must agree."""
    from interviewbot.replay import _canonical, _hashes

    p = _canonical(payload)
    assert p == store.canonical(payload)
    events = [(type_, p, at), ("x", "{}", at)]
    h1 = store.event_hash(store.GENESIS, iid, 1, type_, p, at)
    assert _hashes(iid, events) == [h1, store.event_hash(h1, iid, 2, "x", "{}", at)]


def test_evidence_at_is_a_plain_copy_with_its_place(bank):
    import dataclasses

    from interviewbot.core.classify import classify

    (e, *_) = classify(bank, "The process owner is responsible for it.", "slm")
    moved = e.at("slm.3", 7)
    assert moved == dataclasses.replace(e, source="slm.3", event=7) and moved != e
    assert hash(moved) == hash(dataclasses.replace(e, source="slm.3", event=7))
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.text = "x"  # type: ignore[misc]


def test_an_unterminated_quote_in_a_csv_is_an_error_not_a_swallowed_row(tmp_path):
    p = tmp_path / "u.csv"
    p.write_text('interview,question,text\nA,slm.1,"unterminated\nB,slm.2,x\n')
    r = CliRunner().invoke(cli, ["replay", str(p), "--db", str(tmp_path / "u.db")])
    assert r.exit_code == 2
    assert f"{p}:2: a quoted field opened in this row is never closed" in r.output


def test_a_named_file_with_another_suffix_is_refused_not_guessed(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    r = CliRunner().invoke(cli, ["replay", str(p), "--db", str(tmp_path / "n.db")])
    assert r.exit_code == 2 and f"{p}: not a recording file" in r.output


def test_a_review_is_named_at_its_own_line(tmp_path):
    p = tmp_path / "rv.yaml"
    p.write_text(
        "format: interviewbot/recording@1\nbank: itil-crm\nrespondent: {name: x}\n"
        "answers:\n  - {question: slm.1, text: We have an SLA.}\nreviews:\n"
        "  - {process: slm, criterion: responsibility, rating: partially, reviewer: R, reason: r}\n"
        "  - {process: capacity, criterion: responsibility, rating: partially, reviewer: R,"
        " reason: r}\n"
    )
    r = CliRunner().invoke(cli, ["replay", str(p), "--db", str(tmp_path / "r.db")])
    assert f"{p}:8: reviews[1].process: process 'capacity' has no answers" in r.output
