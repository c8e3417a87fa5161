"""The Samenvatting: a page of plain sentences from the published result (and trends), each
claim only as strong as its uncertainty allows, each number a published figure."""

from __future__ import annotations

from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.dutch import enumeration, number, percent
from evaluation.report.changes import point, rounded_difference
from evaluation.report.context import trait_summary
from evaluation.report.views import interval, items_of, shown
from evaluation.report.withheld import figure_text, text
from evaluation.results import ItemDistribution, Satisfaction
from evaluation.trends.build import PublishedTrends
from evaluation.trends.model import SameSpts, Series, Trends

SCORE = "tevredenheidsscore (1-5)"


def national_sentence(published: Published) -> str:
    """The national score with its interval, or why it is not given."""
    overall = published.results.satisfaction.overall
    if not shown(overall.estimate):
        return "Een landelijke tevredenheidsscore is niet te geven: te weinig gegevens."
    ci = interval(overall)
    if ci:
        band = f"95%-interval {number(ci[0])} – {number(ci[1])}"
    elif published.is_withheld("satisfaction", "overall", "ci"):
        withheld = text(None, withheld=True)
        band = f"95%-interval {withheld}: weggelaten om kleine servicepunten te beschermen"
    else:
        band = "de onzekerheid is niet te schatten"
    n_text = figure_text(published, overall.n, "satisfaction", "overall", "n", decimals=0)
    return (
        "Gemiddeld geven de betrokkenen de werking van hun servicepunt een "
        f"{SCORE} van {number(overall.estimate)} ({band}; n\u00a0=\u00a0{n_text})."
    )


def change_sentence(
    series: Series | SameSpts, previous: int | None, year: int, share: bool
) -> str | None:
    """A figure's change since the previous wave in plain words; None without an earlier wave."""
    c = series.change
    if c is None or previous is None:
        return None
    a, b = point(series, c.from_year), point(series, c.to_year)
    d = rounded_difference(series, share)
    if a is None or b is None or d is None:
        return f"een vergelijking met {c.from_year} is niet te maken (cijfer weggelaten)"
    show = percent if share else number
    unit = " procentpunt" if share else ""
    size = f"{number(abs(d) * 100, 0)}{unit}" if share else number(abs(d))
    way = "hoger" if d > 0 else "lager"
    head = f"{show(b)} in {c.to_year} tegen {show(a)} in {c.from_year}"
    if c.significant is True:
        return f"{head}: {size} {way}, een aantoonbare verandering"
    if c.significant is None:
        return f"{head}: of dat een verandering is, is niet te toetsen"
    return f"{head}: geen aantoonbare verandering"


def spts_beyond(satisfaction: Satisfaction) -> dict:
    """SPTs whose whole 95%-interval lies above or below the national score, and those without
    a published score (not judged)."""
    overall = satisfaction.overall.estimate
    above, below, near, unknown = [], [], [], []
    for spt, g in sorted(satisfaction.by_spt.items()):
        ci = interval(g)
        if not shown(g.estimate) or ci is None or not shown(overall):
            unknown.append(spt)
        elif ci[0] > overall:
            above.append(spt)
        elif ci[1] < overall:
            below.append(spt)
        else:
            near.append(spt)
    return {"above": above, "below": below, "near": near, "unknown": unknown}


def spts_sentence(b: dict) -> str:
    parts = []
    if b["above"]:
        parts.append(f"boven het landelijke cijfer: {enumeration(b['above'])}")
    if b["below"]:
        parts.append(f"eronder: {enumeration(b['below'])}")
    if not parts:
        head = (
            "Geen enkel servicepunt wijkt verder af van het landelijke cijfer dan zijn onzekerheid"
        )
        return head + f" (het 95%-interval); dat geldt voor alle {len(b['near'])} beoordeelde."
    rest = (
        f" Bij de andere {len(b['near'])} beoordeelde servicepunten is het verschil niet groter "
        "dan de onzekerheid."
        if b["near"]
        else ""
    )
    return "Servicepunten waarvan het hele 95%-interval ligt " + "; ".join(parts) + "." + rest


