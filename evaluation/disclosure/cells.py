"""What every rule shares: figure pointers, the log entry, and the primary/secondary group rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evaluation.disclosure.decide import Decision
from evaluation.disclosure.linked import pointer, respondents

PRIMARY = "primair"

SECONDARY = "secundair"

RECOUNT = "hertelling"

ESTIMATE_FIELDS = (
    "estimate",
    "se",
    "ci",
    "df",
    "deff",
    "band",
    "df_design",
    "se_nofpc",
    "df_nofpc",
    "reason",
)

TEST_FIELDS = (
    "difference",
    "se",
    "ci",
    "t",
    "p_value",
    "mdd",
    "significant",
    "se_stratum",
    "df_stratum",
    "se_ratio",
)

# What a withheld per-SPT distribution loses (logged; the values sit one level deeper).
DISTRIBUTION_FIELDS = ("categories.share", "categories.n", "weet_niet.share", "weet_niet.n")

# Count tables recounted over published SPTs: count table -> per-SPT table.
COUNT_TABLES = {"1.4": "1.4_per_spt", "1.7": "1.7_per_spt", "1.8": "1.8_per_spt"}

# Counts of SPTs with no per-SPT table behind them: table -> count columns (rule 4).
SPT_COUNT_COLUMNS = {"1.3": ("n_spt",), "1.9": ("active", "background")}

# Mean-over-SPTs tables: summary table -> per-SPT table.
MEAN_TABLES = {"1.5": "1.5_per_spt", "1.6": "1.6_per_spt"}

UNCLEAR = "weet niet/onduidelijk"


@dataclass(frozen=True)
class Suppression:
    """One suppressed figure: where it is, which rule, and the n it rests on."""

    path: str
    rule: str
    n: int
    reason: str
    fields: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rule": self.rule,
            "n": self.n,
            "reason": self.reason,
            "fields": list(self.fields),
        }


class Suppressor:
    """Walks one Results tree: collects withheld fields (marks) and the log; the secondary
    choice is the run's one `Decision` (which SPTs and combined figures are withheld)."""

    def __init__(self, tree: dict, min_n: int, decision: Decision) -> None:
        self.tree = tree
        self.min_n = min_n
        self.decision = decision
        self.facts = frozenset((tree.get("parameters") or {}).get("fact_questions") or [])
        self.log: list[Suppression] = []
        self.marks: list[tuple[list, tuple[str, ...]]] = []  # (parent path, fields) for "x"

    def small(self, n: int | None) -> bool:
        return n is not None and n < self.min_n

    def suppress(self, parts: list, fields: Iterable[str], rule: str, n: int, reason: str) -> None:
        fields = tuple(fields)
        self.marks.append((parts, fields))
        self.log.append(Suppression(pointer(*parts), rule, int(n), reason, fields))

    def respondents(self) -> dict[str, int]:
        """Respondents per SPT (appendix 1): counts that are published anyway."""
        return respondents(self.tree)

    def primary_reason(self, n: int) -> str:
        return f"rust op {n} respondent{'en' if n != 1 else ''} (minder dan {self.min_n})"

    def estimate_group(
        self, base: list, cells: dict[str, dict], fields: tuple[str, ...], answers: bool = False
    ) -> set:
        """Primary and secondary suppression of {SPT: estimate dict}; returns suppressed SPTs.

        `answers`: the cells' n counts an SPT's valid answers to one question, which for a
        small SPT would tell who answered 'weet niet' or skipped it; then n is withheld too and
        the log names the SPT's respondent count instead."""
        # a small cell without a value is withheld too: leaving it out of the log (and showing
        # it blank) would tell that its few respondents gave no valid answer
        with_value = {
            k: c
            for k, c in cells.items()
            if c.get("estimate") is not None or self.small(c.get("n"))
        }
        sizes = {k: c.get("n", 0) for k, c in with_value.items()}
        if answers:
            return self.group(base, sizes, (*fields, "n"), answers=True)
        return self.group(base, sizes, fields)

    def group(
        self,
        base: list,
        sizes: dict[str, int],
        fields: tuple[str, ...],
        names: dict[str, str] | None = None,
        answers: bool = False,
    ) -> set:
        names = names or {k: k for k in sizes}
        primary = {
            k for k, n in sizes.items() if self.small(n) or names[k] in self.decision.primary
        }
        for k in sorted(primary):
            if answers:
                n = self.respondents().get(k, sizes[k])
                reason = (
                    f"minder dan {self.min_n} geldige antwoorden "
                    f"(SPT met {n} respondent{'en' if n != 1 else ''})"
                )
                self.suppress([*base, k], fields, PRIMARY, n, reason)
            else:
                self.suppress([*base, k], fields, PRIMARY, sizes[k], self.primary_reason(sizes[k]))
        secondary = [k for k in sizes if k not in primary and names[k] in self.decision.secondary]
        for k in secondary:
            self.suppress(
                [*base, k],
                fields,
                SECONDARY,
                self.respondents().get(names[k], sizes[k]) if answers else sizes[k],
                self.decision.secondary[names[k]],
            )
        return primary | set(secondary)
