"""A read table, factorised: per column the distinct raw texts and a per-row index into them.

Every reader gives a `RawTable`; a fault found while reading a row is a `RowFault` (a code and
its parameters; the intake turns it into its reason text)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

ROW_FAULT = "row_fault"  # another number of cells than the header, extra cells filled
OPEN_QUOTE = "open_quote"  # a quote that opens a cell and is never closed
STRAY_QUOTE = "stray_quote"  # a quote inside a cell written without quotes
CELL_TOO_LONG = "cell_too_long"  # a cell beyond the cell-length limit
FORMULA_WITHOUT_VALUE = "formula_without_value"  # an .xlsx formula saved without its result


@dataclass(frozen=True)
class RowFault:
    """Why a row could not be read as written: one of the codes above and the plain values
    that explain it (line number, column, length)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def raw_text(value: object) -> str:
    """A raw cell as text: NaN/None -> '', integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    return str(value)


@dataclass
class RawTable:
    """What every reader gives the validation: codes + uniques per column, plus row faults."""

    columns: list[str]
    codes: dict[str, np.ndarray]  # per row: index into uniques, -1 = empty cell
    uniques: dict[str, list[str]]  # distinct raw texts, exactly as in the file
    rows: int
    sha256: str
    alt_names: dict[str, list[str]] = field(default_factory=dict)
    value_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> code text
    row_faults: dict[int, RowFault] = field(default_factory=dict)  # 0-based position -> fault
    encoding: str = ""  # of a text file: utf-8, utf-16 or windows-1252
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def raw_values(self, column: str) -> np.ndarray:
        """Raw text per distinct value, with '' appended for the empty index -1."""
        texts = self._texts.get(column)
        if texts is None:
            texts = self._texts[column] = np.array([*self.uniques[column], ""], dtype=object)
        return texts

    def text_rows(self) -> list[list[str]]:
        """Every row as its cells' raw texts ('' = empty), for small tables read row by row."""
        columns = [self.raw_values(c)[self.codes[c]] for c in self.columns]
        return [list(cells) for cells in zip(*columns, strict=True)] if columns else []


def rename_columns(raw: RawTable, names: dict[str, str]) -> None:
    """Give columns new names (old -> new, unique) everywhere the table holds them."""
    if not names:
        return
    taken = set(raw.columns) - set(names)
    new = {}
    for old, name in names.items():
        candidate, k = name, 0
        while candidate in taken:
            k += 1
            candidate = f"{name}.{k}"
        taken.add(candidate)
        new[old] = candidate
    raw.columns = [new.get(c, c) for c in raw.columns]
    for table in (raw.codes, raw.uniques, raw.alt_names, raw.value_codes, raw._texts):
        for old, name in new.items():
            if old in table:
                table[name] = table.pop(old)


def first_of_copies(raw: RawTable) -> np.ndarray:
    """Per row, the 0-based position of the first row alike in every cell (itself if none)."""
    if raw.rows == 0 or not raw.columns:
        return np.arange(raw.rows)
    cells = np.stack([raw.codes[c].astype(np.int64) for c in raw.columns], axis=1)
    _, first, inverse = np.unique(cells, axis=0, return_index=True, return_inverse=True)
    return first[inverse.ravel()]


def mark_long_cells(raw: RawTable, cap: int) -> None:
    """A cell longer than `cap` characters makes its row a fault naming the column; the text
    kept is cut at `cap` (a longer cell cannot be written to a workbook, nor read by a person)."""
    for column in raw.columns:
        uniques = raw.uniques[column]
        if max(map(len, uniques), default=0) <= cap:
            continue
        for k, text in enumerate(uniques):
            if len(text) <= cap:
                continue
            for pos in np.flatnonzero(raw.codes[column] == k).tolist():
                fault = RowFault(CELL_TOO_LONG, {"column": column, "length": len(text), "max": cap})
                raw.row_faults.setdefault(pos, fault)
            uniques[k] = text[:cap]
        raw._texts.pop(column, None)


def small_codes(codes: np.ndarray) -> np.ndarray:
    """The narrowest integer type that holds the codes (a million rows x 60 columns adds up)."""
    top = int(codes.max()) if len(codes) else 0
    small = np.int8 if top < 127 else np.int16 if top < 32767 else np.int32
    return codes.astype(small, copy=False)


def from_frame(frame: pd.DataFrame, sha256: str, **extra: object) -> RawTable:
    """Factorise a frame of raw texts (NaN = empty) by value, column by column."""
    columns = [str(c) for c in frame.columns]
    codes, uniques = {}, {}
    for c, j in zip(columns, range(frame.shape[1]), strict=True):
        idx, distinct = pd.factorize(frame.iloc[:, j].to_numpy(dtype=object), use_na_sentinel=True)
        codes[c], uniques[c] = small_codes(idx), [raw_text(u) for u in distinct]
    return RawTable(columns, codes, uniques, len(frame), sha256, **extra)


HEADLESS = re.compile(r"^kolom \d+ zonder kop$")


def headless_name(position: int) -> str:
    """The name of a column whose heading cell is empty, by its place (1-based), in Dutch:
    the user sees it, and it says that only its place identifies it."""
    return f"kolom {position} zonder kop"


def is_headless(name: str) -> bool:
    """The column had no heading in the file (named by `headless_name`)."""
    return bool(HEADLESS.match(name))


def unique_names(names: list[str]) -> list[str]:
    """Unique column names: 'kolom 4 zonder kop' for an empty one, 'a.1' for a repeat."""
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        base = name or headless_name(i + 1)
        candidate, k = base, 0
        while candidate in seen:
            k += 1
            candidate = f"{base}.{k}"
        seen.add(candidate)
        out.append(candidate)
    return out
