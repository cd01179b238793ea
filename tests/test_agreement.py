"""Cohen's kappa against values computed by hand (worked in the comments)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewbot.core.agreement import (
    RATING_ORDER,
    cohen_kappa,
    confusion,
    kappa_from_matrix,
    rating_agreement,
)


def test_two_by_two_textbook():
    # 50 items: both yes 20, yes/no 5, no/yes 10, both no 15.
    # po = 35/50 = 0.7; pe = 25/50*30/50 + 25/50*20/50 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
    m = [[20, 5], [10, 15]]
    assert kappa_from_matrix(m) == pytest.approx(0.4)
    # with two categories every weighting is the same
    assert kappa_from_matrix(m, "quadratic") == pytest.approx(0.4)
    assert kappa_from_matrix(m, "linear") == pytest.approx(0.4)


# Three ordered categories, 8 items; rows: rater A, columns: rater B.
#   [[2, 1, 0],      row and column marginals are both 3, 3, 2 (of 8)
#    [0, 2, 1],
#    [1, 0, 1]]
# unweighted: po = 5/8, pe = (9+9+4)/64 = 22/64 -> kappa = (40-22)/(64-22) = 18/42 = 3/7
# quadratic (w = 1/4 next door, 1 two apart): observed = (1/4+1/4+1)/8 = 12/64,
#   expected = (9/4+9/4+6/4+6/4+6+6)/64 = 19.5/64 -> 1 - 12/19.5 = 5/13
# linear (w = 1/2 next door, 1 two apart): observed = 16/64, expected = 27/64 -> 11/27
M3 = [[2, 1, 0], [0, 2, 1], [1, 0, 1]]
A3 = [0, 0, 0, 1, 1, 1, 2, 2]
B3 = [0, 0, 1, 1, 1, 2, 0, 2]


def test_three_categories_by_hand():
    assert kappa_from_matrix(M3) == pytest.approx(3 / 7)
    assert kappa_from_matrix(M3, "quadratic") == pytest.approx(5 / 13)
    assert kappa_from_matrix(M3, "linear") == pytest.approx(11 / 27)


def test_sequences_give_the_same_matrix():
    assert confusion(zip(A3, B3, strict=True), [0, 1, 2]) == M3
    assert cohen_kappa(A3, B3, [0, 1, 2]) == pytest.approx(3 / 7)
    assert cohen_kappa(A3, B3, [0, 1, 2], "quadratic") == pytest.approx(5 / 13)


def test_degenerate_and_bad_input():
    assert kappa_from_matrix([[0, 0], [0, 0]]) is None  # no pairs
    assert kappa_from_matrix([[4, 0], [0, 0]]) is None  # chance agreement is total
    assert cohen_kappa(["a", "b"], ["a", "b"], ["a", "b"]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="different numbers"):
        cohen_kappa([1], [1, 2], [1, 2])
    with pytest.raises(ValueError, match="outside"):
        cohen_kappa([3], [1], [1, 2])
    with pytest.raises(ValueError, match="unknown weights"):
        kappa_from_matrix(M3, "cubic")


def test_rating_agreement_on_rating_ids():
    # 4 pairs: 3 agree; one satisfied vs largely (adjacent). unassessed counts as not_satisfied.
    pairs = [
        ("satisfied", "satisfied"),
        ("unassessed", "not_satisfied"),
        ("partially", "partially"),
        ("satisfied", "largely"),
    ]
    ag = rating_agreement(pairs)
    assert (ag.n, ag.agree, ag.exact) == (4, 3, 0.75)
    # rows (first): ns 1, p 1, s 2; columns (second): ns 1, p 1, l 1, s 1
    # po = 3/4; pe = (1*1 + 1*1 + 0*1 + 2*1)/16 = 4/16 -> kappa = (12-4)/(16-4) = 2/3
    assert ag.kappa == pytest.approx(2 / 3)
    # quadratic, k=4: the one disagreement is one step: w = 1/9, observed = (1/9)/4 = 1/36.
    # expected = sum r_i c_j w_ij / 16 with r = (1,1,0,2), c = (1,1,1,1), w = ((i-j)/3)^2:
    #   row ns: 0+1/9+4/9+1 = 14/9; row p: 1/9+0+1/9+4/9 = 6/9; row s (x2): 2*(1+4/9+1/9+0) = 28/9
    #   total 48/9 / 16 = 1/3 -> kappa = 1 - (1/36)/(1/3) = 11/12
    assert ag.kappa_quadratic == pytest.approx(11 / 12)
    assert ag.matrix[RATING_ORDER.index("satisfied")][RATING_ORDER.index("largely")] == 1
    assert ag.as_dict()["confusion"][0][0] == 1
    assert rating_agreement([]).exact is None


ratings = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30)


@given(ratings)
def test_kappa_symmetric_and_bounded(pairs):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    for w in ("none", "linear", "quadratic"):
        k1 = cohen_kappa(a, b, range(4), w)
        k2 = cohen_kappa(b, a, range(4), w)
        assert (k1 is None) == (k2 is None)
        if k1 is not None:
            assert k1 == pytest.approx(k2)
            assert -1.0 - 1e-9 <= k1 <= 1.0 + 1e-9 or w != "none"
            assert k1 <= 1.0 + 1e-9
