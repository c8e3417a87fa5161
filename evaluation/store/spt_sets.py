"""Which SPTs and questions the store's latest earlier wave measured: what `validate` compares an
export and its codebook with."""

from __future__ import annotations

import json

from evaluation.inputs.codebook import Codebook
from evaluation.intake.result import SPT
from evaluation.store.db import store_errors
from evaluation.store.waves import list_waves, stored_inputs, stored_intake, wave_row


def latest_before(con, year: int) -> int | None:
    """The latest current wave before `year`, if any."""
    with store_errors(con):
        earlier = [w.year for w in list_waves(con) if w.status == "current" and w.year < year]
    return max(earlier) if earlier else None


def previous_spts(con, year: int) -> tuple[int, set[str]] | None:
    """The latest current wave before `year`: its year and the SPTs with valid responses."""
    last = latest_before(con, year)
    if last is None:
        return None
    return last, set(stored_intake(con, last).responses[SPT].astype(str))


def previous_questions(con, year: int) -> tuple[int, Codebook, list[str]] | None:
    """The latest current wave before `year`: its year, its codebook and the questions its
    export lacked (the questions it asked are the rest)."""
    last = latest_before(con, year)
    if last is None:
        return None
    codebook = stored_inputs(con, last).codebook
    with store_errors(con):
        absent = json.loads(wave_row(con, last)["absent_json"])
    return last, codebook, [a for a in absent if isinstance(a, str)]
