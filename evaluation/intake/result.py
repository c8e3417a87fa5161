"""What intake gives: the validated responses, the quarantine and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from evaluation.intake.reasons import Code, reason_label

ROW, REASONS = "row", "reasons"

ID, SPT = "respondent_id", "spt"


@dataclass(frozen=True, slots=True)  # slots: a 100,000-row wave can have 200,000 of them
class Problem:
    """One problem in one row: an item made missing ("item"), a quarantined row ("row") or a
    row excluded as a test or unfinished response ("excluded").

    The reason is a code with plain parameters; `reasons.reason_text` makes the Dutch text.
    """

    row: int
    column: str
    value: str
    code: Code
    params: dict[str, Any]
    level: str


@dataclass(frozen=True)
class IntakeResult:
    """Validated responses, the quarantine, the excluded rows and every problem found.

    Rows read = valid + quarantined + excluded. `tool` names the survey tool recognised from
    the file's headings ('' for the codebook's own format); `metadata_columns` are the tool's
    own columns (dates, status, e-mail), neither questions nor unknown.
    """

    responses: pd.DataFrame
    missing: pd.DataFrame
    quarantine: pd.DataFrame
    problems: list[Problem]
    rows_read: int
    unknown_columns: list[str]
    column_map: dict[str, str]
    source_path: str
    source_sha256: str
    exclusions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({ROW: [], REASONS: []}))
    tool: str = ""
    metadata_columns: list[str] = field(default_factory=list)
    absent_questions: list[str] = field(default_factory=list)  # needed, not in the file
    header_rows: int = 0  # rows under the heading that held headings too (Qualtrics: 2)
    file_rows: int | None = None  # rows under the heading by the file's own count (or reader's)
    file_rows_source: str = ""  # where file_rows comes from (Dutch), or why the file has none
    encoding: str = ""  # of a text file: utf-8, utf-16 or windows-1252 (said by validate)
    unfinished_unmarked: bool = False  # the tool is known, but its export has no completeness
    # per placed heading the texts the tool wrote under it (a second heading row)
    column_texts: dict[str, list[str]] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return len(self.responses)

    @property
    def quarantined(self) -> int:
        return len(self.quarantine)

    @property
    def excluded(self) -> int:
        return len(self.exclusions)

    @property
    def reconciled(self) -> bool:
        """Rows read = valid + quarantined + excluded, and the file's own rows = the tool's
        heading rows + rows read (a data row taken for a heading would not add up)."""
        whole = self.file_rows is None or self.file_rows == self.header_rows + self.rows_read
        return whole and self.rows_read == self.valid + self.quarantined + self.excluded

    @property
    def suspects(self) -> list[Problem]:
        """Rows that may be tests or unfinished, not yet confirmed either way by the user."""
        return [p for p in self.problems if p.level == "suspect"]

    @property
    def item_errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "item")


def excluded_by_reason(problems: list[Problem]) -> dict[str, int]:
    """Excluded rows per reason (Dutch label, no value from the file), in reason-code order."""
    counts: dict[Code, int] = {}
    for p in problems:
        if p.level == "excluded":
            counts[p.code] = counts.get(p.code, 0) + 1
    return {reason_label(c): counts[c] for c in Code if c in counts}
