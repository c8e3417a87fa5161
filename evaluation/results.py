"""`Results`: every figure of one analysis run, as one Pydantic model with stable JSON keys.

Results hold full-precision numbers and every cell's unweighted `n`; nothing is rounded or
suppressed here (the disclosure step suppresses for publication, displays round half up).
Shares are in 0..1, allocations in percent points as answered. The keys are documented in
the README ("Results JSON"); `to_json()` is deterministic so auditors can diff and recompute.

`caveats` say, as data, which figures rest on a lonely stratum, an assumed or missing invited
count or a design choice that could not apply; the report words them (analysis/wording.py).
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The SPT bands, low to high (table 2.1): the analysis assigns them, the reports order by them.
BANDS = ("beneden gemiddeld", "gemiddeld", "boven gemiddeld")

Number = float | None

CI = tuple[Number, Number]

Cell = str | float | int | bool | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Estimate(_Model):
    """A design-based estimate: value, SE, interval, unweighted n, df (effective) and design df;
    SE and df without fpc for changes; where the spread cannot be estimated only `reason`."""

    estimate: Number
    se: Number
    ci: CI
    n: int | None  # None only where disclosure withheld it (a small SPT's valid answers)
    df: Number = None
    deff: Number = None
    df_design: int | None = None
    se_nofpc: Number = None
    df_nofpc: Number = None
    reason: str | None = None


class SptGrade(Estimate):
    """Grade of one SPT (a domain mean) and its band relative to the overall grade."""

    band: str | None = None


class ReliabilityOut(_Model):
    alpha: Number
    n_complete: int | None  # None where withheld (a republished year)
    k: int
    item_rest: dict[str, Number]
    item_means: dict[str, Number]


class Satisfaction(_Model):
    label: str
    items: list[str]
    reverse_items: list[str]
    min_valid: int
    n_with_grade: int | None  # None where withheld (a republished year)
    overall: Estimate
    by_spt: dict[str, SptGrade]
    reliability: ReliabilityOut


class Category(_Model):
    code: int
    label: str
    share: Number  # weighted share of the valid answers ('weet niet' excluded)
    n: int | None  # unweighted respondents giving this answer; None where disclosure withheld it


class SptCategory(_Model):
    """One answer within one SPT's distribution (n is None once withheld for publication)."""

    code: int
    share: Number  # share of the SPT's valid answers ('weet niet' excluded)
    n: int | None  # unweighted respondents of the SPT giving this answer


class SptDistribution(_Model):
    """One statement's answers within one SPT. All weights within an SPT are equal, so the
    weighted shares are the SPT's own unweighted shares."""

    n: int | None  # unweighted valid answers of the SPT ('weet niet' excluded); None if withheld
    categories: list[SptCategory]
    weet_niet: dict[str, Number | int | None]  # {share (of all who answered), n}


class ItemDistribution(_Model):
    """One statement of figure 1.2 / 2.1."""

    label: str
    short: str
    figure: str
    reverse: bool
    n: int | None  # unweighted valid answers ('weet niet' excluded); None where withheld
    n_effective: Number  # Kish effective n of the weights of those answers
    categories: list[Category]
    weet_niet: dict[str, Number | int | None]  # {share (of all who answered, incl. weet niet), n}
    agree: Estimate  # share "(helemaal) eens", logit CI
    agree_by_spt: dict[str, Estimate]
    distribution_by_spt: dict[str, SptDistribution] = Field(default_factory=dict)


class ChoiceOption(_Model):
    """One option of a 'choose at most N' question: its share of those who answered it."""

    label: str
    share: Estimate
    by_spt: dict[str, Estimate]


class ChoiceQuestion(_Model):
    """A 'choose at most N' question (success factors, bottlenecks): a share per option."""

    label: str
    short: str
    table: str
    max_choices: int
    n: int | None  # respondents who ticked at least one option; None where withheld
    options: dict[str, ChoiceOption]


