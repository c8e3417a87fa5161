"""Scale scores: the satisfaction grade of footnote 5 and its reliability (Cronbach's alpha).

A respondent's grade is the mean of their valid items, reverse items mirrored on the scale
(6 - x on 1..5); fewer than `min_valid` valid items gives no grade. Reliability is computed
unweighted on respondents with every item valid: it describes the instrument, not the SPTs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evaluation.inputs.codebook import Codebook


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha and item-rest correlations on complete cases."""

    alpha: float | None
    n_complete: int
    k: int
    item_rest: dict[str, float | None] = field(default_factory=dict)
    item_means: dict[str, float | None] = field(default_factory=dict)


def item_scores(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Satisfaction items as scores: reverse items mirrored (min + max - x); missing stays NaN."""
    out = {}
    for item in codebook.satisfaction.items:
        q = codebook.question(item)
        scale = codebook.scale_of(q)
        x = pd.to_numeric(responses[item], errors="coerce").astype("float64")
        x = x.where(x.isin(list(scale.codes)))
        out[item] = (scale.minimum + scale.maximum) - x if q.reverse else x
    return pd.DataFrame(out, index=responses.index)


def satisfaction_grade(responses: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Per respondent: mean of the valid item scores, NaN below `satisfaction.min_valid` items."""
    scores = item_scores(responses, codebook)
    valid = scores.notna().sum(axis=1)
    grade = scores.mean(axis=1, skipna=True)
    return grade.where(valid >= codebook.satisfaction.min_valid).rename("grade")


def cronbach_alpha(items: pd.DataFrame) -> tuple[float | None, int]:
    """Alpha = k/(k-1) * (1 - sum of item variances / variance of the sum), complete cases.

    Returns (alpha, number of complete cases); alpha is None when it is undefined
    (fewer than two items or two cases, or a constant total).
    """
    complete = items.dropna()
    k, n = complete.shape[1], len(complete)
    if k < 2 or n < 2:
        return None, n
    total_var = complete.sum(axis=1).var(ddof=1)
    if not np.isfinite(total_var) or total_var == 0:
        return None, n
    alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / total_var)
    return float(alpha), n


def item_rest_correlations(items: pd.DataFrame) -> dict[str, float | None]:
    """Pearson correlation of each item with the sum of the other items (complete cases)."""
    complete = items.dropna()
    total = complete.sum(axis=1)
    out: dict[str, float | None] = {}
    for col in complete.columns:
        rest = total - complete[col]
        if len(complete) < 2 or complete[col].std() == 0 or rest.std() == 0:
            out[col] = None
        else:
            out[col] = float(np.corrcoef(complete[col], rest)[0, 1])
    return out


def reliability(responses: pd.DataFrame, codebook: Codebook) -> Reliability:
    """Reliability of the satisfaction scale on the (reverse-coded) item scores."""
    scores = item_scores(responses, codebook)
    alpha, n = cronbach_alpha(scores)
    means = scores.dropna().mean()
    return Reliability(
        alpha=alpha,
        n_complete=n,
        k=scores.shape[1],
        item_rest=item_rest_correlations(scores),
        item_means={c: (float(means[c]) if n else None) for c in scores.columns},
    )
