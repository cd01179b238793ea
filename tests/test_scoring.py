"""The level rule and the scale, checked against formulations written from the paper's words."""

from __future__ import annotations

import itertools

import pytest

from interviewbot.core.model import CRITERIA, Rating
from interviewbot.core.scoring import aggregate, aggregates, level_for, rating_for

AC, R, PP, MI = CRITERIA
ORDER = ["not_satisfied", "partially", "largely", "satisfied"]


def paper_level(r: dict[str, str]) -> int:
    """Section 4 of the paper, read literally, with 'at least' for the minimums (DESIGN.md):
    5 all satisfied; 4 M/I largely+, others satisfied; 3 M/I partially+, others satisfied;
    2 A&C satisfied, others partially+; 1 A&C satisfied; else 0."""

    def at_least(c: str, want: str) -> bool:
        return ORDER.index(r[c]) >= ORDER.index(want)

    others = [R, PP, MI]
    if all(r[c] == "satisfied" for c in CRITERIA):
        return 5
    if r[AC] == r[R] == r[PP] == "satisfied" and at_least(MI, "largely"):
        return 4
    if r[AC] == r[R] == r[PP] == "satisfied" and at_least(MI, "partially"):
        return 3
    if r[AC] == "satisfied" and all(at_least(c, "partially") for c in others):
        return 2
    if r[AC] == "satisfied":
        return 1
    return 0


@pytest.mark.parametrize("combo", list(itertools.product(ORDER, repeat=4)))
def test_level_rule_all_256(bank, combo):
    ratings = dict(zip(CRITERIA, combo))
    assert level_for(ratings, bank.model).level == paper_level(ratings)


def test_256_combinations_cover_every_level(bank):
    seen = {paper_level(dict(zip(CRITERIA, c))) for c in itertools.product(ORDER, repeat=4)}
    assert seen == {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    "ac,r,pp,mi,level",
    [
        ("not_satisfied", "satisfied", "satisfied", "satisfied", 0),  # A&C gates everything
        ("largely", "satisfied", "satisfied", "satisfied", 0),
        ("satisfied", "not_satisfied", "not_satisfied", "not_satisfied", 1),
        ("satisfied", "partially", "not_satisfied", "satisfied", 1),
        ("satisfied", "partially", "partially", "partially", 2),  # capacity, csi in Table 2
        ("satisfied", "satisfied", "largely", "satisfied", 2),
        ("satisfied", "satisfied", "satisfied", "partially", 3),  # slm, itscm, ... in Table 2
        ("satisfied", "satisfied", "satisfied", "not_satisfied", 1),  # M/I missing: not even 2
        ("satisfied", "satisfied", "satisfied", "largely", 4),  # service desk, incident
        ("satisfied", "satisfied", "satisfied", "satisfied", 5),
    ],
)
def test_level_hand_checked(bank, ac, r, pp, mi, level):
    lv = level_for({AC: ac, R: r, PP: pp, MI: mi}, bank.model)
    assert lv.level == level
    assert (
        lv.name
        == [
            "Incomplete",
            "Initial",
            "Repeatable",
            "Defined",
            "Managed and measurable",
            "Optimizing",
        ][level]
    )


def test_unassessed_counts_as_not_satisfied_and_is_provisional(bank):
    lv = level_for({AC: "satisfied", R: "unassessed", PP: "satisfied", MI: "satisfied"}, bank.model)
    assert (lv.level, lv.provisional) == (1, True)
    lv = level_for({AC: "satisfied", R: "partially", PP: "partially", MI: "partially"}, bank.model)
    assert lv.provisional is False


def test_blockers_name_what_holds_a_process_below_the_next_level(bank):
    lv = level_for({AC: "satisfied", R: "partially", PP: "satisfied", MI: "partially"}, bank.model)
    assert lv.level == 2
    assert dict(lv.blockers) == {R: ("partially", "satisfied")}


@pytest.mark.parametrize(
    "pct,rating",
    [
        (0, "not_satisfied"),
        (10, "not_satisfied"),
        (10.01, "partially"),
        (50, "partially"),
        (50.01, "largely"),
        (80, "largely"),
        (80.01, "satisfied"),
        (100, "satisfied"),
    ],
)
def test_band_edges_upper_bound_inclusive(bank, pct, rating):
    assert rating_for(pct, bank.model) == Rating(rating)


@pytest.mark.parametrize("bad", [-0.01, 100.01, float("nan")])
def test_percent_out_of_range_is_refused(bank, bad):
    with pytest.raises(ValueError):
        rating_for(bad, bank.model)


def test_aggregates_of_the_paper_give_3(bank):
    # Table 2: the nine processes' levels
    levels = {
        "slm": 3,
        "capacity": 2,
        "itscm": 3,
        "change": 3,
        "configuration": 3,
        "service_desk": 4,
        "incident": 4,
        "problem": 3,
        "csi": 2,
    }
    per, overall, method = aggregates(bank, levels)
    assert (overall, method) == (3, "median_low")
    assert per == {"strategic": 2, "tactical": 3, "operational": 4}


def test_aggregate_methods():
    assert aggregate([1, 2, 3, 4], "median_low") == 2
    assert aggregate([1, 2, 3, 4], "median") == 2.5
    assert aggregate([1, 2, 4], "mean") == 2.33
    assert aggregate([3, 1, 2], "min") == 1
    assert aggregate([], "median_low") is None
