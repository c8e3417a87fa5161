"""A third round of real-shaped exports of the 47 demo respondents (issue 26), registered in
tests/real_exports.py's `SHAPES` and `OUTCOME` like the first 47.

Each varies one thing the tool (or the program a user re-saves it with) really does, with its
source in the docstring: LimeSurvey's 'Question code & question text' headings on its own fields
too, its ExpressionScript codes (Q3_SQ001); Qualtrics with chosen fields only and with its
viewing-order columns and embedded data; Google Forms' own CSV download of a quiz and the
responses sheet in a US locale; a LibreOffice re-save with every text cell quoted.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from real_exports import (
    ASKED,
    GROUPS,
    LS_META_CODE,
    LS_META_FULL,
    _dutch_excel_rows,
    _google,
    _ls_answer_code,
    _ls_codes,
    _ls_full_heads,
    _ls_full_rows,
    _ls_rows,
    _qualtrics_text_rows,
    _register,
    answers_full,
    columns,
    demo_rows,
    iso,
    ls_full_answers,
    shape,
    typeform_csv,
    write_csv,
    write_xlsx,
)

from evaluation.inputs.codebook import Codebook

# --- LimeSurvey ----------------------------------------------------------------------------


@shape("exact")
def limesurvey_codetext_meta_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 3.x 'Headings: Question code & question text', 'Responses: Full answers'.
    Writer::write() builds every selected column's heading as getHeadingCode() . '. ' .
    getHeadingText(), its own fields too: viewHelper::getFieldCode() gives a field without a
    question title its field name, and createFieldMap() its text (gT('Response ID'), 'Date
    submitted', 'Last page', ...): 'id. Response ID', 'submitdate. Date submitted',
    'Q3[SQ001]. In hoeverre ...? [statement]'."""
    cols = columns(codebook)
    meta = [f"{code}. {text}" for code, text in zip(LS_META_CODE, LS_META_FULL, strict=True)]
    codes = _ls_codes(codebook, cols, "3")
    heads = [f"{code}. {h}" for code, h in zip(codes, _ls_full_heads(cols), strict=True)]
    rows = _ls_rows(codebook, lambda r: ls_full_answers(codebook, r, cols), meta, heads)
    return write_csv(out / "limesurvey_codetext_meta.csv", rows)


@shape("survey-file")
def limesurvey_emcodes_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey 3.x 'Question code' headings with the export option 'Use ExpressionScript
    code' (FormattingOptions::useEMCode; viewHelper::getFieldCode with 'LEMcompat' puts '_'
    between question and subquestion: Q3_SQ001), answer codes A1.. and Y: only the survey file
    says which statement Q3_SQ001 is and what A1 means."""
    cols = columns(codebook)

    def render(r):
        return [
            r["spt"] if c == "spt" else _ls_answer_code(codebook, c, r[c], "3") for c, _, _ in cols
        ]

    heads = [h.replace("[", "_").replace("]", "") for h in _ls_codes(codebook, cols, "3")]
    rows = _ls_rows(codebook, render, LS_META_CODE, heads)
    return write_csv(out / "limesurvey_emcodes.csv", rows)


# --- Qualtrics -------------------------------------------------------------------------------


@shape("exact")
def qualtrics_chosen_fields_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' CSV with only some of its own fields: 'Download all fields' off and only
    'ResponseId' and 'Finished' chosen beside the questions (the export API's
    includedMetadataIds, `include_metadata` in the qualtRics R package's fetch_survey), after
    filtering previews and tests out in Data & Analysis. The three heading rows stay (tags,
    question texts, ImportId JSON: 'Understanding Your Dataset'); the closed partial response
    is there with Finished 'False'. Without 'StartDate' and 'Status' the tool is known by its
    ImportId row alone."""
    rows = _qualtrics_text_rows(codebook)
    keep = [j for j, name in enumerate(rows[0]) if name in ("ResponseId", "Finished")]
    keep += list(range(17, len(rows[0])))  # the questions after the 17 metadata fields
    status = rows[0].index("Status")
    kept = [[r[j] for j in keep] for r in rows[:3]]
    kept += [[r[j] for j in keep] for r in rows[3:] if r[status] == "IP Address"]
    return write_csv(out / "qualtrics_chosen_fields.csv", kept)


