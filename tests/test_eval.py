"""The eval command: rubric-only ratings against the recordings' gold ratings."""

from __future__ import annotations

import json
from pathlib import Path

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
