"""How many respondents each SPT needs next year, from this year's spread of the grade.

Assumptions (stated on every output): the grade's spread within an SPT stays as measured this
year; next year is an independent sample of the same size as the plan; a change between two
years is tested two-sided with the run's alpha and power (`parameters.mdd`) on the normal
approximation; every SPT counts equally (w = 1/(K n_k)); no fpc (a change is about the SPT's
working, not about these people). Closed form, for SPT k with within-SPT variance s_k^2:

    per SPT:     n_k >= 2 (z_{1-alpha/2} + z_power)^2 s_k^2 / delta^2
    nationally:  with n respondents in every SPT, var(change) = 2 sum_k s_k^2 / (K^2 n), so
                 n >= 2 (z_{1-alpha/2} + z_power)^2 sum_k s_k^2 / (K^2 delta^2)

s_k^2 = n_k * se_nofpc_k^2 (the domain mean's variance without fpc is s_k^2 / n_k). Where the
SPT's spread is withheld or cannot be estimated, the pooled spread of the others is assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.special import ndtri

from evaluation.errors import DesignError, ErrorCode

DELTA = 0.3


@dataclass(frozen=True)
class SptPlan:
    """One SPT: this year's n and spread, and the respondents needed next year."""

    spt: str
    n: int | None
    sd: float
    sd_assumed: bool  # True: the pooled spread of the other SPTs
    n_shown: int  # the minimum n of publication
    n_change_spt: int  # a change of DELTA in this SPT's grade detectable
    n_needed: int  # the largest of the three (shown, own change, national change)


@dataclass(frozen=True)
class SamplePlan:
    year: int
    alpha: float
    power: float
    delta: float
    min_n: int
    z: float  # z_{1-alpha/2} + z_power
    pooled_sd: float | None
    n_change_national: int | None  # respondents per SPT (equal in every SPT)
    spts: tuple[SptPlan, ...]

    @property
    def total(self) -> int:
        return sum(s.n_needed for s in self.spts)


def _needed(variance: float, z: float, delta: float) -> int:
    return math.ceil(2 * z**2 * variance / delta**2 - 1e-9)


def _variances(by_spt: dict[str, dict]) -> dict[str, float]:
    """s_k^2 of every SPT whose spread is published and estimable (n >= 2)."""
    out = {}
    for spt, g in by_spt.items():
        se = g.get("se_nofpc") if g.get("se_nofpc") is not None else g.get("se")
        n = g.get("n")
        if se is not None and n is not None and n >= 2 and math.isfinite(se):
            out[spt] = n * se * se
    return out


def sample_plan(tree: dict, delta: float = DELTA) -> SamplePlan:
    """The plan for the year after the tree's year; DesignError (a ValueError) when no SPT has a
    spread."""
    p = tree["parameters"]
    alpha, power = float(p["mdd"]["alpha"]), float(p["mdd"]["power"])
    min_n = int(p["min_n"])
    z = float(ndtri(1 - alpha / 2) + ndtri(power))  # normal quantiles
    by_spt = tree["satisfaction"]["by_spt"]
    var = _variances(by_spt)
    dof = {k: by_spt[k]["n"] - 1 for k in var}
    pooled = sum(var[k] * dof[k] for k in var) / sum(dof.values()) if var else None
    if pooled is None:
        raise DesignError(ErrorCode.NO_PUBLISHED_SPREAD)
    spread = {k: var.get(k, pooled) for k in by_spt}
    big_k = len(spread)
    national = _needed(sum(spread.values()) / big_k**2, z, delta) if big_k else None
    plans = []
    for spt in sorted(by_spt):
        own = _needed(spread[spt], z, delta)
        plans.append(
            SptPlan(
                spt=spt,
                n=by_spt[spt].get("n"),
                sd=math.sqrt(spread[spt]),
                sd_assumed=spt not in var,
                n_shown=min_n,
                n_change_spt=own,
                n_needed=max(min_n, own, national or 0),
            )
        )
    return SamplePlan(
        year=int(p["year"]) + 1,
        alpha=alpha,
        power=power,
        delta=delta,
        min_n=min_n,
        z=z,
        pooled_sd=math.sqrt(pooled),
        n_change_national=national,
        spts=tuple(plans),
    )
