"""Designs after raking, linear calibration or trimming, as R's rake(), calibrate() and
trimWeights() on a survey design: new weights, and the calibration kept for the variance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.calibration import Greg, Raking, Step, column_basis
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.regression import model_matrix
from evaluation.estimation.weighting import rake, trim_weights

CALIBRATED_WEIGHT = "_calibrated_weight"


def with_weights(design: SurveyDesign, w: np.ndarray, steps: tuple[Step, ...]) -> SurveyDesign:
    """The same design (strata, PSUs, fpc, lonely-PSU rule) with new weights and steps."""
    return SurveyDesign(
        design.data.assign(**{CALIBRATED_WEIGHT: w}),
        weights=CALIBRATED_WEIGHT,
        strata=design.strata_column,
        psu=design.psu_column,
        fpc=design.fpc_column,
        lonely_psu=design.lonely_psu,
        calibration=steps,
    )


def rake_design(
    design: SurveyDesign,
    margins: Mapping[str, Mapping[Any, float]],
    tol: float = 1e-7,
    max_iter: int = 50,
) -> SurveyDesign:
    """Rake the design's weights to the margins (R ``rake(design, ...)``); the variance then
    uses the residuals of the last raking pass, as R's."""
    wr = rake(design.data, design.weights, margins, tol=tol, max_iter=max_iter)
    step = Raking(margins=wr.steps)
    return with_weights(design, wr.weights.to_numpy(), (*design.calibration, step))


def calibrate_design(
    design: SurveyDesign, terms: str, population: Mapping[str, float]
) -> SurveyDesign:
    """Linear (GREG) calibration to population totals of the model matrix of ``terms``
    (``"a + b"``, columns named as R's model.matrix), as R ``calibrate(design, ~a + b, pop)``."""
    _, names, X, used = model_matrix(design, f"_ ~ {terms}")
    if not used.all():
        raise DesignError(ErrorCode.CALIBRATION_GAPS, terms=terms)
    absent = [n for n in names if n not in population]
    if absent:
        raise DesignError(ErrorCode.CALIBRATION_NO_TOTAL, names=", ".join(absent))
    w0 = design.weights
    target = np.array([float(population[n]) for n in names])
    xtwx = X.T @ (X * w0[:, None])
    if np.linalg.matrix_rank(xtwx) < len(names):
        raise DesignError(ErrorCode.CALIBRATION_DEPENDENT, terms=terms)
    g = 1.0 + X @ np.linalg.solve(xtwx, target - X.T @ w0)
    if (g <= 0).any():
        raise DesignError(
            ErrorCode.CALIBRATION_NOT_POSITIVE, terms=terms, count=int((g <= 0).sum())
        )
    half = np.sqrt(w0)
    step = Greg(basis=column_basis(X * half[:, None]), w=g * half)
    return with_weights(design, w0 * g, (*design.calibration, step))


def trim_design(
    design: SurveyDesign, lower: float = -np.inf, upper: float = np.inf, strict: bool = False
) -> SurveyDesign:
    """Trim the weights (R ``trimWeights(design, ...)``); the calibration steps stay."""
    wr = trim_weights(design.weights, lower=lower, upper=upper, strict=strict)
    return with_weights(design, wr.weights.to_numpy(), design.calibration)
