"""A text table's bytes as UTF-8 and its delimiter: decided from the content, never guessed on.

The encoding is UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 (what Dutch
Excel writes) when every byte is defined there; anything else is refused with one Dutch line
instead of being read as Latin-1, which would turn any byte into some letter without a word. A
file that mixes UTF-8 letters with other bytes is refused too: read as Windows-1252 its UTF-8
letters would silently become two letters each ("é" as "Ã©"). Excel for Mac's "CSV
(Macintosh)" is refused as well: its Mac Roman letters é, ë, ö, ü are bytes Windows-1252 reads
as Ž, ‘, š, Ÿ without an error, so lines ending in a bare CR, or such a sign right after a
lower-case letter, stop the read rather than print "co‘rdinator".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from evaluation.errors import ErrorCode, InputError

DELIMITERS = (";", ",", "\t", "|")
SAMPLE = 65536  # bytes looked at to recognise the encoding and the delimiter
# A letter beyond ASCII as UTF-8 writes it; in Windows-1252 text these pairs are mojibake
# ("Ã©"), so a file holding them and bytes that are not UTF-8 mixes two encodings.
_UTF8_LETTER = re.compile(rb"[\xc3\xc5][\x80-\xbf]|\xe2\x82\xac|\xe2\x80[\x93\x94\x98-\x9e\xa6]")
# Windows-1252 signs that stand where Mac Roman has a letter with an accent; in Dutch text they
# do not follow a lower-case letter ('‘' opens a quote, so it follows a space, not a letter).
_MAC_SIGN = re.compile(r"[a-zß-ÿ][ŽžŠšŸŒœƒ†‡ˆ‰‹›™˜‘]")


def decode(data: bytes, name: str) -> tuple[bytes, str]:
    """The bytes as UTF-8 (BOM removed, Windows-1252 and UTF-16 converted) and the encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(ErrorCode.UTF16_UNREADABLE, file=name) from None
    if b"\x00" in data[:SAMPLE]:
        raise InputError(ErrorCode.NOT_A_TABLE, file=name)
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if _UTF8_LETTER.search(data):  # some UTF-8 letters, some other bytes: two encodings at once
        raise InputError(ErrorCode.MIXED_ENCODING, file=name, line=_line(data, bad))
    if b"\r" in data and b"\n" not in data:  # Excel for Mac: Mac Roman with bare CR line ends
        raise InputError(ErrorCode.MAC_ENCODING, file=name, line=_line(data, bad))
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(ErrorCode.UNKNOWN_ENCODING, file=name, byte=exc.start) from None
    sign = _MAC_SIGN.search(text)
    if sign:
        line = len(text[: sign.start() + 1].splitlines())
        raise InputError(ErrorCode.MAC_ENCODING, file=name, line=line)
    return text.encode("utf-8"), "windows-1252"


def _line(data: bytes, at: int) -> int:
    """The line (from 1) of byte `at`, with LF or, in a Mac file, bare CR line ends."""
    end = b"\n" if b"\n" in data else b"\r"
    return data.count(end, 0, at) + 1


def first_record(text: str, delim: str) -> list[str]:
    """The cells of the first record of `text` (the csv module: any cell length)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, len(text) + 1))
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delim), [])
    except csv.Error:
        return []
    finally:
        csv.field_size_limit(old)


def sniff_delimiter(sample: str, known: Callable[[list[str]], int]) -> str:
    """The delimiter whose header splits into the most known columns (then the most cells)."""
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        header = first_record(sample, delim)
        score = (known(header), len(header))
        if score > best_score:
            best, best_score = delim, score
    return best
