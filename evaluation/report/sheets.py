"""Workbook views of a result: one sheet per table, and the published sheets with withheld cells."""

from __future__ import annotations

import json
from typing import Any

from evaluation.results import CI, Cell, Column, Number, Results, Table, json_ready


def _c(key: str, label: str, kind: str = "text") -> Column:
    return Column(key=key, label=label, kind=kind)


def _ci_cells(prefix: str, ci: CI) -> dict[str, Number]:
    return {f"{prefix}ci_low": ci[0], f"{prefix}ci_high": ci[1]}


def satisfaction_table(results: Results) -> Table:
    sat = results.satisfaction
    o = sat.overall
    rows = [
        {"spt": "Totaal (gewogen naar SPT)", "estimate": o.estimate, "se": o.se,
         **_ci_cells("", o.ci), "n": o.n, "df": o.df, "df_design": o.df_design, "band": None,
         "reason": o.reason}
    ]  # fmt: skip
    for name, g in sat.by_spt.items():
        rows.append(
            {"spt": name, "estimate": g.estimate, "se": g.se, **_ci_cells("", g.ci), "n": g.n,
             "df": g.df, "df_design": g.df_design, "band": g.band, "reason": g.reason}
        )  # fmt: skip
    return Table(
        title=f"Tevredenheid over de werking: {sat.label}",
        columns=[
            _c("spt", "SPT"),
            _c("estimate", "Cijfer", "mean"),
            _c("ci_low", "Ondergrens BI", "mean"),
            _c("ci_high", "Bovengrens BI", "mean"),
            _c("se", "Standaardfout", "se"),
            _c("n", "n", "count"),
            _c("df", "Effectieve vrijheidsgraden", "mean"),
            _c("df_design", "Vrijheidsgraden ontwerp", "count"),
            _c("band", "Indeling"),
            _c("reason", "Toelichting"),
        ],
        rows=rows,
        notes=[results.parameters.rules.get(k, "") for k in ("gewichten", "cijfer", "band")],
    )


def items_table(results: Results) -> Table:
    first = next(iter(results.items.values()), None)
    cats = [(c.code, c.label) for c in first.categories] if first else []
    rows = []
    for key, it in results.items.items():
        row: dict[str, Cell] = {"item": key, "label": it.short, "figure": it.figure}
        shares = {c.code: c.share for c in it.categories}
        for code, _ in cats:
            row[f"c{code}"] = shares.get(code)
        row.update(
            {"weet_niet": it.weet_niet.get("share"), "n_weet_niet": it.weet_niet.get("n"),
             "agree": it.agree.estimate, **_ci_cells("agree_", it.agree.ci), "n": it.n,
             "n_effective": it.n_effective}
        )  # fmt: skip
        rows.append(row)
    return Table(
        title="Figuren 1.2 en 2.1 Stellingen (gewogen percentages)",
        columns=[
            _c("label", "Stelling"),
            _c("figure", "Figuur"),
            *[_c(f"c{code}", f"{label} (%)", "share") for code, label in cats],
            _c("weet_niet", "Weet niet (% van beantwoord)", "share"),
            _c("agree", "(Helemaal) eens (%)", "share"),
            _c("agree_ci_low", "Ondergrens BI (%)", "share"),
            _c("agree_ci_high", "Bovengrens BI (%)", "share"),
            _c("n", "n", "count"),
            _c("n_weet_niet", "n weet niet", "count"),
            _c("n_effective", "Effectieve n", "mean"),
            _c("item", "Kolom"),
        ],
        rows=rows,
        notes=[results.parameters.rules.get("stellingen", "")],
    )


