"""Raw cells as text and numbers, the same rules for every reader and the reference model."""

from __future__ import annotations

import ctypes
import math

import numpy as np
import pandas as pd


def parse_number(text: str) -> float | None:
    """'4', '4.0', '12,5', ' 7 ', '1e1' -> float; text, NaN, infinity and '1.000,5' -> None.

    The same rule as the per-row reference model (evaluation.response_schema).
    """
    s = text.strip().replace(",", ".")
    if not s or "_" in s:
        return None
    try:
        number = float(s)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


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


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Integer codes per row and the distinct raw values (NaN among them = empty cell).

    Text columns from the CSV parser hold one shared string object per distinct value, so
    they are factorised by object address (an integer hash, ~10x faster than hashing text);
    the few distinct objects are then fetched back by address while `values` keeps them
    alive. Equal strings in different objects just become two entries resolved alike. A
    column with many distinct objects (ids, Excel cells) is factorised by value.
    """
    n = len(series)
    if series.dtype == object and n:
        values = np.ascontiguousarray(series.to_numpy(dtype=object))
        address = np.ctypeslib.as_array(
            ctypes.cast(values.ctypes.data, ctypes.POINTER(ctypes.c_ssize_t)), shape=(n,)
        )
        codes, distinct = pd.factorize(address)
        if len(distinct) <= 4096:
            uniques = [ctypes.cast(int(a), ctypes.py_object).value for a in distinct]
            return codes, uniques
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def _small(codes: np.ndarray) -> np.ndarray:
    top = int(codes.max()) if len(codes) else 0
    small = np.int8 if top < 127 else np.int16 if top < 32767 else np.int32
    return codes.astype(small, copy=False)
