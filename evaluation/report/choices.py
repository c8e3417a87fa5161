"""What the report shows of the success factors and bottlenecks (2015 sections 2.4 and 2.5):
each option's share with n and interval, placed only where the intervals separate, and its
change since the previous year; or, for a year that did not ask them, where 2015's came from."""

from __future__ import annotations

import math
from dataclasses import dataclass

from evaluation.disclosure.publish import Published
from evaluation.inputs.codebook import normalise
from evaluation.report.changes import point, rounded_difference
from evaluation.report.withheld import figure_text
from evaluation.results import ChoiceQuestion, Estimate
from evaluation.trends.build import PublishedTrends
from evaluation.trends.model import ChoiceSeries

TITLES = {"succesfactoren": "Succesfactoren", "knelpunten": "Knelpunten"}

GROUP_SESSION = (
    "In 2015 kwamen de succesfactoren en knelpunten niet uit de enquête. Ze zijn verzameld in "
    "de enquête en in gesprekken met betrokkenen, en daarna in een groepsbijeenkomst met "
    "sleutelfiguren op volgorde van belang gezet. Die volgorde is dus het oordeel van één "
    "groep, zonder aantallen of marges. In een jaar waarin de enquête de vraag stelt, kiest "
    "elke respondent zelf hoogstens drie succesfactoren en drie knelpunten; dan staan hier per "
    "keuze het aandeel, het aantal en de onzekerheid."
)


@dataclass(frozen=True)
class OptionRow:
    """One option as printed: its place (shared where intervals overlap), share, interval."""

    column: str
    label: str
    place: int | None  # 1 + the options whose whole interval lies above this one's; None: unplaced
    shared: bool  # another option has the same place
    share: float | None  # None: withheld (the template prints the withheld mark)
    ci: tuple[float, float] | None
    withheld: bool
    before: float | None  # the share in the previous year that asked it (None: none, withheld)
    change: Change | None  # since the previous year that asked it; None without one
    other: bool  # the 'anders' option: a mix of answers, listed last and never placed


@dataclass(frozen=True)
class ChoiceSection:
    """One question (success factors or bottlenecks) of one year, ready to print."""

    key: str
    title: str
    table: str  # the 2015 report's section number
    n: str  # respondents who chose at least one option, as printed ("x" where withheld)
    max_choices: int
    rows: list[OptionRow]
    previous: int | None  # the year its change is measured from (a year that asked it)
    first_asked: bool  # the store has earlier years, none of which asked this question


def _interval(e: Estimate) -> tuple[float, float] | None:
    low, high = e.ci
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return None
    return float(low), float(high)


def places(estimates: dict[str, tuple[float, tuple[float, float]] | None]) -> dict[str, int]:
    """Place of each option: 1 + the options whose whole interval lies above its own; options
    without a published share or interval get no place. Equal places are ties."""
    shown = {k: v for k, v in estimates.items() if v is not None}
    return {
        k: 1 + sum(1 for j, (_, (low, _)) in shown.items() if j != k and low > ci[1])
        for k, (_, ci) in shown.items()
    }


@dataclass(frozen=True)
class Change:
    """An option's change since the previous year that asked it, as printed: from the rounded
    shares (51% -> 44% is 7 lower), and whether it is detectable."""

    points: float | None  # in procentpunten; None when either year's share is withheld
    significant: bool | None
    withheld: bool


def change_of(line: ChoiceSeries | None) -> Change | None:
    c = line.change if line is not None else None
    if line is None or c is None:
        return None
    d = rounded_difference(line, True)
    if c.difference is None or d is None:
        return Change(None, None, True)
    return Change(round(d * 100), c.significant, False)


def _section(
    key: str, q: ChoiceQuestion, d: Published, lines: dict[str, ChoiceSeries], earlier: bool
) -> ChoiceSection:
    published = {}
    others = {c for c, o in q.options.items() if normalise(o.label).startswith("anders")}
    for column, option in q.options.items():
        ci = _interval(option.share)
        withheld = d.is_withheld("choices", key, "options", column, "share", "estimate")
        ok = option.share.estimate is not None and ci is not None and not withheld
        ok = ok and column not in others
        published[column] = (float(option.share.estimate), ci) if ok else None
    place = places(published)
    counts = {p: list(place.values()).count(p) for p in place.values()}
    rows = [
        OptionRow(
            column=column,
            label=option.label,
            place=place.get(column),
            shared=counts.get(place.get(column), 0) > 1,
            share=None if d.is_withheld(*_at(key, column)) else option.share.estimate,
            ci=_interval(option.share),
            withheld=d.is_withheld(*_at(key, column)),
            before=_before(lines.get(column)),
            change=change_of(lines.get(column)),
            other=column in others,
        )
        for column, option in q.options.items()
    ]
    rows.sort(key=lambda r: (r.other, r.place is None, r.place or 0, r.label))
    changes = [line.change for line in lines.values() if line.change is not None]
    return ChoiceSection(
        key=key,
        title=TITLES.get(key, q.short),
        table=q.table,
        n=figure_text(d, q.n, "choices", key, "n", decimals=0),
        max_choices=q.max_choices,
        rows=rows,
        previous=changes[0].from_year if changes else None,
        first_asked=earlier and not any(len(line.points) > 1 for line in lines.values()),
    )


def _before(line: ChoiceSeries | None) -> float | None:
    if line is None or line.change is None:
        return None
    return point(line, line.change.from_year)


def _at(key: str, column: str) -> tuple[str, ...]:
    return ("choices", key, "options", column, "share", "estimate")


def choice_sections(d: Published, trends: PublishedTrends | None = None) -> list[ChoiceSection]:
    """The sections of the year's choose-at-most-N questions (empty: the year did not ask
    them, and the report says where 2015's lists came from)."""
    lines = trends.trends.choices if trends is not None else {}
    earlier = trends is not None and trends.trends.previous is not None
    return [
        _section(key, q, d, lines.get(key, {}), earlier) for key, q in d.results.choices.items()
    ]
