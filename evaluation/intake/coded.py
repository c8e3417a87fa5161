"""Answer codes read through the survey definition (mapping.yaml's `answers`): a code export's
cell becomes the codebook's code before the usual checks; a code the definition does not list
is an item fault, never read as the codebook's own code of the same number."""

from __future__ import annotations

import math

from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import match_key
from evaluation.intake.reasons import Code, Fault
from evaluation.tables.raw import raw_text


def answer_codes(codebook: Codebook, raw_name: str) -> dict[str, int | str | None] | None:
    """The answer codes mapping.yaml gives for this file column, if any."""
    if not codebook.answer_codes:
        return None
    wanted = match_key(raw_name)
    for heading, codes in codebook.answer_codes.items():
        if heading == raw_name or match_key(heading) == wanted:
            return codes
    return None


def through_codes(resolve, codes: dict[str, int | str | None], source: str):
    """A resolver that first turns the file's answer code into the codebook's (an SPSS file's
    label is looked up by its code, the reader's fallback)."""

    def resolved(raw: object, fallback: str | None = None):
        text = raw_text(raw).strip()
        if not text:
            return resolve(raw, None)
        found = text if text in codes else fallback if fallback in codes else None
        if found is None:
            return math.nan, None, Fault(Code.UNDEFINED_CODE, {"value": text, "source": source})
        value = codes[found]
        if value is None:  # the tool's 'not answered' code
            return math.nan, None, None
        return resolve(value, None)

    return resolved
