"""Errors a user can act on: a tree under `SptEvalError`, each error a code with plain parameters.

The Dutch sentence is made from the code only when the error is shown (`message`, the edge), as
intake's reasons are; the CLI prints it as one line and exits with code 2. `visible` and
`console_text` keep text from files from steering the terminal. One translator turns Pydantic
validation errors into `FieldProblem`s worded once per rule (`validation_problems`)."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

# C0/C1 controls, DEL, and the bidirectional overrides that can reorder a printed line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# errno -> the Dutch reason printed after "kan niet worden gelezen/geschreven: ".
OS_REASONS = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EACCES: "geen toegang (rechten)",
    errno.EPERM: "geen toegang (rechten)",
    errno.ENOSPC: "schijf vol",
    errno.EDQUOT: "schijfquotum vol",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.ELOOP: "symbolische koppeling, die niet wordt gevolgd",
    errno.EROFS: "alleen-lezen schijf",
    errno.ENAMETOOLONG: "naam te lang",
    errno.EMFILE: "te veel open bestanden",
    errno.EIO: "lees- of schrijffout van de schijf",
    errno.EFBIG: "bestand te groot",
    errno.ETXTBSY: "bestand is in gebruik",
    errno.EBUSY: "bestand is in gebruik",
    errno.EINVAL: "ongeldige naam of bewerking",
    errno.EXDEV: "verplaatsen tussen schijven kan niet",
    errno.EADDRINUSE: "al in gebruik door een ander programma",
    errno.EADDRNOTAVAIL: "dit adres hoort niet bij deze computer",
}


def visible(text: object) -> str:
    """Text with every control character written out (ESC as \\x1b): safe to print on one line."""

    def code(m: re.Match[str]) -> str:
        c = ord(m.group(0))
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _CONTROL.sub(code, str(text))


def console_text(text: object) -> str:
    """External text for a rich console: control characters visible and [markup] escaped."""
    from rich.markup import escape

    return escape(visible(text))


def os_reason(exc: OSError) -> str:
    """A file-system error in plain Dutch (never the library's English text)."""
    reason = OS_REASONS.get(exc.errno or -1)
    if reason:
        return reason
    name = errno.errorcode.get(exc.errno or -1)
    return f"besturingssysteemfout {name}" if name else "besturingssysteemfout"


class ErrorCode(StrEnum):
    """What went wrong, independent of its wording; `MESSAGES` words each code in Dutch."""

    TEXT = "text"  # a finished Dutch sentence (the call sites not yet converted to a code)
    INVALID_FILE = "invalid_file"
    FILE_TOO_BIG = "file_too_big"
    YAML_UNUSABLE = "yaml_unusable"
    YAML_INVALID = "yaml_invalid"
    YAML_NOT_MAPPING = "yaml_not_mapping"
    MAPPING_COLUMNS = "mapping_columns"
    MAPPING_ANSWERS = "mapping_answers"
    NO_GRADE_ITEM = "no_grade_item"
    MIN_N_OPTION = "min_n_option"
    YEAR_INVALID = "year_invalid"
    DESIGN_IMPOSSIBLE = "design_impossible"
    WRITE_FAILED = "write_failed"
    PORT_RANGE = "port_range"
    PORT_TAKEN = "port_taken"
    PORT_UNUSABLE = "port_unusable"


MAX_PROBLEMS = 10  # problems of one file named on its one line; the rest are counted

# The one wording of each code; `{name}` is filled from the error's parameters.
MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.TEXT: "{text}",
    ErrorCode.INVALID_FILE: "{what} '{file}' is ongeldig{problems}",
    ErrorCode.FILE_TOO_BIG: "{what} '{file}' is te groot (meer dan {kb} kB)",
    ErrorCode.YAML_UNUSABLE: "{what} '{file}' is geen bruikbare YAML: {reason}",
    ErrorCode.YAML_INVALID: "{what} '{file}' is geen geldige YAML: {reason}",
    ErrorCode.YAML_NOT_MAPPING: "{what} '{file}' bevat geen {expected}",
    ErrorCode.MAPPING_COLUMNS: (
        "koppelbestand '{file}' is ongeldig: onder 'columns' hoort per regel "
        "'kolom in het bestand: kolom in het codeboek'"
    ),
    ErrorCode.MAPPING_ANSWERS: (
        "koppelbestand '{file}' is ongeldig: onder 'answers' hoort per kolom "
        "'antwoordcode: code in het codeboek'"
    ),
    ErrorCode.NO_GRADE_ITEM: "geen enkele stelling van het rapportcijfer staat in het bestand",
    ErrorCode.MIN_N_OPTION: (
        "ongeldige instellingen: de minimale n (--min-n) moet minstens 1 zijn (nu: {value})"
    ),
    ErrorCode.YEAR_INVALID: "{what} {year} is geen geldig jaartal (tussen {low} en {high})",
    ErrorCode.DESIGN_IMPOSSIBLE: "{what} niet mogelijk: {reason}",
    ErrorCode.WRITE_FAILED: "kan niet schrijven in '{folder}': {reason}",
    ErrorCode.PORT_RANGE: "poort {port} bestaat niet (kies 1-65535)",
    ErrorCode.PORT_TAKEN: (
        "poort {port} is al in gebruik, door een ander programma of een monitor die al draait; "
        "kies een andere poort met --port (bijvoorbeeld --port {other})"
    ),
    ErrorCode.PORT_UNUSABLE: "poort {port} is niet te gebruiken: {reason}",
}

