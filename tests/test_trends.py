"""Trends: the change test by hand, series from each year's figures, comparability, the
small-cell rule across years, and what the chapter and the cards show."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
from scipy.special import stdtr, stdtrit

from evaluation.disclosure.publish import disclose
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.annual import annual_context
from evaluation.report.render import render_html
from evaluation.report.trend_charts import Line, YearMark, trend_chart
from evaluation.report.trends import card_trend, change_text, trend_context
from evaluation.results import Results
from evaluation.spt_results.read import read_spt_results
from evaluation.trends.build import Wave, build_trends
from evaluation.trends.change import change
from evaluation.trends.model import Change, Point

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    2015: ROOT / "surveys" / "spt2015" / "demo_responses.csv",
    2016: ROOT / "surveys" / "monitor_demo" / "responses_2016.csv",
    2017: ROOT / "surveys" / "monitor_demo" / "responses_2017.csv",
}


@pytest.fixture(scope="module")
def results() -> dict[int, Results]:
    return {y: run_survey(f, load_inputs(year=y)).results for y, f in FILES.items()}


@pytest.fixture(scope="module")
def settings():
    return load_inputs(year=2017).settings


def _waves(results, min_n=5):
    return [Wave(y, r, disclose(r, min_n)) for y, r in sorted(results.items())]


def test_change_by_hand():
    """0,5 with SEs 0,3 and 0,4 (SE of the difference 0,5) on 10 and 20 df: t = 1 on the
    Welch-Satterthwaite df 0,25^2 / (0,09^2 / 10 + 0,16^2 / 20) = 0,0625 / 0,00209 = 29,904;
    normal: p = 0,317311."""
    a = Point(year=2016, estimate=3.0, se=0.3, ci=(None, None), n=40, df=10)
    b = Point(year=2017, estimate=3.5, se=0.4, ci=(None, None), n=50, df=20)
    t = change(a, b, confidence=0.95, distribution="t", alpha=0.05, power=0.8)
    welch = 0.0625 / 0.00209
    assert (t.difference, t.se, t.df, t.statistic) == pytest.approx((0.5, 0.5, welch, 1.0))
    q, q80 = stdtrit(welch, 0.975), stdtrit(welch, 0.8)
    assert t.p_value == pytest.approx(2 * stdtr(welch, -1.0), rel=1e-12)
    assert 0.3253 < t.p_value < 0.3254  # t(30) would give 0,325309
    assert t.ci == pytest.approx((0.5 - q * 0.5, 0.5 + q * 0.5), rel=1e-12)
    assert t.mdd == pytest.approx((q + q80) * 0.5, rel=1e-12)
    assert t.significant is False
    z = change(a, b, confidence=0.95, distribution="normal", alpha=0.05, power=0.8)
    assert z.df is None and z.p_value == pytest.approx(0.317311, abs=5e-6)
    assert z.mdd == pytest.approx((1.959964 + 0.841621) * 0.5, abs=1e-6)
    big = change(
        a,
        b.model_copy(update={"estimate": 4.5}),
        confidence=0.95,
        distribution="t",
        alpha=0.05,
        power=0.8,
    )
    assert big.significant is True and big.p_value < 0.05
    no_df = change(
        a, b.model_copy(update={"df": 0}), confidence=0.95, distribution="t", alpha=0.05, power=0.8
    )
    assert no_df.difference == pytest.approx(0.5) and no_df.p_value is None


def test_a_change_is_tested_without_fpc():
    """Achterhoek 2016: 6 respondents of 6 invited gives SE 0 with fpc; the change uses the SE
    without fpc (the SPT's working, not these six people's answers), so no star from an fpc."""
    census = Point(year=2016, estimate=3.0, se=0.0, ci=(3.0, 3.0), n=6, df=5)
    census = census.model_copy(update={"se_nofpc": 0.12, "df_nofpc": 5})
    later = Point(year=2017, estimate=3.3, se=0.1, ci=(None, None), n=6, df=5)
    later = later.model_copy(update={"se_nofpc": 0.12, "df_nofpc": 5})
    c = change(census, later, confidence=0.95, distribution="t", alpha=0.05, power=0.8)
    assert c.se == pytest.approx(math.hypot(0.12, 0.12))
    assert c.df == pytest.approx(10) and c.p_value > 0.05 and c.significant is False
    one = Point(year=2016, estimate=3.0, se=None, ci=(None, None), n=1)  # not estimable
    assert change(one, later, confidence=0.95, distribution="t", alpha=0.05, power=0.8).se is None


def test_series_hold_each_years_figures(results, settings):
    t = build_trends(_waves(results, min_n=1), settings, {}).trends
    assert t.years == [2015, 2016, 2017] and t.previous == 2016
    for p in t.grade.points:
        o = results[p.year].satisfaction.overall
        assert (p.estimate, p.se, p.n, p.df) == (o.estimate, o.se, o.n, o.df)
    c = t.grade.change
    o16, o17 = results[2016].satisfaction.overall, results[2017].satisfaction.overall
    assert c.difference == pytest.approx(o17.estimate - o16.estimate)
    assert c.se == pytest.approx(math.sqrt(o16.se_nofpc**2 + o17.se_nofpc**2))
    v16, v17 = o16.se_nofpc**2, o17.se_nofpc**2
    assert c.df == pytest.approx((v16 + v17) ** 2 / (v16**2 / o16.df_nofpc + v17**2 / o17.df_nofpc))
    agree = t.agree["werking_goed"]
    assert [p.estimate for p in agree.points] == [
        results[y].items["werking_goed"].agree.estimate for y in (2015, 2016, 2017)
    ]


def test_a_changed_statement_is_not_compared(results, settings):
    changed = results[2016].model_copy(deep=True)
    changed.items["bekendheid"].label = "Het SPT is bekend bij werkgevers en werkzoekenden"
    t = build_trends(_waves({**results, 2016: changed}), settings, {}).trends
    assert t.agree["bekendheid"].not_comparable == [2016]
    assert [p.year for p in t.agree["bekendheid"].points] == [2015, 2017]
    assert t.agree["bekendheid"].change is None  # no comparable previous wave
    assert t.agree["werking_goed"].not_comparable == []
    # bekendheid is an item of the grade: the grade of 2016 is not comparable either
    assert t.grade.not_comparable == [2016] and t.grade.change is None
    assert any("niet vergelijkbaar" in n for n in t.notes)
    ctx = trend_context(build_trends(_waves({**results, 2016: changed}), settings, {}))
    assert any("bekend bij werkgevers" in n and "2016" in n for n in ctx["notes"])


def test_small_cells_hold_across_years(results, settings):
    waves = _waves(results)
    pt = build_trends(waves, settings, {})
    published = {w.year: w.published for w in waves}
    seen_withheld_change = False
    for spt, series in pt.trends.grade_by_spt.items():
        for p in series.points:
            withheld = published[p.year].is_withheld("satisfaction", "by_spt", spt, "estimate")
            assert (p.estimate is None) is withheld, (spt, p.year)
            if not withheld:
                assert p.estimate == published[p.year].results.satisfaction.by_spt[spt].estimate
        c = series.change
        ends = {p.year: p for p in series.points}
        either = ends[2016].estimate is None or ends[2017].estimate is None
        assert (c.difference is None) is either, spt
        seen_withheld_change |= either and ends[2017].estimate is not None
        if not either:  # a published change is the difference of two published figures
            assert c.difference == pytest.approx(ends[2017].estimate - ends[2016].estimate)
    assert seen_withheld_change  # the demo has an SPT withheld in 2016 but shown in 2017


def test_a_withheld_figure_moves_nothing_published(results, settings):
    """Change the grade of every withheld SPT of 2016 (nothing else): the published trend is
    the same, so no published figure can give it back."""
    waves = _waves(results)
    before = build_trends(waves, settings, {}).trends.to_json()
    p16 = waves[1].published
    changed = results[2016].model_copy(deep=True)
    hidden = [
        k
        for k in changed.satisfaction.by_spt
        if p16.is_withheld("satisfaction", "by_spt", k, "estimate")
    ]
    assert hidden
    for k in hidden:
        changed.satisfaction.by_spt[k].estimate = 1.23
        changed.satisfaction.by_spt[k].se = 0.45
    waves[1] = Wave(2016, changed, p16)
    assert build_trends(waves, settings, {}).trends.to_json() == before


def test_withheld_figures_show_x_in_the_chapter_and_on_the_card(results, settings):
    register = load_inputs().register
    spt_results = {
        y: read_spt_results(
            ROOT / "surveys" / "monitor_demo" / f"spt_results_{y}.csv", register, y
        ).records
        for y in (2015, 2016, 2017)
    }
    pt = build_trends(_waves(results), settings, spt_results)
    ctx = trend_context(pt)
    rows = {r["spt"]: r for r in ctx["spts"]}
    assert rows["Zuidoost-Brabant"]["cells"] == ["x", "x", "x"]
    assert rows["Zuidoost-Brabant"]["difference"] == "x"
    assert rows["Noord-Holland"]["cells"][2] not in ("x", "–")
    assert len(ctx["results"]) == 30
    card = card_trend(pt, "Zuidoost-Brabant")
    assert "Zuidoost-Brabant: 2015: x (n = 1)" in card["chart"].alt
    assert "niet getoond" in card["text"]
    annual = annual_context(disclose(results[2017]), audit={"date": date(2017, 11, 21)})
    html = render_html("annual.html", {**annual, "trends": ctx})
    assert '<a href="#trends">7 Over de jaren</a>' in html
    assert "Verandering sinds 2016" in html and "Resultaten per servicepunt per jaar" in html
    assert "(synthetisch)" in html
    assert "Over de jaren" not in render_html("annual.html", annual)


def test_trend_chart_alt_text_is_written_from_its_data():
    marks = [YearMark(2015, 2.9, (2.7, 3.1), 43), YearMark(2016, None, None, 3, True)]
    chart = trend_chart([Line("Twente", marks, "#b2440e")], "Rapportcijfer Twente")
    assert chart.alt == (
        "Rapportcijfer Twente. Twente: 2015: 2,9, 95%-interval 2,7 tot 3,1 (n = 43); "
        "2016: x (n = 3)."
    )
    assert 'id="line-twente"' in chart.svg


def test_change_text_in_words():
    def made(**values):
        base = {"from_year": 2016, "to_year": 2017, "difference": 0.3, "p_value": 0.01}
        return Change.model_construct(**{**base, "significant": True, "mdd": 0.2, **values})

    assert change_text(made()) == "0,3 hoger: een aantoonbare verandering"
    assert change_text(made(difference=-0.04, significant=False, p_value=0.5)) == (
        "0,0 lager: niet aantoonbaar (kleinste aantoonbare verschil 0,2)"
    )
    withheld = made(difference=None)  # None in the published trends
    assert change_text(withheld, withheld=True).startswith("niet getoond")
    assert change_text(withheld) == "niet te berekenen"
    assert change_text(None) == "geen vorige meting om mee te vergelijken"


def test_trends_json_is_stable(results, settings):
    a = build_trends(_waves(results), settings, {}).trends.to_json()
    assert a == build_trends(_waves(results), settings, {}).trends.to_json()
    assert json.loads(a)["min_n"] == 5
