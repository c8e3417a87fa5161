"""The report's descriptive tables (appendix 1, tables 1.1 and 1.3-1.9, appendix 2) as `Table`s.

Plain counts and weighted shares; no standard errors here (those go through SurveyDesign in
`analysis`). Per-SPT answers follow one stated consensus rule (`consensus`). Every row carries
its unweighted n. Questions are found by their `table` in the codebook, not by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from evaluation.codebook import Codebook, Question
from evaluation.register import Register, ServicePoint
from evaluation.results import Column, Table

NO_CONSENSUS = "geen eenduidig beeld"
NO_DATA = "geen gegevens"
UNCLEAR = "weet niet/onduidelijk"

FLAGS = [
    ("bemiddeling", "Bemiddeling"),
    ("scholing", "Scholing"),
    ("arbeidsmarktcoach", "Arbeidsmarktcoach"),
    ("uitzendsector_partner", "Uitzendsector is partner"),
    ("financiering_spt", "Financiering SPT"),
    ("financiering_projecten", "Financiering projecten"),
    ("plan_rapportage", "Plan, rapportage"),
    ("legal_entity", "Eigen rechtsvorm"),
]

SPT_TYPES = ("netwerkorganisatie", "stuurgroep laat derden uitvoeren", "SPT voert uit")
SPT_TYPE_RULE = (
    "Type SPT (bijlage 2) uit het register: een eigen rechtsvorm -> 'SPT voert uit'; anders "
    "mate van activiteit 2 (uitvoerende werkzaamheden) of een arbeidsmarktcoach -> 'stuurgroep "
    "laat derden uitvoeren'; anders 'netwerkorganisatie'."
)


def consensus(values: Iterable[object], share: float) -> object | None:
    """The value given by more than `share` of `values` (majority rule), else None.

    One answer is a consensus of one; two respondents who disagree are not (1/2 is not > 0,5).
    With `share` below 0,5 two answers may both qualify: a tie for the top gives None.
    """
    vals = [v for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    if not vals:
        return None
    ranked = Counter(vals).most_common(2)
    top, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    return top if count / len(vals) > share else None


def consensus_rule_text(share: float) -> str:
    pct = f"{share * 100:g}".replace(".", ",")
    return (
        f"Per SPT geldt een antwoord als het beeld van het SPT wanneer meer dan {pct}% van de "
        "respondenten van dat SPT het geeft; anders is er geen eenduidig beeld. Eén respondent "
        "is dus altijd eenduidig, twee respondenten die verschillen niet."
    )


def weighted_share(flag: pd.Series, w: pd.Series) -> float | None:
    """Σw·flag / Σw over the rows where `flag` is not missing; None without such rows."""
    ok = flag.notna()
    total = float(w[ok].sum())
    if total <= 0:
        return None
    return float((w[ok] * flag[ok].astype(float)).sum() / total)


def _questions(codebook: Codebook, table: str) -> list[Question]:
    return [q for q in codebook.questions if q.table == table]


def _spt_names(responses: pd.DataFrame, register: Register) -> list[str]:
    """Register order, then any SPT in the data that the register does not know."""
    names = list(register.names)
    extra = sorted(set(responses["spt"].dropna()) - set(names))
    return names + extra


def _surveyed(responses: pd.DataFrame, register: Register) -> list[str]:
    """SPTs with at least one valid respondent, in register order: the SPTs tables describe."""
    present = set(responses["spt"].dropna())
    return [n for n in _spt_names(responses, register) if n in present]


# ---------------------------------------------------------------------------------------------
# Register: table 1.1 and appendix 2


def spt_type(sp: ServicePoint) -> tuple[str, str]:
    """Appendix-2 type of an SPT by the rule in SPT_TYPE_RULE, with the reason in Dutch."""
    if sp.legal_entity:
        return SPT_TYPES[2], "eigen rechtsvorm"
    if sp.activity_level == 2 or sp.arbeidsmarktcoach:
        why = [
            r
            for r, ok in (
                ("mate van activiteit 2", sp.activity_level == 2),
                ("arbeidsmarktcoach", sp.arbeidsmarktcoach),
            )
            if ok
        ]
        return SPT_TYPES[1], " en ".join(why)
    return SPT_TYPES[0], f"mate van activiteit {sp.activity_level}, geen arbeidsmarktcoach"


def table_1_1(register: Register) -> Table:
    rows = []
    for sp in register.service_points:
        row: dict = {"spt": sp.name, "activity_level": sp.activity_level}
        row.update({k: getattr(sp, k) for k, _ in FLAGS})
        row.update({"invited": sp.invited, "invited_assumed": sp.invited_assumed})
        row["type"] = spt_type(sp)[0]
        rows.append(row)
    columns = [
        Column(key="spt", label="SPT"),
        Column(key="activity_level", label="Mate activiteit", kind="count"),
        *[Column(key=k, label=lab, kind="flag") for k, lab in FLAGS],
        Column(key="invited", label="Uitgenodigd", kind="count"),
        Column(key="invited_assumed", label="Uitgenodigd is aanname", kind="flag"),
        Column(key="type", label="Type SPT"),
    ]
    return Table(
        title="Tabel 1.1 Kenmerken SPT's",
        columns=columns,
        rows=rows,
        notes=[
            "Mate van activiteit: 0 = overleg, momenteel geen activiteiten; 1 = frequent overleg "
            "en ad-hocactie; 2 = frequent overleg en uitvoerende werkzaamheden.",
            SPT_TYPE_RULE,
        ],
    )


def table_spt_types(register: Register) -> Table:
    rows = []
    for sp in register.service_points:
        kind, why = spt_type(sp)
        rows.append({"spt": sp.name, "type": kind, "reason": why})
    counts = pd.Series([r["type"] for r in rows]).value_counts()
    notes = [SPT_TYPE_RULE] + [f"{t}: {int(counts.get(t, 0))} SPT's" for t in SPT_TYPES]
    return Table(
        title="Bijlage 2 Type SPT naar mate van uitvoering",
        columns=[
            Column(key="spt", label="SPT"),
            Column(key="type", label="Type"),
            Column(key="reason", label="Grond"),
        ],
        rows=rows,
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------
# Appendix 1: response


def response_by_spt(responses: pd.DataFrame, register: Register) -> Table:
    """Respondents per SPT, invited (register) and response rate; a total row at the end."""
    n = responses["spt"].value_counts()
    known = {sp.name: sp for sp in register.service_points}
    rows = []
    for name in _spt_names(responses, register):
        sp = known.get(name)
        invited = sp.invited if sp else None
        k = int(n.get(name, 0))
        rows.append(
            {
                "spt": name,
                "n": k,
                "invited": invited,
                "rate": k / invited if invited else None,
                "invited_assumed": bool(sp.invited_assumed) if sp else False,
            }
        )
    total_n = int(len(responses))
    total_inv = register.total_invited
    if total_inv is None and all(r["invited"] for r in rows):
        total_inv = int(sum(r["invited"] for r in rows))
    rows.append(
        {
            "spt": "Totaal",
            "n": total_n,
            "invited": total_inv,
            "rate": total_n / total_inv if total_inv else None,
            "invited_assumed": any(r["invited_assumed"] for r in rows),
        }
    )
    notes = []
    if any(r["invited_assumed"] for r in rows[:-1]):
        notes.append(
            "Het aantal uitgenodigden per SPT is een aanname uit het register (alleen het totaal "
            "is bekend); de respons per SPT is daarom indicatief."
        )
    return Table(
        title="Bijlage 1 Respons naar SPT",
        columns=[
            Column(key="spt", label="SPT"),
            Column(key="n", label="Respondenten", kind="count"),
            Column(key="invited", label="Uitgenodigd", kind="count"),
            Column(key="rate", label="Respons (%)", kind="share"),
            Column(key="invited_assumed", label="Uitgenodigd is aanname", kind="flag"),
        ],
        rows=rows,
        notes=notes,
    )


def response_by_background(responses: pd.DataFrame, codebook: Codebook) -> Table:
    """Respondents per background (the question of appendix 1), unweighted counts and shares."""
    (q,) = _questions(codebook, "bijlage 1")[:1] or (None,)
    if q is None:
        return Table(title="Bijlage 1 Respons naar achtergrond", columns=[], rows=[])
    scale = codebook.scale_of(q)
    x = responses[q.id]
    total = int(len(x))
    rows = []
    for code, label in scale.codes.items():
        k = int((x == code).sum())
        rows.append({"background": label, "n": k, "share": k / total if total else None})
    unknown = int(x.isna().sum())
    if unknown:
        rows.append({"background": "onbekend", "n": unknown, "share": unknown / total})
    rows.append({"background": "Totaal", "n": total, "share": 1.0 if total else None})
    return Table(
        title="Bijlage 1 Respons naar achtergrond betrokkene",
        columns=[
            Column(key="background", label="Achtergrond"),
            Column(key="n", label="Respondenten", kind="count"),
            Column(key="share", label="% van respondenten", kind="share"),
        ],
        rows=rows,
        notes=["Ongewogen aantallen."],
    )


# ---------------------------------------------------------------------------------------------
# Tables 1.3 and 1.4: activities


def table_activities(
    responses: pd.DataFrame, codebook: Codebook, register: Register, w: pd.Series
) -> Table:
    """Table 1.3: weighted % of respondents per activity and SPTs where anyone reports it."""
    rows = []
    n_spt_total = int(responses["spt"].nunique())
    for q in _questions(codebook, "1.3"):
        for col, label in q.columns().items():
            x = responses[col]
            ok = x.notna()
            yes = x == 1
            rows.append(
                {
                    "item": col,
                    "label": label,
                    "share": weighted_share(x.where(ok), w),
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
            "Gewogen naar SPT: elk SPT telt even zwaar. Noemer: respondenten met een antwoord.",
            f"Aantal SPT's: SPT's (van {n_spt_total} met respondenten) waar minstens één "
            "respondent de activiteit noemt.",
        ],
    )


def table_main_activity(
    responses: pd.DataFrame, codebook: Codebook, register: Register, share: float
) -> tuple[Table, Table]:
    """Table 1.4: the consensus main activity per SPT (valid answers; 'weet niet' left out)."""
    (q,) = _questions(codebook, "1.4")[:1] or (None,)
    if q is None:
        return Table(title="Tabel 1.4", columns=[], rows=[]), Table(
            title="Tabel 1.4 per SPT", columns=[], rows=[]
        )
    scale = codebook.scale_of(q)
    per_spt = []
    for name in _surveyed(responses, register):
        x = responses.loc[responses["spt"] == name, q.id].dropna()
        x = x[x.isin(list(scale.codes))]
        top = consensus(x.tolist(), share)
        answer = (
            NO_DATA if x.empty else (scale.codes[int(top)] if top is not None else NO_CONSENSUS)
        )
        per_spt.append(
            {
                "spt": name,
                "answer": answer,
                "n": int(len(x)),
                "n_agree": int((x == top).sum()) if top is not None else None,
            }
        )
    tally = pd.Series([r["answer"] for r in per_spt]).value_counts()
    rows = [
        {"answer": label, "n_spt": int(tally.get(label, 0))}
        for label in [*scale.codes.values(), NO_CONSENSUS, NO_DATA]
    ]
    notes = [consensus_rule_text(share), "'Weet niet' telt niet mee als antwoord."]
    counts = Table(
        title="Tabel 1.4 Belangrijkste activiteit van het SPT",
        columns=[
            Column(key="answer", label="Hoofdactiviteit"),
            Column(key="n_spt", label="Aantal SPT's", kind="count"),
        ],
        rows=rows,
        notes=notes,
    )
    detail = Table(
        title="Tabel 1.4 Belangrijkste activiteit per SPT",
        columns=[
            Column(key="spt", label="SPT"),
            Column(key="answer", label="Hoofdactiviteit"),
            Column(key="n", label="n", kind="count"),
            Column(key="n_agree", label="n eens", kind="count"),
        ],
        rows=per_spt,
        notes=notes,
    )
    return counts, detail


# ---------------------------------------------------------------------------------------------
# Tables 1.5 and 1.6: allocations


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
    (q,) = _questions(codebook, table)[:1] or (None,)
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
    for name in _surveyed(responses, register):
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


# ---------------------------------------------------------------------------------------------
# Tables 1.7 and 1.8: structure and agreements per SPT


def _answer_labels(responses: pd.DataFrame, missing: pd.DataFrame, q: Question, codebook):
    """Per respondent: 'ja' / 'nee' / the missing label ('weet niet') / None (no answer)."""
    scale = codebook.scale_of(q)
    lab = responses[q.id].map(lambda v: scale.codes.get(int(v)) if pd.notna(v) else None)
    if q.id in missing:
        lab = lab.where(lab.notna(), missing[q.id])
    return pd.Series(
        [v if isinstance(v, str) else None for v in lab], index=lab.index, dtype=object
    )


def table_structure(
    responses: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    register: Register,
    share: float,
    table: str,
    title: str,
) -> tuple[Table, Table]:
    """Tables 1.7 / 1.8: per SPT ja / nee / weet niet-onduidelijk by the consensus rule."""
    qs = _questions(codebook, table)
    names = _surveyed(responses, register)
    detail = [{"spt": name, "n": int((responses["spt"] == name).sum())} for name in names]
    rows = []
    groups = responses.groupby("spt").indices  # SPT -> row positions
    for q in qs:
        lab = _answer_labels(responses, missing, q, codebook).to_numpy(dtype=object)
        tally = {"ja": 0, "nee": 0, UNCLEAR: 0}
        for row in detail:
            answers = [a for a in lab[groups.get(row["spt"], [])] if a is not None]
            top = consensus(answers, share)
            outcome = top if top in ("ja", "nee") else UNCLEAR
            row[q.id] = outcome
            row[f"{q.id}_n"] = len(answers)
            tally[outcome] += 1
        if not q.respondent_level:
            rows.append(
                {
                    "question": q.id,
                    "label": q.title,
                    "ja": tally["ja"],
                    "nee": tally["nee"],
                    "unclear": tally[UNCLEAR],
                    "n_spt": len(detail),
                    "n": int(sum(a is not None for a in lab)),
                }
            )
    notes = [
        consensus_rule_text(share),
        "'Weet niet' telt mee als antwoord; geen meerderheid voor ja of nee, een meerderheid "
        "voor 'weet niet' of geen antwoorden geeft 'weet niet/onduidelijk'.",
    ]
    counts = Table(
        title=title,
        columns=[
            Column(key="label", label="Kenmerk"),
            Column(key="ja", label="Ja", kind="count"),
            Column(key="nee", label="Nee", kind="count"),
            Column(key="unclear", label="Weet niet/onduidelijk", kind="count"),
            Column(key="n_spt", label="Aantal SPT's", kind="count"),
            Column(key="n", label="n respondenten", kind="count"),
        ],
        rows=rows,
        notes=notes,
    )
    cols = [Column(key="spt", label="SPT"), Column(key="n", label="n", kind="count")]
    for q in qs:
        cols += [
            Column(key=q.id, label=q.title),
            Column(key=f"{q.id}_n", label=f"n {q.id}", kind="count"),
        ]
    return counts, Table(title=f"{title} per SPT", columns=cols, rows=detail, notes=notes)


def table_respondent_shares(
    responses: pd.DataFrame, missing: pd.DataFrame, codebook: Codebook, w: pd.Series, table: str
) -> Table:
    """Respondent-level questions of a table (1.8 'doelen voldoende bekend'): weighted shares
    ja / nee / weet niet of everyone who answered, 'weet niet' included in the denominator."""
    rows = []
    for q in _questions(codebook, table):
        if not q.respondent_level:
            continue
        lab = _answer_labels(responses, missing, q, codebook)
        answered = lab.notna()
        row: dict = {"question": q.id, "label": q.title, "n": int(answered.sum())}
        for key, value in (("ja", "ja"), ("nee", "nee")):
            row[key] = weighted_share((lab == value).where(answered), w)
            row[f"n_{key}"] = int((lab == value).sum())
        other = answered & ~lab.isin(["ja", "nee"])
        row["unclear"] = weighted_share(other.where(answered), w)
        row["n_unclear"] = int(other.sum())
        rows.append(row)
    return Table(
        title="Tabel 1.8 Borging: oordeel van respondenten",
        columns=[
            Column(key="label", label="Vraag"),
            Column(key="ja", label="Ja (%)", kind="share"),
            Column(key="nee", label="Nee (%)", kind="share"),
            Column(key="unclear", label="Weet niet/onduidelijk (%)", kind="share"),
            Column(key="n", label="n", kind="count"),
        ],
        rows=rows,
        notes=[
            "Gewogen naar SPT; noemer: alle respondenten die de vraag beantwoordden, "
            "'weet niet' inbegrepen."
        ],
    )


# ---------------------------------------------------------------------------------------------
# Table 1.9: organisations


ORG_RULE = (
    "Een organisatie telt bij een SPT als actief betrokken wanneer minstens één respondent van "
    "dat SPT haar actief betrokken noemt; anders als op de achtergrond wanneer minstens één "
    "respondent haar op de achtergrond noemt. Respondenten kennen niet altijd alle partners, "
    "daarom telt één noemer ('iemand noemt haar'), niet een meerderheid."
)


def table_organisations(responses: pd.DataFrame, codebook: Codebook) -> Table:
    """Table 1.9: per organisation the number of SPTs where it is active / in the background."""
    rows = []
    for q in _questions(codebook, "1.9"):
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


def descriptive_tables(
    responses: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    register: Register,
    w: pd.Series,
    share: float,
) -> dict[str, Table]:
    """All descriptive tables, keyed as documented in the README."""
    t14, t14s = table_main_activity(responses, codebook, register, share)
    t15, t15s = table_allocation(responses, codebook, register, "1.5")
    t16, t16s = table_allocation(responses, codebook, register, "1.6")
    t17, t17s = table_structure(
        responses, missing, codebook, register, share, "1.7", "Tabel 1.7 Structuurkenmerken SPT's"
    )
    t18, t18s = table_structure(
        responses, missing, codebook, register, share, "1.8", "Tabel 1.8 Borging"
    )
    return {
        "respons_spt": response_by_spt(responses, register),
        "respons_achtergrond": response_by_background(responses, codebook),
        "1.1": table_1_1(register),
        "bijlage2": table_spt_types(register),
        "1.3": table_activities(responses, codebook, register, w),
        "1.4": t14,
        "1.4_per_spt": t14s,
        "1.5": t15,
        "1.5_per_spt": t15s,
        "1.6": t16,
        "1.6_per_spt": t16s,
        "1.7": t17,
        "1.7_per_spt": t17s,
        "1.8": t18,
        "1.8_per_spt": t18s,
        "1.8_respondenten": table_respondent_shares(responses, missing, codebook, w, "1.8"),
        "1.9": table_organisations(responses, codebook),
    }
