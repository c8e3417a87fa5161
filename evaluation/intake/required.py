"""Questions a published figure needs: missing from the file, they stop the run (exit 2).

A statement of the satisfaction grade, a trait of table 2.2 and any question of a published
table or figure must be in the export, unless settings.yaml lists it under
`intake.may_be_missing`; then the method page says it is missing.
"""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.settings import IntakeRules


def needed_for(q: Question, codebook: Codebook) -> str | None:
    """What the question is needed for, in Dutch ('de tevredenheidsscore'), or None."""
    if q.type == "text":
        return None
    if q.id in codebook.satisfaction.items:
        return "het tevredenheidscijfer (figuur 2.1)"
    if q.trait:
        return "tabel 2.2 (kenmerken)"
    if q.figure:
        return f"figuur {q.figure}"
    if q.table:
        return f"tabel {q.table}" if q.table[:1].isdigit() else q.table
    return None


def absent_questions(codebook: Codebook, by_target: dict[str, str]) -> list[str]:
    """Ids of the questions a published figure needs that have no column in the file."""
    return [
        q.id
        for q in codebook.questions
        if needed_for(q, codebook) and not any(c in by_target for c in q.columns())
    ]


def check_required(
    codebook: Codebook, absent: list[str], rules: IntakeRules, source_path: str
) -> list[str]:
    """Ids of absent needed questions that settings.yaml allows; InputError for the others.

    Called by every run that publishes (the pipeline and `validate`), not by intake itself,
    so a partial file can still be checked row by row."""
    ids = {q.id for q in codebook.questions}
    unknown = [qid for qid in rules.may_be_missing if qid not in ids]
    if unknown:
        raise InputError(ErrorCode.MAY_BE_MISSING_UNKNOWN, question=unknown[0])
    allowed: list[str] = []
    problems: list[str] = []
    for q in codebook.questions:
        if q.id not in absent:
            continue
        why = needed_for(q, codebook)
        if q.id in rules.may_be_missing:
            allowed.append(q.id)
        else:
            problems.append(f"'{q.id}' ({q.title}) voor {why}")  # a list in the line
    if problems:
        name = Path(source_path).name or "het bestand"
        raise InputError(
            ErrorCode.QUESTION_ABSENT if len(problems) == 1 else ErrorCode.QUESTIONS_ABSENT,
            file=name,
            questions="; ".join(problems),
            path=source_path,
        )
    return allowed
