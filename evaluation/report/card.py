"""What one SPT's card shows."""

from __future__ import annotations

from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.report.actions import what_to_do
from evaluation.report.card_charts import card_grade_chart
from evaluation.report.context import common
from evaluation.report.figures import grade_row, overall_row, spt_figure_chart
from evaluation.report.region_map import card_map
from evaluation.report.views import items_of, row_for, shown, statement_label, table
from evaluation.report.withheld import figures, text


def card_context(d: Published, spt: str, *, audit: dict[str, Any]) -> dict[str, Any]:
    """One SPT's card: its grade and statements against the national figures, traits, register."""
    results = d.results
    year = results.parameters.year
    ctx = common(d, audit, f"SPT-kaart {spt} {year}")
    own = results.satisfaction.by_spt.get(spt)
    response = row_for(table(d, "respons_spt"), spt) or {"n": 0}
    grade = card_grade_chart(
        [grade_row(spt, own)],
        overall_row(results.satisfaction),
        f"Tevredenheidsscore {spt} en landelijk (1-5)",
    )
    statements = []
    for key, item in {**items_of(results.items, "1.2"), **items_of(results.items, "2.1")}.items():
        mine = item.agree_by_spt.get(spt)
        own_share = figures(d, mine, "items", key, "agree_by_spt", spt)
        statements.append(
            {
                "key": key,
                "label": statement_label(item),
                "national": figures(d, item.agree, "items", key, "agree"),
                "spt": own_share,
                "withheld": "estimate" in own_share["withheld"],
                # a withheld share shows the SPT's respondents (see spt_likert_row)
                "n_spt": int(mine.n or 0)
                if mine is not None and shown(mine.estimate)
                else int(response.get("n") or 0),
            }
        )
    statements.sort(key=lambda s: s["label"])
    structure_t = table(d, "1.7_per_spt")
    structure_row = row_for(structure_t, spt)
    structure = []
    if structure_t and structure_row:
        for c in structure_t["columns"]:
            k = c["key"]
            if k in ("spt", "n") or k.endswith("_n"):
                continue
            hidden = k in structure_row["withheld"]
            structure.append(
                {
                    "label": c["label"],
                    "answer": text(structure_row.get(k), hidden),
                    # a withheld answer shows the SPT's respondents, as the statements do
                    "n": response.get("n") if hidden else structure_row.get(f"{k}_n"),
                }
            )
    register_t = table(d, "1.1")
    register_row = row_for(register_t, spt)
    own_view = (
        figures(d, own, "satisfaction", "by_spt", spt)
        if own is not None
        else {"estimate": None, "n": 0, "ci": [None, None], "band": None, "withheld": frozenset()}
    )
    ctx.update(
        spt=spt,
        own=own_view,
        response=response,
        grade_chart=grade,
        statements_chart=spt_figure_chart(results.items, spt, int(response.get("n") or 0)),
        statements=statements,
        structure=structure,
        register_columns=[
            c
            for c in (register_t or {}).get("columns", [])
            if c["key"] not in ("spt", "invited_assumed", "type")  # type: in the card's head
        ],
        register_row=register_row,
        spt_type=row_for(table(d, "bijlage2"), spt),
        card_suppressed=own is None or not shown(own.estimate),
        to_do=what_to_do(results.items, spt, own is not None and shown(own.estimate)),
        region_map=card_map(spt, results.parameters.register_sha256),
    )
    return ctx
