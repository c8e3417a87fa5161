"""`spt-eval validate`: check a survey export against the codebook and report what was found."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evaluation.dutch import number
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.reasons import reason_text
from evaluation.intake.result import IntakeResult
from evaluation.intake.validate import read_survey

SHOWN_PROBLEMS = 10


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "validate",
        add_help=False,
        help="controleer een enquête-export (CSV, Excel of SPSS) voordat u analyseert",
        description=(
            "Leest een enquête-export (CSV, Excel .xlsx of SPSS .sav) en controleert elke rij "
            "tegen het codeboek. Een ongeldig antwoord telt als 'ontbrekend' (itemfout); een rij "
            "zonder of met een dubbel respondentnummer, een onbekend servicepunt of zonder enig "
            "antwoord gaat in quarantaine. Er gaat niets verloren: gelezen = geldig + "
            "quarantaine. Uitkomst: 0 = alle rijen geldig, 1 = er staan rijen in quarantaine, "
            "2 = het bestand is niet te lezen of is geen enquête-export."
        ),
    )
    p._positionals.title = "invoer"
    p._optionals.title = "keuzes"
    p.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")
    p.add_argument("file", type=Path, metavar="BESTAND", help="de enquête-export om te controleren")
    p.add_argument(
        "--codebook",
        type=Path,
        metavar="PAD",
        help="codeboek (YAML) met de vragen en antwoorden; standaard dat van de enquête 2015",
    )
    p.add_argument(
        "--quarantine",
        type=Path,
        metavar="PAD",
        help=(
            "schrijf de rijen in quarantaine naar dit CSV-bestand (met rijnummer, redenen en de "
            "oorspronkelijke waarden), zodat u ze kunt verbeteren en opnieuw aanbieden"
        ),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="geef de uitkomst als één JSON-object (voor scripts) in plaats van een tabel",
    )
    return p


def valid_per_spt(result: IntakeResult, order: list[str]) -> dict[str, int]:
    """Valid rows per service point, in register order (as in appendix 1 of the report)."""
    counts = result.responses["spt"].value_counts()
    return {name: int(counts[name]) for name in order if name in counts}


def summary(result: IntakeResult, order: list[str]) -> dict:
    """The validation outcome as plain data (the --json output)."""
    per_spt = valid_per_spt(result, order)
    return {
        "file": result.source_path,
        "sha256": result.source_sha256,
        "rows_read": result.rows_read,
        "valid": result.valid,
        "quarantined": result.quarantined,
        "item_errors": result.item_errors,
        "reconciled": result.rows_read == result.valid + result.quarantined,
        "per_spt": per_spt,
        "unknown_columns": result.unknown_columns,
        "column_map": result.column_map,
        "problems": [
            {
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "code": str(p.code),
                "params": p.params,
                "reason": reason_text(p),
                "level": p.level,
            }
            for p in result.problems
        ],
    }


def _print_human(result: IntakeResult, order: list[str], quarantine_path: Path | None) -> None:
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]Controle van {result.source_path}[/bold]")
    counts = Table(show_header=False, box=None, padding=(0, 2))
    counts.add_column("wat")
    counts.add_column("aantal", justify="right")
    counts.add_row("rijen gelezen", number(result.rows_read, 0))
    counts.add_row("geldig", number(result.valid, 0))
    counts.add_row("in quarantaine", number(result.quarantined, 0))
    counts.add_row("itemfouten (antwoord als ontbrekend geteld)", number(result.item_errors, 0))
    console.print(counts)

    per_spt = valid_per_spt(result, order)
    if per_spt:
        table = Table(title="Geldige rijen per servicepunt", title_justify="left")
        table.add_column("servicepunt")
        table.add_column("rijen", justify="right")
        for name, n in per_spt.items():
            table.add_row(name, number(n, 0))
        console.print(table)

    if result.unknown_columns:
        console.print(
            "Onbekende kolommen (niet in het codeboek, genegeerd): "
            + ", ".join(result.unknown_columns)
        )
    if result.problems:
        shown = min(SHOWN_PROBLEMS, len(result.problems))
        console.print(f"[bold]Eerste problemen ({shown} van {len(result.problems)})[/bold]")
        for p in result.problems[:SHOWN_PROBLEMS]:
            kind = "rij in quarantaine" if p.level == "row" else "antwoord telt als ontbrekend"
            where = f"rij {p.row}" + (f", kolom {p.column}" if p.column else "")
            console.print(f"  {where}: {reason_text(p)} ({kind})", markup=False)
        console.print("Rijnummers tellen vanaf de eerste rij onder de kopregel (rij 1).")
    if result.quarantined:
        if quarantine_path is not None:
            console.print(f"Quarantaine geschreven naar {quarantine_path}")
        else:
            console.print(
                "Gebruik --quarantine BESTAND om de rijen in quarantaine met hun redenen "
                "op te slaan."
            )
    ok = "klopt" if result.rows_read == result.valid + result.quarantined else "KLOPT NIET"
    console.print(
        f"gelezen = geldig + quarantaine: {result.rows_read} = {result.valid} + "
        f"{result.quarantined} ({ok})"
    )


def run(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    register = load_register(register_path(codebook))
    result = read_survey(args.file, codebook, register)
    if args.quarantine is not None:
        write_quarantine(result, args.quarantine)
    if args.json:
        json.dump(summary(result, register.names), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_human(result, register.names, args.quarantine)
    return 1 if result.quarantined else 0
