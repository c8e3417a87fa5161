"""Read a survey export with the one reader of a user's table (`evaluation.tables`), telling it
what a survey export's header looks like: the codebook's columns, a respondent-number column or
a survey tool's own headings."""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.columns import column_keys, match_columns, match_key
from evaluation.intake.profiles import PROFILES, name_key, recognise
from evaluation.intake.result import ID
from evaluation.tables.raw import RawTable
from evaluation.tables.read import Expect
from evaluation.tables.read import read_table as read_any_table

# Every tool's own field names: a sheet's row holding two of them is a tool's heading row
# (Qualtrics with chosen fields only: 'ResponseId', 'Finished' and its question tags).
TOOL_FIELDS = frozenset().union(*(p.metadata for p in PROFILES))


def survey_header(codebook: Codebook, path: str | Path, any_sheet: bool = False) -> Expect:
    """What a survey export's header holds: a respondent-number column or a tool's headings."""
    keys = column_keys(codebook)

    def known(cells: list[str]) -> int:
        return sum(1 for c in cells if match_key(c) in keys)

    def is_header(cells: list[str]) -> bool:
        column_map, _ = match_columns(cells, codebook)
        own = sum(1 for c in cells if name_key(c) in TOOL_FIELDS)  # never two in a data row
        return ID in column_map.values() or bool(recognise(cells).name) or own >= 2

    def no_header(sheets: list[str], first: list[str]) -> InputError:
        return InputError(
            ErrorCode.SURVEY_NO_SHEET,
            file=Path(path).name,
            path=str(path),
            sheets=", ".join(sheets) or "geen",
            first=", ".join(f"'{c}'" for c in first[:6]) or "niets",
        )

    return Expect("enquêtebestand", known, is_header, no_header, any_sheet)


def read_table(path: str | Path, codebook: Codebook, any_sheet: bool = False) -> RawTable:
    """Read a survey export by its content (CSV, .xlsx or .sav), whatever the extension says.

    A workbook's sheet needs a respondent-number column or a survey tool's headings (title
    rows above it are skipped), unless `any_sheet` (for `map`): then the first sheet is read."""
    return read_any_table(path, survey_header(codebook, path, any_sheet))
