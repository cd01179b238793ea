"""Cohen's kappa against values worked out by hand, and the eval command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewbot.cli import cli
from interviewbot.core.agreement import confusion, exact, kappa

GOLD = Path(__file__).resolve().parent / "gold" / "recordings"


def test_kappa_two_labels_by_hand():
    # observed agreement 3/4, chance 1/2 -> (0.75 - 0.5) / 0.5
    a, b = ["A", "A", "B", "B"], ["A", "B", "B", "B"]
    assert kappa(a, b, ["A", "B"]) == pytest.approx(0.5)
    assert kappa(a, b, ["A", "B"], "quadratic") == pytest.approx(0.5)  # same with 2 labels


def test_kappa_three_ordered_labels_by_hand():
    a, b = [0, 1, 2, 2], [0, 2, 2, 1]
    labels = [0, 1, 2]
    # unweighted: disagreement observed 2/4, expected 1 - (1+1+4)/16 = 10/16
    assert kappa(a, b, labels) == pytest.approx(1 - 0.5 / 0.625)
    # quadratic: observed (0.25+0.25)/4, expected 5.5/16
    assert kappa(a, b, labels, "quadratic") == pytest.approx(1 - 0.125 / 0.34375)


def test_perfect_and_undefined():
    assert kappa(["x", "y"], ["x", "y"], ["x", "y"]) == 1.0
    assert kappa(["x", "x"], ["x", "x"], ["x", "y"]) is None  # no chance disagreement
    assert exact([], []) is None
    assert confusion(["a", "b"], ["b", "b"], ["a", "b"]) == [[0, 1], [0, 1]]


def test_eval_command_json():
    r = CliRunner().invoke(cli, ["eval", str(GOLD), "--format", "json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["recordings"] >= 8
    assert set(s) >= {"exact_agreement", "kappa", "kappa_quadratic", "per_criterion", "levels",
                      "confusion", "disagreements"}
    assert sum(map(sum, s["confusion"]["matrix"])) == s["criterion_ratings"]
    d = s["disagreements"][0]
    assert d["expected"] != d["rubric"] and "evidence" in d


def test_eval_text_lists_disagreements_with_evidence():
    r = CliRunner().invoke(cli, ["eval", str(GOLD)])
    assert "expected" in r.output and "quadratic-weighted kappa" in r.output
