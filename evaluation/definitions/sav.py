"""The definition inside an SPSS .sav: variable labels (question texts) and value labels."""

from __future__ import annotations

import math
import tempfile
import warnings
from pathlib import Path

from evaluation.definitions.model import DefColumn, SurveyDefinition, plain_text
from evaluation.errors import ErrorCode, InputError


def code_text(value: object) -> str:
    """An SPSS value as the export's cell text: 1.0 -> '1' (as the intake shows it)."""
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sav_definition(data: bytes, name: str, sha256: str) -> SurveyDefinition:
    """Every variable of the .sav: its label as the question text, its value labels as the
    answers, its user-missing values as codes that are no answer. A variable without value
    labels holds numbers or text ('unknown' kind)."""
    import pyreadstat

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "definition.sav"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, meta = pyreadstat.read_sav(str(path), metadataonly=True, user_missing=True)
        except Exception:  # pyreadstat raises several kinds of errors, in English
            raise InputError(ErrorCode.SAV_DEFINITION_UNREADABLE, file=name) from None
    labels = meta.variable_value_labels or {}
    discrete = meta.missing_user_values or {}
    ranges = meta.missing_ranges or {}
    columns = []
    for var, label in zip(meta.column_names, meta.column_labels, strict=False):
        answers = {code_text(k): plain_text(v) for k, v in labels.get(var, {}).items()}
        spans = [(r["lo"], r["hi"]) for r in ranges.get(var, [])]
        missing = tuple(
            code
            for code, value in ((code_text(k), k) for k in labels.get(var, {}))
            if value in discrete.get(var, [])
            or (isinstance(value, float) and any(lo <= value <= hi for lo, hi in spans))
        )
        kind = "choice" if answers else "unknown"
        text = plain_text(label or "")
        columns.append(DefColumn(var, (var,), text, "", kind, answers, not_answers=missing))
    return SurveyDefinition("SPSS", name, sha256, "sav", "", columns)
