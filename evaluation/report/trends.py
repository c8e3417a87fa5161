"""What the trend chapter and a card's trend line show, from the published trends only: typed
values (None where withheld), and `PublishedTrends.is_withheld` says which None is 'x'."""

from __future__ import annotations

from typing import Any

from evaluation.dutch import number
from evaluation.report.annual import annual_context
from evaluation.report.changes import rounded_difference
from evaluation.report.choices import choice_sections
from evaluation.report.summary import SCORE, change_row, summary_of
from evaluation.report.trend_charts import Line, YearMark, trend_chart
from evaluation.report.views import shown
from evaluation.report.withheld import figures, text
from evaluation.spt_results.schema import BUDGET_SOURCES
from evaluation.trends.build import PublishedTrends
from evaluation.trends.model import Change, SameSpts, Series, Trends

NATIONAL, OWN = "#003b5c", "#b2440e"


def _marks(series: Series) -> list[YearMark]:
    """A series' points as the chart draws them: a withheld point draws no mark."""
    out = []
    for p in series.points:
        ok = shown(p.estimate)
        lo, hi = p.ci
        ci = (lo, hi) if ok and shown(lo) and shown(hi) else None
        out.append(YearMark(p.year, p.estimate if ok else None, ci, int(p.n or 0), not ok))
    return out


def change_text(
    c: Change | None,
    share: bool = False,
    shown_difference: float | None = None,
    withheld: bool = False,
) -> str:
    """The change since the previous wave in words: its size (from the rounded figures shown,
    when given), whether it is detectable and the smallest detectable change, in the plain words
    of the glossary (p stays in tables.xlsx and results.json); `withheld`: the publication
    withholds the change."""
    if c is None:
        return "geen vorige meting om mee te vergelijken"
    if withheld:
        return f"niet getoond: het cijfer van {c.from_year} of {c.to_year} is weggelaten"
    if not shown(c.difference):
        return "niet te berekenen"

    def size(x: float) -> str:
        return f"{number(abs(x) * 100, 0)} procentpunt" if share else number(abs(x))

    d = c.difference if shown_difference is None else shown_difference
    way = "hoger" if d > 0 else "lager" if d < 0 else "gelijk"
    head = f"{size(d)} {way}" if way != "gelijk" else "gelijk"
    if not shown(c.p_value):
        return f"{head}; niet te toetsen (te weinig gegevens voor een interval)"
    if c.significant:
        return f"{head}: een aantoonbare verandering"
    return f"{head}: niet aantoonbaar (kleinste aantoonbare verschil {size(c.mdd)})"


def no_change(series: Series | SameSpts, previous: int | None) -> str:
    """Why a series has no change since the previous wave: none stored, the figure not
    comparable with it (a changed statement or grade), or not measured in it."""
    if previous is None:
        return "geen vorige meting om mee te vergelijken"
    if previous in getattr(series, "not_comparable", []):
        return f"niet vergelijkbaar met {previous} (zie de noten bij de tabel per stelling)"
    return f"in {previous} niet gemeten, dus geen verandering"


def _series_text(t: PublishedTrends, series: Series | SameSpts, parts: tuple, share: bool) -> str:
    """The change of the series at `parts` in words."""
    if series.change is None:
        return no_change(series, t.trends.previous)
    return change_text(
        series.change, share, rounded_difference(series, share), _withheld_change(t, parts)
    )


def _cells(
    t: PublishedTrends, series: Series, parts: tuple, years: list[int], share: bool
) -> list[str]:
    """The series at `parts`: its estimate per year as printed ('x' where withheld)."""
    by_year = {p.year: (i, p) for i, p in enumerate(series.points)}
    out = []
    for y in years:
        if y not in by_year:
            out.append("n.v.t." if y in series.not_comparable else "–")
            continue
        i, p = by_year[y]
        hidden = t.is_withheld(*parts, "points", i, "estimate")
        out.append(text(p.estimate, hidden, 0 if share else 1, "percent" if share else "number"))
    return out


def _withheld_change(t: PublishedTrends, parts: tuple) -> bool:
    return t.is_withheld(*parts, "change", "difference")


def _difference(t: PublishedTrends, series: Series | SameSpts, parts: tuple, share: bool) -> str:
    """The change column of the series at `parts`: from the rounded figures shown, a star
    when detectable."""
    c = series.change
    if c is None:
        return "n.v.t." if t.trends.previous in getattr(series, "not_comparable", []) else "–"
    if not shown(c.difference):
        return text(c.difference, _withheld_change(t, parts))
    d = rounded_difference(series, share)
    if d is None:
        return "–"
    shown_d = number(d * 100, 0) if share else number(d)
    sign = "+" if d > 0 and shown_d.strip("0,") else ""
    return f"{sign}{shown_d}" + ("*" if c.significant else "")


def _results_rows(trends: Trends) -> list[dict]:
    rows = []
    for spt, records in trends.spt_results.items():
        for r in records:
            budget = r.budget or {}
            rows.append(
                {
                    "spt": spt,
                    "year": r.year,
                    "w2w": r.placements_work_to_work,
                    "ww2w": r.placements_unemployment_to_work,
                    "trained": r.trained,
                    "fte": r.coach_fte,
                    "budget": sum(budget.values()) if budget else None,
                    "budget_by_source": budget,
                    "projects": r.projects or [],
                }
            )
    return rows


