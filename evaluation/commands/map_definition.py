"""`spt-eval map EXPORT --survey-file FILE`: place the export's columns and answer codes by the
survey tool's own questionnaire file, print the evidence, write mapping.yaml; rows with strong
test evidence are recorded in the same step (`map_rows`)."""

from __future__ import annotations

import argparse

from evaluation.commands.map_rows import rows_to_decide
from evaluation.definitions.match import EXACT
from evaluation.errors import visible
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import load_settings_for
from evaluation.intake.columns import match_columns
from evaluation.intake.profiles import prepare
from evaluation.intake.propose import label_of
from evaluation.intake.result import ID
from evaluation.routine.definition import match_export, refuse_unexplained, refuse_unfit
from evaluation.routine.mapping import write_definition_mapping
from evaluation.routine.rewording import (
    decision_year,
    question_line,
    record_decisions,
    reworded_in_definition,
)

SHOWN_CODES = 4  # answer codes printed per column (all of them are in mapping.yaml)


def may_be_absent(codebook: Codebook, absent: list[str]) -> list[str]:
    """Of the absent columns, those a run does without: an open-text answer, or a question the
    settings beside the codebook allow to be missing (asked in other years only)."""
    allowed = set(load_settings_for(codebook.source_path, None).intake.may_be_missing)
    questions = codebook.column_question()
    return [
        c
        for c in absent
        if c in questions and (questions[c].type == "text" or questions[c].id in allowed)
    ]


def run_definition(args: argparse.Namespace, codebook: Codebook, register: Register) -> int:
    found, raw = match_export(args.file, args.survey_file, codebook, register)
    asked = reworded_in_definition(codebook, found)
    if args.zelfde or args.nieuw:  # the decision is kept in the codebook; match again
        year = decision_year(codebook)
        codebook = record_decisions(codebook, asked, args.zelfde, args.nieuw, year)
        print(
            f"Vastgelegd in {visible(codebook.source_path)}: " + ", ".join(args.zelfde + args.nieuw)
        )
        found, raw = match_export(args.file, args.survey_file, codebook, register)
        asked = reworded_in_definition(codebook, found)
    prepared = prepare(raw)  # done once by match_export; this is its outcome
    d = found.definition
    print(
        visible(
            f"Vragenlijst '{d.file_name}' ({d.tool}, {d.version}"
            + (f", taal {d.language}" if d.language else "")
            + f"; SHA-256 {d.sha256[:12]}…); een kolom is gekoppeld als de tekst van zijn "
            "vraag en zijn antwoorden gelijk is aan die in het codeboek:"
        )
    )
    if found.problems:
        for problem in found.problems:
            print(visible(f"  - {problem}"))
    refuse_unfit(found, d, args.file.name)
    for p in found.placed:
        shown = ", ".join(
            f"{code} = {p.source.answers.get(code, code) if v is not None else 'niet beantwoord'}"
            for code, v in list(p.codes.items())[:SHOWN_CODES]
        )
        if len(p.codes) > SHOWN_CODES:
            shown += f", … ({len(p.codes)} codes)"
        print(
            visible(
                f"  {p.column} -> {p.target} ({label_of(codebook, p.target)}"
                + ("" if p.evidence == EXACT else f"; {p.evidence}")
                + ")"
                + (f": {shown}" if shown else "")
            )
        )
    for line in found.not_in_codebook:
        print(visible(f"  niet in het codeboek, niet gekoppeld: {line}"))
    for r in asked:  # a new text is asked about, never mapped under the old one
        print(visible(question_line(r, "de vragenlijst")))
    for line in d.skipped:
        print(visible(f"  vraagtype niet ondersteund, niet gekoppeld: {line}"))
    path, mapped = write_definition_mapping(codebook, found, args.file.name, raw.sha256)
    codes = sum(len(p.codes) for p in found.placed)
    print(
        visible(
            f"Geschreven naar {path}: {len(found.placed)} kolommen en {codes} antwoordcodes, "
            "met naam en SHA-256 van de vragenlijst; validate, analyse en report gebruiken het."
        )
    )
    column_map, _ = match_columns(raw.columns, mapped, raw.alt_names, prepared.metadata)
    refuse_unexplained(raw, mapped, {r.question for r in asked}, d.file_name)
    present = set(column_map.values()) | ({ID} if "id" in prepared.roles else set())
    wanted = (ID, mapped.service_point.id, *mapped.column_question())
    absent = [c for c in wanted if c not in present]
    allowed = may_be_absent(codebook, absent)
    if allowed:
        print(
            f"{len(allowed)} kolommen ontbreken en mogen ontbreken (open tekst, of een vraag "
            "onder intake.may_be_missing in settings.yaml): "
            + ", ".join(allowed[:8])
            + (" …" if len(allowed) > 8 else "")
        )
    absent = [c for c in absent if c not in allowed and c not in {r.question for r in asked}]
    if absent:
        print(
            f"{len(absent)} kolommen van het codeboek staan niet in de export: "
            + ", ".join(absent[:8])
            + (" …" if len(absent) > 8 else "")
        )
    # giving the survey file is the user's one step: rows with strong test evidence with it
    open_rows = rows_to_decide(args.file, mapped, register, {}, accept=True)
    return 1 if absent or open_rows or asked else 0
