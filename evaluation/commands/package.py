"""`spt-eval package --year Y`: the public data package of a stored year (Frictionless Data
Package: datapackage.json, a CSV per table, SDMX status codes for withheld figures).

Only published figures go in; the confidential bundle stays `spt-eval store export`, in a
folder of its own. Exit codes: 0 written; 2 input or store unusable.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.errors import check_year, explained_write_errors, visible
from evaluation.exchange.from_store import stored_source
from evaluation.exchange.package import write_package
from evaluation.store.db import DEFAULT_STORE, connect, store_errors

PUBLIC = "openbaar"


def default_folder(year: int) -> Path:
    """reports/datapakket-<year>/openbaar: the public route never writes anywhere else."""
    return Path("reports") / f"datapakket-{year}" / PUBLIC


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
    p.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar")
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
    p.add_argument(
        "--store",
        type=Path,
        default=DEFAULT_STORE,
        metavar="PAD",
        help=f"het opslagbestand (standaard {DEFAULT_STORE})",
    )
    return p


def run(args: argparse.Namespace) -> int:
    check_year(args.year)
    con = connect(args.store, create=False)
    try:
        with store_errors(args.store):
            source = stored_source(con, args.year)
    finally:
        con.close()
    out = args.out or default_folder(args.year)
    with explained_write_errors(out):
        names = write_package(source, out, excel=args.excel)
    print(visible(f"Geschreven in {out}: " + ", ".join(names)))
    return 0
