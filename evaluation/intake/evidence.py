"""What a column's own contents prove: tool metadata, answer codes without labels, answer texts
that are a question's labels, a ticked option's own text. `propose` and `validate` decide on
these facts only; column order is never evidence.
"""

from __future__ import annotations

import re

import numpy as np

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, normalise
from evaluation.intake.answers import Resolver
from evaluation.intake.columns import match_key
from evaluation.tables.raw import RawTable

# Headings of columns a survey tool adds about the response, not about the questionnaire.
META_NAME = re.compile(
    r"\b(start|end|submit|stage|recorded|completion|last|modified)?\s*(date|datum|time|tijd|"
    r"tijdstip|tijdstempel|timestamp|begintijd|datestamp|submitdate|startdate)\b|\b(ip|ipaddr|"
    r"ip address|e ?mail|email address|e mailadres|progress|voortgang|duration|duur|"
    r"interviewtime|last ?page|lastpage|seed|token|start ?language|startlanguage|language|"
    r"taal|status|finished|distribution ?channel|latitude|longitude|referr?er url|refurl|"
    r"collector id|network id|response type|tags|ending|user ?language|first name|last name|"
    r"custom data \d+|recipient \w+|external ?reference)\b"
)
DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?\s*([AP]M)?)?$")
IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$|^(?=.*:.*:)[0-9a-f:]{6,}$", re.IGNORECASE)
MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
CODE = re.compile(r"^(A|AO|SQ)\d+$|^-?\d+$", re.IGNORECASE)


def present(raw: RawTable, column: str, rows: np.ndarray | None = None) -> list[str]:
    """The distinct non-empty answers of a column's rows (not of rows taken as headings);
    `rows`: only these (a mask of the respondents' rows)."""
    codes = raw.codes[column] if rows is None else raw.codes[column][rows]
    used = np.unique(codes[codes >= 0])
    uniques = raw.uniques[column]
    return sorted({str(uniques[i]).strip() for i in used.tolist()} - {""})


def respondent_rows(raw: RawTable, names: set[str]) -> np.ndarray | None:
    """The rows naming a service point of the register (`names` folded) in the column where
    most rows do: a respondent's rows. A totals row, a repeated heading or a row of column
    numbers names none, and its cells are no evidence of what a column holds. None when no
    column names service points for half the rows (an SPT given as codes)."""
    best: np.ndarray | None = None
    for c in raw.columns:
        hits = [i for i, u in enumerate(raw.uniques[c]) if match_key(u) in names]
        if hits:
            mask = np.isin(raw.codes[c], hits)
            if best is None or mask.sum() > best.sum():
                best = mask
    return best if best is not None and best.sum() >= 0.5 * raw.rows else None


def metadata_kind(name: str, values: list[str]) -> str | None:
    """Why a column is the tool's metadata ('datum', 'IP-adres', 'e-mail', ...), or None."""
    key = match_key(name)
    if values:
        for kind, pattern in (("datum en tijd", DATE), ("IP-adres", IP), ("e-mailadres", MAIL)):
            if sum(1 for v in values if pattern.match(v)) >= 0.9 * len(values):
                return kind
    m = META_NAME.search(key)
    return f"gegevens van de enquêtetool ('{m.group(0).strip()}')" if m else None


def are_codes(values: list[str]) -> bool:
    """Every answer is a bare code (A1, AO01, 3): a code of the tool, not a label."""
    return bool(values) and all(CODE.match(v) for v in values)


def free_text(values: list[str]) -> bool:
    """Answers written by people: several different ones, most of three words or more, none
    a number, a date, an address or a bare code."""
    if len(values) < 2 or any(metadata_kind("", [v]) or are_codes([v]) for v in values):
        return False
    return sum(1 for v in values if len(v.split()) >= 3) >= 0.5 * len(values)


def code_examples(values: list[str], k: int = 3) -> str:
    return ", ".join(sorted(values, key=lambda v: (len(v), v))[:k])


class Labels:
    """Whether answers are a scale's labels (or their aliases): texts, never codes."""

    def __init__(self, codebook: Codebook) -> None:
        self.questions = codebook.column_question()
        self.resolvers = {
            q.id: Resolver(codebook.scale_of(q))
            for q in codebook.questions
            if q.type in ("single", "multi")
        }

    def fit(self, column: str, values: list[str], fallback: dict[str, str]) -> bool:
        """All answers are labels of the column's scale (a ticked box may hold its option)."""
        q = self.questions[column]
        resolver = self.resolvers.get(q.id)
        if resolver is None or not values:
            return False
        own = {match_key(q.items[column])} if q.items else set()
        for v in values:
            if match_key(v) in own:
                continue
            if CODE.match(v):
                return False
            word = fallback.get(v)  # a tool's code for the label is no evidence; 'Y' -> 'ja' is
            if resolver.resolve(v, None if word is None or CODE.match(word) else word)[2]:
                return False
        return True

    def expected(self, column: str) -> list[str]:
        """The answers the codebook expects for a column, for the user to compare."""
        q = self.questions[column]
        if q.type == "allocation":
            return [f"0-{q.total:g} (%)"]
        if q.type == "text":
            return ["vrije tekst"]
        scale = self.resolvers[q.id].scale
        return [*scale.codes.values(), *scale.missing.values()]


