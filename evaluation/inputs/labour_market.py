"""The labour-market region table (table 5.5 of the 2015 report): reading and checking it."""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.dutch import number
from evaluation.errors import (
    ErrorCode,
    FieldProblem,
    InputError,
    validation_problems,
)
from evaluation.inputs.codebook import normalise
from evaluation.tables.faults import fault_text
from evaluation.tables.read import Expect, read_table

ROOT = Path(__file__).resolve().parents[2]

DEFAULT_DATA = ROOT / "surveys" / "labour_market" / "regions_2014.csv"

SECTORS = ("me", "i", "pt", "b", "mvt")

SECTOR_LABELS = {
    "me": "Metalektro",
    "i": "Installatietechniek",
    "pt": "Procestechniek",
    "b": "Bouw",
    "mvt": "Motorvoertuigentechniek",
}

SECTOR_SHORT = {"me": "Me", "i": "I", "pt": "Pt", "b": "B", "mvt": "Mvt"}  # table 5.5 headers

# Development of technical employment 2012-2014 (footnote *** of table 5.5): class -> the range
# in %, in the footnote's order (from the smallest to the largest decline).
DEVELOPMENT_CLASSES = {"-": (-2.5, -3.0), "--": (-3.5, -7.6), "---": (-8.2, -10.6)}

NATIONAL = "NEDERLAND"

COLUMNS = (
    "regio",
    *SECTORS,
    "ontwikkeling",
    "aandeel_techniek",
    "omvang_techniek",
    "spt",
    "opmerking",
)

MAX_JOBS = 100_000_000  # technical jobs in one region: more is a typing error, not a region

SHARE_TOLERANCE = 1.0  # sector shares are rounded to whole percents in table 5.5

YES = {"ja", "j", "yes", "1", "true", "*"}

NO = {"nee", "n", "no", "0", "false"}

NOT_APPLICABLE = {"", "nvt", "n.v.t.", "-"}


class RegionRow(BaseModel):
    """One row of table 5.5: a labour-market region (or the national total)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regio: str = Field(min_length=1)
    me: float = Field(ge=0, le=100)
    i: float = Field(ge=0, le=100)
    pt: float = Field(ge=0, le=100)
    b: float = Field(ge=0, le=100)
    mvt: float = Field(ge=0, le=100)
    ontwikkeling: str
    aandeel_techniek: float = Field(gt=0, le=100)
    omvang_techniek: int = Field(gt=0, le=MAX_JOBS)
    spt: bool | None = None
    opmerking: str = ""

    @property
    def is_national(self) -> bool:
        return normalise(self.regio) == normalise(NATIONAL)

    def shares(self) -> dict[str, float]:
        return {s: getattr(self, s) for s in SECTORS}


class RegionData(BaseModel):
    """A validated region file: the regions, the national row and where it came from."""

    model_config = ConfigDict(frozen=True)

    regions: list[RegionRow]
    national: RegionRow
    source_path: str
    source_sha256: str

    def get(self, name: str) -> RegionRow:
        for r in self.regions:
            if r.regio == name:
                return r
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [r.regio for r in self.regions]


def _problem(row: int | None, name: str, column: str, rule: str, **params: object) -> FieldProblem:
    """A problem of the region file at a row (counted from 1 under the header) and column."""
    where = f"rij {row}" + (f" ({name})" if name else "") if row is not None else "kopregel"
    return FieldProblem(where + (f", kolom '{column}'" if column else ""), rule, params)


def _invalid(path: Path, problems: list[FieldProblem]) -> InputError:
    return InputError(
        ErrorCode.INVALID_FILE, what="regiobestand", file=str(path), problems=tuple(problems)
    )


def _parse_number(text: str, integer: bool) -> float | int:
    """Read '53', '53%', '12,5', '19.078' (Dutch thousands) or '19078'; ValueError otherwise."""
    t = text.strip().replace("%", "").replace(" ", "").replace("\u2212", "-")
    if not t:
        raise ValueError("empty")
    if integer:
        t = t.replace(".", "")
        if len(t) > 12:  # beyond any region; int() of thousands of digits is slow and then fails
            raise ValueError("too long")
        return int(t)
    value = float(t.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _parse_yes_no(text: str) -> bool | None:
    t = text.strip().lower()
    if t in YES:
        return True
    if t in NO:
        return False
    if t in NOT_APPLICABLE:
        return None
    raise ValueError(text)


def _region_header(path: Path) -> Expect:
    """A region file's header holds the column 'regio' (and the other columns of COLUMNS)."""

    def known(cells: list[str]) -> int:
        return sum(1 for c in cells if c.strip().lower() in COLUMNS)

    def no_header(sheets: list[str], first: list[str]) -> InputError:
        return InputError(
            ErrorCode.REGIONS_NO_SHEET, file=str(path), sheets=", ".join(sheets) or "geen"
        )

    return Expect("regiobestand", known, lambda cells: known(cells) >= 2, no_header)


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], str]:
    """The header (lower case), the rows of cells and the SHA-256, by the one table reader;
    a row the reader could not read as written stops with its row number."""
    raw = read_table(path, _region_header(path))
    rows = raw.text_rows()
    faults = [
        _problem(
            pos + 1,
            rows[pos][0].strip() if rows[pos] else "",
            str(fault.params.get("column", "")),
            "row_unreadable",
            reason=fault_text(fault),
        )
        for pos, fault in sorted(raw.row_faults.items())
    ]
    if faults:
        raise _invalid(path, faults)
    if not raw.rows and not any(c.strip() for c in raw.columns):
        raise InputError(ErrorCode.FILE_EMPTY, what="regiobestand", file=str(path))
    header = [h.strip().lower() for h in raw.columns]
    return header, rows, raw.sha256


