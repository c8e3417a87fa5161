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
    """Round half away from zero on the decimal representation (7.45 -> 7.5, 2.25 -> 2.3).

    The value is first read to 12 significant digits, so floating-point noise of a computed
    ratio does not decide a half: 5/8 computed as 0.62499999999999994 is 0,625 and shows 63%.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return value
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(format(float(value), ".12g")).quantize(q, rounding=ROUND_HALF_UP))


def largest_remainder(values: list[float], decimals: int = 0) -> list[float]:
    """Parts rounded so that they add up to their rounded total (the largest remainder method):
    each part is cut to `decimals`, and the units still missing go to the largest remainders
    (ties to the first). Used for distributions printed beside a total of 100."""
    step = Decimal(1).scaleb(-decimals)
    exact = [Decimal(format(float(v), ".12g")) for v in values]
    total = Decimal(format(sum(float(v) for v in values), ".12g")).quantize(
        step, rounding=ROUND_HALF_UP
    )
    cut = [(v / step).to_integral_value(rounding="ROUND_FLOOR") * step for v in exact]
    missing = int(((total - sum(cut, Decimal(0))) / step).to_integral_value())
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - cut[i]), i))
    for i in order[: max(missing, 0)]:
        cut[i] += step
    return [float(c) for c in cut]


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


def enumeration(items: list[object]) -> str:
    """Items as a Dutch list: 'a', 'a en b', 'a, b en c'."""
    texts = [str(x) for x in items]
    return " en ".join(texts) if len(texts) < 3 else ", ".join(texts[:-1]) + " en " + texts[-1]
