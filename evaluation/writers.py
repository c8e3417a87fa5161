"""Output files users open in Excel: table workbooks and CSVs, reproducible and injection-safe.

Every displayed number goes through the one rounding rule (evaluation.dutch.round_half_up);
every text cell goes through privacy.sheet_cell (characters XLSX forbids made visible, formulas
neutralised); files are written through safe_files (no symlink followed); with SOURCE_DATE_EPOCH
set, the same input gives byte-identical workbooks.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from evaluation import safe_files
from evaluation.dutch import round_half_up
from evaluation.privacy import neutralise_cell, sheet_cell

# number formats per column kind of a results Table
FORMATS = {"count": "0", "share": "0", "percent": "0", "p": "0.000"}


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a naive UTC datetime, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)


def document_time() -> datetime:
    """The document's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    fixed = source_date_epoch()
    if fixed is not None:
        return fixed.replace(tzinfo=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def save_reproducibly(wb: Any, path: str | Path) -> None:
    """Save an openpyxl workbook; with SOURCE_DATE_EPOCH set, core properties and zip entries
    carry that date so the same content gives the same bytes."""
    wb.properties.creator = "spt-eval"
    when = source_date_epoch()
    if when is None:
        buf = BytesIO()
        wb.save(buf)
        safe_files.write_bytes(path, buf.getvalue())
        return
    wb.properties.created = wb.properties.modified = when
    buf = BytesIO()
    wb.save(buf)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps 'modified' at save time
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso, body)
            dst.writestr(info, body)
    safe_files.write_bytes(path, out.getvalue())


def display(value: Any, kind: str, decimals: int) -> Any:
    """A cell as shown in a workbook: rounded half up, shares as percentages, flags as X."""
    if value is None:
        return None
    if kind == "flag":
        return "X" if value else None
    if isinstance(value, bool) or kind == "text" or not isinstance(value, int | float):
        return sheet_cell(str(value))
    if kind == "count":
        return int(value)
    if kind == "share":
        return round_half_up(100 * value, 0)
    if kind == "percent":
        return round_half_up(value, 0)
    if kind == "mean":
        return round_half_up(value, decimals)
    if kind == "se":
        return round_half_up(value, decimals + 1)
    if kind == "p":
        return round_half_up(value, 3)
    return value


def write_table_sheet(ws: Any, table: Any, decimals: int) -> None:
    """One results Table (title, columns with label/key/kind, rows, notes) on a worksheet."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append([sheet_cell(table.title)])
    ws["A1"].font = bold
    ws.append([sheet_cell(col.label) for col in table.columns])
    for cell in ws[2]:
        cell.font = bold
    formats = {
        **FORMATS,
        "mean": "0." + "0" * decimals if decimals else "0",
        "se": "0." + "0" * (decimals + 1),
    }
    for row in table.rows:
        ws.append([display(row.get(col.key), col.kind, decimals) for col in table.columns])
        for cell, col in zip(ws[ws.max_row], table.columns, strict=True):
            if col.kind in formats and isinstance(cell.value, int | float):
                cell.number_format = formats[col.kind]
    notes = [n for n in (table.notes or []) if n]
    if notes:
        ws.append([])
        for note in notes:
            ws.append([sheet_cell(note)])
    for i, col in enumerate(table.columns, start=1):
        width = max(len(col.label), 8) if i > 1 else 36
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = min(width + 2, 50)


def write_tables_workbook(named_tables: Iterable[tuple[str, Any]], path: Path, decimals: int):
    """tables.xlsx: one sheet per (sheet name, Table), Dutch headers, numbers as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, table in named_tables:
        write_table_sheet(wb.create_sheet(title=name[:31]), table, decimals)
    save_reproducibly(wb, path)


def write_csv(header: list[str], rows: Iterable[Iterable[Any]], path: str | Path) -> None:
    """A UTF-8 CSV whose header and text cells cannot start a spreadsheet formula; a cell with
    a line break or carriage return is quoted, so every row stays one record."""
    with safe_files.open_new(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([neutralise_cell(str(h)) for h in header])
        for row in rows:
            out.writerow([neutralise_cell(v) if isinstance(v, str) else v for v in row])
