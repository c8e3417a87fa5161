"""Proportions with the intervals of R's ``svyciprop``: ``logit`` or ``beta`` (Korn-Graubard).

The estimate and its SE are the design's ratio mean of a 0/1 flag. The interval is not the
symmetric Wald interval of a mean: ``logit`` fits the intercept of ``svyglm(quasibinomial)`` and
takes a Wald interval on the logit scale; ``beta`` is Korn and Graubard's Clopper-Pearson interval
on an effective sample size n_eff = p (1 - p) / V, adjusted by the ratio of the t quantiles on
n - 1 and on the design df. As svyciprop, both use t on the design df (``ci="normal"`` for
df = infinity); the df and, for ``beta``, the row count are those of the domain, counting rows
with a missing flag too.

Published shares (``effective=True``) depart from svyciprop in three documented ways
(docs/method.md): the point estimate is the exact weighted ratio (svyciprop reports the fit,
equal to it only to the IRLS tolerance: 5 of 8 must be 0.625, not 0.62499999999); the t
quantile and the Korn-Graubard adjustment use the Satterthwaite effective df
(estimation/effective.py); at a share of 0 or 1 the Korn-Graubard interval uses Kish's
effective n, (sum w)^2 / sum w^2,
where svyciprop gives no interval (and the design df: without variance there are no parts to
weigh for an effective df).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.special import betaincinv, ndtri, stdtrit

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.effective import spread
from evaluation.estimation.types import PROPORTION_METHODS, Estimate, critical_value


def proportion(
    design: SurveyDesign,
    flag: str,
    method: str = "logit",
    by: str | None = None,
    level: float = 0.95,
    ci: str = "t",
    effective: bool = False,
) -> Estimate | dict[Any, Estimate]:
    """Share of rows with ``flag`` 1 (0/1 or booleans; missing left out), overall or per ``by``
    level, with the ``logit`` or ``beta`` interval of R's svyciprop; ``effective`` puts the
    interval on the Satterthwaite effective df (then ``Estimate.df`` is that df)."""
    if method not in PROPORTION_METHODS:
        raise DesignError(
            ErrorCode.CHOICE_UNKNOWN, setting="method", choices="logit, beta", value=method
        )
    values = design.numeric(flag)
    bad = ~np.isnan(values) & (values != 0) & (values != 1)
    if bad.any():
        raise DesignError(ErrorCode.NOT_ZERO_ONE, column=flag, value=float(values[bad][0]))
    out: dict[Any, Estimate] = {}
    domains = [(None, np.ones(len(design), bool))]
    if by is not None:
        levels, codes = design.domains(by)
        domains = [(lev, codes == i) for i, lev in enumerate(levels)]
    for key, domain in domains:
        used = domain & ~np.isnan(values)
        p, infl, vsrs = design.mean_influence(values, used)
        var = float(design.variance(infl, used)[0, 0]) if used.any() else math.nan
        df = design.degf(used)
        if effective and used.any():
            eff = spread(design, infl, used).df  # NaN at 0 or 1: no variance to weigh
            df = eff if math.isfinite(eff) else df
        dfq = math.inf if ci == "normal" else df
        se = math.sqrt(var) if var >= 0 else math.nan
        if p in (0.0, 1.0) and effective:
            low, high = boundary_ci(p, kish_n(design.weights[used]), dfq, level)
        elif p in (0.0, 1.0):
            low, high = boundary_ci(p, int(used.sum()), dfq, level)
        elif method == "logit":
            fit, low, high = _logit_ci(design, values, domain, used, critical_value(level, dfq))
            p = p if effective else fit  # R reports the fit; the published share is the ratio
        else:
            low, high = _beta_ci(p, var, int(used.sum()), dfq, level)
        out[key] = Estimate(
            estimate=p,
            se=se,
            ci=(low, high),
            n=int(used.sum()),
            deff=var / vsrs if vsrs > 0 else math.nan,
            df=df,
            lonely_psu=design.lonely_psu,
            level=level,
            ci_method=f"{method}-{ci}",
        )
    return out[None] if by is None else out


def _logit_ci(
    design: SurveyDesign, y: np.ndarray, domain: np.ndarray, used: np.ndarray, q: float
) -> tuple[float, float, float]:
    """R svyciprop(method="logit"): svyglm(quasibinomial) intercept, Wald interval on logit.

    The fit repeats R's glm IRLS (weights rescaled to mean 1 over the rows with a value, start
    (w y + 0.5) / (w + 1), stop when the deviance changes by less than 1e-8 relative), so
    the interval equals R's to the last digits rather than to glm's tolerance.
    """
    if not used.any():
        return math.nan, math.nan, math.nan
    w = design.weights[used] / design.weights[used].mean()  # R: rescaled over the rows fitted
    yu = y[used]
    mu = (w * yu + 0.5) / (w + 1)
    eta = np.log(mu / (1 - mu))
    devold = _binomial_deviance(yu, mu, w)
    for _ in range(25):
        work = w * mu * (1 - mu)
        z = eta + (yu - mu) / (mu * (1 - mu))
        coef = float((work * z).sum() / work.sum())
        eta = np.full(len(yu), coef)
        mu = 1 / (1 + np.exp(-eta))
        dev = _binomial_deviance(yu, mu, w)
        if abs(dev - devold) / (abs(dev) + 0.1) < 1e-8:
            break
        devold = dev
    infl = np.zeros(len(design))
    infl[used] = work * (yu - mu) / (mu * (1 - mu)) / work.sum()
    se = math.sqrt(float(design.variance(infl, used)[0, 0]))
    return _expit(coef), _expit(coef - q * se), _expit(coef + q * se)


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if not math.isnan(x) else math.nan


def _binomial_deviance(y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y > 0, y * np.log(y / mu), 0.0)
        b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float((2 * w * (a + b)).sum())


def _df_ratio(nrows: float, df: float, alpha: float) -> float:
    """svyciprop's adjustment of n_eff: (t(alpha/2; n - 1) / t(alpha/2; df))^2."""
    if not nrows > 1 or not df > 0:
        return math.nan
    low = ndtri(alpha / 2) if math.isinf(df) else stdtrit(df, alpha / 2)
    return float((stdtrit(nrows - 1, alpha / 2) / low) ** 2)


def kish_n(w: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2."""
    return float(w.sum() ** 2 / (w * w).sum()) if len(w) else 0.0


def boundary_ci(p: float, nrows: float, df: float, level: float) -> tuple[float, float]:
    """Korn-Graubard at a share of 0 or 1 on ``nrows`` (n, or Kish's effective n), adjusted by
    svyciprop's ratio of t quantiles on nrows - 1 and on df."""
    alpha = 1 - level
    n_eff = nrows * _df_ratio(nrows, df, alpha)
    if not n_eff > 0:
        return math.nan, math.nan
    edge = (alpha / 2) ** (1 / n_eff)
    return (0.0, 1 - edge) if p == 0 else (edge, 1.0)


def _beta_ci(p: float, var: float, nrows: int, df: float, level: float) -> tuple[float, float]:
    """R svyciprop(method="beta"): Korn-Graubard interval with effective n adjusted for df."""
    if not 0 < p < 1 or not var > 0:
        return math.nan, math.nan
    alpha = 1 - level
    n_eff = p * (1 - p) / var * _df_ratio(nrows, df, alpha)
    low = betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
    high = betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    return float(low), float(high)
