"""The issue's bar, measured on answers the rubric was never tuned on (tests/heldout*/, written
by raters who never saw the rubric or its ratings): quadratic-weighted kappa of at least 0.7 on
criterion ratings and at least 60 % exact level agreement, over all held-out answers together.

This test only measures. If it fails after a rubric change, do not read these files to fix it:
fix kinds on the development sets (tests/gold*), and if a set has been read, write a fresh one."""

from __future__ import annotations

from pathlib import Path

from interviewbot.batch import load_all
from interviewbot.evaluate import evaluate

TESTS = Path(__file__).resolve().parent
HELD_OUT = sorted(str(p) for p in TESTS.glob("heldout*") if p.is_dir())


def test_the_issues_bar_holds_on_every_held_out_answer_together(bank):
    recs, errors = load_all(HELD_OUT, bank)
    assert len(HELD_OUT) >= 5 and not errors
    s = evaluate(bank, recs).summary()
    assert s["levels"]["n"] >= 400
    assert s["kappa_quadratic"] >= 0.7
    assert s["levels"]["exact_agreement"] >= 0.60
