"""Read a CSV export with Arrow's columnar reader: any common dialect, every cell as written.

Each column is read as text and dictionary-encoded, which is exactly the validation's
contract: the distinct raw values and a per-row index. Rows whose cell count differs from the
header's are not dropped: they are parsed on their own and kept, with a row fault, in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from evaluation.errors import InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import column_keys, match_key
from evaluation.tables.raw import (
    OPEN_QUOTE,
    ROW_FAULT,
    RawTable,
    RowFault,
    small_codes,
    unique_names,
)

DELIMITERS = (";", ",", "\t", "|")
SAMPLE = 65536  # bytes looked at to recognise the encoding and the delimiter
BLOCK = 1 << 20  # bytes per parse block (larger blocks make the dictionaries slower to build)


def _decode(data: bytes, name: str) -> tuple[bytes, str]:
    """Return the bytes as UTF-8 (BOM removed, cp1252 and UTF-16 converted) and the encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"'{name}' is geen leesbaar UTF-16-tekstbestand") from None
    if b"\x00" in data[:SAMPLE]:
        raise InputError(
            f"'{name}' is geen tekstbestand (CSV) en ook geen Excel- of SPSS-bestand; "
            "exporteer de enquête als CSV, .xlsx of .sav"
        )
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(
            f"'{name}' heeft een onbekende tekencodering (geen UTF-8 of Windows-1252)"
        ) from None


def _first_record(sample: str, delim: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), [])
    except csv.Error:
        return []


def _sniff_delimiter(sample: str, codebook: Codebook) -> str:
    """Pick the delimiter whose header splits into the most codebook columns (then most cells)."""
    keys = column_keys(codebook)
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        header = _first_record(sample, delim)
        known = sum(1 for h in header if match_key(h) in keys)
        score = (known, len(header))
        if score > best_score:
            best, best_score = delim, score
    return best


@dataclass
class _Rejected:
    """A row Arrow would not take: its record number (header = 1) and its text."""

    number: int | None
    text: str
    fault: RowFault | None = None


def _open_quotes(utf8: bytes) -> tuple[bytes, list[_Rejected]]:
    """Take out every physical line that opens a quote never closed (it would swallow the rest
    of the file into one cell); each becomes a rejected row with its line number, so the rows
    after it are read as rows and nothing is lost. An even number of quotes: nothing to do."""
    taken: list[_Rejected] = []
    removed_lines = 0
    while utf8.count(b'"') % 2:
        inside, opened, ends = False, -1, 0
        for i, byte in enumerate(utf8):
            if byte == 0x22:
                inside = not inside
                if inside:
                    opened, ends_at_open = i, ends
            elif byte == 0x0A and not inside:
                ends += 1
        if not inside:  # odd count but balanced in the scan: a quote inside a bare cell
            break
        start = utf8.rfind(b"\n", 0, opened) + 1
        stop = utf8.find(b"\n", opened)
        stop = len(utf8) if stop < 0 else stop + 1
        line = utf8.count(b"\n", 0, start) + 1 + removed_lines
        text = utf8[start:stop].decode("utf-8", errors="replace").rstrip("\r\n")
        taken.append(_Rejected(ends_at_open + 1, text, RowFault(OPEN_QUOTE, {"line": line})))
        utf8 = utf8[:start] + utf8[stop:]
        removed_lines += 1
    return utf8, taken


def _merge_rejected(arrow: list[_Rejected], taken: list[_Rejected]) -> list[_Rejected]:
    """Arrow numbered its rows without the lines taken out: shift them back into place."""
    out = list(taken)
    for r in arrow:
        number = r.number
        for t in sorted(taken, key=lambda t: t.number):
            if number is not None and number >= t.number:
                number += 1
        out.append(_Rejected(number, r.text, r.fault))
    return out


def _arrow_read(utf8: bytes, delim: str, header: list[str], threads: bool, only=None):
    """Parse with Arrow; rows with another cell count than the header are collected aside."""
    rejected: list[_Rejected] = []

    def handler(row) -> str:
        rejected.append(_Rejected(row.number, row.text))
        return "skip"

    table = pacsv.read_csv(
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
            check_utf8=False,  # _decode has made sure the bytes are UTF-8
            include_columns=only,
        ),
    )
    return table, rejected


def read_csv(data: bytes, name: str, codebook: Codebook) -> RawTable:
    """Read a CSV export of any common dialect; every cell is kept as text, as written."""
    if not data[:SAMPLE].strip() and not data.strip():
        raise InputError(f"het bestand '{name}' is leeg")
    utf8, _encoding = _decode(data, name)
    sample = utf8[:SAMPLE].decode("utf-8", errors="ignore")
    delim = _sniff_delimiter(sample, codebook)
    header = _first_record(sample, delim)
    if not any(h.strip() for h in header):
        raise InputError(f"'{name}' heeft geen kopregel met kolomnamen")
    utf8, taken = _open_quotes(utf8)
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
        rejected = _merge_rejected(rejected, taken)
    except pa.ArrowException as exc:  # Arrow's own text is English: only its gist, in Dutch
        raise InputError(
            f"'{name}' kan niet als CSV worden gelezen: {_arrow_reason(exc)}"
        ) from None
    raw = _factorised(table, rejected, delim, sha256)
    del table
    pa.default_memory_pool().release_unused()  # give the parsed text back before validation
    return raw


def _arrow_reason(exc: Exception) -> str:
    """What Arrow could not parse, in Dutch (with the row it names, if any)."""
    text = str(exc)
    if "Empty CSV file" in text or "cannot infer number of columns" in text:
        return "er staan geen rijen met kolommen in die te lezen zijn"
    row = re.search(r"[Rr]ow #(\d+)", text)
    where = f" (bij regel {row.group(1)})" if row else ""
    return f"de opbouw van het bestand past niet bij een CSV-tabel{where}"


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
        cells = _first_record(r.text, delim)
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
