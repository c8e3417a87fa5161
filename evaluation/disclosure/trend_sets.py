"""Small cells for the national grade over the SPTs measured in both years (`grade_same_spts`).

That grade is the mean of its SPTs' grades, and the all-SPT grade of the year is the mean over
those and the SPTs measured in one year only. So a year's same-SPT grade adds nothing to what
that year publishes when every SPT grade it averages is published, or when the all-SPT grade and
every left-out SPT's grade are (it is then their difference). Otherwise the year's point is
withheld, and the change with it: a withheld SPT's grade could be recovered from the two
national grades.
"""

from __future__ import annotations

import copy

from evaluation.disclosure.cells import Suppression, pointer
from evaluation.disclosure.publish import Published
from evaluation.disclosure.trends import CHANGE_FIELDS, POINT_FIELDS, TREND, TrendsWithheld

NODE = "grade_same_spts"


def _derivable(decision: Published, spts: set[str], names: dict[str, str]) -> bool:
    """Whether the year's grade over `spts` (today's names) follows from its published figures."""
    by_spt = decision.results.satisfaction.by_spt
    inside = [k for k in by_spt if names.get(k, k) in spts]
    left_out = [k for k in by_spt if names.get(k, k) not in spts and by_spt[k].n]
    shown = lambda k: not decision.is_withheld("satisfaction", "by_spt", k, "estimate")  # noqa: E731
    if all(shown(k) for k in inside):
        return True
    national = not decision.is_withheld("satisfaction", "overall", "estimate")
    return national and all(shown(k) for k in left_out)


def disclose_same_spts(
    done: TrendsWithheld, published: dict[int, Published], names: dict[str, str]
) -> TrendsWithheld:
    """Withhold the same-SPT points (and their change) that a year's publication does not allow."""
    node = done.tree.get(NODE)
    if not node:
        return done
    tree = copy.deepcopy(done.tree)
    node = tree[NODE]
    fields, log = set(done.fields), list(done.log)
    spts = set(node["spts"])
    withheld = []
    for i, point in enumerate(node["points"]):
        year = int(point["year"])
        decision = published.get(year)
        if decision is not None and _derivable(decision, spts, names):
            continue
        withheld.append(year)
        for f in POINT_FIELDS:
            point[f] = [None, None] if f == "ci" else None
            fields.add(pointer(NODE, "points", i, f))
        log.append(
            Suppression(
                pointer(NODE, "points", i),
                TREND,
                int(point.get("n") or 0),
                f"landelijk cijfer van {year} over dezelfde servicepunten zou een weggelaten "
                "cijfer van een servicepunt prijsgeven",
                POINT_FIELDS,
            )
        )
    if withheld and node.get("change"):
        for f in CHANGE_FIELDS:
            node["change"][f] = [None, None] if f == "ci" else None
            fields.add(pointer(NODE, "change", f))
        log.append(
            Suppression(
                pointer(NODE, "change"),
                TREND,
                0,
                f"verandering niet getoond: het cijfer van {min(withheld)} is niet gepubliceerd",
                CHANGE_FIELDS,
            )
        )
    return TrendsWithheld(tree, frozenset(fields), tuple(log))
