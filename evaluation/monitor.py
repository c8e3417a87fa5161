"""What the SPT monitor's PDFs show: template contexts for the annual report and per-SPT cards.

Everything is read from a `Disclosure` view (suppressed figures already "x"), so a template can
never show a figure the disclosure step withheld. Charts are built here from the same view.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from typing import Any

from evaluation import __version__
from evaluation.charts import (
    Chart,
    GradeRow,
    LikertRow,
    grade_chart,
    likert_chart,
    paired_likert_chart,
)
from evaluation.disclosure import SPT_COUNT_COLUMNS, Disclosure, ranking, rule_text
from evaluation.dutch import SUPPRESSED, long_date, number, percent
from evaluation.privacy import mask_text

BANDS = ("beneden gemiddeld", "gemiddeld", "boven gemiddeld")
LONELY_PSU = {
    "adjust": (
        "zo'n servicepunt draagt aan de onzekerheid bij met de afstand van zijn gemiddelde tot "
        "het landelijke gemiddelde (als survey.lonely.psu = 'adjust' in R survey). Zo valt het "
        "niet weg en wordt de onzekerheid niet onderschat."
    ),
    "average": (
        "zo'n servicepunt krijgt de gemiddelde variantiebijdrage van de andere servicepunten "
        "(als survey.lonely.psu = 'average' in R survey)."
    ),
    "remove": (
        "zo'n servicepunt draagt niets bij aan de onzekerheid (als survey.lonely.psu = 'remove' "
        "in R survey); de onzekerheid kan daardoor iets te klein uitvallen."
    ),
    "certainty": (
        "zo'n servicepunt geldt als volledig waargenomen en draagt niets bij aan de onzekerheid "
        "(als survey.lonely.psu = 'certainty' in R survey)."
    ),
    "fail": "de berekening stopt bij zo'n servicepunt (de standaard van R survey).",
}
FIGURE_TITLES = {
    "1.2": "Figuur 1.2 Belang van een servicepunt voor de techniek",
    "2.1": "Figuur 2.1 Oordeel over de werking van het SPT",
}


def _is_value(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def shown(v: Any) -> bool:
    """A published number (not suppressed, not missing)."""
    return _is_value(v)


# ---------------------------------------------------------------------------------------------
# Statements (figures 1.2 / 2.1)


def items_of(view: dict, figure: str) -> dict[str, dict]:
    return {k: v for k, v in (view.get("items") or {}).items() if v.get("figure") == figure}


def category_labels(view: dict) -> dict[int, str]:
    for item in (view.get("items") or {}).values():
        cats = item.get("categories")
        if isinstance(cats, list) and cats:
            return {int(c["code"]): c["label"] for c in cats}
    return {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}


def likert_row(item: dict) -> LikertRow:
    cats = item.get("categories")
    suppressed = not isinstance(cats, list) or any(not shown(c.get("share")) for c in cats)
    shares = {} if suppressed else {int(c["code"]): float(c["share"]) for c in cats}
    dk = (item.get("weet_niet") or {}) if isinstance(item.get("weet_niet"), dict) else {}
    dont_know = dk.get("share") if shown(dk.get("share")) else None
    return LikertRow(item["short"], shares, int(item["n"]), dont_know, suppressed)


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
            pairs.append((key, (item["short"], national, spt_likert_row(item, spt, respondents))))
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
    """The figure-2.1 statements with the highest and lowest favourable share."""
    scored = []
    for item in items_of(view, "2.1").values():
        f = favourable(item)
        if f is not None:
            word = "(helemaal) oneens" if item.get("reverse") else "(helemaal) eens"
            scored.append(
                {"label": item["short"], "share": f, "text": f"{percent(f)} {word}", **item}
            )
    if not scored:
        return None, None
    scored.sort(key=lambda s: (-s["share"], s["label"]))
    return scored[0], scored[-1]


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


# ---------------------------------------------------------------------------------------------
# Grades


def _ci(e: dict) -> tuple[float, float] | None:
    ci = e.get("ci") or [None, None]
    return (float(ci[0]), float(ci[1])) if shown(ci[0]) and shown(ci[1]) else None


def grade_row(label: str, e: dict) -> GradeRow:
    est = e.get("estimate")
    ok = shown(est)
    band = e.get("band") if e.get("band") in BANDS else None
    n = int(e["n"]) if shown(e.get("n")) else 0  # a small SPT's answer count may be withheld
    return GradeRow(label, float(est) if ok else None, _ci(e), n, band, not ok)


def grade_table(view: dict) -> list[dict]:
    """Published SPTs ranked by grade, then the suppressed ones (alphabetical, outside ranking)."""
    by_spt = view["satisfaction"]["by_spt"]
    order = ranking(by_spt)
    rows = [{"rank": i + 1, "spt": k, **by_spt[k]} for i, k in enumerate(order)]
    rows += [{"rank": None, "spt": k, **by_spt[k]} for k in sorted(set(by_spt) - set(order))]
    return rows


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


# ---------------------------------------------------------------------------------------------
# Tables


def table(view: dict, key: str) -> dict | None:
    return (view.get("tables") or {}).get(key)


def pick(t: dict | None, keys: list[str], labels: dict[str, str] | None = None) -> dict | None:
    """A table restricted to the given columns (in that order), with optional new headers."""
    if not t:
        return None
    cols = {c["key"]: dict(c) for c in t.get("columns") or []}
    chosen = []
    for k in keys:
        if k in cols:
            c = cols[k]
            if labels and k in labels:
                c["label"] = labels[k]
            chosen.append(c)
    return {**t, "columns": chosen}


REGISTER_FLAGS = [
    "bemiddeling",
    "scholing",
    "arbeidsmarktcoach",
    "uitzendsector_partner",
    "financiering_spt",
    "financiering_projecten",
    "plan_rapportage",
    "legal_entity",
]
LAST_ROWS = ("weet niet", "overig", "totaal", "anders", "geen eenduidig beeld", "geen gegevens")


def sort_rows(t: dict | None, key: str) -> dict | None:
    """Rows by a published value, highest first; 'weet niet', 'overig', totals stay last."""
    if not t:
        return None
    label_key = next((c["key"] for c in t.get("columns") or [] if c.get("kind") == "text"), None)

    def last(r: dict) -> int:
        label = str(r.get(label_key, "")).lower() if label_key else ""
        return LAST_ROWS.index(label) + 1 if label in LAST_ROWS else 0

    def value(r: dict) -> float:
        v = r.get(key)
        return -float(v) if shown(v) else 1.0

    return {**t, "rows": sorted(t.get("rows") or [], key=lambda r: (last(r), value(r)))}


def by_name(t: dict | None, key: str = "spt") -> dict | None:
    """Rows in alphabetical order of their name (as the other SPT lists), 'Totaal' last."""
    if not t:
        return None

    def order(r: dict) -> tuple[bool, str]:
        name = str(r.get(key, ""))
        return name.lower() == "totaal", name.lower()

    return {**t, "rows": sorted(t.get("rows") or [], key=order)}


def titled(t: dict | None, title: str) -> dict | None:
    """A table under this report's own title (the analysis titles follow the 2015 report)."""
    return {**t, "title": title} if t else None


