"""The trend chapter's data: one Pydantic model, attached to the report as trends.json."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from evaluation.results import CI, Number
from evaluation.spt_results.schema import SptYear


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Point(_Model):
    """One year's estimate as that year's design gave it (withheld values None)."""

    year: int
    estimate: Number
    se: Number
    ci: CI
    n: int | None
    df: Number = None
    name: str | None = None  # the SPT's name that year, when it had another (previous_names)
    se_nofpc: Number = Field(default=None, description="SE without fpc, for the change.")
    df_nofpc: Number = Field(default=None, description="Effective df of `se_nofpc`.")


class Change(_Model):
    """Change from the previous wave to this one, independent samples: the SE of the
    difference is the root of the sum of both variances without fpc; df Welch-Satterthwaite's
    from both years' effective dfs."""

    from_year: int
    to_year: int
    difference: Number
    se: Number
    ci: CI
    df: Number
    statistic: Number
    p_value: Number
    mdd: Number  # smallest difference detected with the settings' power at their alpha
    significant: bool | None
    distribution: str  # "t" or "normal", as settings.ci_distribution


class Series(_Model):
    """A figure over the comparable years; `not_comparable`: years left out (other scale)."""

    points: list[Point]
    change: Change | None = None
    not_comparable: list[int] = Field(default_factory=list)


class StatementSeries(Series):
    label: str
    short: str
    figure: str
    notes: list[str] = Field(default_factory=list)  # a changed text: footnote or break


class ChoiceSeries(Series):
    """One option of a choose-at-most-N question: the share choosing it per year asked."""

    label: str


class SameSpts(_Model):
    """The national grade over the SPTs measured in both years, when the sets differ: the
    same estimator on those SPTs' respondents in each year (every SPT counting equally)."""

    spts: list[str]  # measured in both years (today's names)
    only_previous: list[str]  # measured in the previous year only
    only_now: list[str]  # measured in this year only
    points: list[Point]
    change: Change | None = None


class Trends(_Model):
    """Everything the trend chapter and the cards' lines show."""

    year: int
    years: list[int]  # every wave in the store up to `year`
    previous: int | None  # the wave the change is measured from
    min_n: int
    confidence: float
    grade: Series
    grade_by_spt: dict[str, Series]
    agree: dict[str, StatementSeries]
    # per choose-at-most-N question (success factors, bottlenecks), per option: its share
    choices: dict[str, dict[str, ChoiceSeries]] = Field(default_factory=dict)
    spt_results: dict[str, list[SptYear]]  # per SPT, one record per reported year
    notes: list[str] = Field(default_factory=list)
    spts_new: list[str] = Field(default_factory=list)  # measured now, not in `previous`
    spts_gone: list[str] = Field(default_factory=list)  # measured in `previous`, not now
    renamed: dict[str, list[str]] = Field(default_factory=dict)  # name now -> earlier names
    grade_same_spts: SameSpts | None = None
    withheld: list[str] = Field(default_factory=list)  # JSON pointers of withheld figures

    def to_json(self) -> str:
        """trends.json: sorted keys, indented, newline-terminated."""
        return (
            json.dumps(self.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)
            + "\n"
        )
