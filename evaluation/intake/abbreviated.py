"""Headings a survey tool cut short ('In hoeverre ben.. [De werking van .. ]', LimeSurvey's
'abbreviated question text'): each cut part marked '..' is the beginning of a text, so a
heading names a codebook column only when exactly one free column's texts begin so.
"""

from __future__ import annotations

import re

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import match_key

CUT = re.compile(r"^(?P<text>.*?\S)\s*(\.\.|…)\s*$")  # a part the tool cut: ends in '..' or '…'
PARTS = re.compile(r"^(?P<head>.*?\S)\s*\[(?P<item>[^\[\]]+)\]\s*$")


def _part(text: str) -> tuple[str, bool]:
    """(folded text, whether it was cut)."""
    m = CUT.match(text.strip())
    return (match_key(m["text"]), True) if m else (match_key(text), False)


def _fits(part: tuple[str, bool], texts: list[str]) -> bool:
    key, cut = part
    return any(t.startswith(key) if cut else t == key for t in texts if key)


def is_cut(name: str) -> bool:
    """The heading holds a part the tool cut short."""
    m = PARTS.match(name.strip())
    parts = (m["head"], m["item"]) if m else (name,)
    return any(CUT.match(p.strip()) for p in parts)


def abbreviated_target(
    names: list[str], codebook: Codebook, free: set[str]
) -> tuple[str | None, int]:
    """The one free codebook column a cut heading can be, and how many could be (0: none)."""
    for name in names:
        if not is_cut(name):
            continue
        m = PARTS.match(name.strip())
        head = _part(m["head"] if m else name)
        item = _part(m["item"]) if m else None
        found = set()
        for q in codebook.questions:
            heads = [match_key(t) for t in (q.id, q.label, q.title, *q.aliases) if t]
            for col, label in q.columns().items():
                if col not in free:
                    continue
                own = [match_key(t) for t in (label, col, *q.item_aliases.get(col, []))]
                if item is None and not q.items and _fits(head, own + heads):
                    found.add(col)
                elif item is not None and _fits(item, own):
                    found.add(col)
        if found:
            return (found.pop(), 1) if len(found) == 1 else (None, len(found))
    return None, 0


def cut_error(tool: str, columns: list[str]) -> InputError:
    """Stop: headings cut short that fit several questions; only full texts can tell."""
    first = ", ".join(f"'{c}'" for c in columns[:3]) + (", ..." if len(columns) > 3 else "")
    return InputError(
        ErrorCode.HEADINGS_CUT, count=len(columns), columns=first, tool=tool or "de enquêtetool"
    )