class GroupGrade(Estimate):
    pass


class TraitTest(_Model):
    """Design-based comparison of the grade between 'ja' and 'nee' respondents of a trait."""

    direction: str  # "ja min nee"
    difference: Number
    se: Number
    ci: CI
    t: Number
    df: Number
    p_value: Number
    mdd: Number
    significant: bool | None
    verdict: str
    design: str  # description of the design (SPT as cluster)
    se_stratum: Number  # SE of the same difference with SPT as stratum
    df_stratum: Number
    se_ratio: Number  # se / se_stratum


class TraitComparison(_Model):
    label: str
    short: str
    n_spt_ja: int  # SPTs with at least one 'ja' respondent
    n_spt_nee: int
    ja: GroupGrade
    nee: GroupGrade
    test: TraitTest


class Coefficient(_Model):
    estimate: Number
    se: Number
    ci: CI
    t: Number
    p_value: Number


class Regression(_Model):
    formula: str
    design: str
    n: int | None  # None where withheld (a republished year)
    df: Number
    coefficients: dict[str, Coefficient]
    note: str
    aliased: list[str] = Field(default_factory=list)


class GradeCell(_Model):
    """Respondents with a grade in one SPT who gave the same answers to the traits: the
    smallest group every grade figure combines (disclosure's derivability check reads them).
    `traits`: per trait 1 (ja), 0 (nee) or None (anything else); `mean` is withheld on
    publication, the rest are facts about the SPT and counts."""

    spt: str = Field(description="The SPT (register name).")
    traits: dict[str, int | None]
    n: int = Field(description="Respondents with a grade in this cell.")
    mean: Number = Field(description="Their mean grade; null in the published results.json.")


class Column(_Model):
    """One table column: the row key, its Dutch header and how to display it.

    kind: text | count | share (0..1, shown as %) | mean (1 decimal) | percent (0 decimals)
    | flag (True shown as X) | p (3 decimals).
    """

    key: str
    label: str
    kind: str = "text"


class Table(_Model):
    """A descriptive table: Dutch headers per column key, one dict per row, notes in Dutch."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    notes: list[str] = Field(default_factory=list)


class Counts(_Model):
    """Rows read = valid + quarantined + excluded (test, preview and unfinished responses)."""

    rows_read: int
    valid: int
    quarantined: int
    item_errors: int
    excluded: int = 0
    excluded_by_reason: dict[str, int] = Field(default_factory=dict)


class Parameters(_Model):
    """Every choice behind the figures, for the method page and the audit."""

    year: int
    weighting: dict[str, Any]
    design_grade: dict[str, Any]
    design_traits: dict[str, Any]
    lonely_psu: str
    fpc: dict[str, Any]
    confidence: float
    ci_distribution: str
    min_n: int
    band: dict[str, Any]
    consensus: dict[str, Any]
    mdd: dict[str, Any]
    rounding: dict[str, Any]
    rules: dict[str, str]  # Dutch descriptions of every derivation rule, keyed by topic
    codebook_version: str
    codebook_sha256: str
    register_sha256: str
    settings_sha256: str
    input_sha256: str
    input_file: str
    counts: Counts
    absent_questions: dict[str, str] = Field(default_factory=dict)
    fact_questions: list[str] = Field(default_factory=list)


class Response(_Model):
    """Overall response: respondents, invited (register), response rate; details in tables."""

    n: int
    n_spt: int  # SPTs with at least one valid respondent
    invited: int | None
    rate: Number
    invited_assumed: bool


DesignName = Literal["grade", "traits"]  # the run's two designs (settings.design.grade/traits)


class _Caveat(_Model):
    """A fact about how some figures were computed; the Dutch text is made from it at the edge.

    `applies_to`: JSON pointers (RFC 6901) into results.json of the figures it concerns.
    """

    applies_to: list[str]


class LonelyStratum(_Caveat):
    """Strata of a design with a single PSU, and the lonely-PSU rule that estimated them."""

    code: Literal["lonely_stratum"] = "lonely_stratum"
    design: DesignName
    strata: list[str]
    rule: str
    single_respondent: list[str] = Field(default_factory=list)


class InvitedAssumed(_Caveat):
    """The design's fpc rests on invited counts the register marks as assumptions."""

    code: Literal["invited_assumed"] = "invited_assumed"
    design: DesignName
    spts: list[str]


