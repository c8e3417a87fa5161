"""Match a file's columns to the codebook by id, label or alias, item texts and mapping.yaml."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, normalise, remember_short
from evaluation.intake.result import ID, SPT


@remember_short
def match_key(text: str) -> str:
    """A looser key than `normalise`: punctuation becomes a space ('O&O-fonds' ~ 'o o fonds')."""
    return " ".join(_PUNCTUATION.sub(" ", normalise(text)).split())


_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def column_keys(codebook: Codebook) -> dict[str, str]:
    """Every accepted name of a codebook column (id, label, aliases) -> that column.

    Item labels shared by two questions (e.g. 'UWV', 'Weet niet') are only accepted together
    with their question ('gebruikers: UWV'); a key that would point at two columns is dropped.
    """
    names: dict[str, set[str]] = {}

    def add(col: str, *texts: str | None) -> None:
        for t in texts:
            if t:
                names.setdefault(match_key(t), set()).add(col)

    for special in (codebook.respondent_id, codebook.service_point):
        add(special.id, special.id, special.label, *special.aliases)
    for q in codebook.questions:
        if q.items:
            for col, label in q.items.items():
                add(col, col, label)
                for alias in q.item_aliases.get(col, []):
                    add(col, alias)
                for head in {q.id, q.label, q.title, *q.aliases}:
                    add(col, f"{head} {label}", f"{head} {col}")
                    for alias in q.item_aliases.get(col, []):
                        add(col, f"{head} {alias}")
        else:
            add(q.id, q.id, q.label, q.short, *q.aliases)
    # A column's own id always wins; other ambiguous keys are dropped.
    own = {match_key(c): c for c in (*codebook.column_question(), ID, SPT)}
    out = {k: next(iter(v)) for k, v in names.items() if len(v) == 1}
    out.update(own)
    return out


SPLITS = (  # DOTALL: a heading wrapped in its cell (a line break) is split as on one line
    # '[rij] Vraag': LimeSurvey's SPSS, R and Stata exports label a subquestion so
    re.compile(r"^\[(?P<item>[^\[\]]+)\]\s*(?P<head>\S.*)$", re.DOTALL),
    re.compile(r"^(?P<head>.*\S)\s*\[(?P<item>[^\[\]]+)\]\s*$", re.DOTALL),  # 'Vraag [rij]'
    re.compile(r"^(?P<head>.*\S)\s+-\s+(?P<item>(?:(?!\s-\s).)+?)\s*$", re.DOTALL),  # 'Vraag - rij'
    re.compile(r"^(?P<head>.*\S)\s*[.:]\s*(?P<item>[^.:]+?)\s*$", re.DOTALL),  # 'Vraag.rij'
)


def similarity(a: object, b: object) -> float:
    """Text similarity of two names after folding (0-1)."""
    return SequenceMatcher(None, match_key(a), match_key(b)).ratio()


def _item_candidates(codebook: Codebook) -> dict[str, list[tuple[str, list[str]]]]:
    """Key of an item or single-question text -> [(column, heads of its question)]."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for q in codebook.questions:
        heads = [h for h in {q.id, q.label, q.title, *q.aliases} if h]
        for col, label in q.columns().items():
            for text in {
                label,
                col,
                *q.item_aliases.get(col, []),
                *(q.aliases if not q.items else []),
            }:
                out.setdefault(match_key(text), []).append((col, heads))
    return out


MARGIN = 0.05  # a heading must be this much more like one question than like the next


def split_match(name: str, codebook: Codebook, candidates=None) -> str | None:
    """'Vraag [rij]' or 'Vraag - rij': the column whose text is the row; of several, the one
    whose question text is clearly (MARGIN) more like the heading than any other's: a row
    text two questions share ('Weet niet', 'Anders') is not placed by a hair's difference."""
    candidates = candidates if candidates is not None else _item_candidates(codebook)
    for pattern in SPLITS:
        m = pattern.match(name.strip())
        if not m:
            continue
        found = candidates.get(match_key(m["item"]), [])
        if len(found) == 1:
            return found[0][0]
        if found:
            scored = sorted(
                ((max(similarity(m["head"], h) for h in heads), col) for col, heads in found),
                reverse=True,
            )
            if scored[0][0] >= scored[1][0] + MARGIN:
                return scored[0][1]
    return None


def _refuse_shared_targets(raw_columns: list[str], mapped: dict[str, str]) -> None:
    """mapping.yaml may name one codebook column for headings of different years' exports,
    but two columns of one file mapped to the same codebook column cannot both be it: which
    one holds the answers is the user's to say, not the product's to pick."""
    first: dict[str, str] = {}
    for raw in raw_columns:
        target = mapped.get(match_key(raw))
        if target is None:
            continue
        if target in first:
            raise InputError(
                ErrorCode.MAPPING_TWO_COLUMNS, first=first[target], second=raw, target=target
            )
        first[target] = raw


def match_columns(
    raw_columns: list[str],
    codebook: Codebook,
    alt_names: dict[str, list[str]] | None = None,
    skip: list[str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Map file columns to codebook columns; return (column_map, unknown columns).

    mapping.yaml beside the codebook comes first, then id, label and aliases (also of the
    file's alternative names, e.g. question texts), then 'question [item]' forms. Columns in
    `skip` (the tool's metadata) are neither matched nor unknown.
    """
    keys = column_keys(codebook)
    candidates = _item_candidates(codebook)
    alt_names = alt_names or {}
    skipped = set(skip or [])
    column_map: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    mapped = {match_key(k): v for k, v in codebook.mapping.items()}
    # a codebook column mapping.yaml gives to a column of this file is that column's alone,
    # whatever comes earlier in the file (a tool's 'id' beside a mapped respondent number)
    reserved = {mapped[match_key(r)] for r in raw_columns if match_key(r) in mapped}
    _refuse_shared_targets(raw_columns, mapped)
    for raw in raw_columns:
        target = mapped.get(match_key(raw))
        if target is None and raw in skipped:
            continue
        blocked = reserved if target is None else set()
        names = (raw, *alt_names.get(raw, []))
        for name in names if target is None else ():
            target = keys.get(match_key(name))
            if target:
                break
        for name in names if target is None else ():
            target = split_match(name, codebook, candidates)
            if target:
                break
        if target is None or target in taken or target in blocked:
            unknown.append(raw)
            continue
        taken.add(target)
        column_map[raw] = target
    return column_map, unknown
