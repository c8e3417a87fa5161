"""mapping.yaml's answer codes hold for the survey file they were read from: when that file,
recorded by its path and SHA-256, is still there but has changed, a run stops rather than read
the export's codes with the meanings of the old questionnaire."""

from __future__ import annotations

import hashlib
from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.limits import read_file


def check_definition_unchanged(codebook: Codebook, export_sha256: str) -> None:
    """InputError when the survey file mapping.yaml was made from has changed since and the
    export is not the one it was mapped beside (that export's codes are the old file's, which
    mapping.yaml holds). An SPSS file is left alone (its labels travel with every export and
    are read from it); a file no longer there cannot be compared (its SHA-256 is the record)."""
    d = codebook.definition
    path, recorded = d.get("path", ""), d.get("sha256", "")
    if not path or not recorded or d.get("tool") == "SPSS" or not codebook.answer_codes:
        return
    if d.get("export_sha256") == export_sha256:
        return
    p = Path(path)
    try:
        if not p.is_file():
            return
    except OSError:
        return
    now = hashlib.sha256(read_file(p, "vragenlijstbestand")).hexdigest()
    if now != recorded:
        raise InputError(
            ErrorCode.DEFINITION_CHANGED, file=p.name, recorded=recorded[:12], now=now[:12]
        )
