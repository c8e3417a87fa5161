"""`spt-eval package --year Y`: the public data package of a stored year (Frictionless Data
Package: datapackage.json, a CSV per table, SDMX status codes for withheld figures).

Only published figures go in; the confidential bundle stays `spt-eval store export`, in a
folder of its own. Exit codes: 0 written; 2 input or store unusable.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.commands.common import store_option
from evaluation.errors import ErrorCode, StoreError, check_year, explained_write_errors, visible
from evaluation.exchange.from_store import stored_source, stored_years
from evaluation.exchange.package import write_package
from evaluation.store.db import connect, store_errors

PUBLIC = "openbaar"


def default_folder(year: int | None) -> Path:
    """reports/datapakket-<year>/openbaar (all years: datapakket-alle-jaren); the public
    route has a folder of its own."""
    return Path("reports") / f"datapakket-{year or 'alle-jaren'}" / PUBLIC


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "package",
        help="schrijf de gepubliceerde cijfers van een jaar als open datapakket",
        description=(
            "Schrijft de gepubliceerde cijfers van een opgeslagen jaar als Frictionless Data "
            "Package: datapackage.json met een tabelschema per tabel, en CSV-bestanden (komma "
            "als scheidingsteken, punt als decimaalteken) met de cijfers, het register, de "
            "resultaten per SPT en de methode. Weggelaten cijfers staan erin met een lege "
            "waarde en een SDMX-code. Zie docs/exchange.md."
        ),
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, metavar="JAAR", help="jaar")
    which.add_argument(
        "--all-years",
        action="store_true",
        help="alle opgeslagen jaren in één pakket (resultaten per SPT per jaar een tabel)",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="MAP",
        help="map (standaard reports/datapakket-<jaar>/openbaar)",
    )
    p.add_argument(
        "--excel",
        action="store_true",
        help="schrijf er ook een versie voor Excel bij (puntkomma, decimale komma) in excel/",
    )
    store_option(p)
    return p


def run(args: argparse.Namespace) -> int:
    if args.year is not None:
        check_year(args.year)
    con = connect(args.store, create=False)
    try:
        with store_errors(args.store):
            years = [args.year] if args.year is not None else stored_years(con)
            if not years:
                raise StoreError(ErrorCode.STORE_EMPTY, store=str(args.store))
            sources = [stored_source(con, y) for y in years]
    finally:
        con.close()
    out = args.out or default_folder(args.year)
    with explained_write_errors(out):
        names = write_package(sources, out, excel=args.excel)
    print(visible(f"Geschreven in {out}: " + ", ".join(names)))
    return 0