def load_regions(path: str | Path | None = None) -> RegionData:
    """Read and validate a whole region file; InputError names every problem with its row,
    column and reason."""
    p = Path(path) if path is not None else DEFAULT_DATA
    header, body, sha = _read_rows(p)
    required = [c for c in COLUMNS if c != "opmerking"]
    absent = [
        _problem(None, "", c, "column_missing", expected=", ".join(COLUMNS))
        for c in required
        if c not in header
    ]
    if absent:
        raise _invalid(p, absent)
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rows: list[RegionRow] = []
    problems: list[FieldProblem] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(body, start=1):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in index.items()}
        row, found = _region_row(n, cells)
        name = cells["regio"]
        key = normalise(name)
        if key in seen:
            found.append(_problem(n, name, "regio", "region_twice", earlier=seen[key]))
        seen.setdefault(key, n)
        problems.extend(found)
        if row is not None and not found:
            rows.append(row)
    if problems:
        raise _invalid(p, problems)
    national = [r for r in rows if r.is_national]
    if len(national) != 1:
        raise InputError(
            ErrorCode.NATIONAL_ROW, file=str(p), national=NATIONAL, found=len(national)
        )
    regions = [r for r in rows if not r.is_national]
    if not regions:
        raise InputError(ErrorCode.NO_REGIONS, file=str(p))
    return RegionData(regions=regions, national=national[0], source_path=str(p), source_sha256=sha)


def _region_row(n: int, cells: dict[str, str]) -> tuple[RegionRow | None, list[FieldProblem]]:
    """One row of the region file as a RegionRow, and every problem in it."""
    name = cells["regio"]
    problems: list[FieldProblem] = []
    values: dict[str, object] = {"regio": name, "opmerking": cells.get("opmerking", "")}
    for col in (*SECTORS, "aandeel_techniek", "omvang_techniek"):
        try:
            values[col] = _parse_number(cells[col], integer=col == "omvang_techniek")
        except ValueError:
            problems.append(_problem(n, name, col, "not_a_number", text=cells[col]))
    try:
        values["spt"] = _parse_yes_no(cells["spt"])
    except ValueError:
        problems.append(_problem(n, name, "spt", "not_yes_no", text=cells["spt"]))
    klass = cells["ontwikkeling"].replace(" ", "").replace("\u2013", "-")
    if klass not in DEVELOPMENT_CLASSES:
        known = ", ".join(f"'{k}'" for k in DEVELOPMENT_CLASSES)
        problems.append(_problem(n, name, "ontwikkeling", "unknown_class", text=klass, known=known))
    values["ontwikkeling"] = klass
    if problems:
        return None, problems
    try:
        row = RegionRow.model_validate(values)
    except ValidationError as exc:
        found = validation_problems(exc.errors())
        return None, [_problem(n, name, f.place, f.rule, **f.params) for f in found]
    total = sum(row.shares().values())
    if abs(total - 100) > SHARE_TOLERANCE:
        shown = number(total, 0 if total.is_integer() else 1)
        margin = number(SHARE_TOLERANCE, 0)
        problems.append(
            _problem(n, name, "me, i, pt, b, mvt", "shares_sum", total=shown, margin=margin)
        )
    if not row.is_national and row.spt is None:
        problems.append(_problem(n, name, "spt", "yes_no_needed"))
    return row, problems
