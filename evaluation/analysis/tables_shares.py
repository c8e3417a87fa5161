"""Weighted shares and allocations (tables 1.3, 1.5, 1.6, 1.8 respondents, 1.9)."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.tables_consensus import answer_labels
from evaluation.analysis.tables_response import surveyed_spts, table_questions
from evaluation.analysis.wording import ORG_RULE
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.register import Register
from evaluation.results import Column, Table


def weighted_share(flag: pd.Series, w: pd.Series, spt: pd.Series | None = None) -> float | None:
    """Σw·flag / Σw over the rows where `flag` is not missing; None without such rows. With
    `spt` (weights per figure) the mean of the SPT shares over the SPTs with such rows."""
    ok = flag.notna()
    if spt is not None:
        return float(flag[ok].astype(float).groupby(spt[ok]).mean().mean()) if ok.any() else None
    total = float(w[ok].sum())
    if total <= 0:
        return None
    return float((w[ok] * flag[ok].astype(float)).sum() / total)


def table_activities(
    responses: pd.DataFrame,
    codebook: Codebook,
    register: Register,
    w: pd.Series,
    spt: pd.Series | None = None,
) -> Table:
    """Table 1.3: weighted % of respondents per activity and SPTs where anyone reports it."""
    rows = []
    n_spt_total = int(responses["spt"].nunique())
    for q in table_questions(codebook, "1.3"):
        for col, label in q.columns().items():
            x = responses[col]
            ok = x.notna()
            yes = x == 1
            rows.append(
                {
                    "item": col,
                    "label": label,
                    "share": weighted_share(x.where(ok), w, spt),
                    "n": int(ok.sum()),
                    "n_yes": int(yes.sum()),
                    "n_spt": int(responses.loc[yes, "spt"].nunique()),
                    "n_spt_data": int(responses.loc[ok, "spt"].nunique()),
                }
            )
    return Table(
        title="Tabel 1.3 Activiteiten die SPT's uitvoeren",
        columns=[
            Column(key="label", label="Activiteit"),
            Column(key="share", label="% respondenten (gewogen)", kind="share"),
            Column(key="n_spt", label="Aantal SPT's", kind="count"),
            Column(key="n", label="n", kind="count"),
            Column(key="n_yes", label="n genoemd", kind="count"),
            Column(key="n_spt_data", label="SPT's met gegevens", kind="count"),
            Column(key="item", label="Kolom"),
        ],
        rows=rows,
        notes=[
            "Gewogen naar SPT: elk SPT telt even zwaar. Percentages van de respondenten met "
            "een antwoord.",
            f"Aantal SPT's: SPT's (van {n_spt_total} met respondenten) waar minstens één "
            "respondent de activiteit noemt.",
        ],
    )


def allocation_rows(responses: pd.DataFrame, q: Question) -> pd.DataFrame:
    """Respondents who filled in the allocation (any item given); blank items there count as 0."""
    cols = list(q.columns())
    block = responses[cols]
    has = block.notna().any(axis=1)
    return block[has].fillna(0.0).assign(spt=responses.loc[has, "spt"])


def table_allocation(
    responses: pd.DataFrame, codebook: Codebook, register: Register, table: str
) -> tuple[Table, Table]:
    """Tables 1.5 / 1.6: mean allocation per SPT, then the mean over SPTs with data."""
    (q,) = table_questions(codebook, table)[:1] or (None,)
    if q is None:
        return Table(title=f"Tabel {table}", columns=[], rows=[]), Table(
            title=f"Tabel {table} per SPT", columns=[], rows=[]
        )
    data = allocation_rows(responses, q)
    items = q.columns()
    per_spt_means = data.groupby("spt")[list(items)].mean()
    n_resp = data.groupby("spt").size()
    rows = [
        {
            "item": col,
            "label": label,
            "mean": float(per_spt_means[col].mean()) if len(per_spt_means) else None,
            "n_spt": int(per_spt_means[col].notna().sum()),
            "n": int(len(data)),
        }
        for col, label in items.items()
    ]
    total_row = {
        "item": "",
        "label": "Totaal",
        "mean": float(sum(r["mean"] or 0.0 for r in rows)) if len(per_spt_means) else None,
        "n_spt": int(len(per_spt_means)),
        "n": int(len(data)),
    }
    detail_rows = []
    for name in surveyed_spts(responses, register):
        row: dict = {"spt": name, "n": int(n_resp.get(name, 0))}
        for col in items:
            row[col] = float(per_spt_means.loc[name, col]) if name in per_spt_means.index else None
        detail_rows.append(row)
    n_spt = len(per_spt_means)
    notes = [
        f"Gemiddelde per SPT, daarna het gemiddelde over de {n_spt} SPT's met gegevens: alle "
        "SPT's tellen even zwaar.",
        "Een respondent telt mee als hij minstens één onderdeel invulde; lege onderdelen tellen "
        "dan als 0%.",
    ]
    summary = Table(
        title=f"Tabel {table} {q.label}",
        columns=[
            Column(key="label", label="Onderdeel"),
            Column(key="mean", label="%", kind="percent"),
            Column(key="n_spt", label="Aantal SPT's", kind="count"),
            Column(key="n", label="n", kind="count"),
            Column(key="item", label="Kolom"),
        ],
        rows=[*rows, total_row],
        notes=notes,
    )
    detail = Table(
        title=f"Tabel {table} per SPT",
        columns=[
            Column(key="spt", label="SPT"),
            Column(key="n", label="n", kind="count"),
            *[Column(key=c, label=lab, kind="percent") for c, lab in items.items()],
        ],
        rows=detail_rows,
        notes=notes[:1],
    )
    return summary, detail


def table_respondent_shares(
    responses: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    w: pd.Series,
    table: str,
    spt: pd.Series | None = None,
) -> Table:
    """Respondent-level questions of a table (1.8 'doelen voldoende bekend'): weighted shares
    ja / nee / weet niet of everyone who answered, 'weet niet' included in the denominator."""
    rows = []
    for q in table_questions(codebook, table):
        if not q.respondent_level:
            continue
        lab = answer_labels(responses, missing, q, codebook)
        answered = lab.notna()
        row: dict = {"question": q.id, "label": q.title, "n": int(answered.sum())}
        for key, value in (("ja", "ja"), ("nee", "nee")):
            row[key] = weighted_share((lab == value).where(answered), w, spt)
            row[f"n_{key}"] = int((lab == value).sum())
        other = answered & ~lab.isin(["ja", "nee"])
        row["unclear"] = weighted_share(other.where(answered), w, spt)
        row["n_unclear"] = int(other.sum())
        rows.append(row)
    return Table(
        title="Tabel 1.8 (vervolg) Borging: oordeel van de respondenten",
        columns=[
            Column(key="label", label="Vraag"),
            Column(key="ja", label="Ja (%)", kind="share"),
            Column(key="nee", label="Nee (%)", kind="share"),
            Column(key="unclear", label="Weet niet/onduidelijk (%)", kind="share"),
            Column(key="n", label="n", kind="count"),
        ],
        rows=rows,
        notes=[
            "Gewogen naar SPT; percentages van alle respondenten die de vraag beantwoordden, "
            "'weet niet' inbegrepen."
        ],
    )


def table_organisations(responses: pd.DataFrame, codebook: Codebook) -> Table:
    """Table 1.9: per organisation the number of SPTs where it is active / in the background."""
    rows = []
    for q in table_questions(codebook, "1.9"):
        scale = codebook.scale_of(q)
        top = max(scale.codes)  # actief
        bg = [c for c in scale.codes if 0 < c < top]
        cols = list(q.columns())
        highest = responses[cols].groupby(responses["spt"]).max()  # highest anyone reports
        for col, label in q.columns().items():
            x = responses[col]
            per_spt = highest[col]
            rows.append(
                {
                    "item": col,
                    "label": label,
                    "active": int((per_spt == top).sum()),
                    "background": int(per_spt.isin(bg).sum()),
                    "n_spt_data": int(per_spt.notna().sum()),
                    "n": int(x.notna().sum()),
                    "n_active": int((x == top).sum()),
                    "n_background": int(x.isin(bg).sum()),
                }
            )
    return Table(
        title="Tabel 1.9 Betrokken organisaties",
        columns=[
            Column(key="label", label="Organisatie"),
            Column(key="active", label="Actief betrokken (SPT's)", kind="count"),
            Column(key="background", label="Op achtergrond/anders (SPT's)", kind="count"),
            Column(key="n_spt_data", label="SPT's met gegevens", kind="count"),
            Column(key="n", label="n respondenten", kind="count"),
            Column(key="item", label="Kolom"),
        ],
        rows=rows,
        notes=[ORG_RULE],
    )
