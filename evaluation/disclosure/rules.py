"""The suppression rules applied to a Results tree: primary, secondary, recounts and SPT counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evaluation.dutch import SUPPRESSED

PRIMARY = "primair"

SECONDARY = "secundair"

RECOUNT = "hertelling"

ESTIMATE_FIELDS = ("estimate", "se", "ci", "df", "deff", "band")

TEST_FIELDS = (
    "difference",
    "se",
    "ci",
    "t",
    "p_value",
    "mdd",
    "significant",
    "se_stratum",
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


def pointer(*parts: object) -> str:
    """JSON pointer (RFC 6901) to a figure: '/satisfaction/by_spt/Twente'."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


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


def rule_text(min_n: int) -> str:
    """The suppression rule in plain Dutch, for the method page and the JSON."""
    return (
        f"Een cijfer dat op minder dan {min_n} respondenten rust, wordt niet gepubliceerd "
        f"(weergegeven als '{SUPPRESSED}'; het aantal respondenten blijft zichtbaar). Zou een "
        "weggelaten SPT-cijfer uit het landelijke cijfer en de andere SPT's terug te rekenen "
        f"zijn op minder dan {min_n} respondenten, dan wordt ook het SPT met de kleinste "
        "respons weggelaten. Tellingen van SPT's tellen alleen de gepubliceerde SPT's; waar dat "
        "niet kan, wordt een telling van geen of alle SPT's weggelaten."
    )


