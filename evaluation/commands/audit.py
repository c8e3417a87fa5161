"""`spt-eval audit FILE --out DIR`: the confidential audit workbook with live formulas."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from evaluation.audit.workbook import write_audit_workbook
from evaluation.commands.common import inputs_from
from evaluation.errors import explained_write_errors, visible
from evaluation.pipeline import run_survey
from evaluation.privacy import load_key


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "audit",
        help="schrijf de vertrouwelijke auditwerkmap (cijfers als Excel-formules)",
        description=(
            "Schrijft audit-<jaar>.xlsx: per respondent (pseudoniem) de antwoorden, het cijfer "
            "en het gewicht als formules, het gewogen cijfer totaal en per SPT (SUMPRODUCT) en "
            "de standaardfout volgens het ontwerp. Vertrouwelijk: niets is onderdrukt. "
            "Exitcode 0: klaar; 1: klaar, maar rijen in quarantaine; 2: invoer onbruikbaar."
        ),
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="het enquêtebestand (export)")
    p.add_argument("--out", type=Path, required=True, metavar="MAP", help="uitvoermap")
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    p.add_argument(
        "--settings",
        type=Path,
        metavar="PAD",
        help="instellingen (YAML; standaard settings.yaml naast het codeboek)",
    )
    p.add_argument("--year", type=int, metavar="JAAR", help="jaar (standaard uit de instellingen)")
    p.add_argument(
        "--key-file",
        type=Path,
        metavar="PAD",
        help="sleutelbestand voor de pseudoniemen (standaard $SPT_EVAL_KEY of "
        "~/.config/spt-eval/key, dat zo nodig wordt aangemaakt)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    inputs = inputs_from(args, year=args.year)
    key = load_key(args.key_file)
    run = run_survey(args.file, inputs)
    settings = inputs.settings
    out = Path(args.out) / f"audit-{settings.year}.xlsx"
    with explained_write_errors(args.out):
        Path(args.out).mkdir(parents=True, exist_ok=True)
        write_audit_workbook(
            run.intake, inputs.codebook, inputs.register, settings, run.results, out, key
        )
    console.print(f"auditwerkmap geschreven: {visible(out)}", markup=False)
    console.print(
        "[bold]Vertrouwelijk:[/] niets is onderdrukt; deel dit bestand alleen met de accountant."
    )
    if run.intake.quarantined:
        console.print(f"{run.intake.quarantined} rijen in quarantaine (niet in de werkmap).")
    return 1 if run.intake.quarantined else 0
