"""SurveyDesign: hand-computed cases, errors and properties (R golden cases elsewhere)."""

import functools
import json
import math
from pathlib import Path

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


# ---- golden values from R survey 4.1 (tests/golden/design_golden.R) ---------------------------
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = json.loads((GOLDEN / "design_golden.json").read_text(encoding="utf-8"))
REL = 1e-8
WORST: dict[str, float] = {}


@functools.cache
def golden_data(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / name)


def close(got: float, want: float, what: str) -> None:
    """Equal to R within 1e-8 relative (absolute only where R's value is 0; null is NaN)."""
    if want is None:
        assert math.isnan(got), f"{what}: {got} is not NaN"
        return
    if want == 0:
        assert abs(got) < 1e-12, f"{what}: {got} != 0"
        return
    rel = abs(got - want) / abs(want)
    WORST[what.split(":")[0]] = max(WORST.get(what.split(":")[0], 0.0), rel)
    assert rel < REL, f"{what}: python {got!r} R {want!r} (relative {rel:.2e})"


def check_estimate(e, want: dict, ci: str, name: str) -> None:
    for key in ("estimate", "se", "deff"):
        close(getattr(e, key), want[key], f"{name}: {key}")
    assert e.df == want["df"] and e.n == want["n"], name
    for got, exp in zip(e.ci, want[ci], strict=True):
        close(got, exp, f"{name}: {ci}")


def run_golden(case: dict):
    spec = case["design"]
    design = SurveyDesign(
        golden_data(spec["data"]),
        weights=spec["weights"],
        strata=spec.get("strata"),
        psu=spec.get("psu"),
        fpc=spec.get("fpc"),
        lonely_psu=spec["lonely_psu"],
    )
    stat, by = case["stat"], case.get("by")
    if stat in ("mean", "total"):
        method = getattr(design, stat)
        return method(case["y"], by=by), method(case["y"], by=by, ci="t")
    if stat == "ttest":
        return design.ttest(case["y"], by=by), None
    if stat == "regress":
        return design.regress(case["formula"]), None
    return design.proportion(case["y"], method=case["method"], by=by), None


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_r_survey(case):
    want, name = case["expected"], case["name"]
    if "error" in want:
        stratum = want["error"].split("(")[1].split(")")[0]
        with pytest.raises(DesignError, match=f"'{stratum}'"):
            run_golden(case)
        return
    got, got_t = run_golden(case)
    stat = case["stat"]
    if stat in ("mean", "total"):
        if case.get("by") is None:
            got, got_t, want = {None: got}, {None: got_t}, {None: want}
        assert [str(k) for k in got] == [str(k) for k in want], name
        for key, exp in zip(got, want.values(), strict=True):
            check_estimate(got[key], exp, "ci_normal", f"{name} [{key}]")
            check_estimate(got_t[key], exp, "ci_t", f"{name} [{key}] t")
    elif stat == "ttest":
        for key in ("difference", "se", "t", "p_value"):
            close(getattr(got, key), want[key], f"{name}: {key}")
        assert got.df == want["df"], name
        for g, exp in zip(got.ci, want["ci"], strict=True):
            close(g, exp, f"{name}: ci")
    elif stat == "regress":
        assert list(got.coefficients) == want["names"], name
        assert got.df == want["df"], name
        for j, coef in enumerate(got.coefficients.values()):
            for key in ("estimate", "se", "t", "p_value"):
                close(getattr(coef, key), want[key][j], f"{name}: {key}")
            close(coef.ci[0], want["ci_low"][j], f"{name}: ci")
            close(coef.ci[1], want["ci_high"][j], f"{name}: ci")
        for row, exp_row in zip(got.vcov, want["vcov"], strict=True):
            for g, exp in zip(row, exp_row, strict=True):
                close(g, exp, f"{name}: vcov")
    else:
        if case.get("by") is None:
            got, want = {None: got}, {None: want}
        for key, exp in zip(got, want.values(), strict=True):
            e = got[key]
            close(e.estimate, exp["estimate"], f"{name}: estimate")
            close(e.se, exp["se"], f"{name}: se")
            assert e.df == exp["df"], name
            for g, x in zip(e.ci, exp["ci"], strict=True):
                close(g, x, f"{name}: ci")
