"""Build the trend chapter from the waves: series per figure, the change, then disclosure."""

from __future__ import annotations

import json
from dataclasses import dataclass

from evaluation.disclosure.linked import pointer
from evaluation.disclosure.publish import Published
from evaluation.disclosure.trend_sets import disclose_same_spts
from evaluation.disclosure.trends import disclose_trends
from evaluation.dutch import enumeration
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.results import Estimate, Results
from evaluation.spt_results.schema import SptYear
from evaluation.trends.comparable import grade_verdict, statement_verdict, verdict_note
from evaluation.trends.model import ChoiceSeries, Series, StatementSeries, Trends
from evaluation.trends.series import point, series
from evaluation.trends.spt_sets import (
    grades_by_spt,
    measured,
    renamed_spts,
    results_by_spt,
    same_spts_change,
)


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

    def is_withheld(self, *parts: object) -> bool:
        """True when the trend figure at `parts` ("grade", "points", 0, "estimate") is withheld."""
        return pointer(*parts) in self.withheld

    def to_json(self) -> str:
        """trends.json: the trends with the pointers of their withheld figures, so that
        `verify` reads the trend pages as the report printed them."""
        return self.trends.model_copy(update={"withheld": sorted(self.withheld)}).to_json()


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
        w for w in waves if w is now or grade_verdict(w.results, now.results, codebook).comparable
    ]
    skipped = [w.year for w in waves if w not in grade_waves]
    grade = series(
        [point(w.year, w.results.satisfaction.overall) for w in grade_waves],
        skipped,
        previous,
        settings,
    )
    spts = sorted({k for w in waves for k in grades_by_spt(w.results, names)})
    by_spt = {}
    for k in spts:
        points = []
        for w in grade_waves:
            if k in (here := grades_by_spt(w.results, names)):
                old, e = here[k]
                points.append(point(w.year, e, old if old != k else None))
        by_spt[k] = series(points, skipped, previous, settings)
    agree = {}
    for key, item in now.results.items.items():
        same, verdicts = [], {}
        for w in waves:
            if key not in w.results.items:
                continue
            v = statement_verdict(key, w.results.items[key], item, codebook)
            if v.comparable or w is now:
                same.append(w)
            if v.kind is not None and w is not now:
                verdicts.setdefault(v, []).append(w.year)
        notes = [
            n
            for v, ys in verdicts.items()
            if (n := verdict_note(key, item, v, ys, min(y for y in years if y > max(ys))))
        ]
        if previous is not None and not any(key in w.results.items for w in waves[:-1]):
            notes.append(
                f"'{item.short or item.label}' is in {now.year} voor het eerst gevraagd: er is "
                "nog geen eerdere meting."
            )
        line = series(
            [point(w.year, w.results.items[key].agree) for w in same],
            [w.year for w in waves if w not in same and key in w.results.items],
            previous,
            settings,
        )
        agree[key] = {
            **line,
            "label": item.label,
            "short": item.short,
            "figure": item.figure,
            "notes": notes,
        }
    choices = {
        key: {
            column: ChoiceSeries(
                **series(
                    [
                        point(w.year, w.results.choices[key].options[column].share)
                        for w in waves
                        if column in getattr(w.results.choices.get(key), "options", {})
                    ],
                    [],
                    previous,
                    settings,
                ),
                label=option.label,
            )
            for column, option in question.options.items()
        }
        for key, question in now.results.choices.items()
    }
    notes = []
    if skipped:
        notes.append(
            f"De tevredenheidsscore van {enumeration(skipped)} is niet vergelijkbaar met die van "
            f"{now.year}: de stellingen of hun antwoordschaal zijn veranderd."
        )
    renamed = renamed_spts([w.results for w in waves], names)
    for k, olds in renamed.items():
        notes.append(
            f"{k} heette eerder {' en '.join(olds)}; de jaren staan op één lijn (previous_names "
            "in het register)."
        )
    before = waves[-2] if previous is not None else None
    same_model, same_notes, gone, new = None, [], [], []
    if before is not None:
        gone = sorted(measured(before.results, names) - measured(now.results, names))
        new = sorted(measured(now.results, names) - measured(before.results, names))
        comparable = before in grade_waves  # else the grade has no change to set beside
        same_model, same_notes = same_spts_change(
            (before.year, before.results),
            (now.year, now.results),
            names,
            same_spts if comparable else None,
            settings,
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
        choices=choices,
        spt_results=results_by_spt(spt_results, now.year, names),
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
