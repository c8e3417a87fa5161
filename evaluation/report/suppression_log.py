"""The suppression log as a reader sees it: grouped per figure, with SPT names."""

from __future__ import annotations

from evaluation.disclosure.cells import SPT_COUNT_COLUMNS
from evaluation.disclosure.publish import Published
from evaluation.dutch import number
from evaluation.report.views import shown
from evaluation.results import ItemDistribution

SHOWN_FIELDS = {"estimate", "n"}  # withheld with them, a figure is gone; without, its spread


def readable_log(published: Published, log: list[dict]) -> list[dict]:
    """The suppression log grouped per figure, with SPT names instead of row numbers."""
    results = published.results
    tables = results.tables
    response = tables.get("respons_spt")
    respondents = {r.get("spt"): r.get("n") for r in (response.rows if response else [])}
    groups: dict[tuple[str, str], list[str]] = {}
    for s in log:
        parts = s["path"].strip("/").split("/")
        what, who, n = s["path"], "", s["n"]
        if parts[:2] == ["satisfaction", "by_spt"]:
            what, who = "Tevredenheidsscore per SPT", parts[2]
        elif parts[0] == "items" and len(parts) == 4 and parts[2] == "agree_by_spt":
            what, who = f"Aandeel eens per SPT: {_short(results.items, parts[1])}", parts[3]
        elif parts[0] == "items" and len(parts) == 4 and parts[2] == "distribution_by_spt":
            what, who = f"Antwoordverdeling per SPT: {_short(results.items, parts[1])}", parts[3]
        elif parts[0] == "items" and len(parts) == 3 and parts[2] == "agree":
            what, who = "Aandeel eens landelijk", _short(results.items, parts[1])
        elif parts[0] == "choices" and len(parts) == 6 and parts[4] == "by_spt":
            question = results.choices.get(parts[1])
            what = f"{question.short if question else parts[1]} per SPT (alle keuzes)"
            who = parts[5]
        if parts[0] in ("items", "choices") and shown(respondents.get(parts[-1])):
            # the SPT's respondents, not its valid answers: for a one-person SPT 'n = 0'
            # would tell that this person answered 'weet niet' or skipped the statement
            n = respondents[parts[-1]]
        elif parts[0] == "traits":
            trait = results.traits.get(parts[1])
            group = {"test": "toets"}.get(parts[2], parts[2])
            what, who = f"Tabel 2.2: {trait.short if trait else parts[1]}", group
        elif parts[:2] == ["traits_regression", "coefficients"] and len(parts) == 3:
            term = results.traits.get(parts[2])
            what = "Hoofdstuk 5, alle kenmerken samen (regressie)"
            who = "constante" if "ntercept" in parts[2] else term.short if term else parts[2]
        elif parts[0] == "tables" and len(parts) == 4 and parts[2] == "rows":
            t = tables.get(parts[1])
            i = int(parts[3])
            row = t.rows[i] if t is not None and i < len(t.rows) else {}
            what = t.title if t is not None else parts[1]
            who = str(row.get("spt") or row.get("label") or parts[3])
        elif parts[0] == "tables" and len(parts) == 2:
            t = tables.get(parts[1])
            what = t.title if t is not None else parts[1]
            who = "hertelling"
        if who == "hertelling":
            cell = s["reason"]
        elif parts[0] in ("items", "traits") and not SHOWN_FIELDS & set(s.get("fields") or ["n"]):
            cell = f"{who}: spreiding"  # the figure itself is shown; only its spread is not
        elif parts[0] == "tables" and parts[1] in SPT_COUNT_COLUMNS:
            cell = f"{who} (alle of geen van {number(n, 0)} SPT's)"  # n counts SPTs here
        elif not n:  # a combined figure withheld as a whole: no n of its own
            cell = who
        else:
            cell = f"{who} (n = {number(n, 0)})"
        cells = groups.setdefault((what, s["rule"]), [])
        if cell not in cells:  # a choice question lists each SPT once, not once per option
            cells.append(cell)
    return _merge_statements(
        [{"figure": w, "rule": r, "cells": "; ".join(c)} for (w, r), c in groups.items()]
    )


def _short(items: dict[str, ItemDistribution], key: str) -> str:
    item = items.get(key)
    return item.short if item is not None else key


STATEMENT_LOGS = ("Aandeel eens per SPT", "Antwoordverdeling per SPT")


def _merge_statements(rows: list[dict]) -> list[dict]:
    """One log row per rule and set of SPTs for the per-SPT statement figures, listing the
    statements, instead of two near-identical rows per statement."""
    out: list[dict] = []
    merged: dict[tuple[str, str], dict] = {}
    for r in rows:
        kind, _, label = r["figure"].partition(": ")
        if kind not in STATEMENT_LOGS:
            out.append(r)
            continue
        key = (r["rule"], r["cells"])
        if key not in merged:
            merged[key] = {"kinds": [], "labels": [], "rule": r["rule"], "cells": r["cells"]}
            out.append(merged[key])
        m = merged[key]
        m["kinds"] += [kind] if kind not in m["kinds"] else []
        m["labels"] += [label] if label not in m["labels"] else []
    for r in out:
        if "kinds" in r:
            what = " en ".join(k.replace(" per SPT", "") for k in r.pop("kinds")).lower()
            r["figure"] = f"Stellingen per SPT ({what}): " + ", ".join(r.pop("labels"))
    return out
