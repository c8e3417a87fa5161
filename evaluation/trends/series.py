"""A trend series: each year's figure as a point, and the change from the previous wave."""

from __future__ import annotations

from evaluation.inputs.settings import Settings
from evaluation.results import Estimate
from evaluation.trends.change import change
from evaluation.trends.model import Point


def point(year: int, e: Estimate, name: str | None = None) -> Point:
    """A year's figure as a trend point (`name`: the SPT's name that year, if another)."""
    return Point(
        year=year,
        estimate=e.estimate,
        se=e.se,
        ci=e.ci,
        n=e.n,
        df=e.df,
        name=name,
        se_nofpc=e.se_nofpc,
        df_nofpc=e.df_nofpc,
    )


def series(points: list[Point], skipped: list[int], previous: int | None, s: Settings) -> dict:
    """A series of points with its change from `previous` to the last point's year."""
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
