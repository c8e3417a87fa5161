"""Exports of the 47 demo respondents in the shapes the survey tools really write (issue 26).

Each shape follows the tool's documentation and real exports in public repositories, not the
product's own writer (build_exports.py): LimeSurvey (full-text headings, code headings with
A1 / AO01 answer codes, 'code. text' headings), Qualtrics (CSV with three header rows, text and
numeric; the legacy two-row CSV; .sav; .xlsx), SurveyMonkey (expanded with its second header row,
condensed with one), Microsoft Forms (.xlsx, English and Dutch), Google Forms (CSV, Dutch and
English), Typeform (CSV with 'Response Type'), SPSS (.sav with labels) and Dutch Excel re-saves
(';', decimal comma, cp1252; .xlsx). Every file holds the tool's metadata columns and three
extra rows marked as that tool marks tests and unfinished responses.

`SHAPES` maps a name to a builder `(folder, codebook) -> Path`; `OUTCOME` says what the product
must do with it: 'exact' (47 valid, the demo's answers, at most one user step), a stop naming
what is needed ('survey-file': the tool's questionnaire file, then exact), or 'stop:<word>' (a
Dutch line holding that word: what the user must give, as no file of the tool can help).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.validate import read_survey

DEMO = Path(__file__).resolve().parents[1] / "surveys" / "spt2015" / "demo_responses.csv"

# The questionnaire as the respondents saw it: group texts for the matrix questions.
GROUPS = {
    "stellingen": "In hoeverre bent u het eens met de volgende stellingen?",
    "organisatie": "Hoe is het SPT georganiseerd?",
    "doelen": "Doelen en afspraken van het SPT",
}
GROUP_OF = {
    "nut_techniek": "stellingen",
    "werking_goed": "stellingen",
    "werking_beter": "stellingen",
    "meerwaarde_werkgevers": "stellingen",
    "meerwaarde_werkzoekenden": "stellingen",
    "ambities": "stellingen",
    "bekendheid": "stellingen",
    "trekker": "organisatie",
    "manager": "organisatie",
    "stuurgroep": "organisatie",
    "uitvoeringscommissies": "organisatie",
    "doelen_vastgelegd": "doelen",
    "visiedocument": "doelen",
    "afspraken_vastgelegd": "doelen",
    "targets": "doelen",
    "doelen_bekend": "doelen",
}
ASKED = {
    "spt": "Bij welk Servicepunt Techniek bent u betrokken?",
    "achtergrond": "Wat is de achtergrond van uw organisatie?",
    "activiteiten": "Welke activiteiten voert het SPT uit of heeft het uitgevoerd?",
    "hoofdactiviteit": "Wat is de belangrijkste activiteit van het SPT?",
    "gebruikers": "Welk deel van de dienstverlening gaat naar elke gebruiker (%)?",
    "sectoren": "Welk deel van de dienstverlening is voor elke sector (%)?",
    "betrokkenheid": "Hoe is elke organisatie betrokken bij het SPT?",
    "opmerking": "Heeft u nog een opmerking of toelichting?",
}
# Answer texts as the questionnaire shows them, and the tools' own codes in display order.
SHOWN = {
    "helemaal mee eens": "Helemaal mee eens",
    "mee eens": "Mee eens",
    "neutraal": "Neutraal",
    "mee oneens": "Mee oneens",
    "helemaal mee oneens": "Helemaal mee oneens",
    "weet niet": "Weet niet",
    "ja": "Ja",
    "nee": "Nee",
    "actief": "Actief betrokken",
    "achtergrond": "Op de achtergrond",
}
ORDER = {
    "eens5": [
        "helemaal mee eens",
        "mee eens",
        "neutraal",
        "mee oneens",
        "helemaal mee oneens",
        "weet niet",
    ],
    "janee": ["ja", "nee", "weet niet"],
    "betrokkenheid": ["actief", "achtergrond"],
}
OUTCOME: dict[str, str] = {}
SHAPES: dict = {}
# Exports whose test or unfinished rows only weak evidence marks (the tool's own fields cannot
# say): the user decides them, a second step after `map --accept` (issue 26, by design).
WEAK_ROWS = {
    "forms_nl_xlsx": "the owner's tries carry her own name: only the repeated address",
    "spss_sav": "'test' inside a remark",
}


def shape(outcome: str):
    def register(fn):
        SHAPES[fn.__name__] = fn
        OUTCOME[fn.__name__] = outcome
        return fn

    return register


# --- the demo's answers -------------------------------------------------------------------


_DEMO_ROWS: dict[bytes, list[dict[str, str]]] = {}


def demo_rows(codebook: Codebook) -> list[dict[str, str]]:
    """Per demo respondent: id, SPT and per codebook column the canonical label ('' = none);
    read once per codebook text (every shape starts from them)."""
    key = Path(codebook.source_path).read_bytes() + register_path(codebook).read_bytes()
    if key not in _DEMO_ROWS:
        _DEMO_ROWS[key] = _read_demo_rows(codebook)
    return [dict(r) for r in _DEMO_ROWS[key]]


def _read_demo_rows(codebook: Codebook) -> list[dict[str, str]]:
    register = load_register(register_path(codebook))
    intake = read_survey(DEMO, codebook, register)
    out = []
    for i in range(intake.valid):
        row = {
            "id": intake.responses["respondent_id"].iloc[i],
            "spt": intake.responses["spt"].iloc[i],
        }
        for q in codebook.questions:
            scale = codebook.scale_of(q) if q.type in ("single", "multi") else None
            for c in q.columns():
                v = intake.responses[c].iloc[i]
                if q.type == "text":
                    row[c] = v or ""
                elif q.type == "allocation":
                    row[c] = "" if math.isnan(v) else f"{v:g}"
                elif not math.isnan(v):
                    row[c] = scale.codes[int(v)]
                else:
                    row[c] = intake.missing[c].iloc[i] or ""
        out.append(row)
    return out


def columns(codebook: Codebook) -> list[tuple[str, str, str]]:
    """(codebook column, question text, row text or '') in questionnaire order."""
    out = [("spt", ASKED["spt"], "")]
    for q in codebook.questions:
        if q.id not in ASKED and q.id not in GROUP_OF:
            continue  # asked from 2016 (success factors, bottlenecks): not in the 2015 demo
        if q.id in GROUP_OF:
            out.append((q.id, GROUPS[GROUP_OF[q.id]], q.label))
        elif q.items:
            out += [(c, ASKED[q.id], label) for c, label in q.items.items()]
        else:
            out.append((q.id, ASKED[q.id], ""))
    return out


def scale_name(codebook: Codebook, col: str) -> str | None:
    q = codebook.column_question()[col]
    return q.scale if q.type in ("single", "multi") else None


def text_of(codebook: Codebook, col: str, label: str, ticked: str = "") -> str:
    """An answer as the tool shows it in a full-text export."""
    q = codebook.column_question()[col]
    if not label:
        return ""
    if q.scale == "aangevinkt":
        return (ticked or q.items[col]) if label == "ja" else ""
    if label == "niet":
        return ""
    return SHOWN.get(label, label)


def number_of(codebook: Codebook, col: str, label: str, base: int = 1) -> str:
    """An answer as the tool's own code (its display order, counted from `base`)."""
    q = codebook.column_question()[col]
    if not label or label == "niet":
        return ""
    if q.scale == "aangevinkt":
        return "1" if label == "ja" else ""
    if q.scale in ORDER:
        return str(ORDER[q.scale].index(label) + base)
    if q.type == "single":
        options = codebook.scale_of(q)
        labels = [*options.codes.values(), *options.missing.values()]
        return str(labels.index(label) + base)
    return label


