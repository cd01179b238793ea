"""Agreement between two raters on ordinal ratings: exact agreement, a confusion matrix and
Cohen's kappa, unweighted and weighted (linear or quadratic). Pure; no I/O.

Used by `interviewbot agreement` (rubric vs reviewer) and `interviewbot eval` (rubric vs gold).

    kappa_w = 1 - sum(w_ij * O_ij) / sum(w_ij * E_ij)

with O the observed proportions, E = outer(row marginals, column marginals) the proportions
expected by chance, and disagreement weights w_ij = 0 on the diagonal and 1 elsewhere
(unweighted), |i-j|/(k-1) (linear) or ((i-j)/(k-1))^2 (quadratic). Kappa is undefined (None)
when there are no pairs or when chance agreement is already total (both raters used one and the
same category for every item)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from .model import RATINGS, UNASSESSED

WEIGHTS = ("none", "linear", "quadratic")
RATING_ORDER: tuple[str, ...] = tuple(r.value for r in RATINGS)


def confusion(
    pairs: Iterable[tuple[Hashable, Hashable]], categories: Sequence[Hashable]
) -> list[list[int]]:
    """Counts: row = first rater's category, column = second rater's."""
    index = {c: i for i, c in enumerate(categories)}
    m = [[0] * len(categories) for _ in categories]
    for a, b in pairs:
        if a not in index or b not in index:
            raise ValueError(f"rating outside the categories: {a!r} / {b!r}")
        m[index[a]][index[b]] += 1
    return m


def _weight(i: int, j: int, k: int, weights: str) -> float:
    if weights == "none":
        return 0.0 if i == j else 1.0
    d = abs(i - j) / (k - 1) if k > 1 else 0.0
    if weights == "linear":
        return d
    if weights == "quadratic":
        return d * d
    raise ValueError(f"unknown weights {weights!r} (one of: {', '.join(WEIGHTS)})")


def kappa_from_matrix(m: Sequence[Sequence[int]], weights: str = "none") -> float | None:
    """Cohen's kappa from a square confusion matrix of counts."""
    if weights not in WEIGHTS:
        raise ValueError(f"unknown weights {weights!r} (one of: {', '.join(WEIGHTS)})")
    k = len(m)
    n = sum(sum(row) for row in m)
    if n == 0:
        return None
    rows = [sum(m[i]) / n for i in range(k)]
    cols = [sum(m[i][j] for i in range(k)) / n for j in range(k)]
    observed = expected = 0.0
    for i in range(k):
        for j in range(k):
            w = _weight(i, j, k, weights)
            observed += w * m[i][j] / n
            expected += w * rows[i] * cols[j]
    if expected == 0:
        return None
    return 1.0 - observed / expected


def cohen_kappa(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    categories: Sequence[Hashable],
    weights: str = "none",
) -> float | None:
    """Cohen's kappa of two raters' ratings of the same items, in the order of `categories`."""
    if len(a) != len(b):
        raise ValueError(f"the raters rated different numbers of items ({len(a)} vs {len(b)})")
    return kappa_from_matrix(confusion(zip(a, b, strict=True), categories), weights)


def ordinal(rating: str) -> str:
    """Ratings as the kappa sees them: `unassessed` counts as not_satisfied (as for levels)."""
    return RATING_ORDER[0] if rating == UNASSESSED else rating


@dataclass(frozen=True)
class Agreement:
    n: int
    agree: int
    exact: float | None  # share of pairs with the same rating
    kappa: float | None  # unweighted
    kappa_quadratic: float | None
    matrix: tuple[tuple[int, ...], ...]  # rows: first rater, columns: second, in RATING_ORDER
    categories: tuple[str, ...] = RATING_ORDER

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "agree": self.agree,
            "exact": self.exact,
            "kappa": self.kappa,
            "kappa_quadratic": self.kappa_quadratic,
            "categories": list(self.categories),
            "confusion": [list(r) for r in self.matrix],
        }


def rating_agreement(pairs: Iterable[tuple[str, str]]) -> Agreement:
    """Exact agreement and both kappas over (first, second) rating pairs (ids of DESIGN.md;
    `unassessed` counted as not_satisfied)."""
    ps = [(ordinal(a), ordinal(b)) for a, b in pairs]
    m = confusion(ps, RATING_ORDER)
    agree = sum(a == b for a, b in ps)
    return Agreement(
        n=len(ps),
        agree=agree,
        exact=agree / len(ps) if ps else None,
        kappa=kappa_from_matrix(m, "none"),
        kappa_quadratic=kappa_from_matrix(m, "quadratic"),
        matrix=tuple(tuple(r) for r in m),
    )
