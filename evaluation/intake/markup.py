"""Headings without the survey editor's formatting: Typeform keeps '<strong>..</strong>' in
its CSV headings and Qualtrics the HTML of its rich-content editor in its question texts; the
text the respondents read is the heading without tags and with entities resolved."""

from __future__ import annotations

import html
import re

from evaluation.tables.raw import RawTable

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")


def plain_text(text: str) -> str:
    """The text without HTML tags, entities resolved, spaces folded ('' when only markup)."""
    spaced = " ".join(html.unescape(TAG.sub(" ", text)).split())
    return re.sub(r" (?=[?.,:;!)\]])", "", spaced)  # '<b>SPT</b>?' reads 'SPT?'


def add_plain_names(raw: RawTable) -> None:
    """A heading (or the tool's text under it) that holds markup is also known without it."""
    for c in raw.columns:
        names = raw.alt_names.setdefault(c, [])
        for name in (c, *names):
            plain = plain_text(name) if TAG.search(name) or "&" in name else name
            if plain and plain != name and plain not in names:
                names.append(plain)
        if not names:
            del raw.alt_names[c]
