"""Compare recorded and recomputed figures leaf by leaf, to a tolerance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

TOLERANCE = 1e-9

OK = "klopt"

DIFFERS = "wijkt af"

UNCHECKED = "niet gecontroleerd"

NOT_CHECKABLE = "niet te controleren"  # without it the verdict cannot be 'Alles klopt'


@dataclass(frozen=True)
class Check:
    """One compared item: an input hash, an attached file, or a figure of results.json."""

    path: str
    recorded: Any
    recomputed: Any
    status: str  # OK, DIFFERS, UNCHECKED or NOT_CHECKABLE
    kind: str = "cijfer"  # "invoer", "bijlage", "manifest", "gedrukt" or "cijfer"


class _Absent:
    """Marks a leaf that exists on one side of a comparison only."""

    def __repr__(self) -> str:
        return "ontbreekt"

    __str__ = __repr__


ABSENT = _Absent()


def leaves(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts/lists to {'a.b[0].c': value}; empty containers are leaves too."""
    out: dict[str, Any] = {}
    if isinstance(obj, dict) and obj:
        for k, v in obj.items():
            out.update(leaves(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, list) and obj:
        for i, v in enumerate(obj):
            out.update(leaves(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = obj
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def same_value(a: Any, b: Any, tol: float = TOLERANCE) -> bool:
    """Numbers agree to `tol` (relative; absolute when either is zero); others must be equal."""
    if _is_number(a) and _is_number(b):
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if a == b:
            return True
        if a == 0 or b == 0:
            return abs(a - b) <= tol
        return abs(a - b) <= tol * max(abs(a), abs(b))
    if _is_number(a) or _is_number(b):
        return False
    return a is not ABSENT and b is not ABSENT and a == b


def compare(recorded: Any, recomputed: Any, tol: float = TOLERANCE) -> list[Check]:
    """Every leaf of either tree with its status; a leaf present on one side only differs."""
    rec, new = leaves(recorded), leaves(recomputed)
    rows = []
    for path in sorted(rec.keys() | new.keys()):
        a, b = rec.get(path, ABSENT), new.get(path, ABSENT)
        rows.append(Check(path, a, b, OK if same_value(a, b, tol) else DIFFERS))
    return rows


def shown_value(value: object) -> str:
    """A recorded or recomputed value as a person reads it: all digits of a float, a SHA-256
    shortened, long text cut."""
    if isinstance(value, float):
        return f"{value:.12g}"
    text = str(value)
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return text[:16] + "…"  # a SHA-256
    return text if len(text) <= 60 else text[:57] + "…"
