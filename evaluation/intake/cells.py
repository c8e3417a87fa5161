"""Raw cells as numbers, the same rule for the validation and the reference model."""

from __future__ import annotations

import math


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
