"""A statement read under another text: a column placed on a statement of a figure whose heading
is a sentence that is not the statement's text (nor holds it, as 'Vraag [rij]' headings do).

Whether the new text is the same statement decides its trend, so the user decides it once
(`spt-eval map --zelfde/--nieuw`, recorded in the codebook). Until then nothing reads the column
under the old text: not an alias, not a line in mapping.yaml, not the web page's choice.
"""

from __future__ import annotations

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, Question, normalise
from evaluation.intake.abbreviated import is_cut


def statements(codebook: Codebook) -> dict[str, Question]:
    """The statements a trend follows: single questions shown in a figure."""
    return {q.id: q for q in codebook.questions if q.type == "single" and q.figure}


def _carries(heading: str, q: Question) -> bool:
    """The heading is the statement's own text (label, short or id), holds it or is part of it."""
    head = normalise(heading)
    texts = [normalise(t) for t in (q.id, q.label, q.short or "") if t]
    return head in texts or any(t in head or head in t for t in texts if len(t.split()) >= 3)


def is_rewording(heading: str, q: Question) -> bool:
    """The heading is a sentence (three words or more) other than the statement's own text
    (label, short or id), and neither holds that text nor is a part of it."""
    return len(normalise(heading).split()) >= 3 and not _carries(heading, q)


def new_text(names: list[str], q: Question) -> str | None:
    """The new text of a statement a column is read as, or None when it is no rewording. The
    heading (`names[0]`) is what says so, as before; the texts its tool wrote under it
    (`names[1:]`: SurveyMonkey's second row under a matrix question's text) can only clear
    it, when one carries the statement's text, or name the new text more exactly (the last
    sentence). A heading cut short ('..') is no new text: nobody can judge a text not read
    whole (such headings are placed by `abbreviated`, or the export is refused)."""
    heading = names[0]
    if not is_rewording(heading, q) or is_cut(heading) or any(_carries(n, q) for n in names):
        return None
    sentences = [n for n in names if is_rewording(n, q) and not is_cut(n)]
    return sentences[-1]


def reworded_columns(
    codebook: Codebook, column_map: dict[str, str], texts: dict[str, list[str]] | None = None
) -> list[tuple[str, str, str]]:
    """(heading, statement id, new text) for every column read as a statement under another
    text; `texts` holds per heading the texts its tool wrote under it."""
    by_id = statements(codebook)
    texts = texts or {}
    out = []
    for heading, col in column_map.items():
        if col in by_id:
            text = new_text([heading, *texts.get(heading, [])], by_id[col])
            if text is not None:
                out.append((heading, col, text))
    return out


def check_wording(
    codebook: Codebook,
    column_map: dict[str, str],
    source: str,
    texts: dict[str, list[str]] | None = None,
) -> None:
    """Stop (one Dutch line) when a statement would be read under a text nobody decided on."""
    found = reworded_columns(codebook, column_map, texts)
    if not found:
        return
    _, qid, heading = found[0]
    raise InputError(
        ErrorCode.STATEMENT_REWORDED if len(found) == 1 else ErrorCode.STATEMENTS_REWORDED,
        file=source,
        question=qid,
        heading=heading,
        label=codebook.question(qid).label,
        others=len(found) - 1,
    )
