"""Dutch display conventions: the one rounding rule (half up) and number, percent and date formats.

Every number shown in a PDF or workbook passes through `round_half_up`, so 7,45 is 7,5 everywhere.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"
SUPPRESSED = "x"


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round half away from zero on the decimal representation (7.45 -> 7.5, 2.25 -> 2.3)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return value
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def number(value: float | None, decimals: int = 1) -> str:
    """'2,9', '80.000', '-0,5'; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    r = round_half_up(float(value), decimals)
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(r, format=fmt, locale=LOCALE)
    return "0" + text[2:] if text.startswith("-0") and r == 0 else text


def percent(share: float | None, decimals: int = 0) -> str:
    """A share in 0..1 as a Dutch percentage: 0.863 -> '86%'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return number(100 * share, decimals) + "%"


def long_date(d: date | datetime) -> str:
    """'22 november 2026'."""
    return format_date(d, format="d MMMM y", locale=LOCALE)
