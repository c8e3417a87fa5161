"""Write the public data package of a year: datapackage.json and one CSV per resource.

Only a published results tree goes in (withheld values already null); the package is written
into a folder of its own that may not hold a confidential export. The CSVs use `,` and `.`
(machines); the optional Dutch-Excel twin (`excel/`, `;` and a decimal comma) is listed as
resources of its own, so a validator checks it too.
"""

from __future__ import annotations

import csv
import json
from dataclasses import astuple, dataclass
from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.exchange.figures import figures
from evaluation.exchange.schema import PROFILE, RESOURCE_PROFILE, TABLES, table_schema
from evaluation.inputs.register import Register
from evaluation.privacy import neutralise_cell
from evaluation.safe_files import open_new, write_text

PACKAGE_FILE = "datapackage.json"
RESULTS = "spt_results"
# Files of the confidential bundle (`store export`): a public package is never written beside them.
CONFIDENTIAL = ("responses.csv", "missing_answers.csv", "wave.json", "problems.csv")


@dataclass(frozen=True)
class Source:
    """What a package of one year is made of; `tree` is the published results.json."""

    tree: dict
    register: Register
    spt_results: list[list[object]]  # rows in the columns of the results-per-SPT input


def _cell(value: object, comma: bool) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if comma else text
    return neutralise_cell(value) if isinstance(value, str) else value


def _write(path: Path, header: list[str], rows: list[list[object]], comma: bool) -> None:
    with open_new(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";" if comma else ",", lineterminator="\r\n")
        out.writerow(header)
        for row in rows:
            out.writerow([_cell(v, comma) for v in row])


def _register_rows(year: int, register: Register) -> list[list[object]]:
    return [
        [year, sp.name, "|".join(sp.regions), sp.activity_level, sp.invited, sp.invited_assumed]
        for sp in sorted(register.service_points, key=lambda s: s.name)
    ]


def _parameter_rows(year: int, tree: dict) -> list[list[object]]:
    return [[year, *row] for row in _parameters(tree)]


def _parameters(tree: dict) -> list[list[object]]:
    p = tree.get("parameters") or {}
    rows: list[list[object]] = []
    for key in (
        "year",
        "confidence",
        "ci_distribution",
        "min_n",
        "lonely_psu",
        "codebook_version",
        "codebook_sha256",
        "register_sha256",
        "settings_sha256",
        "input_sha256",
    ):
        if key in p:
            rows.append([key, str(p[key])])
    for group in ("weighting", "mdd", "rounding"):
        for k, v in sorted((p.get(group) or {}).items()):
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                rows.append([f"{group}.{k}", str(v)])
    for design in ("design_grade", "design_traits"):
        for k in ("strata", "psu", "fpc", "lonely_psu", "description"):
            if (p.get(design) or {}).get(k) is not None:
                rows.append([f"{design}.{k}", str(p[design][k])])
    return rows


def year_of(source: Source) -> int:
    return int(source.tree["parameters"]["year"])


def resource_rows(sources: list[Source]) -> dict[str, list[list[object]]]:
    """The rows of every table, by resource name; one year's results per SPT per resource
    when the package holds several years (`store add-results` reads one year)."""
    rows: dict[str, list[list[object]]] = {"figures": [], "register": [], "parameters": []}
    for s in sources:
        year = year_of(s)
        rows["figures"] += [list(astuple(f)) for f in figures(s.tree)]
        rows["register"] += _register_rows(year, s.register)
        rows["parameters"] += _parameter_rows(year, s.tree)
        rows[results_name(year) if len(sources) > 1 else RESULTS] = s.spt_results
    return rows


def results_name(year: int) -> str:
    """The resource of one year's results per SPT in a package of several years."""
    return f"{RESULTS}_{year}"


def _check_folder(out: Path) -> None:
    if out.is_symlink():
        raise InputError(ErrorCode.FOLDER_IS_LINK, folder=str(out))
    if out.exists():
        mixed = [n for n in CONFIDENTIAL if (out / n).exists()]
        if mixed:
            raise InputError(ErrorCode.FOLDER_CONFIDENTIAL, folder=str(out), names=", ".join(mixed))


def _resource(name: str, table: str, comma: bool) -> dict:
    fields, title, description, *key = TABLES[table]
    if name != table:
        title += f" {name.rsplit('_', 1)[1]}"
    rel = f"excel/{name}.csv" if comma else f"{name}.csv"
    resource = {
        "$schema": RESOURCE_PROFILE,
        "name": f"{name}_excel" if comma else name,
        "type": "table",
        "path": rel,
        "title": title + (" (Excel, puntkomma en decimale komma)" if comma else ""),
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(fields, decimal_comma=comma, primary_key=key[0] if key else None),
    }
    if comma:
        resource["dialect"] = {"delimiter": ";"}
    return resource


def write_package(sources: list[Source], out: Path, excel: bool = False) -> list[str]:
    """Write the package of one or more years into `out`; return the file names written."""
    out = Path(out)
    _check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    years = sorted(year_of(s) for s in sources)
    rows = resource_rows(sorted(sources, key=year_of))
    resources, written = [], []
    for comma in (False, True) if excel else (False,):
        if comma:
            (out / "excel").mkdir(exist_ok=True)
        for name, table_rows in rows.items():
            table = RESULTS if name.startswith(RESULTS) else name
            resource = _resource(name, table, comma)
            header = [f["name"] for f in TABLES[table][0]]
            _write(out / resource["path"], header, table_rows, comma)
            written.append(resource["path"])
            resources.append(resource)
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    package = {
        "$schema": PROFILE,
        "name": f"spt-monitor-{span}",
        "title": f"Monitor Servicepunten Techniek {span}: gepubliceerde cijfers",
        "description": (
            "Openbaar: alleen gepubliceerde cijfers; weggelaten cijfers staan er met een lege "
            "waarde en de SDMX-code in conf_status. Zie docs/exchange.md."
        ),
        "version": "1.0.0",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "keywords": ["SPT", "monitor", *map(str, years)],
        "resources": resources,
    }
    write_text(out / PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return [PACKAGE_FILE, *written]
