"""`interviewbot eval`: the rubric's own ratings (no reviews) against the recordings' gold
`expected:` ratings — exact agreement, Cohen's kappa, level agreement, and every disagreement
with the evidence that caused it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core.agreement import cohen_kappa, confusion
from .core.assess import assess, fold
from .core.model import CRITERIA, UNASSESSED, Bank
from .recording import Recording
from .replay import MemorySink, drive
from .report import evidence_json

# Unassessed is scored as not_satisfied (the level rule's reading); it is also counted apart.
LABELS = ["not_satisfied", "partially", "largely", "satisfied"]


def exact(a: list, b: list) -> float | None:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else None


def kappa(a: list[str], b: list[str], labels: list[str], weights: str = "none") -> float | None:
    return cohen_kappa(a, b, labels, weights)


def _label(r: str) -> str:
    return "not_satisfied" if r == UNASSESSED else r


@dataclass
class EvalResult:
    gold: list[str] = field(default_factory=list)
    rubric: list[str] = field(default_factory=list)
    per_criterion: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    levels_gold: list[int] = field(default_factory=list)
    levels_rubric: list[int] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    recordings: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (recording, process) not rated

    def summary(self) -> dict[str, Any]:
        mae = (
            (
                sum(abs(x - y) for x, y in zip(self.levels_gold, self.levels_rubric))
                / len(self.levels_gold)
            )
            if self.levels_gold
            else None
        )
        return {
            "recordings": self.recordings,
            "criterion_ratings": len(self.gold),
            "exact_agreement": exact(self.gold, self.rubric),
            "kappa": kappa(self.gold, self.rubric, LABELS),
            "kappa_quadratic": kappa(self.gold, self.rubric, LABELS, "quadratic"),
            "per_criterion": {
                c: {
                    "n": len(g),
                    "exact_agreement": exact(g, r),
                    "kappa": kappa(g, r, LABELS),
                    "kappa_quadratic": kappa(g, r, LABELS, "quadratic"),
                }
                for c, (g, r) in self.per_criterion.items()
            },
            "levels": {
                "n": len(self.levels_gold),
                "exact_agreement": exact(self.levels_gold, self.levels_rubric),
                "mean_absolute_error": mae,
            },
            "confusion": {
                "labels": LABELS,
                "rows": "gold",
                "columns": "rubric",
                "matrix": confusion(zip(self.gold, self.rubric, strict=True), LABELS),
            },
            "disagreements": self.disagreements,
        }


def evaluate(bank: Bank, recs: list[Recording]) -> EvalResult:
    res = EvalResult(per_criterion={c: ([], []) for c in CRITERIA})
    for rec in recs:
        if not rec.expected:
            continue
        res.recordings += 1
        sink = MemorySink()
        drive(bank, rec, sink, reviews=False)
        a = assess(bank, fold(sink.events), reviews=False)
        for pid, exp in rec.expected.items():
            pr = a.processes.get(pid)
            if pr is None or pr.level is None:
                res.skipped.append((rec.source, pid))
                continue
            for c in CRITERIA:
                if c not in exp:
                    continue
                g, r = _label(exp[c]), _label(pr.criteria[c].rating)
                res.gold.append(g)
                res.rubric.append(r)
                res.per_criterion[c][0].append(g)
                res.per_criterion[c][1].append(r)
                if g != r:
                    cr = pr.criteria[c]
                    res.disagreements.append(
                        {
                            "recording": rec.source,
                            "process": pid,
                            "criterion": c,
                            "expected": exp[c],
                            "rubric": cr.rating,
                            "percent": cr.percent,
                            "evidence": [evidence_json(e) for e in cr.evidence],
                        }
                    )
            if "level" in exp:
                res.levels_gold.append(int(exp["level"]))
                res.levels_rubric.append(pr.level.level)
    return res