def items_by_spt_table(results: Results) -> Table:
    spts = sorted({s for it in results.items.values() for s in it.agree_by_spt})
    rows = []
    for name in spts:
        row: dict[str, Cell] = {"spt": name}
        ns = []
        for key, it in results.items.items():
            e = it.agree_by_spt.get(name)
            row[key] = e.estimate if e else None
            row[f"{key}_n"] = e.n if e else 0
            ns.append(e.n if e else 0)
        known = [n for n in ns if n is not None]  # a withheld n (disclosure) is None
        row["n"] = max(known) if known else None
        rows.append(row)
    cols = [_c("spt", "SPT"), _c("n", "n (max)", "count")]
    for key, it in results.items.items():
        cols += [_c(key, f"{it.short}: (helemaal) eens (%)", "share"), _c(f"{key}_n", "n", "count")]
    return Table(title="Stellingen per SPT: aandeel (helemaal) eens", columns=cols, rows=rows)


def distributions_by_spt_table(results: Results) -> Table:
    """Each SPT's own answer distribution per statement (one row per SPT and statement)."""
    first = next(iter(results.items.values()), None)
    cats = [(c.code, c.label) for c in first.categories] if first else []
    rows = []
    for key, it in results.items.items():
        for name, dist in it.distribution_by_spt.items():
            row: dict[str, Cell] = {"spt": name, "label": it.short, "figure": it.figure}
            shares = {c.code: c.share for c in dist.categories}
            for code, _ in cats:
                row[f"c{code}"] = shares.get(code)
            row.update(
                {"weet_niet": dist.weet_niet.get("share"), "n": dist.n,
                 "n_weet_niet": dist.weet_niet.get("n"), "item": key}
            )  # fmt: skip
            rows.append(row)
    return Table(
        title="Stellingen per SPT: antwoordverdeling (% van de geldige antwoorden)",
        columns=[
            _c("spt", "SPT"),
            _c("label", "Stelling"),
            _c("figure", "Figuur"),
            *[_c(f"c{code}", f"{label} (%)", "share") for code, label in cats],
            _c("weet_niet", "Weet niet (% van beantwoord)", "share"),
            _c("n", "n", "count"),
            _c("n_weet_niet", "n weet niet", "count"),
            _c("item", "Kolom"),
        ],
        rows=rows,
        notes=[
            "Binnen een SPT telt elke respondent even zwaar; 'weet niet' telt niet mee in de "
            "percentages per antwoord."
        ],
    )


def traits_table(results: Results) -> Table:
    rows = []
    for key, tr in results.traits.items():
        t = tr.test
        rows.append(
            {"trait": key, "label": tr.short,
             "ja": tr.ja.estimate, **_ci_cells("ja_", tr.ja.ci), "n_ja": tr.ja.n,
             "nee": tr.nee.estimate, **_ci_cells("nee_", tr.nee.ci), "n_nee": tr.nee.n,
             "n_spt_ja": tr.n_spt_ja, "n_spt_nee": tr.n_spt_nee,
             "difference": t.difference, **_ci_cells("diff_", t.ci), "se": t.se, "df": t.df,
             "p_value": t.p_value, "mdd": t.mdd, "se_stratum": t.se_stratum,
             "df_stratum": t.df_stratum, "se_ratio": t.se_ratio, "verdict": t.verdict,
             "n": min((n for n in (tr.ja.n, tr.nee.n) if n is not None), default=None)}
        )  # fmt: skip
    return Table(
        title="Tabel 2.2 Tevredenheid naar inrichtingskenmerken (1 = ontevreden, 5 = tevreden)",
        columns=[
            _c("label", "Kenmerk"),
            _c("ja", "Ja", "mean"),
            _c("ja_ci_low", "Ja ondergrens", "mean"),
            _c("ja_ci_high", "Ja bovengrens", "mean"),
            _c("n_ja", "n ja", "count"),
            _c("nee", "Nee", "mean"),
            _c("nee_ci_low", "Nee ondergrens", "mean"),
            _c("nee_ci_high", "Nee bovengrens", "mean"),
            _c("n_nee", "n nee", "count"),
            _c("difference", "Verschil (ja min nee)", "mean"),
            _c("diff_ci_low", "Verschil ondergrens", "mean"),
            _c("diff_ci_high", "Verschil bovengrens", "mean"),
            _c("p_value", "p", "p"),
            _c("df", "Vrijheidsgraden", "count"),
            _c("mdd", "Kleinste aantoonbare verschil", "mean"),
            _c("verdict", "Oordeel"),
            _c("se", "Standaardfout (SPT als cluster)", "se"),
            _c("se_stratum", "Standaardfout (SPT als stratum)", "se"),
            _c("df_stratum", "Vrijheidsgraden (SPT als stratum)", "count"),
            _c("se_ratio", "Verhouding standaardfouten", "se"),
            _c("n_spt_ja", "SPT's met ja", "count"),
            _c("n_spt_nee", "SPT's met nee", "count"),
        ],
        rows=rows,
        notes=[
            results.parameters.rules.get(k, "")
            for k in ("kenmerken", "kleinste_aantoonbare_verschil")
        ],
    )


