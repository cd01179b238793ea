"""The eval command: rubric-only ratings against the recordings' gold ratings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewbot.cli import cli

GOLD = Path(__file__).resolve().parent / "gold" / "recordings"


def test_eval_command_json():
    r = CliRunner().invoke(cli, ["eval", str(GOLD), "--format", "json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["recordings"] >= 8
    assert set(s) >= {
        "exact_agreement",
        "kappa",
        "kappa_quadratic",
        "per_criterion",
        "levels",
        "confusion",
        "disagreements",
    }
    assert sum(map(sum, s["confusion"]["matrix"])) == s["criterion_ratings"]
    d = s["disagreements"][0]
    assert d["expected"] != d["rubric"] and "evidence" in d


def test_eval_text_lists_disagreements_with_evidence():
    r = CliRunner().invoke(cli, ["eval", str(GOLD)])
    assert "expected" in r.output and "quadratic-weighted kappa" in r.output


def test_eval_without_gold_ratings_says_so(tmp_path):
    p = tmp_path / "ne.yaml"
    p.write_text(
        "format: interviewbot/recording@1\nbank: itil-crm\nrespondent: {name: x}\n"
        "answers:\n  - {question: slm.1, text: hi}\n"
    )
    r = CliRunner().invoke(cli, ["eval", str(p)])
    assert r.exit_code == 2 and "expected:" in r.output


HEAD = (
    "format: interviewbot/recording@1\nbank: itil-crm\nrespondent: {name: x}\n"
    "answers:\n  - {question: slm.1, text: We have an SLA.}\n"
)


def _expected(tmp_path, body: str) -> Path:
    p = tmp_path / "exp.yaml"
    p.write_text(HEAD + "expected:\n" + body)
    return p


@pytest.mark.parametrize(
    "body,line,field,message",
    [
        # a level the maturity model does not have
        ("  slm: {level: 9}\n", 7, "expected.slm.level", "not a level of the maturity model"),
        # a level the four ratings do not give (all not satisfied is level 0)
        (
            "  slm:\n    awareness_communication: not_satisfied\n    responsibility: not_satisfied\n"
            "    plans_procedures: not_satisfied\n    measurement_improvement: not_satisfied\n"
            "    level: 5\n",
            12,
            "expected.slm.level",
            "the four ratings give level 0",
        ),
        ("  nope: {level: 1}\n", 7, "expected.nope", "unknown process"),
        # gold ratings for a process nobody answered for cannot be compared
        ("  capacity: {level: 1}\n", 7, "expected.capacity", "has no answers"),
    ],
)
def test_impossible_expected_ratings_are_named_with_line_and_field(
    tmp_path, body, line, field, message
):
    p = _expected(tmp_path, body)
    r = CliRunner().invoke(cli, ["eval", str(p)])
    assert r.exit_code == 2
    assert f"{p}:{line}: {field}: " in r.output and message in r.output


def test_a_bank_mismatch_names_its_line(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_text(HEAD.replace("bank: itil-crm", "bank: nope"))
    r = CliRunner().invoke(cli, ["eval", str(p)])
    assert f"{p}:2: bank: " in r.output


def test_json_keeps_the_failures_and_quiet_drops_the_disagreements(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: nope\n")
    r = CliRunner().invoke(cli, ["eval", str(GOLD), str(bad), "--format", "json", "-q"])
    assert r.exit_code == 1
    s = json.loads(r.stdout)
    assert len(s["failures"]) == 1 and str(bad) in s["failures"][0]
    assert "disagreements" not in s and s["recordings"] >= 8
    r = CliRunner().invoke(cli, ["eval", str(bad), "--format", "json"])
    assert r.exit_code == 2 and json.loads(r.stdout)["error"] == "no recordings to evaluate"
