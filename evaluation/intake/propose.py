"""Propose a codebook column for every column of an export the codebook does not match yet.

First by text (the heading and the tool's question text against every question and item text),
then by the answers: a column whose answers all fit a question's scale is proposed for the first
such question not yet taken, in questionnaire order (an export in the order of the
questionnaire places its code headings so). Each proposal has a score and the runner-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.intake.answers import _Resolver
from evaluation.intake.cells import parse_number
from evaluation.intake.columns import match_columns, match_key
from evaluation.intake.multiselect import expand_joined
from evaluation.intake.profiles import prepare
from evaluation.intake.result import ID, SPT
from evaluation.intake.table import _Raw

TEXT_SCORE = 0.75  # a heading this similar to one text (and clearly more than to the next)
BY_ANSWERS = 0.5  # the score of a proposal made from the answers and the order


@dataclass(frozen=True)
class Proposal:
    """One unmatched file column: the proposed codebook column (None: cannot place) and why."""

    column: str
    target: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    basis: str  # 'tekst' or 'antwoorden en volgorde'; the reason when target is None


def _texts(codebook: Codebook) -> dict[str, list[str]]:
    """Every codebook column -> the texts a heading could be."""
    out = {
        ID: [ID, codebook.respondent_id.label, *codebook.respondent_id.aliases],
        SPT: [SPT, codebook.service_point.label, *codebook.service_point.aliases],
    }
    for q in codebook.questions:
        for col, label in q.columns().items():
            texts = [col, label, *q.item_aliases.get(col, [])]
            if q.items:
                texts += [f"{q.label} {label}", f"{q.title} {label}"]
            else:
                texts += [q.title, *q.aliases]
            out[col] = texts
    return {col: list({match_key(t) for t in texts}) for col, texts in out.items()}


def _by_text(names: list[str], texts: dict[str, list[str]], free: set[str]):
    """The two free codebook columns whose texts are most like the column's names."""
    keys = [match_key(n) for n in names]
    top: list[tuple[float, str | None]] = [(0.0, None), (0.0, None)]
    matcher = SequenceMatcher(None)
    for col, ts in texts.items():
        if col not in free:
            continue
        best = 0.0
        for t in ts:
            matcher.set_seq2(t)  # the costly side, prepared once per text
            for k in keys:
                matcher.set_seq1(k)
                floor = max(best, top[1][0])
                if matcher.real_quick_ratio() > floor and matcher.quick_ratio() > floor:
                    best = max(best, matcher.ratio())
        if best > top[1][0]:
            top = sorted([*top, (best, col)], key=lambda sc: -sc[0])[:2]
    return top


class _Fits:
    """Whether every answer of a column fits a codebook column's scale or kind."""

    def __init__(self, codebook: Codebook, register: Register) -> None:
        self.questions = codebook.column_question()
        self.spts = {match_key(k) for k in register.lookup()}
        self.resolvers = {
            q.id: _Resolver(codebook.scale_of(q)).resolve
            for q in codebook.questions
            if q.type in ("single", "multi")
        }

    def __call__(self, values: list[str], col: str, fallback: dict[str, str]) -> bool:
        if col == SPT:
            return all(match_key(v) in self.spts for v in values)
        if col == ID:
            return False
        q = self.questions[col]
        if q.type == "allocation":
            numbers = [parse_number(v.rstrip("%")) for v in values]
            return all(n is not None and 0 <= n <= float(q.total) for n in numbers)
        if q.type == "text":
            return any(len(v) > 20 for v in values)
        resolve = self.resolvers[q.id]
        return all(resolve(v, fallback.get(v))[2] is None for v in values)


def propose(raw: _Raw, codebook: Codebook, register: Register) -> list[Proposal]:
    """A proposal for every column neither the codebook nor mapping.yaml matches yet."""
    prepared = prepare(raw)
    column_map, unknown = match_columns(raw.columns, codebook, raw.alt_names, prepared.metadata)
    unknown = expand_joined(raw, codebook, column_map, unknown)
    taken = set(column_map.values()) | ({ID} if "id" in prepared.roles else set())
    texts = _texts(codebook)
    fits = _Fits(codebook, register)
    order = [ID, SPT, *codebook.column_question()]
    out: list[Proposal] = []
    rest: list[str] = []
    for column in unknown:
        names = [column, *raw.alt_names.get(column, [])]
        (s1, c1), (s2, c2) = _by_text(names, texts, set(order) - taken)
        if c1 is not None and s1 >= TEXT_SCORE and s1 - s2 >= 0.05:
            taken.add(c1)
            out.append(Proposal(column, c1, s1, c2, s2, "tekst"))
        else:
            rest.append(column)
    for column in rest:
        values = sorted({str(u).strip() for u in raw.uniques[column]} - {""})
        fallback = raw.value_codes.get(column, {})
        if not values:
            out.append(Proposal(column, None, 0.0, None, 0.0, "de kolom is leeg"))
            continue
        filled = int((raw.codes[column] >= 0).sum())
        if ID not in taken and filled == raw.rows > 1 and len(values) == filled:
            taken.add(ID)  # a value in every row, each once: the respondent number
            out.append(Proposal(column, ID, BY_ANSWERS, None, 0.0, "elke waarde één keer"))
            continue
        fitting = []
        for c in order:  # the first two that fit are enough
            if c not in taken and fits(values, c, fallback):
                fitting.append(c)
                if len(fitting) == 2:
                    break
        if not fitting:
            reason = "de antwoorden passen bij geen vraag die nog vrij is"
            out.append(Proposal(column, None, 0.0, None, 0.0, reason))
            continue
        taken.add(fitting[0])
        second = fitting[1] if len(fitting) > 1 else None
        basis = "antwoorden en volgorde"
        out.append(
            Proposal(column, fitting[0], BY_ANSWERS, second, BY_ANSWERS if second else 0.0, basis)
        )
    position = {c: i for i, c in enumerate(raw.columns)}
    return sorted(out, key=lambda p: position.get(p.column, len(position)))


def label_of(codebook: Codebook, column: str) -> str:
    """A codebook column's text for the user."""
    if column == ID:
        return codebook.respondent_id.label
    if column == SPT:
        return codebook.service_point.label
    q = codebook.column_question()[column]
    return f"{q.title}: {q.items[column]}" if q.items else q.title
