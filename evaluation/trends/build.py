"""Build the trend chapter from the waves: series per figure, the change, then disclosure."""

from __future__ import annotations

import json
from dataclasses import dataclass

from evaluation.disclosure.publish import Published
from evaluation.disclosure.trend_sets import disclose_same_spts
from evaluation.disclosure.trends import disclose_trends
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.results import Estimate, Results
from evaluation.spt_results.schema import SptYear
from evaluation.trends.change import change
from evaluation.trends.comparable import grade_verdict, statement_verdict
from evaluation.trends.model import Point, SameSpts, Series, StatementSeries, Trends


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


def _point(year: int, e: Estimate, name: str | None = None) -> Point:
    return Point(year=year, estimate=e.estimate, se=e.se, ci=e.ci, n=e.n, df=e.df, name=name)


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


def _by_spt(w: Wave, names: dict[str, str]) -> dict[str, tuple[str, Estimate]]:
    """A wave's SPT grades under today's names: name now -> (name that year, estimate)."""
    return {names.get(k, k): (k, e) for k, e in w.results.satisfaction.by_spt.items()}


def measured(w: Wave, names: dict[str, str]) -> set[str]:
    """The SPTs (today's names) with a grade in a wave: those its national grade averages."""
    return {k for k, (_, e) in _by_spt(w, names).items() if e.estimate is not None and e.n}


def _same_spts(
    waves: list[Wave], names: dict[str, str], same: dict[int, Estimate] | None, s: Settings
) -> tuple[SameSpts | None, list[str]]:
    """The grade over the SPTs of both years beside the all-SPT one, and the note saying so."""
    if not same or len(waves) < 2:
        return None, []
    before, now = waves[-2], waves[-1]
    a, b = measured(before, names), measured(now, names)
    if a == b or before.year not in same or now.year not in same:
        return None, []
    points = [_point(before.year, same[before.year]), _point(now.year, same[now.year])]
    series = _series(points, [], before.year, s)
    parts = []
    if a - b:
        parts.append(
            f"in {before.year} wel, in {now.year} niet gemeten: {', '.join(sorted(a - b))}"
        )
    if b - a:
        parts.append(f"in {now.year} nieuw gemeten: {', '.join(sorted(b - a))}")
    note = (
        f"Het landelijke cijfer van {before.year} en {now.year} rust niet op dezelfde "
        f"servicepunten ({'; '.join(parts)}). Naast de verandering over alle servicepunten staat "
        f"daarom die over de {len(a & b)} servicepunten die in beide jaren zijn gemeten."
    )
    model = SameSpts(
        spts=sorted(a & b),
        only_previous=sorted(a - b),
        only_now=sorted(b - a),
        points=points,
        change=series["change"],
    )
    return model, [note]


def build_trends(
    waves: list[Wave],
    settings: Settings,
    spt_results: dict[int, dict[str, SptYear]],
    codebook: Codebook | None = None,
    register: Register | None = None,
    same_spts: dict[int, Estimate] | None = None,
) -> PublishedTrends:
    """Trends up to the last wave in `waves` (sorted by year); the last one is the report's.

    `codebook` and `register` are the report year's: its recorded earlier wordings decide which
    years a changed statement is compared with, its `previous_names` link a renamed SPT's years.
    `same_spts`: the national grade of the last two waves over the SPTs measured in both."""
    waves = sorted(waves, key=lambda w: w.year)
    now = waves[-1]
    years = [w.year for w in waves]
    previous = years[-2] if len(years) > 1 else None
    names = register.current_names() if register is not None else {}
    grade_waves = [
        w
        for w in waves
        if w is now or grade_verdict(w.results, now.results, w.year, codebook).comparable
    ]
    skipped = [w.year for w in waves if w not in grade_waves]
    grade = _series(
        [_point(w.year, w.results.satisfaction.overall) for w in grade_waves],
        skipped,
        previous,
        settings,
    )
    spts = sorted({k for w in waves for k in _by_spt(w, names)})
    by_spt = {}
    for k in spts:
        points = []
        for w in grade_waves:
            if k in (here := _by_spt(w, names)):
                old, e = here[k]
                points.append(_point(w.year, e, old if old != k else None))
        by_spt[k] = _series(points, skipped, previous, settings)
    agree = {}
    for key, item in now.results.items.items():
        same, notes = [], []
        for w in waves:
            if key not in w.results.items:
                continue
            v = statement_verdict(key, w.year, w.results.items[key], item, codebook)
            if v.comparable or w is now:
                same.append(w)
            if v.note and v.note not in notes:
                notes.append(v.note)
        series = _series(
            [_point(w.year, w.results.items[key].agree) for w in same],
            [w.year for w in waves if w not in same and key in w.results.items],
            previous,
            settings,
        )
        agree[key] = {
            **series,
            "label": item.label,
            "short": item.short,
            "figure": item.figure,
            "notes": notes,
        }
    notes = []
    if skipped:
        notes.append(
            "Het rapportcijfer van "
            + ", ".join(str(y) for y in skipped)
            + " is niet vergelijkbaar met dat van "
            + f"{now.year}: de stellingen of hun antwoordschaal zijn veranderd."
        )
    renamed = {
        k: sorted({old for w in waves for old, _ in [_by_spt(w, names).get(k, (k, None))]} - {k})
        for k in spts
    }
    renamed = {k: v for k, v in renamed.items() if v}
    for k, olds in renamed.items():
        notes.append(
            f"{k} heette eerder {' en '.join(olds)}; de jaren staan op één lijn (previous_names "
            "in het register)."
        )
    before = [w for w in waves if w.year == previous]
    gone = sorted(measured(before[0], names) - measured(now, names)) if before else []
    new = sorted(measured(now, names) - measured(before[0], names)) if before else []
    same_model, same_notes = _same_spts(waves, names, same_spts, settings)
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
                r
                for y in sorted(spt_results)
                if y <= now.year
                for old, r in spt_results[y].items()
                if names.get(old, old) == k
            ]
            for k in sorted(
                {names.get(k, k) for y, recs in spt_results.items() if y <= now.year for k in recs}
            )
        },
        notes=notes + same_notes,
        spts_new=new,
        spts_gone=gone,
        renamed=renamed,
        grade_same_spts=same_model,
    )
    published = {x.year: x.published for x in waves}
    w = disclose_trends(json.loads(raw.to_json()), published)
    w = disclose_same_spts(w, published, names)
    return PublishedTrends(Trends.model_validate(w.tree), w.fields, w.log)
