"""Raw cells as text and numbers, the same rules for every reader and the reference model."""

from __future__ import annotations

import math

import numpy as np


def parse_number(text: str) -> float | None:
    """'4', '4.0', '12,5', ' 7 ', '1e1' -> float; text, NaN, infinity and '1.000,5' -> None.

    The same rule as the per-row reference model (evaluation.intake.reference).
    """
    s = text.strip().replace(",", ".")
    if not s or "_" in s:
        return None
    try:
        number = float(s)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def raw_text(value: object) -> str:
    """A raw cell as text: NaN/None -> '', integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    return str(value)
