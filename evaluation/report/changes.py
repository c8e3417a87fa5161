"""A change between two waves as the reader sees it: from the rounded figures printed."""

from __future__ import annotations

from evaluation.dutch import round_half_up
from evaluation.report.views import shown
from evaluation.trends.model import SameSpts, Series


def rounded_difference(series: Series | SameSpts, share: bool) -> float | None:
    """The change as a reader can check it: the later figure minus the earlier one, each rounded
    as printed (51% -> 44% is 7 lower, whatever the unrounded difference); a share as a share."""
    c = series.change
    if c is None:
        return None
    by_year = {p.year: p.estimate for p in series.points}
    a, b = by_year.get(c.from_year), by_year.get(c.to_year)
    if not (shown(a) and shown(b)):
        return None
    if share:
        return (round_half_up(100 * b, 0) - round_half_up(100 * a, 0)) / 100
    return round(round_half_up(b, 1) - round_half_up(a, 1), 9)


def point(series: Series | SameSpts, year: int | None) -> float | None:
    """The series' published estimate in `year` (None when absent or withheld)."""
    for p in series.points:
        if p.year == year and shown(p.estimate):
            return p.estimate
    return None
