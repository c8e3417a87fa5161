"""Parse untrusted XML (a LimeSurvey .lss) with the standard library, safely: no DTD at all (so
no entity expansion and no external entities), a depth and an element limit, and a Dutch line on
any error."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - fed only after the DTD check below

from evaluation.errors import ErrorCode, InputError
from evaluation.limits import limits

MAX_DEPTH = 32  # an .lss is 5 levels deep (document/section/rows/row/field)
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,40})""")


def _as_utf8(data: bytes) -> bytes:
    """The bytes the DTD check reads: UTF-16 (with a BOM, or known by its '<' and a zero byte,
    as expat knows it) decoded first, so a declaration cannot hide in two-byte characters."""
    for marks, codec in (
        ((b"\xff\xfe", b"<\x00"), "utf-16-le"),
        ((b"\xfe\xff", b"\x00<"), "utf-16-be"),
    ):
        if data.startswith(marks):
            return data.decode(codec, errors="replace").encode("utf-8")
    return data


def parse_xml(data: bytes, what: str) -> ET.Element:
    """The root element of `data`; InputError for a DTD, too deep nesting or broken XML."""
    if _DTD.search(_as_utf8(data)):
        raise InputError(ErrorCode.XML_DECLARATION, what=what)
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = elements = 0
    most = limits().definition_elements  # each element costs a few hundred bytes in the tree
    root = None
    try:
        for start in range(0, len(data), 1 << 16):
            parser.feed(data[start : start + (1 << 16)])
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    elements += 1
                    if elements > most:
                        raise InputError(ErrorCode.XML_TOO_MANY_ELEMENTS, what=what, limit=most)
                    root = element if root is None else root
                    if depth > MAX_DEPTH:
                        raise InputError(ErrorCode.TOO_DEEP, what=what, limit=MAX_DEPTH)
                else:
                    depth -= 1
        parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(ErrorCode.XML_INVALID, what=what, line=line, column=column + 1) from None
    except (LookupError, ValueError):  # expat: an encoding it does not know, or a multi-byte one
        found = _DECLARED.match(data[:200])
        shown = found[1].decode("ascii", "replace") if found else "?"
        raise InputError(ErrorCode.XML_ENCODING, what=what, encoding=shown) from None
    if root is None:
        raise InputError(ErrorCode.XML_EMPTY, what=what)
    return root