def write_csv(path: Path, rows: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append([None if v == "" else v for v in r])
    wb.save(path)
    return path


def stamp(i: int, minutes: int = 0) -> tuple[int, int, int, int]:
    """A plausible day and time for respondent i (March 2015)."""
    day, hour = 2 + i % 20, 8 + i % 9
    return day, hour, (7 * i + minutes) % 60, (13 * i) % 60


def iso(i: int, minutes: int = 0) -> str:
    d, h, m, s = stamp(i, minutes)
    return f"2015-03-{d:02d} {h:02d}:{m:02d}:{s:02d}"


def answers_full(codebook, row, cols, ticked=""):
    return [text_of(codebook, c, row[c], ticked) if c != "spt" else row["spt"] for c, _, _ in cols]


def partial(codebook, row, cols, keep: int = 12):
    """An unfinished response: the first `keep` questions answered, the rest empty."""
    return {**row, **{c: "" for c, _, _ in cols[keep:]}}


# --- LimeSurvey -------------------------------------------------------------------------

LS_META_FULL = [
    "Response ID",
    "Date submitted",
    "Last page",
    "Start language",
    "Seed",
    "Token",
    "Date started",
    "Date last action",
    "IP address",
    "Referrer URL",
]
LS_META_CODE = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
]


def _ls_rows(codebook, render, meta_heads, heads):
    rows = [meta_heads + heads]
    demo = demo_rows(codebook)
    cols = columns(codebook)
    extra = {
        0: ("test", "test", demo[0], True),  # the token a tester was given
        20: ("partial", "k8Fq2", partial(codebook, demo[20], cols), False),
        46: ("partial", "p0Lm3", partial(codebook, demo[46], cols, 5), False),
    }
    rid = 1
    for i, row in enumerate(demo):
        if i in extra:
            kind, token, r, done = extra[i]
            last = "4" if done else "2"
            meta = [str(rid), iso(i, 30) if done else "", last, "nl", str(1000 + i), token]
            rows.append(meta + [iso(i), iso(i, 20), "", ""] + render(r))
            rid += 1
        meta = [str(rid), iso(i, 25), "4", "nl", str(2000 + i), f"tk{i:03d}x"]
        rows.append(meta + [iso(i), iso(i, 25), "", ""] + render(row))
        rid += 1
    return rows


def _ls_full_rows(codebook, cols):
    """LimeSurvey's full-text export as rows: its heading, then every response with full
    answers ('Ja' for a ticked box)."""
    return _ls_rows(
        codebook,
        lambda r: answers_full(codebook, r, cols, ticked="Ja"),
        LS_META_FULL,
        _ls_full_heads(cols),
    )


def _ls_full_heads(cols):
    return [f"{text} [{row}]" if row else text for _, text, row in cols]


@shape("exact")
def limesurvey_full_csv(out: Path, codebook: Codebook) -> Path:
    """Full question texts, full answers; 'Vraag [rij]' for array and multiple choice."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    return write_csv(out / "limesurvey_full.csv", rows)


def _ls_codes(codebook, cols, style):
    """LimeSurvey question codes: 3.x 'Q3[SQ001]', 5/6 'G01Q03[SQ001]'."""
    heads, seen = [], {}
    for _c, text, row in cols:
        key = text
        qn = seen.setdefault(key, len(seen) + 1)
        code = f"G01Q{qn:02d}" if style == "5" else f"Q{qn}"
        if row:
            k = sum(1 for h in heads if h.startswith(code + "["))
            code += f"[SQ{k + 1:03d}]"
        heads.append(code)
    return heads


def _ls_answer_code(codebook, c, label, style):
    q = codebook.column_question()[c]
    n = number_of(codebook, c, label)
    if not n or q.type in ("allocation", "text") or c == "spt":
        return label if q.type in ("allocation", "text") else n
    if q.scale == "aangevinkt":
        return "Y"
    return f"AO{int(n):02d}" if style == "5" else f"A{n}"


@shape("survey-file")
def limesurvey_codes_csv(out: Path, codebook: Codebook) -> Path:
    """Question codes and answer codes (A1..), as LimeSurvey 3.x writes them by default."""
    cols = columns(codebook)

    def render(r):
        return [
            r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "3") for c, _, _ in cols
        ]

    rows = _ls_rows(codebook, render, LS_META_CODE, _ls_codes(codebook, cols, "3"))
    return write_csv(out / "limesurvey_codes.csv", rows)


@shape("survey-file")
def limesurvey6_codes_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 5/6: codes G01Q01[SQ001], answer codes AO01."""
    cols = columns(codebook)

    def render(r):
        return [
            r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "5") for c, _, _ in cols
        ]

    rows = _ls_rows(codebook, render, LS_META_CODE, _ls_codes(codebook, cols, "5"))
    return write_csv(out / "limesurvey6_codes.csv", rows)


@shape("exact")
def limesurvey_codetext_csv(out: Path, codebook: Codebook) -> Path:
    """Headings 'code. question text', full answers (LimeSurvey's 'Question code & text')."""
    cols = columns(codebook)
    codes = _ls_codes(codebook, cols, "5")
    heads = [f"{code}. {h}" for code, h in zip(codes, _ls_full_heads(cols), strict=True)]
    rows = _ls_rows(
        codebook, lambda r: answers_full(codebook, r, cols, ticked="Ja"), LS_META_CODE, heads
    )
    return write_csv(out / "limesurvey_codetext.csv", rows)


@shape("exact")
def limesurvey_full_xlsx(out: Path, codebook: Codebook) -> Path:
    """The full-text export as LimeSurvey's Excel file."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    return write_xlsx(out / "limesurvey_full.xlsx", rows)


@shape("exact")
def limesurvey_chosen_columns_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey's export dialog with 'Completion state: Completed responses only' and, under
    'Columns', only the response id, the token and the questions: the tool is not recognised
    (no 'Date submitted' or 'Last page'), its unfinished responses are not in the file, and the
    tester's row is known only by its token 'test'."""
    cols = columns(codebook)
    rows = [["Response ID", "Token", *_ls_full_heads(cols)]]
    for r in _ls_full_rows(codebook, cols)[1:]:
        if r[1]:  # 'Date submitted': completed responses only
            rows.append([r[0], r[5], *r[len(LS_META_FULL) :]])
    return write_csv(out / "limesurvey_chosen_columns.csv", rows)


@shape("survey-file")
def limesurvey6_chosen_codes_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 5/6 code export ('Question code', answer codes AO01) of completed responses
    only, with the response id, the token and the questions as its chosen columns: the
    survey file places the codes; the tester's row is known only by its token 'test'."""
    cols = columns(codebook)

    def render(r):
        return [
            r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "5") for c, _, _ in cols
        ]

    rows = _ls_rows(codebook, render, LS_META_CODE, _ls_codes(codebook, cols, "5"))
    kept = [["id", "token", *rows[0][len(LS_META_CODE) :]]]
    kept += [[r[0], r[5], *r[len(LS_META_CODE) :]] for r in rows[1:] if r[1]]
    return write_csv(out / "limesurvey6_chosen_codes.csv", kept)


# --- Qualtrics ------------------------------------------------------------------------

Q_META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]


