"""Chart rows and plain readings of the statements and grades, from the published view."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from evaluation.dutch import number, percent
from evaluation.report.card_charts import paired_likert_chart
from evaluation.report.charts import Chart, GradeRow, LikertRow
from evaluation.report.likert_charts import likert_chart
from evaluation.report.views import (
    FIGURE_TITLES,
    category_labels,
    items_of,
    shown,
    statement_label,
)
from evaluation.results import BANDS


def likert_row(item: dict) -> LikertRow:
    cats = item.get("categories")
    suppressed = not isinstance(cats, list) or any(not shown(c.get("share")) for c in cats)
    shares = {} if suppressed else {int(c["code"]): float(c["share"]) for c in cats}
    dk = (item.get("weet_niet") or {}) if isinstance(item.get("weet_niet"), dict) else {}
    dont_know = dk.get("share") if shown(dk.get("share")) else None
    return LikertRow(statement_label(item), shares, int(item["n"]), dont_know, suppressed)


def spt_likert_row(item: dict, spt: str, respondents: int) -> LikertRow:
    """One SPT's bar for a statement, labelled with the SPT's name. A withheld distribution
    shows the SPT's number of respondents, not its number of valid answers: for a one-person
    SPT, 'n = 0' would tell that this person answered 'weet niet' or skipped the statement."""
    dist = (item.get("distribution_by_spt") or {}).get(spt)
    cats = (dist or {}).get("categories")
    if not dist or not isinstance(cats, list) or any(not shown(c.get("share")) for c in cats):
        return LikertRow(spt, {}, respondents, None, True)
    dk = dist.get("weet_niet") if isinstance(dist.get("weet_niet"), dict) else {}
    dont_know = dk.get("share") if shown(dk.get("share")) else None
    shares = {int(c["code"]): float(c["share"]) for c in cats}
    return LikertRow(spt, shares, int(dist["n"]), dont_know, False)


def spt_figure_chart(view: dict, spt: str, respondents: int) -> Chart | None:
    """The card's statements chart: per statement the national bar directly above the SPT's
    bar; figure 1.2 first, then figure 2.1, each in the national order (share agreeing)."""
    figures = [f for f in FIGURE_TITLES if items_of(view, f)]
    if not figures:
        return None
    pairs = []
    for rank, figure in enumerate(figures):
        for item in items_of(view, figure).values():
            national = replace(likert_row(item), label="landelijk")
            key = (rank, national.suppressed, -national.agree, item["short"])
            label = statement_label(item)
            pairs.append((key, (label, national, spt_likert_row(item, spt, respondents))))
    pairs.sort(key=lambda t: t[0])
    numbers = " en ".join(figures)
    title = f"Figu{'ren' if len(figures) > 1 else 'ur'} {numbers}: {spt} en landelijk"
    return paired_likert_chart([p for _, p in pairs], title, category_labels(view))


def favourable(item: dict) -> float | None:
    """Share with a favourable answer: (helemaal) eens, or (helemaal) oneens for a reversed item."""
    cats = item.get("categories")
    if not isinstance(cats, list) or any(not shown(c.get("share")) for c in cats):
        return None
    codes = (1, 2) if item.get("reverse") else (4, 5)
    return sum(float(c["share"]) for c in cats if int(c["code"]) in codes)


def strongest_weakest(view: dict) -> tuple[dict | None, dict | None]:
    """The figure-2.1 statement agreed with most and least, each only when its interval does
    not overlap the interval of any other statement: a claim the uncertainty carries. Critical
    (reversed) statements are left out: their share agreeing is no favourable share."""
    scored = []
    for item in items_of(view, "2.1").values():
        agree = item.get("agree") or {}
        ci = _ci(agree)
        if item.get("reverse") or not shown(agree.get("estimate")) or ci is None:
            continue
        share = float(agree["estimate"])
        text = f"{percent(share)} (helemaal) eens, 95%-interval {percent(ci[0])} – {percent(ci[1])}"
        scored.append({"label": item["short"], "share": share, "ci": ci, "text": text, **item})
    if len(scored) < 2:
        return None, None
    scored.sort(key=lambda s: (-s["share"], s["label"]))
    top, bottom = scored[0], scored[-1]
    strongest = top if all(top["ci"][0] > s["ci"][1] for s in scored[1:]) else None
    weakest = bottom if all(bottom["ci"][1] < s["ci"][0] for s in scored[:-1]) else None
    return strongest, weakest


def figure_reading(view: dict, figure: str) -> dict | None:
    """Plain facts under a figure: most and least agreement, most 'weet niet'."""
    rows = [
        (likert_row(i), i) for i in items_of(view, figure).values() if not likert_row(i).suppressed
    ]
    if len(rows) < 2:
        return None
    by_agree = sorted(rows, key=lambda t: (-t[0].agree, t[0].label))
    dk = max(rows, key=lambda t: (t[0].dont_know or 0, t[0].label))
    return {
        "most": {"label": by_agree[0][0].label, "share": percent(by_agree[0][0].agree)},
        "least": {"label": by_agree[-1][0].label, "share": percent(by_agree[-1][0].agree)},
        "dont_know": (
            {"label": dk[0].label, "share": percent(dk[0].dont_know), "n": dk[1]["weet_niet"]["n"]}
            if dk[0].dont_know
            else None
        ),
    }


def figure_chart(view: dict, figure: str) -> Chart | None:
    items = items_of(view, figure)
    if not items:
        return None
    rows = [likert_row(i) for i in items.values()]
    n = max(r.n for r in rows)
    title = f"{FIGURE_TITLES.get(figure, 'Figuur ' + figure)} (n = {number(n, 0)})"
    return likert_chart(rows, title, category_labels(view))


def _ci(e: dict) -> tuple[float, float] | None:
    ci = e.get("ci") or [None, None]
    return (float(ci[0]), float(ci[1])) if shown(ci[0]) and shown(ci[1]) else None


def grade_row(label: str, e: dict) -> GradeRow:
    est = e.get("estimate")
    ok = shown(est)
    band = e.get("band") if e.get("band") in BANDS else None
    n = int(e["n"]) if shown(e.get("n")) else 0  # a small SPT's answer count may be withheld
    return GradeRow(label, float(est) if ok else None, _ci(e), n, band, not ok)


def band_order(band: str | None) -> int:
    """Highest band first, then the SPTs without a band (withheld or too small)."""
    return len(BANDS) - BANDS.index(band) - 1 if band in BANDS else len(BANDS)


def grade_table(view: dict) -> list[dict]:
    """SPTs grouped by band (highest first), alphabetical within a band, then the SPTs without
    a band: bands, not ranks, since neighbouring intervals overlap."""
    by_spt = view["satisfaction"]["by_spt"]
    return [
        {"spt": k, **by_spt[k]}
        for k in sorted(by_spt, key=lambda k: (band_order(by_spt[k].get("band")), k.lower()))
    ]


def band_counts(view: dict) -> dict[str, Any]:
    by_spt = view["satisfaction"]["by_spt"]
    counts = Counter(v.get("band") for v in by_spt.values() if v.get("band") in BANDS)
    return {
        "counts": [{"band": b, "n": counts.get(b, 0)} for b in BANDS],
        "unclassified": len(by_spt) - sum(counts.values()),
        "total": len(by_spt),
    }


def overall_row(view: dict) -> GradeRow:
    return grade_row("landelijk", view["satisfaction"]["overall"])
