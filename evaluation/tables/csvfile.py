"""Read a CSV with Arrow's columnar reader: any common dialect, every cell as written.

Each column is read as text and dictionary-encoded, which is exactly the validation's
contract: the distinct raw values and a per-row index. Rows whose cell count differs from the
header's are not dropped: they are parsed on their own and kept, with a row fault, in place.
So are records broken by a stray quote (see `quotes`) and records too long for a parser block.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from evaluation.errors import ErrorCode, InputError
from evaluation.limits import limits
from evaluation.tables.quotes import Span, long_records, stray_quotes
from evaluation.tables.raw import ROW_FAULT, RawTable, RowFault, small_codes, unique_names
from evaluation.tables.text import SAMPLE, decode, first_record, sniff_delimiter

BLOCK = 1 << 20  # bytes per parse block (larger blocks make the dictionaries slower to build)


@dataclass
class _Rejected:
    """A row Arrow would not take: its record number (header = 1) and its text."""

    number: int | None
    text: str
    fault: RowFault | None = None


def _take_out(utf8: bytes, spans: list[Span]) -> tuple[bytes, list[_Rejected]]:
    """The bytes without the spans, and each span as a rejected row (with its fault, if any)."""
    if not spans:
        return utf8, []
    pieces, taken, at = [], [], 0
    for s in spans:
        pieces.append(utf8[at : s.start])
        text = utf8[s.start : s.stop].decode("utf-8", errors="replace").rstrip("\r\n")
        fault = RowFault(s.code, {"line": s.line}) if s.code else None
        taken.append(_Rejected(s.number, text, fault))
        at = s.stop
    pieces.append(utf8[at:])
    return b"".join(pieces), taken


def _merge_rejected(arrow: list[_Rejected], taken: list[_Rejected]) -> list[_Rejected]:
    """Rows numbered without the rows taken out: shift them back into place."""
    out = list(taken)
    numbers = sorted(t.number for t in taken)
    for r in arrow:
        number = r.number
        for t in numbers:
            if number is not None and number >= t:
                number += 1
        out.append(_Rejected(number, r.text, r.fault))
    return out


class _TooManyRows(Exception):
    """More rows with another cell count than the row limit: the file has too many rows."""


def _arrow_read(utf8: bytes, delim: str, header: list[str], threads: bool, only=None):
    """Parse with Arrow; rows with another cell count than the header are collected aside,
    no more than the row limit of them (each is kept in Python: 1.2 million took 1.3 GB)."""
    rejected: list[_Rejected] = []
    most = limits().rows

    def handler(row) -> str:
        rejected.append(_Rejected(row.number, row.text))
        return "skip" if len(rejected) <= most else "error"  # Arrow stops on 'error'

    try:
        return _arrow_table(utf8, delim, header, threads, only, handler), rejected
    except pa.ArrowException:
        if len(rejected) > most:  # even lines of only spaces: no export has so many
            raise _TooManyRows from None
        raise


def _arrow_table(utf8: bytes, delim: str, header: list[str], threads: bool, only, handler):
    return pacsv.read_csv(
        pa.py_buffer(utf8),
        read_options=pacsv.ReadOptions(use_threads=threads, block_size=BLOCK),
        parse_options=pacsv.ParseOptions(
            delimiter=delim,
            newlines_in_values=b'"' in utf8,
            ignore_empty_lines=True,
            invalid_row_handler=handler,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in header},
            strings_can_be_null=False,  # an empty cell is '', made the index -1 afterwards
            check_utf8=False,  # decode has made sure the bytes are UTF-8
            include_columns=only,
        ),
    )


def read_csv(data: bytes, name: str, known: Callable[[list[str]], int]) -> RawTable:
    """Read a CSV of any common dialect; every cell is kept as text, as written. `known` counts
    the header cells the caller knows (it decides the delimiter)."""
    if not data[:SAMPLE].strip() and not data.strip():
        raise InputError(ErrorCode.FILE_EMPTY, what="het bestand", file=name)
    utf8, encoding = decode(data, name)
    sample = utf8[:SAMPLE].decode("utf-8", errors="ignore")
    delim = sniff_delimiter(sample, known)
    header = first_record(sample, delim)
    if not any(h.strip() for h in header):
        raise InputError(ErrorCode.NO_HEADER_ROW, file=name)
    _check_lines(utf8, name)
    spans = stray_quotes(utf8, delim)
    if spans and spans[0].number == 1:
        raise InputError(ErrorCode.HEADER_STRAY_QUOTE, file=name)
    utf8, taken = _take_out(utf8, spans)
    utf8, long = _take_out(utf8, [s for s in long_records(utf8, BLOCK // 4) if s.number > 1])
    try:
        # The checksum runs in a thread while Arrow parses (both release the GIL).
        with ThreadPoolExecutor(max_workers=1) as pool:
            digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
            table, rejected = _arrow_read(utf8, delim, header, threads=True)
            if any(r.number is None for r in rejected):
                # Arrow numbers rejected rows only when it parses in one thread; a second,
                # one-column pass finds where they stand.
                _, rejected = _arrow_read(utf8, delim, header, False, table.column_names[:1])
            sha256 = digest.result()
        rejected = _merge_rejected(_merge_rejected(rejected, long), taken)
    except _TooManyRows:
        most = limits().rows
        raise InputError(
            ErrorCode.TOO_MANY_ROWS, what=f"'{name}'", rows=f"meer dan {most}", limit=most
        ) from None
    except pa.ArrowException as exc:  # Arrow's own text is English: only its gist, in Dutch
        raise _arrow_error(exc, name) from None
    raw = _factorised(table, rejected, delim, sha256)
    raw.encoding = encoding
    del table
    pa.default_memory_pool().release_unused()  # give the parsed text back before validation
    return raw


_FILLED_LINE = re.compile(rb"^[^\S\n]*\S", re.MULTILINE)


def _check_lines(utf8: bytes, name: str) -> None:
    """A text without quotes has one record per filled line: more than the row limit is
    refused before Arrow parses it (1.2 million short rows took 20 s to refuse after)."""
    most = limits().rows
    if utf8.count(b"\n") <= most + 1 or b'"' in utf8:
        return
    filled = 0
    for _ in _FILLED_LINE.finditer(utf8):
        filled += 1
        if filled > most + 1:  # the header and more rows than the limit
            raise InputError(
                ErrorCode.TOO_MANY_ROWS, what=f"'{name}'", rows=f"meer dan {most}", limit=most
            )


def _arrow_error(exc: Exception, name: str) -> InputError:
    """What Arrow could not parse (its own text is English), with the line it names, if any."""
    text = str(exc)
    if "Empty CSV file" in text or "cannot infer number of columns" in text:
        return InputError(ErrorCode.CSV_NO_ROWS, file=name)
    row = re.search(r"[Rr]ow #(\d+)", text)
    if row:
        return InputError(ErrorCode.CSV_SHAPE_AT, file=name, line=int(row.group(1)))
    return InputError(ErrorCode.CSV_SHAPE, file=name)


def _column_codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Per-row indices (-1 = empty) and distinct texts of one column of text.

    The column is joined into one array first, so it is hashed in one pass: chunk by chunk,
    every chunk would carry its own dictionary, to be merged afterwards at a high cost.
    """
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if not pa.types.is_string(array.type):  # header read differently than sniffed: rare
        array = array.cast(pa.string())
    encoded = array.dictionary_encode()
    codes = encoded.indices.to_numpy()
    uniques = encoded.dictionary.to_pylist()
    if "" in uniques:
        k = uniques.index("")
        empty = codes == k
        codes = codes - (codes > k)
        codes[empty] = -1
        del uniques[k]
    return small_codes(codes), uniques


