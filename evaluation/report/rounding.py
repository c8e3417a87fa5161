"""Distributions printed beside their total: the parts rounded to add up to it."""

from __future__ import annotations

from evaluation.dutch import largest_remainder
from evaluation.report.views import shown

NOTE = (
    "Percentages afgerond met de methode van de grootste resten, zodat ze optellen tot het "
    "totaal; een enkel percentage kan daardoor 1 procentpunt verschillen van gewoon afronden."
)


def _is_total(row: dict) -> bool:
    return any(isinstance(v, str) and v.strip().lower() == "totaal" for v in row.values())


def adding_up(t: dict | None, key: str, scale: float) -> dict | None:
    """A table whose rows (besides 'Totaal') split a whole: the `key` values (shares when
    `scale` is 100, percentages when 1) rounded to whole percents that add up to the total's
    rounded value, with a note. Left as it is when any part is withheld or missing."""
    rows = (t or {}).get("rows") or []
    parts = [r for r in rows if not _is_total(r)]
    if not parts or not all(shown(r.get(key)) for r in parts):
        return t
    rounded = iter(largest_remainder([scale * float(r[key]) for r in parts]))
    new_rows = [r if _is_total(r) else {**r, key: next(rounded) / scale} for r in rows]
    return {**t, "rows": new_rows, "notes": [*(t.get("notes") or []), NOTE]}
