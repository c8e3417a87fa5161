"""The demo questionnaire as a LimeSurvey .lss (3.x or 5/6 layout) and its code export.

The layouts follow the real files in tests/fixtures/definitions/ (LimeSurvey's own demo and
test surveys): 3.x keeps question and answer texts in the rows with a `language` field, 5/6 in
`question_l10ns` and `answer_l10ns`."""

from __future__ import annotations

from pathlib import Path

from definition_demo import Question, answer_for, demo_values, number, questions, write_csv

from evaluation.inputs.codebook import Codebook

SID, GID = "845123", "12"
TYPES = {"list": "L", "array": "F", "check": "M", "numbers": "K", "text": "T"}
THEMES = {"L": "listradio", "!": "list_dropdown", "F": "arrays/array", "M": "multiplechoice"}
THEMES |= {"K": "multiplenumeric", "T": "longfreetext"}


def _section(name: str, fields: list[str], rows: list[dict[str, object]]) -> list[str]:
    out = [f" <{name}>", "  <fields>", *[f"   <fieldname>{f}</fieldname>" for f in fields]]
    out += ["  </fields>", "  <rows>"]
    for r in rows:
        out.append("   <row>")
        for f in fields:
            v = r.get(f)
            out.append(f"    <{f}/>" if v in (None, "") else f"    <{f}><![CDATA[{v}]]></{f}>")
        out.append("   </row>")
    return [*out, "  </rows>", f" </{name}>"]


def answer_codes(q: Question, layout: str) -> dict[str, str]:
    """Answer label -> the tool's code: A1.. (3.x) or AO01.. (5/6), in the list's order."""
    return {
        label: (f"A{i}" if layout == "3" else f"AO{i:02d}") for i, label in enumerate(q.answers, 1)
    }


def _type(q: Question) -> str:
    return "!" if q.code == "SPT" else TYPES[q.kind]


