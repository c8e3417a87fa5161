"""Errors a user can act on (takes: what went wrong; gives: the error and its one Dutch line).

A tree under `SptEvalError`; each error is a code with plain parameters, and its Dutch sentence
is made from the code only when it is shown (`fields.message`, worded in `catalogue`), as intake's
reasons are; the CLI prints it as one line and exits with code 2. `fields.validation_problems` is
the one translator of Pydantic errors. `visible` and `console_text` keep text from files from
steering the terminal."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evaluation.errors.catalogue import MAX_PROBLEMS, MESSAGES, RULES, ErrorCode
from evaluation.errors.fields import (
    FieldProblem,
    dutch_reason,
    field_of,
    message,
    problem_text,
    rule_error,
    validation_problems,
    worded,
)

__all__ = [
    "MAX_PROBLEMS",
    "MESSAGES",
    "OS_REASONS",
    "RULES",
    "CodebookError",
    "DesignError",
    "ErrorCode",
    "ExportError",
    "FieldProblem",
    "InputError",
    "SettingsError",
    "SptEvalError",
    "StoreError",
    "check_year",
    "console_text",
    "dutch_reason",
    "explained_design_errors",
    "explained_write_errors",
    "field_of",
    "message",
    "os_reason",
    "problem_text",
    "rule_error",
    "validation_problems",
    "visible",
    "worded",
]

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


def _rebuild(cls: type[SptEvalError], code: ErrorCode, params: dict) -> SptEvalError:
    return cls(code, **params)


class SptEvalError(Exception):
    """The root of every error a user can act on: a code and its plain parameters.

    `SomeError(ErrorCode.X, name=value)`: the sentence is made from the code only when shown
    (never passed in finished); shown with control characters written out."""

    def __init__(self, code: ErrorCode, /, **params: Any) -> None:
        if not isinstance(code, ErrorCode):
            raise TypeError("an SptEvalError carries an ErrorCode and its parameters, not a text")
        self.code, self.params = code, params
        super().__init__(code)

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
        raise InputError(ErrorCode.DESIGN_IMPOSSIBLE, what=what, reason=exc) from None


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
