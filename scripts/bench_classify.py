#!/usr/bin/env python3
"""Classifier throughput: the one-pass automaton against a naive baseline (one regex per phrase
and trigger, same lexicon), on a seeded corpus generated here, measured in the same run.

    .venv/bin/python scripts/bench_classify.py [N_ANSWERS] [--seed S]

Both finders feed the same context rules; the script checks they give identical evidence."""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time

from interviewbot.core.bank import load_bank
from interviewbot.core.classify import _Match, find, matcher_for, read, tokenize

FILLER = (
    "the of and in our for with a to is are we it that on this team each month every "
    "service users systems business data network support when which from have has"
).split()


def corpus(bank, n: int, seed: int) -> list[tuple[str, str]]:
    """Answers of 1-6 sentences mixing lexicon phrases, context triggers and filler words."""
    rnd = random.Random(seed)
    phrases = [p for f in bank.lexicon.families for p in f.phrases]
    ctx = bank.lexicon.context
    triggers = [
        *ctx.negation_pre,
        *ctx.negation_post,
        *ctx.pseudo_negation,
        *ctx.terminators,
        *ctx.hedges,
        *ctx.future,
        *ctx.past,
    ]
    out = []
    for _ in range(n):
        sentences = []
        for _ in range(rnd.randint(1, 6)):
            words = []
            for _ in range(rnd.randint(6, 22)):
                r = rnd.random()
                words.append(
                    rnd.choice(phrases)
                    if r < 0.18
                    else rnd.choice(triggers)
                    if r < 0.28
                    else rnd.choice(FILLER)
                )
            s = " ".join(words)
            sentences.append(s[0].upper() + s[1:] + rnd.choice([".", ".", ",", "!", "?", ";"]))
        out.append((rnd.choice(bank.process_ids), " ".join(sentences)))
    return out


class NaiveFinder:
    """One compiled regex per key, run one after another; then leftmost-longest like the
    automaton, so both feed identical matches to the rules."""

    def __init__(self, matcher) -> None:
        self.patterns = []
        for key in matcher.roles:
            words = key.split()
            body = r"\s+".join(re.escape(w) for w in words)
            # whole tokens: tokens are joined by single spaces, and may contain - or '
            self.patterns.append((key, len(words), re.compile(rf"(?<!\S){body}(?!\S)")))

    def __call__(self, toks) -> list[_Match]:
        norm = " ".join(t.norm for t in toks)
        starts, pos = {}, 0
        for i, t in enumerate(toks):
            starts[pos] = i
            pos += len(t.norm) + 1
        cands = []
        for key, nwords, pat in self.patterns:
            for m in pat.finditer(norm):
                if m.start() in starts:
                    i = starts[m.start()]
                    cands.append((i, -nwords, key))
        cands.sort()
        out, covered = [], -1
        for i, negw, key in cands:
            if i > covered:
                out.append(_Match(i, i - negw, key))
                covered = i - negw - 1
        return out


def timed(fn, data, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for item in data:
            fn(item)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=2000, help="answers in the corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    bank = load_bank()
    matcher = matcher_for(bank.lexicon)
    naive = NaiveFinder(matcher)
    data = [(pid, text, tokenize(text)) for pid, text in corpus(bank, a.n, a.seed)]

    def fast(item):
        pid, text, toks = item
        return read(bank, matcher, text, toks, find(matcher, toks), pid, None)

    def slow(item):
        pid, text, toks = item
        return read(bank, matcher, text, toks, naive(toks), pid, None)

    mismatches = sum(fast(d) != slow(d) for d in data)
    t_fast = timed(fast, data, a.repeat)
    t_slow = timed(slow, data, a.repeat)
    words = sum(len(d[2]) for d in data)
    print(
        f"corpus: {a.n} answers, {words} tokens, seed {a.seed}; lexicon {len(matcher.roles)} keys"
    )
    print(f"automaton (one pass):   {a.n / t_fast:10.0f} answers/s")
    print(f"naive (regex per key):  {a.n / t_slow:10.0f} answers/s")
    print(f"speed-up:               {t_slow / t_fast:10.1f}x")
    print(f"identical evidence:     {a.n - mismatches}/{a.n} answers")
    if mismatches:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