def write_lss(
    path: Path, codebook: Codebook, layout: str, qs: list[Question] | None = None
) -> Path:
    """The .lss of the demo survey in the 3.x ('3', DBVersion 359) or 5/6 ('6', 630) layout;
    `qs` gives another questionnaire of the same respondents (codes, texts, answer order)."""
    qs = qs or questions(codebook)
    base = ["qid", "parent_qid", "sid", "gid", "type", "title"]
    if layout == "3":
        qfields = [*base, "question", "preg", "help", "other", "mandatory", "question_order"]
        qfields += ["language", "scale_id", "same_default", "relevance", "modulename"]
        afields = ["qid", "code", "answer", "sortorder", "assessment_value", "language"]
        afields.append("scale_id")
    else:
        qfields = [*base, "preg", "other", "mandatory", "encrypted", "question_order"]
        qfields += ["scale_id", "same_default", "relevance", "question_theme_name", "modulename"]
        afields = ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"]
    questions_rows, sub_rows, answer_rows, l10n, answer_l10n = [], [], [], [], []
    next_sub = 500
    for order, q in enumerate(qs, 1):
        qid = str(100 + order)
        row = {"qid": qid, "parent_qid": "0", "sid": SID, "gid": GID, "type": _type(q)}
        row |= {"title": q.code, "other": "N", "mandatory": "N", "question_order": order}
        row |= {"scale_id": "0", "same_default": "0", "relevance": "1", "encrypted": "N"}
        row |= {"question_theme_name": THEMES[_type(q)], "language": "nl", "question": q.text}
        questions_rows.append(row)
        l10n.append({"id": str(900 + order), "qid": qid, "question": q.text, "language": "nl"})
        for n, text in enumerate(q.rows.values(), 1):
            next_sub += 1
            sub = {**row, "qid": str(next_sub), "parent_qid": qid, "title": f"SQ{n:03d}"}
            sub |= {"question": text, "question_order": n, "question_theme_name": ""}
            sub_rows.append(sub)
            l10n.append({"id": str(2000 + next_sub), "qid": str(next_sub), "question": text})
            l10n[-1]["language"] = "nl"
        for i, (label, code) in enumerate(answer_codes(q, layout).items(), 1):
            aid = str(3000 + order * 20 + i)
            answer_rows.append({"aid": aid, "qid": qid, "code": code, "answer": label})
            answer_rows[-1] |= {"sortorder": i, "assessment_value": "0", "language": "nl"}
            answer_rows[-1]["scale_id"] = "0"
            answer_l10n.append({"id": str(4000 + int(aid)), "aid": aid, "answer": label})
            answer_l10n[-1]["language"] = "nl"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<document>"]
    lines += [" <LimeSurveyDocType>Survey</LimeSurveyDocType>"]
    lines += [f" <DBVersion>{359 if layout == '3' else 630}</DBVersion>"]
    lines += [" <languages>", "  <language>nl</language>", " </languages>"]
    lines += _section("answers", afields, answer_rows)
    if layout != "3":
        lines += _section("answer_l10ns", ["id", "aid", "answer", "language"], answer_l10n)
    group = {"gid": GID, "sid": SID, "group_name": "Vragen", "group_order": "1"}
    group |= {"language": "nl", "id": "1"}
    if layout == "3":
        gfields = ["gid", "sid", "group_name", "group_order", "description", "language"]
        lines += _section("groups", gfields, [group])
    else:
        lines += _section("groups", ["gid", "sid", "group_order", "grelevance"], [group])
        gl = ["id", "gid", "group_name", "description", "language", "sid", "group_order"]
        lines += _section("group_l10ns", gl, [group])
    lines += _section("questions", qfields, questions_rows)
    lines += _section("subquestions", qfields, sub_rows)
    if layout != "3":
        qlf = ["id", "qid", "question", "help", "script", "language"]
        lines += _section("question_l10ns", qlf, l10n)
    survey = {"sid": SID, "admin": "Administrator", "language": "nl", "format": "G"}
    lines += _section("surveys", ["sid", "admin", "language", "additional_languages", "format"],
                      [survey])  # fmt: skip
    ls = {"surveyls_survey_id": SID, "surveyls_language": "nl"}
    ls["surveyls_title"] = codebook.title
    lines += _section("surveys_languagesettings", list(ls), [ls])
    lines.append("</document>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_export(path: Path, codebook: Codebook, layout: str) -> Path:
    """The demo respondents as LimeSurvey exports them with question and answer codes, plus one
    response that was never submitted."""
    qs = questions(codebook)
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    for q in qs:
        if q.rows:
            for n, _ in enumerate(q.rows, 1):
                head.append(f"{q.code}[SQ{n:03d}]" if layout == "3" else f"{q.code}_SQ{n:03d}")
        else:
            head.append(q.code)
    rows = [head]
    demo = demo_values(codebook)
    for i, values in enumerate(demo, 1):
        row = [str(i), "2015-10-01 10:00:00", "3", "nl", str(1000 + i)]
        for q in qs:
            codes = answer_codes(q, layout)
            cols = list(q.rows) or ["spt" if q.code == "SPT" else _single(codebook, q)]
            for c in cols:
                v = values[c]
                if q.kind in ("list", "array"):
                    row.append(answer_for(q, v, codes))
                elif q.kind == "check":
                    row.append("Y" if v == 1 else "")
                elif q.kind == "numbers":
                    row.append(number(v))
                else:
                    row.append(v or "")
        rows.append(row)
    unfinished = [str(len(demo) + 1), "", "1", "nl", "999"] + [""] * (len(head) - 5)
    unfinished[head.index("SPT")] = answer_codes(qs[0], layout)["Twente"]
    rows.append(unfinished)
    return write_csv(path, rows)


def _single(codebook: Codebook, q: Question) -> str:
    """The codebook column of a one-column question of the demo survey."""
    return {"Q01": "achtergrond", "Q02": "nut_techniek", "Q07": "hoofdactiviteit"}.get(
        q.code, "opmerking"
    )
