"""The demo questionnaire (surveys/spt2015/codebook.yaml) as a survey tool defines and exports it.

Written here, in the shapes of the real files read in tests/fixtures/definitions/: a LimeSurvey
3.x structure (.lss, DBVersion 359, texts in the rows, answer codes A1..) and a 5/6 one
(DBVersion 630, texts in *_l10ns, codes AO01..), a Qualtrics .qsf (recode values that differ
from the codebook's codes, a 'Ja/Nee/Weet niet' matrix coded 1/2/3), and the code exports of
the 47 demo respondents: LimeSurvey `Q03[SQ001]` / `Q03_SQ001` headings with answer codes,
Qualtrics numeric (three header rows), and an SPSS .sav with value labels. The answer lists
are in another order than the codebook's, and texts carry HTML, so that only the texts can
place them.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.validate import read_survey

DEMO = Path(__file__).resolve().parents[1] / "surveys" / "spt2015" / "demo_responses.csv"
AGREE = ["Helemaal mee eens", "Mee eens", "Neutraal", "Mee oneens", "Helemaal mee oneens"]
AGREE_CODES = {"Helemaal mee eens": 5, "Mee eens": 4, "Neutraal": 3, "Mee oneens": 2}
AGREE_CODES |= {"Helemaal mee oneens": 1, "Weet niet": 9}
YESNO = {"Ja": 1, "Nee": 0, "Weet niet": 9}
INVOLVED = {"Actief betrokken": 2, "Op de achtergrond": 1, "Niet betrokken": 0}


@dataclass
class Question:
    """One question of the demo survey: its code, type, text, rows and answer list."""

    code: str
    kind: str  # 'list', 'array', 'check', 'numbers', 'text'
    text: str
    rows: dict[str, str]  # codebook column -> row text ({} for a one-column question)
    answers: dict[str, int | str]  # answer label -> codebook code (or SPT name)


def questions(codebook: Codebook) -> list[Question]:
    """The demo questionnaire, built from the codebook's own texts."""
    register = load_register(register_path(codebook))
    spts = {sp.name: sp.name for sp in register.service_points}
    q = {x.id: x for x in codebook.questions}
    agree = {**{lab: AGREE_CODES[lab] for lab in AGREE}, "Weet niet": 9}
    statements = [c for c in codebook.satisfaction.items]
    traits = ["trekker", "manager", "stuurgroep", "uitvoeringscommissies"]
    goals = ["doelen_vastgelegd", "visiedocument", "afspraken_vastgelegd", "targets"]
    goals.append("doelen_bekend")
    main = {label: code for code, label in q["hoofdactiviteit"].options.items()}
    return [
        Question("SPT", "list", "Servicepunt Techniek", {}, spts),
        Question(
            "Q01",
            "list",
            "<p>Achtergrond van de betrokkene</p>",
            {},
            {lab: c for c, lab in reversed(q["achtergrond"].options.items())},
        ),
        Question("Q02", "list", q["nut_techniek"].label, {}, agree),
        Question(
            "Q03",
            "array",
            "<p>In hoeverre bent u het eens met de volgende stellingen?</p>",
            {c: f"<strong>{q[c].label}</strong>" for c in statements},
            agree,
        ),
        Question(
            "Q04",
            "array",
            "Hoe is het SPT georganiseerd?",
            {c: q[c].label.replace("é", "&eacute;") for c in traits},
            YESNO,
        ),
        Question("Q05", "array", "Doelen en afspraken", {c: q[c].label for c in goals}, YESNO),
        Question("Q06", "check", q["activiteiten"].label, dict(q["activiteiten"].items), {}),
        Question("Q07", "list", q["hoofdactiviteit"].label, {}, {**main, "weet niet": 9}),
        Question("Q08", "numbers", q["gebruikers"].label, dict(q["gebruikers"].items), {}),
        Question("Q09", "numbers", q["sectoren"].label, dict(q["sectoren"].items), {}),
        Question(
            "Q10", "array", q["betrokkenheid"].label, dict(q["betrokkenheid"].items), INVOLVED
        ),
        Question("Q11", "text", "Opmerking of toelichting&nbsp;", {}, {}),
    ]


def demo_values(codebook: Codebook) -> list[dict[str, object]]:
    """Per demo respondent: codebook column -> its code (float), missing code, text or SPT."""
    register = load_register(register_path(codebook))
    intake = read_survey(DEMO, codebook, register)
    rows = []
    for i in range(intake.valid):
        row: dict[str, object] = {"spt": intake.responses["spt"].iloc[i]}
        for q in codebook.questions:
            for c in q.columns():
                v = intake.responses[c].iloc[i]
                if q.type in ("single", "multi") and (v is None or math.isnan(v)):
                    label = intake.missing[c].iloc[i]
                    missing = {lab: code for code, lab in codebook.scale_of(q).missing.items()}
                    v = missing.get(label) if label else None
                row[c] = v
        rows.append(row)
    return rows


def number(v: object) -> str:
    """A number as a survey tool writes it: 12, 12.5; empty when missing."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def answer_for(q: Question, value: object, codes: dict[str, str]) -> str:
    """The tool's answer code for a respondent's value (codes: label -> tool code)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    for label, target in q.answers.items():
        if target == value or (isinstance(target, int) and float(target) == value):
            return codes[label]
    raise AssertionError(f"{q.code}: no answer for {value!r}")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def json_dump(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
