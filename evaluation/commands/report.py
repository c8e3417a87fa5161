"""`spt-eval report FILE`: the annual monitoring report (PDF) and, with --per-spt, one card per SPT.

Validates, weights and analyses the export, applies disclosure control and writes into DIR
(default reports/<year>/): spt-monitor-<year>.pdf, results.json and manifest.json (also
attached inside every PDF), tables.xlsx, quarantine.csv when rows were set aside, and
spt-<name>-<year>.pdf per SPT. Exit codes as `validate`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from evaluation.audit.workbook import write_audit_workbook
from evaluation.commands.common import headline, inputs_from
from evaluation.errors import InputError, explained_write_errors
from evaluation.intake.quarantine import write_quarantine
from evaluation.manifest import RESULTS_NAME, short_hash
from evaluation.pipeline import Run, record_run, run_survey
from evaluation.privacy import load_key
from evaluation.report.appendix import quarantine_summary, remarks_for
from evaluation.report.card import slug
from evaluation.report.jobs import render_annual, render_card, render_jobs, write_tables
from evaluation.report.render import build_time
from evaluation.report.trends import TRENDS_NAME, render_annual_with_trends, render_card_with_trend
from evaluation.safe_files import write_bytes
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run, record_report


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
    p.add_argument(
        "file", type=Path, nargs="?", metavar="BESTAND", help="enquête-export (CSV, XLSX of SAV)"
    )
    p.add_argument(
        "--store",
        type=Path,
        metavar="PAD",
        help="maak het rapport van een jaar uit de opslag, met een hoofdstuk over de jaren",
    )
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
    run, trends, con = _from_store(args) if args.store else (_from_file(args), None, None)
    inputs = run.inputs
    intake, published = run.intake, run.published
    year = inputs.settings.year
    out = args.out or Path("reports") / str(year)
    with explained_write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
        record = record_run(
            run,
            out,
            extra_parameters={
                "per_spt": bool(args.per_spt),
                "include_remarks": bool(args.include_remarks),
            },
        )
        if intake.quarantined and con is None:  # the store keeps no raw rows
            write_quarantine(intake, out / "quarantine.csv")
        if getattr(args, "audit", False):
            write_audit_workbook(
                intake,
                inputs.codebook,
                inputs.register,
                inputs.settings,
                run.results,
                out / f"audit-{year}.xlsx",
                load_key(),
            )

    audit = {
        "date": build_time(),
        "input_name": Path(intake.source_path).name,
        "results_hash": short_hash(record.files[RESULTS_NAME]),
        "manifest_hash": record.short_hash,
    }
    quarantine = quarantine_summary(intake.problems)
    remarks = (
        remarks_for(intake.responses, inputs.codebook.text_columns, published.remarks_from)
        if args.include_remarks
        else None
    )
    annual_pdf = out / f"spt-monitor-{year}.pdf"
    decimals = inputs.settings.rounding.decimals
    files = record.files
    if trends is not None:
        files = {**files, TRENDS_NAME: trends.trends.to_json().encode("utf-8")}
        with explained_write_errors(out):
            write_bytes(out / TRENDS_NAME, files[TRENDS_NAME])
    annual = (published, audit, quarantine, remarks, annual_pdf, files)
    jobs: list[tuple] = [
        (render_annual, annual)
        if trends is None
        else (render_annual_with_trends, (*annual, trends)),
        (write_tables, (run.results, published, out / "tables.xlsx", decimals)),
    ]
    if args.per_spt:
        names = sorted(published.results.satisfaction.by_spt)
        for name in names:
            path = out / f"spt-{slug(name, names)}-{year}.pdf"  # unique even when names clash
            card = (published, name, audit, path, files)
            jobs.append(
                (render_card, card) if trends is None else (render_card_with_trend, (*card, trends))
            )
    written = [p for p in render_jobs(jobs, console) if p.suffix == ".pdf"]
    if con is not None:  # the store keeps what this run published, with its wave
        record_report(con, year, record, trends)
        con.close()
    print(headline(run))
    names = ["results.json", "manifest.json", "tables.xlsx"]
    names += [TRENDS_NAME] if trends is not None else []
    names += ["quarantine.csv"] if intake.quarantined and con is None else []
    print(f"Geschreven in {out}: {written[0].name}, " + ", ".join(names), end="")
    print(f" en {len(written) - 1} SPT-kaarten" if len(written) > 1 else "")
    print(
        f"{len(published.log)} cijfers weggelaten of herteld (minimale n = {published.min_n}); "
        "zie results.json, onderdeel 'disclosure'."
    )
    return 1 if intake.quarantined else 0


def _from_file(args: argparse.Namespace) -> Run:
    if args.file is None:
        raise InputError("geef een enquête-export, of --store met --year")
    return run_survey(args.file, inputs_from(args, min_n=args.min_n, year=args.year))


def _from_store(args: argparse.Namespace):
    """The stored year's run, its trends and the open store (the run is recorded in it)."""
    if args.file is not None or args.year is None:
        raise InputError("met --store hoort --year JAAR en geen enquête-export")
    con = connect(args.store, create=False)
    run, trends = monitor_run(con, args.year, min_n=args.min_n)
    return run, trends, con
