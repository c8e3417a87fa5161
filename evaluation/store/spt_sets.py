"""Which SPTs the store's latest earlier wave measured: what `validate` compares an export with."""

from __future__ import annotations

from evaluation.store.db import store_errors


def previous_spts(con, year: int) -> tuple[int, set[str]] | None:
    """The latest current wave before `year`: its year and the SPTs with valid responses."""
    with store_errors(con):
        row = con.execute(
            "SELECT id, year FROM wave WHERE status = 'current' AND year < ?"
            " ORDER BY year DESC LIMIT 1",
            (year,),
        ).fetchone()
        if row is None:
            return None
        spts = con.execute("SELECT DISTINCT spt FROM response WHERE wave_id = ?", (row[0],))
        return int(row[1]), {str(s) for (s,) in spts}
