"""The estimation engine (design, proportion, regression): hand-computed cases, errors,
properties and the golden values from R survey."""

import functools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.errors import DesignError
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.proportion import proportion
from evaluation.estimation.regression import model_matrix, regress


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


def test_certainty_stratum_never_fails():
    """A stratum whose fpc equals its sample (f = 1) has no variance, even if it has one PSU."""
    df = pd.DataFrame({"s": ["A", "A", "B"], "w": [2.0, 2, 1], "N": [4, 4, 1], "y": [1.0, 2, 3]})
    e = SurveyDesign(df, strata="s", fpc="N").mean("y")
    assert e.se > 0 and e.df == 1


def test_fail_names_every_lonely_stratum():
    df = pd.DataFrame({"s": list("ABBC"), "w": [1.0] * 4, "y": [1.0, 2, 3, 4]})
    with pytest.raises(DesignError, match="'A', 'C'"):
        SurveyDesign(df, strata="s").total("y")


def test_fpc_as_fraction_equals_population():
    df = two_strata().assign(N=[10, 10, 4, 4], f=[0.2, 0.2, 0.5, 0.5])
    a = SurveyDesign(df, strata="s", fpc="N").mean("y")
    b = SurveyDesign(df, strata="s", fpc="f").mean("y")
    assert a.se == pytest.approx(b.se, rel=1e-12)
    assert a.se < SurveyDesign(df, strata="s").mean("y").se


def test_fpc_smaller_than_sample_is_named():
    df = two_strata().assign(N=[1, 1, 4, 4])
    with pytest.raises(DesignError, match="kolom 'N'.*'A': populatie 1, steekproef 2"):
        SurveyDesign(df, strata="s", fpc="N")


def test_fpc_must_be_constant_within_stratum():
    df = two_strata().assign(N=[10, 11, 4, 4])
    with pytest.raises(DesignError, match="stratum 'A'"):
        SurveyDesign(df, strata="s", fpc="N")


def test_by_with_one_level_and_ttest_with_three():
    df = two_strata().assign(one="x", three=["p", "q", "r", "p"])
    d = SurveyDesign(df, strata="s")
    assert d.mean("y", by="one")["x"].estimate == d.mean("y").estimate  # one level: a domain
    with pytest.raises(DesignError, match="kolom 'one'.*precies twee niveaus"):
        d.ttest("y", by="one")
    with pytest.raises(DesignError, match="kolom 'three'.*precies twee niveaus"):
        d.ttest("y", by="three")


def test_unknown_and_non_numeric_columns():
    df = two_strata().assign(txt=["a", "b", "c", "d"])
    d = SurveyDesign(df, strata="s")
    with pytest.raises(DesignError, match="kolom 'nope' niet gevonden"):
        d.mean("nope")
    with pytest.raises(DesignError, match="kolom 'txt': verwacht getallen; gevonden 'a'"):
        d.mean("txt")
    with pytest.raises(DesignError, match="lonely_psu"):
        SurveyDesign(df, strata="s", lonely_psu="skip")


def test_missing_values_are_a_domain():
    """NaN in y keeps every stratum in the variance: it equals the domain of non-missing rows."""
    df = two_strata().assign(y=[2.0, np.nan, 6, 10], ok=["j", "n", "j", "j"])
    d = SurveyDesign(df, strata="s", lonely_psu="adjust")
    assert d.mean("y").se == pytest.approx(d.mean("y", by="ok")["j"].se, rel=1e-12)
    assert d.mean("y").n == 3


def test_design_snapshot_and_to_dict():
    df = two_strata()
    d = SurveyDesign(df, strata="s")
    df.loc[0, "y"] = 100.0
    e = d.mean("y")
    assert e.estimate == pytest.approx(38 / 6)
    out = json.loads(json.dumps(e.to_dict()))
    assert out["ci"] == [e.ci[0], e.ci[1]] and out["lonely_psu"] == "fail"
    assert json.dumps(d.ttest("y", by="g").to_dict())
    assert json.dumps(regress(d, "y ~ g").to_dict())


