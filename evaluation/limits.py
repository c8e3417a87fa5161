"""Limits on what a run reads, each a setting with a sane default and a Dutch message.

A limit is changed with the environment variable `SPT_EVAL_LIMIT_<NAME>` (e.g.
`SPT_EVAL_LIMIT_INPUT_MB=500`). The one reader of a user's table (`evaluation.tables`: the
survey export, the results per SPT, the labour-market data) calls `read_file`, `check_xlsx` and
`check_shape`, and makes a cell beyond `cell_chars` a row fault; the commands call
`check_survey_file` before other work; YAML, definition files and the attachments of `verify`
use `read_file` and the JSON limits.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import sys
import zipfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.errors import ErrorCode, InputError, os_reason

ENV_PREFIX = "SPT_EVAL_LIMIT_"
MB = 1 << 20


class Limits(BaseModel):
    """Every limit with its default; the description says what it protects."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input_mb: int = Field(default=200, gt=0, description="grootte van een invoerbestand (MB)")
    rows: int = Field(default=1_000_000, gt=0, description="rijen in een enquête-export")
    columns: int = Field(default=5_000, gt=0, description="kolommen in een enquête-export")
    cell_chars: int = Field(default=32_767, gt=0, description="tekens in één cel (Excel: 32.767)")
    xlsx_expanded_mb: int = Field(
        default=500, gt=0, description="uitgepakte grootte van .xlsx of .sav"
    )
    xlsx_ratio: int = Field(default=200, gt=1, description="uitpakfactor van een .xlsx-onderdeel")
    xlsx_part_mb: int = Field(
        default=20, gt=0, description="uitgepakte grootte van een .xlsx-onderdeel naast de bladen"
    )
    xlsx_strings: int = Field(
        default=1_000_000, gt=0, description="gedeelde teksten in een .xlsx (elk kost geheugen)"
    )
    yaml_kb: int = Field(default=4096, gt=0, description="grootte van een YAML-bestand (kB)")
    yaml_depth: int = Field(default=40, gt=1, description="nestingdiepte van YAML")
    yaml_aliases: int = Field(default=200, ge=0, description="verwijzingen (*alias) in YAML")
    attachment_mb: int = Field(default=50, gt=0, description="grootte van een PDF-bijlage (MB)")
    json_depth: int = Field(default=64, gt=1, description="nestingdiepte van JSON-bijlagen")
    definition_mb: int = Field(
        default=30, gt=0, description="grootte van een vragenlijstbestand (.lss, .qsf)"
    )
    definition_elements: int = Field(
        default=1_000_000,
        gt=0,
        description="elementen in een vragenlijstbestand (XML-elementen, JSON-waarden)",
    )
    upload_mb: int = Field(default=50, gt=0, description="grootte van een upload op de webpagina")


def limits() -> Limits:
    """The limits in force: the defaults, with any `SPT_EVAL_LIMIT_<NAME>` from the environment."""
    raw = {
        name: os.environ[ENV_PREFIX + name.upper()]
        for name in Limits.model_fields
        if os.environ.get(ENV_PREFIX + name.upper())
    }
    try:
        return Limits.model_validate(raw)
    except ValidationError as exc:
        names = sorted({f"{ENV_PREFIX}{str(e['loc'][0]).upper()}" for e in exc.errors()})
        raise InputError(ErrorCode.LIMIT_SETTING_INVALID, variables=", ".join(names)) from None


def _mb(n_bytes: int) -> str:
    """A size in whole MB or kB, rounded up: a file over a limit never shows as equal to it."""
    return f"{-(-n_bytes // MB)} MB" if n_bytes >= MB else f"{-(-n_bytes // 1024)} kB"


def _unreadable(what: str, path: str | Path, exc: OSError) -> InputError:
    return InputError(ErrorCode.FILE_UNREADABLE, what=what, file=str(path), reason=os_reason(exc))


