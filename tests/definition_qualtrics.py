"""The demo questionnaire as a Qualtrics .qsf and its numeric export, and as an SPSS .sav with
value labels. The .qsf has the shape of the real files in tests/fixtures/definitions/ (from
ctesta01/QualtricsTools): `SurveyElements` with a block list and `SQ` payloads; recode values
are set so that they differ from the codebook's codes (Nee = 2, Actief betrokken = 1)."""

from __future__ import annotations

from pathlib import Path

from definition_demo import (
    Question,
    answer_for,
    demo_values,
    json_dump,
    number,
    questions,
    write_csv,
)

from evaluation.inputs.codebook import Codebook

META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)"]
META += ["Finished", "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage"]
ONE_COLUMN = {"Q01": "achtergrond", "Q02": "nut_techniek", "Q07": "hoofdactiviteit"}


def recodes(q: Question) -> dict[str, str]:
    """Answer label -> recode value: numbered in the list's order from 1 (the default)."""
    return {label: str(i) for i, label in enumerate(q.answers, 1)}


def _payload(q: Question, n: int) -> dict[str, object]:
    tag = f"Q{n}"
    base = {"QuestionText": q.text, "DataExportTag": tag, "QuestionID": f"QID{n}"}
    base |= {"QuestionDescription": q.text, "Validation": {}, "Language": []}
    rows = {str(i): {"Display": text} for i, text in enumerate(q.rows.values(), 1)}
    answers = {str(i): {"Display": label} for i, label in enumerate(q.answers, 1)}
    recode = {str(i): v for i, v in enumerate(recodes(q).values(), 1)}
    if q.kind == "list":
        selector = "DL" if q.code == "SPT" else "SAVR"
        return base | {"QuestionType": "MC", "Selector": selector, "SubSelector": "TX",
                       "Choices": answers, "ChoiceOrder": list(answers),
                       "RecodeValues": recode}  # fmt: skip
    if q.kind == "array":
        return base | {"QuestionType": "Matrix", "Selector": "Likert",
                       "SubSelector": "SingleAnswer", "Choices": rows, "ChoiceOrder": list(rows),
                       "Answers": answers, "AnswerOrder": list(answers), "RecodeValues": recode,
                       "ChoiceDataExportTags": False}  # fmt: skip
    if q.kind == "check":
        return base | {"QuestionType": "MC", "Selector": "MAVR", "SubSelector": "TX",
                       "Choices": rows, "ChoiceOrder": list(rows)}  # fmt: skip
    if q.kind == "numbers":
        return base | {"QuestionType": "CS", "Selector": "VRTL", "Choices": rows,
                       "ChoiceOrder": list(rows)}  # fmt: skip
    return base | {"QuestionType": "TE", "Selector": "ML"}


def write_qsf(path: Path, codebook: Codebook, qs: list[Question] | None = None) -> Path:
    """The .qsf of the demo survey; `qs` gives another questionnaire (tags Q1.. in its order)."""
    qs = qs or questions(codebook)
    elements: list[dict[str, object]] = [
        {
            "SurveyID": "SV_demo",
            "Element": "BL",
            "PrimaryAttribute": "Survey Blocks",
            "Payload": [
                {
                    "Type": "Default",
                    "ID": "BL_1",
                    "BlockElements": [
                        {"Type": "Question", "QuestionID": f"QID{n}"} for n in range(1, len(qs) + 1)
                    ],
                },
                {
                    "Type": "Trash",
                    "ID": "BL_2",
                    "BlockElements": [{"Type": "Question", "QuestionID": "QID99"}],
                },
            ],
        }
    ]
    for n, q in enumerate(qs, 1):
        p = _payload(q, n)
        elements.append({"SurveyID": "SV_demo", "Element": "SQ", "PrimaryAttribute": f"QID{n}",
                         "SecondaryAttribute": q.text[:50], "Payload": p})  # fmt: skip
    trashed = _payload(qs[2], 99) | {"QuestionText": "Oude vraag", "DataExportTag": "Q2"}
    elements.append({"SurveyID": "SV_demo", "Element": "SQ", "Payload": trashed})
    entry = {"SurveyID": "SV_demo", "SurveyName": codebook.title, "SurveyLanguage": "NL"}
    return json_dump(path, {"SurveyEntry": entry, "SurveyElements": elements})


