"""Calibrated variance: influence values become residuals of the calibration, as R survey does.

A design made by `calibrated.rake_design` or `calibrated.calibrate_design` keeps the steps of
its calibration; `residualise` applies them to the influence values before the variance, as
R's ``svyrecvar`` does with ``design$postStrata`` (survey 4.1):

- linear calibration (R ``calibrate``): x <- qr.resid(Q, x / w) * w, with Q the column space of
  sqrt(w0) X (w0 the weights before calibration, X the calibration model matrix), w = g sqrt(w0);
- raking (R ``rake``): ten sweeps over the margins of the last raking pass, each
  x <- x - w_m * mean_level(x / w_m), with w_m the weights right after that margin's step and
  the mean unweighted over the rows of each level.

Trimming afterwards (R ``trimWeights``) changes the weights but keeps these steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SWEEPS = 10  # R: for (iterations in 1:10) in svyrecvar's raking branch


@dataclass(frozen=True)
class Greg:
    """One linear calibration: an orthonormal basis of sqrt(w0) X and w = g sqrt(w0)."""

    basis: np.ndarray
    w: np.ndarray


@dataclass(frozen=True)
class Raking:
    """One raking: per margin of the last pass, the level code of every row and the weights."""

    margins: tuple[tuple[np.ndarray, np.ndarray], ...]


Step = Greg | Raking


def column_basis(a: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the column space of ``a`` (what R's qr.resid projects out)."""
    u, s, _ = np.linalg.svd(a, full_matrices=False)
    rank = int((s > s[0] * max(a.shape) * np.finfo(float).eps).sum()) if len(s) else 0
    return u[:, :rank]


def residualise(x: np.ndarray, steps: tuple[Step, ...]) -> np.ndarray:
    """Influence values (rows x p) as residuals of every calibration step, in order."""
    for step in steps:
        if isinstance(step, Greg):
            u = x / step.w[:, None]
            x = (u - step.basis @ (step.basis.T @ u)) * step.w[:, None]
            continue
        for _ in range(SWEEPS):
            for code, psw in step.margins:
                counts = np.bincount(code).astype(np.float64)
                u = x / psw[:, None]
                means = (
                    np.column_stack(
                        [
                            np.bincount(code, weights=u[:, j], minlength=len(counts))
                            for j in range(u.shape[1])
                        ]
                    )
                    / counts[:, None]
                )
                x = x - psw[:, None] * means[code]
    return x