def regression_table(results: Results) -> Table:
    reg = results.traits_regression
    rows = [
        {"term": name, "estimate": c.estimate, "se": c.se, **_ci_cells("", c.ci), "t": c.t,
         "p_value": c.p_value, "n": reg.n}
        for name, c in reg.coefficients.items()
    ]  # fmt: skip
    return Table(
        title=f"Regressie van het cijfer op alle kenmerken samen: {reg.formula}",
        columns=[
            _c("term", "Term"),
            _c("estimate", "Coëfficiënt", "mean"),
            _c("ci_low", "Ondergrens BI", "mean"),
            _c("ci_high", "Bovengrens BI", "mean"),
            _c("se", "Standaardfout", "se"),
            _c("t", "t", "se"),
            _c("p_value", "p", "p"),
            _c("n", "n", "count"),
        ],
        rows=rows,
        notes=[reg.note, f"Ontwerp: {reg.design}; vrijheidsgraden {reg.df}."],
    )


def reliability_table(results: Results) -> Table:
    rel = results.satisfaction.reliability
    rows: list[dict[str, Cell]] = [
        {"item": "Cronbach's alfa (alle stellingen)", "value": rel.alpha, "n": rel.n_complete}
    ]
    for key, r in rel.item_rest.items():
        rows.append(
            {"item": f"Item-rest-correlatie {key}", "value": r, "mean": rel.item_means.get(key),
             "n": rel.n_complete}
        )  # fmt: skip
    return Table(
        title="Betrouwbaarheid van de tevredenheidsschaal",
        columns=[
            _c("item", "Maat"),
            _c("value", "Waarde", "p"),
            _c("mean", "Gemiddelde score", "mean"),
            _c("n", "n (volledig ingevuld)", "count"),
        ],
        rows=rows,
        notes=["Ongewogen, op respondenten die alle stellingen geldig beantwoordden."],
    )


def choices_table(results: Results) -> Table:
    """Per question and option: the share choosing it, interval, SE, n and effective df."""
    rows: list[dict[str, Cell]] = []
    for key, q in results.choices.items():
        for column, option in q.options.items():
            e = option.share
            rows.append(
                {"question": q.short, "label": option.label, "share": e.estimate,
                 "ci_low": e.ci[0], "ci_high": e.ci[1], "se": e.se, "n": e.n, "df": e.df,
                 "reason": e.reason, "column": column, "key": key}
            )  # fmt: skip
    return Table(
        title="Succesfactoren en knelpunten: aandeel dat de keuze aankruiste (gewogen naar SPT)",
        columns=[
            Column(key="question", label="Vraag"),
            Column(key="label", label="Keuze"),
            Column(key="share", label="Aandeel (%)", kind="share"),
            Column(key="ci_low", label="Ondergrens BI (%)", kind="share"),
            Column(key="ci_high", label="Bovengrens BI (%)", kind="share"),
            Column(key="se", label="Standaardfout", kind="se"),
            Column(key="n", label="n (koos minstens één)", kind="count"),
            Column(key="df", label="Effectieve vrijheidsgraden", kind="mean"),
            Column(key="reason", label="Toelichting"),
            Column(key="column", label="Kolom"),
        ],
        rows=rows,
        notes=[
            "Hoogstens drie keuzes per respondent; het aandeel is het deel van wie minstens "
            "één keuze maakte, met elk SPT even zwaar."
        ],
    )


