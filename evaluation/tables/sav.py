"""An SPSS .sav file as a `RawTable`: value labels become the raw text, the file's variable
labels are other names of its columns, and the codes behind each label are kept."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import ErrorCode, InputError
from evaluation.tables.raw import RawTable, from_frame, raw_text


def read_sav(path: Path, data: bytes) -> RawTable:
    """SPSS: value labels become the raw text (codes as fallback); user-missing codes kept."""
    import pyreadstat

    sha = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            # pyreadstat warns in English (e.g. names that an odd encoding makes equal are
            # renamed '..._duplicated1'); the names it gives are unique, the warning is noise
            warnings.simplefilter("ignore")
            frame, meta = pyreadstat.read_sav(
                str(path), user_missing=True, apply_value_formats=False
            )
    except Exception:  # pyreadstat raises ReadstatError and others, in English
        raise InputError(ErrorCode.SAV_UNREADABLE, file=path.name) from None
    labels_of = meta.variable_value_labels or {}
    user_missing = meta.missing_user_values or {}
    ranges = meta.missing_ranges or {}
    alt = {c: [lab] for c, lab in zip(meta.column_names, meta.column_labels, strict=False) if lab}
    value_codes: dict[str, dict[str, str]] = {}
    for col in frame.columns:
        labels = {raw_text(k): str(v) for k, v in labels_of.get(col, {}).items()}
        discrete = {raw_text(v) for v in user_missing.get(col, [])}
        spans = [(r["lo"], r["hi"]) for r in ranges.get(col, [])]

        def is_user_missing(v: object, discrete=discrete, spans=spans) -> bool:
            if raw_text(v) in discrete:
                return True
            return isinstance(v, float) and any(lo <= v <= hi for lo, hi in spans)

        out = []
        for v in frame[col].tolist():
            text = raw_text(v)
            if text in labels:
                out.append(labels[text])
            elif not text or is_user_missing(v):
                out.append(np.nan)  # empty, or user-missing without a label: not answered
            else:
                out.append(text)
        if labels:
            value_codes[col] = {lab: code for code, lab in labels.items()}
        frame[col] = pd.Series(out, index=frame.index, dtype=object)
    return from_frame(frame, sha, alt_names=alt, value_codes=value_codes)
