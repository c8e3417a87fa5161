"""`spt-eval analyse FILE --out DIR`: all figures of the report as results.json, tables.xlsx and
weights.csv, with the headline figures printed in Dutch. Exit codes as `validate`."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.analysis.frame import WEIGHTS_HEADER, scored_frame, weight_rows
from evaluation.commands.common import headline, inputs_from
from evaluation.errors import explained_design_errors, explained_write_errors
from evaluation.intake.quarantine import write_quarantine
from evaluation.pipeline import run_survey
from evaluation.privacy import load_key
from evaluation.report.sheets import sheets
from evaluation.safe_files import write_text
from evaluation.writers import write_csv, write_tables_workbook


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "analyse",
        help="bereken alle cijfers: tevredenheid, stellingen, kenmerken en tabellen",
        description=(
            "Leest en controleert de enquête-export, berekent de tevredenheidsscore (gewogen naar "
            "SPT, met standaardfout en betrouwbaarheidsinterval), de stellingen, de kenmerken "
            "van tabel 2.2 en de tabellen van het rapport, en schrijft results.json, "
            "tables.xlsx en weights.csv (en quarantine.csv bij afgekeurde rijen) in MAP. "
            "Exitcode 0: klaar; 1: klaar, maar rijen in quarantaine; 2: invoer onbruikbaar."
        ),
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="enquête-export (CSV, XLSX of SAV)")
    p.add_argument("--out", type=Path, required=True, metavar="MAP", help="uitvoermap")
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    p.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML)")
    p.add_argument(
        "--min-n", type=int, metavar="K", dest="min_n", help="minimum aantal respondenten per cel"
    )
    p.add_argument("--key", type=Path, metavar="PAD", help="sleutelbestand voor pseudoniemen")
    return p


def run(args: argparse.Namespace) -> int:
    inputs = inputs_from(args, min_n=args.min_n)
    run = run_survey(args.file, inputs)
    intake, results, settings = run.intake, run.results, inputs.settings
    with explained_design_errors():
        frame, _, _ = scored_frame(intake, inputs.codebook, inputs.register, settings)
    with explained_write_errors(args.out):
        args.out.mkdir(parents=True, exist_ok=True)
        write_text(args.out / "results.json", results.to_json())
        write_tables_workbook(sheets(results), args.out / "tables.xlsx", settings.rounding.decimals)
        write_csv(WEIGHTS_HEADER, weight_rows(frame, load_key(args.key)), args.out / "weights.csv")
        if intake.quarantined:
            write_quarantine(intake, args.out / "quarantine.csv")
    print(headline(run))
    print(f"Geschreven in {args.out}: results.json, tables.xlsx, weights.csv", end="")
    print(", quarantine.csv" if intake.quarantined else "")
    return 1 if intake.quarantined else 0
