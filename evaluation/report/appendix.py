"""Appendix material: the quarantine summary and the respondents' remarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from evaluation.intake.reasons import Code, reason_label
from evaluation.intake.result import Problem
from evaluation.privacy import mask_text


def quarantine_summary(problems: list[Problem]) -> dict[str, Any]:
    """Appendix C: rows set aside per reason, invalid answers per column and reason.

    Counted by reason code from the typed problems, each reason once per row, and labelled
    by code: no raw value or respondent number from the file reaches the public report.
    """
    order = {code: i for i, code in enumerate(Code)}
    rows = Counter(code for _, code in {(p.row, p.code) for p in problems if p.level == "row"})
    items = Counter((p.column, p.code) for p in problems if p.level == "item")
    return {
        "rows": [
            {"code": str(code), "reason": reason_label(code), "n": n}
            for code, n in sorted(rows.items(), key=lambda kv: order[kv[0]])
        ],
        "items": [
            {"column": column, "code": str(code), "reason": reason_label(code), "n": n}
            for (column, code), n in sorted(
                items.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])
            )
        ],
    }


def remarks_for(responses: Any, text_columns: list[str], spts: Collection[str]) -> list[dict]:
    """Free-text remarks of the given SPTs (disclosure's `remarks_from`), masked; order: SPT, row.

    Respondent text is never trusted: names, e-mail addresses and phone numbers are masked
    here, and the templates escape whatever is left.
    """
    out = []
    for _, row in responses.sort_values(["spt", "row"]).iterrows():
        if row["spt"] not in spts:
            continue
        for col in text_columns:
            text = row.get(col)
            if isinstance(text, str) and text.strip():
                out.append({"spt": row["spt"], "text": mask_text(text.strip())})
    return out
