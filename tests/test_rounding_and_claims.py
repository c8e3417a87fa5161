"""What the reader sees follows the figures: one rounding rule, distributions that add up,
differences from the figures shown, and claims only where the intervals carry them."""

from __future__ import annotations

import pytest

from evaluation.dutch import largest_remainder, percent, round_half_up
from evaluation.report.figures import grade_table, strongest_weakest
from evaluation.report.rounding import NOTE, adding_up
from evaluation.report.trends import change_text, rounded_difference
from evaluation.results import Estimate, ItemDistribution, SptGrade
from evaluation.trends.model import Change, Point, Series


def test_five_of_eight_is_63_percent():
    """The exact weighted ratio, however it was summed, shows 63% (half up), never 62%."""
    w = [1 / 24] * 8  # one SPT of three, eight respondents
    share = sum(w[:5]) / sum(w)
    assert percent(share) == "63%" and percent(0.62499999999999994) == "63%"
    assert round_half_up(7.45, 1) == 7.5 and round_half_up(2.25, 1) == 2.3
    assert percent(0.6249) == "62%"  # a real difference still rounds down


def test_largest_remainder_adds_up_to_the_rounded_total():
    assert largest_remainder([33.333, 33.333, 33.334]) == [33, 33, 34]
    assert largest_remainder([20.4, 20.4, 20.4, 38.8]) == [21, 20, 20, 39]
    parts = [100 * x for x in (0.215, 0.135, 0.235, 0.145, 0.27)]
    assert sum(round_half_up(p, 0) for p in parts) == 102  # what plain rounding would print
    assert sum(largest_remainder(parts)) == 100


def test_a_distribution_table_adds_up_and_says_how():
    t = {
        "rows": [
            {"label": "a", "share": 0.215},
            {"label": "b", "share": 0.135},
            {"label": "c", "share": 0.235},
            {"label": "d", "share": 0.145},
            {"label": "e", "share": 0.27},
            {"label": "Totaal", "share": 1.0},
        ],
        "notes": [],
    }
    out = adding_up(t, "share", 100)
    shown = [round_half_up(100 * r["share"], 0) for r in out["rows"][:-1]]
    assert sum(shown) == 100 and out["rows"][-1]["share"] == 1.0 and NOTE in out["notes"]
    withheld = {**t, "rows": [{**t["rows"][0], "share": None}, *t["rows"][1:]]}
    assert adding_up(withheld, "share", 100) is withheld  # nothing to add up


def test_a_change_is_told_from_the_figures_shown():
    """51% -> 44% prints 7 lower, although the unrounded difference is -0,064."""
    series = Series.model_construct(
        points=[
            Point.model_construct(year=2016, estimate=0.5149),
            Point.model_construct(year=2017, estimate=0.4449),
        ],
        change=Change.model_construct(
            from_year=2016,
            to_year=2017,
            difference=0.4449 - 0.5149 + 0.006,  # as if from other unrounded values
            p_value=0.4,
            significant=False,
            mdd=0.2,
        ),
    )
    d = rounded_difference(series, share=True)
    assert d == pytest.approx(-0.07)
    assert change_text(series.change, True, d).startswith("7 procentpunt lager")


def _statement(short: str, share: float, low: float, high: float) -> ItemDistribution:
    return ItemDistribution.model_construct(
        short=short,
        figure="2.1",
        reverse=False,
        n=40,
        agree=Estimate.model_construct(estimate=share, ci=(low, high)),
    )


def test_strongest_point_only_when_its_interval_stands_apart():
    """53% (38-68%) against 50% (36-64%) is no strongest point; 80% (70-88%) against 50% is."""
    close = {"a": _statement("A", 0.53, 0.38, 0.68), "b": _statement("B", 0.50, 0.36, 0.64)}
    assert strongest_weakest(close) == (None, None)
    apart = {
        "a": _statement("A", 0.80, 0.70, 0.88),
        "b": _statement("B", 0.50, 0.36, 0.64),
        "c": _statement("C", 0.10, 0.04, 0.20),
    }
    strongest, weakest = strongest_weakest(apart)
    assert strongest["label"] == "A" and weakest["label"] == "C"
    assert "95%-interval 70% – 88%" in strongest["text"]


def test_spts_are_grouped_by_band_not_ranked():
    def g(estimate, band):
        return SptGrade.model_construct(estimate=estimate, band=band)

    by_spt = {
        "Zeeland": g(3.9, "boven gemiddeld"),
        "Achterhoek": g(3.6, "boven gemiddeld"),
        "Twente": g(2.1, "beneden gemiddeld"),
        "Rijnmond": g(3.0, "gemiddeld"),
        "Drenthe": g(None, None),  # withheld: no grade, no band
    }
    rows = grade_table(by_spt)
    assert [name for name, _ in rows] == ["Achterhoek", "Zeeland", "Rijnmond", "Twente", "Drenthe"]
