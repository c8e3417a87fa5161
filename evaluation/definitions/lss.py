"""Read a LimeSurvey survey structure file (.lss): the columns its response export has.

Three layouts are read. LimeSurvey 2.x and 3.x (DBVersion below 400) keep the texts in the
`questions`, `subquestions` and `answers` rows, one row per language; LimeSurvey 4, 5 and 6
keep them apart in `question_l10ns` and `answer_l10ns`. Subquestions have a parent_qid; in
old files they can sit among the questions. The export headings are the question code
(`Q1`), `Q1[SQ001]` (3.x and later), `Q1_SQ001` (5/6 code exports) or the SGQA name
`123456X12X34SQ001`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - the tree comes from xmlsafe.parse_xml

from evaluation.definitions.model import (
    YES,
    DefColumn,
    SurveyDefinition,
    answer_table,
    plain_text,
)
from evaluation.definitions.xmlsafe import parse_xml
from evaluation.errors import ErrorCode, InputError

# Answer labels the tool itself supplies for question types without an answer list.
_FIXED = {
    "5": {str(i): str(i) for i in range(1, 6)},
    "A": {str(i): str(i) for i in range(1, 6)},
    "B": {str(i): str(i) for i in range(1, 11)},
    "C": {"Y": YES, "N": "No", "U": "Uncertain"},
    "E": {"I": "Increase", "S": "Same", "D": "Decrease"},
    "Y": {"Y": YES, "N": "No"},
    "G": {"F": "Female", "M": "Male"},
}
_LIST = {"L", "!", "O"}  # one column, answers from the answer list
_ARRAY = {"F", "H", "A", "B", "C", "E"}  # a column per subquestion, one answer each
_CHECK = {"M", "P"}  # a column per subquestion, 'Y' when ticked
_ONE = {"S": "text", "T": "text", "U": "text", "D": "text", "N": "number"}
_SUB = {"K": "number", "Q": "text"}
_NO_COLUMN = {"X", "*", "|"}  # text display, equation, file upload


def _rows(root: ET.Element, section: str) -> list[dict[str, str]]:
    rows = root.find(f"{section}/rows")
    if rows is None:
        return []
    return [{c.tag: (c.text or "").strip() for c in row} for row in rows.findall("row")]


def _version(db: str) -> str:
    try:
        n = int(db)
    except ValueError:
        return f"DBVersion {db or '?'}"
    major = "2" if n < 300 else "3" if n < 400 else "4/5" if n < 600 else "6" if n < 700 else "7+"
    return f"DBVersion {n} (LimeSurvey {major})"


def _choose(languages: list[str], base: str, prefer: str | None) -> str:
    for lang in languages:
        if prefer and (lang == prefer or lang.split("-")[0] == prefer):
            return lang
    return base or (languages[0] if languages else "")


class _Texts:
    """Question and answer texts in one language (with the base language as fallback)."""

    def __init__(self, root: ET.Element, lang: str, base: str) -> None:
        self.lang, self.base = lang, base
        self.q: dict[tuple[str, str], str] = {}
        for section in ("questions", "subquestions", "question_l10ns"):
            for r in _rows(root, section):
                if "question" in r:
                    self.q[(r.get("qid", ""), r.get("language", ""))] = r["question"]
        l10n = {
            (r.get("aid", ""), r.get("language", "")): r.get("answer", "")
            for r in _rows(root, "answer_l10ns")
        }
        self.answers: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        for r in _rows(root, "answers"):
            if "answer" in r and r.get("language", lang) not in (lang, base):
                continue
            if "answer" in r:
                label, language = r["answer"], r.get("language", "")
            else:
                language = lang if (r.get("aid", ""), lang) in l10n else base
                label = l10n.get((r.get("aid", ""), language), "")
            key = (r.get("qid", ""), r.get("scale_id", "0") or "0")
            entry = (_int(r.get("sortorder")), r.get("code", ""), label, language)
            self.answers.setdefault(key, []).append(entry)

    def question(self, qid: str) -> str:
        return plain_text(self.q.get((qid, self.lang), self.q.get((qid, self.base), "")))

    def answer_list(self, qid: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """Answer code -> label of scale 0, in the tool's order, in the chosen language; and
        each code listed twice with different labels (`answer_table`)."""
        entries = self.answers.get((qid, "0"), [])
        mine = {code for _, code, _, language in entries if language == self.lang}
        chosen = [e for e in entries if e[3] == self.lang or e[1] not in mine]
        return answer_table([(code, label) for _, code, label, _ in sorted(chosen)])


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _order(row: dict[str, str]) -> int:
    return _int(row.get("question_order"))


def read_lss(data: bytes, name: str, sha256: str, prefer: str | None = None) -> SurveyDefinition:
    """The columns of a LimeSurvey survey's response export, from its .lss file."""
    what = f"LimeSurvey-bestand '{name}'"
    root = parse_xml(data, what)
    kind = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or kind != "Survey":
        raise InputError(ErrorCode.LSS_NOT_A_SURVEY, what=what, kind=kind or "?")
    languages = [(e.text or "").strip() for e in root.findall("languages/language")]
    surveys = _rows(root, "surveys")
    base = surveys[0].get("language", "") if surveys else ""
    lang = _choose(languages, base, prefer)
    texts = _Texts(root, lang, base)
    group_order = {r.get("gid", ""): _int(r.get("group_order")) for r in _rows(root, "groups")}
    by_qid: dict[str, dict[str, str]] = {}
    for section in ("questions", "subquestions"):
        for r in _rows(root, section):
            by_qid.setdefault(r.get("qid", ""), r)
    parents = [r for r in by_qid.values() if r.get("parent_qid", "0") in ("", "0")]
    parents.sort(key=lambda r: (group_order.get(r.get("gid", ""), 0), _order(r)))
    subs: dict[str, list[dict[str, str]]] = {}
    for r in by_qid.values():
        if r.get("parent_qid", "0") not in ("", "0") and (r.get("scale_id") or "0") == "0":
            subs.setdefault(r["parent_qid"], []).append(r)
    columns: list[DefColumn] = []
    skipped: list[str] = []
    for q in parents:
        columns += _columns(q, sorted(subs.get(q["qid"], []), key=_order), texts, skipped)
    version = _version(root.findtext("DBVersion") or "")
    return SurveyDefinition("LimeSurvey", name, sha256, version, lang, columns, skipped)


