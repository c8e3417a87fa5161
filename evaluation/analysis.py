"""The SPT analysis: validated responses in, `Results` out (grade, statements, traits, tables).

Every estimate with a standard error goes through `SurveyDesign`: the grade designs (SPT as
stratum, fpc = invited) and the trait design (SPT as cluster) are settings. Weights are
computed once over all valid respondents, w = 1 / (K n_k); a figure with missing values per
respondent is a domain estimate on those weights (R survey's na.rm=TRUE).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from evaluation.codebook import Codebook, Question
from evaluation.descriptives import (
    ORG_RULE,
    SPT_TYPE_RULE,
    consensus_rule_text,
    descriptive_tables,
    table_respondent_shares,
)
from evaluation.design import Estimate as DesignEstimate
from evaluation.design import SurveyDesign
from evaluation.dutch import number
from evaluation.errors import DesignError, InputError
from evaluation.intake import IntakeResult
from evaluation.privacy import pseudonym
from evaluation.register import Register
from evaluation.results import (
    Category,
    Coefficient,
    Counts,
    Estimate,
    GroupGrade,
    ItemDistribution,
    Parameters,
    Regression,
    ReliabilityOut,
    Response,
    Results,
    Satisfaction,
    SptCategory,
    SptDistribution,
    SptGrade,
    TraitComparison,
    TraitTest,
)
from evaluation.scales import reliability, satisfaction_grade
from evaluation.settings import DesignChoice, Settings
from evaluation.weighting import equal_per_service_point, kish_effective_n

WEIGHT, GRADE, INVITED = "_weight", "_grade", "_invited"
AGREE, YES = "_agree_", "_ja_"  # prefixes of the 0/1 flag columns estimated as proportions
BANDS = ("beneden gemiddeld", "gemiddeld", "boven gemiddeld")
DIRECTION = "ja min nee"


# ---------------------------------------------------------------------------------------------
# Preparation: grade, weights, fpc


def scored_frame(
    intake: IntakeResult, codebook: Codebook, register: Register, settings: Settings
) -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    """Responses plus grade, weight and invited (fpc) columns; the weighting and fpc records.

    Weights are computed once over every valid respondent (K = SPTs with respondents).
    """
    df = intake.responses.copy()
    if df.empty:
        raise InputError("geen geldige rijen om te analyseren")
    df[GRADE] = satisfaction_grade(df, codebook)
    population = None
    if settings.weighting.scale == "population":
        population = {k: v for k, v in register.invited().items() if v}
    wr = equal_per_service_point(
        df, by="spt", scale=settings.weighting.scale, population=population
    )
    df[WEIGHT] = wr.weights.astype("float64")
    df[INVITED], fpc = _fpc_column(df, register)
    return df, dict(wr.record), fpc


def _fpc_column(df: pd.DataFrame, register: Register) -> tuple[pd.Series, dict[str, Any]]:
    """Invited count per respondent's SPT; infinite (no fpc) where unknown or below n_k."""
    n_k = df["spt"].value_counts()
    invited = register.invited()
    used, unknown, inconsistent = {}, [], []
    for name in n_k.index:
        inv = invited.get(name)
        if inv is None:
            unknown.append(name)
        elif inv < n_k[name]:
            inconsistent.append(name)
        else:
            used[name] = int(inv)
    col = df["spt"].map(lambda s: float(used.get(s, math.inf)))
    assumed = any(register.get(n).invited_assumed for n in used if n in register.names)
    record = {
        "column": "invited",
        "by_spt": {k: used[k] for k in sorted(used)},
        "unknown": sorted(unknown),
        "below_respondents": sorted(inconsistent),
        "assumed": assumed,
        "rule": (
            "populatie per stratum = aantal uitgenodigden uit het register; onbekend of "
            "kleiner dan het aantal respondenten: geen eindige-populatiecorrectie voor dat SPT"
        ),
    }
    return col, record


def _design(df: pd.DataFrame, choice: DesignChoice) -> SurveyDesign:
    return SurveyDesign(
        df,
        weights=WEIGHT,
        strata=choice.strata,
        psu=choice.psu,
        fpc=INVITED if choice.fpc else None,
        lonely_psu=choice.lonely_psu,
    )


def _describe(choice: DesignChoice) -> str:
    parts = []
    if choice.strata:
        parts.append(f"{choice.strata} als stratum")
    if choice.psu:
        parts.append(f"{choice.psu} als cluster (PSU)")
    if not parts:
        parts.append("respondenten als onafhankelijke eenheden")
    if choice.fpc:
        parts.append(f"eindige-populatiecorrectie uit {choice.fpc}")
    parts.append(f"lonely PSU '{choice.lonely_psu}'")
    return "; ".join(parts)


