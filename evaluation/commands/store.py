"""`spt-eval store ...`: the multi-year store (add, add-results, list, remove, export).

Exit codes: 0 done; 1 done, but rows were quarantined; 2 input or store unusable.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.commands.common import inputs_from, store_option
from evaluation.dutch import number
from evaluation.errors import ErrorCode, StoreError, check_year, explained_write_errors, visible
from evaluation.exchange.receive import is_package, results_table
from evaluation.privacy import load_key
from evaluation.routine.years import keep_wave
from evaluation.spt_results.read import read_spt_results
from evaluation.store.db import connect, store_errors
from evaluation.store.export import export_year
from evaluation.store.spt_results import add_results, remove_results, results_files
from evaluation.store.waves import list_waves, remove_year

STATUS = {"current": "actueel", "superseded": "vervangen"}


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "store",
        help="bewaar metingen over de jaren (opslag voor de meerjarige monitor)",
        description=(
            "De opslag bewaart per jaar de gecontroleerde antwoorden (alleen met pseudoniemen), "
            "gewichten, aantallen in quarantaine met redenen, codeboek, register en instellingen, "
            "en de resultaten per SPT. Vertrouwelijk, net als de export zelf. Exitcode 0: klaar; "
            "1: klaar, maar rijen in quarantaine; 2: invoer of opslag onbruikbaar."
        ),
    )
    sub = p.add_subparsers(dest="store_command", metavar="ACTIE", title="acties", required=True)
    a = sub.add_parser("add", help="voeg de enquête van een jaar toe")
    a.add_argument("file", type=Path, metavar="BESTAND", help="enquête-export (CSV, XLSX of SAV)")
    a.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar van de meting")
    a.add_argument("--replace", action="store_true", help="vervang een ander bestand van dit jaar")
    a.add_argument(
        "--republish",
        action="store_true",
        help="vervang ook een jaar dat al gepubliceerd is (met --replace); het volgende rapport "
        "laat elke wijziging weg die minder dan de minimale n respondenten onderscheidt",
    )
    a.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    a.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML)")
    a.add_argument("--key", type=Path, metavar="PAD", help="sleutelbestand voor de pseudoniemen")
    r = sub.add_parser("add-results", help="voeg de resultaten per SPT van een jaar toe")
    r.add_argument(
        "file",
        type=Path,
        metavar="BESTAND",
        help="resultaten per SPT (CSV of XLSX), of een datapakket (map met datapackage.json)",
    )
    r.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar")
    r.add_argument("--replace", action="store_true", help="vervang een ander bestand van dit jaar")
    r.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (voor het register)")
    sub.add_parser("list", help="toon de jaren in de opslag")
    d = sub.add_parser("remove", help="verwijder een jaar uit de opslag")
    d.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar")
    d.add_argument(
        "--results", action="store_true", help="verwijder de resultaten per SPT van dit jaar"
    )
    e = sub.add_parser("export", help="schrijf een jaar als bundel CSV- en JSON-bestanden")
    e.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar")
    e.add_argument("--out", type=Path, metavar="MAP", help="map (standaard reports/export-<jaar>)")
    for sp in (a, r, *[sub.choices[n] for n in ("list", "remove")], e):
        store_option(sp)
    return p


def run(args: argparse.Namespace) -> int:
    if getattr(args, "year", None) is not None:
        check_year(args.year)  # before it reaches SQLite (a 20-digit year does not fit)
    con = connect(args.store, create=args.store_command in ("add", "add-results"))
    try:
        with store_errors(args.store):
            return ACTIONS[args.store_command](con, args)
    finally:
        con.close()


def _add(con, args) -> int:
    inputs = inputs_from(args, year=args.year)
    key = load_key(args.key)
    what, i = keep_wave(  # the dates and the stored waves first, then the intake
        con, args.file, inputs, key=key, replace=args.replace, republish=args.republish
    )
    if i is None:
        print(visible(f"{args.year}: ongewijzigd ({args.file.name} staat al in {args.store})"))
        return 0
    print(visible(f"{args.year}: {what} ({args.file.name}) in {args.store}"))
    tail = f" + {i.excluded} niet meegeteld" if i.excluded else ""
    print(
        f"Ingelezen: {i.rows_read} rijen = {i.valid} geldig + {i.quarantined} in quarantaine{tail}"
    )
    return 1 if i.quarantined else 0


def _add_results(con, args) -> int:
    table = results_table(args.file, args.year) if is_package(args.file) else args.file
    intake = read_spt_results(table, inputs_from(args, year=args.year).register, args.year)
    what = add_results(con, intake, args.year, replace=args.replace)  # refused before printing
    if intake.unknown_columns:
        print(visible("Onbekende kolommen (niet gebruikt): " + ", ".join(intake.unknown_columns)))
    for q in intake.quarantine:
        print(visible(f"  rij {q.row}: " + "; ".join(q.reasons)))
    name = visible(args.file.name)
    print(f"{args.year}: resultaten per SPT {what} ({name}), {len(intake.records)} SPT's")
    print(intake.reconciliation())
    return 1 if intake.quarantined else 0


def _list(con, args) -> int:
    waves = list_waves(con)
    if not waves:
        print(f"De opslag {visible(args.store)} bevat nog geen metingen.")
    for w in waves:
        line = (
            f"{w.year}  {STATUS.get(w.status, '?'):<9} {Path(w.input_name).name}"
            f"  sha256 {w.input_sha256[:12]}"
            f"  codeboek {w.codebook_version}  {w.valid} geldig, {w.quarantined} in quarantaine"
            f"  {w.reports} rapport{'' if w.reports == 1 else 'en'}  (toegevoegd {w.added_at})"
        )
        print(visible(line))  # names and versions come from files: they steer no terminal
    for year, status, name, read, valid, quarantined in results_files(con):
        print(
            visible(
                f"{year}  {STATUS.get(status, '?'):<9} resultaten per SPT {name}: "
                f"{number(read, 0)} rijen, {valid} geldig, {quarantined} in quarantaine"
            )
        )
    return 0


def _remove(con, args) -> int:
    n = remove_results(con, args.year) if args.results else remove_year(con, args.year)
    if not n:  # one line, the error's: nothing was removed
        kept = (
            [f[0] for f in results_files(con)]
            if args.results
            else [w.year for w in list_waves(con)]
        )
        stored = sorted(set(kept))
        raise StoreError(
            ErrorCode.YEAR_NOT_STORED,
            year=args.year,
            stored=", ".join(map(str, stored)) or "niets",
        )
    if args.results:
        print(f"{args.year}: {n} bestand(en) met resultaten per SPT verwijderd")
    else:
        print(f"{args.year}: {n} meting(en) verwijderd (actueel en vervangen)")
    return 0


def _export(con, args) -> int:
    out = args.out or Path("reports") / f"export-{args.year}"
    with explained_write_errors(out):
        names = export_year(con, args.year, out)
    print(visible(f"Geschreven in {out}: " + ", ".join(names)))
    return 0


ACTIONS = {
    "add": _add,
    "add-results": _add_results,
    "list": _list,
    "remove": _remove,
    "export": _export,
}
