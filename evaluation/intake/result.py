"""What intake gives: the validated responses, the quarantine and every problem found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from evaluation.intake.reasons import Code

ROW, REASONS = "row", "reasons"

ID, SPT = "respondent_id", "spt"


@dataclass(frozen=True)
class Problem:
    """One problem in one row: an item made missing ("item") or a quarantined row ("row").

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
    """Validated responses, the quarantine and every problem found, with reconciliation counts."""

    responses: pd.DataFrame
    missing: pd.DataFrame
    quarantine: pd.DataFrame
    problems: list[Problem]
    rows_read: int
    unknown_columns: list[str]
    column_map: dict[str, str]
    source_path: str
    source_sha256: str

    @property
    def valid(self) -> int:
        return len(self.responses)

    @property
    def quarantined(self) -> int:
        return len(self.quarantine)

    @property
    def item_errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "item")
