"""Headings without the survey editor's formatting: Typeform keeps '<strong>..</strong>' in
its CSV headings and Qualtrics the HTML of its rich-content editor in its question texts; the
text the respondents read is the heading without tags and with entities resolved."""

from __future__ import annotations

from evaluation.tables.html_text import plain_text
from evaluation.tables.raw import RawTable


def add_plain_names(raw: RawTable) -> None:
    """A heading (or the tool's text under it) that holds markup is also known without it."""
    for c in raw.columns:
        names = raw.alt_names.setdefault(c, [])
        for name in (c, *names):
            if "<" not in name and "&" not in name:
                continue
            plain = plain_text(name)
            if plain and plain != name and plain not in names:
                names.append(plain)
        if not names:
            del raw.alt_names[c]
