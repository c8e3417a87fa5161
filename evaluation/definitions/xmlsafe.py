"""Parse untrusted XML (a LimeSurvey .lss) with the standard library, safely: no DTD at all (so
no entity expansion and no external entities), a depth limit, and a Dutch line on any error."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - fed only after the DTD check below

from evaluation.errors import ErrorCode, InputError

MAX_DEPTH = 32  # an .lss is 5 levels deep (document/section/rows/row/field)
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def parse_xml(data: bytes, what: str) -> ET.Element:
    """The root element of `data`; InputError for a DTD, too deep nesting or broken XML."""
    if _DTD.search(data):
        raise InputError(ErrorCode.XML_DECLARATION, what=what)
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    root = None
    try:
        for start in range(0, len(data), 1 << 16):
            parser.feed(data[start : start + (1 << 16)])
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    root = element if root is None else root
                    if depth > MAX_DEPTH:
                        raise InputError(ErrorCode.TOO_DEEP, what=what, limit=MAX_DEPTH)
                else:
                    depth -= 1
        parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(ErrorCode.XML_INVALID, what=what, line=line, column=column + 1) from None
    if root is None:
        raise InputError(ErrorCode.XML_EMPTY, what=what)
    return root
