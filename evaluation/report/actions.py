"""A card's 'Wat te doen': where the SPT lies below the national figure beyond its uncertainty,
and the discussion guide. Only claims the intervals carry."""

from __future__ import annotations

from evaluation.dutch import percent
from evaluation.report.guide import CORE_QUESTIONS, SOURCE
from evaluation.report.views import FIGURE_TITLES, items_of, shown


def _ci(e: dict) -> tuple[float, float] | None:
    ci = e.get("ci") or [None, None]
    return (ci[0], ci[1]) if shown(ci[0]) and shown(ci[1]) else None


def behind_national(view: dict, spt: str) -> list[dict]:
    """Statements where the SPT's whole 95%-interval lies on the unfavourable side of the
    national share agreeing: below it, or above it for a critical statement."""
    out = []
    for figure in FIGURE_TITLES:
        for item in items_of(view, figure).values():
            national = (item.get("agree") or {}).get("estimate")
            own = (item.get("agree_by_spt") or {}).get(spt) or {}
            ci = _ci(own)
            if not shown(national) or not shown(own.get("estimate")) or ci is None:
                continue
            critical = bool(item.get("reverse"))
            if (ci[0] > national) if critical else (ci[1] < national):
                out.append(
                    {
                        "label": item["short"],
                        "critical": critical,
                        "spt": percent(own["estimate"]),
                        "ci": f"{percent(ci[0])} – {percent(ci[1])}",
                        "national": percent(national),
                    }
                )
    return sorted(out, key=lambda r: r["label"])


def what_to_do(view: dict, spt: str, published: bool) -> dict:
    """The card's last section: the statements behind the national figure and the guide."""
    return {
        "behind": behind_national(view, spt) if published else [],
        "published": published,
        "questions": CORE_QUESTIONS,
        "source": SOURCE,
    }
