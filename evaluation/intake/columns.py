"""Match a file's columns to the codebook by id, label or alias."""

from __future__ import annotations

import re

from evaluation.inputs.codebook import Codebook, normalise
from evaluation.intake.result import ID, SPT


def match_key(text: object) -> str:
    """A looser key than `normalise`: punctuation becomes a space ('O&O-fonds' ~ 'o o fonds')."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalise(text)).split())


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
                for head in {q.id, q.label, q.title, *q.aliases}:
                    add(col, f"{head} {label}", f"{head} {col}")
        else:
            add(q.id, q.id, q.label, q.short, *q.aliases)
    # A column's own id always wins; other ambiguous keys are dropped.
    own = {match_key(c): c for c in (*codebook.column_question(), ID, SPT)}
    out = {k: next(iter(v)) for k, v in names.items() if len(v) == 1}
    out.update(own)
    return out


def match_columns(
    raw_columns: list[str], codebook: Codebook, alt_names: dict[str, list[str]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map file columns to codebook columns; return (column_map, unknown columns)."""
    keys = column_keys(codebook)
    alt_names = alt_names or {}
    column_map: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for raw in raw_columns:
        target = None
        for name in (raw, *alt_names.get(raw, [])):
            target = keys.get(match_key(name))
            if target:
                break
        if target is None or target in taken:
            unknown.append(raw)
            continue
        taken.add(target)
        column_map[raw] = target
    return column_map, unknown
