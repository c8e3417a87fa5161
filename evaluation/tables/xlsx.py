"""The sheets of an .xlsx workbook as rows of cells, each formula without a saved result marked.

A workbook written by a program (not saved by Excel) can hold formulas without their result:
such a cell has no value to read, so its row is kept with a fault naming the column, never
read as empty and never dropped from the count. The header is the first row the caller
recognises; title rows above it are skipped, and when no row is recognised but the sheet starts
with a title, the user is asked to remove the title rows.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evaluation.errors import ErrorCode, InputError
from evaluation.tables.raw import (
    FORMULA_WITHOUT_VALUE,
    RawTable,
    RowFault,
    from_frame,
    raw_text,
    unique_names,
)

TITLE_ROWS = 20  # rows looked at for the header
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")  # a formula element in a sheet's XML


@dataclass
class Sheet:
    """One sheet: its name, its rows (None = an empty cell) and, per row, the columns whose
    formula has no saved result."""

    name: str
    rows: list[list[object]]
    formulas: dict[int, list[int]] = field(default_factory=dict)


def _load(data: bytes, values: bool):
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns in English about odd workbooks
        return load_workbook(io.BytesIO(data), read_only=True, data_only=values, keep_links=False)


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet holds a formula element, read in chunks (a sheet may be large)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            with z.open(name) as fh:
                tail = b""
                while chunk := fh.read(1 << 20):
                    if FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every worksheet of the workbook; InputError (Dutch) when it cannot be read."""
    try:
        book = _load(data, values=True)
        formulas = _load(data, values=False) if _has_formulas(data) else None
        sheets = []
        for k, ws in enumerate(book.worksheets):
            ws.reset_dimensions()  # the stored size may be wrong: read every row there is
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            sheet = Sheet(ws.title, rows)
            if formulas is not None:
                other = formulas.worksheets[k]
                other.reset_dimensions()
                for i, row in enumerate(other.iter_rows(values_only=True)):
                    cols = [
                        j
                        for j, f in enumerate(row)
                        if isinstance(f, str)
                        and f.startswith("=")
                        and (i >= len(rows) or j >= len(rows[i]) or rows[i][j] is None)
                    ]
                    if cols:
                        sheet.formulas[i] = cols
            sheets.append(sheet)
    except Exception:  # openpyxl raises many kinds of errors on a broken file, in English
        raise InputError(ErrorCode.XLSX_UNREADABLE, file=name) from None
    return sheets


def _texts(row: list[object]) -> list[str]:
    return [raw_text(c).strip() for c in row]


def _filled(row: list[object]) -> int:
    return sum(1 for c in row if raw_text(c).strip())


def find_header(sheet: Sheet, is_header: Callable[[list[str]], bool]) -> int | None:
    """Index of the first of the sheet's first rows that `is_header` accepts, else None."""
    for i, row in enumerate(sheet.rows[:TITLE_ROWS]):
        if _filled(row) and is_header(_texts(row)):
            return i
    return None


def first_row(sheet: Sheet, name: str) -> int | None:
    """The first filled row, unless it is a title above the table (then InputError)."""
    filled = [i for i, r in enumerate(sheet.rows[:TITLE_ROWS]) if _filled(r)]
    if not filled:
        return None
    top = filled[0]
    widest = max(_filled(sheet.rows[i]) for i in filled)
    if _filled(sheet.rows[top]) == 1 and widest >= 3:
        title = next(t for t in _texts(sheet.rows[top]) if t)
        raise InputError(
            ErrorCode.TITLE_ABOVE_HEADER, file=name, sheet=sheet.name, title=title[:60]
        )
    return top


def sheet_table(sheet: Sheet, header_at: int, sha256: str) -> RawTable:
    """The rows under the header as a `RawTable`; empty rows are no rows, a row with a formula
    without its result is kept with a fault naming the (first) column."""
    width = max((len(r) for r in sheet.rows[header_at:]), default=0)
    header = sheet.rows[header_at] + [None] * (width - len(sheet.rows[header_at]))
    names = unique_names(_texts(header))
    body, faults = [], {}
    for i in range(header_at + 1, len(sheet.rows)):
        row = sheet.rows[i]
        missing = sheet.formulas.get(i, [])
        if not missing and not _filled(row):
            continue
        if missing:
            faults[len(body)] = RowFault(FORMULA_WITHOUT_VALUE, {"column": names[missing[0]]})
        cells = [np.nan if c is None or raw_text(c) == "" else raw_text(c) for c in row]
        body.append(cells + [np.nan] * (width - len(cells)))
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else _empty(names)
    return from_frame(frame, sha256, row_faults=faults)


def _empty(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