def _q_names(codebook, cols):
    """Qualtrics export tags: Q1, Q3_1 ... and the texts of row 2 ('Vraag - rij')."""
    names, texts, qids, seen = [], [], [], {}
    for c, text, row in cols:
        qn = seen.setdefault(text, len(seen) + 1)
        if row:
            k = sum(1 for n in names if n.startswith(f"Q{qn}_")) + 1
            names.append(f"Q{qn}_{k}")
            q = codebook.column_question()[c]
            mid = " - Selected Choice" if q.scale == "aangevinkt" else ""
            texts.append(f"{text}{mid} - {row}")
            qids.append(f"QID{qn}_{k}")
        else:
            names.append(f"Q{qn}")
            texts.append(text)
            qids.append(f"QID{qn}")
    return names, texts, qids


def _q_records(codebook, numeric: bool):
    """(metadata values, answers row) for every response, tests and unfinished ones included."""
    demo = demo_rows(codebook)
    cols = columns(codebook)
    out = []
    for i, row in enumerate(demo):
        kind = {3: "preview", 25: "partial", 40: "test"}.get(i)
        if kind:
            r = partial(codebook, row, cols, 9) if kind == "partial" else row
            out.append((i, kind, r))
        out.append((i, "", row))
    records = []
    for n, (i, kind, row) in enumerate(out):
        status = {"preview": ("Survey Preview", "1"), "test": ("Survey Test", "2")}.get(
            kind, ("IP Address", "0")
        )
        done = kind != "partial"
        channel = {"preview": "preview", "test": "test"}.get(kind, "anonymous")
        meta = [
            iso(i),
            iso(i, 14),
            status[1] if numeric else status[0],
            "" if kind else f"145.{i}.12.{n}",
            "100" if done else "43",
            str(600 + 7 * i),
            ("1" if done else "0") if numeric else ("True" if done else "False"),
            iso(i, 14 if done else 60 * 24 * 7),
            f"R_{n:03d}aZ{i:02d}kPqW3xY",
            "",
            "",
            "",
            "",
            "52.09",
            "5.12",
            channel,
            "NL",
        ]
        if numeric:
            answers = [
                row["spt"] if c == "spt" else number_of(codebook, c, row[c]) for c, _, _ in cols
            ]
        else:
            answers = answers_full(codebook, row, cols)
        records.append((meta, answers))
    return records


@shape("exact")
def qualtrics_text_csv(out: Path, codebook: Codebook) -> Path:
    """Choice text; three header rows: export tags, question texts, ImportId JSON."""
    cols = columns(codebook)
    names, texts, qids = _q_names(codebook, cols)
    imp = [json.dumps({"ImportId": m[2]}) for m in Q_META]
    imp[0] = json.dumps({"ImportId": "startDate", "timeZone": "Europe/Amsterdam"})
    imp[1] = json.dumps({"ImportId": "endDate", "timeZone": "Europe/Amsterdam"})
    rows = [
        [m[0] for m in Q_META] + names,
        [m[1] for m in Q_META] + texts,
        imp + [json.dumps({"ImportId": q}) for q in qids],
    ]
    rows += [m + a for m, a in _q_records(codebook, numeric=False)]
    return write_csv(out / "qualtrics_text.csv", rows)


@shape("survey-file")
def qualtrics_numeric_csv(out: Path, codebook: Codebook) -> Path:
    """Numeric values (the tool's recodes, 1 = the first choice shown)."""
    cols = columns(codebook)
    names, texts, qids = _q_names(codebook, cols)
    rows = [
        [m[0] for m in Q_META] + names,
        [m[1] for m in Q_META] + texts,
        [json.dumps({"ImportId": m[2]}) for m in Q_META]
        + [json.dumps({"ImportId": q}) for q in qids],
    ]
    rows += [m + a for m, a in _q_records(codebook, numeric=True)]
    return write_csv(out / "qualtrics_numeric.csv", rows)


@shape("exact")
def qualtrics_legacy_csv(out: Path, codebook: Codebook) -> Path:
    """The legacy export: two header rows, 'V' metadata names, choice text."""
    cols = columns(codebook)
    names, texts, _ = _q_names(codebook, cols)
    legacy = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10"]
    legacy_text = [
        "ResponseID",
        "ResponseSet",
        "Name",
        "ExternalDataReference",
        "EmailAddress",
        "IPAddress",
        "Status",
        "StartDate",
        "EndDate",
        "Finished",
    ]
    rows = [legacy + names, legacy_text + texts]
    for meta, answers in _q_records(codebook, numeric=True):
        rows.append(
            [
                meta[8],
                "Default Response Set",
                "Anonymous",
                "",
                "",
                meta[3],
                meta[2],
                meta[0],
                meta[1],
                meta[6],
            ]
            + answers_text_from(codebook, answers, cols)
        )
    return write_csv(out / "qualtrics_legacy.csv", rows)


def answers_text_from(codebook, numeric_answers, cols):
    """Back from the tool's numbers to its choice texts (for the legacy text export)."""
    out = []
    for (c, _, _), n in zip(cols, numeric_answers, strict=True):
        q = codebook.column_question().get(c)
        if c == "spt" or not n or q.type in ("allocation", "text"):
            out.append(n)
        elif q.scale == "aangevinkt":
            out.append(q.items[c])
        elif q.scale in ORDER:
            out.append(SHOWN[ORDER[q.scale][int(n) - 1]])
        else:
            scale = codebook.scale_of(q)
            out.append([*scale.codes.values(), *scale.missing.values()][int(n) - 1])
    return out


@shape("exact")
def qualtrics_sav(out: Path, codebook: Codebook) -> Path:
    """SPSS file from Qualtrics: numeric recodes with value labels, texts as variable labels."""
    import pandas as pd
    import pyreadstat

    cols = columns(codebook)
    names, texts, _ = _q_names(codebook, cols)
    records = _q_records(codebook, numeric=True)
    data: dict[str, list] = {m[0]: [] for m in Q_META}
    data.update({n: [] for n in names})
    for meta, answers in records:
        for m, v in zip(Q_META, meta, strict=True):
            data[m[0]].append(v)
        for n, (c, _, _), v in zip(names, cols, answers, strict=True):
            q = codebook.column_question().get(c)
            data[n].append(v if c == "spt" or q.type == "text" else (float(v) if v else None))
    frame = pd.DataFrame(data)
    for m in ("Status", "Progress", "Duration (in seconds)", "Finished"):
        frame[m] = frame[m].astype(float)
    value_labels = {
        "Status": {0.0: "IP Address", 1.0: "Survey Preview", 2.0: "Survey Test"},
        "Finished": {0.0: "False", 1.0: "True"},
    }
    for n, (c, _, _) in zip(names, cols, strict=True):
        q = codebook.column_question().get(c)
        if c == "spt" or q.type in ("allocation", "text"):
            continue
        if q.scale == "aangevinkt":
            value_labels[n] = {1.0: q.items[c]}
        elif q.scale in ORDER:
            value_labels[n] = {float(k + 1): SHOWN[v] for k, v in enumerate(ORDER[q.scale])}
        else:
            scale = codebook.scale_of(q)
            labels = [*scale.codes.values(), *scale.missing.values()]
            value_labels[n] = {float(k + 1): v for k, v in enumerate(labels)}
    frame = frame.rename(columns={"Duration (in seconds)": "Duration__in_seconds_"})
    labels = [m[1] for m in Q_META] + texts
    path = out / "qualtrics.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


