"""The verify table the page shows: every input and attachment check, and the figures that
differ, from `audit.verify` on a report PDF or on a run's whole output folder, recomputed from
its export or, for a year in the monitor, from the stored wave (no export needed)."""

from __future__ import annotations

from pathlib import Path

from evaluation.audit.compare import OK, Check, shown_value
from evaluation.audit.verify import VerifyResult, verify
from evaluation.errors import ErrorCode, InputError
from evaluation.routine.verify_stored import verify_stored
from evaluation.web.common import open_store
from evaluation.web.state import State

STORE = "de monitor"  # what a stored-year check was made against, as the page says it


def verify_table(
    report: Path, data: Path | None, codebook: Path, year: int | None = None, min_n=None
) -> dict:
    """`report` is a PDF or a run's output folder (then every PDF in it, the annual report and
    each card, must carry the folder's results.json and manifest.json)."""
    return table_of(verify(report, data=data, codebook=codebook, min_n=min_n), year)


def stored_table(state: State, report: Path, year: int | None, min_n=None) -> dict:
    """`report` against its year's wave in the store: the year run again from the store."""
    con = open_store(state)  # sqlite: opened, used and closed in this one thread
    if con is None:
        raise InputError(ErrorCode.MONITOR_EMPTY)
    try:
        result = verify_stored(report, con, year=year, min_n=min_n)
    finally:
        con.close()
    return table_of(result, year, against=STORE)


def table_of(result: VerifyResult, year: int | None, against: str = "") -> dict:
    return {
        "year": year,
        "against": against,
        "ok": result.ok,
        "checks": [_row(c) for c in result.checks],
        "differing": [_row(c) for c in result.figures if c.status != OK],
        "agree": sum(c.status == OK for c in result.figures),
        "figures": len(result.figures),
        "result": result,
    }


def _row(c: Check) -> tuple:
    """One line of the verify table: what, recorded, recomputed, outcome, and whether it agrees."""
    return (c.path, shown_value(c.recorded), shown_value(c.recomputed), c.status, c.status == OK)
