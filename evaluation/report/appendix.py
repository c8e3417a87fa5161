"""Appendix material: the quarantine summary and the respondents' remarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from evaluation.privacy import mask_text


def quarantine_summary(quarantine_reasons: list[str], problems: list[Any]) -> dict[str, Any]:
    """Counts per reason; no raw values (they may hold personal data)."""
    row_reasons: Counter[str] = Counter()
    for reasons in quarantine_reasons:
        for r in str(reasons).split("; "):
            if r:
                row_reasons[r] += 1
    item = Counter((p.column, p.reason) for p in problems if getattr(p, "level", "item") == "item")
    return {
        "rows": [{"reason": r, "n": n} for r, n in sorted(row_reasons.items())],
        "items": [{"column": c, "reason": r, "n": n} for (c, r), n in sorted(item.items())],
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
