"""Read a table by content: CSV (see csvfile), XLSX or SPSS .sav, whatever the extension says."""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import match_columns
from evaluation.intake.csvfile import read_csv
from evaluation.intake.profiles import recognise
from evaluation.intake.result import ID
from evaluation.limits import check_shape, check_xlsx, read_file
from evaluation.tables.raw import RawTable, from_frame, raw_text, unique_names


def _as_raw_strings(series: pd.Series) -> pd.Series:
    """Excel/SPSS cells as text (NaN stays NaN) so they go through the same checks as CSV."""
    values = series.to_numpy(dtype=object)
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = np.nan if v is None or (isinstance(v, float) and math.isnan(v)) else raw_text(v)
    return pd.Series(out, index=series.index, dtype=object)


def _read_excel(path: Path, data: bytes, codebook: Codebook, any_sheet: bool = False) -> RawTable:
    sha = hashlib.sha256(data).hexdigest()
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object, header=0)
    except Exception:  # openpyxl raises many kinds of errors on a broken file, in English
        raise InputError(
            f"Excel-bestand '{path.name}' kan niet worden gelezen: het is beschadigd of geen "
            ".xlsx-werkmap; sla het opnieuw op als .xlsx of exporteer als CSV"
        ) from None
    for frame in sheets.values():
        frame.columns = unique_names([raw_text(c).strip() for c in frame.columns])
        column_map, _ = match_columns(list(frame.columns), codebook)
        if any_sheet or ID in column_map.values() or recognise(list(frame.columns)).name:
            frame = frame.dropna(how="all").reset_index(drop=True)
            for c in frame.columns:
                frame[c] = _as_raw_strings(frame[c])
            return from_frame(frame, sha)
    first = next(iter(sheets.values()), None)
    heads = ", ".join(f"'{c}'" for c in list(first.columns)[:6]) if first is not None else ""
    raise InputError(
        f"Excel-bestand '{path.name}' heeft geen blad met een kolom respondentnummer "
        f"(bladen: {', '.join(map(str, sheets)) or 'geen'}; "
        f"het eerste begint met {heads or 'niets'}); "
        f"draai 'spt-eval map {path}' om de kolommen aan het codeboek te koppelen"
    )


def _read_sav(path: Path, data: bytes) -> RawTable:
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
        raise InputError(
            f"SPSS-bestand '{path.name}' kan niet worden gelezen: het is beschadigd of geen "
            "SPSS-bestand (.sav); exporteer de enquête opnieuw, of als CSV of .xlsx"
        ) from None
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


def read_table(path: str | Path, codebook: Codebook, any_sheet: bool = False) -> RawTable:
    """Read a survey export by its content (CSV, .xlsx or .sav), whatever the extension says.

    A workbook's sheet needs a respondent-number column or a survey tool's headings, unless
    `any_sheet` (for `map`): then the first sheet is read."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"'{p}' is een map, geen bestand")
    data = read_file(p, "enquêtebestand")  # a size cap; /dev/zero and the like refused
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"'{p.name}' is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV")
    if data.startswith(b"PK\x03\x04"):
        check_xlsx(data, f"Excel-bestand '{p.name}'")  # a zip bomb stops here
        raw = _read_excel(p, data, codebook, any_sheet)
    elif data.startswith((b"$FL2", b"$FL3")):
        raw = _read_sav(p, data)
    else:
        raw = read_csv(data, p.name, codebook)
    _within_limits(raw, p.name)
    return raw


def _within_limits(raw: RawTable, name: str) -> None:
    """Rows and columns within the limits (settings). A long cell is not a file error: the
    answer checks set it aside with its row (the file size already bounds the memory)."""
    check_shape(raw.rows, len(raw.columns), f"'{name}'")
