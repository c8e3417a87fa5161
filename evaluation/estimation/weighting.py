"""Weight construction: equal weight per service point, base weights, raking, trimming.

Each function is pure: it takes a DataFrame (or weights) and returns a `WeightResult` with the
new weights and a record of what was done, for the audit trail. Raking and trimming give the
same weights as R ``survey``'s ``rake()`` and ``trimWeights()`` (tests/golden/design_golden.R).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.types import plain

SCALES = ("none", "sample", "population")


@dataclass(frozen=True)
class WeightResult:
    """New weights (aligned with the input rows) and the audit record of how they were made."""

    weights: pd.Series
    record: dict[str, Any]
    steps: tuple[tuple[np.ndarray, np.ndarray], ...] = field(default=(), repr=False)  # raking


def _column(df: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in df.columns:
        shown = ", ".join(map(str, list(df.columns)[:20]))
        raise DesignError(ErrorCode.ROLE_COLUMN_NOT_FOUND, column=name, role=role, available=shown)
    col = df[name]
    if col.isna().any():
        raise DesignError(
            ErrorCode.ROLE_COLUMN_GAPS, column=name, role=role, count=int(col.isna().sum())
        )
    return col


def _weights(df: pd.DataFrame, weights: str | pd.Series | np.ndarray) -> pd.Series:
    """Weights given as a column name or as values aligned with the rows; all must be > 0."""
    name = "gewichten"
    if isinstance(weights, str):
        name = weights
        if weights not in df.columns:
            shown = ", ".join(map(str, list(df.columns)[:20]))
            raise DesignError(
                ErrorCode.ROLE_COLUMN_NOT_FOUND, column=weights, role="gewichten", available=shown
            )
        values = df[weights]
    else:
        values = pd.Series(np.asarray(weights, dtype=np.float64), index=df.index)
        if len(values) != len(df):
            raise DesignError(ErrorCode.WEIGHTS_COUNT, expected=len(df), found=len(values))
    values = pd.to_numeric(values, errors="coerce").astype("float64")
    bad = ~np.isfinite(values.to_numpy()) | (values.to_numpy() <= 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DesignError(
            ErrorCode.WEIGHTS_NOT_POSITIVE,
            column=name,
            count=int(bad.sum()),
            row=first + 1,
            value=str(values.iloc[first]),
        )
    return values.rename("w")


def _population(population: Mapping[Any, float] | pd.Series, levels: list[Any], by: str):
    pop = (
        pd.Series(population, dtype="float64")
        if not isinstance(population, pd.Series)
        else (population.astype("float64"))
    )
    absent = [lev for lev in levels if lev not in pop.index]
    if absent:
        raise DesignError(
            ErrorCode.POPULATION_LEVELS_MISSING, by=by, levels=", ".join(map(repr, absent))
        )
    return pop


def equal_per_service_point(
    df: pd.DataFrame,
    by: str = "spt",
    scale: str = "none",
    population: Mapping[Any, float] | pd.Series | float | None = None,
) -> WeightResult:
    """w = 1 / (K n_k): every service point counts equally (the report's "gewogen naar SPT").

    ``scale="sample"`` multiplies by n so the weights sum to the number of respondents;
    ``scale="population"`` makes them sum to the population (invited) total, given as one
    number or as a mapping level -> N_k (summed over the levels in the data).
    """
    if scale not in SCALES:
        raise DesignError(
            ErrorCode.CHOICE_UNKNOWN, setting="scale", choices=", ".join(SCALES), value=scale
        )
    col = _column(df, by, "servicepunt")
    counts = col.value_counts(sort=False).sort_index()
    K, n = len(counts), len(df)
    if K == 0:
        raise DesignError(ErrorCode.NOTHING_TO_WEIGHT)
    w = 1.0 / (K * col.map(counts).astype("float64"))
    factor = 1.0
    if scale == "sample":
        factor = float(n)
    elif scale == "population":
        if population is None:
            raise DesignError(ErrorCode.POPULATION_NEEDED)
        if isinstance(population, int | float):
            factor = float(population)
        else:
            pop = _population(population, list(counts.index), by)
            factor = float(pop[counts.index].sum())
        if factor < n:
            raise DesignError(ErrorCode.POPULATION_BELOW_SAMPLE, population=factor, n=n)
    w = (w * factor).rename("w")
    record = {
        "method": "equal_per_service_point",
        "by": by,
        "scale": scale,
        "K": K,
        "n": n,
        "n_k": {str(plain(k)): int(v) for k, v in counts.items()},
        "total": float(w.sum()),
        "formula": "w = 1 / (K * n_k)" + ("" if scale == "none" else f" * {factor:g}"),
    }
    return WeightResult(w, record)


def base_weights(
    df: pd.DataFrame, by: str, population: Mapping[Any, float] | pd.Series
) -> WeightResult:
    """Design weights N_k / n_k from the population (invited) count of each stratum."""
    col = _column(df, by, "stratum")
    counts = col.value_counts(sort=False).sort_index()
    pop = _population(population, list(counts.index), by)
    small = [k for k, v in counts.items() if pop[k] < v]
    if small:
        raise DesignError(
            ErrorCode.LEVEL_POPULATION_BELOW_SAMPLE,
            by=by,
            level=str(small[0]),
            population=float(pop[small[0]]),
            n=int(counts[small[0]]),
        )
    w = (col.map(pop).astype("float64") / col.map(counts).astype("float64")).rename("w")
    record = {
        "method": "base_weights",
        "by": by,
        "n_k": {str(plain(k)): int(v) for k, v in counts.items()},
        "N_k": {str(plain(k)): float(pop[k]) for k in counts.index},
        "total": float(w.sum()),
        "formula": "w = N_k / n_k",
    }
    return WeightResult(w, record)


def rake(
    df: pd.DataFrame,
    weights: str | pd.Series | np.ndarray,
    margins: Mapping[str, Mapping[Any, float]],
    tol: float = 1e-7,
    max_iter: int = 50,
) -> WeightResult:
    """Iterative proportional fitting to known margin totals, as R ``survey::rake()``.

    Each iteration post-stratifies to every margin in turn. As R, it stops when the largest
    change in the joint weighted table of all margin variables is below ``tol`` (times the sum
    of the starting weights when ``tol`` < 1). Not converging within ``max_iter`` is an error, and
    so is a margin still missed after convergence (R would return such weights silently).
    """
    w = _weights(df, weights).to_numpy().copy()
    if not margins:
        raise DesignError(ErrorCode.RAKING_NO_MARGIN)
    codes: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    for var, margin in margins.items():
        col = _column(df, var, "marge")
        if not margin:
            raise DesignError(ErrorCode.MARGIN_EMPTY, variable=var)
        present = set(col.unique())
        levels = [lev for lev in margin if lev in present or float(margin[lev]) != 0]
        absent = [lev for lev in levels if lev not in present]
        if absent:
            raise DesignError(
                ErrorCode.MARGIN_LEVEL_ABSENT,
                variable=var,
                levels=", ".join(map(repr, absent)),
                present=", ".join(sorted(map(str, present))),
            )
        unknown = sorted(map(str, present - set(levels)))
        if unknown:
            raise DesignError(ErrorCode.MARGIN_NO_TOTAL, variable=var, levels=", ".join(unknown))
        totals = np.array([float(margin[lev]) for lev in levels])
        if not (np.isfinite(totals) & (totals > 0)).all():
            bad = levels[int(np.flatnonzero(~(np.isfinite(totals) & (totals > 0)))[0])]
            raise DesignError(
                ErrorCode.MARGIN_NOT_POSITIVE, variable=var, level=repr(bad), value=margin[bad]
            )
        code = pd.Categorical(col, categories=levels).codes.astype(np.int64)
        codes.append(code)
        targets.append(totals)
    sums = [t.sum() for t in targets]
    if max(sums) - min(sums) > 1e-9 * max(sums):
        shown = ", ".join(f"{v}: {s:g}" for v, s in zip(margins, sums, strict=True))
        raise DesignError(ErrorCode.MARGINS_UNEQUAL, totals=shown)
    joint = np.zeros(len(w), dtype=np.int64)
    for code, target in zip(codes, targets, strict=True):
        joint = joint * len(target) + code
    joint_codes, _ = pd.factorize(joint)
    cells = int(joint_codes.max()) + 1
    epsilon = tol * w.sum() if tol < 1 else tol
    old = np.bincount(joint_codes, weights=w, minlength=cells)
    converged, iterations, delta = False, 0, float("nan")
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    while iterations < max_iter:
        steps = []  # R keeps the post-strata of the last pass for the variance
        for code, target in zip(codes, targets, strict=True):
            current = np.bincount(code, weights=w, minlength=len(target))
            w = w * (target / current)[code]
            steps.append((code, w))
        new = np.bincount(joint_codes, weights=w, minlength=cells)
        delta = float(np.abs(old - new).max())
        iterations += 1
        if delta < epsilon:
            converged = True
            break
        old = new
    if not converged:
        raise DesignError(
            ErrorCode.RAKING_NO_CONVERGENCE,
            iterations=max_iter,
            delta=delta,
            epsilon=float(epsilon),
        )
    miss = max(
        float(np.abs(np.bincount(code, weights=w, minlength=len(t)) - t).max())
        for code, t in zip(codes, targets, strict=True)
    )
    if miss > 10 * epsilon:
        raise DesignError(ErrorCode.RAKING_INFEASIBLE, miss=miss)
    record = {
        "method": "rake",
        "margins": {v: {str(k): float(t) for k, t in m.items()} for v, m in margins.items()},
        "tol": tol,
        "epsilon": float(epsilon),
        "max_iter": max_iter,
        "iterations": iterations,
        "converged": converged,
        "max_change": delta,
    }
    return WeightResult(pd.Series(w, index=df.index, name="w"), record, tuple(steps))


def trim_weights(
    weights: pd.Series | np.ndarray,
    lower: float = -np.inf,
    upper: float = np.inf,
    strict: bool = False,
) -> WeightResult:
    """Cap weights to [lower, upper] and spread what was cut equally over the others (R
    ``trimWeights``): the sum of the weights is kept. With ``strict`` repeat until none is
    outside the bounds, as R's ``strict=TRUE``."""
    w = pd.Series(weights, dtype="float64").copy()
    if lower > upper:
        raise DesignError(ErrorCode.TRIM_BOUNDS, lower=float(lower), upper=float(upper))
    passes, trimmed = 0, 0
    values = w.to_numpy().copy()
    while True:
        outside = (values < lower) | (values > upper)
        if not outside.any():
            break
        if outside.all():
            raise DesignError(ErrorCode.TRIM_ALL_OUTSIDE, lower=float(lower), upper=float(upper))
        new = np.clip(values, lower, upper)
        cut = float((values - new).sum())
        new[~outside] += cut / int((~outside).sum())
        values = new
        passes += 1
        trimmed += int(outside.sum())
        if not strict:
            break
    record = {
        "method": "trim_weights",
        "lower": float(lower),
        "upper": float(upper),
        "strict": strict,
        "passes": passes,
        "trimmed": trimmed,
        "total": float(values.sum()),
    }
    return WeightResult(pd.Series(values, index=w.index, name=w.name or "w"), record)


def kish_effective_n(w: pd.Series | np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2."""
    values = np.asarray(w, dtype=np.float64)
    return float(values.sum() ** 2 / (values**2).sum())


def diagnostics(w: pd.Series | np.ndarray, strata: pd.Series | None = None) -> dict[str, Any]:
    """Weight summary for the method page: n, sum, Kish effective n, max/min ratio, per stratum."""
    values = np.asarray(w, dtype=np.float64)
    out: dict[str, Any] = {
        "n": int(len(values)),
        "sum": float(values.sum()),
        "min": float(values.min()),
        "max": float(values.max()),
        "ratio_max_min": float(values.max() / values.min()),
        "kish_effective_n": kish_effective_n(values),
        "design_effect_weighting": float(len(values) / kish_effective_n(values)),
    }
    if strata is not None:
        sums = pd.Series(values, index=strata.index).groupby(strata, sort=True).sum()
        out["per_stratum_sum"] = {str(plain(k)): float(v) for k, v in sums.items()}
    return out
