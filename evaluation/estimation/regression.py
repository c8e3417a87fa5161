"""Linear regression with design-based standard errors, as R's ``svyglm(family=gaussian)``.

The coefficients are weighted least squares, beta = (X'WX)^-1 X'Wy. Their variance is the
sandwich: the influence values of beta, w_i e_i x_i' (X'WX)^-1 with e the residual, go to the
design's one variance routine, so strata, clusters, fpc and the lonely-PSU rule count as for a
mean. The df are R's: degf of the rows used + 1 - the number of coefficients estimated.

An aliased column (a linear combination of the columns before it, on the rows used) is dropped
as R's glm does (pivoted QR, tolerance 1e-11 of glm.fit): its coefficient is not estimated, its
name is in ``Regression.aliased``, and the rest is fitted (R reports it as NA).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.types import (
    Coefficient,
    Regression,
    critical_value,
    plain,
    two_sided_p,
)


def regress(design: SurveyDesign, formula: str, level: float = 0.95) -> Regression:
    """Fit ``formula`` (``"y ~ a + b"``, main effects; ``- 1`` drops the intercept) on the design.

    Numeric columns enter as they are; other columns as treatment dummies against their first
    sorted level, named as R does (column + level). Rows with a missing value are left out.
    """
    y_name, names, X, used = model_matrix(design, formula)
    y = design.numeric(y_name)
    used = used & ~np.isnan(y)
    if not used.any():
        raise DesignError(ErrorCode.REGRESSION_NO_ROWS, formula=formula)
    w = design.weights
    keep = not_aliased(X[used] * np.sqrt(w[used])[:, None])
    aliased = tuple(n for n, k in zip(names, keep, strict=True) if not k)
    names, X = [n for n, k in zip(names, keep, strict=True) if k], X[:, keep]
    Xu, yu, wu = X[used], y[used], w[used]
    xtwx = Xu.T @ (Xu * wu[:, None])
    ainv = np.linalg.inv(xtwx)
    beta = ainv @ (Xu.T @ (wu * yu))
    resid = np.zeros(len(design))
    resid[used] = yu - Xu @ beta
    infl = (np.where(used[:, None], X, 0.0) * (w * resid)[:, None]) @ ainv
    vcov = design.variance(infl, used)
    df = design.degf(used) + 1 - len(names)
    q = critical_value(level, df)
    coefs: dict[str, Coefficient] = {}
    for j, name in enumerate(names):
        se = math.sqrt(vcov[j, j])
        t = beta[j] / se if se > 0 else math.nan
        p_value = two_sided_p(t, df)
        coefs[name] = Coefficient(
            float(beta[j]), se, t, p_value, (beta[j] - q * se, beta[j] + q * se)
        )
    return Regression(
        formula=formula,
        coefficients=coefs,
        vcov=tuple(tuple(float(v) for v in row) for row in vcov),
        df=df,
        n=int(used.sum()),
        lonely_psu=design.lonely_psu,
        level=level,
        names=tuple(names),
        aliased=aliased,
    )


ALIAS_TOL = 1e-11  # R glm.fit: Cdqrls(..., tol = min(1e-07, epsilon / 1000))


def not_aliased(a: np.ndarray) -> np.ndarray:
    """Columns kept by R's pivoted QR: each one that is not (within ALIAS_TOL of its norm) a
    linear combination of the kept columns before it."""
    keep = np.zeros(a.shape[1], dtype=bool)
    basis: list[np.ndarray] = []
    for j in range(a.shape[1]):
        col = a[:, j].astype(np.float64)
        norm = float(np.linalg.norm(col))
        for b in basis:
            col = col - b * float(b @ col)
        rest = float(np.linalg.norm(col))
        if norm > 0 and rest > ALIAS_TOL * norm:
            keep[j] = True
            basis.append(col / rest)
    if not keep.any():
        raise DesignError(ErrorCode.REGRESSION_ALL_ALIASED)
    return keep


def model_matrix(
    design: SurveyDesign, formula: str
) -> tuple[str, list[str], np.ndarray, np.ndarray]:
    """The outcome's name, the coefficient names, the model matrix X (a row per design row)
    and the rows without a missing predictor, as R's ``model.matrix`` with treatment contrasts."""
    if formula.count("~") != 1:
        raise DesignError(ErrorCode.FORMULA_SHAPE, formula=formula)
    lhs, rhs = (part.strip() for part in formula.split("~"))
    terms = [t.strip() for t in re.split(r"\s*\+\s*", rhs) if t.strip()]
    intercept = True
    if re.search(r"-\s*1\s*$", rhs):
        intercept = False
        terms = [re.sub(r"\s*-\s*1\s*$", "", t) for t in terms]
        terms = [t for t in terms if t]
    if "0" in terms:
        intercept = False
        terms.remove("0")
    if "1" in terms:
        terms.remove("1")
    if not lhs:
        raise DesignError(ErrorCode.FORMULA_NO_OUTCOME, formula=formula)
    n = len(design)
    names: list[str] = ["(Intercept)"] if intercept else []
    cols: list[np.ndarray] = [np.ones(n)] if intercept else []
    used = np.ones(n, dtype=bool)
    coded = intercept
    doubled = sorted({t for t in terms if terms.count(t) > 1})
    if doubled:
        raise DesignError(ErrorCode.FORMULA_TERM_TWICE, formula=formula, terms=", ".join(doubled))
    for term in terms:
        col = design.column(term)
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            values = col.to_numpy(dtype=np.float64, na_value=np.nan)
            used &= ~np.isnan(values)
            names.append(term)
            cols.append(values)
            continue
        codes, uniques = pd.factorize(col, sort=True)
        used &= codes >= 0
        start = 1 if coded else 0  # R: without intercept the first factor is coded in full
        coded = True
        for i in range(start, len(uniques)):
            names.append(f"{term}{plain(uniques[i])}")
            cols.append((codes == i).astype(np.float64))
    if not cols:
        raise DesignError(ErrorCode.FORMULA_NO_TERMS, formula=formula)
    X = np.column_stack(cols)
    return lhs, names, X, used
