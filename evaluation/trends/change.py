"""The change between two independent waves: difference, SE from both designs, test and MDD.

A change asks whether the SPT's working differs, not whether these particular respondents
answered differently, so it is tested without fpc: each year's SE and effective df without
the finite population correction (`Point.se_nofpc`, `df_nofpc`). The df of the difference is
Welch-Satterthwaite's: (v1 + v2)^2 / (v1^2 / df1 + v2^2 / df2).
"""

from __future__ import annotations

import math

from scipy.special import ndtr, stdtr

from evaluation.estimation.types import critical_value, detectable_difference
from evaluation.trends.model import Change, Point


def _finite(x: float | None) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def spread(p: Point) -> tuple[float | None, float | None]:
    """A year's SE and df for a change: without fpc where the analysis gave them."""
    if _finite(p.se_nofpc):
        return float(p.se_nofpc), p.df_nofpc
    return (float(p.se), p.df) if _finite(p.se) else (None, None)


def welch_df(v1: float, df1: float, v2: float, df2: float) -> float:
    """Welch-Satterthwaite df of a sum of two variances; a zero variance adds no term."""
    den = (v1 * v1 / df1 if v1 > 0 else 0.0) + (v2 * v2 / df2 if v2 > 0 else 0.0)
    return (v1 + v2) ** 2 / den if den > 0 else math.nan


def change(
    before: Point,
    after: Point,
    *,
    confidence: float,
    distribution: str,
    alpha: float,
    power: float,
) -> Change:
    """after - before; SE = sqrt(se1^2 + se2^2) without fpc; t on the Welch-Satterthwaite
    df (or normal), two-sided. Without a spread in either year there is no test."""
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
    (se1, df1), (se2, df2) = spread(before), spread(after)
    if se1 is None or se2 is None:
        return result
    se = math.hypot(se1, se2)
    if not se > 0:  # nothing varies: no test, no interval
        return result.model_copy(update={"se": se})
    df: float | None = None
    if distribution == "t":
        if not all(s == 0 or (_finite(d) and d > 0) for s, d in ((se1, df1), (se2, df2))):
            return result.model_copy(update={"se": se})
        df = welch_df(se1 * se1, float(df1 or 1), se2 * se2, float(df2 or 1))
        if not df >= 1:
            return result.model_copy(update={"se": se, "df": df})
    q = critical_value(confidence, math.inf if df is None else df)
    mdd = detectable_difference(se, math.inf if df is None else df, alpha, power)
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
