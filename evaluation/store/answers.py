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
    missing: pd.DataFrame  # per coded column: the missing answer given, or None


def encode(answers: Answers) -> bytes:
    """The Parquet bytes of a wave's answers (zstd; column order and row order kept)."""
    frame = answers.responses.reset_index(drop=True).copy()
    taken = [c for c in frame.columns if c == WEIGHT or str(c).startswith(MISSING)]
    if taken:
        raise ValueError(f"column names reserved by the store: {taken}")
    frame[WEIGHT] = answers.weights.to_numpy(dtype=float)
    missing = answers.missing.reset_index(drop=True)
    for c in missing.columns:
        frame[MISSING + c] = missing[c].astype(object).where(missing[c].notna(), None)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True)
    return buffer.getvalue()


def decode(data: bytes, dtypes: dict[str, str]) -> Answers:
    """A wave's answers from their Parquet bytes, each intake column in its recorded dtype."""
    frame = pq.read_table(io.BytesIO(data)).to_pandas()
    labels = [c for c in frame.columns if c.startswith(MISSING)]
    missing = frame[labels].astype(object)
    missing = missing.where(missing.notna(), None)
    missing.columns = [c.removeprefix(MISSING) for c in labels]
    responses = frame[list(dtypes)]
    for c, t in dtypes.items():
        if str(responses[c].dtype) != t:
            responses[c] = responses[c].astype(t if t != "object" else object)
    return Answers(responses, frame[WEIGHT], missing)
