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
from dataclasses import dataclass
from typing import Any

from evaluation.disclosure.cells import Suppression, Suppressor, pointer, respondents
from evaluation.disclosure.decide import Decision, Forced, decide
from evaluation.disclosure.linked import NATIONAL
from evaluation.disclosure.rules import (
    choices,
    items,
    national,
    regression,
    rule_text,
    satisfaction,
    traits,
)
from evaluation.disclosure.spread import SPREAD, anonymous_caveats
from evaluation.disclosure.tables import table_rules
from evaluation.results import Results

VERDICT_WITHHELD = "niet getoond: een van beide groepen wordt niet gepubliceerd"


@dataclass(frozen=True)
class Withheld:
    """The rules applied to one Results JSON tree.

    `tree`: the tree with every withheld value set to null (and recounted tables);
    `fields`: the JSON pointers of the withheld values; `log`: why each was withheld.
    """

    tree: dict
    fields: frozenset[str]
    log: tuple[Suppression, ...]
    min_n: int
    decision: Decision

    def block(self) -> dict[str, Any]:
        """The 'disclosure' block of the published results.json."""
        return {
            "min_n": self.min_n,
            "rule": rule_text(self.min_n),
            "suppressed": [s.as_dict() for s in self.log],
        }


def _withhold(tree: dict, parts: list, fields: tuple[str, ...]) -> list[str]:
    """Null the given fields of the node at `parts`; return the pointers of what was nulled."""
    node: Any = tree
    for p in parts:
        node = node[int(p)] if isinstance(node, list) else node[p]
    done = []
    for f in fields:
        if f not in node:
            continue
        if f == "verdict":  # a test that cannot be shown says so in words
            node[f] = VERDICT_WITHHELD
            continue
        if f == "ci":
            node[f] = [None, None]
        elif isinstance(node[f], dict):  # e.g. item_rest: keep the keys, withhold the values
            node[f] = {k: None for k in node[f]}
        else:
            node[f] = None
        done.append(pointer(*parts, f))
    return done


def disclose_tree(tree: dict, min_n: int, forced: Forced | None = None) -> Withheld:
    """Apply the rules to a Results JSON tree (as `Results.model_dump_json` gives it);
    `forced`: SPTs withheld whatever their size (`decide.Forced`)."""
    base = copy.deepcopy(tree)
    s = Suppressor(base, min_n, decide(tree, min_n, forced))
    satisfaction(s)
    items(s)
    traits(s)
    regression(s)
    national(s)
    choices(s)
    table_rules(s)
    hidden = s.decision.unit_withheld(NATIONAL, "grade") or any(
        kind == SPREAD and name.partition("|")[0] == "grade" for kind, name in s.decision.units
    )
    withheld_spts = set(s.decision.primary) | set(s.decision.secondary)
    base["caveats"] = anonymous_caveats(base.get("caveats") or [], withheld_spts, hidden)
    for i, _ in enumerate(base.get("grade_cells") or []):  # the check's blocks: never published
        s.marks.append((["grade_cells", i], ("mean",)))
    fields: set[str] = set()
    for parts, names in s.marks:
        fields.update(_withhold(base, parts, names))
    return Withheld(
        tree=base, fields=frozenset(fields), log=tuple(s.log), min_n=min_n, decision=s.decision
    )


@dataclass(frozen=True)
class Published:
    """The one publication decision of a run: what every public output may show.

    `results`: the Results with every withheld value None (typed, as results.json holds them);
    `withheld`: JSON pointers of the withheld values; `log`: each suppression with its reason;
    `remarks_from`: the SPTs whose respondents' remarks may be printed; `decision`: which
    SPTs and combined figures are withheld, decided once for the run.
    """

    results: Results
    withheld: frozenset[str]
    log: tuple[Suppression, ...]
    min_n: int
    remarks_from: frozenset[str]
    decision: Decision

    def spt_withheld(self, name: str) -> bool:
        """True when the SPT's personal figures are withheld (primary or secondary)."""
        return self.decision.spt_withheld(name)

    def is_withheld(self, *parts: object) -> bool:
        return pointer(*parts) in self.withheld

    def log_dicts(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.log]

    def tree(self) -> dict:
        """results.json as a tree: the published Results plus the 'disclosure' block."""
        tree = json.loads(self.results.model_dump_json())
        tree["disclosure"] = {
            "min_n": self.min_n,
            "rule": rule_text(self.min_n),
            "suppressed": self.log_dicts(),
        }
        return tree

    def to_json(self) -> str:
        """results.json as published: sorted keys, indented, newline-terminated."""
        return json.dumps(self.tree(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def disclose(results: Results, min_n: int | None = None, forced: Forced | None = None) -> Published:
    """The published result of a run; min_n defaults to the run's own `parameters.min_n`;
    `forced`: SPTs withheld whatever their size (a republished year, `disclosure.republish`)."""
    k = int(results.parameters.min_n if min_n is None else min_n)
    # model_dump_json keeps the codebook's order of items and traits and writes NaN as null
    w = disclose_tree(json.loads(results.model_dump_json()), k, forced)
    remarks = frozenset(
        name
        for name, n in respondents(w.tree).items()
        if n >= k and not w.decision.spt_withheld(name)
    )
    return Published(
        results=Results.model_validate(w.tree),
        withheld=w.fields,
        log=w.log,
        min_n=k,
        remarks_from=remarks,
        decision=w.decision,
    )


def ranking(by_spt: dict[str, dict]) -> list[str]:
    """SPTs by published grade, highest first; suppressed or missing grades are left out."""
    shown = [
        (v["estimate"], k)
        for k, v in by_spt.items()
        if isinstance(v.get("estimate"), int | float) and not isinstance(v.get("estimate"), bool)
    ]
    return [k for _, k in sorted(shown, key=lambda t: (-t[0], t[1]))]
