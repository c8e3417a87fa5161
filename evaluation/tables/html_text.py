"""The text a respondent sees of a survey tool's HTML (a questionnaire's question texts, an
export heading an editor formatted): shared by the survey definitions and the intake."""

from __future__ import annotations

import html
import re
from functools import lru_cache

MAX_TEXT = 32_767  # characters of a text kept for matching: Excel's cell limit, an export's

# A tag's attributes: quoted values may hold '>'; nothing in a tag holds '<', so every pattern
# stops at the next '<' and the whole text is read in linear time (an HTML parser took 51 s for
# a questionnaire text of 1.5 million tags).
_ATTRS = r"""(?:[^<>"']|"[^<"]*"|'[^<']*')*"""
_HIDDEN = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_NOT_TEXT = re.compile(r"<!--.*?(?:-->|\Z)|<![^<>]*>|<\?[^<>]*>", re.DOTALL)
_BREAK = re.compile(rf"<(?:br|p|div|li|td|tr)\b{_ATTRS}>|</(?:p|div|li|td|tr)\s*>", re.IGNORECASE)
_TAG = re.compile(rf"</?[A-Za-z]{_ATTRS}>")


def plain_text(text: object) -> str:
    """The text a respondent sees: HTML tags and scripts removed, entities (&nbsp;) resolved,
    spaces collapsed. Case and accents are kept (matching folds them later). Entities are
    resolved twice, as the tools' double-escaped texts ('&amp;amp;') show once. A text is kept
    to its first MAX_TEXT characters: no export heading or codebook text is longer, so a
    longer one matches nothing either way, and matching reads it again several times."""
    return _plain("" if text is None else str(text))[:MAX_TEXT]


@lru_cache(maxsize=4096)  # matching asks for the same texts again (headings, keys, evidence)
def _plain(raw: str) -> str:
    if "<" in raw or "&" in raw:
        raw = _TAG.sub("", _BREAK.sub(" ", _NOT_TEXT.sub("", _HIDDEN.sub("", raw))))
        raw = html.unescape(html.unescape(raw))
    return " ".join(raw.replace("\u00a0", " ").split())
