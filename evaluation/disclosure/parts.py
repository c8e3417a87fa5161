"""Every published spread as a function of the cells: their means and within-cell sums of
squares (docs/method.md, "Spreads over strata").

A spread is the variance of influence values z_i = a_c (y_i - b_c), with a_c a known weight of
respondent i's cell c (from the n's alone) and b_c the figure's value or fitted value (linear in
the cell means). A cell contributes sum z = a_c n_c (mu_c - b_c) and sum z^2 = a_c^2 (SS_c +
n_c (mu_c - b_c)^2): with the SPT as stratum a spread is linear in the SS_c (so in the SPTs'
and cells' variance parts) plus a quadratic in the means; with the SPT as cluster it is a
quadratic in the means only. For a 0/1 answer SS_c = n_c p_c (1 - p_c), a function of the mean.
`SpreadModel.jacobian` gives the derivatives of the published spreads at a fixed generic point
(complex-step, exact to rounding), so `linear.RowSpace` decides, as for the figures
themselves, whether a withheld value is locally determined by what is published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Fn = Callable[[np.ndarray], list]  # theta -> published spread values (complex-safe)

STEP = 1e-30  # complex step: f(x + ih)/h has no cancellation, any tiny h is exact


@dataclass
class Cells:
    """The unknowns: per cell its SPT, n, trait answers; `binary`: 0/1 answers (SS follows
    from the mean, one unknown per cell), else mean and SS per cell (two unknowns)."""

    spt: list[str]
    n: np.ndarray
    traits: list[dict]
    binary: bool = False
    invited: dict[str, float] = field(default_factory=dict)  # population per SPT (fpc)
    sizes: dict[str, int] | None = None  # all respondents per SPT: fixed weights, else None
    adjust: bool = True  # lonely stratum centred at zero (R's "adjust"); else left out

    def __post_init__(self) -> None:
        self.names = sorted(set(self.spt))
        self.onehot = np.array([[s == k for s in self.spt] for k in self.names], dtype=float)
        self.onehot = self.onehot.reshape(len(self.names), len(self.spt))

    @property
    def count(self) -> int:
        return len(self.spt)

    @property
    def width(self) -> int:
        return self.count if self.binary else 2 * self.count

    def split(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Means and sums of squares, cells x points (`theta`: unknowns x points)."""
        mu = theta[: self.count]
        ss = self.n[:, None] * mu * (1 - mu) if self.binary else theta[self.count :]
        return mu, ss

    def generic(self) -> np.ndarray:
        """A fixed generic point (the same in the decision and in the audit)."""
        rng = np.random.default_rng(20)
        if self.binary:
            return rng.uniform(0.2, 0.8, self.count)
        mu = rng.uniform(1.5, 4.5, self.count)
        return np.concatenate([mu, np.maximum(self.n - 1, 0) * rng.uniform(0.3, 1.2, self.count)])

    def weights(self, rows: np.ndarray) -> np.ndarray:
        """Per cell the respondent weight 1/n_k of its SPT over the design's rows (per figure)
        or over all its respondents (fixed weights); K cancels in every ratio below."""
        if self.sizes is None:
            total = self.onehot @ (self.n * rows)
        else:
            total = np.array([float(self.sizes.get(k, 0)) for k in self.names])
        per = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
        return (per @ self.onehot) * rows


def variance(
    cells: Cells, theta, a, b, rows: np.ndarray, design: str, finite: bool = True, used=None
) -> tuple[list, list[float]]:
    """Stratum (or cluster) parts of the variance of z = a_c (y - b_c) and their df, as
    `SurveyDesign.stratum_variances`: `design` 'strata' (SPT a stratum, respondents its
    PSUs) or 'cluster' (SPTs the PSUs of one stratum); `rows`: the design's cells; `used`:
    the estimate's cells (a stratum's df is its respondents there - 1; default `rows`)."""
    used = rows if used is None else used
    mu, ss = cells.split(theta)
    d = mu - b
    m = cells.onehot * rows  # SPT x cells of the design
    n = cells.n[:, None]
    t = m @ (a[:, None] * n * d)  # per SPT: sum z
    z2 = m @ ((a * a)[:, None] * (ss + n * d * d))  # per SPT: sum z^2
    inside = (m @ (cells.n * rows)) > 0
    if design == "cluster":
        psus = int(inside.sum()) if cells.sizes is None else len(cells.sizes)
        if psus < 2:  # one PSU: no variance (the estimate says "niet te schatten")
            return [0 * t.sum(axis=0)], [1.0]
        totals = t[inside]
        mean = totals.sum(axis=0) / psus
        dev = ((totals - mean) ** 2).sum(axis=0) + (psus - len(totals)) * mean**2
        return [psus / (psus - 1) * dev], [float(psus - 1)]
    if design == "srs":  # one stratum, every respondent a PSU
        nh = float((cells.n * rows).sum())
        return [nh / (nh - 1) * (z2.sum(axis=0) - t.sum(axis=0) ** 2 / nh)], [nh - 1]
    present = (m @ (a != 0)) > 0
    if cells.sizes is None:
        nh = m @ cells.n
    else:
        nh = np.array([float(cells.sizes.get(k, 0)) for k in cells.names])
    population = np.array([float(cells.invited.get(k, np.inf)) for k in cells.names])
    keep = 1.0 - nh / population if finite else np.ones(len(cells.names))
    dfs = np.maximum((cells.onehot * used) @ cells.n - 1, 1)
    parts, out_dfs = [], []
    for h in np.flatnonzero(present):
        if nh[h] > 1:
            parts.append(keep[h] * nh[h] / (nh[h] - 1) * (z2[h] - t[h] ** 2 / nh[h]))
        else:
            parts.append(keep[h] * t[h] ** 2 if cells.adjust else 0 * t[h])
        out_dfs.append(float(dfs[h]))
    return parts, out_dfs


