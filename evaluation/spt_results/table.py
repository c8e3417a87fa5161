"""The cells of a results-per-SPT file (CSV or XLSX), read by the one table reader.

Every record under the header is a row, counted by the reader from the file itself: a stray
quote, a cell beyond the cell limit or a formula without its saved result makes its row a fault
(set aside with its reason), never the rest of the file swallowed into one cell. Blank lines are
no rows. An unreadable file is one Dutch line (InputError), never a library's English text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import normalise
from evaluation.spt_results.schema import COLUMNS, REQUIRED
from evaluation.tables.faults import fault_text
from evaluation.tables.read import Expect, read_table

WHAT = "bestand met resultaten per SPT"


@dataclass
class Cells:
    """The header, the rows of cells (text) and, per row, a fault found while reading."""

    header: list[str]
    rows: list[list[str]]
    faults: dict[int, str] = field(default_factory=dict)  # row position -> Dutch reason
    sha256: str = ""


def column_key(name: object) -> str:
    """A column heading as a schema name: 'Coach FTE' -> 'coach_fte'."""
    return re.sub(r"[^a-z0-9]+", "_", normalise(str(name))).strip("_")


def _expect(path: Path) -> Expect:
    def known(cells: list[str]) -> int:
        return sum(1 for c in cells if column_key(c) in COLUMNS)

    def is_header(cells: list[str]) -> bool:
        return all(k in {column_key(c) for c in cells} for k in REQUIRED)

    def no_header(sheets: list[str], first: list[str]) -> InputError:
        return InputError(
            ErrorCode.RESULTS_NO_SHEET,
            file=path.name,
            columns=" en ".join(REQUIRED),
            sheets=", ".join(sheets) or "geen",
        )

    return Expect(WHAT, known, is_header, no_header, any_sheet=True)


def read_cells(path: Path) -> Cells:
    """Read `path` by its content (an .xlsx is a zip); InputError when it cannot be used."""
    raw = read_table(path, _expect(path))
    faults = {pos: fault_text(f) for pos, f in raw.row_faults.items()}
    return Cells(list(raw.columns), raw.text_rows(), faults, raw.sha256)
