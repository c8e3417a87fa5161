"""Design-based estimation for one-stage survey designs, matching R's `survey` package.

`SurveyDesign` holds weights, optional strata, optional PSUs (clusters) and an optional finite
population correction, like R's ``svydesign(ids=~psu, strata=~s, weights=~w, fpc=~N)``. Every
estimator (here, in `proportion` and in `regression`) turns its statistic into linearised
(influence) values and hands them to one variance routine, `SurveyDesign.variance`, which is
R's ``svyrecvar``/``onestage``/``onestrat`` for a one-stage design:

    V = sum_h scale_h * sum_i (T_hi - Tbar_h)^2,   scale_h = (1 - f_h) * n_h / (n_h - 1)

with T_hi the total of the influence values in PSU i of stratum h, n_h the number of PSUs in the
stratum in the whole design and f_h = n_h / N_h. Worked example (two strata, no fpc, no clusters):
stratum A has weights 1, 1 and values 2, 4; stratum B has weights 2, 2 and values 6, 10. The
weighted mean is (2 + 4 + 12 + 20) / 6 = 38/6; the influence values w (y - mean) / sum(w) are
(-26/36, -14/36) in A and (-4/36, 44/36) in B; within-stratum deviations are +-6/36 and +-24/36,
so V = 2 * (36 + 36) / 36^2 + 2 * (576 + 576) / 36^2 = 2448 / 1296 and SE = 1.3744 (see
tests/test_design.py).

Domains (``by=``) and missing values (R's ``na.rm=TRUE``) set the influence values of rows
outside the domain to zero, so every stratum and PSU of the design stays in the variance, as
R's ``svyby`` and ``subset`` do. Lonely PSUs (a stratum with one PSU) follow R's
``options(survey.lonely.psu=)``, read from R's source (survey 4.1, ``onestrat``/``onestage``):

- ``fail``: raise, naming the strata (R's default);
- ``adjust``: the lonely stratum's PSU total is not centred at a stratum mean. R centres it at
  zero, which is the grand mean of the influence values of a mean or ratio (they sum to zero);
  for a total the raw PSU total is used. Scale is (1 - f_h), without n/(n-1);
- ``average``: the stratum is left out and the sum over the other strata is multiplied by
  (strata present) / (strata with a variance), i.e. it gets the average stratum variance;
- ``remove``: the stratum contributes zero;
- ``certainty``: the stratum contributes zero (R treats every lonely PSU as sampled with
  certainty, whatever its fpc).

A stratum whose fpc equals its number of PSUs (f_h = 1, a certainty stratum) contributes zero under
every rule and never fails, as in R. Strata without any row in the estimation domain are not
counted (R drops them from the subset), which only matters for ``average`` and ``fail``.

Degrees of freedom are R's ``degf``: PSUs minus strata among the rows used by the estimate (so a
domain estimate reports the df of the domain's own rows, as ``degf(subset(design, ...))``).
Confidence intervals for means and totals are normal by default (R's ``confint``), or t on that df.
Design effects are R's ``svymean(deff="replace")``: the variance under simple random sampling with
replacement, s^2 / n with s^2 the weighted variance times n/(n-1). R's ``deff=TRUE`` uses a
without-replacement SRS with N = sum of weights, which is undefined for weights that sum to less
than n (such as the SPT weights 1/(K n_k)); we therefore use the with-replacement form.
PSU identifiers are taken as nested within strata (R's ``nest=TRUE``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation import columns
from evaluation.estimation.calibration import Step, residualise
from evaluation.estimation.types import (
    CI_METHODS,
    LONELY_RULES,
    Estimate,
    TTest,
    critical_value,
    plain,
    two_sided_p,
)

_CERTAIN = 1e-7  # R: a stratum with sampling fraction above 1 - 1e-7 has no variance


class SurveyDesign:
    """A one-stage survey design: R's ``svydesign(ids, strata, weights, fpc, nest=TRUE)``.

    ``fpc`` names a column holding, per stratum, the population size (number of PSUs in the
    population, N_h) or the sampling fraction (all values <= 1), as R's ``fpc=``. The design
    keeps a copy-on-write snapshot of ``df`` (no data copied): columns added to ``df`` later are
    not seen, as with R's svydesign; build the design after adding analysis columns.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        weights: str | None = "w",
        strata: str | None = None,
        psu: str | None = None,
        fpc: str | None = None,
        lonely_psu: str = "fail",
        calibration: tuple[Step, ...] = (),
    ) -> None:
        if lonely_psu not in LONELY_RULES:
            raise DesignError(
                ErrorCode.CHOICE_UNKNOWN,
                setting="lonely_psu",
                choices=", ".join(LONELY_RULES),
                value=lonely_psu,
            )
        if len(df) == 0:
            raise DesignError(ErrorCode.DESIGN_NO_ROWS)
        self.data = df.copy(deep=False)  # copy-on-write snapshot: later edits to df stay out
        self._domain_cache: dict[str, tuple[list[Any], np.ndarray]] = {}
        self.weights_column, self.strata_column = weights, strata
        self.psu_column, self.fpc_column = psu, fpc
        self.lonely_psu = lonely_psu
        self.calibration = calibration  # see calibrated.py: rake, calibrate, trim
        self._n = len(df)
        self._present_memo: tuple[np.ndarray | None, np.ndarray] = (None, np.ones(0, bool))
        for name in (weights, strata, psu, fpc):
            if name is not None:
                self.column(name)
        self._stratum, self.strata_labels = columns.strata_codes(self.data, strata)
        self._H = len(self.strata_labels)
        key = self._stratum
        if psu is not None:
            raw = self.column(psu)
            if raw.isna().any():
                raise DesignError(ErrorCode.PSU_MISSING, column=psu)
            psu_codes, psu_values = pd.factorize(raw)
            key = self._stratum * len(psu_values) + psu_codes  # PSUs nested in strata
        # Rows sorted by (stratum, PSU) once, so every group sum is a contiguous reduceat.
        self._order = None
        if not bool((key[1:] >= key[:-1]).all()):
            small = key.astype(np.uint16) if key.max() < 2**16 else key  # radix sort
            self._order = np.argsort(small, kind="stable")
        counts = np.bincount(self._stratum, minlength=self._H)
        stratum_sorted = np.repeat(np.arange(self._H), counts)
        key_sorted = stratum_sorted if psu is None else self._sorted(key)
        self._row_h_starts = np.flatnonzero(np.r_[True, stratum_sorted[1:] != stratum_sorted[:-1]])
        if psu is None:
            self._psu_starts = None
            psu_stratum = stratum_sorted
        else:
            self._psu_starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
            psu_stratum = stratum_sorted[self._psu_starts]
        self._n_psu = len(psu_stratum)
        self._h_starts = np.flatnonzero(np.r_[True, psu_stratum[1:] != psu_stratum[:-1]])
        self._n_h_int = np.diff(np.r_[self._h_starts, self._n_psu])
        self._n_h = self._n_h_int.astype(np.float64)
        self._N_h = np.full(self._H, np.inf)
        if fpc is not None:
            first = self._row_h_starts if self._order is None else self._order[self._row_h_starts]
            self._N_h = columns.population_sizes(
                self.data, fpc, self._stratum, first, self._n_h, self.strata_labels
            )
        self._f_h = self._n_h / self._N_h
        if weights is not None:
            self._w = columns.positive_weights(self.data, weights)
        elif fpc is not None:
            self._w = (self._N_h / self._n_h)[self._stratum]
        else:
            self._w = np.ones(self._n)
        self._w.flags.writeable = False

    def _sorted(self, values: np.ndarray) -> np.ndarray:
        """Values in the design's internal (stratum, PSU) order."""
        return values if self._order is None else values[self._order]

    # ---- what estimators build on ---------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    @property
    def weights(self) -> np.ndarray:
        """The sampling weight of every row (read-only)."""
        return self._w

    def column(self, name: str) -> pd.Series:
        """A column of the design's data; a missing one is named with those that exist."""
        return columns.column(self.data, name)

    def numeric(self, name: str) -> np.ndarray:
        """A column as float64 (booleans as 0/1, missing as NaN)."""
        return columns.numeric(self.data, name)

    def domains(self, by: str) -> tuple[list[Any], np.ndarray]:
        """Sorted levels of ``by`` and a code per row (-1 where missing), cached per column."""
        if by in self._domain_cache:
            return self._domain_cache[by]
        col = self.column(by)
        text = pd.api.types.is_string_dtype(col) and not isinstance(col.dtype, pd.CategoricalDtype)
        values = col.to_numpy(dtype=object) if text else col  # object hashing is the fastest
        codes, uniques = pd.factorize(values, sort=True)
        if len(uniques) < 1:  # one level is a domain (the whole sample); a test needs two
            raise DesignError(ErrorCode.DOMAIN_NO_LEVEL, column=by)
        self._domain_cache[by] = ([plain(u) for u in uniques], np.asarray(codes))
        return self._domain_cache[by]

    # ---- the one variance routine ---------------------------------------------------------
    @property
    def df(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf``)."""
        return int(self._n_psu - self._H)

    @property
    def lonely_strata(self) -> list[Any]:
        """Strata with a single PSU (and a sampling fraction below 1)."""
        lonely = (self._n_h == 1) & (1 - self._f_h >= _CERTAIN)  # as in variance
        return [self.strata_labels[h] for h in np.flatnonzero(lonely)]

    def _present(self, used: np.ndarray | None) -> np.ndarray:
        """Strata with at least one row in ``used`` (all strata when ``used`` is None)."""
        if used is None or bool(used.all()):
            return np.ones(self._H, dtype=bool)
        if self._present_memo[0] is used:  # variance and degf ask for the same mask
            return self._present_memo[1]
        present = np.logical_or.reduceat(self._sorted(used), self._row_h_starts)
        self._present_memo = (used, present)
        return present

    def degf(self, used: np.ndarray | None = None) -> int:
        """R's degf on the rows used: distinct PSUs minus distinct strata."""
        if used is None:
            return self.df
        strata = int(self._present(used).sum())
        if self._psu_starts is None:
            return int(np.count_nonzero(used)) - strata
        psus = np.logical_or.reduceat(self._sorted(used), self._psu_starts)
        return int(psus.sum()) - strata

    def psus(self, used: np.ndarray) -> int:
        """Distinct PSUs with a row in ``used`` (the units an SE rests on)."""
        return self.degf(used) + int(self._present(used).sum())

    def variance(self, infl: np.ndarray, used: np.ndarray | None = None) -> np.ndarray:
        """Variance matrix of influence values (rows x p), as R's svyrecvar for one stage.

        ``used`` marks the rows of the estimation domain (influence values elsewhere are zero);
        strata without such rows are left out, as R's subset does.
        """
        dev, factor = self._deviations(infl, used, finite=True)
        if dev.shape[1] == 1:
            v = np.array([[float((dev[:, 0] * dev[:, 0]).sum())]])
        else:
            v = dev.T @ dev
        return v * factor if factor != 1.0 else v

    def stratum_variances(
        self, infl: np.ndarray, used: np.ndarray | None = None, finite: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each stratum's part of the variance of one estimate (they sum to ``variance``) and
        its degrees of freedom: PSUs with a row in ``used`` - 1 (as R's degf of a domain), at
        least 1 (a lonely PSU centred by ``adjust`` is one squared deviation).
        ``finite=False`` leaves out the fpc (every stratum treated as sampled from an infinite
        population), for comparisons between years."""
        dev, factor = self._deviations(infl.reshape(self._n, 1), used, finite)
        parts = np.add.reduceat(dev[:, 0] * dev[:, 0], self._h_starts) * factor
        if used is None or bool(used.all()):
            return parts, np.maximum(self._n_h - 1, 1)
        rows = self._sorted(used)
        hit = rows if self._psu_starts is None else np.logical_or.reduceat(rows, self._psu_starts)
        counts = np.add.reduceat(hit.astype(np.float64), self._h_starts)
        return parts, np.maximum(counts - 1, 1)

    def _deviations(
        self, infl: np.ndarray, used: np.ndarray | None, finite: bool
    ) -> tuple[np.ndarray, float]:
        """Scaled deviations of the PSU totals (PSUs x p) and the 'average' rule's factor."""
        x = infl.reshape(self._n, -1)
        if self.calibration:  # R: a calibrated design keeps every row, so every stratum
            x, used = residualise(x, self.calibration), None
        x = self._sorted(x)
        totals = x if self._psu_starts is None else np.add.reduceat(x, self._psu_starts, axis=0)
        present = self._present(used)
        n_h = self._n_h
        keep = 1.0 - self._f_h if finite else np.ones(self._H)
        scale = np.where(n_h > 1, keep * n_h / np.maximum(n_h - 1, 1), keep)
        certain = keep < _CERTAIN
        lonely = (n_h == 1) & present & ~certain
        centre = np.ones(self._H, dtype=bool)
        excluded = np.zeros(self._H, dtype=bool)
        if lonely.any():
            rule = self.lonely_psu
            if rule == "fail":
                names = ", ".join(f"'{self.strata_labels[h]}'" for h in np.flatnonzero(lonely))
                raise DesignError(ErrorCode.LONELY_PSU, strata=names)
            if rule == "adjust":
                centre[lonely] = False
            elif rule == "average":
                excluded = lonely
                scale = np.where(lonely, 0.0, scale)
            else:  # remove, certainty
                scale = np.where(lonely, 0.0, scale)
        scale = np.where(certain | ~present, 0.0, scale)
        sums = np.add.reduceat(totals, self._h_starts, axis=0)
        means = np.where(centre[:, None], sums / n_h[:, None], 0.0)
        dev = totals - np.repeat(means, self._n_h_int, axis=0)
        dev *= np.repeat(np.sqrt(scale), self._n_h_int)[:, None]
        factor = 1.0
        if excluded.any():
            nstrat = int(present.sum())
            nok = nstrat - int(excluded.sum())
            if nok == 0:
                raise DesignError(ErrorCode.LONELY_AVERAGE_NONE)
            factor = nstrat / nok
        return dev, factor

    # ---- estimators -----------------------------------------------------------------------
    def _estimate(
        self,
        value: float,
        var: float,
        used: np.ndarray,
        vsrs: float,
        ci: str,
        level: float,
    ) -> Estimate:
        if ci not in CI_METHODS:
            raise DesignError(ErrorCode.CHOICE_UNKNOWN, setting="ci", choices="normal, t", value=ci)
        df = self.degf(used)
        se = math.sqrt(var) if var >= 0 else math.nan
        q = critical_value(level, math.inf if ci == "normal" else df)
        deff = var / vsrs if vsrs > 0 else math.nan
        return Estimate(
            estimate=float(value),
            se=se,
            ci=(value - q * se, value + q * se),
            n=int(used.sum()),
            deff=deff,
            df=df,
            lonely_psu=self.lonely_psu,
            level=level,
            ci_method=ci,
        )

    def _by(self, by: str | None, y: np.ndarray):
        """(key, used-mask) pairs: the whole sample or each domain, non-missing y only."""
        ok = ~np.isnan(y)
        if by is None:
            return [(None, ok)]
        levels, codes = self.domains(by)
        return [(lev, ok & (codes == i)) for i, lev in enumerate(levels)]

    def mean_influence(self, y: np.ndarray, used: np.ndarray) -> tuple[float, np.ndarray, float]:
        """Ratio mean of ``y`` over ``used``, its influence values (zero outside ``used``) and
        the variance under simple random sampling with replacement (for the design effect)."""
        rows = None if bool(used.all()) else np.flatnonzero(used)
        w = self._w if rows is None else self._w[rows]
        yd = y if rows is None else y[rows]
        wsum = float(w.sum())
        if wsum <= 0:
            return math.nan, np.zeros(self._n), math.nan
        mean = float((w * yd).sum()) / wsum
        resid = yd - mean
        part = w * resid
        part /= wsum
        n = len(yd)
        vsrs = float((part * resid).sum()) / (n - 1) if n > 1 else math.nan
        if rows is None:
            return mean, part, vsrs
        infl = np.zeros(self._n)
        infl[rows] = part
        return mean, infl, vsrs

    def mean(
        self, y: str, by: str | None = None, ci: str = "normal", level: float = 0.95
    ) -> Estimate | dict[Any, Estimate]:
        """Weighted mean (a ratio estimator) of ``y``; with ``by`` a dict level -> Estimate."""
        values = self.numeric(y)
        out: dict[Any, Estimate] = {}
        for key, used in self._by(by, values):
            m, infl, vsrs = self.mean_influence(values, used)
            var = float(self.variance(infl, used)[0, 0]) if used.any() else math.nan
            out[key] = self._estimate(m, var, used, vsrs, ci, level)
        return out[None] if by is None else out

    def total(
        self, y: str, by: str | None = None, ci: str = "normal", level: float = 0.95
    ) -> Estimate | dict[Any, Estimate]:
        """Weighted (Horvitz-Thompson) total of ``y``; with ``by`` a dict level -> Estimate."""
        values = self.numeric(y)
        out: dict[Any, Estimate] = {}
        for key, used in self._by(by, values):
            infl = np.where(used, self._w * np.where(used, values, 0.0), 0.0)
            var = float(self.variance(infl, used)[0, 0]) if used.any() else math.nan
            _, _, vmean = self.mean_influence(values, used)
            wsum = float(self._w[used].sum())
            out[key] = self._estimate(float(infl.sum()), var, used, vmean * wsum**2, ci, level)
        return out[None] if by is None else out

    def ttest(self, y: str, by: str, level: float = 0.95) -> TTest:
        """Difference in means between the two levels of ``by`` (second minus first, sorted),
        as R's ``svyttest(y ~ by)``: the svyglm coefficient, its sandwich SE, df = degf - 1."""
        values = self.numeric(y)
        levels, codes = self.domains(by)
        if len(levels) != 2:
            shown = ", ".join(repr(v) for v in levels)
            raise DesignError(ErrorCode.GROUP_NOT_TWO, column=by, found=shown)
        ok = ~np.isnan(values) & (codes >= 0)
        first, second = ok & (codes == 0), ok & (codes == 1)
        m1, i1, _ = self.mean_influence(values, first)
        m2, i2, _ = self.mean_influence(values, second)
        var = float(self.variance(i2 - i1, ok)[0, 0])
        diff, se = m2 - m1, math.sqrt(var)
        df = self.degf(ok) - 1
        t = diff / se if se > 0 else math.nan
        p_value = two_sided_p(t, df)
        q = critical_value(level, df)
        return TTest(
            difference=diff,
            se=se,
            t=t,
            df=df,
            p_value=p_value,
            levels=(levels[0], levels[1]),
            ci=(diff - q * se, diff + q * se),
            n=(int(first.sum()), int(second.sum())),
            lonely_psu=self.lonely_psu,
            level=level,
        )
