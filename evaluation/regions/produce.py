"""Every output of a region run: the benchmark, the survey joined in, regions.pdf/xlsx/json and
the manifest, written into one folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.analysis.tables_register import spt_type
from evaluation.errors import explained_write_errors
from evaluation.inputs.labour_market import load_regions
from evaluation.inputs.register import Register
from evaluation.manifest import (
    MANIFEST_NAME,
    envelope,
    file_input,
    manifest_json,
    manifest_short_hash,
    write_manifest,
)
from evaluation.pipeline import Run
from evaluation.regions.benchmark import benchmark
from evaluation.regions.charts import cluster_chart, profile_chart, size_chart
from evaluation.regions.clusters import load_clusters, summarise_clusters
from evaluation.regions.context import report_context
from evaluation.regions.outputs import to_json, write_xlsx
from evaluation.regions.rules import load_rules
from evaluation.regions.survey_join import join_survey, spt_results_from
from evaluation.report.render import render_pdf
from evaluation.safe_files import write_bytes


@dataclass(frozen=True)
class RegionFiles:
    """What a region run wrote, and the manifest's short hash."""

    pdf: Path
    workbook: Path
    json: Path
    manifest: Path
    manifest_hash: str


@dataclass(frozen=True)
class SurveyPart:
    """What a survey run adds to the region report: the published figures per SPT (as
    `spt_results_from` gives them), the minimum n quoted, the survey's year and its source."""

    spt_results: dict[str, dict]
    min_n: int
    year: int
    sources: list[dict]


def survey_part(run: Run, register: Register, name: str | None) -> SurveyPart:
    """The published survey result per SPT of `run` (the export called `name`)."""
    types = {sp.name: spt_type(sp)[0] for sp in register.service_points}
    return SurveyPart(
        spt_results=spt_results_from(run.published, register, types),
        min_n=run.published.min_n,
        year=run.inputs.settings.year,
        sources=[{"label": "Enquête-export", "name": name, "sha256": run.intake.source_sha256}],
    )


def produce_regions(
    out: Path,
    register: Register,
    data: Path | None = None,
    clusters_path: Path | None = None,
    rules_path: Path | None = None,
    survey: Run | None = None,
    survey_name: str | None = None,
) -> RegionFiles:
    """The region benchmark from the labour-market table (the default one when `data` is None),
    with each SPT's published survey figures when `survey` (the run of `survey_name`) is given."""
    data_table = load_regions(data)
    rules = load_rules(rules_path)
    bench = benchmark(data_table, rules, register)
    clusters = load_clusters(clusters_path, data_table)
    cluster_results = summarise_clusters(bench, clusters)
    with explained_write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
    joined = survey_year = None
    extra_sources: list[dict] = []
    if survey is not None:
        part = survey_part(survey, register, survey_name)
        joined = join_survey(bench, cluster_results, part.spt_results, part.min_n)
        survey_year, extra_sources = part.year, part.sources

    context = report_context(bench, cluster_results, clusters, joined, survey_year, extra_sources)
    context["charts"] = {
        "size": size_chart(bench),
        "profile": profile_chart(bench),
        "clusters": cluster_chart(cluster_results, bench),
    }
    payload = (to_json(bench, cluster_results, clusters, joined) + "\n").encode("utf-8")
    inputs = {"sources": context["sources"], "register": file_input(register.source_path)}
    if rules_path is not None:
        inputs["rules"] = file_input(rules_path)
    parameters = {"rules": rules.model_dump(mode="json"), "survey_year": survey_year}
    manifest = envelope(inputs, parameters, outputs={"regions.json": payload})
    files = RegionFiles(
        pdf=out / "regions.pdf",
        workbook=out / "regions.xlsx",
        json=out / "regions.json",
        manifest=out / MANIFEST_NAME,
        manifest_hash=manifest_short_hash(manifest),
    )
    with explained_write_errors(out):
        write_bytes(files.json, payload)
        write_manifest(manifest, out)
        write_xlsx(bench, cluster_results, files.workbook, joined)
        render_pdf(
            "regions.html",
            context,
            files.pdf,
            attachments={"regions.json": payload, MANIFEST_NAME: manifest_json(manifest)},
            title=context["document_title"],
        )
    return files
