"""Clusters of regions (advice 2 of the 2015 report): reading and summarising them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.errors import ErrorCode, FieldProblem, InputError, validation_problems
from evaluation.inputs.codebook import normalise
from evaluation.inputs.labour_market import ROOT, SECTORS, RegionData
from evaluation.inputs.yamlfile import read_yaml
from evaluation.regions.benchmark import Benchmark, closest_name

DEFAULT_CLUSTERS = ROOT / "surveys" / "labour_market" / "clusters_2015.yaml"
WHAT = "clusterbestand"  # what the messages call the file


class ClusterDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    regions: list[str] = Field(min_length=1)
    toelichting: str = ""


class ClusterFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = ""
    clusters: list[ClusterDef] = Field(min_length=1)


class ClusterResult(BaseModel):
    """A cluster: combined technical employment, employment-weighted profile, SPT coverage."""

    model_config = ConfigDict(frozen=True)

    naam: str
    regios: list[str]
    toelichting: str
    omvang_techniek: int
    sectoren: dict[str, float]
    aandeel_techniek: float
    met_spt: list[str]
    zonder_spt: list[str]
    spts: list[str]


class Clusters(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    clusters: list[ClusterDef]
    source_path: str
    source_sha256: str


def load_clusters(path: str | Path | None, data: RegionData) -> Clusters:
    """Read a cluster file and check every region exists in the data and sits in one cluster."""
    p = Path(path) if path is not None else DEFAULT_CLUSTERS
    raw, raw_bytes = read_yaml(p, WHAT, "'clusters:'-lijst")
    try:
        parsed = ClusterFile.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise InputError(
            ErrorCode.INVALID_FILE, what=WHAT, file=str(p), problems=problems
        ) from None
    lookup = {normalise(n): n for n in data.names}
    owner: dict[str, str] = {}
    clusters, problems = [], []
    for i, c in enumerate(parsed.clusters, start=1):
        canonical = []
        place = f"clusters nr. {i} ({c.name})"
        for name in c.regions:
            hit = lookup.get(normalise(name))
            if hit is None:
                near = closest_name(name, data.names)
                rule = "region_not_in_data_near" if near else "region_not_in_data"
                problems.append(FieldProblem(place, rule, {"region": name, "near": near}))
            elif hit in owner:
                rule, first = "region_in_two_clusters", owner[hit]
                problems.append(
                    FieldProblem(place, rule, {"region": hit, "first": first, "second": c.name})
                )
            else:
                owner[hit] = c.name
                canonical.append(hit)
        if canonical:  # a cluster whose every region is faulty is named by its problems
            clusters.append(ClusterDef(name=c.name, regions=canonical, toelichting=c.toelichting))
    if problems:
        raise InputError(ErrorCode.INVALID_FILE, what=WHAT, file=str(p), problems=tuple(problems))
    return Clusters(
        source=parsed.source,
        clusters=clusters,
        source_path=str(p),
        source_sha256=hashlib.sha256(raw_bytes).hexdigest(),
    )


def summarise_clusters(bench: Benchmark, clusters: Clusters) -> list[ClusterResult]:
    """Combined size, employment-weighted sector profile and (approximate) technical share.

    The technical share of a cluster divides its technical jobs by the total jobs implied by each
    region's rounded share (omvang / aandeel), so it is an approximation.
    """
    out = []
    for c in clusters.clusters:
        rows = [bench.get(n) for n in c.regions]
        total = sum(r.omvang_techniek for r in rows)
        profile = {s: sum(r.sectoren[s] * r.omvang_techniek for r in rows) / total for s in SECTORS}
        all_jobs = sum(r.omvang_techniek / (r.aandeel_techniek / 100) for r in rows)
        spts = sorted({r.spt_naam for r in rows if r.spt_naam})
        out.append(
            ClusterResult(
                naam=c.name,
                regios=list(c.regions),
                toelichting=c.toelichting,
                omvang_techniek=total,
                sectoren=profile,
                aandeel_techniek=100 * total / all_jobs,
                met_spt=[r.regio for r in rows if r.spt],
                zonder_spt=[r.regio for r in rows if not r.spt],
                spts=spts,
            )
        )
    return out


def unclustered(bench: Benchmark, clusters: Clusters) -> list[str]:
    """Regions in no cluster, largest first."""
    inside = {n for c in clusters.clusters for n in c.regions}
    return [r.regio for r in bench.regions if r.regio not in inside]
