"""The consultant's commands through click's CliRunner, on the paper case."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_support import TRICKY_ANSWER, TRICKY_ID, paper_db

from interviewbot import store
from interviewbot.cli import cli
from interviewbot.core.agreement import rating_agreement


@pytest.fixture
def env(tmp_path_factory, tmp_path):
    path, iid = paper_db(tmp_path_factory, tmp_path)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, [*args, "--db", str(path)], catch_exceptions=False)

    return run, iid, path


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _verify(path):
    db = store.open_db(path)
    try:
        _, _, breaks = store.verify(db)
    finally:
        db.close()
    return breaks


def test_list_table_and_json(env):
    run, iid, _ = env
    r = run("list")
    assert r.exit_code == 0
    assert iid in r.output and "A major pharmaceutical company" in r.output
    assert "[red]Owner[/red]" in r.output  # markup shown literally
    doc = _json(run("list", "--format", "json"))
    rows = {x["id"]: x for x in doc["interviews"]}
    assert set(rows) == {iid, TRICKY_ID}
    assert rows[iid]["status"] == "finished" and rows[iid]["reviewed"] == 0
    assert isinstance(rows[iid]["overall"], int)
    assert rows[TRICKY_ID]["status"] == "in progress"


def test_show_marks_evidence_and_keeps_user_text_literal(env):
    run, iid, _ = env
    r = run("show", iid, "--process", "slm")
    assert r.exit_code == 0, r.output
    assert "Unfortunately, there is no «OLA»" in r.output
    assert "P/P - OLA" in r.output and "negation" in r.output
    assert "change.1" not in r.output  # --process limits the view
    r = run("show", TRICKY_ID)
    assert "[bold]We[/bold]" in r.output and "<script>" in r.output
    assert "Eve [red]Owner[/red]" in r.output


def test_unknown_interview_is_a_clear_error(env):
    run, _, _ = env
    for args in (
        ("show", "nope"),
        ("report", "nope"),
        ("review", "nope"),
        (
            "override",
            "nope",
            "slm",
            "responsibility",
            "largely",
            "--reason",
            "x",
            "--reviewer",
            "C",
        ),
    ):
        r = run(*args)
        assert r.exit_code == 2
        assert "no interview 'nope'" in r.stderr


def test_no_database_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(cli, ["list", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no database" in r.stderr
    assert not (tmp_path / "none.db").exists()


def test_override_refused_without_reason_or_reviewer(env):
    run, iid, path = env
    before = len(store.events(store.open_db(path), iid))
    r = run("override", iid, "slm", "measurement_improvement", "partially", "--reviewer", "C. O")
    assert r.exit_code == 2
    assert "an override needs a reason" in r.stderr
    r = run(
        "override",
        iid,
        "slm",
        "measurement_improvement",
        "partially",
        "--reason",
        "  ",
        "--reviewer",
        "C. O",
    )
    assert r.exit_code == 2 and "needs a reason" in r.stderr
    r = run("override", iid, "slm", "measurement_improvement", "partially", "--reason", "why")
    assert r.exit_code == 2 and "reviewer" in r.stderr
    r = run(
        "override",
        iid,
        "slm",
        "measurement_improvement",
        "mostly",
        "--reason",
        "why",
        "--reviewer",
        "C. O",
    )
    assert r.exit_code == 2 and "unknown rating 'mostly'" in r.stderr
    r = run(
        "override",
        iid,
        "nope",
        "measurement_improvement",
        "largely",
        "--reason",
        "why",
        "--reviewer",
        "C. O",
    )
    assert r.exit_code == 2 and "not part of this interview" in r.stderr
    assert len(store.events(store.open_db(path), iid)) == before  # nothing written


def test_override_accept_undo_are_events_and_verify(env):
    run, iid, path = env
    r = run(
        "override",
        iid,
        "slm",
        "plans_procedures",
        "satisfied",
        "--reason",
        "SLA and catalogue <b>exist</b>",
        "--reviewer",
        "C. Onsultant",
    )
    assert r.exit_code == 0, r.output
    assert "overridden to satisfied" in r.output
    doc = _json(run("report", iid, "--format", "json"))
    cr = doc["interviews"][0]["processes"]["slm"]["criteria"]["plans_procedures"]
    assert cr["rating"] == "satisfied" and cr["source"] == "review"
    assert cr["review"]["reason"] == "SLA and catalogue <b>exist</b>"
    assert cr["review"]["reviewer"] == "C. Onsultant"
    assert run("accept", iid, "slm", "responsibility", "--reviewer", "C. Onsultant").exit_code == 0
    # someone else cannot undo my decisions
    r = run("undo", iid, "--reviewer", "Somebody Else")
    assert r.exit_code == 2 and "no review decision to undo" in r.stderr
    assert run("undo", iid, "--reviewer", "C. Onsultant").exit_code == 0  # the accept
    assert run("undo", iid, "--reviewer", "C. Onsultant").exit_code == 0  # the override
    doc = _json(run("report", iid, "--format", "json"))
    cr = doc["interviews"][0]["processes"]["slm"]["criteria"]["plans_procedures"]
    assert cr["source"] == "rubric"
    types = [e.type for e in store.events(store.open_db(path), iid)][-4:]
    assert types == ["reviewed", "reviewed", "review_undone", "review_undone"]
    log = doc["interviews"][0]["review_log"]
    assert [x["undone"] for x in log] == [True, True, False, False]
    assert not _verify(path)
    r = CliRunner().invoke(cli, ["verify", "--db", str(path)])
    assert r.exit_code == 0 and "every chain verifies" in r.output


def test_agreement_per_interview_and_over_the_set(env):
    run, iid, _ = env
    doc = _json(run("agreement", iid, "--format", "json"))
    ag = doc["interviews"][0]
    assert ag["n"] == 36 and ag["exact"] == 1.0  # nothing overridden yet: all kept
    rubric = {(p["process"], p["criterion"]): p["rubric"] for p in ag["pairs"]}
    old = rubric[("slm", "plans_procedures")]
    new = "satisfied" if old != "satisfied" else "partially"
    run("override", iid, "slm", "plans_procedures", new, "--reason", "r", "--reviewer", "C")
    doc = _json(run("agreement", "--format", "json"))  # no ids: every interview
    assert [x["id"] for x in doc["interviews"]] == [iid, TRICKY_ID]
    ag = doc["interviews"][0]
    pairs = [(p["rubric"], p["reviewer"]) for p in ag["pairs"]]
    want = rating_agreement(pairs)
    assert (ag["n"], ag["agree"]) == (36, 35)
    assert ag["kappa"] == pytest.approx(want.kappa)
    assert ag["kappa_quadratic"] == pytest.approx(want.kappa_quadratic)
    assert doc["overall"]["n"] == 36 + 4
    by = doc["by_criterion"]["plans_procedures"]
    assert (by["n"], by["agree"]) == (10, 9)
    assert doc["by_criterion"]["responsibility"]["exact"] == 1.0
    doc = _json(run("agreement", iid, "--basis", "reviewed", "--format", "json"))
    assert doc["interviews"][0]["n"] == 1 and doc["interviews"][0]["agree"] == 0
    r = run("agreement")
    assert r.exit_code == 0 and "kappa (quadratic)" in r.output and "all 2" in r.output


def test_report_formats_and_escaping(env, tmp_path):
    run, _, path = env
    run(
        "override",
        TRICKY_ID,
        "slm",
        "responsibility",
        "largely",
        "--reason",
        '=HYPERLINK("x") <img src=x onerror=alert(1)> [b]|*',
        "--reviewer",
        "<i>Mallory</i>",
    )
    out = tmp_path / "r.html"
    r = run("report", TRICKY_ID, "--format", "html", "-o", str(out))
    assert r.exit_code == 0
    page = out.read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;i&gt;Mallory&lt;/i&gt;" in page
    assert "ACME &lt;b&gt;&amp;&lt;/b&gt; Co" in page
    assert "<svg" in page and 'id="table2"' in page and "@media print" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    md = run("report", TRICKY_ID, "--format", "md").stdout
    assert "\\<script\\>" in md and "\\[bold\\]We\\[/bold\\]" in md
    assert not re.search(r"(?<!\\)<(img|script|i>)", md)
    assert "\\<i\\>Mallory\\</i\\>" in md
    rows = list(csv.DictReader(io.StringIO(run("report", TRICKY_ID, "--format", "csv").stdout)))
    assert len(rows) == 4 and {r["process"] for r in rows} == {"slm"}
    resp = next(r for r in rows if r["criterion"] == "responsibility")
    assert resp["reason"].startswith("'=HYPERLINK")  # a spreadsheet will not run it
    assert resp["source"] == "review" and resp["reviewer"] == "<i>Mallory</i>"
    doc = _json(run("report", TRICKY_ID, "--format", "json"))
    assert doc["interviews"][0]["id"] == TRICKY_ID
    assert doc["interviews"][0]["respondent"]["name"] == "Eve [red]Owner[/red]"
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).count(TRICKY_ANSWER.split(" SLA")[0]) == 1


def test_paper_report_content(env):
    run, iid, _ = env
    md = run("report", iid, "--format", "md").stdout
    for part in (
        "## Ratings (Table 2)",
        "## To reach the next level",
        "Overall maturity",
        "| Strategic |",
        "Audit chain",
        "rubric-1.0",
        "itil-crm 1.0.0",
    ):
        assert part in md
    doc = _json(run("report", iid, "--format", "json"))["interviews"][0]
    assert doc["head_hash"] in md


def test_a_report_is_never_written_over_a_database(env, tmp_path):
    run, iid, path = env
    before = path.read_bytes()
    for target in (path, path.with_name(path.name + "-wal")):
        r = run("report", iid, "-o", str(target))
        assert r.exit_code == 2 and "the database" in r.output
    other = tmp_path / "other.db"
    other.write_bytes(before)  # any SQLite database, not only the one read
    r = run("report", iid, "-o", str(other))
    assert r.exit_code == 2 and "existing SQLite database" in r.output
    assert path.read_bytes() == before and other.read_bytes() == before
    assert not _verify(path)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_report_that_cannot_be_written_is_a_message(env):
    run, iid, _ = env
    r = run("report", iid, "-o", "/dev/full")  # every write fails: no space left on device
    assert r.exit_code == 2 and "/dev/full" in r.output and "Traceback" not in r.output


def test_an_override_to_the_rubrics_own_rating_is_refused_as_an_accept(env):
    run, iid, path = env
    doc = _json(run("report", iid, "--format", "json"))
    cr = doc["interviews"][0]["processes"]["slm"]["criteria"]["plans_procedures"]
    rubric = cr["rubric_rating"] if "rubric_rating" in cr else cr["rating"]
    before = len(store.events(store.open_db(path), iid))
    r = run(
        "override", iid, "slm", "plans_procedures", rubric, "--reason", "same", "--reviewer", "C"
    )
    assert r.exit_code == 2 and "accept it" in r.stderr
    assert len(store.events(store.open_db(path), iid)) == before


def test_a_reviewers_name_is_one_line_and_control_characters_are_shown_not_obeyed(env):
    run, iid, _ = env
    r = run(
        "override",
        iid,
        "slm",
        "responsibility",
        "largely",
        "--reason",
        "r",
        "--reviewer",
        "Mallory\x1b[2J",
    )
    assert r.exit_code == 2 and "without control characters" in r.stderr
    r = run(
        "override",
        iid,
        "incident",
        "measurement_improvement",
        "largely",
        "--reason",
        "why\x1b]0;PWNED\x07",
        "--reviewer",
        "Mallory",
    )
    assert r.exit_code == 0, r.output
    shown = run("show", iid).output
    assert "\x1b" not in shown and "\x07" not in shown and "PWNED" in shown


@pytest.mark.parametrize("ref", ["%", "_", "", "  "])
def test_an_id_prefix_is_literal_text(env, ref):
    run, _, _ = env
    r = run("show", ref)
    assert r.exit_code == 2


def test_agreement_counts_each_interview_once(env):
    run, iid, _ = env
    once = _json(run("agreement", iid, "--format", "json"))
    twice = _json(run("agreement", iid, iid, "--format", "json"))
    assert once == twice


def test_undo_leaves_a_decision_that_a_later_one_replaced(env):
    run, iid, _ = env
    args = ["--reason", "r"]
    assert (
        run(
            "override", iid, "incident", "responsibility", "partially", *args, "--reviewer", "Tina"
        ).exit_code
        == 0
    )
    assert run("accept", iid, "incident", "responsibility", "--reviewer", "Bob").exit_code == 0
    r = run("undo", iid, "--reviewer", "Tina")  # Bob's accept replaced Tina's override
    assert r.exit_code == 2 and "still in force" in r.stderr


def test_report_csv_rows_all_have_the_headers_columns(tmp_path):
    from interviewbot.core.bank import load_bank
    from interviewbot.engine import Interview

    path = tmp_path / "na.db"
    db = store.open_db(path)
    iv = Interview(load_bank(None), ["slm", "capacity"], store.sink_for(db, "iv-na"))
    iv.start({"name": "A"})
    iv.answer("We have an SLA.")
    iv.process_not_applicable()  # a not-applicable row and rated rows in one report
    r = CliRunner().invoke(cli, ["report", "iv-na", "--db", str(path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert {len(x) for x in rows} == {len(rows[0])} and "not_applicable" in {x[7] for x in rows}
