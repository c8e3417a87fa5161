"""The change test against R `survey`: the 2016 -> 2017 demo waves under two designs,
tested without fpc on the Welch-Satterthwaite df of both years' effective dfs.

Golden values: tests/golden/trends_golden.json, written by tests/golden/trends_golden.R from
tests/golden/trends_scored.csv. To regenerate: `.venv/bin/python tests/test_trends_golden.py`
(exports the scored demo waves), then `Rscript tests/golden/trends_golden.R`. R is never
needed at test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from evaluation.analysis.frame import GRADE, INVITED, WEIGHT, scored_frame
from evaluation.disclosure.publish import disclose
from evaluation.inputs.settings import DesignChoice, Designs
from evaluation.intake.validate import read_survey
from evaluation.pipeline import load_inputs, run_survey
from evaluation.trends.build import Wave, build_trends

GOLDEN = Path(__file__).parent / "golden"
DEMO = Path(__file__).resolve().parents[1] / "surveys" / "monitor_demo"
YEARS = (2016, 2017)
DESIGNS = {
    "stratum_fpc": DesignChoice(strata="spt", fpc="invited", lonely_psu="adjust"),
    "cluster": DesignChoice(psu="spt", lonely_psu="adjust"),
}


def _inputs(year: int, design: str):
    base = load_inputs(year=year)
    settings = base.settings.model_copy(
        update={"design": Designs(grade=DESIGNS[design], traits=base.settings.design.traits)}
    )
    return base.__class__(base.codebook, base.register, settings)


def export_scored(path: Path = GOLDEN / "trends_scored.csv") -> pd.DataFrame:
    """Year, SPT, grade, weight and invited count of every valid respondent of both waves."""
    frames = []
    for year in YEARS:
        inputs = _inputs(year, "stratum_fpc")
        intake = read_survey(DEMO / f"responses_{year}.csv", inputs.codebook, inputs.register)
        df, _, _ = scored_frame(intake, inputs.codebook, inputs.register, inputs.settings)
        frames.append(
            pd.DataFrame(
                {
                    "year": year,
                    "spt": df["spt"],
                    "grade": df[GRADE],
                    "weight": df[WEIGHT],
                    "invited": df[INVITED],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.to_csv(path, index=False, na_rep="NA", float_format="%.17g")
    return out


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads((GOLDEN / "trends_golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=list(DESIGNS))
def trends(request):
    waves = []
    for year in YEARS:
        results = run_survey(DEMO / f"responses_{year}.csv", _inputs(year, request.param)).results
        waves.append(Wave(year, results, disclose(results, 1)))  # min_n 1: every figure shown
    settings = _inputs(YEARS[-1], request.param).settings
    return request.param, build_trends(waves, settings, {}).trends


def test_exported_data_is_current(tmp_path):
    export_scored(tmp_path / "now.csv")
    committed = (GOLDEN / "trends_scored.csv").read_text(encoding="utf-8")
    assert (tmp_path / "now.csv").read_text(encoding="utf-8") == committed


def _close(ours, theirs, rel=1e-8):
    assert ours == pytest.approx(theirs, rel=rel, abs=1e-12)


def test_overall_change_matches_r(trends, golden):
    design, t = trends
    g, c = golden[design]["overall"], t.grade.change
    for key in ("difference", "se", "df", "statistic", "p_value", "mdd"):
        _close(getattr(c, key), g[key])
    _close(list(c.ci), g["ci"])
    assert c.significant is (g["p_value"] < 0.05)


def test_spt_change_matches_r(trends, golden):
    design, t = trends
    for spt, g in golden[design]["by_spt"].items():
        c = t.grade_by_spt[spt].change
        _close(c.difference, g["difference"])
        if g["p_value"] is None:  # one PSU per wave (SPT as cluster): R's SE is rounding
            assert g["se"] < 1e-12  # noise; ours is not estimable, so no SE and no test
            assert c.se is None and c.p_value is None and c.mdd is None
            continue
        _close(c.se, g["se"])
        for key in ("df", "p_value", "mdd"):
            _close(getattr(c, key), g[key])
        _close(list(c.ci), g["ci"])


def test_independent_samples_se_is_r_stacked_contrast(trends, golden):
    """Our change's SE (the root of the two waves' summed variances, computed by the product)
    equals R's own contrast on the two waves stacked as one design (strata per year)."""
    design, t = trends
    _close(t.grade.change.se, golden[design]["stacked_se"])


if __name__ == "__main__":
    frame = export_scored()
    print(f"written {GOLDEN / 'trends_scored.csv'} ({len(frame)} rows)")