def base_note(t: dict | None) -> dict | None:
    """Say under a table of SPT counts over how many SPTs and respondents it was counted."""
    rows = (t or {}).get("rows") or []
    if not rows or not shown(rows[0].get("n_spt_data")) or not shown(rows[0].get("n")):
        return t
    note = (
        f"Geteld over {number(rows[0]['n_spt_data'], 0)} SPT's met gegevens "
        f"(n = {number(rows[0]['n'], 0)} respondenten)."
    )
    return {**t, "notes": [note, *(t.get("notes") or [])]}


def count_note(t: dict | None, min_n: int) -> dict | None:
    """Explain an 'x' in a count of SPTs (disclosure rule 4) under the table that has one."""
    if not t or not any(SUPPRESSED in r.values() for r in t.get("rows") or []):
        return t
    note = (
        f"{SUPPRESSED} bij een aantal SPT's: weggelaten, omdat een telling van alle of van geen "
        f"van de servicepunten zou laten zien wat betrokkenen van een servicepunt met minder "
        f"dan {min_n} respondenten antwoordden."
    )
    return {**t, "notes": [*(t.get("notes") or []), note]}


def design_text(choice: dict) -> str:
    """A design choice in plain Dutch (the analysis' own description uses setting names)."""
    parts = []
    if choice.get("strata"):
        parts.append("het SPT is een stratum: elk SPT is apart waargenomen")
    if choice.get("psu"):
        parts.append(
            "het SPT is een cluster: respondenten van één SPT tellen samen als één eenheid"
        )
    if not parts:
        parts.append("respondenten tellen als onafhankelijke waarnemingen")
    if choice.get("fpc"):
        parts.append("met eindige-populatiecorrectie op het aantal uitgenodigden per SPT")
    return "; ".join(parts)


