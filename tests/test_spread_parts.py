"""Every published spread as a function of the cells' means and sums of squares
(`disclosure/parts.py`) gives R `survey`'s values on the demo's scored respondents: the
national grade and share agreeing (SE, df, design effect, with and without a finite
population), the trait groups and tests with the SPT as cluster and as stratum, and the
regression's coefficients, under both weightings (tests/golden/analysis_golden.R and
parts_golden.R; 1e-8 relative)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaluation.disclosure.parts import (
    Cells,
    difference_spreads,
    mean_spreads,
    regression_spreads,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
TRAITS = ["trekker", "manager", "stuurgroep", "uitvoeringscommissies"]
REL = 1e-8


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "analysis_demo_scored.csv")


def grade_cells(scored, weighting="per_figure", fpc=False) -> tuple[Cells, np.ndarray]:
    """The grade's cells (SPT x trait answers, a missing answer its own value) and the
    unknowns: each cell's mean grade, then its sum of squares around that mean."""
    d = scored[scored.grade.notna()].fillna({t: -1 for t in TRAITS})
    g = d.groupby(["spt", *TRAITS])["grade"]
    st = g.agg(["count", "mean", lambda s: float(((s - s.mean()) ** 2).sum())]).reset_index()
    st.columns = ["spt", *TRAITS, "n", "mean", "ss"]
    traits = [
        {t: None if v == -1 else int(v) for t, v in zip(TRAITS, r, strict=True)}
        for r in st[TRAITS].to_numpy()
    ]
    sizes = scored.groupby("spt").size().to_dict() if weighting == "fixed" else None
    invited = {k: 2.0 * n for k, n in scored.groupby("spt").size().items()} if fpc else {}
    cells = Cells(list(st.spt), st.n.to_numpy(float), traits, sizes=sizes, invited=invited)
    return cells, np.concatenate([st["mean"].to_numpy(), st.ss.to_numpy()])[:, None]


def share_cells(scored, item: str, fpc=False) -> tuple[Cells, np.ndarray]:
    col = scored[["spt", f"agree_{item}"]].dropna().groupby("spt")[f"agree_{item}"]
    st = col.agg(["count", "mean"]).reset_index()
    invited = {k: 2.0 * n for k, n in scored.groupby("spt").size().items()} if fpc else {}
    cells = Cells(
        list(st.spt), st["count"].to_numpy(float), [{}] * len(st), binary=True, invited=invited
    )
    return cells, st["mean"].to_numpy()[:, None]


def near(value, golden: float) -> bool:
    return math.isclose(float(np.real(np.ravel(value)[0])), golden, rel_tol=REL)


def trait_masks(cells: Cells, t: str):
    rows = np.array([c[t] in (0, 1) for c in cells.traits])
    return rows, {
        g: np.array([c[t] == v for c in cells.traits]) for g, v in (("ja", 1), ("nee", 0))
    }


@pytest.mark.parametrize("weighting", ["per_figure", "fixed"])
def test_standard_errors_and_df_match_r(scored, weighting):
    golden = json.loads((GOLDEN / "analysis_golden.json").read_text())[weighting]
    cells, theta = grade_cells(scored, weighting)
    every = np.ones(cells.count, dtype=bool)
    v, _, df, _, _ = mean_spreads(cells, every, every, "strata")(theta)
    assert near(np.sqrt(v), golden["overall"]["se"]) and near(df, golden["overall"]["df"])
    for t in TRAITS:
        rows, masks = trait_masks(cells, t)
        for group, mask in masks.items():
            v, *_ = mean_spreads(cells, mask & rows, rows, "cluster")(theta)
            assert near(np.sqrt(v), golden["traits"][t][group]["se"]), (t, group)
        test = golden["traits"][t]["test"]
        v, v_s, df_s = difference_spreads(
            cells, masks["ja"], masks["nee"], rows, "cluster", "strata"
        )(theta)
        assert near(np.sqrt(v), test["se"]) and near(np.sqrt(v_s), test["se_stratum"])
        assert near(df_s, test["df_stratum"]), t
    rows = np.array([all(c[t] in (0, 1) for t in TRAITS) for c in cells.traits])
    terms = ["(Intercept)", *TRAITS]
    for v, term in zip(
        regression_spreads(cells, terms, rows, "cluster")(theta), terms, strict=True
    ):
        assert near(np.sqrt(v), golden["regression"]["coefficients"][term]["se"]), term


@pytest.mark.parametrize("fpc", [False, True])
def test_design_effects_and_a_finite_population_match_r(scored, fpc):
    golden = json.loads((GOLDEN / "parts_golden.json").read_text())["fpc" if fpc else "none"]
    cells, theta = grade_cells(scored, fpc=fpc)
    every = np.ones(cells.count, dtype=bool)
    v, v_free, df, _, deff = mean_spreads(cells, every, every, "strata")(theta)
    o = golden["overall"]
    assert near(np.sqrt(v), o["se"]) and near(df, o["df"]) and near(deff, o["deff"])
    assert near(np.sqrt(v_free), grade_golden_se(fpc=False))
    assert fpc == (not near(np.sqrt(v), grade_golden_se(fpc=False)))  # the fpc did something
    for t in TRAITS:
        rows, masks = trait_masks(cells, t)
        for group, mask in masks.items():
            v, _, _, _, deff = mean_spreads(cells, mask & rows, rows, "cluster")(theta)
            g = golden["traits"][t][group]
            assert near(np.sqrt(v), g["se"]) and near(deff, g["deff"]), (t, group)
        _, v_s, df_s = difference_spreads(
            cells, masks["ja"], masks["nee"], rows, "cluster", "strata"
        )(theta)
        test = golden["traits"][t]["test"]
        assert near(np.sqrt(v_s), test["se_stratum"]) and near(df_s, test["df_stratum"]), t
    for item, g in golden["agree"].items():
        cells, p = share_cells(scored, item, fpc)
        every = np.ones(cells.count, dtype=bool)
        v, _, df, _, deff = mean_spreads(cells, every, every, "strata")(p)
        assert near(np.sqrt(v), g["se"]) and near(df, g["df"]) and near(deff, g["deff"]), item


def grade_golden_se(fpc: bool) -> float:
    return json.loads((GOLDEN / "parts_golden.json").read_text())["fpc" if fpc else "none"][
        "overall"
    ]["se"]