def _num(v: Any) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


def _est(e: DesignEstimate) -> dict[str, Any]:
    return {
        "estimate": _num(e.estimate),
        "se": _num(e.se),
        "ci": (_num(e.ci[0]), _num(e.ci[1])),
        "n": int(e.n),
        "df": _num(e.df),
        "deff": _num(e.deff),
    }


# ---------------------------------------------------------------------------------------------
# Satisfaction grade


def band(estimate: float | None, overall: float | None, n: int, settings: Settings) -> str | None:
    """'beneden gemiddeld' / 'gemiddeld' / 'boven gemiddeld' by the distance to the overall
    grade (at least `band.threshold` below / above, unrounded); None below min_n."""
    if estimate is None or overall is None or n < settings.min_n:
        return None
    gap = estimate - overall
    if gap <= -settings.band.threshold:
        return BANDS[0]
    if gap >= settings.band.threshold:
        return BANDS[2]
    return BANDS[1]


def satisfaction(
    df: pd.DataFrame, codebook: Codebook, settings: Settings, design: SurveyDesign
) -> Satisfaction:
    ci, level = settings.ci_distribution, settings.confidence
    overall = Estimate(**_est(design.mean(GRADE, ci=ci, level=level)))
    by = design.mean(GRADE, by="spt", ci=ci, level=level)
    by_spt = {}
    for name in sorted(by):
        e = _est(by[name])
        by_spt[name] = SptGrade(**e, band=band(e["estimate"], overall.estimate, e["n"], settings))
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


# ---------------------------------------------------------------------------------------------
# Statements (figures 1.2 and 2.1)


def agree_codes(codebook: Codebook, q: Question) -> list[int]:
    """'(helemaal) eens': the two highest codes of the statement's scale (4 and 5)."""
    return sorted(codebook.scale_of(q).codes)[-2:]


def item_distribution(
    df: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    q: Question,
    design: SurveyDesign,
    settings: Settings,
) -> ItemDistribution:
    """Weighted % per answer ('weet niet' apart, not in the denominator) and the agree share."""
    scale = codebook.scale_of(q)
    x, w = df[q.id], df[WEIGHT]
    valid = x.isin(list(scale.codes))
    dontknow = missing[q.id].notna() if q.id in missing else pd.Series(False, index=df.index)
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
    agree = Estimate(**_est(design.proportion(flag, **kw)))
    by = design.proportion(flag, by="spt", **kw)
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
        agree_by_spt={name: Estimate(**_est(by[name])) for name in sorted(by)},
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


# ---------------------------------------------------------------------------------------------
# Traits (table 2.2)


def mdd(se: float | None, df: float | None, alpha: float, power: float) -> float | None:
    """Minimum detectable difference: (t_{1-alpha/2, df} + t_{power, df}) * SE(difference)."""
    if se is None or df is None or df <= 0:
        return None
    return float((stdtrit(df, 1 - alpha / 2) + stdtrit(df, power)) * se)


