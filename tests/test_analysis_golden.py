"""The analysis on the demo data equals R survey (tests/golden/analysis_golden.R) to 1e-8:
the published rules (effective df, grade intervals on the logit of (g - 1) / 4, exact shares
with svyciprop's logit interval on the effective df) computed in R from survey's own pieces.

To regenerate: `.venv/bin/python tests/test_analysis_golden.py` exports the scored demo data
(tests/golden/analysis_demo_scored.csv), then `Rscript tests/golden/analysis_golden.R`.
"""

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from evaluation.analysis.analyse import analyse
from evaluation.analysis.frame import AGREE, GRADE, INVITED, WEIGHT, add_flags, scored_frame
from evaluation.dutch import number
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings
from evaluation.intake.validate import read_survey

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
TRAITS = ["trekker", "manager", "stuurgroep", "uitvoeringscommissies"]
REL = 1e-8


def _inputs(per_figure: bool = True):
    cb = load_codebook()
    reg = load_register(register_path(cb))
    settings = load_settings(weighting={"per_figure": per_figure})
    return read_survey(DEMO, cb, reg), cb, reg, settings


def export_scored(path: Path = GOLDEN / "analysis_demo_scored.csv") -> pd.DataFrame:
    """The columns the R script needs, floats with 17 significant digits, NA for missing."""
    intake, cb, reg, settings = _inputs()
    df, _, _ = scored_frame(intake, cb, reg, settings)
    df = add_flags(df, intake.missing, cb)
    out = pd.DataFrame(
        {"spt": df["spt"], "grade": df[GRADE], "weight": df[WEIGHT], "invited": df[INVITED]}
    )
    for t in TRAITS:
        out[t] = df[t]
    for col in [c for c in df.columns if c.startswith(AGREE)]:
        out["agree_" + col.removeprefix(AGREE)] = df[col]
    out.to_csv(path, index=False, na_rep="NA", float_format="%.17g")
    return out


WEIGHTINGS = ["per_figure", "fixed"]  # settings weighting.per_figure true (default) / false


@pytest.fixture(scope="module")
def runs():
    return {w: analyse(*_inputs(per_figure=w == "per_figure")) for w in WEIGHTINGS}


@pytest.fixture(scope="module")
def all_golden():
    return json.loads((GOLDEN / "analysis_golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=WEIGHTINGS)
def weighting(request):
    return request.param


@pytest.fixture(scope="module")
def results(runs, weighting):
    return runs[weighting]


@pytest.fixture(scope="module")
def golden(all_golden, weighting):
    return all_golden[weighting]


def close(ours, theirs, what):
    if theirs is None:  # R gives NaN, e.g. a t interval on 0 degrees of freedom
        assert ours is None, what
        return
    assert ours is not None, what
    assert math.isclose(ours, theirs, rel_tol=REL, abs_tol=1e-12), (what, ours, theirs)


def check_estimate(ours, theirs, what):
    close(ours.estimate, theirs["estimate"], f"{what} estimate")
    close(ours.se, theirs["se"], f"{what} se")
    close(ours.ci[0], theirs["ci"][0], f"{what} ci low")
    close(ours.ci[1], theirs["ci"][1], f"{what} ci high")
    close(ours.df, theirs["df"], f"{what} df")
    assert ours.n == theirs["n"], what
    if "df_design" in theirs:
        assert ours.df_design == theirs["df_design"], what
    if ours.ci[0] is not None:
        assert 1 <= ours.ci[0] <= ours.estimate <= ours.ci[1] <= 5, what


def test_exported_data_is_current(tmp_path):
    """The committed CSV is what the pipeline exports now (else regenerate the golden)."""
    export_scored(tmp_path / "now.csv")
    committed = (GOLDEN / "analysis_demo_scored.csv").read_text(encoding="utf-8")
    assert (tmp_path / "now.csv").read_text(encoding="utf-8") == committed


def test_weights_match_r(all_golden):
    assert all_golden["weights_max_abs_diff"] < 1e-15


def test_per_figure_grade_is_the_mean_of_spt_means(runs):
    """Footnote 4 of 2015: each SPT counts equally, also where respondents lack a grade."""
    by = runs["per_figure"].satisfaction.by_spt
    means = [g.estimate for g in by.values() if g.estimate is not None]
    overall = runs["per_figure"].satisfaction.overall.estimate
    assert overall == pytest.approx(sum(means) / len(means), rel=1e-12)
    assert runs["fixed"].satisfaction.overall.estimate != pytest.approx(overall, rel=1e-6)
    assert number(overall, 1) == number(runs["fixed"].satisfaction.overall.estimate, 1) == "2,9"


def test_every_published_share_has_an_interval(runs):
    """Shares of 0 or 1 (national or per SPT) get Korn-Graubard: no share with n > 1 and df > 0
    lacks an interval, and the caveat names the statements."""
    results = runs["per_figure"]
    (boundary,) = [c for c in results.caveats if c.code == "boundary_share"]
    for key, item in results.items.items():
        for spt, e in {"": item.agree, **item.agree_by_spt}.items():
            if e.estimate is not None and e.n > 1 and e.df:
                assert None not in e.ci, (key, spt)
            if e.estimate in (0.0, 1.0):
                where = f"/items/{key}/agree" + (f"_by_spt/{spt}" if spt else "")
                assert where in boundary.applies_to and item.short in boundary.shares


def test_overall_grade(results, golden):
    check_estimate(results.satisfaction.overall, golden["overall"], "overall")


def test_grade_per_spt(results, golden):
    assert set(results.satisfaction.by_spt) == set(golden["by_spt"])
    for name, g in golden["by_spt"].items():
        check_estimate(results.satisfaction.by_spt[name], g, name)


def test_agree_shares(results, golden):
    for key, g in golden["agree"].items():
        a = results.items[key].agree
        close(a.estimate, g["estimate"], key)
        close(a.se, g["se"], key)
        close(a.ci[0], g["ci"][0], key)
        close(a.ci[1], g["ci"][1], key)
        close(a.df, g["df"], key)


@pytest.mark.parametrize("trait", TRAITS)
def test_trait_comparison(results, golden, trait):
    ours, theirs = results.traits[trait], golden["traits"][trait]
    check_estimate(ours.ja, theirs["ja"], f"{trait} ja")
    check_estimate(ours.nee, theirs["nee"], f"{trait} nee")
    t, g = ours.test, theirs["test"]
    for field in ("difference", "se", "t", "p_value", "mdd", "se_stratum"):
        close(getattr(t, field), g[field], f"{trait} {field}")
    close(t.ci[0], g["ci"][0], trait)
    close(t.ci[1], g["ci"][1], trait)
    close(t.df, g["df"], f"{trait} df")
    close(t.df_stratum, g["df_stratum"], f"{trait} df_stratum")


def test_regression(results, golden):
    reg, g = results.traits_regression, golden["regression"]
    assert reg.df == g["df"] and reg.n == g["n"]
    for name, c in g["coefficients"].items():
        ours = reg.coefficients[name]
        for field in ("estimate", "se", "t", "p_value"):
            close(getattr(ours, field), c[field], f"{name} {field}")
        close(ours.ci[0], c["ci"][0], name)
        close(ours.ci[1], c["ci"][1], name)


if __name__ == "__main__":
    frame = export_scored()
    print(f"written {GOLDEN / 'analysis_demo_scored.csv'} ({len(frame)} rows)")
