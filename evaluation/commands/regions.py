"""`spt-eval regions`: region benchmark for kwartiermakers as PDF, workbook and JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.analysis.tables_register import spt_type
from evaluation.commands.common import inputs_from
from evaluation.errors import explained_write_errors
from evaluation.inputs.labour_market import load_regions
from evaluation.manifest import (
    MANIFEST_NAME,
    envelope,
    file_input,
    manifest_json,
    manifest_short_hash,
    write_manifest,
)
from evaluation.pipeline import run_survey
from evaluation.regions.benchmark import benchmark
from evaluation.regions.charts import cluster_chart, profile_chart, size_chart
from evaluation.regions.clusters import load_clusters, summarise_clusters
from evaluation.regions.context import report_context
from evaluation.regions.outputs import to_json, write_xlsx
from evaluation.regions.rules import load_rules
from evaluation.regions.survey_join import join_survey, spt_results_from
from evaluation.report.render import render_pdf
from evaluation.safe_files import write_bytes

DEFAULT_OUT = Path("reports") / "regions"


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "regions",
        help="regiobenchmark: technische werkgelegenheid, SPT-dekking en clusters",
        description=(
            "Zet de arbeidsmarktregio's naast elkaar op omvang en aandeel van de technische "
            "werkgelegenheid, toont welke regio's al een SPT hebben, vat clusters van regio's "
            "samen en markeert signalen volgens vaste regels. Schrijft regions.pdf, "
            "regions.xlsx en regions.json."
        ),
    )
    p.add_argument(
        "--data",
        type=Path,
        metavar="BESTAND",
        help="regiobestand (CSV, zelfde kolommen als surveys/labour_market/regions_2014.csv)",
    )
    p.add_argument("--clusters", type=Path, metavar="BESTAND", help="clusterbestand (YAML)")
    p.add_argument("--rules", type=Path, metavar="BESTAND", help="drempels van de signalen (YAML)")
    p.add_argument(
        "--survey",
        type=Path,
        metavar="BESTAND",
        help="enquête-export: voegt per SPT cijfer, positie, type en activiteit toe",
    )
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML) bij --survey")
    p.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML) bij --survey")
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="MAP", help="uitvoermap (reports/regions)"
    )
    return p


def _survey_results(args: argparse.Namespace, register) -> tuple[dict, int, int, list[dict]]:
    """The published survey result per SPT; (SPT mapping, min_n, survey year, source)."""
    inputs = inputs_from(args)
    run = run_survey(args.survey, inputs, what="analyse van de enquête")
    types = {sp.name: spt_type(sp)[0] for sp in register.service_points}
    mapping = spt_results_from(run.published, register, types)
    source = {
        "label": "Enquête-export",
        "name": args.survey.name,
        "sha256": run.intake.source_sha256,
    }
    return mapping, run.published.min_n, inputs.settings.year, [source]


def run(args: argparse.Namespace) -> int:
    data = load_regions(args.data)
    rules = load_rules(args.rules)
    register = inputs_from(args).register
    bench = benchmark(data, rules, register)
    clusters = load_clusters(args.clusters, data)
    cluster_results = summarise_clusters(bench, clusters)

    out = Path(args.out)
    with explained_write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
    survey = None
    survey_year = None
    extra_sources: list[dict] = []
    if args.survey is not None:
        mapping, min_n, survey_year, extra_sources = _survey_results(args, register)
        survey = join_survey(bench, cluster_results, mapping, min_n)

    context = report_context(bench, cluster_results, clusters, survey, survey_year, extra_sources)
    context["charts"] = {
        "size": size_chart(bench),
        "profile": profile_chart(bench),
        "clusters": cluster_chart(cluster_results, bench),
    }
    payload = (to_json(bench, cluster_results, clusters, survey) + "\n").encode("utf-8")
    inputs = {"sources": context["sources"], "register": file_input(register.source_path)}
    if args.rules is not None:
        inputs["rules"] = file_input(args.rules)
    parameters = {"rules": rules.model_dump(mode="json"), "survey_year": survey_year}
    manifest = envelope(inputs, parameters, outputs={"regions.json": payload})
    with explained_write_errors(out):
        write_bytes(out / "regions.json", payload)
        write_manifest(manifest, out)
        write_xlsx(bench, cluster_results, out / "regions.xlsx", survey)
        render_pdf(
            "regions.html",
            context,
            out / "regions.pdf",
            attachments={"regions.json": payload, MANIFEST_NAME: manifest_json(manifest)},
            title=context["document_title"],
        )
    print(
        f"geschreven: {out / 'regions.pdf'}, {out / 'regions.xlsx'}, {out / 'regions.json'}, "
        f"{out / MANIFEST_NAME} (kenmerk {manifest_short_hash(manifest)})"
    )
    return 0
