"""Agreement between two raters on ordinal ratings: exact agreement and Cohen's kappa. Pure."""

from __future__ import annotations

from collections.abc import Sequence


def confusion(a: Sequence[str], b: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows: rater a's label; columns: rater b's."""
    idx = {lab: i for i, lab in enumerate(labels)}
    m = [[0] * len(labels) for _ in labels]
    for x, y in zip(a, b, strict=True):
        m[idx[x]][idx[y]] += 1
    return m


def exact(a: Sequence, b: Sequence) -> float | None:
    if not a:
        return None
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str],
          weights: str = "none") -> float | None:
    """Cohen's kappa; weights 'quadratic' treats labels as ordered (disagreement (i-j)^2).

    kappa = 1 - sum(w * observed) / sum(w * expected); None when undefined (no items, or both
    raters used one same label throughout so that expected disagreement is zero)."""
    n = len(a)
    if n == 0:
        return None
    k = len(labels)
    m = confusion(a, b, labels)
    rows = [sum(r) for r in m]
    cols = [sum(m[i][j] for i in range(k)) for j in range(k)]

    def w(i: int, j: int) -> float:
        if weights == "quadratic":
            return ((i - j) / (k - 1)) ** 2 if k > 1 else 0.0
        return 0.0 if i == j else 1.0

    obs = sum(w(i, j) * m[i][j] for i in range(k) for j in range(k)) / n
    exp = sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)) / (n * n)
    if exp == 0:
        return None
    return 1.0 - obs / exp
