"""tables.xlsx as published."""

from __future__ import annotations

from evaluation.disclosure.publish import Published
from evaluation.disclosure.rules import rule_text
from evaluation.report.sheets import sheets
from evaluation.report.withheld import text
from evaluation.results import Column, Results, Table

VALUE_KINDS = ("share", "mean", "percent", "p")


def published_sheets(results: Results, d: Published) -> list[tuple[str, Table]]:
    """The workbook's sheets as published: a cell that had a value and was withheld shows "x".

    Sheets are built twice by the same function (the full Results and the published typed
    Results, None where withheld), so rows and columns line up by sheet name; a cell that is
    None in the published sheet and had a value in the full one was withheld. A row with such
    a cell shows "x" in its empty value cells too: a blank beside an "x" would tell "no
    answer". A suppression log sheet is added at the end.
    """
    shown = dict(sheets(d.results))
    out = []
    for name, orig in sheets(results):
        pub = shown[name]
        rows = []
        values = {c.key for c in pub.columns if c.kind in VALUE_KINDS}
        for r_orig, r_pub in zip(orig.rows, pub.rows, strict=True):
            hidden = {k for k, v in r_pub.items() if v is None and r_orig.get(k) is not None}
            if hidden:
                hidden |= {k for k, v in r_pub.items() if v is None and k in values}
            rows.append({k: text(v, True) if k in hidden else v for k, v in r_pub.items()})
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