@shape("exact")
def qualtrics_text_xlsx(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' Excel download: the same three header rows, choice text."""
    cols = columns(codebook)
    names, texts, qids = _q_names(codebook, cols)
    rows = [
        [m[0] for m in Q_META] + names,
        [m[1] for m in Q_META] + texts,
        [json.dumps({"ImportId": m[2]}) for m in Q_META]
        + [json.dumps({"ImportId": q}) for q in qids],
    ]
    rows += [m + a for m, a in _q_records(codebook, numeric=False)]
    return write_xlsx(out / "qualtrics_text.xlsx", rows)


# --- SurveyMonkey ----------------------------------------------------------------------

SM_META = [
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


def _sm_date(i, minutes=0):
    d, h, m, s = stamp(i, minutes)
    return f"03/{d:02d}/2015 {h % 12 or 12:02d}:{m:02d}:{s:02d} {'AM' if h < 12 else 'PM'}"


def _sm_records(codebook, cols):
    """Tests sent to the staff's own address; an unfinished response (SurveyMonkey's CSV has
    no completeness column: the respondent stopped after the first page)."""
    demo = demo_rows(codebook)
    out = []
    for i, row in enumerate(demo):
        if i == 10:
            out.append((i, "test@ao-techniek.nl", "Test", row))
        if i == 30:
            out.append((i, "", "", partial(codebook, row, cols, 2)))
        out.append((i, "", "", row))
    out.append((46, "fonds.test@ao-techniek.nl", "Test", demo[5]))
    records = []
    for n, (i, mail, first, row) in enumerate(out):
        meta = [
            str(10900000000 + 37 * n),
            "253000111",
            _sm_date(i),
            _sm_date(i, 12),
            f"84.{i}.3.{n}",
            mail,
            first,
            "",
            "",
        ]
        records.append((meta, row))
    return records


@shape("exact")
def surveymonkey_expanded_csv(out: Path, codebook: Codebook) -> Path:
    """Expanded: row 1 the question (blank for its further columns), row 2 the row or option."""
    cols = columns(codebook)
    first, second, last = [], [], None
    for c, text, row in cols:
        first.append("" if text == last else text)
        q = codebook.column_question().get(c)
        second.append(row or ("Open-Ended Response" if q and q.type == "text" else "Response"))
        last = text
    rows = [SM_META + first, [""] * len(SM_META) + second]
    rows += [m + answers_full(codebook, r, cols) for m, r in _sm_records(codebook, cols)]
    return write_csv(out / "surveymonkey_expanded.csv", rows)


@shape("exact")
def surveymonkey_condensed_csv(out: Path, codebook: Codebook) -> Path:
    """Condensed: one header row, 'Vraag - rij' for the rows of a matrix."""
    cols = columns(codebook)
    heads = [f"{text} - {row}" if row else text for _, text, row in cols]
    rows = [SM_META + heads]
    rows += [m + answers_full(codebook, r, cols) for m, r in _sm_records(codebook, cols)]
    return write_csv(out / "surveymonkey_condensed.csv", rows)


@shape("exact")
def surveymonkey_expanded_xlsx(out: Path, codebook: Codebook) -> Path:
    cols = columns(codebook)
    first, second, last = [], [], None
    for c, text, row in cols:
        first.append("" if text == last else text)
        q = codebook.column_question().get(c)
        second.append(row or ("Open-Ended Response" if q and q.type == "text" else "Response"))
        last = text
    rows = [SM_META + first, [""] * len(SM_META) + second]
    rows += [m + answers_full(codebook, r, cols) for m, r in _sm_records(codebook, cols)]
    return write_xlsx(out / "surveymonkey_expanded.xlsx", rows)


# --- Microsoft Forms, Google Forms, Typeform -------------------------------------------


def _joined(codebook, row, sep, tail=""):
    """Multiple choice in one cell ('a;b;'): Forms and Google write the options so."""
    q = next(q for q in codebook.questions if q.id == "activiteiten")
    ticked = [label for c, label in q.items.items() if row[c] == "ja"]
    return sep.join(ticked) + (tail if ticked else "")


def _one_cell_columns(codebook):
    """(codebook column or 'activiteiten', heading) with the multiple choice in one column."""
    out = []
    for c, text, row in columns(codebook):
        q = codebook.column_question()[c] if c != "spt" else None
        if q is not None and q.id == "activiteiten":
            if not any(k == "activiteiten" for k, _ in out):
                out.append(("activiteiten", text))
            continue
        out.append((c, f"{text} [{row}]" if row else text))
    return out


def _one_cell_answers(codebook, row, cols, sep, tail=""):
    return [
        _joined(codebook, row, sep, tail)
        if c == "activiteiten"
        else (row["spt"] if c == "spt" else text_of(codebook, c, row[c]))
        for c, _ in cols
    ]


def _forms(out, codebook, meta_heads, name, owner="Test Eigenaar"):
    """The owner's own tries carry the owner's name and address: named 'Test' in one shape,
    the owner's real name in the other (then only the repeated address gives them away)."""
    address = "test.eigenaar@ao-techniek.nl" if "Test" in owner else "m.devries@ao-techniek.nl"
    cols = _one_cell_columns(codebook)
    rows = [meta_heads + [h for _, h in cols]]
    demo = demo_rows(codebook)
    n = 0
    for i, row in enumerate(demo):
        if i in (0, 24):
            n += 1
            rows.append(
                [
                    n,
                    f"3/{i % 20 + 2}/15 9:00:00",
                    f"3/{i % 20 + 2}/15 9:04:10",
                    address,
                    owner,
                    "",
                ]
                + _one_cell_answers(codebook, row, cols, ";", ";")
            )
        n += 1
        d, h, m, s = stamp(i)
        rows.append(
            [
                n,
                f"3/{d}/15 {h}:{m:02d}:{s:02d}",
                f"3/{d}/15 {h}:{(m + 9) % 60:02d}:{s:02d}",
                "anonymous",
                "",
                "",
            ]
            + _one_cell_answers(codebook, row, cols, ";", ";")
        )
    n += 1
    rows.append(
        [
            n,
            "3/30/15 16:00:00",
            "3/30/15 16:02:00",
            address,
            owner,
            "",
        ]
        + _one_cell_answers(codebook, demo[7], cols, ";", ";")
    )
    return write_xlsx(out / name, rows)


@shape("exact")
def forms_en_xlsx(out: Path, codebook: Codebook) -> Path:
    """Microsoft Forms (English interface); the owner's own test responses carry a name."""
    meta = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    return _forms(out, codebook, meta, "forms_en.xlsx")


@shape("exact")
def forms_nl_xlsx(out: Path, codebook: Codebook) -> Path:
    """Microsoft Forms (Dutch interface); the owner tried the form under her own name."""
    meta = ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd laatst gewijzigd"]
    return _forms(out, codebook, meta, "forms_nl.xlsx", owner="Marieke de Vries")


def _google(out, codebook, meta_heads, name):
    cols = _one_cell_columns(codebook)
    rows = [meta_heads + [h for _, h in cols]]
    demo = demo_rows(codebook)
    for i, row in enumerate(demo):
        d, h, m, s = stamp(i)
        if i in (2, 33, 45):
            rows.append(
                [f"{d}-3-2015 {h}:{m:02d}:{s:02d}", "test@ao-techniek.nl"]
                + _one_cell_answers(codebook, row, cols, ", ")
            )
        rows.append(
            [f"{d}-3-2015 {h}:{m:02d}:{s:02d}", f"respondent{i}@voorbeeld.nl"]
            + _one_cell_answers(codebook, row, cols, ", ")
        )
    return write_csv(out / name, rows)


@shape("exact")
def google_sheets_xlsx(out: Path, codebook: Codebook) -> Path:
    """The responses sheet Google Forms links to, downloaded as .xlsx from Google Sheets
    (Dutch interface): sheet 'Formulierreacties 1', the timestamp a date cell, numbers as
    numbers; the owner's tries with a test address."""
    from datetime import datetime

    from openpyxl import Workbook

    path = _google(out, codebook, ["Tijdstempel", "E-mailadres"], "google_sheets.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path.unlink()
    wb = Workbook()
    ws = wb.active
    ws.title = "Formulierreacties 1"
    ws.append(rows[0])
    for r in rows[1:]:
        cells: list[object] = [datetime.strptime(r[0], "%d-%m-%Y %H:%M:%S")]
        cells += [int(v) if v.isdigit() else (v or None) for v in r[1:]]
        ws.append(cells)
    target = out / "google_sheets.xlsx"
    wb.save(target)
    return target


@shape("exact")
def google_nl_csv(out: Path, codebook: Codebook) -> Path:
    """Google Forms with e-mail collection; the owner tried the form with a test address."""
    return _google(out, codebook, ["Tijdstempel", "E-mailadres"], "google_nl.csv")


@shape("exact")
def google_en_csv(out: Path, codebook: Codebook) -> Path:
    return _google(out, codebook, ["Timestamp", "Email Address"], "google_en.csv")


@shape("exact")
def typeform_csv(out: Path, codebook: Codebook) -> Path:
    """Typeform: '#' token first, one column per choice, 'Response Type' completed / partial."""
    cols = columns(codebook)
    tail = [
        "Response Type",
        "Start Date (UTC)",
        "Stage Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
        "Tags",
        "Ending",
    ]
    # Typeform heads a choice column with the choice itself; a matrix row with 'Vraag [rij]'.
    heads = ["#"]
    for c, text, row in cols:
        q = codebook.column_question().get(c)
        own = q is not None and q.scale == "aangevinkt"
        heads.append(row if own else (f"{text} [{row}]" if row else text))
    rows = [heads + tail]
    demo = demo_rows(codebook)
    for i, row in enumerate(demo):
        if i in (4, 17, 38):
            r = partial(codebook, row, cols, 3 + i % 5)
            rows.append(
                [f"x{i:02d}partial9qz"]
                + answers_full(codebook, r, cols)
                + ["partial", iso(i), iso(i, 3), "", f"n{i:08x}", "", ""]
            )
        rows.append(
            [f"t{i:02d}k3v9qx0aa"]
            + answers_full(codebook, row, cols)
            + ["completed", iso(i), "", iso(i, 11), f"n{i:08x}", "", "default_tys"]
        )
    return write_csv(out / "typeform.csv", rows)


# --- SPSS and Dutch Excel ---------------------------------------------------------------


@shape("exact")
def spss_sav(out: Path, codebook: Codebook) -> Path:
    """An SPSS file kept by the fund: short names, variable labels, value labels, a remark of
    a tester ('test') and an interviewer's check row."""
    import pandas as pd
    import pyreadstat

    cols = columns(codebook)
    demo = demo_rows(codebook)
    rows = [dict(r, id=r["id"]) for r in demo]
    rows.insert(9, dict(demo[9], id="DEMO-T01", opmerking="test invoer, niet meetellen"))
    rows.insert(30, dict(demo[30], id="DEMO-T02", opmerking="Testrespondent"))
    rows.append(dict(demo[12], id="DEMO-T03", opmerking="proef: controle van het formulier"))
    data = {"respnr": [r["id"] for r in rows], "spt": [r["spt"] for r in rows]}
    names = ["respnr", "spt"]
    labels = ["Respondentnummer", ASKED["spt"]]
    value_labels = {}
    for k, (c, text, row) in enumerate(cols[1:], start=1):
        q = codebook.column_question()[c]
        name = f"v{k}"
        names.append(name)
        labels.append(f"{text} [{row}]" if row else text)
        if q.type == "text":
            data[name] = [r[c] for r in rows]
            continue
        if q.type == "allocation":
            data[name] = [float(r[c]) if r[c] else None for r in rows]
            continue
        coded = [number_of(codebook, c, r[c]) for r in rows]
        data[name] = [float(v) if v else None for v in coded]
        if q.scale == "aangevinkt":
            value_labels[name] = {1.0: "Ja"}
        elif q.scale in ORDER:
            value_labels[name] = {float(i + 1): SHOWN[v] for i, v in enumerate(ORDER[q.scale])}
        else:
            scale = codebook.scale_of(q)
            shown = [*scale.codes.values(), *scale.missing.values()]
            value_labels[name] = {float(i + 1): v for i, v in enumerate(shown)}
    path = out / "spss.sav"
    pyreadstat.write_sav(
        pd.DataFrame(data)[names],
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
    )
    return path


def _dutch_excel_rows(codebook):
    """The LimeSurvey full-text export after Dutch Excel: dates d-m-jjjj, decimal comma."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    out = [rows[0]]
    for r in rows[1:]:
        cells = list(r)
        for j in (1, 6, 7):
            if cells[j]:
                y, mo, rest = cells[j][:4], cells[j][5:7], cells[j][8:]
                cells[j] = f"{int(rest[:2])}-{int(mo)}-{y} {rest[3:8]}"
        out.append(cells)
    return out


@shape("exact")
def dutch_excel_csv(out: Path, codebook: Codebook) -> Path:
    """Re-saved by Dutch Excel as 'CSV (gescheiden door lijstscheidingsteken)': ';', cp1252."""
    return write_csv(
        out / "dutch_excel.csv", _dutch_excel_rows(codebook), sep=";", encoding="cp1252"
    )


@shape("exact")
def dutch_excel_xlsx(out: Path, codebook: Codebook) -> Path:
    """The same export re-saved as a workbook: numbers as numbers."""
    rows = _dutch_excel_rows(codebook)
    body = [[int(v) if isinstance(v, str) and v.isdigit() else v for v in r] for r in rows[1:]]
    return write_xlsx(out / "dutch_excel.xlsx", [rows[0], *body])


# --- More shapes, each from the tool's own export options or real exports (issue 26) ---------
# Kept apart so the first 24 stay as they were; every builder writes the 47 demo respondents
# plus the tool's own test and unfinished rows.


def ls_full_answers(codebook, row, cols):
    """LimeSurvey's full answers as its exporter writes them (SurveyObj::getFullAnswer): a
    multiple-choice box is 'Yes' when ticked and 'No' when not, in the survey's language."""
    out = answers_full(codebook, row, cols, ticked="Ja")
    for j, (c, _, _) in enumerate(cols):
        q = codebook.column_question().get(c)
        if q is not None and q.scale == "aangevinkt" and not out[j]:
            out[j] = "Nee"
    return out


@shape("survey-file")
def limesurvey_codeheads_full_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 3.x with 'Headings: Question code' and 'Responses: Full answers' (the two are
    chosen apart in its export dialog, `sHeadingType='code'`, `sResponseType='long'` in its
    RemoteControl API): the answers are texts, but the headings Q1, Q3[SQ001] do not say which
    statement a column is; only the survey file does."""
    cols = columns(codebook)
    rows = _ls_rows(
        codebook,
        lambda r: ls_full_answers(codebook, r, cols),
        LS_META_CODE,
        _ls_codes(codebook, cols, "3"),
    )
    return write_csv(out / "limesurvey_codeheads_full.csv", rows)


@shape("survey-file")
def limesurvey_fullheads_codes_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 3.x with 'Headings: Full question text' and 'Responses: Answer codes'
    (`sHeadingType='full'`, `sResponseType='short'`): the headings say the question, the
    answers are A1.. and Y, whose texts only the survey file holds."""
    cols = columns(codebook)

    def render(r):
        return [
            r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "3") for c, _, _ in cols
        ]

    rows = _ls_rows(codebook, render, LS_META_FULL, _ls_full_heads(cols))
    return write_csv(out / "limesurvey_fullheads_codes.csv", rows)


@shape("exact")
def limesurvey_underscores_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey's export option 'Convert spaces in question text to underscores'
    (`headerSpacesToUnderscores`): full texts and answers ('Ja' / 'Nee' in every box),
    headings with '_' for spaces."""
    cols = columns(codebook)
    heads = [h.replace(" ", "_") for h in LS_META_FULL + _ls_full_heads(cols)]
    rows = _ls_rows(
        codebook,
        lambda r: ls_full_answers(codebook, r, cols),
        LS_META_FULL,
        _ls_full_heads(cols),
    )
    return write_csv(out / "limesurvey_underscores.csv", [heads, *rows[1:]])


@shape("exact")
def limesurvey_rearranged_csv(out: Path, codebook: Codebook) -> Path:
    """The full-text LimeSurvey export after the fund worked on it in a spreadsheet: the SPT
    column moved to the end, the statements in another order, and two columns of its own
    added ('Regio' and 'Gecontroleerd door'); neither order nor an extra column is evidence."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    k = len(LS_META_FULL)
    order = list(range(len(cols)))
    statements = [j for j, (c, _, _) in enumerate(cols) if GROUP_OF.get(c) == "stellingen"]
    for j, s in zip(statements, reversed(statements), strict=True):
        order[j] = s
    order = [j for j in order if j != 0] + [0]  # the SPT last
    regions = {sp.name: (sp.regions or [sp.name])[0] for sp in _register(codebook).service_points}
    out_rows = [[*rows[0][:k], *(rows[0][k + j] for j in order), "Regio", "Gecontroleerd door"]]
    for n, r in enumerate(rows[1:]):
        spt = r[k]
        out_rows.append(
            [*r[:k], *(r[k + j] for j in order), regions.get(spt, ""), "MdV" if n % 3 else ""]
        )
    return write_csv(out / "limesurvey_rearranged.csv", out_rows)


def _register(codebook: Codebook):
    return load_register(register_path(codebook))


def _qualtrics_text_rows(codebook: Codebook) -> list[list[str]]:
    cols = columns(codebook)
    names, texts, qids = _q_names(codebook, cols)
    imp = [json.dumps({"ImportId": m[2]}) for m in Q_META]
    rows = [
        [m[0] for m in Q_META] + names,
        [m[1] for m in Q_META] + texts,
        imp + [json.dumps({"ImportId": q}) for q in qids],
    ]
    rows += [m + a for m, a in _q_records(codebook, numeric=False)]
    return rows


@shape("exact")
def qualtrics_tsv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' 'TSV' download: the same three header rows, tab-separated, UTF-16 (LE with
    a byte-order mark), as R readers of it open it (`fileEncoding = "UTF-16LE"`)."""
    return write_csv(out / "qualtrics.tsv", _qualtrics_text_rows(codebook), "\t", "utf-16")


@shape("exact")
def qualtrics_unsplit_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' CSV without 'Split multi-value fields into columns': the multiple-answer
    question is one column 'Q5' holding the chosen texts joined by ','."""
    cols = columns(codebook)
    rows = _qualtrics_text_rows(codebook)
    k = len(Q_META)
    act = [
        k + j
        for j, (c, _, _) in enumerate(cols)
        if c != "spt" and codebook.column_question()[c].id == "activiteiten"
    ]
    head = rows[0][act[0]].split("_")[0]
    joined_heads = [head, f"{ASKED['activiteiten']} - Selected Choice",
                    json.dumps({"ImportId": "Q" + "ID" + head[1:]})]  # fmt: skip
    out_rows = []
    for n, r in enumerate(rows):
        cell = joined_heads[n] if n < 3 else ",".join(r[j] for j in act if r[j])
        out_rows.append([*r[: act[0]], cell, *(v for j, v in enumerate(r) if j > act[-1])])
    return write_csv(out / "qualtrics_unsplit.csv", out_rows)


def _sm_expanded_heads(codebook, cols, other: set[str]):
    """SurveyMonkey's two heading rows; a question with 'Other (please specify)' gets a
    further column headed blank, its second row naming the option."""
    first, second, last, where = [], [], None, []
    for c, text, row in cols:
        first.append("" if text == last else text)
        q = codebook.column_question().get(c)
        second.append(row or ("Open-Ended Response" if q and q.type == "text" else "Response"))
        where.append(c)
        last = text
        if c in other:
            first.append("")
            second.append("Other (please specify)")
            where.append("")
    return first, second, where


@shape("exact")
def surveymonkey_other_csv(out: Path, codebook: Codebook) -> Path:
    """SurveyMonkey's expanded CSV for questions with an 'Other (please specify)' box: a blank
    heading over a second row 'Other (please specify)' beside the question's own column (as
    real exports show: 'In what country do you live?,,' over 'Response,Other (please
    specify)'); nobody used it."""
    cols = columns(codebook)
    first, second, where = _sm_expanded_heads(codebook, cols, {"achtergrond", "hoofdactiviteit"})
    rows = [SM_META + first, [""] * len(SM_META) + second]
    for m, r in _sm_records(codebook, cols):
        answers = dict(zip([c for c, _, _ in cols], answers_full(codebook, r, cols), strict=True))
        rows.append(m + [answers[c] if c else "" for c in where])
    return write_csv(out / "surveymonkey_other.csv", rows)


@shape("stop:SurveyMonkey")
def surveymonkey_numeric_csv(out: Path, codebook: Codebook) -> Path:
    """SurveyMonkey's export with 'Cell contents: Numerical value' instead of 'Actual answer
    text': every choice is its position (the SPT list too); SurveyMonkey has no questionnaire
    file, so only a new export with answer texts helps."""
    cols = columns(codebook)
    names = [sp.name for sp in _register(codebook).service_points]
    first, second, _ = _sm_expanded_heads(codebook, cols, set())
    rows = [SM_META + first, [""] * len(SM_META) + second]
    for m, r in _sm_records(codebook, cols):
        rows.append(
            m
            + [
                str(names.index(r["spt"]) + 1) if c == "spt" else number_of(codebook, c, r[c])
                for c, _, _ in cols
            ]
        )
    return write_csv(out / "surveymonkey_numeric.csv", rows)


@shape("exact")
def typeform_completed_csv(out: Path, codebook: Codebook) -> Path:
    """Typeform's older CSV of completed responses only (as in public exports: '#', the
    questions, 'Start Date (UTC)', 'Submit Date (UTC)', 'Network ID'), with a hidden field
    'email' filled from the invitation link; the owner tried the form with a test address."""
    cols = columns(codebook)
    heads = ["#"]
    for c, text, row in cols:
        q = codebook.column_question().get(c)
        own = q is not None and q.scale == "aangevinkt"
        heads.append(row if own else (f"{text} [{row}]" if row else text))
    rows = [heads + ["email", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]]
    demo = demo_rows(codebook)
    for i, row in enumerate(demo):
        if i in (6, 29):
            rows.append(
                [f"q{i:02d}v8wz1tst"]
                + answers_full(codebook, row, cols)
                + ["test@ao-techniek.nl", iso(i), iso(i, 4), f"n{i:08x}"]
            )
        rows.append(
            [f"t{i:02d}k3v9qx0aa"]
            + answers_full(codebook, row, cols)
            + [f"respondent{i}@voorbeeld.nl", iso(i), iso(i, 11), f"n{i:08x}"]
        )
    return write_csv(out / "typeform_completed.csv", rows)


@shape("exact")
def forms_excel_utf8_csv(out: Path, codebook: Codebook) -> Path:
    """Microsoft Forms' workbook opened in Dutch Excel and saved as 'CSV UTF-8 (door
    komma's gescheiden)': a byte-order mark, ';' between cells (the Dutch list separator),
    dates as d-m-jjjj u:mm."""
    from openpyxl import load_workbook

    meta = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    book = _forms(out, codebook, meta, "forms_tmp.xlsx")
    sheet = load_workbook(book).active
    rows = []
    for r in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else str(v) for v in r]
        for j in (1, 2):
            if "/" in cells[j]:
                m, d, y_time = cells[j].split("/", 2)
                y, t = y_time.split(" ")
                cells[j] = f"{int(d)}-{int(m)}-20{y} {t[:-3]}"
        rows.append(cells)
    book.unlink()
    return write_csv(out / "forms_excel_utf8.csv", rows, sep=";", encoding="utf-8-sig")