def _heads(q: Question, n: int) -> list[tuple[str, str, str]]:
    """(export tag, text heading, ImportId) of each column of question n."""
    if q.rows:
        return [
            (f"Q{n}_{i}", f"{q.text} - {text}", f"QID{n}_{i}")
            for i, text in enumerate(q.rows.values(), 1)
        ]
    return [(f"Q{n}", q.text, f"QID{n}")]


def write_export(path: Path, codebook: Codebook) -> Path:
    """The demo respondents in a Qualtrics numeric CSV export (recode values), three header
    rows, plus one response that was not finished."""
    qs = questions(codebook)
    heads = [h for n, q in enumerate(qs, 1) for h in _heads(q, n)]
    rows = [META + [h[0] for h in heads], META + [h[1] for h in heads]]
    rows.append([f'{{"ImportId":"{m[0].lower()}{m[1:]}"}}' for m in META])
    rows[-1] += [f'{{"ImportId":"{h[2]}"}}' for h in heads]
    demo = demo_values(codebook)
    for i, values in enumerate(demo, 1):
        row = ["2015-10-01 10:00:00", "2015-10-01 10:20:00", "0", "", "100", "1200", "1"]
        row += ["2015-10-01 10:20:00", f"R_demo{i:03d}", "anonymous", "NL"]
        for q in qs:
            cols = list(q.rows) or [
                "spt" if q.code == "SPT" else ONE_COLUMN.get(q.code, "opmerking")
            ]
            for c in cols:
                v = values[c]
                if q.kind in ("list", "array"):
                    row.append(answer_for(q, v, recodes(q)))
                elif q.kind == "check":
                    row.append("1" if v == 1 else "")
                elif q.kind == "numbers":
                    row.append(number(v))
                else:
                    row.append(v or "")
        rows.append(row)
    unfinished = ["2015-10-02 09:00:00", "", "0", "", "40", "300", "0", "", "R_open", "", "NL"]
    rows.append(unfinished + [""] * len(heads))
    return write_csv(path, rows)


def write_sav(path: Path, codebook: Codebook, unanswered: bool = False) -> Path:
    """The demo respondents as an SPSS file with variable labels and value labels (codes as
    the tool numbers them, not the codebook's); with `unanswered`, an unanswered choice is
    -99 'Seen but unanswered', declared user-missing (as Qualtrics' SPSS export does)."""
    import pandas as pd
    import pyreadstat

    qs = questions(codebook)
    data: dict[str, list[object]] = {"respnr": []}
    labels = {"respnr": "Respondentnummer"}
    value_labels: dict[str, dict[float, str]] = {}
    missing: dict[str, list[float]] = {}
    demo = demo_values(codebook)
    for i, values in enumerate(demo, 1):
        data["respnr"].append(f"DEMO-{i:03d}")
        for n, q in enumerate(qs, 1):
            cols = list(q.rows) or [
                "spt" if q.code == "SPT" else ONE_COLUMN.get(q.code, "opmerking")
            ]
            for j, c in enumerate(cols, 1):
                name = f"Q{n}_{j}" if q.rows else f"Q{n}"
                text = q.text.replace("&nbsp;", "").strip()
                labels[name] = f"{text} - {q.rows[c]}" if q.rows else text
                v = values[c]
                if q.kind in ("list", "array"):
                    code = answer_for(q, v, recodes(q))
                    empty = -99.0 if unanswered else float("nan")
                    data.setdefault(name, []).append(float(code) if code else empty)
                    value_labels[name] = {float(r): lab for lab, r in recodes(q).items()}
                    if unanswered:
                        value_labels[name][-99.0] = "Seen but unanswered"
                        missing[name] = [-99.0]
                elif q.kind == "check":
                    data.setdefault(name, []).append(1.0 if v == 1 else 0.0 if v == 0 else None)
                    value_labels[name] = {1.0: "Yes", 0.0: "No"}
                elif q.kind == "numbers":
                    data.setdefault(name, []).append(v)
                else:
                    data.setdefault(name, []).append(v or "")
    frame = pd.DataFrame(data)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_ranges=missing or None,
    )
    return path
