"""Response tables: respondents per SPT (appendix 1) and by background."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.caveats import rate_caveats
from evaluation.analysis.wording import caveat_text
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.register import Register
from evaluation.results import Column, Table


def _spt_names(responses: pd.DataFrame, register: Register) -> list[str]:
    """Register order, then any SPT in the data that the register does not know."""
    names = list(register.names)
    extra = sorted(set(responses["spt"].dropna()) - set(names))
    return names + extra


def surveyed_spts(responses: pd.DataFrame, register: Register) -> list[str]:
    """SPTs with at least one valid respondent, in register order: the SPTs tables describe."""
    present = set(responses["spt"].dropna())
    return [n for n in _spt_names(responses, register) if n in present]


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
        notes=[caveat_text(c) for c in rate_caveats(rows)],
    )


def response_by_background(responses: pd.DataFrame, codebook: Codebook) -> Table:
    """Respondents per background (the question of appendix 1), unweighted counts and shares."""
    (q,) = table_questions(codebook, "bijlage 1")[:1] or (None,)
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


def table_questions(codebook: Codebook, table: str) -> list[Question]:
    """The codebook's questions of one table of the report (e.g. 'tabel 2.2')."""
    return [q for q in codebook.questions if q.table == table]
