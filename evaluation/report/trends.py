"""What the trend chapter and a card's trend line show, from the published trends only."""

from __future__ import annotations

import json
from typing import Any

from evaluation.dutch import number
from evaluation.report.annual import annual_context
from evaluation.report.changes import rounded_difference
from evaluation.report.context import trait_summary
from evaluation.report.summary import SCORE, change_row, summary
from evaluation.report.trend_charts import Line, YearMark, trend_chart
from evaluation.report.views import shown
from evaluation.report.withheld import figures, text
from evaluation.spt_results.schema import BUDGET_SOURCES
from evaluation.trends.build import PublishedTrends

TRENDS_NAME = "trends.json"
NATIONAL, OWN = "#003b5c", "#b2440e"


def trends_view(t: PublishedTrends) -> dict:
    """The published trends as plain JSON values: None at every withheld figure (whether a
    None was withheld is asked of `t.is_withheld`)."""
    return json.loads(t.trends.to_json())


def _marks(series: dict) -> list[YearMark]:
    out = []
    for p in series["points"]:
        ok = shown(p["estimate"])
        ci = (p["ci"][0], p["ci"][1]) if ok and shown(p["ci"][0]) and shown(p["ci"][1]) else None
        out.append(YearMark(p["year"], p["estimate"] if ok else None, ci, int(p["n"] or 0), not ok))
    return out


def change_text(
    c: dict | None,
    share: bool = False,
    shown_difference: float | None = None,
    withheld: bool = False,
) -> str:
    """The change since the previous wave in words: its size (from the rounded figures shown,
    when given), whether it is detectable and the smallest detectable change, in the plain words
    of the glossary (p stays in tables.xlsx and results.json); `withheld`: the publication
    withholds the change."""
    if not c:
        return "geen vorige meting om mee te vergelijken"
    if withheld:
        return f"niet getoond: het cijfer van {c['from_year']} of {c['to_year']} is weggelaten"
    if not shown(c["difference"]):
        return "niet te berekenen"

    def size(x: float) -> str:
        return f"{number(abs(x) * 100, 0)} procentpunt" if share else number(abs(x))

    d = c["difference"] if shown_difference is None else shown_difference
    way = "hoger" if d > 0 else "lager" if d < 0 else "gelijk"
    head = f"{size(d)} {way}" if way != "gelijk" else "gelijk"
    if not shown(c["p_value"]):
        return f"{head}; niet te toetsen (te weinig gegevens voor een interval)"
    if c["significant"]:
        return f"{head}: een aantoonbare verandering"
    return f"{head}: niet aantoonbaar (kleinste aantoonbare verschil {size(c['mdd'])})"


def _cells(
    t: PublishedTrends, view: dict, parts: tuple, years: list[int], share: bool
) -> list[str]:
    """The series at `parts`: its estimate per year as printed ('x' where withheld)."""
    series = _at(view, parts)
    by_year = {p["year"]: (i, p) for i, p in enumerate(series["points"])}
    out = []
    for y in years:
        if y not in by_year:
            out.append("n.v.t." if y in series.get("not_comparable", []) else "–")
            continue
        i, p = by_year[y]
        hidden = t.is_withheld(*parts, "points", i, "estimate")
        out.append(text(p["estimate"], hidden, 0 if share else 1, "percent" if share else "number"))
    return out


def _at(tree: dict, parts: tuple) -> dict:
    for p in parts:
        tree = tree[p]
    return tree


def _withheld_change(t: PublishedTrends, parts: tuple) -> bool:
    return t.is_withheld(*parts, "change", "difference")


def _difference(t: PublishedTrends, view: dict, parts: tuple, share: bool) -> str:
    """The change column of the series at `parts`: from the rounded figures shown, a star
    when detectable."""
    series = _at(view, parts)
    c = series.get("change")
    if not c:
        return "–"
    d = c["difference"]
    if not shown(d):
        return text(d, _withheld_change(t, parts))
    d = rounded_difference(series, share)
    if d is None:
        return "–"
    shown_d = number(d * 100, 0) if share else number(d)
    sign = "+" if d > 0 and shown_d.strip("0,") else ""
    return f"{sign}{shown_d}" + ("*" if c.get("significant") else "")


def _results_rows(view: dict) -> list[dict]:
    rows = []
    for spt, records in view["spt_results"].items():
        for r in records:
            budget = r["budget"] or {}
            projects = r["projects"] or []
            rows.append(
                {
                    "spt": spt,
                    "year": r["year"],
                    "w2w": r["placements_work_to_work"],
                    "ww2w": r["placements_unemployment_to_work"],
                    "trained": r["trained"],
                    "fte": r["coach_fte"],
                    "budget": sum(budget.values()) if budget else None,
                    "budget_by_source": budget,
                    "projects": projects,
                }
            )
    return rows


def _budget_sources(view: dict) -> dict[str, str]:
    """Budget columns that some SPT reported, in the schema's order: column -> Dutch label."""
    used = {k for records in view["spt_results"].values() for r in records for k in r["budget"]}
    return {k: label for k, label in BUDGET_SOURCES.items() if k in used}