def unfavourable(item: ItemDistribution) -> float | None:
    """Share of the answers that is critical: (helemaal) oneens, or (helemaal) eens for a
    statement where agreeing is critical."""
    cats = item.categories
    if not cats or any(not shown(c.share) for c in cats):
        return None
    codes = (4, 5) if item.reverse else (1, 2)
    return sum(float(c.share) for c in cats if int(c.code) in codes)


def critical_sentence(published: Published) -> str | None:
    """The figure-2.1 statement with the largest critical share, said with its n; whether it
    stands apart from the others is not claimed (the share has no interval of its own)."""
    items = items_of(published.results.items, "2.1")
    scored = [(unfavourable(i), k) for k, i in items.items()]
    scored = [(s, k) for s, k in scored if s is not None]
    if len(scored) < 2:
        return None
    share, key = max(scored, key=lambda t: (t[0], items[t[1]].short))
    item = items[key]
    how = "(helemaal) eens" if item.reverse else "(helemaal) oneens"
    n_text = figure_text(published, item.n, "items", key, "n", decimals=0)
    return (
        f"De meeste kritiek krijgt de stelling '{item.short}': {percent(share)} is het er "
        f"{how} mee (n\u00a0=\u00a0{n_text}). Of dat verschil met de andere "
        "stellingen meer is dan toeval, zegt dit niet."
    )


def change_row(label: str, s: Series, share: bool) -> dict | None:
    """A figure with a detectable change since the previous wave, as printed; else None."""
    c = s.change
    d = rounded_difference(s, share)
    if c is None or c.significant is not True or d is None:
        return None
    show = percent if share else number
    size = number(abs(d) * 100, 0) if share else number(abs(d))
    return {
        "short": label,
        "before": show(point(s, c.from_year)),
        "now": show(point(s, c.to_year)),
        "difference": d,
        "change": ("+" if d > 0 else "−") + size + (" procentpunt" if share else ""),
    }


def detectable_changes(trends: Trends | None) -> list[dict]:
    """The national score and the statements (share agreeing) with a detectable change since
    the previous wave; statements largest change first."""
    if trends is None:
        return []
    grade = change_row(SCORE, trends.grade, False)
    rows = [r for s in trends.agree.values() if (r := change_row(s.short, s, True))]
    rows.sort(key=lambda r: (-abs(r["difference"]), r["short"]))
    return ([grade] if grade else []) + rows


def largest_shifts(trends: Trends, k: int = 2) -> str:
    """The `k` largest changes that are not detectable, with the change they would have needed
    (the smallest detectable difference): what a reader might see in the table, said honestly."""
    rows = []
    for s in trends.agree.values():
        c = s.change
        d = rounded_difference(s, True)
        if d and c is not None and c.significant is False and shown(c.mdd):
            rows.append((abs(d), s.short, d, c.mdd))
    rows = sorted(rows, key=lambda r: (-r[0], r[1]))[:k]
    if not rows:
        return ""
    parts = [
        f"'{short}' {'+' if d > 0 else '−'}{number(abs(d) * 100, 0)} procentpunt "
        f"(kleinste aantoonbare verschil {number(mdd * 100, 0)} procentpunt)"
        for _, short, d, mdd in rows
    ]
    what = "De grootste verschuivingen" if len(parts) > 1 else "De grootste verschuiving"
    return (
        f" {what}, {enumeration(parts)}, zijn met deze aantallen niet van toeval te onderscheiden."
        if len(parts) > 1
        else f" {what}, {parts[0]}, is met deze aantallen niet van toeval te onderscheiden."
    )


def change_row_text(r: dict) -> str:
    return f"'{r['short']}' {r['before']} → {r['now']} ({r['change']})"


