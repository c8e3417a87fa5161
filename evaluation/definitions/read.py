"""Read a survey definition file by its content: LimeSurvey .lss, Qualtrics .qsf or SPSS .sav."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from evaluation.definitions.lss import read_lss
from evaluation.definitions.model import SurveyDefinition
from evaluation.definitions.qsf import read_qsf
from evaluation.definitions.sav import read_sav_definition
from evaluation.errors import ErrorCode, InputError
from evaluation.limits import MB, limits, read_file, too_big


def read_definition(path: str | Path, prefer_language: str | None = None) -> SurveyDefinition:
    """The definition in `path`, whatever its extension says; InputError when it is none of
    the three. `prefer_language` picks the language of a multilingual .lss."""
    p = Path(path)
    data = read_file(p, "vragenlijstbestand")
    sha = hashlib.sha256(data).hexdigest()
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith((b"$FL2", b"$FL3")):
        return read_sav_definition(data, p.name, sha)
    cap = limits().definition_mb * MB  # an .lss or .qsf is a few MB; its tree costs ~10 times
    if len(data) > cap:
        raise too_big("vragenlijstbestand", p, len(data), cap, "definition_mb")
    if head.startswith(b"<"):
        found = read_lss(data, p.name, sha, prefer_language)
    elif head.startswith(b"{"):
        found = read_qsf(data, p.name, sha)
    else:
        raise InputError(ErrorCode.NOT_A_DEFINITION, file=p.name)
    return replace(found, path=str(p.resolve()))