def _ls_abbreviated(text: str, length: int = 15) -> str:
    """LimeSurvey's ellipsize(text, 15, 1, '.. '): the first 15 characters, then '.. '."""
    return text if len(text) <= length else text[:length] + ".. "


@shape("stop:volledige vraagtekst")
def limesurvey_abbreviated_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey's 'Abbreviated question text' headings (Writer::getAbbreviatedHeading: the
    question and the subquestion each cut to 15 characters with '.. '), full answers. Most
    begin as one question only; 'De werking van .. ' begins two statements and the two
    'Welk deel van d.. ' questions share their rows: only full texts can tell."""
    cols = columns(codebook)
    heads = []
    for _, text, row in cols:
        head = _ls_abbreviated(text)
        if row:
            head += f" [{_ls_abbreviated(row)}]"
        heads.append(head.strip())
    meta = [_ls_abbreviated(m).strip() for m in LS_META_FULL]
    rows = _ls_rows(codebook, lambda r: ls_full_answers(codebook, r, cols), meta, heads)
    return write_csv(out / "limesurvey_abbreviated.csv", rows)


@shape("exact")
def qualtrics_fraud_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics with its fraud detection and a block randomizer on: 'Q_RecaptchaScore',
    'Q_RelevantIDDuplicate', 'Q_RelevantIDDuplicateScore', 'Q_RelevantIDFraudScore',
    'Q_RelevantIDLastStartDate' after the metadata, and the randomizer's display order
    'FL_6_DO' (as public analysis scripts of real exports drop them)."""
    rows = _qualtrics_text_rows(codebook)
    k = len(Q_META)
    extra = ["Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore",
             "Q_RelevantIDFraudScore", "Q_RelevantIDLastStartDate"]  # fmt: skip
    out_rows = [
        [*rows[0][:k], *extra, *rows[0][k:], "FL_6_DO"],
        [*rows[1][:k], *extra, *rows[1][k:], "FL_6 - Block Randomizer - Display Order"],
        [*rows[2][:k], *(json.dumps({"ImportId": e}) for e in extra), *rows[2][k:],
         json.dumps({"ImportId": "FL_6_DO"})],
    ]  # fmt: skip
    for n, r in enumerate(rows[3:]):
        fraud = [f"0.{9 - n % 3}", "", "0", str(n % 4 * 5), ""]
        order = "Stellingen|Organisatie" if n % 2 else "Organisatie|Stellingen"
        out_rows.append([*r[:k], *fraud, *r[k:], order])
    return write_csv(out / "qualtrics_fraud.csv", out_rows)


