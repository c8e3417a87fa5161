"""`spt-eval report FILE`: the annual monitoring report (PDF) and, with --per-spt, one card per SPT.

Validates, weights and analyses the export, applies disclosure control and writes into DIR
(default reports/<year>/): spt-monitor-<year>.pdf, results.json and manifest.json (also
attached inside every PDF), tables.xlsx, quarantine.csv when rows were set aside, and
spt-<name>-<year>.pdf per SPT. Exit codes as `validate`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from evaluation.analysis.analyse import analyse
from evaluation.audit.workbook import write_audit_workbook
from evaluation.commands.common import (
    explained_design_errors,
    explained_write_errors,
    headline,
    load_inputs,
)
from evaluation.errors import InputError
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.validate import read_survey
from evaluation.manifest import RESULTS_NAME, short_hash
from evaluation.pipeline import record_run
from evaluation.privacy import load_key
from evaluation.report.annual import annual_context
from evaluation.report.appendix import quarantine_summary, remarks_for
from evaluation.report.card import card_context, slug
from evaluation.report.published_sheets import published_sheets
from evaluation.report.render import build_time, render_pdf
from evaluation.writers import write_tables_workbook


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report",
        help="maak het jaarrapport (PDF) en desgewenst een kaart per servicepunt",
        description=(
            "Leest en controleert de enquête-export, weegt naar SPT, berekent alle cijfers, "
            "laat cijfers op te weinig respondenten weg en schrijft in MAP (standaard "
            "reports/<jaar>/): spt-monitor-<jaar>.pdf, results.json, manifest.json, "
            "tables.xlsx, quarantine.csv (bij afgekeurde rijen) en met --per-spt een kaart "
            "spt-<naam>-<jaar>.pdf per servicepunt. results.json en manifest.json zitten ook "
            "als bijlage in elke PDF. Exitcode 0: klaar; 1: klaar, maar rijen in quarantaine; "
            "2: invoer onbruikbaar."
        ),
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="enquête-export (CSV, XLSX of SAV)")
    p.add_argument("--year", type=int, metavar="JAAR", help="jaar van de monitor")
    p.add_argument("--out", type=Path, metavar="MAP", help="uitvoermap (standaard reports/<jaar>)")
    p.add_argument("--per-spt", action="store_true", help="maak ook een kaart per servicepunt")
    p.add_argument(
        "--min-n",
        type=int,
        metavar="K",
        dest="min_n",
        help="minimum aantal respondenten onder een gepubliceerd cijfer (standaard 5)",
    )
    p.add_argument(
        "--include-remarks",
        action="store_true",
        help="neem opmerkingen van respondenten op (alleen SPT's met minstens K respondenten)",
    )
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    p.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML)")
    p.add_argument(
        "--audit",
        action="store_true",
        help="schrijf ook de vertrouwelijke auditwerkmap audit-<jaar>.xlsx (niets onderdrukt)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True, highlight=False)
    codebook, register, settings = load_inputs(args, min_n=args.min_n, year=args.year)
    intake = read_survey(args.file, codebook, register)
    with explained_design_errors():
        results = analyse(intake, codebook, register, settings)
    year = settings.year
    out = args.out or Path("reports") / str(year)
    with explained_write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
        record = record_run(
            out,
            intake=intake,
            codebook=codebook,
            register=register,
            settings=settings,
            results=results,
            settings_path=args.settings,
            extra_parameters={
                "per_spt": bool(args.per_spt),
                "include_remarks": bool(args.include_remarks),
            },
        )
        disclosure = record.disclosure
        if intake.quarantined:
            write_quarantine(intake, out / "quarantine.csv")
        if getattr(args, "audit", False):
            write_audit_workbook(
                intake,
                codebook,
                register,
                settings,
                results,
                out / f"audit-{year}.xlsx",
                load_key(),
            )

    audit = {
        "date": build_time(),
        "input_name": Path(args.file).name,
        "results_hash": short_hash(record.files[RESULTS_NAME]),
        "manifest_hash": record.short_hash,
    }
    quarantine = quarantine_summary(
        list(intake.quarantine.get("reasons", [])), list(intake.problems)
    )
    remarks = (
        remarks_for(intake.responses, codebook.text_columns, disclosure.min_n)
        if args.include_remarks
        else None
    )
    annual_pdf = out / f"spt-monitor-{year}.pdf"
    jobs: list[tuple] = [
        (_render_annual, (disclosure, audit, quarantine, remarks, annual_pdf, record.files)),
        (_write_tables, (results, disclosure, out / "tables.xlsx", settings)),
    ]
    if args.per_spt:
        for name in sorted(disclosure.view["satisfaction"]["by_spt"]):
            path = out / f"spt-{slug(name)}-{year}.pdf"
            jobs.append((_render_card, (disclosure, name, audit, path, record.files)))
    written = [p for p in render_jobs(jobs, console) if p.suffix == ".pdf"]
    print(headline(results, settings))
    names = ["results.json", "manifest.json", "tables.xlsx"]
    names += ["quarantine.csv"] if intake.quarantined else []
    print(f"Geschreven in {out}: {written[0].name}, " + ", ".join(names), end="")
    print(f" en {len(written) - 1} SPT-kaarten" if len(written) > 1 else "")
    print(
        f"{len(disclosure.log)} cijfers weggelaten of herteld (minimale n = {disclosure.min_n}); "
        "zie results.json, onderdeel 'disclosure'."
    )
    return 1 if intake.quarantined else 0


MAX_WORKERS = 4


def _render_annual(job: tuple) -> Path:
    """Build the annual report's context (its charts) and render it; may run in a worker."""
    disclosure, audit, quarantine, remarks, path, files = job
    ctx = annual_context(disclosure, audit=audit, quarantine=quarantine, remarks=remarks)
    return render_pdf("annual.html", ctx, path, files, title=ctx["document_title"])


def _write_tables(job: tuple) -> Path:
    """tables.xlsx as published: the analysis tables with withheld cells as 'x'."""
    results, disclosure, path, settings = job
    write_tables_workbook(published_sheets(results, disclosure), path, settings.rounding.decimals)
    return path


def _render_card(job: tuple) -> Path:
    """Build one SPT card's context (its charts) and render it; runs in a worker process."""
    disclosure, name, audit, path, files = job
    ctx = card_context(disclosure, name, audit=audit)
    return render_pdf("card.html", ctx, path, files, title=ctx["document_title"])


def render_jobs(jobs: list[tuple[Callable, tuple]], console: Console | None = None) -> list[Path]:
    """Run (function, job) output jobs, in worker processes when there are several.

    Each PDF depends only on its own job, so the files are the same bytes whether rendered
    one after another or side by side; the result keeps the order of `jobs`. A progress bar
    shows on multi-file work.
    """
    workers = min(len(jobs), os.cpu_count() or 1, MAX_WORKERS)
    out: list[Path | None] = [None] * len(jobs)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(jobs) < 2,
    ) as progress:
        task = progress.add_task("Rapport maken", total=len(jobs))
        try:
            if workers < 2:
                for i, (fn, job) in enumerate(jobs):
                    out[i] = fn(job)
                    progress.advance(task)
            else:
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                    futures = {pool.submit(fn, job): i for i, (fn, job) in enumerate(jobs)}
                    for future in as_completed(futures):
                        out[futures[future]] = future.result()
                        progress.advance(task)
        except OSError as exc:
            raise InputError(f"kan een PDF niet schrijven: {exc.strerror}") from None
    return [p for p in out if p is not None]
