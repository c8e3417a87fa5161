"""The cells of a results-per-SPT file (CSV or XLSX), read within the limits.

Every physical record under the header is a row, counted independently of the parser: a line
that opens a quote never closed is a row of its own (set aside with its line number), not the
rest of the file swallowed into one cell. Blank lines are no rows. An unreadable file is one
Dutch line (InputError), never a library's English text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.errors import InputError
from evaluation.limits import check_shape, check_xlsx, limits, read_file

WHAT = "bestand met resultaten per SPT"


@dataclass
class Cells:
    """The header, the rows of cells (text) and, per row, a fault found while reading."""

    header: list[str]
    rows: list[list[str]]
    faults: dict[int, str] = field(default_factory=dict)  # row position -> Dutch reason
    sha256: str = ""


def read_cells(path: Path) -> Cells:
    """Read `path` by its content (an .xlsx is a zip); InputError when it cannot be used."""
    data = read_file(path, WHAT)  # regular file within the size limit (/dev/zero refused)
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):
        check_xlsx(data, f"Excel-bestand '{path.name}'")  # a zip bomb stops here
        cells = _excel(data, path.name)
    else:
        cells = _csv(_decoded(data, path.name), path.name)
    check_shape(len(cells.rows), len(cells.header), f"'{path.name}'")
    cap = limits().cell_chars
    for i, row in enumerate(cells.rows):
        long = max((len(c) for c in row), default=0)
        if long > cap and i not in cells.faults:
            cells.faults[i] = f"cel van {long} tekens, de grens is {cap}"
    cells.sha256 = sha
    return cells


def _excel(data: bytes, name: str) -> Cells:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns in English about odd workbooks
            frame = pd.read_excel(io.BytesIO(data), dtype=object, header=None)
    except Exception:  # openpyxl raises many kinds of errors on a broken file, in English
        raise InputError(
            f"Excel-bestand '{name}' kan niet worden gelezen: het is beschadigd of geen "
            ".xlsx-werkmap; sla het opnieuw op als .xlsx of als CSV"
        ) from None
    table = [["" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)]
    table = [r for r in table if any(c.strip() for c in r)]
    if not table:
        raise InputError(f"het bestand '{name}' is leeg")
    return Cells(table[0], table[1:])


def _decoded(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"'{name}' is geen leesbaar UTF-16-tekstbestand") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@contextmanager
def _field_limit(size: int):
    """Let the csv module take cells as long as the file (the cell limit is checked after)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _open_quote_lines(text: str) -> tuple[str, dict[int, int]]:
    """Take out each physical line that opens a quote never closed; {line number: position of
    that line in the text} for the lines taken (so each is a row of its own)."""
    taken: dict[int, int] = {}
    lines = io.StringIO(text, newline="").readlines()  # the lines the csv reader sees
    while sum(line.count('"') for line in lines) % 2:
        inside, opened = False, -1
        for i, line in enumerate(lines):
            for ch in line:
                if ch == '"':
                    inside = not inside
                    if inside:
                        opened = i
        if not inside:
            break
        taken[opened + 1] = opened
        lines[opened] = "\n"  # a blank line: no row, and the line numbers stay in place
    return "".join(lines), taken


def _csv(text: str, name: str) -> Cells:
    if not text.strip():
        raise InputError(f"het bestand '{name}' is leeg")
    text, taken = _open_quote_lines(text)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = max(";,\t|", key=first.count)
    records: list[tuple[int, list[str] | None]] = []  # (first line, cells) in file order
    with _field_limit(len(text)):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        start = 1
        for rec in reader:
            if any(c.strip() for c in rec):
                records.append((start, rec))
            start = reader.line_num + 1
    records += [(line, None) for line in taken]
    records.sort(key=lambda r: r[0])
    if not records or records[0][1] is None:
        raise InputError(
            f"de kopregel van '{name}' is niet te lezen (aanhalingsteken niet gesloten)"
        )
    header = records[0][1]
    rows, faults = [], {}
    for line, rec in records[1:]:
        if rec is None:
            faults[len(rows)] = f"aanhalingsteken niet gesloten (regel {line})"
            rec = []
        elif len(rec) > len(header):
            faults[len(rows)] = "rij heeft meer cellen dan de kopregel"
        rows.append(rec[: len(header)] + [""] * (len(header) - len(rec)))
    return Cells(header, rows, faults)
