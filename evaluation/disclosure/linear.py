"""Exact derivability by linear algebra: is a withheld figure a linear combination of the
published ones? (The check of Statistics Norway's GaussSuppression, written for our shape.)

Every figure of one quantity is a row `a` over the same unknowns (cell means or SPT values):
figure = a . x. A withheld figure `b` can be derived from the published rows A exactly when
`b` lies in the row space of A; then b = lambda' A for some lambda, the recipe of the attack."""

from __future__ import annotations

import numpy as np
from scipy import linalg

# Singular values below this share of the largest count as zero (the rows are normalised).
RANK_TOL = 1e-9
# A target whose distance to the row space is below this share of its length is derivable.
RESIDUAL_TOL = 1e-7
# A set of unknowns is reached alone when the published rows outside it lose a dimension to
# within this (squared singular value of the rows' basis restricted to the set, against 1).
SUPPORT_TOL = 1e-12


class RowSpace:
    """An orthonormal basis of the row space of published rows (each row normalised first,
    which leaves the space unchanged and the rank decision independent of scale)."""

    def __init__(self, rows: np.ndarray, width: int) -> None:
        self.rows = np.asarray(rows, dtype=float).reshape(-1, width)
        norms = np.linalg.norm(self.rows, axis=1)
        kept = self.rows[norms > 0] / norms[norms > 0, None]
        if len(kept) == 0:
            self.basis = np.zeros((0, width))
            return
        # LAPACK's gesvd: on these small matrices numpy's gesdd spends far longer in threads
        _, s, vt = linalg.svd(kept, full_matrices=False, lapack_driver="gesvd")
        self.basis = vt[: int((s > RANK_TOL * s[0]).sum())]

    @property
    def rank(self) -> int:
        return int(self.basis.shape[0])

    def contains(self, target: np.ndarray) -> bool:
        """True when `target` (a non-zero row) is a linear combination of the rows."""
        b = np.asarray(target, dtype=float)
        size = float(np.linalg.norm(b))
        if size == 0 or self.rank == 0:
            return False
        residual = b - self.basis.T @ (self.basis @ b)
        return float(np.linalg.norm(residual)) <= RESIDUAL_TOL * size

    def reaches_only(self, inside: np.ndarray) -> bool:
        """True when some published combination involves only the unknowns in `inside` (a
        boolean mask): then something about them alone can be derived. A single unknown is the
        unit-vector test; a set of small SPTs is the test that their pooled value is safe.

        With B the orthonormal basis, such a combination exists when B's columns outside
        `inside` lose rank, that is when B's columns inside have a singular value of 1
        (B_out B_out' = I - B_in B_in'): a small SVD, however many unknowns there are."""
        if self.rank == 0 or not inside.any():
            return False
        block = self.basis[:, inside]
        top = (
            float(np.linalg.svd(block, compute_uv=False)[0])
            if block.shape[1] > 1
            else float(np.linalg.norm(block))
        )
        return top * top > 1.0 - SUPPORT_TOL


def recipe(rows: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """Weights lambda with lambda' rows = target (the attack), or None if there are none."""
    a = np.asarray(rows, dtype=float)
    if a.size == 0 or not RowSpace(a, a.shape[1]).contains(target):
        return None
    weights, *_ = np.linalg.lstsq(a.T, np.asarray(target, dtype=float), rcond=None)
    weights[np.abs(weights) < 1e-12] = 0.0
    return weights


def unit(width: int, index: int) -> np.ndarray:
    out = np.zeros(width)
    out[index] = 1.0
    return out
