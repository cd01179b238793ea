"""The one-pass automaton finds exactly what one regex per phrase finds (leftmost-longest)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import bench_classify  # noqa: E402

from interviewbot.core.classify import find, matcher_for, tokenize  # noqa: E402


def test_automaton_equals_regex_per_phrase(bank):
    matcher = matcher_for(bank.lexicon)
    naive = bench_classify.NaiveFinder(matcher)
    for _pid, text in bench_classify.corpus(bank, 150, seed=3):
        toks = tokenize(text)
        assert find(matcher, toks) == naive(toks), text
