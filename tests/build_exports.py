"""Build the 47 demo respondents as survey tools export them, with a test and unfinished rows.

Each builder writes one file the way LimeSurvey, Qualtrics, SurveyMonkey, Microsoft Forms,
Google Forms or an SPSS file from a survey tool writes it, from the demo's validated answers
(the survey set up with the codebook's texts). It returns the file and the expected outcome of
every data row: ("valid", SPT) for a demo respondent, ("excluded", reason code) for an added
row the tool marks, ("suspect", SPT) for one listed for the user's word (a test marker in a
name, e-mail or token).

Run: python tests/build_exports.py OUT_DIR   (writes every format there)
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

import pandas as pd

from evaluation.inputs.codebook import Codebook, load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.validate import read_survey
from evaluation.tables.raw import raw_text

DEMO = Path(__file__).resolve().parents[1] / "surveys" / "spt2015" / "demo_responses.csv"
STEM = "In hoeverre bent u het eens met de volgende stellingen?"
ORGANISED = "Hoe is het SPT georganiseerd?"


def demo_answers(codebook: Codebook) -> list[dict[str, str]]:
    """Per demo respondent: codebook column -> answer as the tool shows it (label text)."""
    register = load_register(register_path(codebook))
    intake = read_survey(DEMO, codebook, register)
    out = []
    for i in range(intake.valid):
        row = {"spt": intake.responses["spt"].iloc[i]}
        for q in codebook.questions:
            scale = codebook.scale_of(q) if q.type in ("single", "multi") else None
            for c in q.columns():
                v = intake.responses[c].iloc[i]
                if q.type == "text":
                    row[c] = v or ""
                elif q.type == "allocation":
                    row[c] = "" if math.isnan(v) else raw_text(v)
                elif not math.isnan(v):
                    row[c] = scale.codes[int(v)]
                else:
                    row[c] = intake.missing[c].iloc[i] or ""
        out.append(row)
    return out


def headings(codebook: Codebook, style: str) -> list[tuple[str, str]]:
    """(codebook column, heading) in questionnaire order; style: 'bracket', 'dash' or 'dot'."""
    sep = {"bracket": "{} [{}]", "dash": "{} - {}", "dot": "{}.{}"}[style]
    out = [("spt", "Servicepunt Techniek")]
    for q in codebook.questions:
        if q.items:
            out += [(c, sep.format(q.label, label)) for c, label in q.items.items()]
        elif q.id in codebook.satisfaction.items or q.id == "nut_techniek":
            out.append((q.id, sep.format(STEM, q.label)))
        elif q.trait:
            out.append((q.id, sep.format(ORGANISED, q.label)))
        else:
            out.append((q.id, q.label))
    return out


def _joined(codebook: Codebook, row: dict[str, str], qid: str, sep: str, tail: str = "") -> str:
    q = codebook.question(qid)
    ticked = [label for c, label in q.items.items() if row[c] == "ja"]
    return sep.join(ticked) + (tail if ticked else "")


def _question_columns(codebook: Codebook, style: str, join: str | None, tail: str = ""):
    """(heading, function of a row) per column; a tick-box question joined when `join`."""
    q = codebook.question("activiteiten")
    cols, done = [], False
    for c, heading in headings(codebook, style):
        if join is not None and c in q.items:
            if not done:
                cols.append((q.label, lambda r: _joined(codebook, r, q.id, join, tail)))
                done = True
            continue
        cols.append((heading, lambda r, c=c: r[c]))
    return cols


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)


def limesurvey_csv(out: Path, codebook: Codebook):
    """Full-text headings 'Vraag [subvraag]', full answers, N.v.t. for what was not shown."""
    meta = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "token",
        "startdate",
        "datestamp",
    ]
    cols = _question_columns(codebook, "bracket", None)
    rows, expected = [meta + [h for h, _ in cols]], []
    answers = demo_answers(codebook)
    extra = [
        (answers[0], ["", "2", "test"], ("excluded", "not_submitted")),  # the admin's test run
        (answers[1], ["", "2", ""], ("excluded", "not_submitted")),  # stopped on page 2
    ]
    for i, (r, m, exp) in enumerate([(a, None, None) for a in answers] + extra, start=1):
        submit, page, token = m or (f"2015-10-0{1 + i % 9} 10:00:00", "5", "")
        values = [f(r) or "N.v.t." for _, f in cols]
        rows.append(
            [str(i), submit, page, "nl", str(1000 + i), token, "2015-10-01", "2015-10-01"] + values
        )
        expected.append(exp or ("valid", r["spt"]))
    path = out / "limesurvey.csv"
    _write_csv(path, rows)
    return path, expected


def qualtrics_csv(out: Path, codebook: Codebook):
    """Three header rows (names, texts, ImportId); one comma-joined column per tick-box question."""
    meta = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientEmail",
        "UserLanguage",
    ]
    cols = _question_columns(codebook, "dash", ",")
    names = meta + [f"Q{j + 1}" for j in range(len(cols))]
    texts = meta[:] + [h for h, _ in cols]
    imports = [json.dumps({"ImportId": m}) for m in meta] + [
        json.dumps({"ImportId": f"QID{j + 1}"}) for j in range(len(cols))
    ]
    rows, expected = [names, texts, imports], []
    answers = demo_answers(codebook)
    extra = [
        (answers[0], ("Survey Preview", "100", "True"), ("excluded", "preview")),
        (answers[2], ("IP Address", "45", "False"), ("excluded", "not_finished")),
        (answers[3], ("IP Address", "60", ""), ("excluded", "progress")),
    ]
    for i, (r, m, exp) in enumerate([(a, None, None) for a in answers] + extra, start=1):
        status, progress, finished = m or ("IP Address", "100", "True")
        rows.append(
            [
                "2015-10-01 10:00:00",
                "2015-10-01 10:20:00",
                status,
                "10.0.0.1",
                progress,
                "1200",
                finished,
                "2015-10-01 10:20:00",
                f"R_{i:015d}",
                "",
                "NL",
            ]
            + [f(r) for _, f in cols]
        )
        expected.append(exp or ("valid", r["spt"]))
    path = out / "qualtrics.csv"
    _write_csv(path, rows)
    return path, expected


def surveymonkey_csv(out: Path, codebook: Codebook):
    """Question text in row 1 (blank for its further columns), option or 'Response' in row 2."""
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    top, second, getters = meta[:], [""] * len(meta), []
    last = None
    for q in [None, *codebook.questions]:
        if q is None:
            top.append("Servicepunt Techniek")
            second.append("Response")
            getters.append(lambda r: r["spt"])
            continue
        if q.items:
            for j, (c, label) in enumerate(q.items.items()):
                top.append(q.label if j == 0 else "")
                second.append(label)
                if q.id == "activiteiten":  # a ticked box holds the option's text
                    getters.append(lambda r, c=c, lab=label: lab if r[c] == "ja" else "")
                else:
                    getters.append(lambda r, c=c: r[c])
            continue
        group = STEM if q.id in codebook.satisfaction.items or q.id == "nut_techniek" else None
        group = ORGANISED if q.trait else group
        top.append("" if group and group == last else (group or q.label))
        second.append(
            q.label if group else "Open-Ended Response" if q.type == "text" else "Response"
        )
        getters.append(lambda r, c=q.id: r[c])
        last = group
    rows, expected = [top, second], []
    answers = demo_answers(codebook)
    extra = [
        (answers[0], ("test@spt-techniek.nl", "2015-10-02"), ("suspect", answers[0]["spt"])),
        (answers[4], ("", ""), ("excluded", "not_submitted")),  # partial: no end date
    ]
    for i, (r, m, exp) in enumerate([(a, None, None) for a in answers] + extra, start=1):
        email, end = m or ("", "2015-10-02")
        rows.append(
            [str(11000000000 + i), "2100001", "2015-10-01", end, "10.0.0.1", email, "", "", ""]
            + [g(r) for g in getters]
        )
        expected.append(exp or ("valid", r["spt"]))
    path = out / "surveymonkey.csv"
    _write_csv(path, rows)
    return path, expected


def forms_xlsx(out: Path, codebook: Codebook):
    """Microsoft Forms: ID, Start time, Completion time, Email, Name; tick boxes as 'A;B;'."""
    cols = _question_columns(codebook, "dot", ";", tail=";")
    answers = demo_answers(codebook)
    records, expected = [], []
    extra = [(answers[5], "Test Gebruiker", ("suspect", answers[5]["spt"]))]
    for i, (r, name, exp) in enumerate([(a, "Anoniem", None) for a in answers] + extra, start=1):
        rec = {
            "ID": i,
            "Start time": "10/1/15 10:00:00",
            "Completion time": "10/1/15 10:20:00",
            "Email": "anonymous",
            "Name": name,
        }
        rec.update({h: f(r) or None for h, f in cols})
        records.append(rec)
        expected.append(exp or ("valid", r["spt"]))
    path = out / "forms.xlsx"
    pd.DataFrame(records).to_excel(path, index=False, sheet_name="Sheet1")
    return path, expected


def google_csv(out: Path, codebook: Codebook, english: bool = False):
    """Google Forms: Tijdstempel/Timestamp, grids 'Vraag [rij]', tick boxes joined with ', '."""
    stamp, email = ("Timestamp", "Email Address") if english else ("Tijdstempel", "E-mailadres")
    cols = _question_columns(codebook, "bracket", ", ")
    rows, expected = [[stamp, email] + [h for h, _ in cols]], []
    answers = demo_answers(codebook)
    extra = [(answers[6], "test@example.org", ("suspect", answers[6]["spt"]))]
    for r, mail, exp in [(a, "", None) for a in answers] + extra:
        rows.append(["1-10-2015 10:00:00", mail] + [f(r) for _, f in cols])
        expected.append(exp or ("valid", r["spt"]))
    path = out / ("google_en.csv" if english else "google_nl.csv")
    _write_csv(path, rows)
    return path, expected


def spss_sav(out: Path, codebook: Codebook):
    """SPSS from a survey tool: variable labels as question texts, value labels, -99 missing."""
    import pyreadstat

    register = load_register(register_path(codebook))
    answers = demo_answers(codebook)
    cols = [("spt", "Servicepunt Techniek")] + headings(codebook, "dash")[1:]
    frame = {"ResponseId": [], "Status": [], "Finished": [], "Progress": []}
    labels = {
        "Status": {0.0: "IP Address", 1.0: "Survey Preview"},
        "Finished": {0.0: "False", 1.0: "True"},
    }
    spts = {name: float(k) for k, name in enumerate(register.names, start=1)}
    var_labels = ["Response ID", "Response Type", "Finished", "Progress"]
    for j, (c, text) in enumerate(cols, start=1):
        name = f"Q{j}"
        frame[name] = []
        var_labels.append(text)
        if c == "spt":
            labels[name] = {v: k for k, v in spts.items()}
        elif codebook.column_question()[c].type in ("single", "multi"):
            scale = codebook.scale_of(codebook.column_question()[c])
            labels[name] = {float(k): v for k, v in scale.codes.items()}
            if scale.missing:  # the tool's own code for the declared non-answer
                labels[name][99.0] = next(iter(scale.missing.values()))
    extra = [
        (answers[0], (1.0, 1.0, 100.0), ("excluded", "preview")),
        (answers[7], (0.0, 0.0, 30.0), ("excluded", "not_finished")),
    ]
    expected = []
    for i, (r, m, exp) in enumerate([(a, None, None) for a in answers] + extra, start=1):
        status, finished, progress = m or (0.0, 1.0, 100.0)
        meta = (f"R_{i:04d}", status, finished, progress)
        for k, v in zip(("ResponseId", "Status", "Finished", "Progress"), meta, strict=True):
            frame[k].append(v)
        for j, (c, _) in enumerate(cols, start=1):
            v = r[c]
            if c == "spt":
                v = spts[v]
            elif f"Q{j}" in labels:
                codes = {lab: code for code, lab in labels[f"Q{j}"].items()}
                v = codes.get(v, -99.0) if v else -99.0
            elif codebook.column_question()[c].type == "allocation":
                v = float(v) if v else -99.0
            frame[f"Q{j}"].append(v)
        expected.append(exp or ("valid", r["spt"]))
    df = pd.DataFrame(frame)
    numeric = [
        c for c in df.columns if c not in ("ResponseId",) and df[c].map(type).eq(float).all()
    ]
    path = out / "spss.sav"
    pyreadstat.write_sav(
        df,
        str(path),
        column_labels=var_labels,
        variable_value_labels=labels,
        missing_ranges={c: [-99.0] for c in numeric if c.startswith("Q")},
    )
    return path, expected


def limesurvey_codes_xlsx(out: Path, codebook: Codebook):
    """LimeSurvey with question-code headings (G1Q1, G2Q2[SQ001]) and full answers."""
    heads = []
    group_of = {}
    for q in codebook.questions:  # the survey's groups, in questionnaire order
        key = "stat" if q.id in codebook.satisfaction.items else "trait" if q.trait else None
        key = "doel" if q.table == "1.8" else key
        group_of[q.id] = key
    n, sub, last = 1, 0, None
    heads.append(("spt", "G1Q1"))
    for q in codebook.questions:
        if q.items:
            n, last = n + 1, None
            heads += [(c, f"G2Q{n}[SQ{j:03d}]") for j, c in enumerate(q.items, start=1)]
        elif group_of[q.id]:
            if group_of[q.id] != last:
                n, sub, last = n + 1, 0, group_of[q.id]
            sub += 1
            heads.append((q.id, f"G2Q{n}[SQ{sub:03d}]"))
        else:
            n, last = n + 1, None
            heads.append((q.id, f"G2Q{n}"))
    answers = demo_answers(codebook)
    records = []
    for i, r in enumerate(answers, start=1):
        rec = {"id": i, "submitdate": "2015-10-01 10:20:00", "lastpage": 5, "startlanguage": "nl"}
        rec.update({h: r[c] or None for c, h in heads})
        records.append(rec)
    path = out / "limesurvey_codes.xlsx"
    pd.DataFrame(records).to_excel(path, index=False)
    return path, [("valid", r["spt"]) for r in answers], dict((h, c) for c, h in heads)


BUILDERS = {
    "limesurvey": limesurvey_csv,
    "qualtrics": qualtrics_csv,
    "surveymonkey": surveymonkey_csv,
    "forms": forms_xlsx,
    "google_nl": google_csv,
    "google_en": lambda out, cb: google_csv(out, cb, english=True),
    "spss": spss_sav,
}

if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "exports")
    target.mkdir(parents=True, exist_ok=True)
    cb = load_codebook()
    for build in BUILDERS.values():
        print(build(target, cb)[0])
    print(limesurvey_codes_xlsx(target, cb)[0])
