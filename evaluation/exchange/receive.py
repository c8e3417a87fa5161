"""A received data package: find its table of results per SPT for the existing intake.

The package (a folder with datapackage.json, or that file itself) must list a resource
`spt_results` whose path is a CSV inside the package's folder; its rows then go through the
results-per-SPT intake like any other file (quarantine, reconciliation). Anything else stops
with one Dutch line.
"""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.exchange.package import PACKAGE_FILE, RESULTS, results_name
from evaluation.limits import load_json, read_file
from evaluation.safe_files import contained

WHAT = "datapakket"


def is_package(path: Path) -> bool:
    """True for a folder holding datapackage.json, or a file named datapackage.json."""
    p = Path(path)
    return p.name == PACKAGE_FILE or (p.is_dir() and (p / PACKAGE_FILE).is_file())


def results_table(path: Path, year: int) -> Path:
    """The CSV of `year`'s results per SPT that the package at `path` lists: the resource
    `spt_results_<year>` of a package of several years, else `spt_results`."""
    p = Path(path)
    descriptor = p if p.name == PACKAGE_FILE else p / PACKAGE_FILE
    tree = load_json(read_file(descriptor, WHAT), f"'{descriptor.name}'", unique_keys=True)
    resources = tree.get("resources") if isinstance(tree, dict) else None
    if not isinstance(resources, list):
        raise InputError(ErrorCode.PACKAGE_NO_RESOURCES, file=str(descriptor))
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    name = results_name(year) if results_name(year) in names else RESULTS
    found = [r for r in resources if isinstance(r, dict) and r.get("name") == name]
    if len(found) != 1:
        raise InputError(
            ErrorCode.PACKAGE_NO_RESULTS,
            folder=str(descriptor.parent),
            name=RESULTS,
            year_name=results_name(year),
        )
    res = found[0]
    rel = res.get("path")
    if not isinstance(rel, str) or "://" in rel or res.get("format", "csv") != "csv":
        raise InputError(ErrorCode.PACKAGE_TABLE_NOT_CSV, name=name)
    table = contained(descriptor.parent, rel, f"de tabel '{name}'")
    if not table.is_file():
        raise InputError(ErrorCode.PACKAGE_FILE_MISSING, file=rel)
    return table