def readable_log(view: dict, log: list[dict]) -> list[dict]:
    """The suppression log grouped per figure, with SPT names instead of row numbers."""
    tables = view.get("tables") or {}
    respondents = {
        r.get("spt"): r.get("n") for r in (tables.get("respons_spt") or {}).get("rows") or []
    }
    groups: dict[tuple[str, str], list[str]] = {}
    for s in log:
        parts = s["path"].strip("/").split("/")
        what, who, n = s["path"], "", s["n"]
        if parts[:2] == ["satisfaction", "by_spt"]:
            what, who = "Rapportcijfer per SPT", parts[2]
        elif parts[0] == "items" and len(parts) == 4 and parts[2] == "agree_by_spt":
            label = (view["items"].get(parts[1]) or {}).get("short", parts[1])
            what, who = f"Aandeel eens per SPT: {label}", parts[3]
        elif parts[0] == "items" and len(parts) == 4 and parts[2] == "distribution_by_spt":
            label = (view["items"].get(parts[1]) or {}).get("short", parts[1])
            what, who = f"Antwoordverdeling per SPT: {label}", parts[3]
        if parts[0] == "items" and len(parts) == 4 and shown(respondents.get(parts[3])):
            # the SPT's respondents, not its valid answers: for a one-person SPT 'n = 0'
            # would tell that this person answered 'weet niet' or skipped the statement
            n = respondents[parts[3]]
        elif parts[0] == "traits":
            label = (view["traits"].get(parts[1]) or {}).get("short", parts[1])
            what, who = f"Tabel 2.2: {label}", parts[2]
        elif parts[0] == "tables" and len(parts) == 4 and parts[2] == "rows":
            t = tables.get(parts[1]) or {}
            row = (t.get("rows") or [{}] * (int(parts[3]) + 1))[int(parts[3])]
            what = t.get("title", parts[1])
            who = str(row.get("spt") or row.get("label") or parts[3])
        elif parts[0] == "tables" and len(parts) == 2:
            what = (tables.get(parts[1]) or {}).get("title", parts[1])
            who = "hertelling"
        if who == "hertelling":
            cell = s["reason"]
        elif parts[0] == "tables" and parts[1] in SPT_COUNT_COLUMNS:
            cell = f"{who} (alle of geen van {number(n, 0)} SPT's)"  # n counts SPTs here
        else:
            cell = f"{who} (n = {number(n, 0)})"
        groups.setdefault((what, s["rule"]), []).append(cell)
    return _merge_statements(
        [{"figure": w, "rule": r, "cells": "; ".join(c)} for (w, r), c in groups.items()]
    )


STATEMENT_LOGS = ("Aandeel eens per SPT", "Antwoordverdeling per SPT")


def _merge_statements(rows: list[dict]) -> list[dict]:
    """One log row per rule and set of SPTs for the per-SPT statement figures, listing the
    statements, instead of two near-identical rows per statement."""
    out: list[dict] = []
    merged: dict[tuple[str, str], dict] = {}
    for r in rows:
        kind, _, label = r["figure"].partition(": ")
        if kind not in STATEMENT_LOGS:
            out.append(r)
            continue
        key = (r["rule"], r["cells"])
        if key not in merged:
            merged[key] = {"kinds": [], "labels": [], "rule": r["rule"], "cells": r["cells"]}
            out.append(merged[key])
        m = merged[key]
        m["kinds"] += [kind] if kind not in m["kinds"] else []
        m["labels"] += [label] if label not in m["labels"] else []
    for r in out:
        if "kinds" in r:
            what = " en ".join(k.replace(" per SPT", "") for k in r.pop("kinds")).lower()
            r["figure"] = f"Stellingen per SPT ({what}): " + ", ".join(r.pop("labels"))
    return out


def quarantine_summary(quarantine_reasons: list[str], problems: list[Any]) -> dict[str, Any]:
    """Counts per reason; no raw values (they may hold personal data)."""
    row_reasons: Counter[str] = Counter()
    for reasons in quarantine_reasons:
        for r in str(reasons).split("; "):
            if r:
                row_reasons[r] += 1
    item = Counter((p.column, p.reason) for p in problems if getattr(p, "level", "item") == "item")
    return {
        "rows": [{"reason": r, "n": n} for r, n in sorted(row_reasons.items())],
        "items": [{"column": c, "reason": r, "n": n} for (c, r), n in sorted(item.items())],
    }


# ---------------------------------------------------------------------------------------------
# Contexts


