"""What the annual report shows."""

from __future__ import annotations

from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.report.charts import grade_chart
from evaluation.report.choices import GROUP_SESSION, choice_sections
from evaluation.report.context import common
from evaluation.report.figures import (
    band_counts,
    figure_chart,
    figure_reading,
    grade_row,
    grade_table,
    overall_row,
    strongest_weakest,
)
from evaluation.report.plan_table import plan_table, published_plan
from evaluation.report.rounding import adding_up
from evaluation.report.summary import summary
from evaluation.report.views import (
    REGISTER_FLAGS,
    base_note,
    by_name,
    count_note,
    pick,
    sort_rows,
    table,
    titled,
)
from evaluation.report.withheld import figure_text, figures


def annual_context(
    d: Published,
    *,
    audit: dict[str, Any],
    quarantine: dict[str, Any] | None = None,
    remarks: list[dict] | None = None,
) -> dict[str, Any]:
    """Everything the annual report template shows."""
    results = d.results
    year = results.parameters.year
    ctx = common(d, audit, f"SPT-monitor {year}")
    strongest, weakest = strongest_weakest(results.items)
    grades = grade_table(results.satisfaction.by_spt)  # grouped by band
    rows = [grade_row(name, g) for name, g in grades]
    ctx.update(
        response=results.response,
        bands=band_counts(results.satisfaction.by_spt),
        strongest=strongest,
        weakest=weakest,
        fig12=figure_chart(results.items, "1.2"),
        fig21=figure_chart(results.items, "2.1"),
        fig21_reading=figure_reading(results.items, "2.1"),
        grade_chart=grade_chart(
            rows,
            overall_row(results.satisfaction),
            f"Tevredenheidsscore per SPT (1-5), {year}",
            sort=False,
        ),
        grades=[
            {"spt": name, **figures(d, g, "satisfaction", "by_spt", name)} for name, g in grades
        ],
        traits=trait_views(d),
        regression=regression_view(d),
        tables=_annual_tables(d),
        quarantine=quarantine or {"rows": [], "items": []},
        remarks=remarks,
        n_suppressed_spt=sum(1 for r in rows if r.suppressed),
        plan=plan_table(published_plan(d)),
        choices=choice_sections(d),
        choices_group_session=GROUP_SESSION,
    )
    ctx["summary"] = summary(d, ctx["trait_summary"])
    return ctx


def trait_views(d: Published) -> dict[str, dict[str, Any]]:
    """Table 2.2 as printed: per trait its label, both groups and the test (`figures` views)."""
    return {
        key: {
            "short": tr.short,
            "label": tr.label,
            "ja": figures(d, tr.ja, "traits", key, "ja"),
            "nee": figures(d, tr.nee, "traits", key, "nee"),
            "test": figures(d, tr.test, "traits", key, "test"),
        }
        for key, tr in d.results.traits.items()
    }


def regression_view(d: Published) -> dict[str, Any]:
    """The regression table as printed: its coefficients as `figures` views."""
    reg = d.results.traits_regression
    return {
        "n": figure_text(d, reg.n, "traits_regression", "n", decimals=0),  # "x" if withheld
        "df": reg.df,
        "note": reg.note,
        "coefficients": {
            name: figures(d, c, "traits_regression", "coefficients", name)
            for name, c in reg.coefficients.items()
        },
    }


def _annual_tables(d: Published) -> dict[str, dict | None]:
    """The report's tables; rule texts written as 'a -> b' get a printed arrow."""
    return {
        k: {**t, "notes": [n.replace(" -> ", " → ") for n in t.get("notes") or []]} if t else t
        for k, t in _annual_table_views(d).items()
    }


def _annual_table_views(d: Published) -> dict[str, dict | None]:
    min_n = d.min_n
    t11 = pick(table(d, "1.1"), ["spt", "activity_level", *REGISTER_FLAGS, "invited"])
    types = table(d, "bijlage2") or {}
    if t11:  # the type rule is explained under the type table already
        notes = [n for n in t11.get("notes", []) if n not in types.get("notes", [])]
        t11 = {**t11, "notes": [*notes, "✓ = ja; leeg = nee."]}
    return {
        "respons_spt": titled(
            by_name(pick(table(d, "respons_spt"), ["spt", "n", "invited", "rate"])),
            "Respons per servicepunt",
        ),
        "respons_achtergrond": titled(
            adding_up(
                pick(table(d, "respons_achtergrond"), ["background", "n", "share"]),
                "share",
                100,
            ),
            "Respondenten naar achtergrond",
        ),
        "1.3": count_note(
            sort_rows(pick(table(d, "1.3"), ["label", "share", "n_spt", "n"]), "share"), min_n
        ),
        "1.4": sort_rows(pick(table(d, "1.4"), ["answer", "n_spt"]), "n_spt"),
        "1.5": sort_rows(
            adding_up(pick(table(d, "1.5"), ["label", "mean", "n_spt", "n"]), "mean", 1), "mean"
        ),
        "1.6": sort_rows(
            adding_up(pick(table(d, "1.6"), ["label", "mean", "n_spt", "n"]), "mean", 1), "mean"
        ),
        "1.7": pick(table(d, "1.7"), ["label", "ja", "nee", "unclear", "n_spt"]),
        "1.8": pick(table(d, "1.8"), ["label", "ja", "nee", "unclear", "n_spt"]),
        "1.8_respondenten": pick(
            table(d, "1.8_respondenten"), ["label", "ja", "nee", "unclear", "n"]
        ),
        "1.9": count_note(
            base_note(
                sort_rows(
                    pick(table(d, "1.9"), ["label", "active", "background"]),
                    "active",
                )
            ),
            min_n,
        ),
        "1.1": t11,
        "bijlage2": titled(
            pick(types or None, ["spt", "type", "reason"]), "Type servicepunt naar uitvoering"
        ),
    }
