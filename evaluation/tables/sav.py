"""An SPSS .sav file as a `RawTable`: value labels become the raw text, the file's variable
labels are other names of its columns, and the codes behind each label are kept."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import ErrorCode, InputError
from evaluation.limits import ENV_PREFIX, MB, check_shape, limits
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
            _, head = pyreadstat.read_sav(str(path), metadataonly=True)
            most = _most_rows(path, head)
            frame, meta = pyreadstat.read_sav(
                str(path), user_missing=True, apply_value_formats=False, row_limit=most + 1
            )
    except InputError:
        raise
    except Exception:  # pyreadstat raises ReadstatError and others, in English
        raise InputError(ErrorCode.SAV_UNREADABLE, file=path.name) from None
    _check_rows(path, len(frame), most, _row_bytes(head))
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


def _row_bytes(head) -> int:
    """The bytes one case takes unpacked, by the file's own variable widths."""
    widths = getattr(head, "variable_storage_width", None) or {}
    return max(sum(widths.values()), 8 * (getattr(head, "number_columns", 0) or 0), 8)


def _most_rows(path: Path, head) -> int:
    """The most cases read: within the row limit, and within the unpacked size limit (a
    compressed .sav, like an .xlsx, can hold far more than its size: 5.6 MB became 2.9 GB).
    A header that already says more is refused before the cases are read."""
    lim = limits()
    check_shape(0, getattr(head, "number_columns", 0) or 0, f"'{path.name}'")
    most = min(lim.rows, lim.xlsx_expanded_mb * MB // _row_bytes(head))
    if (getattr(head, "number_rows", None) or 0) > most:
        _check_rows(path, head.number_rows, most, _row_bytes(head))
    return most


def _check_rows(path: Path, rows: int, most: int, row_bytes: int) -> None:
    """InputError when `rows` passes `most`: the header's count, or the cases read with
    `most + 1` the last read (then the file holds at least that many)."""
    if rows <= most:
        return
    lim = limits()
    at_least = "meer dan " if rows == most + 1 else ""
    if most == lim.rows:
        rows_text = f"{at_least}{most if at_least else rows}"
        raise InputError(ErrorCode.TOO_MANY_ROWS, what=f"'{path.name}'", rows=rows_text, limit=most)
    raise InputError(
        ErrorCode.XLSX_EXPANDS,
        what=f"SPSS-bestand '{path.name}'",
        size=f"{at_least}{-(-(most if at_least else rows) * row_bytes // MB)} MB",
        limit=f"{lim.xlsx_expanded_mb} MB",
        variable=f"{ENV_PREFIX}XLSX_EXPANDED_MB",
    )
