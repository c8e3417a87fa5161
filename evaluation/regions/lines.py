"""One line of Dutch text for every region: its size, SPT, cluster and signals, from the data."""

from __future__ import annotations

from evaluation.dutch import number
from evaluation.inputs.labour_market import SECTOR_LABELS
from evaluation.regions.benchmark import Benchmark, RegionResult
from evaluation.regions.clusters import Clusters
from evaluation.regions.rules import rule_texts

# Activity level of an SPT as table 1.1 of the annual report defines it.
ACTIVITY = {
    0: "overleg, momenteel geen activiteiten",
    1: "frequent overleg en ad-hocactie",
    2: "frequent overleg en uitvoerende werkzaamheden",
}


def _spt_part(r: RegionResult, activity: dict[str, int | None]) -> str:
    if r.spt_naam:
        level = activity.get(r.spt_naam)
        told = "" if level is None else f", mate van activiteit {level}: {ACTIVITY[level]}"
        return f"Hoort bij SPT {r.spt_naam}{told}."
    if r.spt:
        return "Volgens het regiobestand bij een SPT betrokken; het SPT-register noemt er geen."
    return "Nog niet bij een SPT betrokken."


def region_lines(bench: Benchmark, clusters: Clusters) -> list[tuple[str, str]]:
    """(region, line) for every region of the benchmark, largest first; a region in no cluster
    says so, and its signals are named with the labels of chapter 5."""
    labels = rule_texts(bench.rules)
    cluster_of = {n: c.name for c in clusters.clusters for n in c.regions}
    activity = {s.spt: s.mate_activiteit for s in bench.spts}
    total = len(bench.regions)
    out = []
    for r in bench.regions:
        cluster = cluster_of.get(r.regio)
        signals = [labels[f][0] for f in r.vlaggen if f in labels]
        parts = [
            f"{number(r.omvang_techniek, 0)} technische banen (rang {r.rang_omvang} van {total}), "
            f"{number(r.aandeel_techniek, 0)}% van alle werkgelegenheid "
            f"(rang {r.rang_aandeel}); ontwikkeling 2012–2014 '{r.ontwikkeling}'; grootste "
            f"sector {SECTOR_LABELS[r.dominante_sector].lower()}.",
            _spt_part(r, activity),
            f"Cluster {cluster}." if cluster else "Valt buiten de clusters.",
            ("Signalen: " + ", ".join(signals) + ".") if signals else "Geen signalen.",
        ]
        out.append((r.regio, " ".join(parts)))
    return out