# The one wording of each Pydantic rule (its error type); `{name}` from the error's context.
RULES: dict[str, str] = {
    "missing": "dit veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout? controleer de naam)",
    "int_parsing": "hier hoort een geheel getal",
    "int_type": "hier hoort een geheel getal",
    "int_from_float": "hier hoort een geheel getal",
    "float_parsing": "hier hoort een getal",
    "float_type": "hier hoort een getal",
    "finite_number": "hier hoort een eindig getal",
    "bool_parsing": "hier hoort true of false",
    "bool_type": "hier hoort true of false",
    "string_type": "hier hoort een tekst",
    "string_too_short": "mag niet leeg zijn",
    "too_short": "de lijst is leeg",
    "list_type": "hier hoort een lijst",
    "dict_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "model_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "model_attributes_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "greater_than_equal": "moet minstens {ge} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "moet hooguit {le} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "literal_error": "kies uit {expected}",
    "enum": "kies uit {expected}",
    "value_error": "{error}",
    "wrong_kind": "verkeerd soort waarde",
    "invalid": "ongeldige waarde",
}
NO_VALUE_SHOWN = ("missing", "extra_forbidden")  # rules whose input is not worth repeating


@dataclass(frozen=True)
class FieldProblem:
    """One rule a field of a file breaks: where (Dutch, 'min_n' or 'service_points nr. 3
    (Twente), veld invited'), the rule (a key of `RULES`) and the plain values it names."""

    place: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)


def problem_text(problem: FieldProblem) -> str:
    """The Dutch reason of one problem, with the value found where it helps ('(nu: 0)')."""
    text = RULES.get(problem.rule, RULES["invalid"]).format_map(_Blank(problem.params))
    value = problem.params.get("value")
    if problem.rule not in NO_VALUE_SHOWN and isinstance(value, str | int | float):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        text += f" (nu: {shown})"
    return text


def problems_text(problems: tuple[FieldProblem, ...]) -> str:
    """Every problem of a file on one line: ' bij <place>: <reason>; bij ...' (at most
    MAX_PROBLEMS named, the rest counted)."""
    parts = [
        f"bij {p.place}: {problem_text(p)}" if p.place else problem_text(p)
        for p in problems[:MAX_PROBLEMS]
    ]
    if len(problems) > MAX_PROBLEMS:
        parts.append(f"en nog {len(problems) - MAX_PROBLEMS} fouten")
    if not parts:
        return ""
    return ("" if problems[0].place else ":") + " " + "; ".join(parts)


class _Blank(dict):
    """Format parameters where a missing name stays empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def message(code: ErrorCode, params: Mapping[str, Any]) -> str:
    """The Dutch sentence of an error: its code's wording filled with its parameters."""
    values = _Blank(params)
    if isinstance(values.get("problems"), tuple):
        values["problems"] = problems_text(values["problems"])
    return MESSAGES[code].format_map(values)


def _rebuild(cls: type[SptEvalError], code: ErrorCode, params: dict) -> SptEvalError:
    return cls(code, **params)


class SptEvalError(Exception):
    """The root of every error a user can act on: a code and its plain parameters.

    `SomeError(ErrorCode.X, name=value)` carries data; `SomeError("a Dutch sentence")` (the
    older form) is the code TEXT with that sentence. Shown with control characters written out."""

    def __init__(self, *args: object, **params: Any) -> None:
        if len(args) == 1 and isinstance(args[0], ErrorCode):
            self.code, self.params = args[0], params
        else:
            self.code, self.params = ErrorCode.TEXT, {"text": " ".join(str(a) for a in args)}
        super().__init__(*args)

    def __str__(self) -> str:
        return visible(message(self.code, self.params))

    def __reduce__(self) -> tuple:  # across processes (the web worker) with its parameters
        return _rebuild, (type(self), self.code, self.params)


