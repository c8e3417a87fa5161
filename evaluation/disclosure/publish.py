"""The published result of a run: every output's one source of what may be shown.

`disclose` takes the full `Results` and returns `Published`: the same Results with every
withheld value None (typed, as results.json holds them), the JSON pointers of the withheld
values, the log of why, and the run's one `Decision`. What is withheld is not chosen here:

- `decide` takes the decision once, per SPT, for every figure: an SPT with fewer than `min_n`
  respondents is withheld as a unit (primary); the secondary suppressions are chosen across
  all figure families together, in GaussSuppression's order of value.
- The exact check proves that no withheld value can be derived: `linked` writes every figure
  that combines SPTs (national figures, trait groups, the regression, counts) as a row over
  the same unknowns, and `linear` tests by rank whether a withheld figure lies in the row
  space of the published ones; trait groups and regression terms that coincide with an SPT,
  or an SPT plus published SPTs, are withheld too. `spread` does the same for spreads.
- `rules` and `tables` apply the decision to each family (grades, statements, distributions,
  traits, regression; recounted tables, counts of SPTs; facts about an SPT stay published).

Readers never see a withheld value: it is None, and a report asks `Published.is_withheld`
whether a None was withheld (printed "x" by `report.withheld`) or could not be estimated.
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
        """True when the value at `parts` ("satisfaction", "by_spt", name, "estimate") is
        withheld: its None means 'not shown', not 'could not be estimated'."""
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