def trend_context(t: PublishedTrends) -> dict[str, Any]:
    """Everything the annual report's trend chapter shows."""
    view = trends_view(t)
    years = view["years"]
    grade = view["grade"]
    chart = trend_chart(
        [Line("landelijk", _marks(grade), NATIONAL, band=True)],
        f"Landelijke tevredenheidsscore (1-5) per jaar, {years[0]}–{years[-1]}",
    )
    spts = [
        {
            "spt": k,
            "cells": _cells(t, view, ("grade_by_spt", k), years, False),
            "difference": _difference(t, view, ("grade_by_spt", k), False),
        }
        for k in view["grade_by_spt"]
    ]
    statements = [
        {
            "key": k,
            "short": s["short"],
            "figure": s["figure"],
            "cells": _cells(t, view, ("agree", k), years, True),
            "difference": _difference(t, view, ("agree", k), True),
            "text": change_text(
                s["change"],
                True,
                rounded_difference(s, True),
                _withheld_change(t, ("agree", k)),
            ),
        }
        for k, s in view["agree"].items()
    ]
    notes = list(view["notes"])
    for s in view["agree"].values():
        notes += s.get("notes") or []
        if s["not_comparable"] and not s.get("notes"):
            gone = ", ".join(str(y) for y in s["not_comparable"])
            notes.append(
                f"'{s['short']}' is niet vergelijkbaar met {gone}: andere vraag of schaal."
            )
    return {
        "years": years,
        "previous": view["previous"],
        "grade": {
            "points": [
                figures(t, p, "grade", "points", i) for i, p in enumerate(t.trends.grade.points)
            ]
        },
        "grade_text": change_text(
            grade["change"],
            False,
            rounded_difference(grade, False),
            _withheld_change(t, ("grade",)),
        ),
        "chart": chart,
        "spts": spts,
        "statements": statements,
        "results": _results_rows(view),
        "budget_sources": _budget_sources(view),
        "notes": notes,
        "n_withheld": len(t.log),
        "same_spts": same_spts_view(t, view),
        "spt_changes": spt_changes(view),
    }


def same_spts_view(t: PublishedTrends, view: dict) -> dict | None:
    """The national change over the SPTs measured in both years, beside the all-SPT one."""
    same = view.get("grade_same_spts")
    if not same:
        return None
    return {
        "n": len(same["spts"]),
        "spts": same["spts"],
        "text": change_text(
            same["change"],
            False,
            rounded_difference(same, False),
            _withheld_change(t, ("grade_same_spts",)),
        ),
        "all_text": change_text(
            view["grade"]["change"],
            False,
            rounded_difference(view["grade"], False),
            _withheld_change(t, ("grade",)),
        ),
        "difference": _difference(t, view, ("grade_same_spts",), False),
    }


def spt_changes(view: dict) -> list[str]:
    """The response page's sentences on SPTs measured now and not in the previous wave, or the
    other way round, and on renamed SPTs."""
    previous, year = view["previous"], view["year"]
    out = []
    if view.get("spts_gone"):
        out.append(
            f"In {previous} gemeten, in {year} niet: {', '.join(view['spts_gone'])} (geen "
            "geldige antwoorden dit jaar)."
        )
    if view.get("spts_new"):
        out.append(f"Nieuw ten opzichte van {previous}: {', '.join(view['spts_new'])}.")
    for name, olds in (view.get("renamed") or {}).items():
        out.append(f"{name} heette eerder {' en '.join(olds)}.")
    return out


def card_trend(t: PublishedTrends, spt: str) -> dict[str, Any] | None:
    """A card's own grade line against the national one, with the change in words."""
    view = trends_view(t)
    own = view["grade_by_spt"].get(spt)
    if own is None or len(view["years"]) < 2:
        return None
    chart = trend_chart(
        [
            Line("landelijk", _marks(view["grade"]), NATIONAL, band=True),
            Line(spt, _marks(own), OWN),
        ],
        f"Tevredenheidsscore {spt} en landelijk (1-5) per jaar",
    )
    results = [r for r in _results_rows(view) if r["spt"] == spt]
    return {
        "chart": chart,
        "text": change_text(
            own["change"],
            False,
            rounded_difference(own, False),
            _withheld_change(t, ("grade_by_spt", spt)),
        ),
        "previous": view["previous"],
        "changed": [r for r in [change_row(SCORE, own, False)] if r],
        "results": results,
        "same_spts": same_spts_view(t, view),
    }


def annual_trend_context(
    published, trends: PublishedTrends | None, audit: dict, quarantine, remarks
) -> dict[str, Any]:
    """The annual report's context with its trend chapter and the Samenvatting that reads the
    trends: the one builder for the render and for verify's rebuilt page text."""
    ctx = annual_context(published, audit=audit, quarantine=quarantine, remarks=remarks)
    ctx["trends"] = trend_context(trends) if trends is not None else None
    ctx["summary"] = summary_of(published, trends)
    return ctx


def summary_of(published, trends: PublishedTrends | None) -> dict[str, Any]:
    """The Samenvatting as the annual report prints it, from the published result and trends
    (the web page's result shows the same sentences: `page_summary`)."""
    shown_trends = trends_view(trends) if trends is not None else None
    return summary(published, trait_summary(published.results.traits), shown_trends)


def page_summary(published, trends: PublishedTrends | None) -> dict[str, Any]:
    """The annual report's Samenvatting of a run, for a page beside the PDF."""
    return summary_of(published, trends)
