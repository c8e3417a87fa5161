"""Effective degrees of freedom and the spread of an estimate without fpc.

With every SPT counting 1/K, the variance of a national figure is a sum of stratum parts
v_h, mostly from the smallest SPTs. Its Satterthwaite effective degrees of freedom are

    df_eff = (sum_h v_h)^2 / sum_h (v_h^2 / df_h),   df_h = n_h - 1 (PSUs of stratum h),

over the strata with v_h > 0; a lonely PSU centred by ``adjust`` is one squared deviation and
counts df_h = 1. With one stratum (a domain inside one SPT, or SPTs as clusters) df_eff is the
design's PSUs - 1, as R's degf. The same parts without fpc give the SE and df used when two
years are compared (the SPT's working, not these particular respondents).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from evaluation.errors import DesignError
from evaluation.estimation.design import SurveyDesign

NEGLIGIBLE = 1e-20  # a stratum part below this share of the variance is rounding noise


@dataclass(frozen=True)
class Spread:
    """The variance pieces of one scalar estimate, summarised."""

    se: float  # with fpc, as the design's own SE
    df: float  # Satterthwaite effective df (NaN without any variance)
    se_nofpc: float  # without fpc (NaN when the lonely-PSU rule refuses)
    df_nofpc: float
    df_design: int  # R's degf of the rows used
    units: int  # PSUs with a row in the estimate: one unit gives no SE


def satterthwaite(parts: np.ndarray, dfs: np.ndarray) -> float:
    """(sum v_h)^2 / sum(v_h^2 / df_h) over the strata with a part; NaN when none has one."""
    total = float(parts.sum())
    keep = parts > NEGLIGIBLE * total
    if not total > 0 or not keep.any():
        return math.nan
    return float(total**2 / (parts[keep] ** 2 / dfs[keep]).sum())


def spread(design: SurveyDesign, infl: np.ndarray, used: np.ndarray) -> Spread:
    """SE and effective df of the estimate with influence values ``infl`` over ``used``."""
    parts, dfs = design.stratum_variances(infl, used)
    try:
        free = parts
        if design.fpc_column is not None:
            free, _ = design.stratum_variances(infl, used, finite=False)
    except DesignError:  # e.g. lonely_psu 'fail' on a stratum the fpc made certain
        free = np.full(len(parts), math.nan)
    return Spread(
        se=math.sqrt(max(float(parts.sum()), 0.0)),
        df=satterthwaite(parts, dfs),
        se_nofpc=math.sqrt(max(float(free.sum()), 0.0)) if np.isfinite(free).all() else math.nan,
        df_nofpc=satterthwaite(free, dfs) if np.isfinite(free).all() else math.nan,
        df_design=design.degf(used),
        units=design.psus(used),
    )


def mean_spread(design: SurveyDesign, y: str, by: str | None = None) -> dict:
    """Spread of the weighted mean (or share, for a 0/1 column) of ``y``, overall (key None)
    or per level of ``by``; rows with a missing ``y`` left out, as the estimators do."""
    values = design.numeric(y)
    ok = ~np.isnan(values)
    domains = [(None, ok)]
    if by is not None:
        levels, codes = design.domains(by)
        domains = [(lev, ok & (codes == i)) for i, lev in enumerate(levels)]
    out = {}
    for key, used in domains:
        if used.any():
            _, infl, _ = design.mean_influence(values, used)
            out[key] = spread(design, infl, used)
    return out


def difference_spread(design: SurveyDesign, y: str, by: str) -> Spread:
    """Spread of the difference in means between the two levels of ``by`` (second - first);
    its df is one less than the parts give, as svyttest's degf - 1 for the second mean."""
    values = design.numeric(y)
    _, codes = design.domains(by)
    ok = ~np.isnan(values) & (codes >= 0)
    _, i1, _ = design.mean_influence(values, ok & (codes == 0))
    _, i2, _ = design.mean_influence(values, ok & (codes == 1))
    s = spread(design, i2 - i1, ok)
    return Spread(
        se=s.se,
        df=s.df - 1,
        se_nofpc=s.se_nofpc,
        df_nofpc=s.df_nofpc - 1,
        df_design=s.df_design - 1,
        units=s.units,
    )
