"""The survey tool's own questionnaire file (.lss, .qsf, .sav labels) beside an export: its
columns and answer codes placed by equal texts and saved in mapping.yaml, the step
`map --survey-file` takes, for the web page (its refusals name no command)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evaluation.definitions.match import DefinitionMapping, match_definition
from evaluation.definitions.read import read_definition
from evaluation.errors import InputError
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.intake.readers import read_table
from evaluation.routine.mapping import write_definition_mapping

DEFINITIONS = {".lss", ".qsf", ".sav"}


def column_values(raw) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Per column the distinct non-empty cells as read, and an SPSS column's label -> code."""
    values = {}
    for c in raw.columns:
        used = np.unique(raw.codes[c])
        values[c] = {str(raw.uniques[c][i]).strip() for i in used if i >= 0} - {""}
    return values, {c: dict(v) for c, v in raw.value_codes.items()}


def place_by_definition(
    export: Path, definition: Path, codebook: Codebook, register: Register
) -> DefinitionMapping:
    """Place the export's columns and answer codes by the definition and save them beside the
    codebook; InputError (Dutch) when the definition does not fit the codebook or the export."""
    d = read_definition(definition, codebook.language)
    raw = read_table(export, codebook, any_sheet=True)
    values, label_codes = column_values(raw)
    found = match_definition(d, codebook, register, raw.columns, values, label_codes)
    if found.problems:
        more = len(found.problems) - 1
        raise InputError(
            f"de vragenlijst {d.file_name} past niet bij het codeboek: {found.problems[0]}"
            + (f" (en {more} andere)" if more else "")
            + "; er is niets opgeslagen"
        )
    if not found.placed and found.not_in_codebook:
        raise InputError(
            f"geen enkele vraag van {d.file_name} heeft de tekst van een vraag in het codeboek"
            + (f" (gelezen in taal '{d.language}')" if d.language else "")
            + "; staat de enquête in de taal van het codeboek, of hoort er een andere "
            "enquêtemap bij?"
        )
    if not found.placed:
        raise InputError(
            f"geen enkele kolom van {export.name} komt in de vragenlijst {d.file_name} voor; "
            "hoort de vragenlijst bij deze export?"
        )
    write_definition_mapping(codebook, found, export.name)
    return found
