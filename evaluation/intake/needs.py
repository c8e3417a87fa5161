"""What `map` needs before it places anything, from its proposals: a full-text export for
headings cut short, the tool's questionnaire file for answer codes or question codes, or the
second heading row a SurveyMonkey export lost."""

from __future__ import annotations

from evaluation.errors import InputError
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
