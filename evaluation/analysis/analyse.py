"""analyse(): validated responses in, every figure of the report out as `Results`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from evaluation.analysis.caveats import (
    boundary_caveats,
    census_caveats,
    design_caveats,
    design_figures,
    rate_caveats,
    trait_caveats,
    variance_caveats,
)
from evaluation.analysis.cells import grade_cells
from evaluation.analysis.choices import choice_questions
from evaluation.analysis.frame import (
    EMPTY,
    GRADE,
    WEIGHT,
    YES,
    FigureDesigns,
    add_flags,
    figure_columns,
    scored_frame,
)
from evaluation.analysis.satisfaction import BANDS, satisfaction
from evaluation.analysis.statements import item_distribution, shares
from evaluation.analysis.tables import descriptive_tables
from evaluation.analysis.traits import trait_comparison, traits_regression
from evaluation.analysis.wording import DIRECTION, design_description, rule_texts
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.intake.result import IntakeResult, excluded_by_reason
from evaluation.results import (
    Counts,
    Parameters,
    Response,
    Results,
)


def analyse(
    intake: IntakeResult, codebook: Codebook, register: Register, settings: Settings
) -> Results:
    """Every figure of the report from validated responses, with its parameters."""
    df, weighting, fpc = scored_frame(intake, codebook, register, settings)
    missing = intake.missing.reindex(df.index)
    df = add_flags(df, missing, codebook)
    per_figure = settings.weighting.per_figure
    trait_ids = [q.id for q in codebook.traits]
    estimated = figure_columns(df, trait_ids)
    grade_designs = FigureDesigns(df, settings.design.grade, per_figure, estimated)
    # the trait designs estimate only the grade by trait (comparisons, regression)
    trait_designs = FigureDesigns(df, settings.design.traits, per_figure, [GRADE, *trait_ids])
    sat = satisfaction(df, codebook, settings, grade_designs.on(df[GRADE].notna(), GRADE))
    items = {
        q.id: item_distribution(df, missing, codebook, q, grade_designs, settings)
        for q in codebook.questions
        if q.figure and q.type == "single"
    }
    traits = {
        q.id: trait_comparison(df, q, trait_designs, grade_designs, settings)
        for q in codebook.traits
    }
    tables = descriptive_tables(
        df, missing, codebook, register, df[WEIGHT], settings.consensus.share, per_figure
    )
    tables["1.8_respondenten"] = _with_ci(tables["1.8_respondenten"], grade_designs, settings)
    regression, regression_caveat = traits_regression(df, trait_ids, trait_designs, settings)
    caveats = [
        *(
            c
            for name, design in (("grade", grade_designs), ("traits", trait_designs))
            for c in design_caveats(
                name,
                design,
                getattr(settings.design, name),
                fpc,
                register,
                design_figures(name, list(items), trait_ids),
            )
        ),
        *census_caveats(sat, fpc, settings.design.grade),
        *variance_caveats(grade_designs.on(df[GRADE].notna(), GRADE), sat.overall),
        *boundary_caveats(items),
        *rate_caveats(tables["respons_spt"].rows),
        *trait_caveats(traits),
        regression_caveat,
    ]
    resp = tables["respons_spt"].rows[-1]
    return Results(
        parameters=_parameters(intake, codebook, register, settings, weighting, fpc),
        response=Response(
            n=int(len(df)),
            n_spt=int(df["spt"].nunique()),
            invited=resp["invited"],
            rate=resp["rate"],
            invited_assumed=bool(resp["invited_assumed"]),
        ),
        satisfaction=sat,
        items=items,
        traits=traits,
        traits_regression=regression,
        tables=tables,
        caveats=caveats,
        grade_cells=grade_cells(df, trait_ids),
        choices=choice_questions(df, codebook, grade_designs, settings),
    )


def _with_ci(table, designs: FigureDesigns, settings: Settings):
    """Add the logit CI of the 'ja' share (denominator incl. 'weet niet') to each row."""
    for row in table.rows:
        flag = YES + row["question"]
        e = shares(designs.on(designs.df[flag].notna(), flag), flag, settings).get(None, EMPTY)
        row["ja_ci_low"], row["ja_ci_high"] = e["ci"]
        row["ja_se"] = e["se"]
    return table


def _parameters(intake, codebook, register, settings, weighting, fpc) -> Parameters:
    return Parameters(
        year=settings.year,
        weighting={
            **_jsonable(weighting),
            "method": settings.weighting.method,
            "per_figure": settings.weighting.per_figure,
        },
        design_grade={
            **settings.design.grade.model_dump(),
            "description": design_description(settings.design.grade.model_dump()),
        },
        design_traits={
            **settings.design.traits.model_dump(),
            "description": design_description(settings.design.traits.model_dump()),
        },
        lonely_psu=settings.design.grade.lonely_psu,
        fpc=fpc,
        confidence=settings.confidence,
        ci_distribution=settings.ci_distribution,
        min_n=settings.min_n,
        band={**settings.band.model_dump(), "inclusive": True, "labels": list(BANDS)},
        consensus=settings.consensus.model_dump(),
        mdd={
            **settings.mdd.model_dump(),
            "formula": "(t(1-alpha/2, df) + t(power, df)) * se(difference)",
            "direction": DIRECTION,
        },
        rounding=settings.rounding.model_dump(),
        rules=rule_texts(settings),
        fact_questions=[
            name for q in codebook.questions if q.about_spt for name in (q.id, *(q.items or {}))
        ],
        codebook_version=codebook.version,
        codebook_sha256=codebook.source_sha256,
        register_sha256=register.source_sha256,
        settings_sha256=settings.source_sha256,
        input_sha256=intake.source_sha256,
        input_file=intake.source_path,
        counts=Counts(
            rows_read=intake.rows_read,
            valid=intake.valid,
            quarantined=intake.quarantined,
            item_errors=intake.item_errors,
            excluded=intake.excluded,
            excluded_by_reason=excluded_by_reason(intake.problems),
        ),
    )


def _jsonable(value: Any) -> Any:
    """Numpy scalars, Series and tuples in a weighting record as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, pd.Series):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value