@shape("exact")
def forms_quiz_xlsx(out: Path, codebook: Codebook) -> Path:
    """Microsoft Forms made as a quiz: 'Total points', 'Quiz feedback', 'Grade posted time'
    after the metadata, and beside every question 'Points - <vraag>' and 'Feedback - <vraag>'
    (as public scripts reading such exports list them); no question carries points."""
    from openpyxl import load_workbook

    meta = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    book = _forms(out, codebook, meta, "forms_quiz_tmp.xlsx")
    sheet = load_workbook(book).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.unlink()
    k = len(meta)
    heads = rows[0]
    new = [[*heads[:5], "Total points", "Quiz feedback", "Grade posted time"]]
    for h in heads[k:]:
        new[0] += [h, f"Points - {h}", f"Feedback - {h}"]
    for r in rows[1:]:
        line = [*r[:5], 0, None, None]
        for v in r[k:]:
            line += [v, None, None]
        new.append(line)
    return write_xlsx(out / "forms_quiz.xlsx", new)


@shape("survey-file")
def limesurvey6_codes_converted_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 5/6 code export with its options 'Convert Y to 1' and 'Convert N to 0'
    (Writer::transformResponseValue: a box is '1' when ticked and '0' when shown and left
    empty); the answers AO01.. still need the survey file."""
    cols = columns(codebook)

    def render(r):
        cells = []
        for c, _, _ in cols:
            q = codebook.column_question().get(c)
            v = r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "5")
            if q is not None and q.scale == "aangevinkt":
                v = "1" if v == "Y" else "0"
            cells.append(v)
        return cells

    rows = _ls_rows(codebook, render, LS_META_CODE, _ls_codes(codebook, cols, "5"))
    return write_csv(out / "limesurvey6_codes_converted.csv", rows)


@shape("exact")
def qualtrics_recoded_sav(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' SPSS file after 'Recode values' in the survey: the agreement scale coded
    5 (Helemaal mee eens) down to 1 and 'Weet niet' as 99, yes/no as 1/0; the value labels in
    the file say which code is which, so nothing is read by its position."""
    import pyreadstat

    path = qualtrics_sav(out, codebook)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    recode = {"eens5": {1: 5, 2: 4, 3: 3, 4: 2, 5: 1, 6: 99}, "janee": {1: 1, 2: 0, 3: 9}}
    labels = dict(meta.variable_value_labels)
    for name in frame.columns:
        shown = set(labels.get(name, {}).values())
        scale = next((s for s in recode if shown == {SHOWN[v] for v in ORDER[s]}), None)
        if scale is None:
            continue
        frame[name] = frame[name].map(lambda v, s=scale: recode[s].get(int(v)) if v == v else v)
        labels[name] = {float(recode[scale][int(k)]): t for k, t in labels[name].items()}
    target = out / "qualtrics_recoded.sav"
    pyreadstat.write_sav(frame, str(target), column_labels=meta.column_labels,
                         variable_value_labels=labels)  # fmt: skip
    path.unlink()
    return target


