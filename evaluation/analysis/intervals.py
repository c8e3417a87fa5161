"""Published estimates: intervals on the Satterthwaite effective df and inside the figure's
scale; what cannot be estimated has no SE, interval or df, only its reason."""

from __future__ import annotations

import math
from typing import Any

from evaluation.analysis.frame import estimate_fields, finite_or_none
from evaluation.estimation.effective import Spread
from evaluation.estimation.types import Estimate as DesignEstimate
from evaluation.estimation.types import critical_value

GRADE_SCALE = (1.0, 5.0)

UNMEASURED = {"se": None, "ci": (None, None), "df": None, "se_nofpc": None, "df_nofpc": None}


def not_estimable(spread: Spread, unit: str, distribution: str) -> str | None:
    """Why the spread of an estimate cannot be estimated, in Dutch; None when it can."""
    if spread.units < 2:
        return f"niet te schatten: berust op één {unit}"
    if distribution == "t" and math.isfinite(spread.df) and spread.df < 1:
        return "niet te schatten: minder dan één vrijheidsgraad"
    if distribution == "t" and not math.isfinite(spread.df) and spread.se > 0:
        return "niet te schatten: geen vrijheidsgraden"
    return None


def scale_interval(
    estimate: float, se: float, q: float, scale: tuple[float, float]
) -> tuple[float, float]:
    """Wald interval on the logit of (x - low) / (high - low), mapped back: it stays inside the
    scale. SE on the logit scale by the delta method: se / ((high - low) p (1 - p))."""
    low, high = scale
    width = high - low
    p = (estimate - low) / width
    if se == 0:
        return estimate, estimate
    if not 0 < p < 1 or not math.isfinite(q):
        return math.nan, math.nan
    theta = math.log(p / (1 - p))
    s = se / (width * p * (1 - p))
    return (
        low + width / (1 + math.exp(-(theta - q * s))),
        low + width / (1 + math.exp(-(theta + q * s))),
    )


def published(
    e: DesignEstimate,
    spread: Spread | None,
    *,
    unit: str,
    distribution: str,
    scale: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """The results.json fields of one estimate: `df` the effective df of its interval, the
    design df beside it, the SE without fpc for changes between years. A grade (``scale``)
    gets the logit-scale interval; a share keeps the interval its estimator gave."""
    out = {
        **estimate_fields(e),
        "df_design": None,
        "se_nofpc": None,
        "df_nofpc": None,
        "reason": None,
    }
    if spread is None:
        return out
    out["df_design"] = int(spread.df_design)
    reason = not_estimable(spread, unit, distribution)
    if reason:
        return {**out, **UNMEASURED, "deff": None, "reason": reason}
    df = spread.df if math.isfinite(spread.df) else float(e.df)  # no variance: the design df
    out["df"] = finite_or_none(df)
    out["se_nofpc"], out["df_nofpc"] = (
        finite_or_none(spread.se_nofpc),
        finite_or_none(spread.df_nofpc),
    )
    if scale is not None and out["estimate"] is not None:
        q = critical_value(e.level, math.inf if distribution == "normal" else df)
        low, high = scale_interval(float(e.estimate), float(e.se), q, scale)
        out["ci"] = (finite_or_none(low), finite_or_none(high))
    return out
