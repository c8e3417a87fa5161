"""Errors a user can act on, in Dutch. The CLI prints their message as one line and exits with
code 2; `visible` and `console_text` keep text from files from steering the terminal."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


def dutch_reason(err: dict) -> str:
    """One Pydantic error (an item of `ValidationError.errors()`) as a Dutch reason."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    reasons = {
        "greater_than": f"moet groter zijn dan {ctx.get('gt')}",
        "greater_than_equal": f"mag niet kleiner zijn dan {ctx.get('ge')}",
        "less_than": f"moet kleiner zijn dan {ctx.get('lt')}",
        "less_than_equal": f"mag niet groter zijn dan {ctx.get('le')}",
        "string_too_short": "naam ontbreekt",
        "too_short": "de lijst is leeg",
        "missing": "ontbreekt",
        "extra_forbidden": "onbekende sleutel",
        "finite_number": "moet een eindig getal zijn",
        "dict_type": "moet een object zijn ('naam: waarde')",
        "model_type": "moet een object zijn ('naam: waarde')",
        "list_type": "moet een lijst zijn",
    }
    if kind in reasons:
        return reasons[kind]
    if kind == "value_error" and "error" in ctx:
        return visible(ctx["error"])
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "verkeerd soort waarde"
    return "ongeldige waarde"


def field_of(err: dict) -> str:
    """The dotted field name of a Pydantic error ('inputs.survey.name')."""
    return ".".join(str(x) for x in err.get("loc", ())) or "(geheel)"


class InputError(Exception):
    """A file or setting the user supplied cannot be used (unreadable, wrong format, broken).

    Its text is shown with control characters written out, whatever went into the message."""

    def __str__(self) -> str:
        return visible(" ".join(str(a) for a in self.args))


class CodebookError(InputError):
    """The questionnaire definition (codebook YAML) is broken."""


YEARS = range(1900, 3000)  # a survey year outside these is a typing error, not a survey


def check_year(year: int, what: str = "jaar") -> int:
    """`year` when it is a plausible survey year; else InputError (before it reaches SQLite,
    which cannot hold a 20-digit number, or a folder name)."""
    if year not in YEARS:
        shown = str(year) if len(str(year)) <= 12 else f"{str(year)[:12]}..."
        raise InputError(
            f"{what} {shown} is geen geldig jaartal (tussen {YEARS.start} en {YEARS.stop - 1})"
        )
    return year


class DesignError(ValueError):
    """A survey design or estimator was given data it cannot work with."""


@contextmanager
def explained_design_errors(what: str = "analyse") -> Iterator[None]:
    """A design that cannot be estimated (e.g. a lonely SPT under 'fail') is a user error."""
    try:
        yield
    except DesignError as exc:
        raise InputError(f"{what} niet mogelijk: {exc}") from None


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
        raise InputError(f"kan niet schrijven in '{folder}': {why}") from None
