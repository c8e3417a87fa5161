"""Interval helpers for proportions (logit and beta, as R's svyciprop)."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import betaincinv, ndtri, stdtrit


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if not math.isnan(x) else math.nan


def _binomial_deviance(y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y > 0, y * np.log(y / mu), 0.0)
        b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float((2 * w * (a + b)).sum())


def _beta_ci(p: float, var: float, nrows: int, df: float, level: float) -> tuple[float, float]:
    """R svyciprop(method="beta"): Korn-Graubard interval with effective n adjusted for df."""
    if not 0 < p < 1 or not var > 0:
        return math.nan, math.nan
    alpha = 1 - level
    n_eff = p * (1 - p) / var
    ratio = stdtrit(nrows - 1, alpha / 2) / (
        ndtri(alpha / 2) if math.isinf(df) else stdtrit(df, alpha / 2)
    )
    n_eff = n_eff * ratio**2
    low = betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
    high = betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    return float(low), float(high)