class ResponseRateAssumed(_Caveat):
    """Response rates per SPT resting on invited counts the register marks as assumptions."""

    code: Literal["response_rate_assumed"] = "response_rate_assumed"
    spts: list[str]


class NoFpc(_Caveat):
    """SPTs without a usable invited count: no finite population correction for them."""

    code: Literal["no_fpc"] = "no_fpc"
    design: DesignName
    unknown: list[str]
    below_respondents: list[str]
    assumed: list[str] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)


class DesignChoiceDropped(_Caveat):
    """A design setting that applied to no SPT (e.g. fpc chosen, no invited count known)."""

    code: Literal["design_choice_dropped"] = "design_choice_dropped"
    design: DesignName
    setting: Literal["fpc"]
    value: str


class TraitNotTestable(_Caveat):
    """A trait comparison that could not be tested; `reason` is its Dutch verdict."""

    code: Literal["trait_not_testable"] = "trait_not_testable"
    trait: str
    label: str
    reason: str


class RegressionCaveat(_Caveat):
    """How the trait regression was fitted; `reason` says why it could not be, if so."""

    code: Literal["regression_caveat"] = "regression_caveat"
    design: DesignName
    n: int
    df: Number
    reason: str | None = None
    aliased: list[str] = Field(default_factory=list, description="Terms dropped as aliased.")


class CensusStratum(_Caveat):
    """SPTs where every invitee answered: their figures have no sampling error (SE 0)."""

    code: Literal["census_stratum"] = "census_stratum"
    design: DesignName = Field(description="The design of the figures: always the grade's.")
    spts: list[str] = Field(description="SPTs whose respondents with a grade are all invited.")


class BoundaryShare(_Caveat):
    """Shares of exactly 0 or 1: their interval is Korn-Graubard's on Kish's effective n."""

    code: Literal["boundary_share"] = "boundary_share"
    design: DesignName = Field(description="The design of the figures: always the grade's.")
    shares: list[str] = Field(description="Statements agreed with by none or all (or in an SPT).")


class FewSptsCarryVariance(_Caveat):
    """The national grade's variance comes mostly from a few SPTs (effective df < half of R's)."""

    code: Literal["few_spts_carry_variance"] = "few_spts_carry_variance"
    design: DesignName
    spts: list[str]
    respondents: dict[str, int]
    df: float
    df_design: int


Caveat = Annotated[
    FewSptsCarryVariance
    | LonelyStratum
    | InvitedAssumed
    | ResponseRateAssumed
    | NoFpc
    | DesignChoiceDropped
    | TraitNotTestable
    | RegressionCaveat
    | CensusStratum
    | BoundaryShare,
    Field(discriminator="code"),
]


class Results(_Model):
    parameters: Parameters
    response: Response
    satisfaction: Satisfaction
    items: dict[str, ItemDistribution]
    traits: dict[str, TraitComparison]
    traits_regression: Regression
    tables: dict[str, Table]
    caveats: list[Caveat] = Field(default_factory=list)
    grade_cells: list[GradeCell] = Field(default_factory=list)
    choices: dict[str, ChoiceQuestion] = Field(default_factory=dict)

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: sorted keys, full-precision floats, NaN/inf as null."""
        data = json_ready(self.model_dump(mode="python"))
        return json.dumps(data, sort_keys=True, indent=indent, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Results:
        return cls.model_validate_json(text)


def json_ready(value: Any) -> Any:
    """Replace non-finite floats by None (JSON has no NaN) and tuples by lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value
