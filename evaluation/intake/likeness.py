"""How like a heading is to the codebook's texts: every text a heading could be per codebook
column, the two most similar free columns, and a codebook text held whole inside a heading.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import match_key
from evaluation.intake.result import ID, SPT


def codebook_texts(codebook: Codebook) -> dict[str, list[str]]:
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


def most_like(names: list[str], texts: dict[str, list[str]], free: set[str]):
    """The two free codebook columns whose texts are most like the column's names."""
    keys = [match_key(n) for n in names]
    top: list[tuple[float, str | None]] = [(0.0, None), (0.0, None)]
    matcher = SequenceMatcher(None)
    for col, ts in texts.items():
        if col not in free:
            continue
        best = 0.0
        for t in ts:
            matcher.set_seq2(t)
            for k in keys:
                matcher.set_seq1(k)
                floor = max(best, top[1][0])
                if matcher.real_quick_ratio() > floor and matcher.quick_ratio() > floor:
                    best = max(best, matcher.ratio())
        if best > top[1][0]:
            top = sorted([*top, (best, col)], key=lambda sc: -sc[0])[:2]
    return top


def contained_text(names: list[str], texts: dict[str, list[str]], free: set[str]) -> str | None:
    """The one free column whose text (two words or more) the heading holds whole."""
    keys = [f" {match_key(n)} " for n in names]
    found = {
        col
        for col, ts in texts.items()
        if col in free
        for t in ts
        if len(t.split()) >= 2 and any(f" {t} " in k for k in keys)
    }
    return found.pop() if len(found) == 1 else None
