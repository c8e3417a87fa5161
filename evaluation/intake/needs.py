"""What `map` needs before it places anything, from its proposals: a full-text export for
headings cut short, the tool's questionnaire file for answer codes or question codes, or the
second heading row a SurveyMonkey export lost; and what it does not need (numbers that can be
no codebook question)."""

from __future__ import annotations

from dataclasses import replace

from evaluation.errors import InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.abbreviated import cut_error
from evaluation.intake.evidence import codes_error, headings_error, row_deleted_error
from evaluation.tables.raw import is_headless

TWO_HEADING_ROWS = {"SurveyMonkey"}  # tools whose export puts rows and options in a 2nd row


def needs_survey_file(proposals: list) -> InputError | None:
    """The error asking for what map needs before it places anything (from `propose`'s
    proposals): a full-text export for headings cut short, the questionnaire file for answer
    codes or question codes."""
    cut = [p.column for p in proposals if p.needs == "full-text"]
    if cut:
        return cut_error(next(p.tool for p in proposals if p.needs == "full-text"), cut)
    coded = [p.column for p in proposals if p.needs == "survey-file"]
    if not coded:
        heads = [p for p in proposals if p.needs == "heading-code"]
        return headings_error(heads[0].tool, [p.column for p in heads]) if heads else None
    tool = next(p.tool for p in proposals if p.needs == "survey-file")
    unnamed = [p.column for p in proposals if is_headless(p.column)]
    if tool in TWO_HEADING_ROWS and set(coded) & set(unnamed):  # its second row deleted
        return row_deleted_error(tool, unnamed)
    return codes_error(tool, coded)


def beyond_codebook(
    out: dict,
    unlike: dict[str, list[str]],
    codebook: Codebook,
    placed: dict[str, str],
    texts: list[str],
) -> dict:
    """The proposals of `unlike` (column -> its answers: numbers under a heading like no
    question) left unplaced, without asking for the questionnaire file, when the export writes
    answers as text: a column of a single-choice question is placed (`placed`: column ->
    target) by answers that are no codes (`texts`). A survey tool writes codes or texts for
    every question at once, so such numbers are an extra question of the survey (a wave, a
    count), left out as an extra text column is. Only when they can be no codebook column
    either: every percentage of an allocation is placed, and they are more than a tick (0/1).
    The SPT is no evidence of texts (a text question holds names in a code export too); a
    column without a heading stays asked (a deleted heading row, not an extra question)."""
    questions = codebook.column_question()
    single = {c for c, q in questions.items() if q.type == "single"}
    shares = {c for c, q in questions.items() if q.type == "allocation"}
    extra = [
        c
        for c, values in unlike.items()
        if not is_headless(c) and not {v.strip() for v in values} <= {"0", "1"}
    ]
    as_text = any(placed.get(c) in single for c in texts)
    if not extra or not as_text or not shares <= set(placed.values()):
        return {}
    why = (
        "alleen cijfers onder een kop die op geen vraag lijkt, in een export met de antwoorden "
        "als tekst: geen vraag van het codeboek"
    )
    return {c: replace(out[c], basis=why, needs="", tool="") for c in extra}
