"""What the region report shows: highlights, flags and the template context."""

from __future__ import annotations

from pathlib import Path

from evaluation.dutch import number
from evaluation.inputs.labour_market import (
    DEVELOPMENT_CLASSES,
    SECTOR_LABELS,
    SECTOR_SHORT,
    SECTORS,
    SHARE_TOLERANCE,
)
from evaluation.regions.benchmark import Benchmark, RegionResult
from evaluation.regions.clusters import ClusterResult, Clusters, unclustered
from evaluation.regions.lines import ACTIVITY, region_lines
from evaluation.regions.outputs import data_year
from evaluation.regions.rules import rule_texts
from evaluation.regions.survey_join import SurveyJoin
from evaluation.regions.tiles import region_map


def flag_summary(bench: Benchmark) -> list[dict]:
    """Each flag with its Dutch label, its rule spelled out and the regions it applies to."""
    return [
        {"code": code, "label": label, "rule": rule, "regions": bench.flagged(code)}
        for code, (label, rule) in rule_texts(bench.rules).items()
    ]


def highlights(bench: Benchmark) -> list[str]:
    """The chapter-4.3 style findings, generated from the flags and ranks (Dutch)."""

    def listed(rows: list[RegionResult], key: str = "omvang") -> str:
        if key == "omvang":
            return ", ".join(f"{r.regio} ({number(r.omvang_techniek, 0)})" for r in rows)
        return ", ".join(f"{r.regio} ({number(r.aandeel_techniek, 0)}%)" for r in rows)

    out = []
    top = [r for r in bench.regions if r.rang_omvang <= 3]
    with_spt = sum(r.spt for r in top)
    out.append(
        f"Grootste technische werkgelegenheid: {listed(top)}; "
        + (
            "alle drie al bij een SPT betrokken."
            if with_spt == len(top) == 3
            else f"{with_spt} van de {len(top)} al bij een SPT betrokken."
        )
    )
    big = [bench.get(n) for n in bench.flagged("groot_zonder_spt")]
    if big:
        out.append(f"Grootste regio's zonder SPT: {listed(big)}.")
    share = sorted(
        (bench.get(n) for n in bench.flagged("techniek_relatief_groot")),
        key=lambda r: (r.rang_aandeel, r.regio),
    )
    if share:
        out.append(f"Techniek relatief groot: {listed(share, 'aandeel')}.")
    for s in SECTORS:
        rows = sorted(
            (r for r in bench.regions if s in r.profielsectoren), key=lambda r: -r.sectoren[s]
        )[:2]
        if rows:
            parts = ", ".join(f"{r.regio} ({number(r.sectoren[s], 0)}%)" for r in rows)
            nat = number(bench.national.shares()[s], 0)
            out.append(f"Sterkste profiel {SECTOR_LABELS[s].lower()}: {parts}; landelijk {nat}%.")
    inactive = set(bench.flagged("groot_spt_inactief"))
    for s in (s for s in bench.spts if inactive & set(s.regios)):
        out.append(
            f"Groot SPT-gebied waar het SPT niet actief is: {s.spt} "
            f"({', '.join(s.regios)}; samen {number(s.omvang_techniek, 0)} technische banen; "
            f"mate van activiteit {s.mate_activiteit}: {ACTIVITY[s.mate_activiteit]})."
        )
    decline = [bench.get(n) for n in bench.flagged("sterke_daling")]
    if decline:
        out.append(f"Sterke daling 2012–2014: {', '.join(r.regio for r in decline)}.")
    small_spt = [s for s in bench.spts if s.te_klein]
    if small_spt:
        out.append(
            "SPT mogelijk te klein om zelfstandig te draaien: "
            + ", ".join(f"{s.spt} ({number(s.omvang_techniek, 0)})" for s in small_spt)
            + "."
        )
    return out


def report_context(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    clusters: Clusters,
    survey: SurveyJoin | None = None,
    survey_year: int | None = None,
    extra_sources: list[dict] | None = None,
) -> dict:
    """Everything templates/regions.html needs except the matplotlib charts; the tile map too."""
    covered = [r for r in bench.regions if r.spt]
    covered_jobs = sum(r.omvang_techniek for r in covered)
    total = sum(r.omvang_techniek for r in bench.regions)
    year = data_year(bench.source_path)
    short = {
        "groot_zonder_spt": "groot, geen SPT",
        "groot_spt_inactief": "groot, SPT niet actief",
        "te_klein": "klein",
        "sterke_daling": "sterke daling",
        "techniek_relatief_groot": "techniek groot",
        "sectorprofiel": "profiel",
    }
    sources = [
        {
            "label": "Regiobestand",
            "name": Path(bench.source_path).name,
            "sha256": bench.source_sha256,
        },
        {
            "label": "Clusterbestand",
            "name": Path(clusters.source_path).name,
            "sha256": clusters.source_sha256,
        },
        *(extra_sources or []),
    ]
    return {
        "document_title": f"Regiobenchmark technische werkgelegenheid {year}",
        "year": year,
        "regions": bench.regions,
        "regions_by_name": sorted(bench.regions, key=lambda r: r.regio.lower()),
        "national": bench.national,
        "national_shares": bench.national.shares(),
        "covered_count": len(covered),
        "covered_jobs": covered_jobs,
        "covered_share": covered_jobs / total if total else None,
        "spts": bench.spts,
        "too_small_spts": [s.spt for s in bench.spts if s.te_klein],
        "clusters": cluster_results,
        "cluster_source": clusters.source or Path(clusters.source_path).name,
        "outside": unclustered(bench, clusters),
        "flags": flag_summary(bench),
        "short": short,
        "highlights": highlights(bench),
        "region_lines": region_lines(bench, clusters),
        "notes": bench.notes,
        "rules": bench.rules,
        "sectors": list(SECTORS),
        "sector_labels": SECTOR_LABELS,
        "sector_short": SECTOR_SHORT,
        "classes": [
            (c, f"{number(start, 1)}% tot {number(end, 1)}%")
            for c, (start, end) in DEVELOPMENT_CLASSES.items()
        ],
        "share_tolerance": SHARE_TOLERANCE,
        "survey": survey,
        "survey_year": survey_year,
        "sources": sources,
        "region_map": region_map(bench),
    }
