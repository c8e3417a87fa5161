"""Privacy helpers for every output: keyed pseudonyms, masking of free text, safe spreadsheet cells.

Bottom layer: imports nothing from the package except errors, so any writer can use it.

What `mask_text` catches (and what it does not) is listed in its docstring; it is a safety net
for remarks, not a guarantee. Free text still goes out only where the report allows it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from pathlib import Path

from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.limits import read_file

KEY_ENV = "SPT_EVAL_KEY"
MIN_KEY_LENGTH = 16
KEY_FILE_BYTES = 64 * 1024  # a key is a line of text; more is not a key file
PSEUDONYM_PREFIX = "R-"
PSEUDONYM_HEX = 12

MASK_NAME = "[naam]"
MASK_EMAIL = "[e-mail]"
MASK_PHONE = "[telefoon]"

# Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters an XLSX cell cannot hold (XML 1.0 forbids them; openpyxl refuses them).
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Pseudonyms


def default_key_path() -> Path:
    """~/.config/spt-eval/key (or $XDG_CONFIG_HOME/spt-eval/key)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "spt-eval" / "key"


def _create_key_file(path: Path) -> None:
    """Write 32 random bytes (hex) to a new file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")


def load_key(path: str | Path | None = None, *, create: bool = True) -> bytes:
    """The pseudonymisation key: from `path` if given, else $SPT_EVAL_KEY, else the local key file.

    A missing key file is created with a random key (mode 0600) unless `create` is False.
    The key itself is never printed, logged or written anywhere else.
    """
    if path is None:
        env = os.environ.get(KEY_ENV, "").strip()
        if env:
            return _checked(env, ErrorCode.KEY_TOO_SHORT_IN_SETTING, variable=KEY_ENV)
        path = default_key_path()
    p = Path(path)
    if not p.exists():
        if not create:
            raise InputError(ErrorCode.KEY_FILE_MISSING, file=str(p))
        try:
            _create_key_file(p)
        except FileExistsError:
            pass  # created by a parallel run between the check and the open
        except OSError as exc:
            raise InputError(
                ErrorCode.KEY_FILE_NOT_MADE, file=str(p), reason=os_reason(exc)
            ) from None
    data = read_file(p, "sleutelbestand", max_bytes=KEY_FILE_BYTES)  # a device is refused
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise InputError(ErrorCode.KEY_FILE_NOT_TEXT, file=str(p)) from None
    return _checked(text, ErrorCode.KEY_TOO_SHORT_IN_FILE, file=str(p))


def _checked(text: str, short: ErrorCode, **where: str) -> bytes:
    """The key as bytes; the error `short`, naming where the key came from, when too short."""
    if len(text) < MIN_KEY_LENGTH:
        raise InputError(short, least=MIN_KEY_LENGTH, **where)
    return text.encode("utf-8")


def pseudonym(respondent_id: object, key: bytes) -> str:
    """Keyed HMAC-SHA256 of the id, e.g. 'R-3f9a0c1b2d4e': stable per key, not reversible."""
    if not key:
        raise ValueError("an empty key gives no protection")
    text = str(respondent_id).strip()
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX]


# ---------------------------------------------------------------------------------------------
# Masking free text

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Dutch numbers: 0 / +31 / 0031, optional (0), then nine digits with spaces or dashes between.
# Other international numbers: + country code and 7-13 further digits.
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+31|0031)[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){8}"
    r"|0\d(?:[ -]?\d){8}"
    r"|\+\d{1,3}[ -]?(?:\d[ -]?){6,12}\d"
    r")(?!\w)"
)
_PHONE_PARENS = re.compile(r"(?<!\w)\(0\d{1,3}\)[ -]?\d(?:[ -]?\d){5,7}(?!\w)")

_TUSSEN = r"(?:van|von|de|der|den|ten|ter|te|het|'t|op|in|la|le|du|da|di|d'|v\.d\.|vd)"
_TUSSEN_SEQ = rf"(?:{_TUSSEN}\s+){{1,3}}"
_SURNAME = rf"[{_UP}][{_LO}'’]+(?:-(?:{_TUSSEN}\s+)?[{_UP}][{_LO}'’]+)?"
_GIVEN = rf"[{_UP}][{_LO}]+"
_INITIALS = rf"(?:[{_UP}]\.\s?){{1,4}}"
_TITLE = (
    r"(?:[Dd]hr\.?|[Mm]evr\.?|[Mm]w\.?|[Mm]eneer|[Mm]evrouw|[Dd]e heer|[Dd]e mevrouw|"
    r"[Dd]rs\.?|[Ii]r\.?|[Dd]r\.?|[Mm]r\.?|[Ii]ng\.?|[Pp]rof\.?)"
)

# Capitalised words that start many Dutch phrases but are not given names; they never count
# as the first word of "Given tussenvoegsel Surname" (e.g. "Regio van Amsterdam").
_NOT_GIVEN = frozenset(
    (
        "de het een in op bij voor met van naar om door uit over tot als dat die dit deze er "
        "ook maar en of want regio gemeente provincie stad servicepunt spt uwv fonds stichting "
        "bureau afdeling ministerie team werkplein noord zuid oost west midden groot klein oud "
        "nieuw sint hof land rijk raad kamer college directeur manager projectleider "
        "contactpersoon wethouder burgemeester namens via zie graag vraag bel mail contact"
    ).split()
)

# Common Dutch given names: "Given Surname" without tussenvoegsel is masked only for these,
# because two capitalised words are just as often a place or organisation ("Den Haag").
_GIVEN_NAMES = frozenset(
    (
        "jan piet kees henk gerrit johan hans peter willem wim klaas dirk cor theo frank marco "
        "mark martijn jeroen bas tom erik eric rob robert richard paul michel michael ruud rene "
        "ron ronald arjan sander stefan thomas daan lucas sem bram maarten pieter joost gert "
        "gerard harry jos joop ad ton anton fred bert albert leo hendrik herman huub ruben "
        "niels koen wouter jasper vincent edwin edward dennis patrick sven tim rik anna anne "
        "annemarie maria marie els ellen ingrid inge karin linda monique sandra petra marjolein "
        "marieke miriam esther eva femke fleur ilse iris janneke jolanda judith kim laura lisa "
        "lotte manon marloes nicole renate saskia sanne sophie suzanne wilma yvonne tineke "
        "truus riet ria corrie joke greet hanneke mirjam astrid bianca carla daphne emma julia "
        "noor sara sarah mohamed ahmed ali fatima mustafa youssef"
    ).split()
)

_TITLE_NAME = re.compile(rf"\b{_TITLE}\s+(?:{_INITIALS}|{_GIVEN}\s+)?(?:{_TUSSEN_SEQ})?{_SURNAME}")
_INITIALS_NAME = re.compile(rf"(?<![\w.]){_INITIALS}(?:{_TUSSEN_SEQ})?{_SURNAME}")
_GIVEN_TUSSEN_NAME = re.compile(rf"\b(?P<given>{_GIVEN})\s+{_TUSSEN_SEQ}(?P<surname>{_SURNAME})")
_GIVEN_NAME = re.compile(rf"\b(?P<given>{_GIVEN})\s+{_SURNAME}")


def _mask_names(text: str) -> str:
    text = _TITLE_NAME.sub(MASK_NAME, text)
    text = _INITIALS_NAME.sub(MASK_NAME, text)

    def given_tussen(m: re.Match[str]) -> str:
        words = {m.group("given").lower(), m.group("surname").lower()}
        return m.group(0) if words & _NOT_GIVEN else MASK_NAME

    def given_only(m: re.Match[str]) -> str:
        return MASK_NAME if m.group("given").lower() in _GIVEN_NAMES else m.group(0)

    text = _GIVEN_TUSSEN_NAME.sub(given_tussen, text)
    return _GIVEN_NAME.sub(given_only, text)


def mask_text(text: str | None) -> str | None:
    """Replace e-mail addresses, phone numbers and person names in free text by placeholders.

    Caught: e-mail addresses; Dutch phone numbers (06-12345678, 010 123 4567, +31 6 1234 5678,
    0031..., (010) 1234567) and other '+country' numbers; names after a title ("dhr. Jansen",
    "mevrouw De Boer", "de heer P. van Dam"); initials with a surname ("J. Jansen",
    "J.P. de Vries"); a capitalised word, tussenvoegsel(s) and a capitalised surname ("Jan de
    Vries", "Petra van der Berg", "Kees ten Cate"), unless the first word is a common
    non-name ("Regio van Amsterdam"); a common Dutch given name with a surname ("Anna Jansen").
    Not caught: a given name or surname on its own ("Jan zei", "bel Jansen"), lower-case names,
    uncommon given names without tussenvoegsel ("Xander Bakker"), names written in capitals.
    """
    if text is None:
        return None
    text = _EMAIL.sub(MASK_EMAIL, str(text))
    text = _PHONE_PARENS.sub(MASK_PHONE, text)
    text = _PHONE.sub(MASK_PHONE, text)
    return _mask_names(text)


# ---------------------------------------------------------------------------------------------
# Spreadsheet cells


def neutralise_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; others unchanged.

    Guards against CSV/Excel formula injection (e.g. "=cmd|' /C calc'!A0", "@SUM(...)").
    Numbers, None and booleans are returned as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def sheet_cell(value: object) -> object:
    """A cell for a workbook: characters XLSX cannot hold written out visibly (and logged),
    then neutralised as `neutralise_cell` does. Non-text values are returned unchanged."""
    if isinstance(value, str) and _NOT_IN_XLSX.search(value):
        cleaned = _NOT_IN_XLSX.sub(lambda m: f"\\u{ord(m.group(0)):04x}", value)
        log.warning("werkmap: tekens die XLSX niet toestaat zichtbaar gemaakt in %r", cleaned[:60])
        value = cleaned
    return neutralise_cell(value)
