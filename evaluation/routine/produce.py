"""Produce a year's outputs from one run: the annual PDF, tables.xlsx, the run's JSON files,
the quarantine, the audit workbook and the SPT cards (also as one ZIP)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.audit.workbook import write_audit_workbook
from evaluation.errors import explained_write_errors
from evaluation.intake.quarantine import write_quarantine
from evaluation.manifest import MANIFEST_NAME, RESULTS_NAME, short_hash
from evaluation.pipeline import Run, RunRecord, record_run
from evaluation.privacy import load_key
from evaluation.report.appendix import quarantine_summary, remarks_for
from evaluation.report.file_names import TRENDS_NAME, slug
from evaluation.report.jobs import (
    MAX_WORKERS,
    AnnualJob,
    CardJob,
    TablesJob,
    render_jobs,
    render_workers,
)
from evaluation.report.summary import summary_of
from evaluation.safe_files import write_bytes
from evaluation.trends.build import PublishedTrends
from evaluation.writers import document_time

Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True)
class OutputOptions:
    """The user's options for the outputs of a run (the part of `routine.options.Options` that
    `produce_report` reads; the command line sets them from its flags)."""

    per_spt: bool = False
    include_remarks: bool = False
    audit: bool = False
    zip_cards: bool = False  # the cards also as one ZIP (the web page offers it for download)


@dataclass(frozen=True)
class Produced:
    """Every file written for one run, by what it is (None: not made this time)."""

    folder: Path
    annual: Path
    tables: Path
    results: Path
    manifest: Path
    record: RunRecord
    cards: list[Path] = field(default_factory=list)
    cards_zip: Path | None = None
    quarantine: Path | None = None
    audit: Path | None = None
    trends: Path | None = None
    summary: dict | None = None  # the annual report's Samenvatting (sentences, changes)

    def names(self) -> list[str]:
        """The files besides the annual PDF and the cards, in the order the console lists them."""
        extra = [self.results, self.manifest, self.tables, self.trends, self.quarantine, self.audit]
        return [p.name for p in extra if p is not None]


def audit_block(input_name: str, results_json: bytes, manifest_hash: str | None) -> dict:
    """What every PDF of a run prints about its making: date, input, results and manifest hash."""
    return {
        "date": document_time(),
        "input_name": input_name,
        "results_hash": short_hash(results_json),
        "manifest_hash": manifest_hash,
    }


def report_workers(outputs: OutputOptions) -> AbstractContextManager[Executor | None]:
    """The render workers of a report with these outputs (the annual PDF, tables.xlsx and
    with `per_spt` the cards), forked now: start them before the run's data is read and pass
    them to `produce_report`, so that they do not hold the answers."""
    return render_workers(2 + (MAX_WORKERS if outputs.per_spt else 0), outputs.per_spt)


def cards_zip_name(year: int) -> str:
    return f"spt-kaarten-{year}.zip"


def _zip(paths: list[Path], target: Path) -> Path:
    """The cards in one ZIP with fixed timestamps, so the same cards give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for p in paths:
            info = zipfile.ZipInfo(p.name, date_time=document_time().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, p.read_bytes())
    write_bytes(target, buffer.getvalue())
    return target


def produce_report(
    run: Run,
    out: Path,
    outputs: OutputOptions,
    *,
    trends: PublishedTrends | None = None,
    keep_quarantine: bool = True,
    on_progress: Progress | None = None,
    workers: Executor | None = None,
) -> Produced:
    """Write every output of `run` into `out`; the PDFs read only what disclosure published.

    `keep_quarantine` is False for a run rebuilt from the store, which keeps no raw rows;
    `workers` are render workers from `report_workers` (None: forked when the files render).
    """
    inputs, intake, published = run.inputs, run.intake, run.published
    year = inputs.settings.year
    parameters = {"per_spt": outputs.per_spt, "include_remarks": outputs.include_remarks}
    quarantine = audit_path = trends_path = None
    with explained_write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
        record = record_run(run, out, extra_parameters=parameters)
        if intake.quarantined and keep_quarantine:
            quarantine = out / "quarantine.csv"
            write_quarantine(intake, quarantine)
        if outputs.audit:
            audit_path = out / f"audit-{year}.xlsx"
            write_audit_workbook(
                intake,
                inputs.codebook,
                inputs.register,
                inputs.settings,
                run.results,
                audit_path,
                load_key(),
            )
        files = record.files
        if trends is not None:
            files = {**files, TRENDS_NAME: trends.to_json().encode("utf-8")}
            trends_path = out / TRENDS_NAME
            write_bytes(trends_path, files[TRENDS_NAME])

    audit = audit_block(
        Path(intake.source_path).name, record.files[RESULTS_NAME], record.short_hash
    )
    remarks = (
        remarks_for(intake.responses, inputs.codebook.text_columns, published.remarks_from)
        if outputs.include_remarks
        else None
    )
    annual = AnnualJob(
        published=published,
        audit=audit,
        quarantine=quarantine_summary(intake.problems),
        remarks=remarks,
        path=out / f"spt-monitor-{year}.pdf",
        files=files,
        trends=trends,
    )
    tables = TablesJob(
        results=run.results,
        published=published,
        path=out / "tables.xlsx",
        decimals=inputs.settings.rounding.decimals,
    )
    card_jobs: list[CardJob] = []
    if outputs.per_spt:
        names = sorted(published.results.satisfaction.by_spt)
        for name in names:
            path = out / f"spt-{slug(name, names)}-{year}.pdf"  # unique even when names clash
            card_jobs.append(CardJob(published, name, audit, path, files, trends))
    annual_path, tables_path, *cards = render_jobs(
        [annual, tables, *card_jobs], on_progress=on_progress, workers=workers
    )
    cards_zip = None
    if cards and outputs.zip_cards:
        with explained_write_errors(out):
            cards_zip = _zip(cards, out / cards_zip_name(year))
    return Produced(
        folder=out,
        annual=annual_path,
        tables=tables_path,
        results=out / RESULTS_NAME,
        manifest=out / MANIFEST_NAME,
        record=record,
        cards=cards,
        cards_zip=cards_zip,
        quarantine=quarantine,
        audit=audit_path,
        trends=trends_path,
        summary=summary_of(published, trends),
    )
