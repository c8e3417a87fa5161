"""Reading the published result: shown values, tables picked, sorted and annotated for a page.

A table view is a plain dict (title, columns, rows, notes) built from the typed `Table`; each
row carries `withheld`, the keys of its cells the publication withholds (their values None),
so that the template prints them through the one printing helper (`withheld.text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.dutch import SUPPRESSED, number
from evaluation.results import ItemDistribution

FIGURE_TITLES = {
    "1.2": "Figuur 1.2 Belang van een servicepunt voor de techniek",
    "2.1": "Figuur 2.1 Oordeel over de werking van het SPT",
}


def _is_value(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def shown(v: Any) -> bool:
    """A published number (not suppressed, not missing)."""
    return _is_value(v)


def interval(e: Any) -> tuple[float, float] | None:
    """A published interval (an estimate's `ci`) as two numbers; None when withheld or not
    estimable."""
    lo, hi = e.ci if e is not None else (None, None)
    return (float(lo), float(hi)) if shown(lo) and shown(hi) else None


def statement_label(item: ItemDistribution) -> str:
    """A statement's short label; a critical one (agreeing is unfavourable) says so."""
    return f"{item.short} (kritisch)" if item.reverse else item.short


def items_of(items: Mapping[str, ItemDistribution], figure: str) -> dict[str, ItemDistribution]:
    """The statements of one figure ('1.2', '2.1'), in the codebook's order."""
    return {k: v for k, v in items.items() if v.figure == figure}


def category_labels(items: Mapping[str, ItemDistribution]) -> dict[int, str]:
    for item in items.values():
        if item.categories:
            return {int(c.code): c.label for c in item.categories}
    return {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}


def table(published: Published, key: str) -> dict | None:
    """The published table `key` as a view: typed values, None where withheld, and per row
    the keys of its withheld cells (`withheld`)."""
    t = published.results.tables.get(key)
    if t is None:
        return None
    rows = []
    for i, row in enumerate(t.rows):
        hidden = frozenset(k for k in row if published.is_withheld("tables", key, "rows", i, k))
        rows.append({**row, "withheld": hidden})
    return {
        "title": t.title,
        "columns": [c.model_dump() for c in t.columns],
        "rows": rows,
        "notes": list(t.notes),
    }


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
    """Explain an 'x' in a count of SPTs (disclosure rule 4) under the table that has one;
    the note is the same whatever the hidden count, so it tells nothing about it."""
    if not t or not any(r["withheld"] for r in t.get("rows") or []):
        return t
    note = (
        f"{SUPPRESSED} bij een aantal SPT's: een persoonlijk antwoord, en de antwoorden van "
        f"servicepunten met minder dan {min_n} respondenten worden niet gepubliceerd; daarom "
        "wordt deze telling niet getoond."
    )
    return {**t, "notes": [*(t.get("notes") or []), note]}


def row_for(t: dict | None, spt: str) -> dict | None:
    for r in (t or {}).get("rows") or []:
        if r.get("spt") == spt:
            return r
    return None
