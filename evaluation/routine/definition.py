"""The survey tool's own questionnaire file (.lss, .qsf, .sav labels) beside an export: its
columns and answer codes placed by equal texts and saved in mapping.yaml, the step
`map --survey-file` takes, for the web page (its refusals name no command)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evaluation.definitions.match import DefinitionMapping, match_definition
from evaluation.definitions.model import SurveyDefinition
from evaluation.definitions.read import read_definition
from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.intake.columns import match_columns
from evaluation.intake.evidence import coded_columns
from evaluation.intake.profiles import prepare
from evaluation.intake.readers import read_table
from evaluation.routine.mapping import write_definition_mapping
from evaluation.routine.rewording import reworded_in_definition
from evaluation.tables.raw import RawTable

DEFINITIONS = {".lss", ".qsf", ".sav"}


def column_values(raw) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Per column the distinct non-empty answers, and an SPSS column's label -> code. The tool's
    heading rows (Qualtrics' question texts and ImportIds, SurveyMonkey's second row) are set
    aside first: they are headings, not answers (`prepare` does so once, in place)."""
    prepare(raw)
    values = {}
    for c in raw.columns:
        used = np.unique(raw.codes[c])
        values[c] = {str(raw.uniques[c][i]).strip() for i in used if i >= 0} - {""}
    return values, {c: dict(v) for c, v in raw.value_codes.items()}


def match_export(
    export: Path, definition: Path, codebook: Codebook, register: Register
) -> tuple[DefinitionMapping, RawTable]:
    """The export's columns and answer codes placed by the definition (nothing saved), and the
    export as read: its tool's heading rows taken off first (they are no answers), and the
    texts they hold checked against the definition's."""
    d = read_definition(definition, codebook.language)
    raw = read_table(export, codebook, any_sheet=True)
    prepare(raw)
    values, label_codes = column_values(raw)
    found = match_definition(d, codebook, register, raw.columns, values, label_codes, raw.alt_names)
    return found, raw


def place_by_definition(
    export: Path, definition: Path, codebook: Codebook, register: Register
) -> DefinitionMapping:
    """Place the export's columns and answer codes by the definition and save them beside the
    codebook; InputError (Dutch) when the definition does not fit the codebook or the export."""
    found, raw = match_export(export, definition, codebook, register)
    d = found.definition
    refuse_unfit(found, d, export.name)
    _, mapped = write_definition_mapping(codebook, found, export.name, raw.sha256)
    pending = {r.question for r in reworded_in_definition(codebook, found)}
    refuse_unexplained(raw, mapped, pending, d.file_name)
    return found


def refuse_unfit(found: DefinitionMapping, d: SurveyDefinition, export_name: str) -> None:
    """InputError when the definition does not fit the codebook or the export (before
    mapping.yaml is written): its first problem, or that it places nothing."""
    if found.problems:
        more = len(found.problems) - 1
        if more:
            raise InputError(ErrorCode.DEFINITION_UNFIT_MORE, problem=found.problems[0], more=more)
        raise InputError(ErrorCode.DEFINITION_UNFIT, problem=found.problems[0])
    if not found.placed and found.not_in_codebook:
        if d.language:
            raise InputError(
                ErrorCode.DEFINITION_NO_QUESTION_IN, file=d.file_name, language=d.language
            )
        raise InputError(ErrorCode.DEFINITION_NO_QUESTION, file=d.file_name)
    if not found.placed:
        raise InputError(ErrorCode.DEFINITION_NO_COLUMN, export=export_name, file=d.file_name)


def refuse_unexplained(raw: RawTable, mapped: Codebook, pending: set[str], file_name: str) -> None:
    """InputError when, with the survey file's mapping saved, a column found by its heading
    text still holds the tool's answer codes (a heading two of the file's questions claim, or
    one it lacks): validate would ask for the survey file again, so the step says what helps.
    Columns of a statement whose new text awaits the user's decision (`pending`) are asked."""
    prepared = prepare(raw)
    column_map, _ = match_columns(raw.columns, mapped, raw.alt_names, prepared.metadata)
    coded = coded_columns(raw, mapped, column_map, prepared.profile.name)
    coded = [c for c in coded if column_map.get(c) not in pending]
    if coded:
        first = ", ".join(f"'{c}'" for c in coded[:3]) + (", ..." if len(coded) > 3 else "")
        raise InputError(
            ErrorCode.DEFINITION_LEAVES_CODES, count=len(coded), columns=first, file=file_name
        )
