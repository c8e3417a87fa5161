"""Per-SPT consensus answers and their counts over SPTs (tables 1.4, 1.7, 1.8)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from evaluation.analysis.tables_response import surveyed_spts, table_questions
from evaluation.analysis.wording import consensus_rule_text
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.register import Register
from evaluation.results import Column, Table

NO_CONSENSUS = "geen eenduidig beeld"

NO_DATA = "geen gegevens"

UNCLEAR = "weet niet/onduidelijk"


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


def table_main_activity(
    responses: pd.DataFrame, codebook: Codebook, register: Register, share: float
) -> tuple[Table, Table]:
    """Table 1.4: the consensus main activity per SPT (valid answers; 'weet niet' left out)."""
    (q,) = table_questions(codebook, "1.4")[:1] or (None,)
    if q is None:
        return Table(title="Tabel 1.4", columns=[], rows=[]), Table(
            title="Tabel 1.4 per SPT", columns=[], rows=[]
        )
    scale = codebook.scale_of(q)
    per_spt = []
    for name in surveyed_spts(responses, register):
        x = responses.loc[responses["spt"] == name, q.id].dropna()
        x = x[x.isin(list(scale.codes))]
        top = consensus(x.tolist(), share)
        answer = (
            NO_DATA if x.empty else (scale.codes[int(top)] if top is not None else NO_CONSENSUS)
        )
        per_spt.append(
            {
                "spt": name,
                "question": q.id,
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


def answer_labels(responses: pd.DataFrame, missing: pd.DataFrame, q: Question, codebook):
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
    qs = table_questions(codebook, table)
    names = surveyed_spts(responses, register)
    detail = [{"spt": name, "n": int((responses["spt"] == name).sum())} for name in names]
    rows = []
    groups = responses.groupby("spt").indices  # SPT -> row positions
    for q in qs:
        lab = answer_labels(responses, missing, q, codebook).to_numpy(dtype=object)
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
