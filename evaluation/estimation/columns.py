"""The design's columns read and checked: names, numbers, strata codes, weights and fpc.

Every check names the column and the first offending value in Dutch, so a bad design stops
with one clear line instead of a wrong variance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.types import plain


def column(data: pd.DataFrame, name: str) -> pd.Series:
    """The column ``name``; a missing one is named with the columns that do exist."""
    if name not in data.columns:
        shown = ", ".join(map(str, list(data.columns)[:20]))
        raise DesignError(ErrorCode.COLUMN_NOT_FOUND, column=name, available=shown)
    return data[name]


def numeric(data: pd.DataFrame, name: str) -> np.ndarray:
    """The column as float64 (booleans as 0/1, missing as NaN); text that is no number fails."""
    col = column(data, name)
    if pd.api.types.is_bool_dtype(col):
        return col.astype("float64").to_numpy()
    if not pd.api.types.is_numeric_dtype(col):
        converted = pd.to_numeric(col, errors="coerce")
        if (converted.isna() & col.notna()).any():
            bad = col[converted.isna() & col.notna()].iloc[0]
            raise DesignError(
                ErrorCode.COLUMN_NOT_NUMERIC, column=name, value=str(bad), dtype=str(col.dtype)
            )
        col = converted
    return col.to_numpy(dtype=np.float64, na_value=np.nan)


def strata_codes(data: pd.DataFrame, name: str | None) -> tuple[np.ndarray, list[Any]]:
    """A stratum code per row, numbered in sorted label order, and the labels in that order."""
    if name is None:
        return np.zeros(len(data), dtype=np.int64), ["(geen strata)"]
    col = column(data, name)
    if col.isna().any():
        raise DesignError(ErrorCode.STRATA_MISSING, column=name, count=int(col.isna().sum()))
    codes, uniques = pd.factorize(col)
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(np.asarray(uniques), kind="stable")] = np.arange(len(uniques))
    labels = [plain(uniques[i]) for i in np.argsort(rank)]
    return rank[codes], labels


def positive_weights(data: pd.DataFrame, name: str) -> np.ndarray:
    """The weights column as float64; every row needs a finite weight above zero."""
    col = column(data, name)
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DesignError(
            ErrorCode.WEIGHTS_NOT_POSITIVE,
            column=name,
            count=int(bad.sum()),
            row=first + 1,
            value=str(col.iloc[first]),
        )
    return values


def population_sizes(
    data: pd.DataFrame,
    name: str,
    stratum: np.ndarray,
    first_rows: np.ndarray,
    n_h: np.ndarray,
    labels: list[Any],
) -> np.ndarray:
    """N_h per stratum from R's ``fpc=``: population sizes, or sampling fractions if all <= 1.

    ``first_rows`` holds the first row of each stratum; the value must be the same on every row
    of a stratum and at least the stratum's number of PSUs ``n_h``.
    """
    raw = pd.to_numeric(column(data, name), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    if np.isnan(raw).any():
        raise DesignError(ErrorCode.FPC_MISSING, column=name)
    if (raw <= 0).any():
        raise DesignError(ErrorCode.FPC_NOT_POSITIVE, column=name, value=float(raw.min()))
    lo = raw[first_rows]  # one value per stratum
    differs = raw != lo[stratum]
    if differs.any():
        row = int(np.flatnonzero(differs)[0])
        h = int(stratum[row])
        raise DesignError(
            ErrorCode.FPC_DIFFERS,
            column=name,
            stratum=str(labels[h]),
            first=float(lo[h]),
            second=float(raw[row]),
        )
    N_h = lo if (lo > 1).any() else n_h / lo
    small = N_h < n_h - 1e-9 * n_h
    if small.any():
        h = int(np.flatnonzero(small)[0])
        raise DesignError(
            ErrorCode.FPC_BELOW_SAMPLE,
            column=name,
            stratum=str(labels[h]),
            population=float(N_h[h]),
            sample=int(n_h[h]),
        )
    return N_h
