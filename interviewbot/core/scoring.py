"""Percent -> rating -> process level -> decision-level and overall aggregates. Pure."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import CRITERIA, UNASSESSED, Bank, MaturityModel, Rating


def rating_for(pct: float, model: MaturityModel) -> Rating:
    """The band holding pct; an upper bound belongs to its band (10 is not_satisfied)."""
    if math.isnan(pct) or not 0 <= pct <= 100:
        raise ValueError(f"percent out of range: {pct}")
    for band in model.scale:
        if pct <= band.upto:
            return band.rating
    return model.scale[-1].rating


@dataclass(frozen=True)
class LevelResult:
    level: int
    name: str
    provisional: bool  # some criterion was unassessed and counted as not_satisfied
    blockers: Mapping[str, tuple[str, str]]  # criterion -> (has, needs) for the next level


def level_for(ratings: Mapping[str, Rating | str], model: MaturityModel) -> LevelResult:
    """The highest level whose minimum ratings all hold (unassessed counts as not_satisfied)."""
    provisional = any(ratings.get(c, UNASSESSED) == UNASSESSED for c in CRITERIA)

    def rank(c: str) -> int:
        r = ratings.get(c, UNASSESSED)
        return Rating(r).rank if r != UNASSESSED else 0

    best = model.levels[0]
    for lv in model.levels:
        if all(rank(c) >= need.rank for c, need in lv.minimum.items()):
            best = lv
    blockers: dict[str, tuple[str, str]] = {}
    nxt = next((lv for lv in model.levels if lv.level == best.level + 1), None)
    if nxt is not None:
        for c, need in nxt.minimum.items():
            if rank(c) < need.rank:
                blockers[c] = (str(ratings.get(c, UNASSESSED)), need.value)
    return LevelResult(best.level, best.name, provisional, blockers)


def aggregate(levels: Iterable[int], method: str) -> float | None:
    xs = sorted(levels)
    if not xs:
        return None
    if method == "median_low":
        return float(statistics.median_low(xs))
    if method == "median":
        return float(statistics.median(xs))
    if method == "mean":
        return round(statistics.fmean(xs), 2)
    if method == "min":
        return float(xs[0])
    raise ValueError(f"unknown aggregation method {method!r}")


def aggregates(
    bank: Bank, levels: Mapping[str, int], method: str | None = None
) -> tuple[dict[str, float | None], float | None, str]:
    """Per decision level (in the bank's order) and overall, with the method used."""
    method = method or bank.model.aggregate
    per = {
        dl: aggregate(
            (lv for pid, lv in levels.items() if bank.process(pid).decision_level == dl), method
        )
        for dl in bank.decision_levels
    }
    return per, aggregate(levels.values(), method), method
