"""Which SPTs the store's latest earlier wave measured: what `validate` compares an export with."""

from __future__ import annotations

from evaluation.intake.result import SPT
from evaluation.store.db import store_errors
from evaluation.store.waves import list_waves, stored_intake


def previous_spts(con, year: int) -> tuple[int, set[str]] | None:
    """The latest current wave before `year`: its year and the SPTs with valid responses."""
    with store_errors(con):
        earlier = [w.year for w in list_waves(con) if w.status == "current" and w.year < year]
    if not earlier:
        return None
    last = max(earlier)
    return last, set(stored_intake(con, last).responses[SPT].astype(str))
