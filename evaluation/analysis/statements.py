"""Statement distributions (figures 1.2 and 2.1), nationally and per SPT."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.frame import (
    AGREE,
    EMPTY,
    WEIGHT,
    FigureDesigns,
    figure_weights,
    finite_or_none,
)
from evaluation.analysis.intervals import published
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.effective import mean_spread
from evaluation.estimation.proportion import proportion
from evaluation.estimation.weighting import kish_effective_n
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.settings import Settings
from evaluation.results import (
    Category,
    Estimate,
    ItemDistribution,
    SptCategory,
    SptDistribution,
)


def item_distribution(
    df: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    q: Question,
    designs: FigureDesigns,
    settings: Settings,
) -> ItemDistribution:
    """Weighted % per answer ('weet niet' apart, not in the denominator) and the agree share.
    Per figure, every SPT counts equally: the distribution and the agree share over the SPTs
    with a valid answer (weights 1/(K n_k) of those answers, so '(helemaal) eens' in the
    distribution is the agree share exactly), 'weet niet' over the SPTs where someone answered
    the statement (1/(K n_k) of everyone who answered)."""
    scale = codebook.scale_of(q)
    x, w = df[q.id], df[WEIGHT]
    valid = x.isin(list(scale.codes))
    dontknow = missing[q.id].notna() if q.id in missing else pd.Series(False, index=df.index)
    w_dk = w
    if settings.weighting.per_figure and valid.any():
        w = w.mask(valid, figure_weights(df.loc[valid, ["spt"]]))
    if settings.weighting.per_figure and (valid | dontknow).any():
        w_dk = w_dk.mask(valid | dontknow, figure_weights(df.loc[valid | dontknow, ["spt"]]))
    w_valid = float(w[valid].sum())
    categories = [
        Category(
            code=int(code),
            label=label,
            share=float(w[x == code].sum() / w_valid) if w_valid > 0 else None,
            n=int((x == code).sum()),
        )
        for code, label in sorted(scale.codes.items())
    ]
    w_answered = float(w_dk[valid | dontknow].sum())
    flag = AGREE + q.id
    design = designs.on(df[flag].notna(), flag)
    agree = Estimate(**shares(design, flag, settings).get(None, EMPTY))
    by = shares(design, flag, settings, by="spt")
    return ItemDistribution(
        label=q.label,
        short=q.title,
        figure=q.figure or "",
        reverse=q.reverse,
        n=int(valid.sum()),
        n_effective=finite_or_none(kish_effective_n(w[valid])) if valid.any() else None,
        categories=categories,
        weet_niet={
            "share": float(w_dk[dontknow].sum() / w_answered) if w_answered > 0 else None,
            "n": int(dontknow.sum()),
        },
        agree=agree,
        agree_by_spt={
            name: Estimate(**by[name]) if name in by else Estimate(**EMPTY)
            for name in sorted(df["spt"].unique())
        },
        distribution_by_spt=spt_distributions(x, w_dk, valid, dontknow, df["spt"], scale.codes),
    )


def shares(design: SurveyDesign, flag: str, settings: Settings, by: str | None = None) -> dict:
    """The published share of ``flag`` (exact weighted ratio, logit interval on the effective
    df, Korn-Graubard with Kish's n at 0 or 1), overall (key None) or per level of ``by``."""
    kw = dict(method="logit", level=settings.confidence, ci=settings.ci_distribution)
    est = proportion(design, flag, by=by, effective=True, **kw)
    est = {None: est} if by is None else est
    spreads = mean_spread(design, flag, by)
    unit = "respondent" if design.psu_column is None else "SPT"
    return {
        k: published(e, spreads.get(k), unit=unit, distribution=settings.ci_distribution)
        for k, e in est.items()
        if e.n > 0
    }


def spt_distributions(
    x: pd.Series,
    w: pd.Series,
    valid: pd.Series,
    dontknow: pd.Series,
    spt: pd.Series,
    codes: dict[int, str],
) -> dict[str, SptDistribution]:
    """Each SPT's own answer distribution for one statement, computed as the national one
    (weighted share of valid answers, 'weet niet' apart as a share of everyone who answered);
    within an SPT the weights are equal, so these are the SPT's unweighted shares."""
    out = {}
    for name in sorted(spt.unique()):
        own = spt == name
        w_valid = float(w[own & valid].sum())
        w_answered = float(w[own & (valid | dontknow)].sum())
        out[name] = SptDistribution(
            n=int((own & valid).sum()),
            categories=[
                SptCategory(
                    code=int(code),
                    share=float(w[own & (x == code)].sum() / w_valid) if w_valid > 0 else None,
                    n=int((own & (x == code)).sum()),
                )
                for code in sorted(codes)
            ],
            weet_niet={
                "share": float(w[own & dontknow].sum() / w_answered) if w_answered > 0 else None,
                "n": int((own & dontknow).sum()),
            },
        )
    return out
