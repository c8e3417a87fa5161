"""Statement distributions (figures 1.2 and 2.1), nationally and per SPT."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.frame import (
    AGREE,
    EMPTY,
    WEIGHT,
    FigureDesigns,
    _est,
    _num,
    figure_weights,
)
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
    Per figure, the distribution is weighted over everyone who answered the statement and the
    agree share over the valid answers."""
    scale = codebook.scale_of(q)
    x, w = df[q.id], df[WEIGHT]
    valid = x.isin(list(scale.codes))
    dontknow = missing[q.id].notna() if q.id in missing else pd.Series(False, index=df.index)
    if settings.weighting.per_figure and (valid | dontknow).any():
        w = w.mask(valid | dontknow, figure_weights(df.loc[valid | dontknow, ["spt"]]))
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
    w_answered = float(w[valid | dontknow].sum())
    flag = AGREE + q.id
    kw = dict(method="logit", level=settings.confidence, ci=settings.ci_distribution)
    design = designs.on(df[flag].notna())
    agree = Estimate(**_est(proportion(design, flag, **kw)))
    by = proportion(design, flag, by="spt", **kw)
    return ItemDistribution(
        label=q.label,
        short=q.title,
        figure=q.figure or "",
        reverse=q.reverse,
        n=int(valid.sum()),
        n_effective=_num(kish_effective_n(w[valid])) if valid.any() else None,
        categories=categories,
        weet_niet={
            "share": float(w[dontknow].sum() / w_answered) if w_answered > 0 else None,
            "n": int(dontknow.sum()),
        },
        agree=agree,
        agree_by_spt={
            name: Estimate(**_est(by[name])) if name in by else Estimate(**EMPTY)
            for name in sorted(df["spt"].unique())
        },
        distribution_by_spt=spt_distributions(x, w, valid, dontknow, df["spt"], scale.codes),
    )


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