def _factorised(table: pa.Table, rejected: list[_Rejected], delim: str, sha256: str) -> RawTable:
    names = unique_names(table.column_names)
    with ThreadPoolExecutor(max_workers=pa.cpu_count()) as pool:  # Arrow releases the GIL
        encoded = list(pool.map(_column_codes, table.columns))
    codes = {c: e[0] for c, e in zip(names, encoded, strict=True)}
    uniques = {c: e[1] for c, e in zip(names, encoded, strict=True)}
    raw = RawTable(names, codes, uniques, table.num_rows, sha256)
    if rejected:
        _put_back(raw, rejected, delim)
    return raw


def _put_back(raw: RawTable, rejected: list[_Rejected], delim: str) -> None:
    """Insert the rejected rows where they stood; a row that cannot be matched gets a fault.

    Too few cells: the missing ones are taken as empty at the end of the row (some tools leave
    trailing empty cells out), as before. Extra cells are a fault only when one holds
    something. A line of only spaces is a blank line.
    """
    width = len(raw.columns)
    rejected = sorted(rejected, key=lambda r: r.number)
    records = raw.rows + len(rejected)
    is_rejected = np.zeros(records, dtype=bool)
    is_rejected[[r.number - 2 for r in rejected]] = True
    blank = np.zeros(records, dtype=bool)
    rows: list[list[str]] = []
    for r in rejected:
        if not r.text.strip():
            blank[r.number - 2] = True
            continue
        cells = first_record(r.text, delim)
        extra = [c for c in cells[width:] if c.strip()]
        if r.fault is not None:
            position = r.number - 2 - int(blank[: r.number - 2].sum())
            raw.row_faults[position] = r.fault
        elif extra:
            position = r.number - 2 - int(blank[: r.number - 2].sum())
            raw.row_faults[position] = RowFault(
                ROW_FAULT, {"cells": len(cells), "expected": width, "extra": extra}
            )
        rows.append((cells + [""] * width)[:width])
    keep = ~blank
    for j, c in enumerate(raw.columns):
        index = {u: i for i, u in enumerate(raw.uniques[c])}
        added = np.empty(len(rows), dtype=np.int64)
        for i, row in enumerate(rows):
            cell = row[j]
            added[i] = -1 if cell == "" else index.setdefault(cell, len(index))
        raw.uniques[c] = list(index)
        full = np.empty(records, dtype=np.int64)
        full[~is_rejected] = raw.codes[c]
        full[is_rejected & keep] = added
        raw.codes[c] = small_codes(full[keep])
    raw.rows = int(keep.sum())