class _Suppressor:
    def __init__(self, tree: dict, min_n: int) -> None:
        self.tree = tree
        self.min_n = min_n
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
        rows = ((self.tree.get("tables") or {}).get("respons_spt") or {}).get("rows") or []
        return {str(r["spt"]): int(r.get("n") or 0) for r in rows if r.get("spt") != "Totaal"}

    def primary_reason(self, n: int) -> str:
        return f"rust op {n} respondent{'en' if n != 1 else ''} (minder dan {self.min_n})"

    def secondary_reason(self, protected: list[str]) -> str:
        return (
            "weggelaten zodat " + ", ".join(protected) + " niet uit het totaal terug te "
            "rekenen " + ("is" if len(protected) == 1 else "zijn")
        )

    # -- rule 1 + 2 on a group of per-SPT estimates with an equal-weight aggregate -------------

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
            return self._group(base, sizes, (*fields, "n"), answers=True)
        return self._group(base, sizes, fields)

    def _group(
        self,
        base: list,
        sizes: dict[str, int],
        fields: tuple[str, ...],
        names: dict[str, str] | None = None,
        answers: bool = False,
    ) -> set:
        names = names or {k: k for k in sizes}
        primary = {k for k, n in sizes.items() if self.small(n)}
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
        secondary: list[str] = []
        if primary:
            total = sum(sizes[k] for k in primary)
            candidates = sorted((n, k) for k, n in sizes.items() if k not in primary)
            while total < self.min_n and candidates:
                n, k = candidates.pop(0)
                secondary.append(k)
                total += n
        for k in secondary:
            self.suppress(
                [*base, k],
                fields,
                SECONDARY,
                self.respondents().get(k, sizes[k]) if answers else sizes[k],
                self.secondary_reason(sorted(names[p] for p in primary)),
            )
        return primary | set(secondary)

    # -- the parts of Results ------------------------------------------------------------------

    def satisfaction(self) -> None:
        sat = self.tree.get("satisfaction") or {}
        overall = sat.get("overall") or {}
        if self.small(overall.get("n")):
            self.suppress(
                ["satisfaction", "overall"],
                ESTIMATE_FIELDS,
                PRIMARY,
                overall["n"],
                self.primary_reason(overall["n"]),
            )
        self.estimate_group(["satisfaction", "by_spt"], sat.get("by_spt") or {}, ESTIMATE_FIELDS)
        rel = sat.get("reliability") or {}
        if rel and self.small(rel.get("n_complete")):
            self.suppress(
                ["satisfaction", "reliability"],
                ("alpha", "item_rest", "item_means"),
                PRIMARY,
                rel["n_complete"],
                self.primary_reason(rel["n_complete"]),
            )

    def items(self) -> None:
        for key, item in (self.tree.get("items") or {}).items():
            n = item.get("n")
            if self.small(n):
                reason = self.primary_reason(n)
                self.suppress(["items", key], ("n_effective",), PRIMARY, n, reason)
                for i, _ in enumerate(item.get("categories") or []):
                    self.marks.append((["items", key, "categories", i], ("share",)))
                self.marks.append((["items", key, "weet_niet"], ("share",)))
                self.marks.append((["items", key, "agree"], ESTIMATE_FIELDS))
            self.estimate_group(
                ["items", key, "agree_by_spt"],
                item.get("agree_by_spt") or {},
                ESTIMATE_FIELDS,
                answers=True,
            )
            self.distribution_group(key, item.get("distribution_by_spt") or {})

    def distribution_group(self, key: str, cells: dict[str, dict]) -> None:
        """Per-SPT answer distributions: rules 1 and 2 on the SPT's valid answers (the national
        distribution is the mean of the SPT distributions), withholding every share and count of
        a suppressed SPT, 'weet niet' included, and the SPT's number of valid answers (it would
        tell whether a small SPT's respondents answered); the log names its respondents."""
        sizes = {
            k: int(c.get("n") or 0)
            for k, c in cells.items()
            if any(cat.get("share") is not None for cat in c.get("categories") or [])
            or self.small(c.get("n"))
        }
        base = ["items", key, "distribution_by_spt"]
        for name in self._group(base, sizes, (*DISTRIBUTION_FIELDS, "n"), answers=True):
            self.marks.append(([*base, name], ("n",)))
            for i, _ in enumerate(cells[name].get("categories") or []):
                self.marks.append(([*base, name, "categories", i], ("share", "n")))
            self.marks.append(([*base, name, "weet_niet"], ("share", "n")))

    def traits(self) -> None:
        for key, trait in (self.tree.get("traits") or {}).items():
            small = []
            for group in ("ja", "nee"):
                g = trait.get(group) or {}
                if self.small(g.get("n")):
                    small.append(group)
                    self.suppress(
                        ["traits", key, group],
                        ESTIMATE_FIELDS,
                        PRIMARY,
                        g["n"],
                        self.primary_reason(g["n"]),
                    )
            if small:
                n = min(int((trait.get(g) or {}).get("n", 0)) for g in small)
                self.suppress(
                    ["traits", key, "test"],
                    (*TEST_FIELDS, "verdict"),
                    PRIMARY,
                    n,
                    f"vergelijking met groep '{small[0]}' die op minder dan {self.min_n} "
                    "respondenten rust",
                )

    def tables(self) -> None:
        tables = self.tree.get("tables") or {}
        for key, table in tables.items():
            if key.endswith("_per_spt"):
                continue
            if key in COUNT_TABLES or key in MEAN_TABLES or key in ("respons_spt",):
                continue
            if key in ("respons_achtergrond", "1.1", "bijlage2"):
                continue  # counts of respondents and the register: not sensitive
            for i, row in enumerate(table.get("rows") or []):
                n = row.get("n")
                if self.small(n):
                    cols = [
                        c["key"]
                        for c in table.get("columns") or []
                        if c.get("kind") in ("share", "mean", "percent", "p")
                    ]
                    if not cols:
                        continue
                    self.suppress(
                        ["tables", key, "rows", i], cols, PRIMARY, n, self.primary_reason(n)
                    )
        self.spt_counts(tables)
        for summary, detail in MEAN_TABLES.items():
            if detail in tables:
                self.mean_table(tables, summary, detail)
        for summary, detail in COUNT_TABLES.items():
            if detail in tables:
                self.count_table(tables, summary, detail)

    def spt_counts(self, tables: dict) -> None:
        """Rule 4: counts of SPTs without a per-SPT table to recount from (tables 1.3, 1.9).
        When SPTs below min_n are among those counted, a count of none or of all of them tells
        each small SPT's answer; such a count is withheld."""
        rows = (tables.get("respons_spt") or {}).get("rows") or []
        small = [
            str(r["spt"])
            for r in rows
            if r.get("spt") != "Totaal" and 0 < int(r.get("n") or 0) < self.min_n
        ]
        if not small:
            return
        for key, cols in SPT_COUNT_COLUMNS.items():
            for i, row in enumerate((tables.get(key) or {}).get("rows") or []):
                total = row.get("n_spt_data")
                hit = [c for c in cols if row.get(c) is not None and row[c] in (0, total)]
                if hit:
                    self.suppress(
                        ["tables", key, "rows", i],
                        hit,
                        SECONDARY,
                        int(total or 0),
                        f"een telling van geen of alle {total} SPT's zou het antwoord van "
                        + ", ".join(sorted(small))
                        + " verraden",
                    )

    def _value_columns(self, table: dict) -> list[str]:
        return [c["key"] for c in table.get("columns") or [] if c["key"] not in ("spt", "n")]

    def mean_table(self, tables: dict, summary: str, detail: str) -> None:
        """Allocations per SPT: rules 1 and 2, rows as a whole (all columns share one n)."""
        rows = tables[detail].get("rows") or []
        cols = [c for c in self._value_columns(tables[detail]) if not c.endswith("_n")]
        sizes = {
            str(i): int(r.get("n") or 0)
            for i, r in enumerate(rows)
            if any(r.get(c) is not None for c in cols)
        }
        names = {str(i): str(r.get("spt", i)) for i, r in enumerate(rows)}
        self._group(["tables", detail, "rows"], sizes, tuple(cols), names)
        for i, row in enumerate((tables.get(summary) or {}).get("rows") or []):
            if self.small(row.get("n")):
                self.suppress(
                    ["tables", summary, "rows", i],
                    ("mean",),
                    PRIMARY,
                    row["n"],
                    self.primary_reason(row["n"]),
                )

    def count_table(self, tables: dict, summary: str, detail: str) -> None:
        """Per-SPT consensus answers: rule 1 per cell, then rule 3 (recount) for the counts."""
        det = tables[detail]
        rows = det.get("rows") or []
        answer_cols = [
            c for c in self._value_columns(det) if not c.endswith("_n") and c != "n_agree"
        ]
        hidden: dict[str, set[int]] = {c: set() for c in answer_cols}
        for i, row in enumerate(rows):
            cols = []
            for c in answer_cols:
                n = row.get(f"{c}_n", row.get("n"))
                if self.small(n):
                    cols.append(c)
                    hidden[c].add(i)
            if cols:
                extra = ["n_agree"] if "n_agree" in row else []
                n = min(int(row.get(f"{c}_n", row.get("n")) or 0) for c in cols)
                self.suppress(
                    ["tables", detail, "rows", i],
                    (*cols, *extra),
                    PRIMARY,
                    n,
                    self.primary_reason(n),
                )
        self.recount(tables, summary, rows, hidden)

    def recount(
        self, tables: dict, summary: str, rows: list[dict], hidden: dict[str, set[int]]
    ) -> None:
        table = tables.get(summary)
        if not table:
            return
        n_spt = len(rows)
        if "answer" in hidden:  # table 1.4: one row per answer
            shown = [r["answer"] for i, r in enumerate(rows) if i not in hidden["answer"]]
            left_out = len(hidden["answer"])
            if not left_out:
                return
            for row in table.get("rows") or []:
                row["n_spt"] = sum(1 for a in shown if a == row.get("answer"))
            self._recount_note(table, summary, left_out, n_spt)
            return
        left_out = 0
        for row in table.get("rows") or []:
            q = row.get("question")
            if q not in hidden or not hidden[q]:
                continue
            shown = [r.get(q) for j, r in enumerate(rows) if j not in hidden[q]]
            row["ja"] = sum(1 for a in shown if a == "ja")
            row["nee"] = sum(1 for a in shown if a == "nee")
            row["unclear"] = sum(1 for a in shown if a not in ("ja", "nee"))
            row["n_spt"] = len(shown)
            left_out = max(left_out, len(hidden[q]))
        if left_out:
            self._recount_note(table, summary, left_out, n_spt)

    def _recount_note(self, table: dict, summary: str, left_out: int, n_spt: int) -> None:
        note = (
            f"Alleen SPT's met ten minste {self.min_n} respondenten tellen mee; {left_out} van "
            f"de {n_spt} SPT's {'is' if left_out == 1 else 'zijn'} niet meegeteld."
        )
        table.setdefault("notes", []).append(note)
        self.log.append(
            Suppression(
                pointer("tables", summary),
                RECOUNT,
                left_out,
                f"hertelling over gepubliceerde SPT's; {left_out} SPT's niet meegeteld",
                (),
            )
        )
