"""Suppression rules for the descriptive tables: per-SPT rows, recounts and counts of SPTs."""

from __future__ import annotations

from evaluation.disclosure.cells import (
    COUNT_TABLES,
    MEAN_TABLES,
    PRIMARY,
    RECOUNT,
    SECONDARY,
    SPT_COUNT_COLUMNS,
    Suppression,
    Suppressor,
    pointer,
)
from evaluation.disclosure.decide import TABLES


def table_rules(s: Suppressor) -> None:
    tables = s.tree.get("tables") or {}
    changed = s.decision.unit_withheld(TABLES, "")  # a republished year (decide.Forced)
    for key, table in tables.items():
        if key.endswith("_per_spt"):
            continue
        if key in COUNT_TABLES or key in MEAN_TABLES or key in ("respons_spt",):
            continue
        if changed and key not in ("1.1", "bijlage2"):
            republished_table(s, key, table)
            continue
        if key in ("respons_achtergrond", "1.1", "bijlage2"):
            continue  # counts of respondents and the register: not sensitive
        for i, row in enumerate(table.get("rows") or []):
            n = row.get("n")
            if s.small(n):
                cols = [
                    c["key"]
                    for c in table.get("columns") or []
                    if c.get("kind") in ("share", "mean", "percent", "p")
                ]
                if not cols:
                    continue
                s.suppress(["tables", key, "rows", i], cols, PRIMARY, n, s.primary_reason(n))
    spt_counts(s, tables)
    for summary, detail in MEAN_TABLES.items():
        if detail in tables:
            mean_table(s, tables, summary, detail)
    for summary, detail in COUNT_TABLES.items():
        if detail in tables:
            count_table(s, tables, summary, detail)


# Tables whose rows count respondents by a personal answer (the background category of the
# respondent), beside a total row that counts them all.
BY_ANSWER = {"respons_achtergrond": ("background", "Totaal")}


def republished_table(s: Suppressor, key: str, table: dict) -> None:
    """A republished year whose change rests on a few respondents: a figure over all
    respondents' answers, beside the one published before, would show theirs. Every such
    figure is withheld: shares and means, their spreads, and the counts by answer (which
    category grew by one); what stays is the number of respondents a table rests on (its
    column `n`, the total row) and the counts of SPTs (rule 4 decides those)."""
    kinds = ("share", "mean", "percent", "p")
    cols = {c["key"] for c in table.get("columns") or [] if c.get("kind") in kinds}
    label, total = BY_ANSWER.get(key, (None, None))
    of_spts = {*SPT_COUNT_COLUMNS.get(key, ()), "n_spt", "n_spt_data"}
    reason = s.decision.units[(TABLES, "")]
    for i, row in enumerate(table.get("rows") or []):
        if label is not None and row.get(label) == total:
            continue
        counts = {
            c
            for c, v in row.items()
            if isinstance(v, int | float)
            and not isinstance(v, bool)
            and (c != "n" or label is not None)
            and c not in of_spts
        }
        hit = sorted(c for c in cols | counts if row.get(c) is not None)
        if hit:
            s.suppress(["tables", key, "rows", i], hit, SECONDARY, 0, reason)


def spt_counts(s: Suppressor, tables: dict) -> None:
    """Rule 4: counts of SPTs without a per-SPT table to recount from (tables 1.3, 1.9).
    Facts about an SPT are counted over every SPT. For a personal answer, while an SPT is
    withheld, a count of none or of all would tell its answer; every count of that column is
    then withheld, whatever its value, so the withholding itself tells nothing."""
    withheld = sorted(k for k in s.respondents() if s.decision.spt_withheld(k))
    if not withheld:
        return
    for key, cols in SPT_COUNT_COLUMNS.items():
        for i, row in enumerate((tables.get(key) or {}).get("rows") or []):
            if str(row.get("item")) in s.facts:
                continue
            hit = [c for c in cols if row.get(c) is not None]
            if hit:
                s.suppress(
                    ["tables", key, "rows", i],
                    hit,
                    SECONDARY,
                    int(row.get("n_spt_data") or 0),
                    "een telling van SPT's met een persoonlijk antwoord wordt niet getoond "
                    "zolang er SPT's zijn waarvan de antwoorden niet gepubliceerd worden",
                )