@shape("exact")
def qualtrics_other_text_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics with a text box on the choice 'Anders': its own column 'Q7_7_TEXT' ('Vraag -
    Anders - Text') beside the question, holding what the respondents typed there."""
    rows = _qualtrics_text_rows(codebook)
    names = rows[0]
    j = next(i for i, t in enumerate(rows[1]) if t == ASKED["hoofdactiviteit"])
    tag = f"{names[j]}_7_TEXT"
    heads = [tag, f"{ASKED['hoofdactiviteit']} - Anders - Text", json.dumps({"ImportId": tag})]
    typed = ["Netwerkbijeenkomsten met werkgevers", "Voorlichting op scholen", "Website"]
    out_rows = []
    for n, r in enumerate(rows):
        extra = heads[n] if n < 3 else (typed[n % 3] if r[j] == "Anders" else "")
        out_rows.append([*r[: j + 1], extra, *r[j + 1 :]])
    return write_csv(out / "qualtrics_other_text.csv", out_rows)


@shape("exact")
def limesurvey_participants_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey full-text export of a survey with a participant list: the participants'
    'First name', 'Last name' and 'Email address' after the response's own fields. The
    tester is a participant named 'Test' with a test address and an ordinary token; one real
    respondent is called Testerink."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    k = len(LS_META_FULL)
    first = ["Anna", "Bram", "Carla", "Dirk", "Eva", "Frank", "Greet", "Hans"]
    last = ["Jansen", "de Boer", "Testerink", "Visser", "Smit", "Mulder", "Bakker"]
    out_rows = [[*rows[0][:k], "First name", "Last name", "Email address", *rows[0][k:]]]
    for n, r in enumerate(rows[1:]):
        meta = list(r[:k])
        if meta[5] == "test":
            meta[5] = "q7Zt2mW9"
            person = ["Test", "Beheerder", "test@ao-techniek.nl"]
        else:
            f, s = first[n % len(first)], last[n % len(last)]
            person = [f, s, f"{f.lower()}.{s.lower().replace(' ', '')}{n}@voorbeeld.nl"]
        out_rows.append([*meta, *person, *r[k:]])
    return write_csv(out / "limesurvey_participants.csv", out_rows)


@shape("exact")
def qualtrics_dutch_excel_csv(out: Path, codebook: Codebook) -> Path:
    """The Qualtrics text CSV opened in Dutch Excel and saved again as 'CSV (gescheiden door
    lijstscheidingsteken)': ';', Windows-1252, True/False become WAAR/ONWAAR, dates
    d-m-jjjj u:mm; the three heading rows stay."""
    rows = _qualtrics_text_rows(codebook)
    out_rows = rows[:3]
    for r in rows[3:]:
        cells = list(r)
        for j in (0, 1, 7):
            d, t = cells[j].split(" ")
            y, m, day = d.split("-")
            cells[j] = f"{int(day)}-{int(m)}-{y} {t[:5]}"
        cells[6] = {"True": "WAAR", "False": "ONWAAR"}[cells[6]]
        out_rows.append(cells)
    return write_csv(out / "qualtrics_dutch_excel.csv", out_rows, ";", "cp1252")


@shape("exact")
def limesurvey_titled_xlsx(out: Path, codebook: Codebook) -> Path:
    """The full-text LimeSurvey workbook after the fund typed a title and a date above it
    (and left a blank row): the heading is the first row that names the questionnaire."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    title = [["Enquête Servicepunten Techniek 2015"], ["Export van 31-3-2015"], [""]]
    return write_xlsx(out / "limesurvey_titled.xlsx", [*title, *rows])


@shape("stop:verwijder de titelregels")
def dutch_excel_titled_csv(out: Path, codebook: Codebook) -> Path:
    """That titled workbook saved by Dutch Excel as CSV: the title rows become rows of empty
    cells after the title (';;;;'), above the heading; a CSV is read from its first line, so
    the title must go."""
    rows = _dutch_excel_rows(codebook)
    width = len(rows[0])
    title = [["Enquête Servicepunten Techniek 2015"] + [""] * (width - 1), [""] * width]
    return write_csv(out / "dutch_excel_titled.csv", [*title, *rows], ";", "cp1252")


@shape("exact")
def limesurvey_spss_sav(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey's own SPSS export (core plugin ExportSPSSsav, SPSSWriter): variables named
    by question code with '[' as '_' and ']' dropped (Q3_SQ001), every variable a string,
    labels '[subvraag] vraag', answer texts where the answer codes are not numbers (A1..),
    'Y' for a ticked box, dates as Stata milliseconds; no value labels."""
    import calendar
    from datetime import datetime

    import pandas as pd
    import pyreadstat

    cols = columns(codebook)
    codes = _ls_codes(codebook, cols, "3")

    def render(r):
        return [
            r["spt"]
            if c == "spt"
            else ("Y" if codebook.column_question()[c].scale == "aangevinkt" and r[c] == "ja"
                  else ("" if codebook.column_question()[c].scale == "aangevinkt"
                        else answers_full(codebook, r, [(c, t, w)])[0]))
            for c, t, w in cols
        ]  # fmt: skip

    rows = _ls_rows(codebook, render, LS_META_CODE, codes)

    def stata(text: str) -> str:
        if not text:
            return ""
        seconds = calendar.timegm(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").timetuple())
        return str(seconds * 1000 + 315619200000)

    names = [c.replace("[", "_").replace("]", "") for c in rows[0]]
    labels = LS_META_FULL + [f"[{row}] {text}" if row else text for _, text, row in cols]
    data = {n: [] for n in names}
    for r in rows[1:]:
        for j, (n, v) in enumerate(zip(names, r, strict=True)):
            data[n].append(stata(v) if j in (1, 6, 7) else v)
    path = out / "limesurvey_spss.sav"
    pyreadstat.write_sav(pd.DataFrame(data), str(path), column_labels=labels)
    return path


@shape("exact")
def limesurvey_other_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey full-text export of a list question with its built-in 'Other' option: the
    answer reads 'Anders' (the tool's translated 'Other', SurveyObj::getFullAnswer for
    '-oth-') and a further column 'Vraag [Anders]' holds what was typed there."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    k = len(LS_META_FULL)
    j = k + next(i for i, (c, _, _) in enumerate(cols) if c == "hoofdactiviteit")
    typed = ["Netwerkbijeenkomsten met werkgevers", "Voorlichting op scholen"]
    out_rows = [[*rows[0][: j + 1], f"{ASKED['hoofdactiviteit']} [Anders]", *rows[0][j + 1 :]]]
    for n, r in enumerate(rows[1:]):
        extra = typed[n % 2] if r[j] == "Anders" else ""
        out_rows.append([*r[: j + 1], extra, *r[j + 1 :]])
    return write_csv(out / "limesurvey_other.csv", out_rows)


@shape("survey-file")
def qualtrics_tags_only_csv(out: Path, codebook: Codebook) -> Path:
    """The Qualtrics text CSV with its second and third heading rows removed, as analysts do
    before sharing (R readers' `trim_rows`): only the export tags Q1, Q3_1 are left, so the
    .qsf says which question each is; a ticked box still holds its choice's text."""
    rows = _qualtrics_text_rows(codebook)
    return write_csv(out / "qualtrics_tags_only.csv", [rows[0], *rows[3:]])


# The third round of shapes lives in its own module (this one is long enough); importing it
# registers them in SHAPES and OUTCOME.
import real_exports_more  # noqa: E402, F401
