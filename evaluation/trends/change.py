"""The change between two independent waves: difference, SE from both designs, test and MDD."""

from __future__ import annotations

import math

from scipy.special import ndtr, stdtr

from evaluation.estimation.types import critical_value, detectable_difference
from evaluation.trends.model import Change, Point


def _finite(x: float | None) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def change(
    before: Point,
    after: Point,
    *,
    confidence: float,
    distribution: str,
    alpha: float,
    power: float,
) -> Change:
    """after - before; SE = sqrt(se1^2 + se2^2); t on df1 + df2 (or normal), two-sided."""
    empty = Change(
        from_year=before.year,
        to_year=after.year,
        difference=None,
        se=None,
        ci=(None, None),
        df=None,
        statistic=None,
        p_value=None,
        mdd=None,
        significant=None,
        distribution=distribution,
    )
    if not all(_finite(x) for x in (before.estimate, after.estimate)):
        return empty
    diff = float(after.estimate) - float(before.estimate)
    result = empty.model_copy(update={"difference": diff})
    if not all(_finite(x) for x in (before.se, after.se)):
        return result
    se = math.hypot(float(before.se), float(after.se))
    df: float | None = None
    if distribution == "t":
        if not all(_finite(x) and x > 0 for x in (before.df, after.df)):
            return result.model_copy(update={"se": se})
        df = float(before.df) + float(after.df)
    q = critical_value(confidence, math.inf if df is None else df)
    mdd = detectable_difference(se, math.inf if df is None else df, alpha, power)
    if se == 0:
        return result.model_copy(update={"se": se, "df": df, "ci": (diff, diff), "mdd": 0.0})
    stat = diff / se
    tail = float(stdtr(df, -abs(stat))) if df is not None else float(ndtr(-abs(stat)))
    p = 2 * tail
    return result.model_copy(
        update={
            "se": se,
            "ci": (diff - q * se, diff + q * se),
            "df": df,
            "statistic": stat,
            "p_value": p,
            "mdd": mdd,
            "significant": bool(p < alpha),
        }
    )
