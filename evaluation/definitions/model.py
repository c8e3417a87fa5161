"""What a survey definition says about each export column: names, texts, kind, answer labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluation.tables.html_text import plain_text

# What a column holds: a code with a label ('choice'), a ticked box ('checkbox'; its one code
# means 'ticked'), a number, free text, or (an SPSS variable without labels) not known.
KINDS = ("choice", "checkbox", "number", "text", "unknown")
YES = "Yes"  # the label a survey tool gives a ticked box or a 'Y' answer (matched like any label)


@dataclass(frozen=True)
class DefColumn:
    """One column an export of the survey can have, as the definition file describes it."""

    code: str  # the question's code in the tool (LimeSurvey title, Qualtrics export tag)
    names: tuple[str, ...]  # the headings the tool writes for it, most usual first
    question: str  # the question text as the tool shows it (plain text)
    item: str = ""  # the subquestion, statement or choice text ('' for a one-column question)
    kind: str = "text"
    answers: dict[str, str] = field(default_factory=dict)  # answer code -> label, in order
    not_answers: tuple[str, ...] = ()  # codes the file itself declares missing (SPSS)
    # a code the file gives two different texts (two answers with one code, two choices
    # recoded to one value): which of the two an export means cannot be known
    twice: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SurveyDefinition:
    """A whole questionnaire file: which tool and version, its language, its columns."""

    tool: str  # 'LimeSurvey', 'Qualtrics', 'SPSS'
    file_name: str
    sha256: str
    version: str  # e.g. 'DBVersion 366 (LimeSurvey 3)'
    language: str
    columns: list[DefColumn]
    skipped: list[str] = field(default_factory=list)  # questions of a kind that has no mapping
    path: str = ""  # where it was read (recorded, so a run can see that it changed since)


def answer_table(
    pairs: list[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Answer code -> plain label in the file's order, and each code the file lists again with
    another label (-> both labels); the first label is kept, the second is never used."""
    answers: dict[str, str] = {}
    twice: dict[str, tuple[str, str]] = {}
    for code, label in pairs:
        text = plain_text(label)
        if code not in answers:
            answers[code] = text
        elif answers[code] != text:
            twice.setdefault(code, (answers[code], text))
    return answers, twice
