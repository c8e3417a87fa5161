"""Write the confidential quarantine file: the rows set aside, their reasons and raw values."""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import InputError
from evaluation.intake.cells import raw_text
from evaluation.intake.result import REASONS, ROW, IntakeResult
from evaluation.privacy import neutralise_cell


def write_quarantine(result: IntakeResult, path: str | Path) -> None:
    """Write the quarantine as a ';'-CSV for Excel (UTF-8 with BOM), formula cells neutralised.

    Columns: 'rij' (data row number in the input), 'redenen', then the raw columns as read.
    When the input was itself a fixed quarantine file, its old 'rij'/'redenen' columns are
    replaced by the new ones.
    """
    stale = [c for c in ("rij", "redenen") if c in result.unknown_columns]
    q = result.quarantine.drop(columns=stale).rename(columns={ROW: "rij", REASONS: "redenen"})
    q = q.astype(object).map(lambda v: neutralise_cell(raw_text(v)))
    try:
        q.to_csv(Path(path), sep=";", index=False, encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            f"quarantainebestand '{path}' kan niet worden geschreven: {exc.strerror}"
        ) from None