class InputError(SptEvalError):
    """A file or setting the user supplied cannot be used (unreadable, wrong format, broken)."""


class CodebookError(InputError):
    """The questionnaire definition (codebook YAML) is broken."""


class SettingsError(InputError):
    """The analysis settings (settings.yaml, or an option given on the command line) are wrong."""


class ExportError(InputError):
    """The survey export cannot be read or used as a whole (a bad row is a row fault instead)."""


class StoreError(SptEvalError):
    """The store of waves cannot do what was asked (a missing wave, a refused replacement)."""


class DesignError(SptEvalError, ValueError):
    """A survey design or estimator was given data it cannot work with."""


def validation_problems(errors: list[dict], raw: Any = None) -> tuple[FieldProblem, ...]:
    """Every error of a Pydantic `ValidationError.errors()` as a FieldProblem: the one
    translator. With the file's `raw` data, list entries are named ('nr. 3 (Twente)')."""
    return tuple(FieldProblem(_place(_loc(err), raw), _rule(err), _params(err)) for err in errors)


def _loc(err: Mapping) -> tuple:
    loc = err.get("loc", ())
    return tuple(x for x in loc if not (isinstance(x, str) and x.startswith("function-")))


def _rule(err: Mapping) -> str:
    kind = str(err.get("type", ""))
    if kind in RULES:
        return kind
    return "wrong_kind" if kind.endswith(("_type", "_parsing")) else "invalid"


def _params(err: Mapping) -> dict[str, Any]:
    ctx = dict(err.get("ctx") or {})
    out: dict[str, Any] = {k: _plain(ctx[k]) for k in ("ge", "gt", "le", "lt") if k in ctx}
    if "expected" in ctx:
        out["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", " of ")
    if "error" in ctx:
        out["error"] = str(ctx["error"])
    value = err.get("input")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        out["value"] = value
    return out


def _plain(bound: Any) -> Any:
    """A bound as the user would write it: 1, not 1.0."""
    return int(bound) if isinstance(bound, float) and bound.is_integer() else bound


def _place(loc: tuple, raw: Any) -> str:
    """'service_points nr. 3 (Twente), veld invited': list entries count from 1, by name."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            name = (entry.get("name") or entry.get("id")) if isinstance(entry, dict) else None
            parts.append(f"nr. {key + 1}" + (f" ({name})" if name else ""))
            node = entry
        else:
            parts.append(str(key) if not parts else f"veld {key}")
            node = node.get(key) if isinstance(node, dict) else None
    return " ".join(parts).replace(" veld", ", veld")


def dutch_reason(err: Mapping) -> str:
    """One Pydantic error (an item of `ValidationError.errors()`) as its Dutch reason."""
    return problem_text(FieldProblem("", _rule(err), _params(err)))


def field_of(err: Mapping) -> str:
    """The dotted field name of a Pydantic error ('inputs.survey.name')."""
    return ".".join(str(x) for x in _loc(err)) or "(geheel)"


YEARS = range(1900, 3000)  # a survey year outside these is a typing error, not a survey


def check_year(year: int, what: str = "jaar") -> int:
    """`year` when it is a plausible survey year; else InputError (before it reaches SQLite,
    which cannot hold a 20-digit number, or a folder name)."""
    if year not in YEARS:
        shown = str(year) if len(str(year)) <= 12 else f"{str(year)[:12]}..."
        raise InputError(
            ErrorCode.YEAR_INVALID, what=what, year=shown, low=YEARS.start, high=YEARS.stop - 1
        )
    return year


@contextmanager
def explained_design_errors(what: str = "analyse") -> Iterator[None]:
    """A design that cannot be estimated (e.g. a lonely SPT under 'fail') is a user error."""
    try:
        yield
    except DesignError as exc:
        raise InputError(ErrorCode.DESIGN_IMPOSSIBLE, what=what, reason=str(exc)) from None


@contextmanager
def explained_write_errors(folder: str | Path) -> Iterator[None]:
    """An output folder that cannot be written is a user error, not a traceback."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, FileExistsError | NotADirectoryError):
            why = "er staat al een bestand met die naam"
        else:
            why = os_reason(exc)
        raise InputError(ErrorCode.WRITE_FAILED, folder=str(folder), reason=why) from None
