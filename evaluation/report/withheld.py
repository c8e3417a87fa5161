"""The one place that writes 'x': the published result as the tree templates and charts read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.dutch import SUPPRESSED, number


def _parts(ptr: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]]


def mark(tree: dict, withheld: Iterable[str]) -> dict:
    """`tree` (changed in place) with SUPPRESSED at every withheld pointer: an interval gets it
    at both ends, a dict of values (item-rest correlations) at each value."""
    for ptr in withheld:
        *path, field = _parts(ptr)
        node: Any = tree
        for p in path:
            node = node[int(p)] if isinstance(node, list) else node[p]
        value = node[field]
        if field == "ci":
            node[field] = [SUPPRESSED, SUPPRESSED]
        elif isinstance(value, dict):
            node[field] = {k: SUPPRESSED for k in value}
        else:
            node[field] = SUPPRESSED
    return tree


def view_of(published: Published) -> dict:
    """The published results.json tree with 'x' for every withheld figure."""
    return mark(published.tree(), published.withheld)


def figure_text(published: Published, value: object, *parts: object, decimals: int = 1) -> str:
    """A typed figure as printed: 'x' where the publication withholds it (asked of
    `published.is_withheld`, never read from a string in the tree), else in Dutch."""
    return SUPPRESSED if published.is_withheld(*parts) else number(value, decimals)
