"""A read table, factorised: per column the distinct raw texts and a per-row index into them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evaluation.intake.cells import raw_text
from evaluation.intake.reasons import Fault


@dataclass
class _Raw:
    """What every reader gives the validation: codes + uniques per column, plus row faults."""

    columns: list[str]
    codes: dict[str, np.ndarray]  # per row: index into uniques, -1 = empty cell
    uniques: dict[str, list[str]]  # distinct raw texts, exactly as in the file
    rows: int
    sha256: str
    alt_names: dict[str, list[str]] = field(default_factory=dict)
    value_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> code text
    row_faults: dict[int, Fault] = field(default_factory=dict)  # 0-based position -> fault
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def raw_values(self, column: str) -> np.ndarray:
        """Raw text per distinct value, with '' appended for the empty index -1."""
        texts = self._texts.get(column)
        if texts is None:
            texts = self._texts[column] = np.array([*self.uniques[column], ""], dtype=object)
        return texts


def small_codes(codes: np.ndarray) -> np.ndarray:
    """The narrowest integer type that holds the codes (a million rows x 60 columns adds up)."""
    top = int(codes.max()) if len(codes) else 0
    small = np.int8 if top < 127 else np.int16 if top < 32767 else np.int32
    return codes.astype(small, copy=False)


def from_frame(frame: pd.DataFrame, sha256: str, **extra: object) -> _Raw:
    """Factorise a frame of raw texts (NaN = empty) by value, column by column."""
    columns = [str(c) for c in frame.columns]
    codes, uniques = {}, {}
    for c, j in zip(columns, range(frame.shape[1]), strict=True):
        idx, distinct = pd.factorize(frame.iloc[:, j].to_numpy(dtype=object), use_na_sentinel=True)
        codes[c], uniques[c] = small_codes(idx), [raw_text(u) for u in distinct]
    return _Raw(columns, codes, uniques, len(frame), sha256, **extra)


def unique_names(names: list[str]) -> list[str]:
    """Column names as pandas makes them: 'Unnamed: 3' for an empty one, 'a.1' for a repeat."""
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        base = name or f"Unnamed: {i}"
        candidate, k = base, 0
        while candidate in seen:
            k += 1
            candidate = f"{base}.{k}"
        seen.add(candidate)
        out.append(candidate)
    return out