def _budget_sources(trends: Trends) -> dict[str, str]:
    """Budget columns that some SPT reported, in the schema's order: column -> Dutch label."""
    used = {k for records in trends.spt_results.values() for r in records for k in r.budget}
    return {k: label for k, label in BUDGET_SOURCES.items() if k in used}


def trend_context(t: PublishedTrends) -> dict[str, Any]:
    """Everything the annual report's trend chapter shows."""
    trends = t.trends
    years = trends.years
    grade = trends.grade
    chart = trend_chart(
        [Line("landelijk", _marks(grade), NATIONAL, band=True)],
        f"Landelijke tevredenheidsscore (1-5) per jaar, {years[0]}–{years[-1]}",
    )
    spts = [
        {
            "spt": k,
            # a renamed SPT's row names its earlier names (the years are on one line)
            "label": f"{k} (eerder {' en '.join(trends.renamed[k])})" if k in trends.renamed else k,
            "cells": _cells(t, s, ("grade_by_spt", k), years, False),
            "difference": _difference(t, s, ("grade_by_spt", k), False),
        }
        for k, s in trends.grade_by_spt.items()
    ]
    statements = [
        {
            "key": k,
            "short": s.short,
            "figure": s.figure,
            "cells": _cells(t, s, ("agree", k), years, True),
            "difference": _difference(t, s, ("agree", k), True),
            "text": _series_text(t, s, ("agree", k), True),
        }
        for k, s in trends.agree.items()
    ]
    notes = list(trends.notes)
    for s in trends.agree.values():
        notes += s.notes
        if s.not_comparable and not s.notes:
            gone = ", ".join(str(y) for y in s.not_comparable)
            notes.append(f"'{s.short}' is niet vergelijkbaar met {gone}: andere vraag of schaal.")
    return {
        "years": years,
        "previous": trends.previous,
        "grade": {
            "points": [figures(t, p, "grade", "points", i) for i, p in enumerate(grade.points)]
        },
        "grade_text": _series_text(t, grade, ("grade",), False),
        "chart": chart,
        "spts": spts,
        "statements": statements,
        "results": _results_rows(trends),
        "budget_sources": _budget_sources(trends),
        "notes": notes,
        "n_withheld": len(t.log),
        "same_spts": same_spts_view(t),
        "spt_changes": spt_changes(trends),
    }


def same_spts_view(t: PublishedTrends) -> dict | None:
    """The national change over the SPTs measured in both years, beside the all-SPT one."""
    same = t.trends.grade_same_spts
    if same is None:
        return None
    return {
        "n": len(same.spts),
        "spts": same.spts,
        "text": _series_text(t, same, ("grade_same_spts",), False),
        "all_text": _series_text(t, t.trends.grade, ("grade",), False),
        "difference": _difference(t, same, ("grade_same_spts",), False),
    }


def spt_changes(trends: Trends) -> list[str]:
    """The response page's sentences on SPTs measured now and not in the previous wave, or the
    other way round, and on renamed SPTs."""
    previous, year = trends.previous, trends.year
    out = []
    if trends.spts_gone:
        out.append(
            f"In {previous} gemeten, in {year} niet: {', '.join(trends.spts_gone)} (geen "
            "geldige antwoorden dit jaar)."
        )
    if trends.spts_new:
        out.append(f"Nieuw ten opzichte van {previous}: {', '.join(trends.spts_new)}.")
    for name, olds in trends.renamed.items():
        out.append(f"{name} heette eerder {' en '.join(olds)}.")
    return out


def card_trend(t: PublishedTrends, spt: str) -> dict[str, Any] | None:
    """A card's own grade line against the national one, with the change in words."""
    trends = t.trends
    own = trends.grade_by_spt.get(spt)
    if own is None or len(trends.years) < 2:
        return None
    chart = trend_chart(
        [
            Line("landelijk", _marks(trends.grade), NATIONAL, band=True),
            Line(spt, _marks(own), OWN),
        ],
        f"Tevredenheidsscore {spt} en landelijk (1-5) per jaar",
    )
    earlier = {p.name: p.year for p in own.points if p.name}  # a name it had, its last year
    return {
        "chart": chart,
        "text": _series_text(t, own, ("grade_by_spt", spt), False),
        "compared": own.change is not None,
        "renamed": [
            f"{spt} heette tot en met {year} {name}; de jaren staan op één lijn."
            for name, year in sorted(earlier.items(), key=lambda x: x[1])
        ],
        "previous": trends.previous,
        "changed": [r for r in [change_row(SCORE, own, False)] if r],
        "results": [r for r in _results_rows(trends) if r["spt"] == spt],
        "same_spts": same_spts_view(t),
    }


def annual_trend_context(
    published, trends: PublishedTrends | None, audit: dict, quarantine, remarks
) -> dict[str, Any]:
    """The annual report's context with its trend chapter and the Samenvatting that reads the
    trends: the one builder for the render and for verify's rebuilt page text."""
    ctx = annual_context(published, audit=audit, quarantine=quarantine, remarks=remarks)
    ctx["trends"] = trend_context(trends) if trends is not None else None
    ctx["choices"] = choice_sections(published, trends)
    ctx["summary"] = summary_of(published, trends)
    return ctx
