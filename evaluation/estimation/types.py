"""Estimates, tests and coefficients as plain records; the lonely-PSU and interval choices."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import ndtri, stdtr, stdtrit

from evaluation.errors import DesignError, ErrorCode

LONELY_RULES = ("fail", "adjust", "average", "remove", "certainty")

CI_METHODS = ("normal", "t")

PROPORTION_METHODS = ("logit", "beta")


def plain(value: Any) -> Any:
    """A numpy scalar as the Python scalar it holds (for dict keys and JSON)."""
    return value.item() if isinstance(value, np.generic) else value


def _f(value: float) -> float | None:
    """A float for JSON: NaN (not estimable, e.g. an SE from one respondent) becomes None."""
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Estimate:
    """A design-based estimate with its standard error, confidence interval and design effect."""

    estimate: float
    se: float
    ci: tuple[float, float]
    n: int  # unweighted count of non-missing values in the domain
    deff: float
    df: int  # design degrees of freedom of the rows used (R's degf)
    lonely_psu: str
    level: float
    ci_method: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": _f(self.estimate),
            "se": _f(self.se),
            "ci": [_f(self.ci[0]), _f(self.ci[1])],
            "n": int(self.n),
            "deff": _f(self.deff),
            "df": int(self.df),
            "lonely_psu": self.lonely_psu,
            "level": _f(self.level),
            "ci_method": self.ci_method,
        }


@dataclass(frozen=True)
class TTest:
    """Design-based two-group t-test as R's ``svyttest(y ~ g)``: second level minus first."""

    difference: float
    se: float
    t: float
    df: int  # R: degf of the rows used minus 1
    p_value: float
    levels: tuple[Any, Any]
    ci: tuple[float, float]
    n: tuple[int, int]
    lonely_psu: str
    level: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "difference": _f(self.difference),
            "se": _f(self.se),
            "t": _f(self.t),
            "df": int(self.df),
            "p_value": _f(self.p_value),
            "levels": [plain(v) for v in self.levels],
            "ci": [_f(self.ci[0]), _f(self.ci[1])],
            "n": [int(v) for v in self.n],
            "lonely_psu": self.lonely_psu,
            "level": _f(self.level),
        }


@dataclass(frozen=True)
class Coefficient:
    """One regression coefficient with its design-based standard error."""

    estimate: float
    se: float
    t: float
    p_value: float
    ci: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": _f(self.estimate),
            "se": _f(self.se),
            "t": _f(self.t),
            "p_value": _f(self.p_value),
            "ci": [_f(self.ci[0]), _f(self.ci[1])],
        }


@dataclass(frozen=True)
class Regression:
    """A weighted least-squares fit with sandwich variance, as R's ``svyglm(family=gaussian)``."""

    formula: str
    coefficients: dict[str, Coefficient]
    vcov: tuple[tuple[float, ...], ...]
    df: int  # R: degf of the rows used + 1 - number of coefficients
    n: int
    lonely_psu: str
    level: float
    names: tuple[str, ...] = field(default=())
    aliased: tuple[str, ...] = field(default=())  # columns dropped as R's glm (coefficient NA)

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.formula,
            "aliased": list(self.aliased),
            "coefficients": {k: c.to_dict() for k, c in self.coefficients.items()},
            "vcov": [[_f(v) for v in row] for row in self.vcov],
            "df": int(self.df),
            "n": int(self.n),
            "lonely_psu": self.lonely_psu,
            "level": _f(self.level),
        }


def detectable_difference(se: float, df: float, alpha: float, power: float) -> float:
    """Smallest difference a two-sided test at `alpha` detects with `power`:
    (q_{1-alpha/2} + q_{power}) * SE, t on df or normal when df is infinite."""
    if math.isinf(df):
        return float((ndtri(1 - alpha / 2) + ndtri(power)) * se)
    return float((stdtrit(df, 1 - alpha / 2) + stdtrit(df, power)) * se)


def two_sided_p(t: float, df: float) -> float:
    """Two-sided p-value of a t statistic on df degrees of freedom (NaN without any)."""
    return float(2 * stdtr(df, -abs(t))) if df > 0 else math.nan


def critical_value(level: float, df: float) -> float:
    """Two-sided critical value: t on df, or normal when df is infinite."""
    if not 0 < level < 1:
        raise DesignError(ErrorCode.LEVEL_OUTSIDE, value=level)
    alpha = (1 - level) / 2
    if math.isinf(df):
        return float(ndtri(1 - alpha))
    if df <= 0:
        return math.nan
    return float(stdtrit(df, 1 - alpha))
