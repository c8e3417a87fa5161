"""Multi-select answers joined in one cell ('A, B', 'A;B;'): one column per item again.

A file column whose heading is a tick-box question of the codebook (one column per item) is
split by the item texts, longest first, so an item text with a comma in it stays whole. Text
that is no item of the question stays in the first item's column, where it is an item error.
"""

from __future__ import annotations

import numpy as np

from evaluation.inputs.codebook import Codebook, Question
from evaluation.intake.columns import match_key
from evaluation.tables.raw import RawTable, small_codes

TICKED = "ja"


def _tick_questions(codebook: Codebook) -> dict[str, Question]:
    """Key of every heading of a multi question with a ticked/unticked scale -> the question."""
    out: dict[str, Question] = {}
    for q in codebook.questions:
        if q.type != "multi":
            continue
        scale = codebook.scale_of(q)
        if set(scale.codes) != {0, 1}:
            continue
        for head in {q.id, q.label, q.title, *q.aliases}:
            out[match_key(head)] = q
    return out


def split_answer(text: str, q: Question) -> tuple[list[str], str]:
    """(item columns ticked, text left over) of one joined cell."""
    keys = []
    for col, label in (q.items or {}).items():
        for t in (label, col, *q.item_aliases.get(col, [])):
            if match_key(t):
                keys.append((match_key(t), col))
    rest = f" {match_key(text)} "
    ticked: list[str] = []
    for key, col in sorted(keys, key=lambda kc: -len(kc[0])):
        token = f" {key} "
        if col not in ticked and token in rest:
            ticked.append(col)
            rest = rest.replace(token, " ", 1)
    return ticked, rest.strip()


def _expand(raw: RawTable, column: str, q: Question) -> dict[str, str]:
    """Add one raw column per item of `q`; returns {new raw column: item column}."""
    items = list(q.items or {})
    per_unique = [split_answer(str(u), q) for u in raw.uniques[column]]
    added: dict[str, str] = {}
    for j, item in enumerate(items):
        name = f"{column} [{(q.items or {})[item]}]"
        uniques = [TICKED]
        lookup = np.full(len(per_unique) + 1, -1, dtype=np.int64)  # last entry: empty cell
        for u, (ticked, rest) in enumerate(per_unique):
            if j == 0 and rest:
                uniques.append(str(raw.uniques[column][u]))
                lookup[u] = len(uniques) - 1
            elif item in ticked:
                lookup[u] = 0
        raw.columns.append(name)
        raw.uniques[name] = uniques
        raw.codes[name] = small_codes(lookup[raw.codes[column]])
        added[name] = item
    return added


def _by_contents(raw: RawTable, column: str, heads: dict[str, Question], taken: set[str]):
    """The one tick-box question whose item texts make up every filled cell of the column,
    with two or more items in some cell (evidence from the answers, not the position)."""
    used = np.unique(raw.codes[column][raw.codes[column] >= 0])
    values = [str(raw.uniques[column][i]) for i in used.tolist()]
    values = [v for v in values if v.strip()]
    found = []
    for q in {id(q): q for q in heads.values()}.values():
        if not values or taken & set(q.items or {}):
            continue
        parts = [split_answer(v, q) for v in values]
        if all(t and not rest for t, rest in parts) and any(len(t) > 1 for t, _ in parts):
            found.append(q)
    return found[0] if len(found) == 1 else None


def expand_joined(
    raw: RawTable, codebook: Codebook, column_map: dict[str, str], unknown: list[str]
) -> list[str]:
    """Split unknown columns that hold a whole tick-box question; returns the new unknowns."""
    heads = _tick_questions(codebook)
    taken = set(column_map.values())
    still: list[str] = []
    for column in unknown:
        names = (column, *raw.alt_names.get(column, []))
        q = next((heads[match_key(n)] for n in names if match_key(n) in heads), None)
        q = q or _by_contents(raw, column, heads, taken)
        if q is None or taken & set(q.items or {}):
            still.append(column)
            continue
        added = _expand(raw, column, q)
        column_map.update(added)
        taken.update(added.values())
    return still
