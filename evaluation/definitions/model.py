"""What a survey definition says about each export column: names, texts, kind, answer labels."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


class _Text(HTMLParser):
    """Collects the text of an HTML fragment; script and style contents are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "li", "td", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("p", "div", "li", "td", "tr"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(text: object) -> str:
    """The text a respondent sees: HTML tags and scripts removed, entities (&nbsp;) resolved,
    spaces collapsed. Case and accents are kept (matching folds them later)."""
    raw = "" if text is None else str(text)
    if "<" in raw or "&" in raw:
        parser = _Text()
        parser.feed(raw)
        parser.close()
        raw = html.unescape("".join(parser.parts))
    return " ".join(raw.replace("\u00a0", " ").split())
