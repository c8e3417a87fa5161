"""Success factors and bottlenecks against R `survey`: each option's national share, SE,
effective df and interval (logit, Korn-Graubard at 0 or 1), the per-SPT shares, and the change
2016 -> 2017 on the synthetic monitor waves.

Golden values: tests/golden/choices_golden.json, written by tests/golden/choices_golden.R from
tests/golden/choices_scored.csv. To regenerate: `.venv/bin/python tests/test_choices_golden.py`
(exports the scored waves), then `Rscript tests/golden/choices_golden.R`. R is never needed at
test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from evaluation.analysis.frame import INVITED, scored_frame
from evaluation.disclosure.publish import disclose
from evaluation.intake.validate import read_survey
from evaluation.pipeline import load_inputs, run_survey
from evaluation.trends.build import Wave, build_trends

GOLDEN = Path(__file__).parent / "golden"
DEMO = Path(__file__).resolve().parents[1] / "surveys" / "monitor_demo"
YEARS = (2016, 2017)


def export_scored(path: Path = GOLDEN / "choices_scored.csv") -> pd.DataFrame:
    """Year, SPT, invited count and per option 1 / 0 / NA (chose nothing) of every respondent."""
    frames = []
    for year in YEARS:
        inputs = load_inputs(year=year)
        intake = read_survey(DEMO / f"responses_{year}.csv", inputs.codebook, inputs.register)
        df, _, _ = scored_frame(intake, inputs.codebook, inputs.register, inputs.settings)
        columns = {"year": year, "spt": df["spt"], "invited": df[INVITED]}
        for q in inputs.codebook.choice_questions:
            answered = (df[list(q.items or {})] == 1).any(axis=1)
            for column in q.items or {}:
                columns[column] = (df[column] == 1).astype(int).where(answered)
        frames.append(pd.DataFrame(columns))
    out = pd.concat(frames, ignore_index=True)
    out.to_csv(path, index=False, na_rep="NA", float_format="%.17g")
    return out


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads((GOLDEN / "choices_golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def waves() -> list[Wave]:
    out = []
    for year in YEARS:
        results = run_survey(DEMO / f"responses_{year}.csv", load_inputs(year=year)).results
        out.append(Wave(year, results, disclose(results, 1)))  # min_n 1: every figure shown
    return out


def _close(ours, theirs, rel=1e-8):
    assert ours == pytest.approx(theirs, rel=rel, abs=1e-12)


def test_exported_data_is_current(tmp_path):
    export_scored(tmp_path / "now.csv")
    committed = (GOLDEN / "choices_scored.csv").read_text(encoding="utf-8")
    assert (tmp_path / "now.csv").read_text(encoding="utf-8") == committed


def test_national_shares_match_r(waves, golden):
    checked = compared = 0
    for w in waves:
        for question in w.results.choices.values():
            for column, option in question.options.items():
                g, e = golden[str(w.year)][column], option.share
                assert e.n == g["n"] == question.n
                _close(e.estimate, g["estimate"])
                _close(e.se, g["se"])
                _close(list(e.ci), g["ci"])
                r_ci = g.get("r_ci") or [None, None]
                if None not in r_ci:  # svyciprop's own glm bounds (at df near 1 it can fail)
                    _close(list(e.ci), r_ci, rel=1e-4)
                    compared += 1
                if g["df"] is not None:
                    _close(e.df, g["df"])
                checked += 1
    assert checked == 40  # 2 years x (10 success factors + 10 bottlenecks)
    assert compared > 30


def test_spt_shares_match_r_korn_graubard_at_0_and_1(waves, golden):
    boundary = 0
    for w in waves:
        for question in w.results.choices.values():
            for column, option in question.options.items():
                for spt, g in golden[str(w.year)][column]["by_spt"].items():
                    e = option.by_spt[spt]
                    _close(e.estimate, g["estimate"])
                    _close(e.se, g["se"])
                    _close(list(e.ci), g["ci"])
                    boundary += g["estimate"] in (0, 1)
    assert boundary > 50  # many SPTs where nobody (or everybody) chose an option


def test_change_matches_r(waves, golden):
    settings = load_inputs(year=2017).settings
    trends = build_trends(waves, settings, {}).trends
    for options in trends.choices.values():
        for column, line in options.items():
            g, c = golden["change"][column], line.change
            for key in ("difference", "se", "df", "statistic", "p_value", "mdd"):
                _close(getattr(c, key), g[key])
            _close(list(c.ci), g["ci"])
            assert c.significant is (g["p_value"] < 0.05)


if __name__ == "__main__":
    frame = export_scored()
    print(f"written {GOLDEN / 'choices_scored.csv'} ({len(frame)} rows)")
