"""The records of a year as rows in the columns of the results-per-SPT file (`COLUMNS`).

One writer for every output that hands results per SPT back in the input's own layout (the
store's export bundle, the data package), so `store add-results` reads what they write.
"""

from __future__ import annotations

from evaluation.spt_results.schema import (
    BUDGET_SOURCES,
    COUNT_COLUMNS,
    FIELD_OF,
    FTE_COLUMN,
    SptYear,
)


def file_rows(year: int, records: dict[str, SptYear]) -> list[list[object]]:
    """A totals row per SPT, then a row per project; None stays None (an empty cell)."""
    rows: list[list[object]] = []
    for spt, r in sorted(records.items()):
        totals = [getattr(r, FIELD_OF[c]) for c in (*COUNT_COLUMNS, FTE_COLUMN)]
        budget = [r.budget.get(c) for c in BUDGET_SOURCES]
        rows.append([year, spt, *totals, *budget, None, None, None])
        for p in r.projects:
            blank = [None] * (len(COUNT_COLUMNS) + 1 + len(BUDGET_SOURCES))
            rows.append([year, spt, *blank, p.name, p.participants, p.placements])
    return rows
