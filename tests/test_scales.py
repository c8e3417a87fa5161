"""Satisfaction grade (footnote 5) and reliability on hand-computed cases."""

import math

import numpy as np
import pandas as pd
import pytest

from evaluation.analysis.scales import (
    cronbach_alpha,
    item_rest_correlations,
    item_scores,
    reliability,
    satisfaction_grade,
)
from evaluation.inputs.codebook import load_codebook

NA = np.nan
ITEMS = [
    "werking_goed",
    "werking_beter",
    "meerwaarde_werkgevers",
    "meerwaarde_werkzoekenden",
    "ambities",
    "bekendheid",
]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _frame(rows):
    return pd.DataFrame(rows, columns=ITEMS, dtype="float64")


def test_grade_reverses_werking_beter_and_needs_four_items(codebook):
    """A: 4, 2->4, 5, 3, -, 2: five valid, (4+4+5+3+2)/5 = 3.6.
    B: only three valid items -> no grade (min_valid 4).
    C: 1, 5->1, 1, 1, 1, 1 -> 1.0 (everyone negative, "moet beter" fully agreed).
    D: exactly four valid: 5, 1->5, 5, 5 -> 5.0.
    """
    df = _frame(
        [
            [4, 2, 5, 3, NA, 2],
            [4, NA, NA, 3, NA, 2],
            [1, 5, 1, 1, 1, 1],
            [5, 1, 5, 5, NA, NA],
        ]
    )
    g = satisfaction_grade(df, codebook)
    assert g.iloc[0] == pytest.approx(3.6)
    assert math.isnan(g.iloc[1])
    assert g.iloc[2] == 1.0
    assert g.iloc[3] == 5.0
    assert g.name == "grade"


def test_codes_outside_the_scale_do_not_count(codebook):
    """A declared missing code (9 = weet niet) that slipped through is not averaged."""
    df = _frame([[9, 3, 3, 3, 3, 3]])
    assert item_scores(df, codebook)["werking_goed"].isna().all()
    assert satisfaction_grade(df, codebook).iloc[0] == 3.0


def test_cronbach_alpha_hand_computed():
    """a = 1,2,3,4  b = 2,2,4,4  c = 1,3,3,5.
    Item variances 5/3, 4/3, 8/3 (sum 17/3); totals 4,7,10,13 have variance 15.
    alpha = 3/2 * (1 - (17/3)/15) = 42/45 = 0.9333...
    Item-rest: a vs b+c (3,5,7,9) is exactly linear -> 1; b vs a+c (2,5,6,9) -> 8/10 = 0.8.
    """
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]}, dtype=float)
    alpha, n = cronbach_alpha(items)
    assert n == 4
    assert alpha == pytest.approx(42 / 45)
    r = item_rest_correlations(items)
    assert r["a"] == pytest.approx(1.0)
    assert r["b"] == pytest.approx(0.8)


def test_alpha_uses_complete_cases_and_is_none_when_undefined():
    items = pd.DataFrame({"a": [1, 2, 3, 4, NA], "b": [2, 2, 4, 4, 1], "c": [1, 3, 3, 5, 5]})
    alpha, n = cronbach_alpha(items)
    assert n == 4 and alpha == pytest.approx(42 / 45)
    assert cronbach_alpha(items[["a"]]) == (None, 4)
    constant = pd.DataFrame({"a": [3.0, 3.0], "b": [3.0, 3.0]})
    assert cronbach_alpha(constant)[0] is None
    assert item_rest_correlations(constant) == {"a": None, "b": None}


def test_reliability_on_scale_items(codebook):
    """Perfectly consistent respondents (reverse item mirrored) give alpha 1."""
    df = _frame([[v, 6 - v, v, v, v, v] for v in (1, 2, 4, 5)])
    rel = reliability(df, codebook)
    assert rel.k == 6 and rel.n_complete == 4
    assert rel.alpha == pytest.approx(1.0)
    assert all(r == pytest.approx(1.0) for r in rel.item_rest.values())
    assert rel.item_means["werking_beter"] == pytest.approx(3.0)