def verdict(p: float | None, df: float | None, mdd_value: float | None, alpha: float) -> str:
    """Plain Dutch: significant or not at `alpha`, with p, df and the smallest detectable gap."""
    if p is None or df is None or df <= 0 or mdd_value is None:
        return "niet te toetsen: te weinig SPT's in een van beide groepen"
    detail = f"p = {number(p, 2)}, {int(df)} vrijheidsgraden"
    smallest = f"kleinste aantoonbare verschil {number(mdd_value, 1)}"
    if p < alpha:
        return f"verschil significant ({detail}); {smallest}"
    return f"verschil niet significant ({detail}); {smallest}"


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
    traits: SurveyDesign,
    strata: SurveyDesign,
    settings: Settings,
) -> TraitComparison:
    """Grade for 'ja' (1) and 'nee' (0), the design-based difference ja minus nee, its MDD."""
    ci, level = settings.ci_distribution, settings.confidence
    design_text = _describe(settings.design.traits)
    has = df[GRADE].notna() & df[q.id].isin([0, 1])
    n_spt = {v: int(df.loc[has & (df[q.id] == v), "spt"].nunique()) for v in (0, 1)}
    groups = {v: _empty_group(int((has & (df[q.id] == v)).sum())) for v in (0, 1)}
    try:
        by = traits.mean(GRADE, by=q.id, ci=ci, level=level)
        for v in (0, 1):
            if v in by:
                groups[v] = GroupGrade(**_est(by[v]))
        t = traits.ttest(GRADE, by=q.id, level=level)
        t_strat = strata.ttest(GRADE, by=q.id, level=level)
    except DesignError as exc:
        test = _no_test(str(exc), design_text)
    else:
        se, df_t = _num(t.se), _num(t.df)
        m = mdd(se, df_t, settings.mdd.alpha, settings.mdd.power)
        p = _num(t.p_value)
        se_s = _num(t_strat.se)
        test = TraitTest(
            direction=DIRECTION,
            difference=_num(t.difference),
            se=se,
            ci=(_num(t.ci[0]), _num(t.ci[1])),
            t=_num(t.t),
            df=df_t,
            p_value=p,
            mdd=m,
            significant=None if p is None else bool(p < settings.mdd.alpha),
            verdict=verdict(p, df_t, m, settings.mdd.alpha),
            design=design_text,
            se_stratum=se_s,
            df_stratum=_num(t_strat.df),
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


def traits_regression(trait_ids: list[str], design: SurveyDesign, settings: Settings):
    """One design-based regression of the grade on all traits (0/1) together."""
    formula = f"{GRADE} ~ " + " + ".join(trait_ids)
    shown = "cijfer ~ " + " + ".join(trait_ids)
    note = (
        "Lineaire regressie met ontwerpgebaseerde standaardfouten (SPT als cluster); alleen "
        "respondenten met een cijfer en een ja/nee-antwoord op elk kenmerk. Coëfficiënt = "
        "verschil ja min nee bij gelijke andere kenmerken."
    )
    try:
        fit = design.regress(formula, level=settings.confidence)
    except DesignError as exc:
        return Regression(
            formula=shown,
            design=_describe(settings.design.traits),
            n=0,
            df=None,
            coefficients={},
            note=f"niet te schatten: {exc}",
        )
    coefs = {
        name: Coefficient(
            estimate=_num(c.estimate),
            se=_num(c.se),
            ci=(_num(c.ci[0]), _num(c.ci[1])),
            t=_num(c.t),
            p_value=_num(c.p_value),
        )
        for name, c in fit.coefficients.items()
    }
    return Regression(
        formula=shown,
        design=_describe(settings.design.traits),
        n=int(fit.n),
        df=_num(fit.df),
        coefficients=coefs,
        note=note,
    )


# ---------------------------------------------------------------------------------------------
# Whole run


def _rules(settings: Settings) -> dict[str, str]:
    t = number(settings.band.threshold, 1)
    return {
        "gewichten": (
            "Gewogen naar SPT: w = 1/(K·n_k), met n_k alle geldige respondenten van SPT k en K "
            "het aantal SPT's met respondenten, één keer berekend. Ontbreekt een antwoord, dan "
            "tellen de andere respondenten met hun gewicht (domeinschatting, als na.rm in R "
            "survey); elk SPT telt dan precies even zwaar zolang niemand in dat SPT ontbreekt."
        ),
        "cijfer": (
            "Cijfer per respondent: gemiddelde van de geldige stellingen van figuur 2.1 "
            "(1 = helemaal mee oneens ... 5 = helemaal mee eens; 'de werking moet beter' "
            "omgekeerd: 6 - x), met minstens het minimum aantal geldige stellingen uit het "
            "codeboek."
        ),
        "band": (
            f"Per SPT: 'beneden gemiddeld' bij minstens {t} onder het gewogen totaalcijfer, "
            f"'boven gemiddeld' bij minstens {t} erboven, anders 'gemiddeld' (onafgeronde "
            f"cijfers); geen indeling voor een SPT met minder dan {settings.min_n} respondenten "
            "met een cijfer."
        ),
        "betrouwbaarheidsinterval": (
            f"{number(settings.confidence * 100, 0)}%-interval op de "
            + (
                "t-verdeling met de vrijheidsgraden van het ontwerp"
                if settings.ci_distribution == "t"
                else "normale verdeling"
            )
            + "; voor aandelen het logit-interval (als svyciprop in R survey)."
        ),
        "stellingen": (
            "Per stelling het gewogen percentage per antwoord van wie een geldig antwoord gaf; "
            "'weet niet' apart, als aandeel van iedereen die de stelling beantwoordde, en niet "
            "in de noemer. '(Helemaal) eens' = de twee hoogste antwoorden. Effectieve n = "
            "(Σw)²/Σw² (Kish)."
        ),
        "kenmerken": (
            "Kenmerken (tabel 2.2) per respondent: ja of nee, 'weet niet' telt niet mee. Het "
            "kenmerk hoort bij het SPT, dus het SPT is een cluster: respondenten van één SPT "
            f"zijn niet onafhankelijk. Verschil = {DIRECTION}, toets als svyttest in R survey."
        ),
        "kleinste_aantoonbare_verschil": (
            "Kleinste aantoonbare verschil = (t(1 - α/2; df) + t(1 - β; df)) × standaardfout "
            f"van het verschil, met α = {number(settings.mdd.alpha, 2)} (tweezijdig) en een kans "
            f"van 1 - β = {number(settings.mdd.power, 2)} om een verschil van die grootte te "
            "vinden (onderscheidend vermogen); df = vrijheidsgraden. Kleinere verschillen kan "
            "deze enquête niet betrouwbaar aantonen."
        ),
        "consensus": consensus_rule_text(settings.consensus.share),
        "organisaties": ORG_RULE,
        "type_spt": SPT_TYPE_RULE,
        "verdeling": (
            "Tabellen 1.5 en 1.6: gemiddelde verdeling per SPT, daarna het gemiddelde over de "
            "SPT's met gegevens (elk SPT even zwaar)."
        ),
        "afronding": (
            f"Getoonde getallen worden half naar boven afgerond op {settings.rounding.decimals} "
            "decimaal (percentages op hele procenten); de resultaten zelf zijn onafgerond."
        ),
        "onderdrukking": (
            f"De resultaten zelf onderdrukken niets; bij publicatie wordt een cel met minder dan "
            f"{settings.min_n} respondenten niet getoond (x)."
        ),
    }


def analyse(
    intake: IntakeResult, codebook: Codebook, register: Register, settings: Settings
) -> Results:
    """Every figure of the report from validated responses, with its parameters."""
    df, weighting, fpc = scored_frame(intake, codebook, register, settings)
    missing = intake.missing.reindex(df.index)
    df = add_flags(df, missing, codebook)
    grade_design = _design(df, settings.design.grade)
    trait_design = _design(df, settings.design.traits)
    sat = satisfaction(df, codebook, settings, grade_design)
    items = {
        q.id: item_distribution(df, missing, codebook, q, grade_design, settings)
        for q in codebook.questions
        if q.figure and q.type == "single"
    }
    trait_ids = [q.id for q in codebook.traits]
    traits = {
        q.id: trait_comparison(df, q, trait_design, grade_design, settings) for q in codebook.traits
    }
    tables = descriptive_tables(
        df, missing, codebook, register, df[WEIGHT], settings.consensus.share
    )
    tables["1.8_respondenten"] = _with_ci(
        table_respondent_shares(df, missing, codebook, df[WEIGHT], "1.8"),
        df,
        missing,
        codebook,
        grade_design,
        settings,
    )
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
        traits_regression=traits_regression(trait_ids, trait_design, settings),
        tables=tables,
    )


