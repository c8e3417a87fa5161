"""Read and validate a results-per-SPT file (CSV or XLSX) as intake does a survey export.

A bad row never stops the run: it is quarantined with its row number and every reason in
Dutch; rows read = valid rows + quarantined rows. An unreadable file or a file without the
columns `jaar` and `spt` stops with one Dutch line (InputError).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import normalise
from evaluation.inputs.register import Register
from evaluation.spt_results.schema import (
    BUDGET_SOURCES,
    COLUMNS,
    COUNT_COLUMNS,
    FIELD_OF,
    FTE_COLUMN,
    REQUIRED,
    Project,
    SptYear,
)
from evaluation.spt_results.table import column_key, read_cells

FAULT = "__fault__"
LARGEST = 10**12  # a count or an amount beyond this is a typing error (and loses precision)


@dataclass(frozen=True)
class QuarantinedRow:
    """A row set aside: its number (1 = first row under the header) and every reason."""

    row: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SptResultsIntake:
    """Valid records per SPT, the quarantine and the reconciliation counts."""

    records: dict[str, SptYear]
    quarantine: list[QuarantinedRow]
    rows_read: int
    valid_rows: int
    unknown_columns: list[str] = field(default_factory=list)
    source_name: str = ""
    source_sha256: str = ""

    @property
    def quarantined(self) -> int:
        return len(self.quarantine)

    def reconciliation(self) -> str:
        """The line `store add-results` prints last."""
        return (
            f"Ingelezen: {self.rows_read} rijen = {self.valid_rows} geldig + "
            f"{self.quarantined} in quarantaine"
        )


def _frame(path: Path) -> tuple[pd.DataFrame, str]:
    """The file's rows as text cells; the column `__fault__` holds a reading fault per row."""
    cells = read_cells(path)
    header = [str(h) for h in cells.header]
    frame = pd.DataFrame(cells.rows, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame[FAULT] = [cells.faults.get(i, "") for i in range(len(cells.rows))]
    return frame, cells.sha256


def whole_count(text: str) -> int | None | str:
    """A count: '' -> None; '12' / '12,0' -> 12; otherwise the Dutch reason."""
    t = text.strip()
    if not t:
        return None
    if re.fullmatch(r"-?\d+", t) and len(t) > 15:
        return "getal te groot"
    value = decimal_amount(t)
    if isinstance(value, str):
        return value if value == "getal te groot" else "geen geheel getal"
    if value is None or value != int(value):
        return "geen geheel getal"
    return int(value) if value >= 0 else "negatief aantal"


def decimal_amount(text: str) -> float | None | str:
    """'1.250,50', '1250.5', '€ 1250' -> float; '' -> None; otherwise the Dutch reason
    ('nan', 'inf' and numbers beyond 10^12 are no amounts)."""
    t = text.strip().replace("€", "").replace(" ", "")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", t):
        return "geen getal"  # also 'nan', 'inf', 'infinity', which float() would take
    value = float(t)
    if not math.isfinite(value) or abs(value) > LARGEST:
        return "getal te groot"
    return value


def _column_names(frame: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """File column -> schema column (case, accents, spaces and punctuation ignored)."""
    known = {normalise(c).replace(" ", "_"): c for c in COLUMNS}
    mapping, unknown = {}, []
    for col in frame.columns:
        if col == FAULT:
            continue
        key = column_key(col)
        if key in known:
            mapping[col] = known[key]
        else:
            unknown.append(str(col))
    return mapping, unknown


def read_spt_results(path: str | Path, register: Register, year: int) -> SptResultsIntake:
    """Validate a results-per-SPT file for `year` against the register."""
    p = Path(path)
    frame, sha = _frame(p)
    mapping, unknown = _column_names(frame)
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise InputError(ErrorCode.RESULTS_COLUMNS_MISSING, file=p.name, columns=", ".join(missing))
    faults = frame.pop(FAULT).tolist()
    frame = frame.rename(columns=mapping)[list(dict.fromkeys(mapping.values()))]
    lookup = register.lookup()
    totals: dict[str, dict] = {}
    projects: dict[str, list[Project]] = {}
    quarantine: list[QuarantinedRow] = []
    for pos, row in enumerate(frame.to_dict("records")):
        cells = {k: str(v or "") for k, v in row.items()}
        reasons: list[str] = []
        if faults[pos]:
            reasons.append(faults[pos])
        y = whole_count(cells.get("jaar", ""))
        if y is None or isinstance(y, str):
            reasons.append("jaar ontbreekt of is geen jaartal")
        elif y != year:
            reasons.append(f"jaar {y} is niet het jaar {year} dat wordt ingelezen")
        name = lookup.get(normalise(cells.get("spt", ""))) if cells.get("spt", "").strip() else None
        if not cells.get("spt", "").strip():
            reasons.append("servicepunt ontbreekt")
        elif name is None:
            reasons.append("onbekend servicepunt")
        project = cells.get("project", "").strip()
        values: dict[str, object] = {}
        if project:
            for col, label in (
                ("project_deelnemers", "deelnemers"),
                ("project_plaatsingen", "plaatsingen"),
            ):
                v = whole_count(cells.get(col, ""))
                if v is None or isinstance(v, str):
                    reasons.append(f"{label} van het project: {v or 'ontbreekt'}")
                values[col] = v
            if all(
                isinstance(values.get(c), int)
                for c in ("project_deelnemers", "project_plaatsingen")
            ):
                if values["project_plaatsingen"] > values["project_deelnemers"]:
                    reasons.append("meer plaatsingen dan deelnemers in het project")
            filled = [
                c for c in [*COUNT_COLUMNS, FTE_COLUMN, *BUDGET_SOURCES] if cells.get(c, "").strip()
            ]
            if filled:
                reasons.append("op een projectregel horen geen totalen van het SPT")
            if name and any(pr.name == project for pr in projects.get(name, [])):
                reasons.append(f"project '{project}' staat al eerder in het bestand")
        else:
            if any(cells.get(c, "").strip() for c in ("project_deelnemers", "project_plaatsingen")):
                reasons.append("deelnemers of plaatsingen zonder projectnaam")
            for col in COUNT_COLUMNS:
                v = whole_count(cells.get(col, ""))
                if isinstance(v, str):
                    reasons.append(f"{COUNT_COLUMNS[col]}: {v}")
                values[col] = v
            for col in (FTE_COLUMN, *BUDGET_SOURCES):
                v = decimal_amount(cells.get(col, ""))
                if isinstance(v, float) and v < 0:
                    v = "negatief"
                if isinstance(v, str):
                    what = (
                        "fte arbeidsmarktcoach"
                        if col == FTE_COLUMN
                        else f"budget {BUDGET_SOURCES[col]}"
                    )
                    reasons.append(f"{what}: {v}")
                values[col] = v
            if name and name in totals:
                reasons.append("servicepunt staat al eerder in het bestand")
        if reasons:
            quarantine.append(QuarantinedRow(pos + 1, tuple(reasons)))
            continue
        assert name is not None
        if project:
            projects.setdefault(name, []).append(
                Project(
                    name=project,
                    participants=values["project_deelnemers"],
                    placements=values["project_plaatsingen"],
                )
            )
        else:
            totals[name] = {
                **{FIELD_OF[c]: values[c] for c in (*COUNT_COLUMNS, FTE_COLUMN)},
                "budget": {c: values[c] for c in BUDGET_SOURCES if values[c] is not None},
            }
    records = {
        name: SptYear(spt=name, year=year, **totals.get(name, {}), projects=projects.get(name, []))
        for name in sorted(set(totals) | set(projects))
    }
    return SptResultsIntake(
        records=records,
        quarantine=quarantine,
        rows_read=len(frame),
        valid_rows=len(frame) - len(quarantine),
        unknown_columns=unknown,
        source_name=p.name,
        source_sha256=sha,
    )