def test_spt_as_stratum_and_as_cluster():
    """The SPT-shaped data: 37 df as strata (36 for the t-test), 9 as clusters (8)."""
    df = golden_data("design_spt.csv")
    strat = SurveyDesign(df, strata="spt", fpc="invited", lonely_psu="adjust")
    clus = SurveyDesign(df, psu="spt")
    assert (strat.df, clus.df) == (37, 9)
    assert (strat.ttest("y", by="trait").df, clus.ttest("y", by="trait").df) == (36, 8)
    assert clus.mean("y").se > 1.5 * strat.mean("y").se
    assert strat.lonely_strata == ["SPT03", "SPT10"]


def test_variance_of_influence_values_by_hand():
    """The public variance routine on the worked example's influence values gives 2448 / 1296;
    a domain keeps every stratum, and its df are those of its own rows."""
    d = SurveyDesign(two_strata(), strata="s")
    infl = np.array([-26.0, -14, -4, 44]) / 36
    assert d.variance(infl)[0, 0] == pytest.approx(2448 / 1296, rel=1e-12)
    only_a = np.array([True, True, False, False])
    assert d.degf(only_a) == 1 and d.degf() == d.df == 2
    mean, infl_a, _ = d.mean_influence(two_strata()["y"].to_numpy(float), only_a)
    assert mean == 3 and infl_a[2:].tolist() == [0.0, 0.0]
    assert len(d) == 4 and d.weights.tolist() == [1.0, 1, 2, 2]
    with pytest.raises(ValueError):
        d.weights[0] = 5.0


def test_proportion_and_regression_errors():
    df = two_strata().assign(flag=[0, 1, 2, 1], x=[1.0, 2, 3, 4])
    d = SurveyDesign(df, strata="s")
    with pytest.raises(DesignError, match="kolom 'flag'.*gevonden 2"):
        proportion(d, "flag")
    with pytest.raises(DesignError, match="method moet"):
        proportion(d, "y", method="wilson")
    with pytest.raises(DesignError, match="term x staat er twee keer in"):
        regress(d, "y ~ x + x")
    with pytest.raises(DesignError, match="verwacht 'y ~ a \\+ b'"):
        regress(d, "y = x")


def test_model_matrix_codes_factors_as_r():
    """Dummies against the first sorted level; without intercept the first factor in full."""
    d = SurveyDesign(two_strata().assign(x=[1.0, np.nan, 3, 4]), strata="s")
    y, names, X, used = model_matrix(d, "y ~ x + g")
    assert (y, names, used.tolist()) == ("y", ["(Intercept)", "x", "gb"], [True, False, True, True])
    assert X[:, 2].tolist() == [0.0, 1, 0, 1]
    assert model_matrix(d, "y ~ g - 1")[1] == ["ga", "gb"]


# ---- properties -------------------------------------------------------------------------------
frames = st.lists(
    st.tuples(st.integers(0, 3), st.floats(0.1, 10), st.floats(-50, 50), st.booleans()),
    min_size=8,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(frames, st.floats(1e-3, 1e3))
def test_mean_invariant_to_scaling_weights(rows, factor):
    df = pd.DataFrame(rows, columns=["s", "w", "y", "g"])
    df["g"] = np.where(df["g"], "b", "a")
    if df["g"].nunique() < 2:
        return
    d1 = SurveyDesign(df, strata="s", lonely_psu="adjust")
    d2 = SurveyDesign(df.assign(w=df["w"] * factor), strata="s", lonely_psu="adjust")
    a, b = d1.mean("y"), d2.mean("y")
    assert b.estimate == pytest.approx(a.estimate, rel=1e-9, abs=1e-9)
    assert b.se == pytest.approx(a.se, rel=1e-7, abs=1e-9)
    ta, tb = d1.ttest("y", by="g"), d2.ttest("y", by="g")
    assert tb.se == pytest.approx(ta.se, rel=1e-7, abs=1e-9)
    assert d2.total("y").estimate == pytest.approx(
        factor * d1.total("y").estimate, rel=1e-9, abs=1e-6
    )


@settings(max_examples=30, deadline=None)
@given(frames)
def test_row_order_does_not_matter(rows):
    df = pd.DataFrame(rows, columns=["s", "w", "y", "g"])
    shuffled = df.iloc[::-1].reset_index(drop=True)
    a = SurveyDesign(df, strata="s", lonely_psu="average").mean("y")
    b = SurveyDesign(shuffled, strata="s", lonely_psu="average").mean("y")
    assert b.se == pytest.approx(a.se, rel=1e-9, abs=1e-12)


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
        return regress(design, case["formula"]), None
    return proportion(design, case["y"], method=case["method"], by=by), None


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
