"""The satisfaction grade overall and per SPT, and each SPT's band."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.frame import EMPTY, GRADE
from evaluation.analysis.intervals import GRADE_SCALE, published
from evaluation.analysis.scales import reliability
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.effective import mean_spread
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.settings import Settings
from evaluation.results import (
    BANDS,
    Estimate,
    ReliabilityOut,
    Satisfaction,
    SptGrade,
)


def band(estimate: float | None, overall: float | None, settings: Settings) -> str | None:
    """'beneden gemiddeld' / 'gemiddeld' / 'boven gemiddeld' by the distance to the overall
    grade (at least `band.threshold` below / above, unrounded). Whether a band may be shown is
    disclosure's decision: a withheld grade takes its band with it."""
    if estimate is None or overall is None:
        return None
    gap = estimate - overall
    if gap <= -settings.band.threshold:
        return BANDS[0]
    if gap >= settings.band.threshold:
        return BANDS[2]
    return BANDS[1]


def grades(design: SurveyDesign, settings: Settings, by: str | None = None) -> dict:
    """The published grade (interval on the effective df, inside 1-5), overall (key None) or
    per level of ``by``, as results.json fields."""
    ci, level = settings.ci_distribution, settings.confidence
    est = design.mean(GRADE, by=by, ci=ci, level=level)
    est = {None: est} if by is None else est
    spreads = mean_spread(design, GRADE, by)
    unit = "respondent" if design.psu_column is None else "SPT"
    return {
        k: published(e, spreads.get(k), unit=unit, distribution=ci, scale=GRADE_SCALE)
        for k, e in est.items()
        if e.n > 0
    }


def satisfaction(
    df: pd.DataFrame, codebook: Codebook, settings: Settings, design: SurveyDesign
) -> Satisfaction:
    overall = Estimate(**grades(design, settings).get(None, EMPTY))
    by = grades(design, settings, by="spt")
    by_spt = {}
    for name in sorted(df["spt"].unique()):  # an SPT without any grade is there, empty
        e = by[name] if name in by else dict(EMPTY)
        by_spt[name] = SptGrade(**e, band=band(e["estimate"], overall.estimate, settings))
    rel = reliability(df, codebook)
    return Satisfaction(
        label=codebook.satisfaction.label,
        items=list(codebook.satisfaction.items),
        reverse_items=codebook.reverse_items,
        min_valid=codebook.satisfaction.min_valid,
        n_with_grade=int(df[GRADE].notna().sum()),
        overall=overall,
        by_spt=by_spt,
        reliability=ReliabilityOut(
            alpha=rel.alpha,
            n_complete=rel.n_complete,
            k=rel.k,
            item_rest=rel.item_rest,
            item_means=rel.item_means,
        ),
    )
