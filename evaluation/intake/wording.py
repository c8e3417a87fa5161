"""A statement read under another text: a column placed on a statement of a figure whose heading
is a sentence that is not the statement's text (nor holds it, as 'Vraag [rij]' headings do).

Whether the new text is the same statement decides its trend, so the user decides it once
(`spt-eval map --zelfde/--nieuw`, recorded in the codebook). Until then nothing reads the column
under the old text: not an alias, not a line in mapping.yaml, not the web page's choice.
"""

from __future__ import annotations

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, Question, normalise


def statements(codebook: Codebook) -> dict[str, Question]:
    """The statements a trend follows: single questions shown in a figure."""
    return {q.id: q for q in codebook.questions if q.type == "single" and q.figure}


def is_rewording(heading: str, q: Question) -> bool:
    """The heading is a sentence (three words or more) other than the statement's own text
    (label, short or id), and neither holds that text nor is a part of it."""
    head = normalise(heading)
    texts = [normalise(t) for t in (q.id, q.label, q.short or "") if t]
    if len(head.split()) < 3 or head in texts:
        return False
    return not any(t in head or head in t for t in texts if len(t.split()) >= 3)


def reworded_columns(codebook: Codebook, column_map: dict[str, str]) -> list[tuple[str, str]]:
    """(heading, statement id) for every column read as a statement under another text."""
    by_id = statements(codebook)
    return [
        (heading, col)
        for heading, col in column_map.items()
        if col in by_id and is_rewording(heading, by_id[col])
    ]


def check_wording(codebook: Codebook, column_map: dict[str, str], source: str) -> None:
    """Stop (one Dutch line) when a statement would be read under a text nobody decided on."""
    found = reworded_columns(codebook, column_map)
    if not found:
        return
    heading, qid = found[0]
    raise InputError(
        ErrorCode.STATEMENT_REWORDED if len(found) == 1 else ErrorCode.STATEMENTS_REWORDED,
        file=source,
        question=qid,
        heading=heading,
        label=codebook.question(qid).label,
        others=len(found) - 1,
    )
