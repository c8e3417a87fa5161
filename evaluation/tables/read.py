"""Read a user's table by its content (CSV, .xlsx or SPSS .sav), whatever the extension says.

The one entry for the survey export, the results per SPT and the labour-market data: the file
must be a regular file within the size limit (a device, a pipe or a folder is refused before a
byte is read), a workbook within the expansion limits, the table within the row and column
limits; a cell beyond the cell limit makes its row a fault naming the cell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluation.errors import ErrorCode, InputError, SptEvalError
from evaluation.limits import check_shape, check_xlsx, limits, read_file
from evaluation.tables.csvfile import read_csv
from evaluation.tables.raw import RawTable, is_headless, mark_long_cells, raw_text
from evaluation.tables.sav import read_sav
from evaluation.tables.xlsx import find_header, first_row, read_sheets, sheet_table


@dataclass(frozen=True)
class Expect:
    """What the caller knows of the table it asks for.

    `known` counts the header cells it knows (it decides a CSV's delimiter); `is_header` says
    whether a row is the header it needs (a workbook's sheet and header row are the first it
    accepts); `no_header` gives the Dutch line for a workbook without one, from the sheet
    names and the first sheet's first cells. With `any_sheet` the first sheet's first row is
    taken when no row is accepted.
    """

    what: str
    known: Callable[[list[str]], int]
    is_header: Callable[[list[str]], bool]
    no_header: Callable[[list[str], list[str]], SptEvalError]
    any_sheet: bool = False


def read_table(path: str | Path, expect: Expect) -> RawTable:
    """The table in `path`, read by its content within the limits; InputError (Dutch) if none."""
    p = Path(path)
    data = read_file(p, expect.what)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(ErrorCode.OLD_EXCEL, file=p.name)
    if data.startswith(b"PK\x03\x04"):
        check_xlsx(data, f"Excel-bestand '{p.name}'")  # a zip bomb stops here
        raw = _workbook(data, p.name, expect)
    elif data.startswith((b"$FL2", b"$FL3")):
        raw = read_sav(p, data)
    else:
        raw = read_csv(data, p.name, expect.known)
        _no_title(raw, p.name)
    check_shape(raw.rows, len(raw.columns), f"'{p.name}'")
    mark_long_cells(raw, limits().cell_chars)
    return raw


NAMED_SHEETS = 10  # sheets named in the line for a workbook without the header


def _no_title(raw: RawTable, name: str) -> None:
    """A CSV whose first line is one text over a wider table (a title typed above it, saved
    with the sheet) has no heading there: the user is told to remove the title rows, as for
    a workbook whose title cannot be skipped; its rows are never read as respondents."""
    named = [c for c in raw.columns if c.strip() and not is_headless(c)]
    if len(named) == 1 and len(raw.columns) >= 3:
        raise InputError(ErrorCode.CSV_TITLE_ABOVE_HEADER, file=name, title=named[0][:60])


def _workbook(data: bytes, name: str, expect: Expect) -> RawTable:
    sheets = read_sheets(data, name)
    sha = hashlib.sha256(data).hexdigest()
    for sheet in sheets:
        at = find_header(sheet, expect.is_header)
        if at is not None:
            return sheet_table(sheet, at, sha)
    first = sheets[0] if sheets else None
    top = first_row(first, name) if first is not None else None  # a title: the user is told
    if expect.any_sheet and first is not None and top is not None:
        return sheet_table(first, top, sha)
    cells = [raw_text(c).strip() for c in first.rows[top]] if top is not None else []
    names = [s.name for s in sheets]
    if len(names) > NAMED_SHEETS:  # a workbook of thousands of sheets: a line, not a page
        names = [*names[:NAMED_SHEETS], f"en nog {len(names) - NAMED_SHEETS} andere"]
    raise expect.no_header(names, [c for c in cells if c])