def _columns(
    q: dict[str, str], subs: list[dict[str, str]], texts: _Texts, skipped: list[str]
) -> list[DefColumn]:
    """The export columns of one question."""
    t, title, qid = q.get("type", ""), q.get("title", ""), q.get("qid", "")
    sgqa = f"{q.get('sid', '')}X{q.get('gid', '')}X{qid}"
    text = texts.question(qid)
    if t in _NO_COLUMN:
        return []
    if t in _LIST or t in ("5", "Y", "G"):
        answers, twice = texts.answer_list(qid) if t in _LIST else (dict(_FIXED[t]), {})
        return [DefColumn(title, (title, sgqa), text, "", "choice", answers, twice=twice)]
    if t in _ONE:
        return [DefColumn(title, (title, sgqa), text, "", _ONE[t])]
    if t in _ARRAY or t in _CHECK or t in _SUB:
        twice: dict[str, tuple[str, str]] = {}
        if t in ("F", "H"):
            kind, (answers, twice) = "choice", texts.answer_list(qid)
        elif t in _ARRAY:
            kind, answers = "choice", _FIXED[t]
        elif t in _CHECK:
            kind, answers = "checkbox", {"Y": YES}
        else:
            kind, answers = _SUB[t], {}
        out = []
        for s in subs:
            sq = s.get("title", "")
            names = (f"{title}[{sq}]", f"{title}_{sq}", f"{sgqa}{sq}")
            item = texts.question(s.get("qid", ""))
            out.append(DefColumn(title, names, text, item, kind, dict(answers), twice=twice))
        return out
    skipped.append(f"{title} (vraagtype '{t}')")
    return []
