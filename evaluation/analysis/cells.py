"""The grade's cells: respondents per SPT and trait answers, the blocks every grade figure
combines (national grade, SPT grades, trait groups, regression); disclosure checks on them."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.frame import GRADE
from evaluation.results import GradeCell


def grade_cells(df: pd.DataFrame, trait_ids: list[str]) -> list[GradeCell]:
    """One cell per SPT and pattern of trait answers (1, 0, or None for anything else) among
    the respondents with a grade, with its respondents and mean grade."""
    rows = df.loc[df[GRADE].notna(), ["spt", GRADE, *trait_ids]]  # these columns, not all
    if rows.empty:
        return []
    codes = pd.DataFrame(
        {t: rows[t].where(rows[t].isin([0, 1])).map(_code) for t in trait_ids}, index=rows.index
    )
    keys = ["spt", *trait_ids]
    frame = pd.concat([rows[["spt", GRADE]], codes], axis=1)
    out = []
    for key, part in frame.groupby(keys, dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        out.append(
            GradeCell(
                spt=str(key[0]),
                traits={t: _code(v) for t, v in zip(trait_ids, key[1:], strict=True)},
                n=int(len(part)),
                mean=float(part[GRADE].mean()),
            )
        )
    return out


def _code(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
