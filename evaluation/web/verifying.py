"""The verify table the page shows: every input and attachment check, and the figures that
differ, from `audit.verify` on a report PDF or on a run's whole output folder."""

from __future__ import annotations

from pathlib import Path

from evaluation.audit.compare import OK, Check, shown_value
from evaluation.audit.verify import verify


def verify_table(
    report: Path, data: Path | None, codebook: Path, year: int | None = None, min_n=None
) -> dict:
    """`report` is a PDF or a run's output folder (then every PDF in it, the annual report and
    each card, must carry the folder's results.json and manifest.json)."""
    result = verify(report, data=data, codebook=codebook, min_n=min_n)
    return {
        "year": year,
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
