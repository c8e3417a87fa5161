"""Survey figures per SPT beside the regions, read from the published result only."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from evaluation.dutch import SUPPRESSED, number
from evaluation.inputs.register import Register
from evaluation.regions.benchmark import Benchmark
from evaluation.regions.clusters import ClusterResult


class SptSurvey(BaseModel):
    """Survey figures of one SPT as published: the grade is None (shown 'x') below min_n."""

    model_config = ConfigDict(frozen=True)

    spt: str
    n: int
    cijfer: float | None
    cijfer_tekst: str
    band: str | None
    type: str | None
    mate_activiteit: int | None
    onderdrukt: bool


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
    """Attach each SPT's grade, band, type and activity level to its regions and clusters.

    `spt_results` maps SPT name -> {grade, n, band, type, activity_level}. A grade resting on
    fewer than `min_n` respondents is suppressed (and so is its band, which would reveal it).
    """
    spts: dict[str, SptSurvey] = {}
    for name, res in spt_results.items():
        n = int(res.get("n") or 0)
        grade = res.get("grade")
        hide = n < min_n
        spts[name] = SptSurvey(
            spt=name,
            n=n,
            cijfer=None if hide or grade is None else float(grade),
            cijfer_tekst=SUPPRESSED if hide else number(grade, 1),
            band=None if hide else res.get("band"),
            type=res.get("type"),
            mate_activiteit=res.get("activity_level"),
            onderdrukt=hide,
        )
    regions = {r.regio: r.spt_naam for r in bench.regions}
    clusters = {c.naam: [s for s in c.spts if s in spts] for c in cluster_results}
    return SurveyJoin(min_n=min_n, spts=spts, regions=regions, clusters=clusters)


def spt_results_from(
    results: Mapping, register: Register, types: Mapping[str, str]
) -> dict[str, dict]:
    """Build the join input from an analysis Results dump (satisfaction.by_spt) and the register.

    `types` maps SPT name -> its type (the annual report's appendix-2 type rule).
    """
    by_spt = ((results.get("satisfaction") or {}).get("by_spt")) or {}
    out = {}
    for sp in register.service_points:
        cell = by_spt.get(sp.name) or {}
        out[sp.name] = {
            "grade": cell.get("estimate"),
            "n": cell.get("n") or 0,
            "band": cell.get("band"),
            "type": types.get(sp.name),
            "activity_level": sp.activity_level,
        }
    return out