def tick_texts(raw: RawTable, codebook: Codebook, column_map: dict[str, str]) -> None:
    """A ticked box that holds its own option's text counts as ticked (code of 'ja')."""
    questions = codebook.column_question()
    for rawname, target in column_map.items():
        q = questions.get(target)
        if q is None or q.type != "multi" or not q.items:
            continue
        scale = codebook.scale_of(q)
        ticked = next((str(c) for c, lab in scale.codes.items() if normalise(lab) == "ja"), None)
        if ticked is None:
            continue
        own = match_key(q.items[target])
        for u in raw.uniques.get(rawname, []):
            if match_key(u) == own:
                raw.value_codes.setdefault(rawname, {}).setdefault(u, ticked)


def coded_columns(
    raw: RawTable,
    codebook: Codebook,
    column_map: dict[str, str],
    tool: str,
    rows: np.ndarray | None = None,
) -> list[str]:
    """Columns of closed questions holding a survey tool's answer codes (A1, AO01, its own
    1..n) without their labels: all answers codes, or bare codes beside labels (a label the
    export lost). The codebook's own format (no tool recognised) and codes whose labels the
    file holds (.sav, mapping.yaml answer codes) are read as they are; a ticked box's 1 too.
    `rows`: the rows that count (a totals row's numbers are no answer codes)."""
    if not tool:
        return []
    questions = codebook.column_question()
    coded = []
    defined = getattr(codebook, "answer_codes", {}) or {}
    for rawname, target in column_map.items():
        q = questions.get(target)
        if q is None or q.type not in ("single", "multi") or rawname in defined:
            continue
        given = raw.value_codes.get(rawname, {})
        scale = codebook.scale_of(q)
        texts = [*scale.codes.values(), *scale.missing.values()]
        labels = {
            normalise(t) for t in texts + [a for t in texts for a in scale.label_aliases.get(t, [])]
        }
        values = [v for v in present(raw, rawname, rows) if v not in given]
        codes = {v for v in values if CODE.match(v) and normalise(v) not in labels}
        if codes and not (q.type == "multi" and codes <= {"1"}):
            coded.append(rawname)
    return coded


def refuse_codes(
    raw: RawTable,
    codebook: Codebook,
    column_map: dict[str, str],
    tool: str,
    rows: np.ndarray | None = None,
) -> None:
    """A survey tool's answer codes are not the codebook's codes: stop with one Dutch line
    asking for the questionnaire file or a full-text export (`coded_columns` says which)."""
    coded = coded_columns(raw, codebook, column_map, tool, rows)
    if coded:
        raise codes_error(tool, coded, "spt-eval map BESTAND --survey-file VRAGENLIJST")


DEFINITIONS = {"LimeSurvey": ".lss", "Qualtrics": ".qsf"}  # the tool's questionnaire file


# A tool's question code as a heading: Q8[SQ003], G01Q03, Q3_1 (not a text a person reads)
CODE_HEADING = re.compile(r"^[A-Za-z]+[0-9][A-Za-z0-9_]*(\[[A-Za-z0-9_]+\])?$")


def code_heading(name: str, tool: str) -> bool:
    """The heading is the question code of a tool whose questionnaire file names it."""
    return tool in DEFINITIONS and bool(CODE_HEADING.match(name.strip()))


def headings_error(tool: str, columns: list[str], command: str = "--survey-file") -> InputError:
    """Stop: question codes as headings; only the questionnaire file says which is which."""
    first = ", ".join(f"'{c}'" for c in columns[:3]) + (", ..." if len(columns) > 3 else "")
    return InputError(
        ErrorCode.HEADINGS_ARE_CODES,
        count=len(columns),
        columns=first,
        tool=tool,
        extension=DEFINITIONS[tool],
        command=command,
    )


def row_deleted_error(tool: str, unnamed: list[str]) -> InputError:
    """Stop: the export's second heading row (its rows and options) was deleted, so numbers
    under an empty heading are not answer codes: only that row or a new export can say."""
    first = ", ".join(f"'{c}'" for c in unnamed[:3]) + (", ..." if len(unnamed) > 3 else "")
    return InputError(ErrorCode.HEADING_ROW_DELETED, count=len(unnamed), columns=first, tool=tool)


def codes_error(tool: str, coded: list[str], command: str = "--survey-file") -> InputError:
    """The error for answer codes without their texts, naming what the user can give."""
    first = ", ".join(f"'{c}'" for c in coded[:3]) + (", ..." if len(coded) > 3 else "")
    if tool and tool not in DEFINITIONS:
        return InputError(ErrorCode.CODES_WITHOUT_TEXT, count=len(coded), columns=first, tool=tool)
    return InputError(
        ErrorCode.CODES_NEED_DEFINITION if tool else ErrorCode.CODES_NEED_ANY_DEFINITION,
        count=len(coded),
        columns=first,
        tool=tool,
        extension=DEFINITIONS.get(tool, ""),
        command=command,
    )


def survey_file_helps(stop: InputError | None) -> bool:
    """Whether the stop asks for the tool's questionnaire file (question or answer codes
    without their texts), not for another export (headings cut short, a deleted heading row,
    codes of a tool without such a file): what the page offers beside the stop."""
    asks = {
        ErrorCode.HEADINGS_ARE_CODES,
        ErrorCode.CODES_NEED_DEFINITION,
        ErrorCode.CODES_NEED_ANY_DEFINITION,
    }
    return stop is not None and stop.code in asks