@shape("exact")
def qualtrics_display_order_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' CSV with 'Export viewing order data for randomized surveys' (the qualtRics
    fetch_survey `include_display_order`, on by default): the statements were shown in random
    order, so after the questions a column 'Q2_DO' ('<vraag> - Display Order', ImportId
    'QID2_DO') holds the order each respondent saw as choice ids joined by '|'; and an
    embedded data field 'bron' set in the survey flow from the invitation link (its own name
    in row 2 and as its ImportId)."""
    rows = _qualtrics_text_rows(codebook)
    stellingen = next(j for j, t in enumerate(rows[1]) if t.startswith(GROUPS["stellingen"]))
    tag = rows[0][stellingen].split("_")[0]
    text = rows[1][stellingen].rsplit(" - ", 1)[0]
    n = sum(1 for name in rows[0] if name.startswith(f"{tag}_"))
    imports = [json.dumps({"ImportId": f"QID{tag[1:]}_DO"}), json.dumps({"ImportId": "bron"})]
    heads = [[f"{tag}_DO", "bron"], [f"{text} - Display Order", "bron"], imports]
    out_rows = [[*r, *heads[k]] for k, r in enumerate(rows[:3])]
    for i, r in enumerate(rows[3:]):
        order = list(range(1, n + 1))
        order = order[i % n :] + order[: i % n]
        out_rows.append([*r, "|".join(map(str, order)), "herinnering" if i % 4 else "uitnodiging"])
    return write_csv(out / "qualtrics_display_order.csv", out_rows)


# --- Google Forms -----------------------------------------------------------------------------


def _google_rows(folder: Path, codebook: Codebook, meta: list[str]) -> list[list[str]]:
    path = _google(folder, codebook, meta, "google_tmp.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path.unlink()
    return rows


@shape("exact")
def google_forms_quiz_csv(out: Path, codebook: Codebook) -> Path:
    """The form made as a quiz and downloaded from Google Forms itself ('Download responses
    (.csv)'): 'Timestamp', 'Email Address', 'Score' ('0 / 0': no question carries points),
    timestamps as '2015/03/02 8:07:13 AM GMT+1' (as in public parsers' samples of such files:
    'Timestamp,Email Address,Score,...' over '2026/09/27 3:00:00 PM GMT+3,...,4 / 5,...')."""
    rows = _google_rows(out, codebook, ["Timestamp", "Email Address"])
    new = [[*rows[0][:2], "Score", *rows[0][2:]]]
    for r in rows[1:]:
        day, time = r[0].split(" ")
        d, m, y = day.split("-")
        hour, minute, second = (int(x) for x in time.split(":"))
        half = "AM" if hour < 12 else "PM"
        stamp = f"{y}/{int(m):02d}/{int(d):02d} {hour % 12 or 12}:{minute:02d}:{second:02d}"
        new.append([f"{stamp} {half} GMT+1", r[1], "0 / 0", *r[2:]])
    return write_csv(out / "google_forms_quiz.csv", new)


@shape("exact")
def google_us_sheets_csv(out: Path, codebook: Codebook) -> Path:
    """The responses sheet of an English Google account (locale United States) downloaded as
    CSV: 'Timestamp' as M/D/YYYY H:MM:SS ('8/4/2025 23:25:41' in public samples; Apps Script
    samples format it 'MM/dd/yyyy HH:mm:ss'), 'Email Address', grid rows as 'Vraag [rij]',
    checkboxes joined by ', '."""
    rows = _google_rows(out, codebook, ["Timestamp", "Email Address"])
    new = [rows[0]]
    for r in rows[1:]:
        day, time = r[0].split(" ")
        d, m, y = day.split("-")
        new.append([f"{int(m)}/{int(d)}/{y} {time}", *r[1:]])
    return write_csv(out / "google_us_sheets.csv", new)


# --- Re-saved by a spreadsheet ----------------------------------------------------------------


@shape("exact")
def libreoffice_quoted_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey's full-text workbook opened in LibreOffice Calc and saved as 'Text CSV' with
    its default filter options 44,34,76 (',' between cells, '"' around text, UTF-8 without a
    byte-order mark; OpenOffice/LibreOffice 'Filter Options') and 'Quote all text cells' on:
    every text cell quoted, numbers and empty cells bare, lines ending in LF."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)

    def cell(v: str) -> str:
        if v == "" or v.replace(".", "", 1).isdigit():
            return v
        return '"' + v.replace('"', '""') + '"'

    text = "".join(",".join(cell(v) for v in r) + "\n" for r in rows)
    path = out / "libreoffice_quoted.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


# --- Question texts with the tool's formatting -----------------------------------------------


def _marked(text: str) -> str:
    """A question text as the survey's editor formatted it: the question in bold, a word of
    the remark question in italics."""
    if text == ASKED["opmerking"]:
        return text.replace("opmerking", "<em>opmerking</em>")
    return f"<strong>{text}</strong>" if text in (ASKED["spt"], GROUPS["stellingen"]) else text


@shape("exact")
def typeform_formatted_csv(out: Path, codebook: Codebook) -> Path:
    """Typeform's CSV of completed responses where questions were formatted in its editor: the
    headings keep the markup ('<strong>Are you self-employed?</strong>', '... used
    <em>anonymously</em> ...' in the OSMI survey's Typeform export, as public analyses of it
    rename them), with '#', 'Start Date (UTC)', 'Submit Date (UTC)', 'Network ID'; the owner
    tried the form with a test address in a hidden field."""
    cols = columns(codebook)
    heads = ["#"]
    for c, text, row in cols:
        q = codebook.column_question().get(c)
        own = q is not None and q.scale == "aangevinkt"
        heads.append(row if own else (f"{_marked(text)} [{row}]" if row else _marked(text)))
    rows = [heads + ["email", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]]
    for i, row in enumerate(demo_rows(codebook)):
        answers = answers_full(codebook, row, cols)
        if i in (8, 30):
            rows.append([f"q{i:02d}v8wz1tst", *answers, "test@ao-techniek.nl", iso(i), iso(i, 4),
                         f"n{i:08x}"])  # fmt: skip
        rows.append([f"t{i:02d}k3v9qx0aa", *answers, f"respondent{i}@voorbeeld.nl", iso(i),
                     iso(i, 11), f"n{i:08x}"])  # fmt: skip
    return write_csv(out / "typeform_formatted.csv", rows)


@shape("exact")
def qualtrics_html_text_csv(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' text CSV of a survey whose questions were formatted in its rich-content
    editor: the question texts of the second heading row keep their HTML (the qualtRics
    package strips it from these 'variable descriptions' only on request, `strip_html`)."""
    rows = _qualtrics_text_rows(codebook)
    texts = []
    for t in rows[1]:
        question, sep, rest = t.partition(" - ")
        texts.append(f"{_marked(question)}{sep}{rest}")
    return write_csv(out / "qualtrics_html_text.csv", [rows[0], texts, *rows[2:]])


@shape("exact")
def qualtrics_chosen_fields_xlsx(out: Path, codebook: Codebook) -> Path:
    """The chosen-fields Qualtrics export (qualtrics_chosen_fields_csv) as its Excel download:
    the same three heading rows, so the sheet's heading is found by the ImportId row too."""
    path = qualtrics_chosen_fields_csv(out, codebook)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path.unlink()
    return write_xlsx(out / "qualtrics_chosen_fields.xlsx", rows)


@shape("exact")
def typeform_other_csv(out: Path, codebook: Codebook) -> Path:
    """Typeform's CSV with partial responses ('Response Type') for a multiple-choice question
    with its 'Other' option on: after the choices' own columns a column 'Other' holds what was
    typed there (public readers of Typeform exports skip '#', 'Other', 'Start Date (UTC)',
    'Submit Date (UTC)')."""
    path = typeform_csv(out, codebook)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path.unlink()
    q = next(q for q in codebook.questions if q.id == "activiteiten")
    last = max(j for j, h in enumerate(rows[0]) if h in q.items.values())
    typed = ["Netwerkbijeenkomsten", "", "", "Voorlichting op scholen", "", ""]
    out_rows = [[*rows[0][: last + 1], "Other", *rows[0][last + 1 :]]]
    for n, r in enumerate(rows[1:]):
        out_rows.append([*r[: last + 1], typed[n % len(typed)], *r[last + 1 :]])
    return write_csv(out / "typeform_other.csv", out_rows)


@shape("exact")
def qualtrics_chosen_fields_sav(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' SPSS download with 'Download all fields' off and only 'ResponseId' and
    'Finished' chosen beside the questions (previews and tests filtered out): numeric recodes
    with value labels, 'Finished' 0/1 labelled False/True, the closed partial response in it."""
    import pyreadstat
    from real_exports import qualtrics_sav

    path = qualtrics_sav(out, codebook)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    path.unlink()
    frame = frame[frame["Status"] == 0]
    names = ["ResponseId", "Finished", *frame.columns[17:]]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    value_labels = {k: v for k, v in meta.variable_value_labels.items() if k in names}
    target = out / "qualtrics_chosen_fields.sav"
    pyreadstat.write_sav(frame[names], str(target), column_labels=[labels[n] for n in names],
                         variable_value_labels=value_labels)  # fmt: skip
    return target


@shape("stop:CSV UTF-8")
def excel_mac_csv(out: Path, codebook: Codebook) -> Path:
    """The LimeSurvey full-text export re-saved by Excel on a Mac as 'CSV (Macintosh)'
    (XlFileFormat xlCSVMac = 22): Mac Roman, lines ending in CR, ';' as the Dutch list
    separator. Its bare CR line ends say 'CSV (Macintosh)', whose é, ë, ö Windows-1252 would
    read as other signs: the product asks for CSV UTF-8 rather than guessing."""
    rows = _dutch_excel_rows(codebook)
    text = "".join(";".join(_quoted(v, ";") for v in r) + "\r" for r in rows)
    path = out / "excel_mac.csv"
    path.write_bytes(text.encode("mac_roman"))
    return path


@shape("exact")
def excel_unicode_txt(out: Path, codebook: Codebook) -> Path:
    """The LimeSurvey full-text export re-saved by Excel as 'Unicode Text' (XlFileFormat
    xlUnicodeText = 42, '.txt'): UTF-16 little-endian with a byte-order mark, tabs between
    cells, CRLF line endings, dates as Dutch Excel shows them."""
    rows = _dutch_excel_rows(codebook)
    text = "".join("\t".join(_quoted(v, "\t") for v in r) + "\r\n" for r in rows)
    path = out / "excel_unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    return path


def _quoted(value: str, sep: str) -> str:
    """A cell as Excel writes it: quoted only when it holds the separator, a quote or a line."""
    if any(ch in value for ch in (sep, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


@shape("stop:--set")
def limesurvey_attribute_spt_csv(out: Path, codebook: Codebook) -> Path:
    """LimeSurvey full-text export of a survey with a participant list whose attribute_1
    (description 'Servicepunt') holds the SPT each person was invited for: a participant
    field is headed by its description (Writer::getHeadingText: tokenFields[..]['description'])
    and sits after the response's own fields. Three respondents answered another SPT than the
    one they were invited for; which of the two is the SPT only the user can say."""
    cols = columns(codebook)
    rows = _ls_full_rows(codebook, cols)
    k = len(LS_META_FULL)
    names = [sp.name for sp in _register(codebook).service_points]
    out_rows = [[*rows[0][:k], "Servicepunt", *rows[0][k:]]]
    for n, r in enumerate(rows[1:]):
        invited = names[(names.index(r[k]) + 1) % len(names)] if n in (4, 17, 33) else r[k]
        out_rows.append([*r[:k], invited, *r[k:]])
    return write_csv(out / "limesurvey_attribute_spt.csv", out_rows)


@shape("exact")
def qualtrics_spt_labels_sav(out: Path, codebook: Codebook) -> Path:
    """Qualtrics' SPSS download as it writes every multiple-choice question, the SPT list too:
    a number per choice with the choice texts as value labels (the SPT names are labels of
    1..10, not strings in the data)."""
    import pyreadstat
    from real_exports import qualtrics_sav

    path = qualtrics_sav(out, codebook)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    path.unlink()
    names = [sp.name for sp in _register(codebook).service_points]
    spt = next(c for c in frame.columns if frame[c].isin(names).mean() > 0.9)
    frame[spt] = frame[spt].map(lambda v: float(names.index(v) + 1) if v in names else None)
    labels = {**meta.variable_value_labels, spt: {float(i): n for i, n in enumerate(names, 1)}}
    target = out / "qualtrics_spt_labels.sav"
    pyreadstat.write_sav(frame, str(target), column_labels=meta.column_labels,
                         variable_value_labels=labels)  # fmt: skip
    return target
