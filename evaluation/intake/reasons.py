"""Why a row or an answer was not used: a reason code with plain parameters, and its Dutch text.

Intake records only codes and parameters; the Dutch sentence is made here, at the edge, by
`reason_text`. The public appendix uses `reason_label`, which never contains a raw value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from evaluation.tables.faults import LABELS as READ_LABELS
from evaluation.tables.faults import fault_text
from evaluation.tables.raw import RowFault


class Code(StrEnum):
    """Reason codes: exclusions (test or unfinished responses, set aside without fault), row
    faults (the row goes to the quarantine), then item faults."""

    PREVIEW = "preview"
    TEST_RESPONSE = "test_response"  # no longer made (suspects lists them); in older stores
    NOT_FINISHED = "not_finished"
    PROGRESS = "progress"
    NOT_SUBMITTED = "not_submitted"
    LAST_PAGE = "last_page"
    CONFIRMED = "confirmed"  # a suspect row the user confirmed as a test or unfinished
    SUSPECT_TEST = "suspect_test"  # a warning: the row may be a test (tool not recognised)
    SUSPECT_UNFINISHED = "suspect_unfinished"  # a warning: the export cannot tell
    SUSPECT_SAME_ADDRESS = "suspect_same_address"  # a warning: one e-mail on several rows
    SUSPECT_NAMED = "suspect_named"  # a warning: an address where the other rows are anonymous

    ROW_FAULT = "row_fault"
    OPEN_QUOTE = "open_quote"
    STRAY_QUOTE = "stray_quote"
    CELL_TOO_LONG = "cell_too_long"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    MISSING_ID = "missing_id"
    DUPLICATE_ID = "duplicate_id"
    MISSING_SPT = "missing_spt"
    UNKNOWN_SPT = "unknown_spt"
    NO_ANSWER = "no_answer"
    NOT_ON_SCALE = "not_on_scale"
    UNKNOWN_ANSWER = "unknown_answer"
    UNDEFINED_CODE = "undefined_code"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    ALLOCATION_SUM = "allocation_sum"
    TOO_MANY_CHOICES = "too_many_choices"


@dataclass(frozen=True)
class Fault:
    """One reason, as found by a check: its code and the plain values that explain it."""

    code: Code
    params: dict[str, Any] = field(default_factory=dict)


class _Coded(Protocol):
    code: Code
    params: dict[str, Any]


EXCLUSIONS = (
    Code.PREVIEW,
    Code.TEST_RESPONSE,
    Code.NOT_FINISHED,
    Code.PROGRESS,
    Code.NOT_SUBMITTED,
    Code.LAST_PAGE,
    Code.CONFIRMED,
)

LABELS: dict[Code, str] = {
    Code.PREVIEW: "testvoorbeeld of spam volgens de enquêtetool",
    Code.TEST_RESPONSE: "testantwoord (nummer, naam of e-mail lijkt op een test)",
    Code.NOT_FINISHED: "niet afgemaakt volgens de enquêtetool",
    Code.PROGRESS: "voortgang onder 100%",
    Code.NOT_SUBMITTED: "niet verzonden (geen verzenddatum)",
    Code.LAST_PAGE: "gestopt voor de laatste pagina",
    Code.CONFIRMED: "door de gebruiker bevestigd als test of niet afgemaakt",
    Code.SUSPECT_TEST: "lijkt op een test (nog te bevestigen)",
    Code.SUSPECT_UNFINISHED: "mogelijk niet afgemaakt (nog te bevestigen)",
    Code.SUSPECT_SAME_ADDRESS: "zelfde e-mailadres op meer rijen (nog te bevestigen)",
    Code.SUSPECT_NAMED: "e-mailadres in een verder anonieme export (nog te bevestigen)",
    Code.ROW_FAULT: READ_LABELS[Code.ROW_FAULT.value],
    Code.OPEN_QUOTE: READ_LABELS[Code.OPEN_QUOTE.value],
    Code.STRAY_QUOTE: READ_LABELS[Code.STRAY_QUOTE.value],
    Code.CELL_TOO_LONG: READ_LABELS[Code.CELL_TOO_LONG.value],
    Code.FORMULA_WITHOUT_VALUE: READ_LABELS[Code.FORMULA_WITHOUT_VALUE.value],
    Code.MISSING_ID: "respondentnummer ontbreekt",
    Code.DUPLICATE_ID: "respondentnummer komt al voor in een eerdere rij",
    Code.MISSING_SPT: "servicepunt ontbreekt",
    Code.UNKNOWN_SPT: "onbekend servicepunt",
    Code.NO_ANSWER: "geen enkele vraag (geldig) beantwoord",
    Code.NOT_ON_SCALE: "waarde ligt buiten de schaal",
    Code.UNKNOWN_ANSWER: "onbekend antwoord",
    Code.UNDEFINED_CODE: "antwoordcode staat niet in de vragenlijst",
    Code.NOT_A_NUMBER: "geen getal (percentage verwacht)",
    Code.OUT_OF_RANGE: "percentage ligt buiten het bereik",
    Code.TOO_LONG: "tekst is te lang",
    Code.ALLOCATION_SUM: "verdeling telt niet op tot het totaal",
    Code.TOO_MANY_CHOICES: "meer keuzes aangevinkt dan toegestaan",
}


def reason_label(code: Code | str) -> str:
    """The Dutch label of a reason code, without any value from the file (for public use)."""
    return LABELS[Code(code)]


def _shown(value: object) -> str:
    """A raw value inside a sentence: on one line, so one reason is always one line."""
    return " ".join(str(value).splitlines())


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_scale(valid: list[int], missing: dict[str, str]) -> str:
    """'1-5 of de antwoordtekst; 9 = weet niet' for use in a reason."""
    codes = sorted(valid)
    if codes == list(range(codes[0], codes[-1] + 1)) and len(codes) > 2:
        text = f"{codes[0]}-{codes[-1]}"
    else:
        text = ", ".join(map(str, codes))
    text += " of de antwoordtekst"
    if missing:
        pairs = sorted(missing.items(), key=lambda kv: int(kv[0]))
        text += "; " + ", ".join(f"{c} = {label}" for c, label in pairs)
    return text


def reason_text(problem: _Coded) -> str:
    """The Dutch sentence for a reason (a `Problem` or a `Fault`), with the values it names."""
    p = problem.params
    code = Code(problem.code)
    if code.value in READ_LABELS:  # a fault found while reading the row: worded by tables
        return fault_text(RowFault(code.value, p))
    if code is Code.PREVIEW:
        return (
            f"{p['column']} is '{_shown(p['value'])}': een testvoorbeeld of spam, geen respondent"
        )
    if code is Code.TEST_RESPONSE:
        return (
            f"{p['column']} '{_shown(p['value'])}' lijkt op een test "
            f"({p.get('rule', 'testpatroon in settings.yaml')})"
        )
    if code is Code.NOT_FINISHED:
        return f"{p['column']} is '{_shown(p['value'])}': de vragenlijst is niet afgemaakt"
    if code is Code.PROGRESS:
        return f"voortgang {_number(p['value'])}% (kolom {p['column']}): niet afgemaakt"
    if code is Code.NOT_SUBMITTED:
        return f"kolom {p['column']} is leeg: de vragenlijst is niet verzonden"
    if code is Code.LAST_PAGE:
        return f"gestopt op pagina {_number(p['value'])} van {_number(p['last'])} ({p['column']})"
    if code is Code.CONFIRMED:
        where = f" ({p['file']})" if p.get("file") else ""
        if p.get("was") in {c.value for c in Code}:  # the evidence the decision was made on
            inner = {k: v for k, v in p.items() if k not in ("file", "was")}
            return f"bevestigd als test of niet afgemaakt{where}: " + reason_text(
                Fault(Code(p["was"]), inner)
            )
        return f"bevestigd als test of niet afgemaakt{where}"
    if code is Code.SUSPECT_TEST:
        if p.get("strength") == "sterk" and p.get("rule") == "pattern":
            return (
                f"{p['column']} '{_shown(p['value'])}' bevat het woord van het testpatroon "
                "(sterk bewijs)"
            )
        if p.get("strength") == "sterk":
            return f"{p['column']} is '{_shown(p['value'])}': alleen een testwaarde (sterk bewijs)"
        return f"{p['column']} '{_shown(p['value'])}' lijkt op een test (zwak bewijs)"
    if code is Code.SUSPECT_UNFINISHED:
        filled = "1 vraag" if p["answered"] == 1 else f"{p['answered']} vragen"
        return (
            f"{filled} beantwoord, waar de meeste rijen er {p['typical']} beantwoorden: "
            "afgebroken, minder dan de helft (de export zegt het niet; sterk bewijs)"
        )
    if code is Code.SUSPECT_SAME_ADDRESS:
        return (
            f"{p['column']} '{_shown(p['value'])}' staat ook op rij {p['first_row']}: een test van "
            "de eigenaar of een tweede inzending?"
        )
    if code is Code.SUSPECT_NAMED:
        return (
            f"{p['column']} '{_shown(p['value'])}' waar {p['anonymous']} rijen anoniem zijn: een "
            "test van de eigenaar of van een collega?"
        )
    if code is Code.DUPLICATE_ID:
        return f"respondentnummer '{_shown(p['id'])}' komt al voor in rij {p['first_row']}"
    if code is Code.UNKNOWN_SPT:
        text = f"onbekend servicepunt '{_shown(p['value'])}'"
        if p.get("now"):
            return (
                f"{text}: de vroegere naam van {_shown(p['now'])} (previous_names); gebruikt de "
                f"export die naam nog, zet hem dan ook onder aliases van {_shown(p['now'])}"
            )
        if p.get("register"):
            text += f"; voeg het toe aan {p['register']} (onder service_points of als aliases)"
        return text
    if code is Code.NOT_ON_SCALE:
        scale = describe_scale(p["valid"], p["missing"])
        return f"waarde '{_shown(p['value'])}' ligt buiten de schaal (geldig: {scale})"
    if code is Code.UNKNOWN_ANSWER:
        scale = describe_scale(p["valid"], p["missing"])
        return f"onbekend antwoord '{_shown(p['value'])}' (geldig: {scale})"
    if code is Code.UNDEFINED_CODE:
        return (
            f"antwoordcode '{_shown(p['value'])}' staat niet in de vragenlijst "
            f"({_shown(p['source'])}); de betekenis is onbekend"
        )
    if code in (Code.NOT_A_NUMBER, Code.OUT_OF_RANGE):
        if code is Code.NOT_A_NUMBER:
            text = f"'{_shown(p['value'])}' is geen getal (percentage verwacht)"
        else:
            text = f"percentage '{_shown(p['value'])}' ligt buiten 0-{_number(p['total'])}"
        if "allocation" in p:
            text = (
                f"{p['cell']}: {text}; daarom telt de hele verdeling '{p['allocation']}' niet mee"
            )
        return text
    if code is Code.TOO_LONG:
        return f"tekst is langer dan {p['max']} tekens ({p['length']})"
    if code is Code.ALLOCATION_SUM:
        return (
            f"verdeling '{p['allocation']}' telt op tot {_number(p['sum'])} in plaats van "
            f"{_number(p['total'])} (±{_number(p['tolerance'])}); "
            f"de {p['items']} onderdelen tellen niet mee"
        )
    if code is Code.TOO_MANY_CHOICES:
        return (
            f"bij '{p['question']}' zijn {p['chosen']} keuzes aangevinkt, hoogstens "
            f"{p['max']} mag; de hele vraag telt niet mee"
        )
    return LABELS[code]
