"""The national grade over a chosen set of SPTs: the same estimator as the report's grade (every
SPT counting equally, the year's design), on the respondents of those SPTs only. The trend
chapter sets it beside the all-SPT change when the years measured different SPTs."""

from __future__ import annotations

from dataclasses import replace

from evaluation.analysis.frame import GRADE, FigureDesigns, scored_frame
from evaluation.analysis.satisfaction import satisfaction
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.intake.result import SPT, IntakeResult
from evaluation.results import Estimate


def grade_over(
    intake: IntakeResult,
    codebook: Codebook,
    register: Register,
    settings: Settings,
    spts: set[str],
) -> Estimate:
    """The national grade (estimate, SE, interval, df) over the respondents of `spts`."""
    choice = settings.design.grade
    # the grade needs the SPT, its items and the design's columns: a copy of those rows only
    # (every answer column of a 100,000-row wave would be a second copy of the wave)
    needed = {SPT, *codebook.satisfaction.items, choice.strata, choice.psu}
    responses = intake.responses
    rows = responses[SPT].isin(spts)
    part = replace(intake, responses=responses.loc[rows, [c for c in responses if c in needed]])
    df, _, _ = scored_frame(part, codebook, register, settings)
    designs = FigureDesigns(df, choice, settings.weighting.per_figure, estimated=[GRADE])
    return satisfaction(df, codebook, settings, designs.on(df[GRADE].notna(), GRADE)).overall