def check_file(
    path: str | Path, what: str, max_bytes: int | None = None, setting: str | None = None
) -> int:
    """The size of a regular file within `max_bytes` (default: the input limit); else InputError.
    `setting` names the limit that sets `max_bytes`, so the message says how to change it.

    Refuses devices, pipes and folders without reading them (`validate /dev/zero`).
    """
    p = Path(path)
    if max_bytes is None:
        max_bytes, setting = limits().input_mb * MB, "input_mb"
    try:
        info = os.stat(p)
    except OSError as exc:
        raise _unreadable(what, p, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(ErrorCode.FILE_IS_FOLDER, what=what, file=str(p))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(ErrorCode.FILE_NOT_REGULAR, what=what, file=str(p))
    if info.st_size > max_bytes:
        raise too_big(what, p, info.st_size, max_bytes, setting)
    return info.st_size


def too_big(what: str, path: str | Path, size: int, cap: int, setting: str | None) -> InputError:
    """The error for a file of `size` bytes over its limit `cap`, naming the setting
    (`SPT_EVAL_LIMIT_<NAME>`) that changes the limit when there is one."""
    if setting is None:
        return InputError(
            ErrorCode.FILE_OVER_FIXED_LIMIT,
            what=what,
            file=str(path),
            size=_mb(size),
            limit=_mb(cap),
        )
    return InputError(
        ErrorCode.FILE_OVER_LIMIT,
        what=what,
        file=str(path),
        size=_mb(size),
        limit=_mb(cap),
        variable=f"{ENV_PREFIX}{setting.upper()}",
    )


def read_file(
    path: str | Path, what: str, max_bytes: int | None = None, setting: str | None = None
) -> bytes:
    """The bytes of a regular file within the limit; never more than the limit is read."""
    if max_bytes is None:
        max_bytes, setting = limits().input_mb * MB, "input_mb"
    cap = max_bytes
    check_file(path, what, cap, setting)
    try:
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise _unreadable(what, path, exc) from None
    if len(data) > cap:
        raise InputError(ErrorCode.FILE_GREW, what=what, file=str(path))
    return data


def check_xlsx(data: bytes, what: str) -> None:
    """An .xlsx (zip) whose parts would not expand beyond the limits (a zip bomb); else InputError.

    Reads the zip's directory; the declared sizes bound what zipfile will inflate. A part the
    workbook reader reads whole (styles, theme, workbook) stays within `xlsx_part_mb`; a part
    big enough to hold more shared strings than the limit is read through and its strings
    counted: the reader keeps every one in memory (20 million short ones took 3.5 GB).
    """
    lim = limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(ErrorCode.XLSX_BROKEN_ZIP, what=what) from None
    total = sum(p.file_size for p in parts)
    if total > lim.xlsx_expanded_mb * MB:
        raise InputError(
            ErrorCode.XLSX_EXPANDS,
            what=what,
            size=_mb(total),
            limit=f"{lim.xlsx_expanded_mb} MB",
            variable=f"{ENV_PREFIX}XLSX_EXPANDED_MB",
        )
    for p in parts:
        if p.file_size > 10 * MB and p.file_size > lim.xlsx_ratio * max(p.compress_size, 1):
            raise InputError(
                ErrorCode.XLSX_ZIP_BOMB,
                what=what,
                part=p.filename,
                ratio=p.file_size // max(p.compress_size, 1),
                limit=lim.xlsx_ratio,
            )
    for p in parts:  # read whole into memory, as objects: 256 MB of styles took 6.3 GB
        if p.file_size > lim.xlsx_part_mb * MB and _whole(p.filename):
            raise InputError(
                ErrorCode.XLSX_PART_TOO_BIG,
                what=what,
                part=p.filename,
                size=_mb(p.file_size),
                limit=f"{lim.xlsx_part_mb} MB",
                variable=f"{ENV_PREFIX}XLSX_PART_MB",
            )
    for p in parts:  # '<si/>' is 5 bytes: a smaller part cannot pass the limit
        if p.file_size > 5 * lim.xlsx_strings and _strings_in(data, p, lim.xlsx_strings):
            raise InputError(
                ErrorCode.XLSX_TOO_MANY_STRINGS,
                what=what,
                limit=lim.xlsx_strings,
                variable=f"{ENV_PREFIX}XLSX_STRINGS",
            )


# Parts the workbook reader streams (the sheets) or counts (shared strings) or never parses
# (pictures); every other XML part (styles, theme, workbook, relations) it reads whole.
_STREAMED = re.compile(r"(worksheets/sheet\d+|sharedStrings\d*)\.xml$", re.IGNORECASE)


def _whole(name: str) -> bool:
    """Whether the workbook reader reads this part whole into memory."""
    return name.lower().endswith((".xml", ".rels", ".vml")) and not _STREAMED.search(name)


# A shared string's element <si>, with or without a namespace prefix (counted from both ends
# when prefixed: a generous count, never a low one).
_STRING = re.compile(rb"(?:<|:)si[\s/>]")


def _strings_in(data: bytes, part: zipfile.ZipInfo, most: int) -> bool:
    """Whether one part of the zip holds more than `most` shared-string elements, read in
    chunks until it is known."""
    count, tail = 0, b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open(part) as fh:
            while chunk := fh.read(MB):
                buf = tail + chunk
                # a match is 4 bytes: one starting in the last 4 is counted with the next chunk
                count += len(_STRING.findall(buf, 0, len(buf) - 1))
                tail = buf[-4:]
                if count > most:
                    return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False  # a broken part is the workbook reader's to refuse
    return count + len(_STRING.findall(tail)) > most


def check_survey_file(path: str | Path, what: str = "enquêtebestand") -> None:
    """A survey export that may be read: a regular file within the size limit, and an .xlsx
    whose parts stay within the expansion limits."""
    check_file(path, what)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise _unreadable(what, path, exc) from None
    if head == b"PK\x03\x04":
        check_xlsx(read_file(path, what), f"{what} '{path}'")


def check_shape(rows: int, columns: int, what: str) -> None:
    """A table within the row and column limits; else InputError."""
    lim = limits()
    if rows > lim.rows:
        raise InputError(ErrorCode.TOO_MANY_ROWS, what=what, rows=rows, limit=lim.rows)
    if columns > lim.columns:
        raise InputError(ErrorCode.TOO_MANY_COLUMNS, what=what, columns=columns, limit=lim.columns)


def depth_of(obj: Any) -> int:
    """The nesting depth of a JSON tree (a scalar is 0), counted without recursion."""
    deepest, stack = 0, [(obj, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth) for child in (node.values() if isinstance(node, dict) else node)
            )
    return deepest


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (json's object_pairs_hook)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


class DuplicateKey(ValueError):
    """A JSON object names one key twice: a reader would silently keep one of the two."""


def _not_finite(value: str) -> Any:
    """json's parse_constant: NaN and Infinity are no JSON (Python's reader allows them)."""
    raise NotFinite(value)


def _finite_float(text: str) -> float:
    """json's parse_float: a number too large for a float (1e999) is Infinity too."""
    value = float(text)
    if math.isinf(value):
        raise NotFinite(text if len(text) <= 20 else text[:17] + "...")
    return value


class NotFinite(ValueError):
    """A JSON text holds NaN or Infinity, which the standard does not allow."""


def load_json(data: bytes, what: str, *, unique_keys: bool = False, finite: bool = False) -> Any:
    """The JSON in `data` within the attachment size and depth limits; else a Dutch InputError.

    With `unique_keys` an object that names a key twice is refused as tampered (JSON readers
    keep one of the two values silently; a report's attachments never hold such a key); with
    `finite` NaN and Infinity are refused (a file a tool wrote by the standard never has them).
    A number of more digits than Python converts is refused as well."""
    lim = limits()
    if len(data) > lim.attachment_mb * MB:
        raise InputError(
            ErrorCode.JSON_OVER_LIMIT,
            what=what,
            size=_mb(len(data)),
            limit=f"{lim.attachment_mb} MB",
            variable=f"{ENV_PREFIX}ATTACHMENT_MB",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(ErrorCode.JSON_NOT_UTF8, what=what, byte=exc.start) from None
    try:
        obj = json.loads(
            text,
            object_pairs_hook=_unique_keys if unique_keys else None,
            parse_constant=_not_finite if finite else None,
            parse_float=_finite_float if finite else None,
        )
    except DuplicateKey as exc:
        key = str(exc.args[0])
        key = key if len(key) <= 40 else key[:37] + "..."
        raise InputError(ErrorCode.JSON_DUPLICATE_KEY, what=what, key=key) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            ErrorCode.JSON_INVALID, what=what, line=exc.lineno, column=exc.colno
        ) from None
    except NotFinite as exc:
        raise InputError(ErrorCode.JSON_NOT_FINITE, what=what, value=exc.args[0]) from None
    except RecursionError:
        raise InputError(ErrorCode.TOO_DEEP, what=what, limit=lim.json_depth) from None
    except ValueError:  # an integer of more digits than int() converts
        digits = sys.get_int_max_str_digits()
        raise InputError(ErrorCode.JSON_NUMBER_TOO_LONG, what=what, digits=digits) from None
    if depth_of(obj) > lim.json_depth:
        raise InputError(ErrorCode.TOO_DEEP, what=what, limit=lim.json_depth)
    return obj


def read_yaml_text(path: str | Path, what: str) -> str:
    """A YAML file the user edits, read again as text within the YAML size limit (to be
    rewritten or kept in the store): UTF-8 as the YAML reader needs it."""
    data = read_file(path, what, limits().yaml_kb * 1024)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(ErrorCode.NOT_UTF8, what=what, file=str(path), byte=exc.start) from None