def common(d: Disclosure, audit: dict[str, Any], title: str) -> dict[str, Any]:
    view = d.view
    p = view["parameters"]
    return {
        "document_title": title,
        "view": view,
        "p": p,
        "year": p["year"],
        "min_n": d.min_n,
        "suppressed": SUPPRESSED,
        "audit": {
            "package_version": __version__,
            "input_name": "",
            "results_hash": "",
            "manifest_hash": None,
            **audit,
        },
        "date": long_date(audit["date"]) if "date" in audit else "",
        "disclosure_rule": rule_text(d.min_n),
        "lonely_text": LONELY_PSU.get(p["lonely_psu"], p["lonely_psu"]),
        "trait_summary": trait_summary(view),
        "design_grade": design_text(p["design_grade"]),
        "design_traits": design_text(p["design_traits"]),
        "readable_log": readable_log(view, d.log_dicts()),
        "overall": view["satisfaction"]["overall"],
        "suppression_log": d.log_dicts(),
    }


def annual_context(
    d: Disclosure,
    *,
    audit: dict[str, Any],
    quarantine: dict[str, Any] | None = None,
    remarks: list[dict] | None = None,
) -> dict[str, Any]:
    """Everything the annual report template shows."""
    view = d.view
    year = view["parameters"]["year"]
    ctx = common(d, audit, f"SPT-monitor {year}")
    strongest, weakest = strongest_weakest(view)
    by_spt = view["satisfaction"]["by_spt"]
    rows = [grade_row(k, v) for k, v in by_spt.items()]
    ctx.update(
        response=view["response"],
        bands=band_counts(view),
        strongest=strongest,
        weakest=weakest,
        fig12=figure_chart(view, "1.2"),
        fig21=figure_chart(view, "2.1"),
        fig21_reading=figure_reading(view, "2.1"),
        grade_chart=grade_chart(
            rows,
            overall_row(view),
            f"Rapportcijfer tevredenheid per SPT (1-5), {year}",
        ),
        grades=grade_table(view),
        traits=view["traits"],
        regression=view["traits_regression"],
        tables=_annual_tables(view, d.min_n),
        quarantine=quarantine or {"rows": [], "items": []},
        remarks=remarks,
        n_suppressed_spt=sum(1 for r in rows if r.suppressed),
    )
    return ctx


def trait_summary(view: dict) -> dict[str, Any]:
    """How many trait tests are significant / testable; df and SE ratio for the method page."""
    tests = [t["test"] for t in (view.get("traits") or {}).values()]
    testable = [t for t in tests if shown(t.get("p_value"))]
    ratios = [t["se_ratio"] for t in testable if shown(t.get("se_ratio"))]
    dfs = [t["df"] for t in testable if shown(t.get("df"))]
    dfs_s = [t["df_stratum"] for t in testable if shown(t.get("df_stratum"))]
    return {
        "total": len(tests),
        "significant": sum(1 for t in testable if t.get("significant") is True),
        "untestable": len(tests) - len(testable),
        "df": min(dfs) if dfs else None,
        "df_stratum": min(dfs_s) if dfs_s else None,
        "se_ratio": sum(ratios) / len(ratios) if ratios else None,
    }


def _annual_tables(view: dict, min_n: int) -> dict[str, dict | None]:
    """The report's tables; rule texts written as 'a -> b' get a printed arrow."""
    return {
        k: {**t, "notes": [n.replace(" -> ", " → ") for n in t.get("notes") or []]} if t else t
        for k, t in _annual_table_views(view, min_n).items()
    }


def _annual_table_views(view: dict, min_n: int) -> dict[str, dict | None]:
    t11 = pick(table(view, "1.1"), ["spt", "activity_level", *REGISTER_FLAGS, "invited"])
    types = table(view, "bijlage2") or {}
    if t11:  # the type rule is explained under the type table already
        notes = [n for n in t11.get("notes", []) if n not in types.get("notes", [])]
        t11 = {**t11, "notes": [*notes, "✓ = ja; leeg = nee."]}
    return {
        "respons_spt": titled(
            by_name(pick(table(view, "respons_spt"), ["spt", "n", "invited", "rate"])),
            "Respons per servicepunt",
        ),
        "respons_achtergrond": titled(
            pick(table(view, "respons_achtergrond"), ["background", "n", "share"]),
            "Respondenten naar achtergrond",
        ),
        "1.3": count_note(
            sort_rows(pick(table(view, "1.3"), ["label", "share", "n_spt", "n"]), "share"), min_n
        ),
        "1.4": sort_rows(pick(table(view, "1.4"), ["answer", "n_spt"]), "n_spt"),
        "1.5": sort_rows(pick(table(view, "1.5"), ["label", "mean", "n_spt", "n"]), "mean"),
        "1.6": sort_rows(pick(table(view, "1.6"), ["label", "mean", "n_spt", "n"]), "mean"),
        "1.7": pick(table(view, "1.7"), ["label", "ja", "nee", "unclear", "n_spt"]),
        "1.8": pick(table(view, "1.8"), ["label", "ja", "nee", "unclear", "n_spt"]),
        "1.8_respondenten": pick(
            table(view, "1.8_respondenten"), ["label", "ja", "nee", "unclear", "n"]
        ),
        "1.9": count_note(
            base_note(
                sort_rows(
                    pick(table(view, "1.9"), ["label", "active", "background"]),
                    "active",
                )
            ),
            min_n,
        ),
        "1.1": t11,
        "bijlage2": titled(
            pick(types or None, ["spt", "type", "reason"]), "Type servicepunt naar uitvoering"
        ),
    }