def not_said(b: dict, n_spts: int, min_n: int, trends: Trends | None, traits: dict) -> list[str]:
    """What this report cannot say, and why."""
    out = []
    if b["unknown"]:
        k = len(b["unknown"])
        out.append(
            f"Over {k} van de {n_spts} servicepunten staat geen "
            f"score in dit rapport: minder dan {min_n} respondenten, of weggelaten om een ander "
            "servicepunt te beschermen."
        )
    tested = traits["total"] - traits["untestable"]
    if traits["total"] and not tested:
        out.append(
            "Of de inrichting samenhangt met de tevredenheid: bij geen van de "
            f"{traits['total']} kenmerken is een toets te geven (te weinig servicepunten in een "
            "groep, of weggelaten om kleine servicepunten te beschermen)."
        )
    elif traits["total"]:
        found = traits["significant"]
        out.append(
            f"Of de inrichting samenhangt met de tevredenheid: bij {found or 'geen'} van de "
            f"{tested} getoetste kenmerken is een verschil aangetoond. Met zo weinig "
            "servicepunten zijn alleen grote verschillen aan te tonen; geen aangetoond verschil "
            "betekent niet dat er geen verschil is."
        )
    if trends is not None and trends.previous in trends.grade.not_comparable:
        out.append(
            f"Of de landelijke {SCORE} sinds {trends.previous} veranderde: de score van "
            f"{enumeration(trends.grade.not_comparable)} is niet vergelijkbaar met die van "
            f"{trends.year}, omdat de stellingen of hun antwoordschaal zijn veranderd (zie "
            "'Over de jaren')."
        )
    if trends is not None and trends.previous is not None:
        apart = [s.short for s in trends.agree.values() if trends.previous in s.not_comparable]
        if apart:
            which = enumeration([f"'{s}'" for s in apart])
            out.append(
                f"Hoe {which} sinds {trends.previous} veranderde: niet vergelijkbaar (een "
                "nieuwe stelling, of een andere tekst of antwoordschaal; zie 'Over de jaren')."
            )
    if trends is None or trends.previous is None:
        out.append(
            "Er is geen eerdere meting opgeslagen: wat er sinds vorig jaar veranderd is, staat "
            "daarom niet in dit rapport."
        )
    return out


def summary(published: Published, traits: dict, trends: Trends | None = None) -> dict:
    """The Samenvatting's sentences and its table of detectable changes."""
    results = published.results
    year = results.parameters.year
    previous = trends.previous if trends is not None else None
    lead = [national_sentence(published)]
    grade_change = change_sentence(trends.grade, previous, year, False) if trends else None
    if grade_change:
        lead.append(f"Landelijke score: {grade_change}.")
    same = trends.grade_same_spts if trends is not None else None
    if same and previous is not None:
        same_change = change_sentence(same, previous, year, False)
        if same_change:
            lead.append(
                f"Over de {len(same.spts)} servicepunten die in beide jaren zijn gemeten: "
                f"{same_change}."
            )
    b = spts_beyond(results.satisfaction)
    messages = []
    changes = detectable_changes(trends)
    statements = [r for r in changes if r["short"] != SCORE]
    if statements:
        listed = "; ".join(change_row_text(r) for r in statements)
        messages.append(
            f"Aandeel (helemaal) eens, aantoonbaar veranderd sinds {previous}: {listed}."
        )
    elif trends is not None and previous is not None and changes:  # the score changed only
        messages.append(
            f"Bij de stellingen zijn er sinds {previous} geen aantoonbare veranderingen."
            + largest_shifts(trends)
        )
    unchanged = None  # said once, under 'Wat is veranderd', with the largest shifts
    if trends is not None and previous is not None and not changes:
        unchanged = f"Sinds {previous}: geen aantoonbare veranderingen." + largest_shifts(trends)
    critical = critical_sentence(published)
    if critical:
        messages.append(critical)
    return {
        "lead": lead,
        "spts": spts_sentence(b),
        "messages": messages,
        "not_said": not_said(b, len(results.satisfaction.by_spt), published.min_n, trends, traits),
        "changes": changes,
        "unchanged": unchanged,
        "previous": previous,
    }


def summary_of(published: Published, trends: PublishedTrends | None) -> dict[str, Any]:
    """The Samenvatting as the annual report prints it, from the published result and trends
    (the web page's result shows the same sentences, written beside the PDF by the render)."""
    shown_trends = trends.trends if trends is not None else None
    return summary(published, trait_summary(published.results.traits), shown_trends)
