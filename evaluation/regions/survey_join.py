"""Survey figures per SPT beside the regions, read from the published result only."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from evaluation.disclosure.publish import Published
from evaluation.inputs.register import Register
from evaluation.regions.benchmark import Benchmark
from evaluation.regions.clusters import ClusterResult
from evaluation.report.withheld import text


class SptSurvey(BaseModel):
    """Survey figures of one SPT as published: a withheld grade is None (shown 'x'). The code
    says grade, grade_text, activity_level and withheld; regions.json keeps its Dutch keys
    (cijfer, cijfer_tekst, mate_activiteit, onderdrukt: docs/outputs.md) through the aliases."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    spt: str
    n: int
    grade: float | None = Field(alias="cijfer")
    grade_text: str = Field(alias="cijfer_tekst")
    band: str | None
    type: str | None
    activity_level: int | None = Field(alias="mate_activiteit")
    withheld: bool = Field(alias="onderdrukt")


class SurveyJoin(BaseModel):
    model_config = ConfigDict(frozen=True)

    min_n: int
    spts: dict[str, SptSurvey]
    regions: dict[str, str | None]  # region -> SPT name (None: no SPT)
    clusters: dict[str, list[str]]  # cluster -> SPT names with survey figures


def join_survey(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    spt_results: Mapping[str, Mapping],
    min_n: int,
) -> SurveyJoin:
    """Attach each SPT's published grade, band, type and activity level to its regions and
    clusters. `spt_results` (from `spt_results_from`) says per SPT whether disclosure withheld
    the grade; `min_n` is only quoted in the report's text."""
    spts: dict[str, SptSurvey] = {}
    for name, res in spt_results.items():
        n = int(res.get("n") or 0)
        grade = res.get("grade")
        hide = bool(res.get("withheld"))
        spts[name] = SptSurvey(
            spt=name,
            n=n,
            grade=None if hide or grade is None else float(grade),
            grade_text=text(grade, hide),  # the one printing helper: "x" when withheld
            band=None if hide else res.get("band"),
            type=res.get("type"),
            activity_level=res.get("activity_level"),
            withheld=hide,
        )
    regions = {r.regio: r.spt_naam for r in bench.regions}
    clusters = {c.naam: [s for s in c.spts if s in spts] for c in cluster_results}
    return SurveyJoin(min_n=min_n, spts=spts, regions=regions, clusters=clusters)


def spt_results_from(
    published: Published, register: Register, types: Mapping[str, str]
) -> dict[str, dict]:
    """The join input from a published result (satisfaction.by_spt) and the register.

    `types` maps SPT name -> its type (the annual report's appendix-2 type rule).
    """
    by_spt = published.results.satisfaction.by_spt
    out = {}
    for sp in register.service_points:
        cell = by_spt.get(sp.name)
        withheld = published.is_withheld("satisfaction", "by_spt", sp.name, "estimate")
        out[sp.name] = {
            "grade": cell.estimate if cell else None,
            "n": (cell.n if cell else 0) or 0,
            "band": cell.band if cell else None,
            "withheld": withheld,
            "type": types.get(sp.name),
            "activity_level": sp.activity_level,
        }
    return out
