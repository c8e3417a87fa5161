"""Small cells between two versions of a published year (`spt-eval store add --republish`).

A figure published once and shown again from a replaced wave differs by what the respondents
added or removed contributed. Where an SPT's change rests on 1 to min_n - 1 respondents, the
two figures together show their answers: that year's figures combining the SPT are withheld.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from evaluation.disclosure.cells import Suppression, pointer
from evaluation.disclosure.publish import Published

REPUBLISHED = "herpublicatie"  # the rule name in the trend's suppression log


def singled_out(changes: list[dict[str, int]], min_n: int) -> list[str]:
    """The SPTs whose respondents changed (added plus removed) by 1 to min_n - 1 against any
    published version; `changes`: per published version, the count per SPT."""
    return sorted({spt for per_spt in changes for spt, k in per_spt.items() if 0 < k < min_n})


def withhold_changes(published: Published, spts: list[str]) -> Published:
    """The year's publication with what combines the singled-out SPTs withheld too: the
    national grade and shares and those SPTs' grades (the figures a trend shows of a year)."""
    parts: list[tuple[Any, ...]] = [("satisfaction", "overall")]
    parts += [("satisfaction", "by_spt", spt) for spt in spts]
    parts += [("items", key, "agree") for key in published.results.items]
    extra = {pointer(*p, "estimate") for p in parts}
    why = "gewijzigd na publicatie door minder dan de minimale n respondenten"
    log = tuple(Suppression(pointer(*p), REPUBLISHED, 0, why, ("estimate",)) for p in parts)
    return replace(published, withheld=published.withheld | extra, log=published.log + log)
