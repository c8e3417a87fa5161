"""Chart rows and plain readings of the statements and grades, from the typed published result
(None where withheld: charts leave such a mark out)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from evaluation.dutch import percent
from evaluation.report.card_charts import paired_likert_chart
from evaluation.report.charts import Chart, GradeRow, LikertRow, n_label
from evaluation.report.likert_charts import likert_chart
from evaluation.report.views import (
    FIGURE_TITLES,
    category_labels,
    interval,
    items_of,
    shown,
    statement_label,
)
from evaluation.results import BANDS, Estimate, ItemDistribution, Satisfaction, SptGrade

Items = Mapping[str, ItemDistribution]


def likert_row(item: ItemDistribution) -> LikertRow:
    cats = item.categories
    suppressed = not cats or any(not shown(c.share) for c in cats)
    shares = {} if suppressed else {int(c.code): float(c.share) for c in cats}
    dk = item.weet_niet.get("share")
    dont_know = dk if shown(dk) else None
    row = LikertRow(statement_label(item), shares, item.n, dont_know, suppressed)
    return replace(row, critical=item.reverse)


def spt_likert_row(item: ItemDistribution, spt: str, respondents: int) -> LikertRow:
    """One SPT's bar for a statement, labelled with the SPT's name. A withheld distribution
    shows the SPT's number of respondents, not its number of valid answers: for a one-person
    SPT, 'n = 0' would tell that this person answered 'weet niet' or skipped the statement."""
    dist = item.distribution_by_spt.get(spt)
    if dist is None or not dist.categories or any(not shown(c.share) for c in dist.categories):
        return LikertRow(spt, {}, respondents, None, True, item.reverse)
    dk = dist.weet_niet.get("share")
    dont_know = dk if shown(dk) else None
    shares = {int(c.code): float(c.share) for c in dist.categories}
    return LikertRow(spt, shares, int(dist.n or 0), dont_know, False, item.reverse)


def spt_figure_chart(items: Items, spt: str, respondents: int) -> Chart | None:
    """The card's statements chart: per statement the national bar directly above the SPT's
    bar; figure 1.2 first, then figure 2.1, each in the national order (share agreeing)."""
    figures = [f for f in FIGURE_TITLES if items_of(items, f)]
    if not figures:
        return None
    pairs = []
    for rank, figure in enumerate(figures):
        for item in items_of(items, figure).values():
            national = replace(likert_row(item), label="landelijk")
            key = (rank, national.suppressed, -national.favourable, item.short)
            label = statement_label(item)
            pairs.append((key, (label, national, spt_likert_row(item, spt, respondents))))
    pairs.sort(key=lambda t: t[0])
    numbers = " en ".join(figures)
    title = f"Figu{'ren' if len(figures) > 1 else 'ur'} {numbers}: {spt} en landelijk"
    return paired_likert_chart([p for _, p in pairs], title, category_labels(items))


def favourable(item: ItemDistribution) -> float | None:
    """Share with a favourable answer: (helemaal) eens, or (helemaal) oneens for a reversed item."""
    cats = item.categories
    if not cats or any(not shown(c.share) for c in cats):
        return None
    codes = (1, 2) if item.reverse else (4, 5)
    return sum(float(c.share) for c in cats if int(c.code) in codes)


def strongest_weakest(items: Items) -> tuple[dict | None, dict | None]:
    """The figure-2.1 statement agreed with most and least, each only when its interval does
    not overlap the interval of any other statement: a claim the uncertainty carries. Critical
    (reversed) statements are left out: their share agreeing is no favourable share."""
    scored = []
    for item in items_of(items, "2.1").values():
        ci = interval(item.agree)
        if item.reverse or not shown(item.agree.estimate) or ci is None:
            continue
        share = float(item.agree.estimate)
        text = f"{percent(share)} (helemaal) eens, 95%-interval {percent(ci[0])} – {percent(ci[1])}"
        scored.append(
            {"label": item.short, "share": share, "bounds": ci, "text": text, "n": item.n}
        )
    if len(scored) < 2:
        return None, None
    scored.sort(key=lambda s: (-s["share"], s["label"]))
    top, bottom = scored[0], scored[-1]
    strongest = top if all(top["bounds"][0] > s["bounds"][1] for s in scored[1:]) else None
    weakest = bottom if all(bottom["bounds"][1] < s["bounds"][0] for s in scored[:-1]) else None
    return strongest, weakest


def figure_reading(items: Items, figure: str) -> dict | None:
    """Plain facts under a figure: most and least agreement, most 'weet niet'."""
    rows = [
        (likert_row(i), i) for i in items_of(items, figure).values() if not likert_row(i).suppressed
    ]
    if len(rows) < 2:
        return None
    by_agree = sorted(rows, key=lambda t: (-t[0].agree, t[0].label))
    dk = max(rows, key=lambda t: (t[0].dont_know or 0, t[0].label))
    return {
        "most": {"label": by_agree[0][0].label, "share": percent(by_agree[0][0].agree)},
        "least": {"label": by_agree[-1][0].label, "share": percent(by_agree[-1][0].agree)},
        "dont_know": (
            {"label": dk[0].label, "share": percent(dk[0].dont_know), "n": dk[1].weet_niet["n"]}
            if dk[0].dont_know
            else None
        ),
    }


def figure_chart(items: Items, figure: str) -> Chart | None:
    shown_items = items_of(items, figure)
    if not shown_items:
        return None
    rows = [likert_row(i) for i in shown_items.values()]
    ns = [r.n for r in rows]
    n = None if None in ns else max(n for n in ns if n is not None)  # None: withheld
    title = f"{FIGURE_TITLES.get(figure, 'Figuur ' + figure)} ({n_label(n)})"
    return likert_chart(rows, title, category_labels(items))


def grade_row(label: str, e: Estimate | None) -> GradeRow:
    """A grade or share as a chart draws it: a withheld or missing estimate draws no mark."""
    est = e.estimate if e is not None else None
    ok = shown(est)
    band = getattr(e, "band", None)
    band = band if band in BANDS else None
    # a withheld n (a republished SPT's grades) prints "n = x"; no estimate at all, n = 0
    n = (int(e.n) if shown(e.n) else None) if e is not None else 0
    return GradeRow(label, float(est) if ok else None, interval(e), n, band, not ok)


def band_order(band: str | None) -> int:
    """Highest band first, then the SPTs without a band (withheld or too small)."""
    return len(BANDS) - BANDS.index(band) - 1 if band in BANDS else len(BANDS)


def grade_table(by_spt: Mapping[str, SptGrade]) -> list[tuple[str, SptGrade]]:
    """SPTs grouped by band (highest first), alphabetical within a band, then the SPTs without
    a band: bands, not ranks, since neighbouring intervals overlap."""
    order = sorted(by_spt, key=lambda k: (band_order(by_spt[k].band), k.lower()))
    return [(k, by_spt[k]) for k in order]


def band_counts(by_spt: Mapping[str, SptGrade]) -> dict[str, Any]:
    counts = Counter(v.band for v in by_spt.values() if v.band in BANDS)
    return {
        "counts": [{"band": b, "n": counts.get(b, 0)} for b in BANDS],
        "unclassified": len(by_spt) - sum(counts.values()),
        "total": len(by_spt),
    }


def overall_row(satisfaction: Satisfaction) -> GradeRow:
    return grade_row("landelijk", satisfaction.overall)
