"""A statement asked with a new text: find it among `map`'s proposals, and record the user's
decision once in the codebook (`label` becomes the new text, the old one goes to
`earlier_wordings` with `same_statement`), so every later run and trend reads the same rule.

Until the user decides, the column is not written to mapping.yaml: a run under the old text
would continue the trend without anyone having said it is the same statement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from evaluation.definitions.match import DefinitionMapping, labels_fit
from evaluation.definitions.model import plain_text
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.inputs.codebook import Codebook, load_codebook
from evaluation.inputs.settings import load_settings
from evaluation.intake.columns import match_columns
from evaluation.intake.likeness import codebook_texts, most_like
from evaluation.intake.propose import TEXT_SCORE, Proposal
from evaluation.intake.wording import is_rewording, new_text, reworded_columns, statements
from evaluation.limits import read_yaml_text
from evaluation.safe_files import write_bytes


@dataclass(frozen=True)
class Rewording:
    """A file column placed on a statement whose codebook text it does not carry."""

    column: str
    question: str
    old: str
    text: str = ""  # the new text, when the tool wrote it under the heading (else the heading)

    @property
    def new(self) -> str:
        """The statement's text in the export."""
        return self.text or self.column


def reworded(
    codebook: Codebook,
    proposals: list[Proposal],
    raw=None,
    matched: dict | None = None,
    texts: dict[str, list[str]] | None = None,
) -> list[Rewording]:
    """The columns placed on a statement of a figure under another text: by a proposal, or
    (with the table `raw`, or the intake's column map `matched`) already by an alias or a line
    in mapping.yaml. A column none of whose names (heading, `texts` its tool wrote under it)
    carries the statement's text."""
    by_id = statements(codebook)
    texts = dict(raw.alt_names) if raw is not None else (texts or {})
    found = []
    for p in proposals:
        if p.target in by_id:
            text = new_text([p.column, *texts.get(p.column, [])], by_id[p.target])
            if text is not None:
                found.append(Rewording(p.column, p.target, by_id[p.target].label, text))
    if raw is not None and matched is None:
        matched, _ = match_columns(list(raw.columns), codebook, raw.alt_names)
    if matched is not None:
        found += [
            Rewording(heading, qid, by_id[qid].label, text)
            for heading, qid, text in reworded_columns(codebook, matched, texts)
        ]
    return found


def reworded_in_definition(codebook: Codebook, found: DefinitionMapping) -> list[Rewording]:
    """Statements of the survey file under a text that is no codebook text, each placed on the
    one statement of a figure that no column took by the rule `map` proposes a heading by: its
    text like that statement's (as `propose` scores a heading), or its answers the labels of
    exactly one free question. Asked about, never mapped, until the user decides."""
    by_id = statements(codebook)
    scaled = {q.id: q for q in codebook.questions if q.type == "single" and not q.items}
    free = set(scaled) - {p.target for p in found.placed}
    texts = codebook_texts(codebook)
    out = []
    for _, c in found.unplaced:
        text = plain_text(c.item or c.question)
        fitting = [k for k in sorted(free) if labels_fit(c, codebook.scale_of(scaled[k]))]
        (s1, like), (s2, _) = most_like([text], texts, free)
        if like is None or s1 < TEXT_SCORE or s1 - s2 < 0.05:
            like = fitting[0] if len(fitting) == 1 else None
        if like in by_id and like in fitting and is_rewording(text, by_id[like]):
            out.append(Rewording(text, like, by_id[like].label))
            free.discard(like)
    return out


def decision_year(codebook: Codebook) -> int:
    """The year a new text is first asked: `year` in settings.yaml beside the codebook (never
    the built-in default, which would date the change wrongly)."""
    settings = Path(codebook.source_path).parent / "settings.yaml"
    if not settings.is_file():
        raise InputError(ErrorCode.NO_SETTINGS_YEAR, codebook=str(codebook.source_path))
    return load_settings(settings).year


