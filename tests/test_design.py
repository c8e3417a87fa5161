"""SurveyDesign: hand-computed cases, errors and properties (R golden cases elsewhere)."""

import math

import numpy as np
import pandas as pd
import pytest

from evaluation.design import SurveyDesign
from evaluation.errors import DesignError


def two_strata() -> pd.DataFrame:
    return pd.DataFrame(
        {"s": ["A", "A", "B", "B"], "w": [1.0, 1, 2, 2], "y": [2.0, 4, 6, 10], "g": list("abab")}
    )


def test_two_strata_se_by_hand():
    """Worked example of the module docstring: V = 2448 / 1296."""
    e = SurveyDesign(two_strata(), strata="s").mean("y")
    assert e.estimate == pytest.approx(38 / 6, rel=1e-12)
    assert e.se == pytest.approx(math.sqrt(2448 / 1296), rel=1e-12)
    assert e.df == 2 and e.n == 4


def test_mean_of_spt_means():
    """Weights 1/(K n_k) make the weighted mean the plain mean of the SPT means."""
    df = pd.DataFrame({"spt": ["a"] * 3 + ["b"] + ["c"] * 2, "y": [1.0, 2, 3, 10, 4, 6]})
    n_k = df.groupby("spt")["y"].transform("size")
    df["w"] = 1 / (3 * n_k)
    e = SurveyDesign(df, strata="spt", lonely_psu="adjust").mean("y")
    assert e.estimate == pytest.approx((2 + 10 + 5) / 3, rel=1e-12)


def test_lonely_fail_names_the_stratum():
    df = pd.DataFrame({"s": ["A", "A", "B"], "w": [1.0, 1, 1], "y": [1.0, 2, 3]})
    with pytest.raises(DesignError, match="'B'"):
        SurveyDesign(df, strata="s").mean("y")


def test_unknown_column_is_named():
    with pytest.raises(DesignError, match="'nope'"):
        SurveyDesign(two_strata(), strata="nope")


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan])
def test_bad_weight(bad):
    df = two_strata()
    df.loc[2, "w"] = bad
    with pytest.raises(DesignError, match="kolom 'w'.*rij 3"):
        SurveyDesign(df, strata="s")