def _row_for(t: dict | None, spt: str) -> dict | None:
    for r in (t or {}).get("rows") or []:
        if r.get("spt") == spt:
            return r
    return None


def card_context(d: Disclosure, spt: str, *, audit: dict[str, Any]) -> dict[str, Any]:
    """One SPT's card: its grade and statements against the national figures, traits, register."""
    view = d.view
    year = view["parameters"]["year"]
    ctx = common(d, audit, f"SPT-kaart {spt} {year}")
    own = view["satisfaction"]["by_spt"].get(spt) or {"estimate": None, "n": 0, "ci": [None, None]}
    response = _row_for(table(view, "respons_spt"), spt) or {"n": 0}
    grade = grade_chart(
        [grade_row(spt, own)],
        overall_row(view),
        f"Rapportcijfer {spt} en landelijk (1-5)",
        sort=False,
        fixed_layout=True,
    )
    statements = []
    for key, item in {**items_of(view, "1.2"), **items_of(view, "2.1")}.items():
        mine = (item.get("agree_by_spt") or {}).get(spt) or {"estimate": None, "n": 0}
        statements.append(
            {
                "key": key,
                "label": item["short"],
                "national": grade_row("landelijk", item["agree"]),
                "spt": grade_row(spt, mine),
                # a withheld share shows the SPT's respondents (see spt_likert_row)
                "n_spt": int(mine.get("n") or 0)
                if shown(mine.get("estimate"))
                else int(response.get("n") or 0),
            }
        )
    statements.sort(key=lambda s: s["label"])
    structure_t = table(view, "1.7_per_spt")
    structure_row = _row_for(structure_t, spt)
    structure = []
    if structure_t and structure_row:
        for c in structure_t["columns"]:
            k = c["key"]
            if k in ("spt", "n") or k.endswith("_n"):
                continue
            answer = structure_row.get(k)
            structure.append(
                {
                    "label": c["label"],
                    "answer": answer,
                    # a withheld answer shows the SPT's respondents, as the statements do
                    "n": response.get("n") if answer == SUPPRESSED else structure_row.get(f"{k}_n"),
                }
            )
    register_t = table(view, "1.1")
    register_row = _row_for(register_t, spt)
    ctx.update(
        spt=spt,
        own=own,
        response=response,
        grade_chart=grade,
        statements_chart=spt_figure_chart(view, spt, int(response.get("n") or 0)),
        statements=statements,
        structure=structure,
        register_columns=[
            c
            for c in (register_t or {}).get("columns", [])
            if c["key"] not in ("spt", "invited_assumed", "type")  # type: in the card's head
        ],
        register_row=register_row,
        spt_type=_row_for(table(view, "bijlage2"), spt),
        card_suppressed=not shown(own.get("estimate")),
    )
    return ctx


def slug(name: str) -> str:
    """File-name part for an SPT: 'Rijk van Nijmegen' -> 'rijk-van-nijmegen'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "spt"


def remarks_for(responses: Any, text_columns: list[str], min_n: int) -> list[dict]:
    """Free-text remarks of SPTs with at least min_n respondents, masked; order: SPT, row.

    Respondent text is never trusted: names, e-mail addresses and phone numbers are masked
    here, and the templates escape whatever is left.
    """
    n_by_spt = responses["spt"].value_counts()
    out = []
    for _, row in responses.sort_values(["spt", "row"]).iterrows():
        if n_by_spt[row["spt"]] < min_n:
            continue
        for col in text_columns:
            text = row.get(col)
            if isinstance(text, str) and text.strip():
                out.append({"spt": row["spt"], "text": mask_text(text.strip())})
    return out
