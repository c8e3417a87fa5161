"""`spt-eval verify REPORT`: check a report's inputs and recompute every figure it records."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evaluation.audit.compare import DIFFERS, NOT_CHECKABLE, OK, Check, shown_value
from evaluation.audit.disclosure import audit_report
from evaluation.audit.verify import VerifyResult, verify
from evaluation.errors import ErrorCode, InputError, console_text
from evaluation.routine.verify_stored import verify_stored
from evaluation.store.db import connect


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "verify",
        help="controleer een rapport: invoer, bijlagen en elk cijfer opnieuw berekend",
        description=(
            "Leest manifest.json en results.json uit het rapport (PDF-bijlagen of rapportmap), "
            "controleert de controlegetallen (SHA-256) van de invoer, rekent alles opnieuw uit "
            "met het instellingenbestand en vergelijkt elk cijfer (tot 1e-9), het hele manifest en "
            "elk gedrukt cijfer en kenmerk van de PDF. Exitcode 0: alles klopt; 1: iets wijkt af "
            "of is niet te controleren (zoals zonder instellingenbestand); 2: rapport onleesbaar, "
            "zonder bijlagen of aangetast."
        ),
    )
    p.add_argument("report", type=Path, metavar="RAPPORT", help="rapport-PDF of rapportmap")
    p.add_argument("--data", type=Path, metavar="BESTAND", help="het enquêtebestand (export)")
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    p.add_argument(
        "--store",
        type=Path,
        metavar="PAD",
        help="controleer tegen het jaar in de monitor (de opgeslagen meting opnieuw gerekend, "
        "zoals report --store): geen enquêtebestand nodig",
    )
    p.add_argument(
        "--year",
        type=int,
        metavar="JAAR",
        help="met --store: het jaar van het rapport (standaard: het jaar uit het manifest)",
    )
    p.add_argument(
        "--disclosure",
        action="store_true",
        help="alleen de controle op openbaarmaking: is een weggelaten cijfer terug te rekenen "
        "uit wat het rapport publiceert? (geen enquêtebestand nodig)",
    )
    p.add_argument(
        "--settings",
        type=Path,
        metavar="PAD",
        help="instellingenbestand van het rapport (standaard: de naam uit het manifest, naast "
        "het codeboek)",
    )
    p.add_argument(
        "--min-n",
        type=int,
        dest="min_n",
        metavar="K",
        help="de minimale n waarmee het rapport is gemaakt (als die niet uit de instellingen kwam)",
    )
    p.add_argument(
        "--alles",
        action="store_true",
        help="toon ook elk cijfer dat klopt, niet alleen afwijkingen",
    )
    return p


def _table(title: str, rows: list[Check]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("onderdeel / cijfer", overflow="fold")
    table.add_column("vastgelegd", overflow="fold")
    table.add_column("herberekend", overflow="fold")
    table.add_column("uitkomst")
    style = {OK: "green", DIFFERS: "bold red"}
    for r in rows:
        status = f"[{style.get(r.status, 'yellow')}]{r.status}[/]"
        cells = (console_text(r.path), console_text(shown_value(r.recorded)))
        table.add_row(*cells, console_text(shown_value(r.recomputed)), status)
    return table


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    if args.disclosure:
        return _disclosure(args, console)
    result = _stored(args) if args.store is not None else None
    if result is None:
        result = verify(
            args.report,
            data=args.data,
            codebook=args.codebook,
            settings=args.settings,
            min_n=args.min_n,
        )
    title = f"Controle van {console_text(args.report)}: invoer en bijlagen"
    console.print(_table(title, result.checks))
    figures = result.figures
    shown = figures if args.alles else [r for r in figures if r.status != OK]
    if shown:
        console.print(_table("Cijfers in results.json", shown))
    agree = sum(r.status == OK for r in figures)
    console.print(f"{agree} van {len(figures)} cijfers kloppen.")
    if result.ok:
        console.print("[green]Alles klopt.[/]")
        return 0
    if result.differing:
        differing = ", ".join(r.path for r in result.differing)
        console.print("[bold red]Afwijkend:[/] " + console_text(differing))
    if result.uncheckable:
        what = ", ".join(r.path for r in result.uncheckable)
        console.print("[bold yellow]Niet te controleren:[/] " + console_text(what))
    return 1


def _stored(args: argparse.Namespace) -> VerifyResult:
    """The report against its year in the store (no export, codebook or settings file)."""
    if args.data is not None or args.codebook is not None or args.settings is not None:
        raise InputError(ErrorCode.STORE_VERIFY_ALONE)
    con = connect(args.store, create=False)
    try:
        return verify_stored(args.report, con, year=args.year, min_n=args.min_n)
    finally:
        con.close()


def _disclosure(args: argparse.Namespace, console: Console) -> int:
    audit, rows = audit_report(args.report)
    console.print(_table(f"Openbaarmaking van {console_text(args.report)}", rows))
    for f in audit.findings:
        console.print("[bold red]Terug te rekenen:[/] " + console_text(f.sentence()))
    if audit.ok and all(r.status not in (DIFFERS, NOT_CHECKABLE) for r in rows):
        console.print("[green]" + console_text(audit.summary()) + "[/]")
        return 0
    console.print("[bold red]" + console_text(audit.summary()) + "[/]")
    return 1
