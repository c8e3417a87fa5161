"""`Results`: every figure of one analysis run, as one Pydantic model with stable JSON keys.

Results hold full-precision numbers and every cell's unweighted `n`; nothing is rounded or
suppressed here (the disclosure step suppresses for publication, displays round half up).
Shares are in 0..1, allocations in percent points as answered. The keys are documented in
the README ("Results JSON"); `to_json()` is deterministic so auditors can diff and recompute.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Number = float | None
CI = tuple[Number, Number]
Cell = str | float | int | bool | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Estimate(_Model):
    """A design-based estimate: value, standard error, confidence interval, unweighted n, df."""

    estimate: Number
    se: Number
    ci: CI
    n: int | None  # None only where disclosure withheld it (a small SPT's valid answers)
    df: Number = None
    deff: Number = None


class SptGrade(Estimate):
    """Grade of one SPT (a domain mean) and its band relative to the overall grade."""

    band: str | None = None


class ReliabilityOut(_Model):
    alpha: Number
    n_complete: int
    k: int
    item_rest: dict[str, Number]
    item_means: dict[str, Number]


class Satisfaction(_Model):
    label: str
    items: list[str]
    reverse_items: list[str]
    min_valid: int
    n_with_grade: int
    overall: Estimate
    by_spt: dict[str, SptGrade]
    reliability: ReliabilityOut


class Category(_Model):
    code: int
    label: str
    share: Number  # weighted share of the valid answers ('weet niet' excluded)
    n: int  # unweighted respondents giving this answer


class SptCategory(_Model):
    """One answer within one SPT's distribution (n is None once withheld for publication)."""

    code: int
    share: Number  # share of the SPT's valid answers ('weet niet' excluded)
    n: int | None  # unweighted respondents of the SPT giving this answer


class SptDistribution(_Model):
    """One statement's answers within one SPT. All weights within an SPT are equal, so the
    weighted shares are the SPT's own unweighted shares."""

    n: int | None  # unweighted valid answers of the SPT ('weet niet' excluded); None if withheld
    categories: list[SptCategory]
    weet_niet: dict[str, Number | int | None]  # {share (of all who answered), n}


class ItemDistribution(_Model):
    """One statement of figure 1.2 / 2.1."""

    label: str
    short: str
    figure: str
    reverse: bool
    n: int  # unweighted valid answers ('weet niet' excluded)
    n_effective: Number  # Kish effective n of the weights of those answers
    categories: list[Category]
    weet_niet: dict[str, Number | int]  # {share (of all who answered, incl. weet niet), n}
    agree: Estimate  # share "(helemaal) eens", logit CI
    agree_by_spt: dict[str, Estimate]
    distribution_by_spt: dict[str, SptDistribution] = Field(default_factory=dict)


class GroupGrade(Estimate):
    pass


class TraitTest(_Model):
    """Design-based comparison of the grade between 'ja' and 'nee' respondents of a trait."""

    direction: str  # "ja min nee"
    difference: Number
    se: Number
    ci: CI
    t: Number
    df: Number
    p_value: Number
    mdd: Number
    significant: bool | None
    verdict: str
    design: str  # description of the design (SPT as cluster)
    se_stratum: Number  # SE of the same difference with SPT as stratum
    df_stratum: Number
    se_ratio: Number  # se / se_stratum


class TraitComparison(_Model):
    label: str
    short: str
    n_spt_ja: int  # SPTs with at least one 'ja' respondent
    n_spt_nee: int
    ja: GroupGrade
    nee: GroupGrade
    test: TraitTest


class Coefficient(_Model):
    estimate: Number
    se: Number
    ci: CI
    t: Number
    p_value: Number


class Regression(_Model):
    formula: str
    design: str
    n: int
    df: Number
    coefficients: dict[str, Coefficient]
    note: str


class Column(_Model):
    """One table column: the row key, its Dutch header and how to display it.

    kind: text | count | share (0..1, shown as %) | mean (1 decimal) | percent (0 decimals)
    | flag (True shown as X) | p (3 decimals).
    """

    key: str
    label: str
    kind: str = "text"


class Table(_Model):
    """A descriptive table: Dutch headers per column key, one dict per row, notes in Dutch."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    notes: list[str] = Field(default_factory=list)


class Counts(_Model):
    rows_read: int
    valid: int
    quarantined: int
    item_errors: int


class Parameters(_Model):
    """Every choice behind the figures, for the method page and the audit."""

    year: int
    weighting: dict[str, Any]
    design_grade: dict[str, Any]
    design_traits: dict[str, Any]
    lonely_psu: str
    fpc: dict[str, Any]
    confidence: float
    ci_distribution: str
    min_n: int
    band: dict[str, Any]
    consensus: dict[str, Any]
    mdd: dict[str, Any]
    rounding: dict[str, Any]
    rules: dict[str, str]  # Dutch descriptions of every derivation rule, keyed by topic
    codebook_version: str
    codebook_sha256: str
    register_sha256: str
    settings_sha256: str
    input_sha256: str
    input_file: str
    counts: Counts


class Response(_Model):
    """Overall response: respondents, invited (register), response rate; details in tables."""

    n: int
    n_spt: int  # SPTs with at least one valid respondent
    invited: int | None
    rate: Number
    invited_assumed: bool


class Results(_Model):
    parameters: Parameters
    response: Response
    satisfaction: Satisfaction
    items: dict[str, ItemDistribution]
    traits: dict[str, TraitComparison]
    traits_regression: Regression
    tables: dict[str, Table]

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: sorted keys, full-precision floats, NaN/inf as null."""
        data = _finite(self.model_dump(mode="python"))
        return json.dumps(data, sort_keys=True, indent=indent, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Results:
        return cls.model_validate_json(text)


def _finite(value: Any) -> Any:
    """Replace non-finite floats by None (JSON has no NaN) and tuples by lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Tabular views of the estimates (one sheet each in tables.xlsx)


def _c(key: str, label: str, kind: str = "text") -> Column:
    return Column(key=key, label=label, kind=kind)


def _ci_cells(prefix: str, ci: CI) -> dict[str, Number]:
    return {f"{prefix}ci_low": ci[0], f"{prefix}ci_high": ci[1]}


def satisfaction_table(results: Results) -> Table:
    sat = results.satisfaction
    o = sat.overall
    rows = [
        {"spt": "Totaal (gewogen naar SPT)", "estimate": o.estimate, "se": o.se,
         **_ci_cells("", o.ci), "n": o.n, "df": o.df, "band": None}
    ]  # fmt: skip
    for name, g in sat.by_spt.items():
        rows.append(
            {"spt": name, "estimate": g.estimate, "se": g.se, **_ci_cells("", g.ci), "n": g.n,
             "df": g.df, "band": g.band}
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
            _c("df", "Vrijheidsgraden", "count"),
            _c("band", "Indeling"),
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
             "n": min(tr.ja.n, tr.nee.n)}
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


def parameters_table(results: Results) -> Table:
    flat: list[dict[str, Cell]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k in sorted(value):
                walk(f"{prefix}.{k}" if prefix else str(k), value[k])
        elif isinstance(value, list | tuple):
            flat.append({"key": prefix, "value": json.dumps(_finite(value), ensure_ascii=False)})
        else:
            v = _finite(value)
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
    for key, table in results.tables.items():
        out.append((TABLE_SHEETS.get(key, f"Tabel {key}")[:31], table))
    out.append(("Parameters", parameters_table(results)))
    return out
