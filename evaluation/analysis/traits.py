"""Table 2.2: the grade by organisational trait, its design-based test and its MDD."""

from __future__ import annotations

import math

import pandas as pd

from evaluation.analysis.frame import GRADE, FigureDesigns, finite_or_none
from evaluation.analysis.satisfaction import grades
from evaluation.analysis.wording import (
    DIRECTION,
    caveat_text,
    design_description,
    untestable_reason,
)
from evaluation.dutch import number
from evaluation.errors import DesignError, ErrorCode
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.effective import difference_spread
from evaluation.estimation.regression import regress
from evaluation.estimation.types import critical_value, detectable_difference, two_sided_p
from evaluation.inputs.codebook import Question
from evaluation.inputs.settings import Settings
from evaluation.results import (
    Coefficient,
    GroupGrade,
    Regression,
    RegressionCaveat,
    TraitComparison,
    TraitTest,
)


def mdd(se: float | None, df: float | None, alpha: float, power: float) -> float | None:
    """Minimum detectable difference: (t_{1-alpha/2, df} + t_{power, df}) * SE(difference)."""
    if se is None or (df is not None and df <= 0):
        return None
    return detectable_difference(se, math.inf if df is None else df, alpha, power)


def verdict(p: float | None, df: float | None, mdd_value: float | None, alpha: float) -> str:
    """Plain Dutch for a board: the difference is 'aantoonbaar' at `alpha` or not, with the
    smallest detectable gap; p and the degrees of freedom stay in table 2.2 and the workbook."""
    if p is None or (df is not None and df <= 0) or mdd_value is None:
        return "niet te toetsen: te weinig SPT's in een van beide groepen"
    smallest = f"kleinste aantoonbare verschil {number(mdd_value, 1)}"
    if p < alpha:
        return f"verschil aantoonbaar; {smallest}"
    return f"verschil niet aantoonbaar; {smallest}"


def df_text(df: float) -> str:
    """Degrees of freedom as printed: whole when whole, else one decimal (effective df)."""
    return number(df, 0 if abs(df - round(df)) < 1e-9 else 1)


def _no_test(reason: str, design_text: str) -> TraitTest:
    return TraitTest(
        direction=DIRECTION,
        difference=None,
        se=None,
        ci=(None, None),
        t=None,
        df=None,
        p_value=None,
        mdd=None,
        significant=None,
        verdict=f"niet te toetsen: {reason}",
        design=design_text,
        se_stratum=None,
        df_stratum=None,
        se_ratio=None,
    )


def _empty_group(n: int) -> GroupGrade:
    """A group whose grade cannot be estimated (e.g. every respondent gave the same answer)."""
    return GroupGrade(estimate=None, se=None, ci=(None, None), n=n)


