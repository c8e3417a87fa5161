"""The file's own count of its cases, taken apart from the reader that built the table: an
SPSS file's header (its number of cases), an .xlsx sheet's filled rows under the heading.
Reconciled against the rows read, a row the reader lost shows; where the file does not say
(an SPSS header may hold -1), that is said instead of a count. The file is read again within
the limits, as the reader read it (a file swapped in between is refused, not trusted)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from evaluation.limits import check_file, check_xlsx, read_file
from evaluation.tables.raw import RawTable, raw_text, unique_names

WHAT = "enquêtebestand"
TITLE_ROWS = 20  # rows looked at for the heading, as the reader does


@dataclass(frozen=True)
class CaseCount:
    """Rows under the heading by the file's own account (None: the file does not say), and
    where that count comes from, in Dutch."""

    rows: int | None
    source: str


def case_count(path: str | Path, raw: RawTable) -> CaseCount | None:
    """The file's own count for an .sav or .xlsx; None for a text file (its reader counts
    its records)."""
    p = Path(path)
    check_file(p, WHAT)  # a regular file within the size limit, before anything is read
    with open(p, "rb") as fh:
        head = fh.read(4)
    if head.startswith(b"$FL"):
        return _sav_count(p)
    if head.startswith(b"PK"):
        data = read_file(p, WHAT)
        check_xlsx(data, f"Excel-bestand '{p.name}'")
        return _sheet_count(data, raw)
    return None


def _sav_count(path: Path) -> CaseCount:
    import pyreadstat

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception:  # pyreadstat raises in English; the reader has read the file already
        return CaseCount(None, "de kop van het SPSS-bestand is niet te lezen")
    n = meta.number_rows
    if n is None or n < 0:
        return CaseCount(None, "het SPSS-bestand noemt zijn aantal cases niet in de kop")
    return CaseCount(int(n), "aantal cases in de kop van het SPSS-bestand")


def _texts(row: tuple) -> list[str]:
    return [raw_text(c).strip() for c in row]


def _sheet_count(data: bytes, raw: RawTable) -> CaseCount | None:
    """Filled rows under the first row (of any sheet) that is the table's heading."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns in English about odd workbooks
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            ws.reset_dimensions()  # the stored size may be wrong
            heading, count = None, 0
            for i, row in enumerate(ws.iter_rows(values_only=True)):
                texts = _texts(row)
                if heading is None:
                    if i >= TITLE_ROWS:
                        break
                    width = texts + [""] * (len(raw.columns) - len(texts))
                    if any(texts) and unique_names(width) == raw.columns:
                        heading = i
                elif any(texts):
                    count += 1
            if heading is not None:
                return CaseCount(count, f"gevulde rijen onder de kop op blad '{ws.title}'")
    finally:
        book.close()
    return CaseCount(None, "de kopregel van de tabel staat op geen blad van het bestand")
