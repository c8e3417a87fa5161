"""A card's 'Wat te doen': where the SPT lies below the national figure beyond its uncertainty,
and the discussion guide. Only claims the intervals carry."""

from __future__ import annotations

from collections.abc import Mapping

from evaluation.dutch import percent
from evaluation.report.guide import CORE_QUESTIONS, SOURCE
from evaluation.report.views import FIGURE_TITLES, interval, items_of, shown
from evaluation.results import ItemDistribution


def behind_national(items: Mapping[str, ItemDistribution], spt: str) -> list[dict]:
    """Statements where the SPT's whole 95%-interval lies on the unfavourable side of the
    national share agreeing: below it, or above it for a critical statement."""
    out = []
    for figure in FIGURE_TITLES:
        for item in items_of(items, figure).values():
            national = item.agree.estimate
            own = item.agree_by_spt.get(spt)
            ci = interval(own)
            if not shown(national) or own is None or not shown(own.estimate) or ci is None:
                continue
            critical = bool(item.reverse)
            if (ci[0] > national) if critical else (ci[1] < national):
                out.append(
                    {
                        "label": item.short,
                        "critical": critical,
                        "spt": percent(own.estimate),
                        "ci": f"{percent(ci[0])} – {percent(ci[1])}",
                        "national": percent(national),
                    }
                )
    return sorted(out, key=lambda r: r["label"])


def what_to_do(items: Mapping[str, ItemDistribution], spt: str, published: bool) -> dict:
    """The card's last section: the statements behind the national figure and the guide."""
    return {
        "behind": behind_national(items, spt) if published else [],
        "published": published,
        "questions": CORE_QUESTIONS,
        "source": SOURCE,
    }