def decide_rewording(
    codebook: Codebook, found: list[Rewording], qid: str, same: bool, year: int | None = None
) -> Codebook:
    """One statement decided (the run page's buttons): the same statement or a new one, first
    asked in `year` (the run's year; without it, the survey folder's settings say it)."""
    year = year if year is not None else decision_year(codebook)
    return record_decisions(codebook, found, [qid] if same else [], [] if same else [qid], year)


def question_line(r: Rewording, where: str = "de export") -> str:
    """What `map` asks about one rewording (found in `where`), in Dutch."""
    return (
        f"Stelling '{r.question}' staat in {where} met een andere tekst: '{r.new}' "
        f"(codeboek: '{r.old}'). Is het dezelfde stelling? Draai map opnieuw met "
        f"--zelfde {r.question} (de trend loopt door, met een voetnoot over de nieuwe tekst) of "
        f"--nieuw {r.question} (een nieuwe stelling: de trend begint opnieuw)."
    )


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _rewrite(text: str, qid: str, new: str, old: str, year: int, same: bool) -> str:
    """The codebook text with the question's label replaced and the old text recorded."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, s in enumerate(lines) if re.fullmatch(rf"\s*- id: {re.escape(qid)}\s*", s)),
        None,
    )
    if start is None:
        raise InputError(ErrorCode.QUESTION_NOT_ON_OWN_LINE, question=qid)
    indent = len(lines[start]) - len(lines[start].lstrip()) + 2
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < indent
        ),
        len(lines),
    )
    pad = " " * indent
    body = lines[start + 1 : end]
    at = next(i for i, s in enumerate(body) if s.startswith(f"{pad}label:"))
    stop = at + 1
    while stop < len(body) and (not body[stop].strip() or body[stop].startswith(pad + " ")):
        stop += 1  # a label written over several lines
    body[at:stop] = [f"{pad}label: {_quoted(new)}\n"]
    entry = (
        f"{pad}  - {{text: {_quoted(old)}, changed_in: {year}, "
        f"same_statement: {'true' if same else 'false'}}}\n"
    )
    block = next((i for i, s in enumerate(body) if s.startswith(f"{pad}earlier_wordings:")), None)
    if block is None:
        body[at + 1 : at + 1] = [f"{pad}earlier_wordings:\n", entry]
    else:
        last = block + 1
        while last < len(body) and body[last].startswith(pad + "  "):
            if not same:  # another statement now: no earlier text is the same as this one
                body[last] = body[last].replace("same_statement: true", "same_statement: false")
            last += 1
        body[last:last] = [entry]
    return "".join(lines[: start + 1] + body + lines[end:])


def record_decisions(
    codebook: Codebook, found: list[Rewording], same: list[str], new: list[str], year: int
) -> Codebook:
    """Write each decided rewording into the codebook (kept as it was if it no longer reads)."""
    by_question = {r.question: r for r in found}
    for qid in (*same, *new):
        if qid not in by_question:
            q = next((q for q in codebook.questions if q.id == qid), None)
            done = [w for w in (q.earlier_wordings if q else []) if w.changed_in == year]
            if done:  # decided for this year already (map run again with its answer)
                what = "dezelfde stelling" if done[-1].same_statement else "een nieuwe stelling"
                raise InputError(ErrorCode.ALREADY_DECIDED, question=qid, year=year, decision=what)
            raise InputError(ErrorCode.NOT_REWORDED, question=qid)
    if set(same) & set(new):
        raise InputError(ErrorCode.SAME_AND_NEW)
    path = Path(codebook.source_path)
    text = read_yaml_text(path, "codeboek")
    before = text.encode("utf-8")
    for qid in (*same, *new):
        r = by_question[qid]
        text = _rewrite(text, qid, r.new, r.old, year, qid in same)
    try:
        write_bytes(path, text.encode("utf-8"))
        return load_codebook(path)
    except OSError as exc:
        write_bytes(path, before)
        raise InputError(ErrorCode.NOT_WRITTEN, file=str(path), reason=os_reason(exc)) from None
    except InputError:
        write_bytes(path, before)
        raise