def choices_by_spt_table(results: Results) -> Table:
    """Per SPT: the share choosing each option (withheld with the SPT's other answers)."""
    spts = sorted(
        {k for q in results.choices.values() for o in q.options.values() for k in o.by_spt}
    )
    columns = [Column(key="spt", label="SPT"), Column(key="n", label="n", kind="count")]
    for q in results.choices.values():
        for column, option in q.options.items():
            columns.append(Column(key=column, label=f"{q.short}: {option.label} (%)", kind="share"))
    rows: list[dict[str, Cell]] = []
    for name in spts:
        row: dict[str, Cell] = {"spt": name}
        ns = []
        for q in results.choices.values():
            for column, option in q.options.items():
                e = option.by_spt.get(name)
                row[column] = e.estimate if e is not None else None
                ns.append(e.n if e is not None else None)
        known = [n for n in ns if n is not None]  # a withheld n (disclosure) is None
        row["n"] = max(known) if known else None
        rows.append(row)
    return Table(title="Succesfactoren en knelpunten per SPT", columns=columns, rows=rows)


def parameters_table(results: Results) -> Table:
    flat: list[dict[str, Cell]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k in sorted(value):
                walk(f"{prefix}.{k}" if prefix else str(k), value[k])
        elif isinstance(value, list | tuple):
            flat.append({"key": prefix, "value": json.dumps(json_ready(value), ensure_ascii=False)})
        else:
            v = json_ready(value)
            flat.append({"key": prefix, "value": v if isinstance(v, int | float) else str(v)})

    walk("", results.parameters.model_dump(mode="python"))
    return Table(
        title="Parameters van deze analyse",
        columns=[_c("key", "Parameter"), _c("value", "Waarde")],
        rows=flat,
    )


SHEETS = [
    ("Tevredenheid", satisfaction_table),
    ("Stellingen", items_table),
    ("Stellingen per SPT", items_by_spt_table),
    ("Verdeling per SPT", distributions_by_spt_table),
    ("Tabel 2.2 kenmerken", traits_table),
    ("Regressie kenmerken", regression_table),
    ("Betrouwbaarheid", reliability_table),
]

TABLE_SHEETS = {
    "respons_spt": "Respons SPT",
    "respons_achtergrond": "Respons achtergrond",
    "1.1": "Tabel 1.1",
    "1.3": "Tabel 1.3",
    "1.4": "Tabel 1.4",
    "1.4_per_spt": "Tabel 1.4 per SPT",
    "1.5": "Tabel 1.5",
    "1.5_per_spt": "Tabel 1.5 per SPT",
    "1.6": "Tabel 1.6",
    "1.6_per_spt": "Tabel 1.6 per SPT",
    "1.7": "Tabel 1.7",
    "1.7_per_spt": "Tabel 1.7 per SPT",
    "1.8": "Tabel 1.8",
    "1.8_respondenten": "Tabel 1.8 respondenten",
    "1.8_per_spt": "Tabel 1.8 per SPT",
    "1.9": "Tabel 1.9",
    "bijlage2": "Bijlage 2 type SPT",
}


def sheets(results: Results) -> list[tuple[str, Table]]:
    """Every table of a run as (sheet name, Table): estimates first, then the report's tables,
    then the parameters. Sheet names are at most 31 characters (Excel)."""
    out = [(name, build(results)) for name, build in SHEETS]
    if results.choices:  # a year that asked the success factors and bottlenecks
        out += [
            ("Succesfactoren knelpunten", choices_table(results)),
            ("Keuzes per SPT", choices_by_spt_table(results)),
        ]
    for key, table in results.tables.items():
        out.append((TABLE_SHEETS.get(key, f"Tabel {key}")[:31], table))
    out.append(("Parameters", parameters_table(results)))
    return out
