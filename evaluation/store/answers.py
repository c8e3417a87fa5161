"""A wave's answers in the store: one zstd-compressed Parquet table per wave, typed columns.

One row per respondent: the keyed pseudonym, the SPT, the weight, every answer column of the
intake with its own type (codes as float, remarks masked as text) and, per coded column, the
declared missing answer ('weet niet') or null. Parquet stores each column once with its
repeated values coded (a few bytes a row where JSON took about 2 KB), and reads back into
pandas without parsing text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

FORMAT = "parquet-zstd"
WEIGHT = "@weight"  # '@' is in no codebook column name
MISSING = "@missing:"  # + column: the missing answer given there


@dataclass(frozen=True)
class Answers:
    """A wave's stored answers: pseudonymised responses, weights and missing-answer labels."""

    responses: pd.DataFrame  # the intake's columns, ID holding the pseudonyms
    weights: pd.Series
    missing: pd.DataFrame  # per coded column: the missing answer given, or null


def encode(answers: Answers) -> bytes:
    """The Parquet bytes of a wave's answers (zstd; column order and row order kept).

    Built column by column from the frames' own arrays, without a copy of the frame."""
    responses = answers.responses.reset_index(drop=True)
    taken = [c for c in responses.columns if c == WEIGHT or str(c).startswith(MISSING)]
    if taken:
        raise ValueError(f"column names reserved by the store: {taken}")
    table = pa.Table.from_pandas(responses, preserve_index=False)
    table = table.append_column(WEIGHT, pa.array(answers.weights.to_numpy(dtype=float)))
    for c in answers.missing.columns:  # a text or null per row (NaN read as null)
        given = pa.array(answers.missing[c].to_numpy(dtype=object), from_pandas=True)
        table = table.append_column(MISSING + c, given)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True, write_statistics=False)
    return buffer.getvalue()


def decode(data: bytes, dtypes: dict[str, str]) -> Answers:
    """A wave's answers from their Parquet bytes, each intake column in its recorded dtype.

    Read one column at a time into a frame that keeps each column as read (not copied into
    one block), each text of a text column held once, and the missing answers as categories
    (a byte per row; they are only tested for presence and read as text): a 100,000-row wave
    then needs about a third of the memory the whole table took."""
    stored = pq.ParquetFile(pa.BufferReader(data))
    names = stored.schema_arrow.names

    def column(name: str) -> pa.ChunkedArray:
        return stored.read(columns=[name]).column(0)

    labels = [c for c in names if c.startswith(MISSING)]
    missing = pd.DataFrame(
        {c.removeprefix(MISSING): _categories(column(c)) for c in labels},
        index=pd.RangeIndex(stored.metadata.num_rows),
    )
    responses = pd.DataFrame({c: _typed(column(c), t) for c, t in dtypes.items()}, copy=False)
    weights = column(WEIGHT).to_pandas().rename(WEIGHT)
    pa.default_memory_pool().release_unused()  # the column buffers are back with numpy
    return Answers(responses, weights, missing)


def _typed(values: pa.ChunkedArray, dtype: str) -> pd.Series:
    """A column in its recorded dtype; text as objects (NaN where null), each text once."""
    if dtype == "object" and pa.types.is_string(values.type):
        codes, uniques = pd.factorize(values.to_pandas(), use_na_sentinel=True)
        return pd.Series(
            np.array([*(str(u) for u in uniques), np.nan], dtype=object)[codes], dtype=object
        )
    out = values.to_pandas()
    return out if str(out.dtype) == dtype else out.astype(dtype if dtype != "object" else object)


def _categories(values: pa.ChunkedArray) -> pd.Categorical:
    """A text column as categories (missing where null): each text held once, a code per row,
    and a frame of such columns is not copied into one block of objects."""
    codes, uniques = pd.factorize(values.to_pandas(), use_na_sentinel=True)
    return pd.Categorical.from_codes(codes, categories=[str(u) for u in uniques])
