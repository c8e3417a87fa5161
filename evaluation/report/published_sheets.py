"""tables.xlsx as published."""

from __future__ import annotations

from evaluation.disclosure.publish import Published
from evaluation.disclosure.rules import rule_text
from evaluation.dutch import SUPPRESSED
from evaluation.report.sheets import sheets
from evaluation.report.withheld import view_of
from evaluation.results import Column, Results, Table


def published_results(p: Published) -> Results:
    """The published Results with withheld table cells as "x" (table cells allow text)."""
    tables = view_of(p)["tables"]
    return p.results.model_copy(
        update={"tables": {k: Table.model_validate(t) for k, t in tables.items()}}
    )


def published_sheets(results: Results, d: Published) -> list[tuple[str, Table]]:
    """The workbook's sheets as published: a cell that had a value and was withheld shows "x".

    Sheets are built twice by the same function (full and published Results), so rows and
    columns line up by sheet name; a suppression log sheet is added at the end.
    """
    shown = dict(sheets(published_results(d)))
    out = []
    for name, orig in sheets(results):
        pub = shown[name]
        rows = []
        values = {c.key for c in pub.columns if c.kind in ("share", "mean", "percent", "p")}
        for r_orig, r_pub in zip(orig.rows, pub.rows, strict=True):
            row = {
                k: (SUPPRESSED if v is None and r_orig.get(k) is not None else v)
                for k, v in r_pub.items()
            }
            if SUPPRESSED in row.values():  # a blank beside an "x" would tell "no answer"
                row = {k: SUPPRESSED if v is None and k in values else v for k, v in row.items()}
            rows.append(row)
        out.append((name, pub.model_copy(update={"rows": rows})))
    out.append(
        (
            "Onderdrukking",
            Table(
                title=f"Weggelaten cijfers (minimale n = {d.min_n})",
                columns=[
                    Column(key="path", label="Cijfer"),
                    Column(key="rule", label="Regel"),
                    Column(key="n", label="n", kind="count"),
                    Column(key="reason", label="Reden"),
                ],
                rows=[{k: s.as_dict()[k] for k in ("path", "rule", "n", "reason")} for s in d.log],
                notes=[rule_text(d.min_n)],
            ),
        )
    )
    return out