def trait_comparison(
    df: pd.DataFrame,
    q: Question,
    traits: FigureDesigns,
    strata: FigureDesigns,
    settings: Settings,
) -> TraitComparison:
    """Grade for 'ja' (1) and 'nee' (0), the design-based difference ja minus nee, its MDD.

    One weight set over the respondents with a grade and a ja/nee answer. A group that exists
    is estimated even when the other is empty; the test needs both groups, and with the SPT as
    cluster at least two SPTs in each (one SPT has no variance between SPTs)."""
    ci, level = settings.ci_distribution, settings.confidence
    design_text = design_description(settings.design.traits.model_dump())
    has = df[GRADE].notna() & df[q.id].isin([0, 1])
    n_spt = {v: int(df.loc[has & (df[q.id] == v), "spt"].nunique()) for v in (0, 1)}
    groups = {v: _empty_group(int((has & (df[q.id] == v)).sum())) for v in (0, 1)}
    design, strat = traits.on(has, GRADE, q.id), strata.on(has, GRADE, q.id)
    if has.any():
        by = grades(design, settings, by=q.id)
        for v in (0, 1):
            if v in by:
                groups[v] = GroupGrade(**by[v])
    clusters = bool(settings.design.traits.psu)
    reason = untestable_reason(groups[1].n, groups[0].n, n_spt[1], n_spt[0], clusters)
    if not reason:
        try:
            t = design.ttest(GRADE, by=q.id, level=level)
            t_strat = strat.ttest(GRADE, by=q.id, level=level)
            df_t, df_s = _effective_df(design, q.id, ci), _effective_df(strat, q.id, ci)
            if df_t is not None and df_t < 1:
                reason = "minder dan één vrijheidsgraad"
        except DesignError as exc:
            reason = str(exc)  # the design's Dutch line, written into the verdict
    if reason:
        test = _no_test(reason, design_text)
    else:
        se = finite_or_none(t.se)
        m = mdd(se, df_t, settings.mdd.alpha, settings.mdd.power)
        p = finite_or_none(two_sided_p(t.t, math.inf if df_t is None else df_t))
        crit = critical_value(level, math.inf if df_t is None else df_t)
        se_s = finite_or_none(t_strat.se)
        test = TraitTest(
            direction=DIRECTION,
            difference=finite_or_none(t.difference),
            se=se,
            ci=(
                finite_or_none(t.difference - crit * t.se),
                finite_or_none(t.difference + crit * t.se),
            ),
            t=finite_or_none(t.t),
            df=df_t,
            p_value=p,
            mdd=m,
            significant=None if p is None else bool(p < settings.mdd.alpha),
            verdict=verdict(p, df_t, m, settings.mdd.alpha),
            design=design_text,
            se_stratum=se_s,
            df_stratum=df_s,
            se_ratio=se / se_s if se is not None and se_s else None,
        )
    return TraitComparison(
        label=q.label,
        short=q.title,
        n_spt_ja=n_spt[1],
        n_spt_nee=n_spt[0],
        ja=groups[1],
        nee=groups[0],
        test=test,
    )


def _effective_df(design: SurveyDesign, trait: str, distribution: str) -> float | None:
    """The test's df: the Satterthwaite df of the difference minus one (R's degf - 1 with one
    stratum); None for a normal interval."""
    if distribution == "normal":
        return None
    return finite_or_none(difference_spread(design, GRADE, trait).df)


def traits_regression(
    df: pd.DataFrame, trait_ids: list[str], designs: FigureDesigns, settings: Settings
) -> tuple[Regression, RegressionCaveat]:
    """One design-based regression of the grade on all traits (0/1) together, and its caveat;
    one weight set over the respondents with a grade and a ja/nee answer to every trait."""
    valid = df[GRADE].notna() & df[trait_ids].isin([0, 1]).all(axis=1)
    design = designs.on(valid, GRADE, *trait_ids)
    formula = f"{GRADE} ~ " + " + ".join(trait_ids)
    shown = "cijfer ~ " + " + ".join(trait_ids)
    described = design_description(settings.design.traits.model_dump())
    where = ["/traits_regression"]
    try:
        fit = regress(design, formula, level=settings.confidence)
        if fit.df < 1:
            raise DesignError(
                ErrorCode.REGRESSION_NO_DF, coefficients=len(fit.names), n=fit.n, df=fit.df
            )
    except DesignError as exc:
        caveat = RegressionCaveat(applies_to=where, design="traits", n=0, df=None, reason=str(exc))
        return Regression(
            formula=shown,
            design=described,
            n=0,
            df=None,
            coefficients={},
            note=caveat_text(caveat),
        ), caveat
    coefs = {
        name: Coefficient(
            estimate=finite_or_none(c.estimate),
            se=finite_or_none(c.se),
            ci=(finite_or_none(c.ci[0]), finite_or_none(c.ci[1])),
            t=finite_or_none(c.t),
            p_value=finite_or_none(c.p_value),
        )
        for name, c in fit.coefficients.items()
    }
    aliased = list(fit.aliased)
    caveat = RegressionCaveat(
        applies_to=where, design="traits", n=int(fit.n), df=finite_or_none(fit.df), aliased=aliased
    )
    return Regression(
        formula=shown,
        design=described,
        n=caveat.n,
        df=caveat.df,
        coefficients=coefs,
        note=caveat_text(caveat),
        aliased=aliased,
    ), caveat
