"""Write the confidential quarantine file: the rows set aside, their reasons and raw values."""

from __future__ import annotations

import csv
from pathlib import Path

from evaluation import safe_files
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.intake.result import REASONS, ROW, IntakeResult
from evaluation.privacy import neutralise_cell
from evaluation.tables.raw import raw_text


def write_quarantine(result: IntakeResult, path: str | Path) -> None:
    """Write the quarantine as a ';'-CSV for Excel (UTF-8 with BOM), formula cells neutralised.

    Columns: 'rij' (data row number in the input), 'redenen', then the raw columns as read.
    When the input was itself a fixed quarantine file, its old 'rij'/'redenen' columns are
    replaced by the new ones.
    """
    stale = [c for c in ("rij", "redenen") if c in result.unknown_columns]
    q = result.quarantine.drop(columns=stale).rename(columns={ROW: "rij", REASONS: "redenen"})
    q = q.astype(object).map(lambda v: neutralise_cell(raw_text(v)))
    header = [neutralise_cell(raw_text(c)) for c in q.columns]
    try:  # "\r\n" as terminator: a cell holding either character is quoted, one row one record
        with safe_files.open_new(Path(path), "w", newline="", encoding="utf-8-sig") as fh:
            out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            out.writerow(header)
            out.writerows(q.itertuples(index=False, name=None))
    except OSError as exc:
        raise InputError(
            ErrorCode.FILE_NOT_WRITTEN,
            what="quarantainebestand",
            file=str(path),
            reason=os_reason(exc),
        ) from None