def value_columns(s: Suppressor, table: dict) -> list[str]:
    return [c["key"] for c in table.get("columns") or [] if c["key"] not in ("spt", "n")]


def mean_table(s: Suppressor, tables: dict, summary: str, detail: str) -> None:
    """Allocations per SPT: rules 1 and 2, rows as a whole (all columns share one n)."""
    rows = tables[detail].get("rows") or []
    cols = [c for c in value_columns(s, tables[detail]) if not c.endswith("_n")]
    sizes = {
        str(i): int(r.get("n") or 0)
        for i, r in enumerate(rows)
        if any(r.get(c) is not None for c in cols)
    }
    names = {str(i): str(r.get("spt", i)) for i, r in enumerate(rows)}
    s.group(["tables", detail, "rows"], sizes, tuple(cols), names)
    for i, row in enumerate((tables.get(summary) or {}).get("rows") or []):
        if s.decision.unit_withheld(TABLES, "") and row.get("mean") is not None:
            reason = s.decision.units[(TABLES, "")]  # a republished year (decide.Forced)
            s.suppress(["tables", summary, "rows", i], ("mean",), SECONDARY, 0, reason)
        elif s.small(row.get("n")):
            s.suppress(
                ["tables", summary, "rows", i],
                ("mean",),
                PRIMARY,
                row["n"],
                s.primary_reason(row["n"]),
            )


def count_table(s: Suppressor, tables: dict, summary: str, detail: str) -> None:
    """Per-SPT consensus answers: rule 1 per cell, then rule 3 (recount) for the counts."""
    det = tables[detail]
    rows = det.get("rows") or []
    answer_cols = [c for c in value_columns(s, det) if not c.endswith("_n") and c != "n_agree"]
    hidden: dict[str, set[int]] = {c: set() for c in answer_cols}
    for i, row in enumerate(rows):
        cols = []
        spt = str(row.get("spt"))
        for c in answer_cols:
            if str(row.get("question", c)) in s.facts:
                continue  # a fact about the SPT: published for every SPT
            n = row.get(f"{c}_n", row.get("n"))
            if s.small(n) or s.decision.spt_withheld(spt):
                cols.append(c)
                hidden[c].add(i)
        if cols:
            extra = ["n_agree"] if "n_agree" in row else []
            n = min(int(row.get(f"{c}_n", row.get("n")) or 0) for c in cols)
            if s.small(n) or spt in s.decision.primary:
                rule, reason = PRIMARY, s.primary_reason(n)
            else:
                rule, reason = SECONDARY, s.decision.secondary[spt]
            s.suppress(["tables", detail, "rows", i], (*cols, *extra), rule, n, reason)
    recount(s, tables, summary, rows, hidden)


def recount(
    s: Suppressor, tables: dict, summary: str, rows: list[dict], hidden: dict[str, set[int]]
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
        recount_note(s, table, summary, left_out, n_spt)
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
        recount_note(s, table, summary, left_out, n_spt)


def recount_note(s: Suppressor, table: dict, summary: str, left_out: int, n_spt: int) -> None:
    note = (
        f"Alleen SPT's met ten minste {s.min_n} respondenten tellen mee; {left_out} van "
        f"de {n_spt} SPT's {'is' if left_out == 1 else 'zijn'} niet meegeteld."
    )
    table.setdefault("notes", []).append(note)
    s.log.append(
        Suppression(
            pointer("tables", summary),
            RECOUNT,
            left_out,
            f"hertelling over gepubliceerde SPT's; {left_out} SPT's niet meegeteld",
            (),
        )
    )