def satterthwaite(parts: list, dfs: list[float]):
    """(sum v)^2 / sum(v^2 / df); a quantity without variance gives NaN (no equation)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return sum(parts) ** 2 / sum(p * p / d for p, d in zip(parts, dfs, strict=True))


def domain(cells: Cells, inside: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, Callable]:
    """A domain mean's a_c and its value b(theta) over the design's `rows`."""
    w = cells.weights(rows) * inside
    a = w / (w * cells.n).sum()

    def centre(theta):
        mu, _ = cells.split(theta)
        return ((a * cells.n)[:, None] * mu).sum(axis=0)

    return a, centre


MEAN_QUANTITIES = ("V", "V_free", "df", "df_free", "deff")


def mean_spreads(cells: Cells, inside: np.ndarray, rows: np.ndarray, design: str) -> Fn:
    """A domain mean's spreads (`MEAN_QUANTITIES`): its variance with and without fpc, their
    Satterthwaite df and the design effect V / V_srs."""
    a, centre = domain(cells, inside, rows)

    def fn(theta):
        b = centre(theta)
        parts, dfs = variance(cells, theta, a, b, rows, design, used=inside)
        free, _ = variance(cells, theta, a, b, rows, design, finite=False, used=inside)
        deff = sum(parts) / srs(cells, theta, a, b, inside)
        return [sum(parts), sum(free), satterthwaite(parts, dfs), satterthwaite(free, dfs), deff]

    return fn


def srs(cells: Cells, theta, a, b, inside) -> complex:
    """The variance under simple random sampling the design effect divides by (as
    `SurveyDesign.mean_influence`: sum w (y - mean)^2 / W / (n - 1))."""
    mu, ss = cells.split(theta)
    n = cells.n[inside].sum()
    part = a[:, None] * (ss + cells.n[:, None] * (mu - b) ** 2)
    return part[inside].sum(axis=0) / (n - 1)


def difference_spreads(
    cells: Cells, ja: np.ndarray, nee: np.ndarray, rows: np.ndarray, design: str, strata: str
) -> Fn:
    """The trait test's spreads: the difference ja - nee has influence z_ja - z_nee; its
    variance under the traits' `design`, and under the SPT as stratum (`strata`, the grade's
    design) its variance and df, one less than the parts give (svyttest's degf - 1)."""
    a_ja, c_ja = domain(cells, ja, rows)
    a_nee, c_nee = domain(cells, nee, rows)

    def fn(theta):
        b = np.where(ja, 1.0, 0.0)[:, None] * c_ja(theta)
        b = b + np.where(nee, 1.0, 0.0)[:, None] * c_nee(theta)
        own, _ = variance(cells, theta, a_ja - a_nee, b, rows, design)
        parts, dfs = variance(cells, theta, a_ja - a_nee, b, rows, strata)
        return [sum(own), sum(parts), satterthwaite(parts, dfs) - 1]

    return fn


def regression_spreads(cells: Cells, terms: list[str], rows: np.ndarray, design: str) -> Fn:
    """Coefficients of the weighted least squares fit over the cells in `rows`: influence
    a_cj = w_c (A^-1 x_c)_j, centre x_c' beta with beta = A^-1 sum n w x mu."""
    x = np.array(
        [[1.0 if t == "(Intercept)" else float(c.get(t) or 0) for t in terms] for c in cells.traits]
    )
    w = cells.weights(rows) * rows
    xtwx = (x * (w * cells.n)[:, None]).T @ x
    inv = np.linalg.inv(xtwx)
    a = (x @ inv) * w[:, None]  # cells x terms

    def fn(theta):
        mu, _ = cells.split(theta)
        beta = inv @ ((x * (w * cells.n)[:, None]).T @ mu)
        fitted = x @ beta
        return [
            sum(variance(cells, theta, a[:, j], fitted, rows, design)[0]) for j in range(len(terms))
        ]

    return fn


def jacobian(fns: list[Fn], theta: np.ndarray) -> np.ndarray:
    """Rows: the derivatives of every value the functions give, by complex step, every
    direction at once (the functions take unknowns x points)."""
    points = theta[:, None] + 1j * STEP * np.eye(len(theta))
    values = [np.asarray(v) for fn in fns for v in fn(points)]
    return np.array([np.imag(v) / STEP for v in values], dtype=float).reshape(-1, len(theta))
