"""Find the records a stray quote would break, at the speed of numpy, in a file of any size.

In a CSV a quote opens a cell only at the start of the cell; it closes it only before a
delimiter, a line end or the end of the file; two quotes inside a quoted cell are one quote. A
quote anywhere else is stray: in a cell written without quotes (`Goed"e`), or one that opens a
cell never closed (it would swallow the rest of the file into one cell). The record holding it
is taken out whole, to be kept as one row with a fault, and the file after it is read as usual.
Records longer than a parser block are taken out too (read on their own, without a fault).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluation.tables.raw import OPEN_QUOTE, STRAY_QUOTE

QUOTE, NEWLINE, CR = 0x22, 0x0A, 0x0D


@dataclass(frozen=True)
class Span:
    """Bytes [start, stop) of one record taken out; its record number (header = 1, blank lines
    not counted, as the parser counts), the file line of its fault and the fault's code."""

    start: int
    stop: int
    number: int
    line: int
    code: str = ""


def _violation(arr: np.ndarray, qs: np.ndarray, delim: int) -> tuple[int, str]:
    """The first quote (index into `qs`) whose reading breaks, and the fault; (-1, '') if none.

    `qs` starts outside any quoted cell, so quote 0, 2, 4... open cells, 1, 3, 5... close them.
    """
    n = len(qs)
    bounds = np.array([delim, NEWLINE, CR], dtype=np.uint8)
    prev = arr[np.maximum(qs - 1, 0)]
    after = arr[np.minimum(qs + 1, len(arr) - 1)]
    at_start = np.isin(prev, bounds) | (qs == 0)
    at_end = np.isin(after, bounds) | (qs == len(arr) - 1)
    doubled_before = np.zeros(n, dtype=bool)
    doubled_before[1:] = qs[1:] == qs[:-1] + 1
    doubled_after = np.zeros(n, dtype=bool)
    doubled_after[:-1] = doubled_before[1:]
    opens = (np.arange(n) % 2) == 0
    bad = (opens & ~at_start & ~doubled_before) | (~opens & ~at_end & ~doubled_after)
    first = int(np.argmax(bad)) if bad.any() else -1
    if first < 0:
        return (n - 1, OPEN_QUOTE) if n % 2 else (-1, "")
    if opens[first]:  # a quote in the middle of a cell written without quotes
        return first, STRAY_QUOTE
    return first - 1, OPEN_QUOTE  # the cell opened before it does not close where a cell ends


def _records_before(arr, newlines, qs, start, stop, before) -> int:
    """Records (not blank lines) that end in [start, stop), where `start` is outside quotes."""
    ends = newlines[np.searchsorted(newlines, start) : np.searchsorted(newlines, stop)]
    ends = ends[np.searchsorted(qs, ends) % 2 == 0]  # line ends outside quoted cells
    begins = np.concatenate(([start], ends[:-1] + 1)).astype(np.int64)
    lengths = ends - begins - (arr[np.maximum(ends - 1, 0)] == CR)
    return before + int((lengths > 0).sum())


def stray_quotes(utf8: bytes, delim: str) -> list[Span]:
    """Every record broken by a stray quote, in file order (see the module's docstring)."""
    if b'"' not in utf8:
        return []
    arr = np.frombuffer(utf8, dtype=np.uint8)
    quotes = np.flatnonzero(arr == QUOTE)
    newlines = np.flatnonzero(arr == NEWLINE)
    spans: list[Span] = []
    start, records = 0, 0
    while True:
        qs = quotes[np.searchsorted(quotes, start) :]
        if not len(qs):
            return spans
        k, code = _violation(arr, qs, ord(delim))
        if k < 0:
            return spans
        p = int(qs[k])
        lo, hi = np.searchsorted(newlines, start), np.searchsorted(newlines, p)
        candidates = newlines[lo:hi]
        outside = candidates[np.searchsorted(qs, candidates) % 2 == 0]
        begin = int(outside[-1]) + 1 if len(outside) else start
        records = _records_before(arr, newlines, qs, start, begin, records)
        line = int(hi) + 1
        stop = int(newlines[hi]) + 1 if hi < len(newlines) else len(utf8)
        spans.append(Span(begin, stop, records + 1, line, code))
        start, records = stop, records + 1


def long_records(utf8: bytes, longest: int) -> list[Span]:
    """Records longer than `longest` bytes (the stray quotes already taken out)."""
    if len(utf8) <= longest:
        return []
    arr = np.frombuffer(utf8, dtype=np.uint8)
    newlines = np.flatnonzero(arr == NEWLINE)
    edges = np.concatenate(([-1], newlines, [len(utf8)]))
    if int(np.diff(edges).max()) <= longest:  # no line that long: no record that long
        return []
    quotes = np.flatnonzero(arr == QUOTE)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if not len(ends) or ends[-1] != len(utf8) - 1:
        ends = np.append(ends, len(utf8) - 1)  # the last record may end without a newline
    begins = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - begins - (arr[np.maximum(ends - 1, 0)] == CR)
    counted = np.cumsum(lengths > 0)  # record number of each record (blank lines not counted)
    return [
        Span(
            int(begins[i]),
            int(ends[i]) + 1,
            int(counted[i]),
            int(np.searchsorted(newlines, begins[i])) + 1,
        )
        for i in np.flatnonzero(lengths > longest)
    ]
