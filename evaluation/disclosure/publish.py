"""Small-cell suppression of everything published from `Results` (PDF and attached JSON).

Rules (the method page and README state them in Dutch):

1. Primary: a figure resting on fewer than `min_n` unweighted respondents is suppressed: "x" in
   the PDF, null in the published JSON, no chart mark, no band, left out of rankings. Its n stays
   visible ("n = 1"): the number of respondents per SPT is not itself sensitive.
2. Secondary, for per-SPT means with a published equal-weight aggregate (grade per SPT and the
   overall grade; share agreeing per SPT and nationally; answer distributions per SPT and the
   national distribution; allocations per SPT and their mean over SPTs). The weighting makes
   the aggregate the mean of the SPT means, so the SPT count, the aggregate and the published
   SPT means give back the mean of the suppressed SPTs. That
   recovered figure rests on the suppressed SPTs' respondents together; when they number fewer
   than `min_n` (e.g. one SPT with 4), the published SPT with the fewest respondents is suppressed
   too, and the next, until they number at least `min_n`. The recovered figure is then a group
   mean on at least `min_n` respondents, which rule 1 allows.
3. Secondary, for per-SPT answers with a published count over SPTs (tables 1.4, 1.7, 1.8): a
   tally is not a mean: if every suppressed SPT gave the same answer, the count minus the
   published SPTs would reveal each one. The counts are therefore recounted over the published
   SPTs only, and the number of SPTs left out is stated.

4. Secondary, for counts of SPTs without per-SPT detail (table 1.3: SPTs where someone does
   the activity; table 1.9: SPTs where an organisation is active / in the background): they
   cannot be recounted, but a count of none or of all SPTs tells every small SPT's answer, so
   while SPTs below `min_n` are counted, such a count is withheld.

Not recoverable, so not secondarily suppressed: trait groups ('ja' / 'nee' / 'weet niet') do
not partition by SPT, and their weighted sizes are not published, so the overall grade minus
the published groups gives no group's mean; counts of respondents and response rates are not
sensitive; national item distributions rest on all respondents.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from evaluation.disclosure.rules import Suppression, _Suppressor, rule_text
from evaluation.dutch import SUPPRESSED
from evaluation.results import Results


@dataclass
class Disclosure:
    """The publishable view of one run.

    `published`: the Results JSON tree with suppressed values set to null plus a 'disclosure'
    block (what results.json holds); `view`: the same tree with "x" for suppressed values (what
    templates and charts read); `log`: every suppression.
    """

    min_n: int
    published: dict
    view: dict
    log: list[Suppression] = field(default_factory=list)

    def log_dicts(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.log]

    def to_json(self) -> str:
        """results.json as published: sorted keys, indented, newline-terminated."""
        return json.dumps(self.published, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _set(tree: dict, parts: list, fields: tuple[str, ...], value: Any) -> None:
    node: Any = tree
    for p in parts:
        node = node[int(p)] if isinstance(node, list) else node[p]
    for f in fields:
        if f not in node:
            continue
        if f == "ci":
            node[f] = [value, value]
        elif isinstance(node[f], dict):  # e.g. item_rest: keep the keys, withhold the values
            node[f] = {k: value for k in node[f]}
        elif f == "verdict":
            node[f] = "niet getoond: een groep heeft te weinig respondenten"
        else:
            node[f] = value


def disclose_tree(tree: dict, min_n: int) -> Disclosure:
    """Apply the rules to a Results JSON tree (as `Results.to_json` gives it)."""
    base = copy.deepcopy(tree)
    s = _Suppressor(base, min_n)
    s.satisfaction()
    s.items()
    s.traits()
    s.tables()
    published = copy.deepcopy(base)
    view = copy.deepcopy(base)
    for parts, fields in s.marks:
        _set(published, parts, fields, None)
        _set(view, parts, fields, SUPPRESSED)
    published["disclosure"] = {
        "min_n": min_n,
        "rule": rule_text(min_n),
        "suppressed": [x.as_dict() for x in s.log],
    }
    view["disclosure"] = copy.deepcopy(published["disclosure"])
    return Disclosure(min_n=min_n, published=published, view=view, log=s.log)


def disclose(results: Results, min_n: int | None = None) -> Disclosure:
    """Publishable view of Results; min_n defaults to the run's own `parameters.min_n`."""
    k = results.parameters.min_n if min_n is None else min_n
    # model_dump_json keeps the codebook's order of items and traits (to_json sorts keys);
    # both write NaN as null and tuples as lists, so the trees are equal.
    return disclose_tree(json.loads(results.model_dump_json()), int(k))


def ranking(by_spt: dict[str, dict]) -> list[str]:
    """SPTs by published grade, highest first; suppressed or missing grades are left out."""
    shown = [
        (v["estimate"], k)
        for k, v in by_spt.items()
        if isinstance(v.get("estimate"), int | float) and not isinstance(v.get("estimate"), bool)
    ]
    return [k for _, k in sorted(shown, key=lambda t: (-t[0], t[1]))]
