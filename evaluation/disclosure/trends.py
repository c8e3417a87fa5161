"""Small-cell rules across years, for the trend chapter (a Trends JSON tree).

1. A year's figure in a trend (the national grade, an SPT's grade, a share agreeing, the share
   choosing a success factor or bottleneck) is published only where that year's own
   publication decision, taken with the current minimum n (`disclose(results, min_n)`, rules
   1 and 2 of `publish`), publishes it.
2. A change is published only where both years' figures are published.

So every published trend figure is a published figure of one year, or the difference of two
(with the root of the sum of their published variances): nothing beyond what each year's
publication shows. A figure of an SPT withheld in either year, directly or to protect
another SPT, cannot be recovered from a change, since no change with it is published.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from evaluation.disclosure.cells import Suppression, pointer
from evaluation.disclosure.publish import Published

TREND = "trend"
POINT_FIELDS = ("estimate", "se", "ci", "df", "se_nofpc", "df_nofpc")
CHANGE_FIELDS = ("difference", "se", "ci", "df", "statistic", "p_value", "mdd", "significant")


@dataclass(frozen=True)
class TrendsWithheld:
    """The trends tree with withheld values null, their JSON pointers, and why."""

    tree: dict
    fields: frozenset[str]
    log: tuple[Suppression, ...]


def _source(series_path: tuple[str, ...], name: str | None = None) -> tuple[str, ...]:
    """Where a trend series' yearly figure sits in that year's results.json (`name`: the SPT's
    name that year, when it had another one)."""
    if series_path == ("grade",):
        return ("satisfaction", "overall")
    if series_path[0] == "grade_by_spt":
        return ("satisfaction", "by_spt", name or series_path[1])
    if series_path[0] == "choices":  # (choices, question, option)
        return ("choices", series_path[1], "options", series_path[2], "share")
    return ("items", series_path[1], "agree")


def _null(node: dict, fields: tuple[str, ...], base: tuple, done: set[str]) -> None:
    for f in fields:
        if f in node:
            node[f] = [None, None] if f == "ci" else None
            done.add(pointer(*base, f))


def _series(tree: dict) -> list[tuple[tuple[str, ...], dict]]:
    out: list[tuple[tuple[str, ...], dict]] = [(("grade",), tree["grade"])]
    out += [(("grade_by_spt", k), s) for k, s in tree.get("grade_by_spt", {}).items()]
    out += [(("agree", k), s) for k, s in tree.get("agree", {}).items()]
    out += [
        (("choices", q, k), s)
        for q, options in tree.get("choices", {}).items()
        for k, s in options.items()
    ]
    return out


def disclose_trends(tree: dict, published: dict[int, Published]) -> TrendsWithheld:
    """Apply the rules to a Trends tree; `published`: each year's decision at the current min_n."""
    base = copy.deepcopy(tree)
    fields: set[str] = set()
    log: list[Suppression] = []
    for path, series in _series(base):
        withheld_years: set[int] = set()
        for i, point in enumerate(series.get("points") or []):
            year = int(point["year"])
            source = _source(path, point.get("name"))
            decision = published.get(year)
            if decision is None or decision.is_withheld(*source, "estimate"):
                withheld_years.add(year)
                _null(point, POINT_FIELDS, (*path, "points", i), fields)
                log.append(
                    Suppression(
                        pointer(*path, "points", i),
                        TREND,
                        int(point.get("n") or 0),
                        f"cijfer van {year} is in dat jaar niet gepubliceerd",
                        POINT_FIELDS,
                    )
                )
        ch = series.get("change")
        if ch and {int(ch["from_year"]), int(ch["to_year"])} & withheld_years:
            year = min({int(ch["from_year"]), int(ch["to_year"])} & withheld_years)
            _null(ch, CHANGE_FIELDS, (*path, "change"), fields)
            log.append(
                Suppression(
                    pointer(*path, "change"),
                    TREND,
                    0,
                    f"verandering niet getoond: het cijfer van {year} is niet gepubliceerd",
                    CHANGE_FIELDS,
                )
            )
    return TrendsWithheld(base, frozenset(fields), tuple(log))
