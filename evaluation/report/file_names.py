"""The names of the files a report run writes that more than the renderers need: an SPT card's
file-name part and the trends file. Kept apart from the renderers so that the process that
reads and analyses the answers does not load them (only the render workers draw)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection

TRENDS_NAME = "trends.json"
SLUG_CHARS = 60  # a longer SPT name is cut, and its hash keeps the file name unique


def _plain_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "spt"


def slug(name: str, names: Collection[str] = ()) -> str:
    """File-name part for an SPT: 'Rijk van Nijmegen' -> 'rijk-van-nijmegen'.

    When another of `names` gives the same part ('Noord-Holland', 'Noord Holland!'), or the
    name is cut to SLUG_CHARS, 6 hex digits of the name's SHA-256 follow: no card overwrites
    another."""
    base = _plain_slug(name)
    clash = any(other != name and _plain_slug(other) == base for other in names)
    if clash or len(base) > SLUG_CHARS:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
        return f"{base[:SLUG_CHARS].rstrip('-')}-{digest}"
    return base