def add_flags(df: pd.DataFrame, missing: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """0/1 columns for the proportions: '(helemaal) eens' per statement (valid answers only)
    and 'ja' per respondent-level question (denominator incl. 'weet niet')."""
    flags = {}
    for q in codebook.questions:
        if q.figure and q.type == "single":
            valid = df[q.id].isin(list(codebook.scale_of(q).codes))
            flags[AGREE + q.id] = df[q.id].isin(agree_codes(codebook, q)).astype(float)
            flags[AGREE + q.id] = flags[AGREE + q.id].where(valid)
        if q.respondent_level and q.type == "single":
            answered = df[q.id].notna()
            if q.id in missing:
                answered |= missing[q.id].notna()
            flags[YES + q.id] = (df[q.id] == 1).astype(float).where(answered)
    return df.assign(**flags)


def _with_ci(table, df, missing, codebook, design, settings):
    """Add the logit CI of the 'ja' share (denominator incl. 'weet niet') to each row."""
    for row in table.rows:
        e = design.proportion(
            YES + row["question"],
            method="logit",
            level=settings.confidence,
            ci=settings.ci_distribution,
        )
        row["ja_ci_low"], row["ja_ci_high"] = _num(e.ci[0]), _num(e.ci[1])
        row["ja_se"] = _num(e.se)
    return table


def _parameters(intake, codebook, register, settings, weighting, fpc) -> Parameters:
    return Parameters(
        year=settings.year,
        weighting={**_jsonable(weighting), "method": settings.weighting.method},
        design_grade={
            **settings.design.grade.model_dump(),
            "description": _describe(settings.design.grade),
        },
        design_traits={
            **settings.design.traits.model_dump(),
            "description": _describe(settings.design.traits),
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
        rules=_rules(settings),
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


WEIGHTS_HEADER = ["respondent", "spt", "weight"]


def weight_rows(frame: pd.DataFrame, key: bytes) -> list[list[object]]:
    """weights.csv rows: pseudonymous respondent id, SPT, weight at full precision."""
    return [
        [pseudonym(rid, key), spt, repr(float(w))]
        for rid, spt, w in zip(frame["respondent_id"], frame["spt"], frame[WEIGHT], strict=True)
    ]
