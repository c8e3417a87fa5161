"""Build the trend chapter from the waves: series per figure, the change, then disclosure."""

from __future__ import annotations

import json
from dataclasses import dataclass

from evaluation.disclosure.publish import Published
from evaluation.disclosure.trends import disclose_trends
from evaluation.inputs.settings import Settings
from evaluation.results import Estimate, ItemDistribution, Results
from evaluation.spt_results.schema import SptYear
from evaluation.trends.change import change
from evaluation.trends.model import Point, Series, StatementSeries, Trends


@dataclass(frozen=True)
class Wave:
    """One stored year: its full Results and its publication decision at the current min_n."""

    year: int
    results: Results
    published: Published


@dataclass(frozen=True)
class PublishedTrends:
    """The trend chapter as published: withheld values None, their pointers and the log."""

    trends: Trends
    withheld: frozenset[str]
    log: tuple


def _scale(item: ItemDistribution) -> tuple:
    """What makes a statement comparable: its wording and its answer scale (from the codebook)."""
    return (item.label, tuple((c.code, c.label) for c in item.categories), item.reverse)


def grade_scale(r: Results) -> tuple:
    """The grade is comparable when its items, reversals, minimum and every item's scale are."""
    s = r.satisfaction
    items = tuple(_scale(r.items[k]) if k in r.items else (k,) for k in s.items)
    return (tuple(s.items), tuple(s.reverse_items), s.min_valid, items)


def _point(year: int, e: Estimate) -> Point:
    return Point(year=year, estimate=e.estimate, se=e.se, ci=e.ci, n=e.n, df=e.df)


def _series(points: list[Point], skipped: list[int], previous: int | None, s: Settings) -> dict:
    by_year = {p.year: p for p in points}
    current = points[-1].year if points else None
    ch = None
    if previous is not None and previous in by_year and current in by_year and previous != current:
        ch = change(
            by_year[previous],
            by_year[current],
            confidence=s.confidence,
            distribution=s.ci_distribution,
            alpha=s.mdd.alpha,
            power=s.mdd.power,
        )
    return {"points": points, "change": ch, "not_comparable": skipped}


def build_trends(
    waves: list[Wave], settings: Settings, spt_results: dict[int, dict[str, SptYear]]
) -> PublishedTrends:
    """Trends up to the last wave in `waves` (sorted by year); the last one is the report's."""
    waves = sorted(waves, key=lambda w: w.year)
    now = waves[-1]
    years = [w.year for w in waves]
    previous = years[-2] if len(years) > 1 else None
    now_scale = grade_scale(now.results)
    grade_waves = [w for w in waves if grade_scale(w.results) == now_scale]
    skipped = [w.year for w in waves if w not in grade_waves]
    grade = _series(
        [_point(w.year, w.results.satisfaction.overall) for w in grade_waves],
        skipped,
        previous,
        settings,
    )
    spts = sorted({k for w in waves for k in w.results.satisfaction.by_spt})
    by_spt = {
        k: _series(
            [
                _point(w.year, w.results.satisfaction.by_spt[k])
                for w in grade_waves
                if k in w.results.satisfaction.by_spt
            ],
            skipped,
            previous,
            settings,
        )
        for k in spts
    }
    agree = {}
    for key, item in now.results.items.items():
        same = [
            w
            for w in waves
            if key in w.results.items and _scale(w.results.items[key]) == _scale(item)
        ]
        series = _series(
            [_point(w.year, w.results.items[key].agree) for w in same],
            [w.year for w in waves if w not in same],
            previous,
            settings,
        )
        agree[key] = {**series, "label": item.label, "short": item.short, "figure": item.figure}
    notes = []
    if skipped:
        notes.append(
            "Het rapportcijfer van "
            + ", ".join(str(y) for y in skipped)
            + " is niet vergelijkbaar met dat van "
            + f"{now.year}: de stellingen of hun antwoordschaal zijn veranderd."
        )
    raw = Trends(
        year=now.year,
        years=years,
        previous=previous,
        min_n=now.published.min_n,
        confidence=settings.confidence,
        grade=Series(**grade),
        grade_by_spt={k: Series(**v) for k, v in by_spt.items()},
        agree={k: StatementSeries(**v) for k, v in agree.items()},
        spt_results={
            k: [
                spt_results[y][k]
                for y in sorted(spt_results)
                if y <= now.year and k in spt_results[y]
            ]
            for k in sorted({k for y, recs in spt_results.items() if y <= now.year for k in recs})
        },
        notes=notes,
    )
    w = disclose_trends(json.loads(raw.to_json()), {x.year: x.published for x in waves})
    return PublishedTrends(Trends.model_validate(w.tree), w.fields, w.log)
