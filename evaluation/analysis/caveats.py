"""The run's caveats as data: which figures rest on a lonely stratum, an assumed or missing
invited count, or a design choice that could not apply (texts: analysis/wording.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from evaluation.analysis.frame import GRADE, FigureDesigns
from evaluation.disclosure.cells import pointer
from evaluation.estimation.design import SurveyDesign
from evaluation.inputs.register import Register
from evaluation.inputs.settings import DesignChoice
from evaluation.results import (
    BoundaryShare,
    Caveat,
    CensusStratum,
    DesignChoiceDropped,
    DesignName,
    Estimate,
    FewSptsCarryVariance,
    ItemDistribution,
    LonelyStratum,
    NoFpc,
    ResponseRateAssumed,
    Satisfaction,
    TraitComparison,
    TraitNotTestable,
)


def design_figures(name: DesignName, items: list[str], traits: list[str]) -> list[str]:
    """Pointers to every figure estimated on the grade or the traits design."""
    if name == "grade":
        return [
            pointer("satisfaction", "overall"),
            pointer("satisfaction", "by_spt"),
            *(pointer("items", i, key) for i in items for key in ("agree", "agree_by_spt")),
            *(
                pointer("traits", t, "test", key)
                for t in traits
                for key in ("se_stratum", "df_stratum", "se_ratio")
            ),
            pointer("tables", "1.8_respondenten"),
        ]
    return [
        *(pointer("traits", t, key) for t in traits for key in ("ja", "nee", "test")),
        pointer("traits_regression"),
    ]


def design_caveats(
    name: DesignName,
    designs: FigureDesigns,
    choice: DesignChoice,
    fpc: dict[str, Any],
    register: Register,
    figures: list[str],
) -> list[Caveat]:
    """Lonely strata of one design and what became of its fpc choice."""
    out: list[Caveat] = []
    lonely = designs.lonely_strata()
    if lonely:
        n_k = designs.df[choice.strata].value_counts() if choice.strata else {}
        single = [k for k in lonely if int(n_k.get(k, 0)) == 1]
        out.append(
            LonelyStratum(
                applies_to=figures,
                design=name,
                strata=lonely,
                rule=choice.lonely_psu,
                single_respondent=single,
            )
        )
    if not choice.fpc:
        return out
    if not fpc["by_spt"]:
        return [
            *out,
            DesignChoiceDropped(applies_to=figures, design=name, setting="fpc", value=choice.fpc),
        ]
    if fpc["unknown"] or fpc["below_respondents"] or fpc["assumed_spts"]:
        out.append(
            NoFpc(
                applies_to=figures,
                design=name,
                unknown=fpc["unknown"],
                below_respondents=fpc["below_respondents"],
                counts=fpc.get("counts", {}),
                assumed=fpc["assumed_spts"],
            )
        )
    return out


def rate_caveats(rows: list[dict[str, Any]]) -> list[Caveat]:
    """Rows of the response table (total last) whose rate rests on an assumed invited count."""
    assumed = [i for i, r in enumerate(rows) if r["invited_assumed"]]
    spts = [rows[i]["spt"] for i in assumed if i < len(rows) - 1]
    if not spts:
        return []
    where = [pointer("tables", "respons_spt", "rows", i) for i in assumed]
    return [ResponseRateAssumed(applies_to=where, spts=spts)]


def trait_caveats(traits: dict[str, TraitComparison]) -> list[Caveat]:
    """Every trait comparison the design could not test, with the verdict's reason."""
    return [
        TraitNotTestable(
            applies_to=[pointer("traits", key, "test")],
            trait=key,
            label=c.short,
            reason=c.test.verdict,
        )
        for key, c in traits.items()
        if c.test.p_value is None
    ]


def census_caveats(sat: Satisfaction, fpc: dict[str, Any], choice: DesignChoice) -> list[Caveat]:
    """SPTs whose respondents with a grade are all its invitees: no sampling error (SE 0)."""
    if not choice.fpc or not choice.strata:
        return []
    spts = [
        k
        for k, g in sat.by_spt.items()
        if k in fpc["by_spt"] and g.n and g.n >= fpc["by_spt"][k] and g.se == 0
    ]
    where = [pointer("satisfaction", "by_spt", k) for k in spts]
    return [CensusStratum(applies_to=where, design="grade", spts=spts)] if spts else []


def boundary_caveats(items: dict[str, ItemDistribution]) -> list[Caveat]:
    """Shares agreeing of exactly 0 or 1, national or per SPT (Korn-Graubard interval)."""
    where, shares = [], []
    for key, item in items.items():
        here = [pointer("items", key, "agree")] if item.agree.estimate in (0.0, 1.0) else []
        here += [
            pointer("items", key, "agree_by_spt", spt)
            for spt, e in item.agree_by_spt.items()
            if e.estimate in (0.0, 1.0)
        ]
        if here:
            where += here
            shares.append(item.short)
    return [BoundaryShare(applies_to=where, design="grade", shares=shares)] if where else []


def variance_caveats(design: SurveyDesign, overall: Estimate) -> list[Caveat]:
    """The fewest SPTs that carry half the national grade's variance, named when its effective
    df are less than half the design df (the interval then rests on a handful of SPTs)."""
    if overall.df is None or not overall.df_design or overall.df >= overall.df_design / 2:
        return []
    values = design.numeric(GRADE)
    used = ~np.isnan(values)
    _, infl, _ = design.mean_influence(values, used)
    parts, _ = design.stratum_variances(infl, used)
    total = float(parts.sum())
    if not total > 0:
        return []
    order = np.argsort(-parts, kind="stable")
    take = int(np.searchsorted(np.cumsum(parts[order]) / total, 0.5)) + 1
    chosen = [str(design.strata_labels[h]) for h in order[:take]]
    counts = design.column("spt")[used].value_counts()
    return [
        FewSptsCarryVariance(
            applies_to=[pointer("satisfaction", "overall")],
            design="grade",
            spts=chosen,
            respondents={k: int(counts.get(k, 0)) for k in chosen},
            df=float(overall.df),
            df_design=int(overall.df_design),
        )
    ]
