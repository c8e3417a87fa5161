"""Weighting: golden values from R survey (rake, trimWeights), hand cases, errors, properties."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.errors import DesignError
from evaluation.estimation.weighting import (
    base_weights,
    diagnostics,
    equal_per_service_point,
    kish_effective_n,
    rake,
    trim_weights,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
WEIGHTING = json.loads((GOLDEN / "weighting_golden.json").read_text(encoding="utf-8"))
REL = 1e-8


def max_rel(got, want) -> float:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return float(np.max(np.abs(got - want) / np.abs(want)))


# ---- golden: R rake() and trimWeights() ------------------------------------------------------
@pytest.mark.parametrize("start,key", [("pw", "expected"), ("equal", "expected_from_equal")])
def test_rake_matches_r(start, key):
    case = WEIGHTING["rake"]
    df = pd.read_csv(GOLDEN / case["data"])
    weights = case["weights"] if start == "pw" else np.ones(len(df))
    result = rake(df, weights, case["margins"], tol=case["tol"], max_iter=case["max_iter"])
    assert max_rel(result.weights, case[key]) < REL
    assert result.record["converged"] and result.record["iterations"] >= 1


@pytest.mark.parametrize("strict,key", [(False, "expected"), (True, "expected_strict")])
def test_trim_matches_r(strict, key):
    case = WEIGHTING["trim"]
    df = pd.read_csv(GOLDEN / case["data"])
    result = trim_weights(df[case["weights"]], case["lower"], case["upper"], strict=strict)
    assert max_rel(result.weights, case[key]) < REL
    assert result.weights.sum() == pytest.approx(df[case["weights"]].sum(), rel=1e-12)
    if strict:
        assert result.weights.between(case["lower"], case["upper"]).all()


# ---- hand cases -------------------------------------------------------------------------------
def spt_frame() -> pd.DataFrame:
    return pd.DataFrame({"spt": ["a"] * 4 + ["b"] + ["c"] * 5})


def test_equal_per_service_point_by_hand():
    result = equal_per_service_point(spt_frame())
    assert result.weights.tolist() == pytest.approx([1 / 12] * 4 + [1 / 3] + [1 / 15] * 5)
    assert result.record["K"] == 3 and result.record["n_k"] == {"a": 4, "b": 1, "c": 5}


def test_equal_per_service_point_scales():
    df = spt_frame()
    assert equal_per_service_point(df, scale="sample").weights.sum() == pytest.approx(10)
    pop = {"a": 8, "b": 3, "c": 9, "d": 100}
    result = equal_per_service_point(df, scale="population", population=pop)
    assert result.weights.sum() == pytest.approx(20)
    with pytest.raises(DesignError, match="'c'"):
        equal_per_service_point(df, scale="population", population={"a": 8, "b": 3})


def test_base_weights():
    result = base_weights(spt_frame(), "spt", {"a": 8, "b": 3, "c": 10})
    assert result.weights.tolist() == pytest.approx([2] * 4 + [3] + [2] * 5)
    with pytest.raises(DesignError, match="'c': populatie 4"):
        base_weights(spt_frame(), "spt", {"a": 8, "b": 3, "c": 4})


def test_kish_and_diagnostics():
    w = pd.Series([1.0, 1, 2, 4])
    assert kish_effective_n(w) == pytest.approx(64 / 22)
    d = diagnostics(w, strata=pd.Series(["x", "x", "y", "y"]))
    assert d["ratio_max_min"] == 4 and d["per_stratum_sum"] == {"x": 2.0, "y": 6.0}


# ---- errors -----------------------------------------------------------------------------------
def rake_frame() -> pd.DataFrame:
    return pd.DataFrame({"a": list("xxyy"), "b": list("pqpq"), "w": [1.0, 1, 1, 1]})


def test_rake_margin_level_absent_from_data():
    with pytest.raises(DesignError, match="marge 'a': niveau 'z' komt niet voor"):
        rake(rake_frame(), "w", {"a": {"x": 2, "y": 2, "z": 1}})


def test_rake_data_level_without_total():
    with pytest.raises(DesignError, match="marge 'a'.*y"):
        rake(rake_frame(), "w", {"a": {"x": 2}})


def test_rake_empty_and_unequal_margins():
    with pytest.raises(DesignError, match="minstens één marge"):
        rake(rake_frame(), "w", {})
    with pytest.raises(DesignError, match="marge 'b'"):
        rake(rake_frame(), "w", {"b": {}})
    with pytest.raises(DesignError, match="hetzelfde totaal"):
        rake(rake_frame(), "w", {"a": {"x": 2, "y": 2}, "b": {"p": 3, "q": 3}})


def test_rake_impossible_margins_fail():
    df = pd.DataFrame({"a": list("xy"), "b": list("pq"), "w": [1.0, 1]})
    with pytest.raises(DesignError, match="niet haalbaar"):
        rake(df, "w", {"a": {"x": 1, "y": 3}, "b": {"p": 3, "q": 1}})


def test_rake_not_converging_fails():
    df = pd.DataFrame({"a": list("xxyy"), "b": list("pqpq"), "w": [1.0, 5, 1, 9]})
    with pytest.raises(DesignError, match="convergeert niet na 1 iteraties"):
        rake(df, "w", {"a": {"x": 5, "y": 15}, "b": {"p": 4, "q": 16}}, tol=1e-12, max_iter=1)


def test_bad_weights_named():
    df = rake_frame().assign(w=[1.0, 0, 1, 1])
    with pytest.raises(DesignError, match="kolom 'w'.*rij 2"):
        rake(df, "w", {"a": {"x": 2, "y": 2}})
    with pytest.raises(DesignError, match="kolom 'nope'"):
        equal_per_service_point(rake_frame(), by="nope")


# ---- properties -------------------------------------------------------------------------------
sizes = st.lists(st.integers(min_value=1, max_value=12), min_size=2, max_size=12)


@settings(max_examples=40, deadline=None)
@given(sizes, st.sampled_from(["none", "sample"]))
def test_every_spt_gets_the_same_total(n_k, scale):
    df = pd.DataFrame({"spt": np.repeat([f"s{i:02d}" for i in range(len(n_k))], n_k)})
    w = equal_per_service_point(df, scale=scale).weights
    totals = w.groupby(df["spt"]).sum()
    assert np.allclose(totals, totals.iloc[0], rtol=1e-12)
    expected = 1.0 if scale == "none" else float(sum(n_k))
    assert w.sum() == pytest.approx(expected, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1)), max_size=60),
    st.lists(st.floats(0.5, 5), min_size=3, max_size=3),
    st.floats(0.2, 0.8),
)
def test_raking_hits_every_margin(cells, a_share, b_share):
    every_cell = [(a, b) for a in range(3) for b in range(2)]
    df = pd.DataFrame(every_cell + cells, columns=["a", "b"])
    df["w"] = np.linspace(1, 3, len(df))
    total = 1000.0
    a_tot = {i: total * s / sum(a_share) for i, s in enumerate(a_share)}
    b_tot = {0: total * b_share, 1: total * (1 - b_share)}
    result = rake(df, "w", {"a": a_tot, "b": b_tot}, tol=1e-10, max_iter=500)
    for var, target in (("a", a_tot), ("b", b_tot)):
        got = result.weights.groupby(df[var]).sum()
        for level, value in target.items():
            assert got[level] == pytest.approx(value, rel=1e-6)
