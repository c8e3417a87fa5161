"""Read a Qualtrics survey file (.qsf, JSON): the columns its response export has.

Each question is an `SQ` element of `SurveyElements`; questions in the Trash block are left out.
A multiple-choice question with one answer is one column (its export tag) holding the choice's
recode value; with several answers, a column per choice (`Q5_<recode>` in current exports,
`Q5_<choice id>` in legacy ones) holding 1 when ticked. A matrix is a column per statement
(`Q7_<choice id>`, or its ChoiceDataExportTag, alone in legacy exports, after `Q7_` in current
ones) holding the scale point's recode value. Constant sum and text entry forms give a number
or text column per choice; a single text entry one column.
"""

from __future__ import annotations

from typing import Any

from evaluation.definitions.model import (
    YES,
    DefColumn,
    SurveyDefinition,
    answer_table,
    plain_text,
)
from evaluation.errors import ErrorCode, InputError
from evaluation.limits import limits, load_json

_SINGLE = {"SAVR", "SAHR", "SACOL", "DL", "SB", "NPS"}
_MULTI = {"MAVR", "MAHR", "MACOL", "MSB"}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(payload: dict[str, Any], key: str, order_key: str) -> list[tuple[str, dict[str, Any]]]:
    """Choices or answers in the tool's order (its order list, else by number)."""
    found = {str(k): _dict(v) for k, v in _dict(payload.get(key)).items()}
    order = [str(o) for o in payload.get(order_key) or [] if str(o) in found]
    rest = sorted(set(found) - set(order), key=lambda k: (len(k), k))
    return [(k, found[k]) for k in [*order, *rest]]


def _recode(payload: dict[str, Any], key: str) -> str:
    recodes = _dict(payload.get("RecodeValues"))
    return str(recodes.get(key, key))


def _trash(elements: list[Any]) -> set[str]:
    """The question ids in the survey's Trash block."""
    out: set[str] = set()
    for e in elements:
        if _dict(e).get("Element") != "BL":
            continue
        blocks = e.get("Payload")
        for block in blocks.values() if isinstance(blocks, dict) else blocks or []:
            block = _dict(block)
            if block.get("Type") == "Trash":
                out |= {str(_dict(b).get("QuestionID")) for b in block.get("BlockElements") or []}
    return out


def _columns(p: dict[str, Any], skipped: list[str]) -> list[DefColumn]:
    """The export columns of one question payload."""
    tag = str(p.get("DataExportTag") or p.get("QuestionID") or "")
    text = plain_text(p.get("QuestionText"))
    qtype, selector = p.get("QuestionType"), p.get("Selector")
    choices = _items(p, "Choices", "ChoiceOrder")
    if qtype == "DB" or qtype in ("Timing", "Meta", "Captcha"):
        return []
    if qtype == "MC" and selector in _SINGLE:
        answers, twice = answer_table([(_recode(p, k), c.get("Display")) for k, c in choices])
        return [DefColumn(tag, (tag,), text, "", "choice", answers, twice=twice)]
    if qtype == "MC" and selector in _MULTI:
        return [
            DefColumn(
                tag,
                tuple(dict.fromkeys((f"{tag}_{_recode(p, k)}", f"{tag}_{k}"))),
                text,
                plain_text(c.get("Display")),
                "checkbox",
                {"1": YES},
            )
            for k, c in choices
        ]
    if qtype == "Matrix" and selector == "Likert" and p.get("SubSelector") == "SingleAnswer":
        answers, twice = answer_table(
            [(_recode(p, k), a.get("Display")) for k, a in _items(p, "Answers", "AnswerOrder")]
        )
        tags = _dict(p.get("ChoiceDataExportTags"))
        out = []
        for k, c in choices:
            own = str(tags[k]) if tags.get(k) else ""
            names = (f"{tag}_{own}", own) if own else (f"{tag}_{k}",)
            item = plain_text(c.get("Display"))
            out.append(DefColumn(tag, names, text, item, "choice", answers, twice=twice))
        return out
    if qtype in ("CS", "Slider") or (qtype == "TE" and selector == "FORM"):
        kind = "text" if qtype == "TE" else "number"
        return [
            DefColumn(tag, (f"{tag}_{k}",), text, plain_text(c.get("Display")), kind)
            for k, c in choices
        ]
    if qtype == "TE":
        return [DefColumn(tag, (tag,), text, "", "text")]
    skipped.append(f"{tag} (vraagtype '{qtype}/{selector}')")
    return []


def read_qsf(data: bytes, name: str, sha256: str) -> SurveyDefinition:
    """The columns of a Qualtrics survey's response export, from its .qsf file."""
    what = f"Qualtrics-bestand '{name}'"
    most = limits().definition_elements  # an upper bound of the values, counted before parsing
    if data.count(b",") + data.count(b"[") + data.count(b"{") > most:
        raise InputError(ErrorCode.XML_TOO_MANY_ELEMENTS, what=what, limit=most)
    doc = load_json(data.removeprefix(b"\xef\xbb\xbf"), what, unique_keys=True, finite=True)
    elements = _dict(doc).get("SurveyElements")
    if not isinstance(elements, list):
        raise InputError(ErrorCode.QSF_NO_ELEMENTS, what=what)
    entry = _dict(_dict(doc).get("SurveyEntry"))
    trash = _trash(elements)
    columns: list[DefColumn] = []
    skipped: list[str] = []
    for e in elements:
        e = _dict(e)
        payload = _dict(e.get("Payload"))
        if e.get("Element") != "SQ" or str(payload.get("QuestionID")) in trash:
            continue
        columns += _columns(payload, skipped)
    language = str(entry.get("SurveyLanguage") or "").lower()
    return SurveyDefinition("Qualtrics", name, sha256, "qsf", language, columns, skipped)
