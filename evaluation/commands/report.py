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

from evaluation.commands.common import headline, inputs_from, progress_bar
from evaluation.errors import ErrorCode, InputError
from evaluation.pipeline import Run, run_survey
from evaluation.routine.produce import OutputOptions, produce_report, report_workers
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
    outputs = OutputOptions(
        per_spt=bool(args.per_spt),
        include_remarks=bool(args.include_remarks),
        audit=bool(getattr(args, "audit", False)),
    )
    with report_workers(outputs) as workers:  # forked before the answers are read
        run, trends, con = _from_store(args) if args.store else (_from_file(args), None, None)
        out = args.out or Path("reports") / str(run.inputs.settings.year)
        with progress_bar(console, "Rapport maken") as tick:
            made = produce_report(
                run,
                out,
                outputs,
                trends=trends,
                keep_quarantine=con is None,
                on_progress=tick,
                workers=workers,
            )
    if con is not None:  # the store keeps what this run published, with its wave
        record_report(con, run.inputs.settings.year, made.record, trends)
        con.close()
    print(headline(run))
    print(f"Geschreven in {out}: {made.annual.name}, " + ", ".join(made.names()), end="")
    print(f" en {len(made.cards)} SPT-kaarten" if made.cards else "")
    published = run.published
    print(
        f"{len(published.log)} cijfers weggelaten of herteld (minimale n = {published.min_n}); "
        "zie results.json, onderdeel 'disclosure'."
    )
    return 1 if run.intake.quarantined else 0


def _from_file(args: argparse.Namespace) -> Run:
    if args.file is None:
        raise InputError(ErrorCode.REPORT_NEEDS_INPUT)
    return run_survey(args.file, inputs_from(args, min_n=args.min_n, year=args.year))


def _from_store(args: argparse.Namespace):
    """The stored year's run, its trends and the open store (the run is recorded in it)."""
    if args.file is not None or args.year is None:
        raise InputError(ErrorCode.STORE_NEEDS_YEAR)
    con = connect(args.store, create=False)
    run, trends = monitor_run(con, args.year, min_n=args.min_n)
    return run, trends, con
