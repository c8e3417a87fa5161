"""The disclosure audit anyone can run on a published results.json: could a withheld value be
derived from what is published? It re-runs the exact check of `disclosure` (every combined
figure a known linear combination of SPT cells; is a withheld one in their row space?) and
tries the known attacks by name: complements of the national figure, regression fits, trait
groups, counts of SPTs that sum to all or none, and the variance attack (national SE minus
the published SPT SEs, `spread.py`). Findings are Dutch sentences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluation.disclosure.cells import SPT_COUNT_COLUMNS, pointer
from evaluation.disclosure.decide import Target, small_pools, widened
from evaluation.disclosure.linear import RowSpace, recipe
from evaluation.disclosure.linked import (
    NATIONAL,
    REGRESSION,
    TRAIT,
    Figure,
    Quantity,
    quantities,
    spt_sizes,
)
from evaluation.disclosure.rules import TEST_SPREAD_FIELDS
from evaluation.disclosure.spread import ATTACK, SPREAD_FIELDS
from evaluation.disclosure.spread_check import spread_model
from evaluation.dutch import number

SPREAD_ONLY = {*SPREAD_FIELDS, *TEST_SPREAD_FIELDS, "verdict"}

ATTACKS = {
    NATIONAL: "aanvulling op het landelijke cijfer",
    TRAIT: "kenmerkgroep",
    REGRESSION: "regressie",
}


@dataclass(frozen=True)
class Finding:
    """One withheld value that can be derived, with the recipe in Dutch."""

    what: str
    how: str
    attack: str

    def sentence(self) -> str:
        return f"{self.what} is terug te rekenen ({self.attack}): {self.how}"


@dataclass(frozen=True)
class DisclosureAudit:
    findings: tuple[Finding, ...]
    checked: int  # protected values tested
    unchecked: str | None = None  # why part of the file could not be checked, in Dutch

    @property
    def ok(self) -> bool:
        return not self.findings and self.unchecked is None

    def summary(self) -> str:
        if self.unchecked and not self.findings:
            return f"Niet te controleren: {self.unchecked}."
        if self.ok:
            return (
                f"Geen weggelaten cijfer is terug te rekenen ({self.checked} beschermde waarden "
                "gecontroleerd op alle gepubliceerde combinaties)."
            )
        return f"{len(self.findings)} weggelaten cijfer(s) terug te rekenen."


def audit_published(tree: dict) -> DisclosureAudit:
    """Audit a published results tree (results.json as attached to a report)."""
    block = tree.get("disclosure") or {}
    min_n = int(block.get("min_n") or (tree.get("parameters") or {}).get("min_n") or 1)
    # a figure is withheld when its value is; a log entry of spreads only keeps its estimate
    withheld = {
        str(s.get("path"))
        for s in block.get("suppressed") or []
        if not s.get("fields") or not set(s.get("fields") or []) <= SPREAD_ONLY
    }
    findings: list[Finding] = []
    checked = 0
    sizes = spt_sizes(tree)
    small = {k: n for k, n in sizes.items() if 0 < n < min_n}
    for q in quantities(tree, frozenset(withheld)):
        shown = [f for f in q.figures if f.value is not None and pointer(*f.path) not in withheld]
        targets = _targets(q, withheld, small, min_n)
        checked += len(targets)
        if not shown:
            continue
        rows = np.array([f.row for f in shown])
        space = RowSpace(rows, q.width)
        for t in targets:
            if t.given_away(space):
                findings.append(_finding(q, t, shown, rows))
        safe = [t for t in targets if not t.given_away(space)]
        findings += _spread_findings(tree, q, rows, withheld, safe)
    findings += _caveat_findings(tree, withheld)
    findings += _count_findings(tree, sizes, min_n)
    return DisclosureAudit(tuple(findings), checked, _unchecked(tree))


def _unchecked(tree: dict) -> str | None:
    """Trait groups and the regression combine the grade cells; without them (a results.json
    written before they were recorded) the check cannot see through those figures."""
    if tree.get("grade_cells"):
        return None
    traits = any(
        (t.get(g) or {}).get("estimate") is not None
        for t in (tree.get("traits") or {}).values()
        for g in ("ja", "nee")
    )
    coefs = (tree.get("traits_regression") or {}).get("coefficients") or {}
    if traits or any(c.get("estimate") is not None for c in coefs.values()):
        return (
            "results.json heeft geen rapportcijfer per SPT en kenmerkantwoorden (grade_cells); "
            "kenmerkgroepen en regressie zijn daardoor niet na te rekenen"
        )
    return None


def _targets(q: Quantity, withheld: set[str], small: dict[str, int], min_n: int) -> list[Target]:
    out = [
        Target(f.label, row=f.row, spt=f.unit[1])
        for f in q.figures
        if pointer(*f.path) in withheld and f.unit[0] != REGRESSION and f.n > 0
    ]
    spt_of = np.array(q.column_spt)
    here = {k: n for k, n in small.items() if k in set(q.column_spt)}
    for group in small_pools(here, min_n):
        out.append(Target(f"{q.label} van {', '.join(group)}", inside=np.isin(spt_of, group)))
    if q.name == "grade":
        for i, n in enumerate(q.column_n):
            if n < min_n:
                out.append(
                    Target(
                        f"{q.label} van een kleine groep in {q.column_spt[i]}",
                        inside=np.arange(q.width) == i,
                    )
                )
        out += [
            Target(f"{q.label} van {label}", row=row) for label, row, n in q.groups if n < min_n
        ]
    return out


def _inside_row(space: RowSpace, inside: np.ndarray) -> np.ndarray:
    """A published combination that involves only the unknowns in `inside`."""
    _, sv, vt = np.linalg.svd(space.basis[:, ~inside].T)
    null = vt[int((sv > 1e-9).sum()) :]
    row = null[0] @ space.basis
    row[~inside] = 0.0
    if inside.sum() == 1:
        row = row / row[inside][0]
    return row


def _finding(q: Quantity, t: Target, shown: list[Figure], rows: np.ndarray) -> Finding:
    target = t.row
    if target is None and t.inside is not None:
        target = _inside_row(RowSpace(rows, q.width), t.inside)
        if t.inside.sum() == 1:
            i = int(np.flatnonzero(t.inside)[0])
            t = Target(f"{q.label} van {q.columns[i]} ({q.column_n[i]} respondent(en))")
        else:
            t = Target(f"een combinatie over {t.label} alleen")
    weights = recipe(rows, target)
    if weights is None:
        return Finding(t.label, "uit de gepubliceerde cijfers", _attack(shown))
    used = [(w, f) for w, f in zip(weights, shown, strict=True) if abs(w) > 1e-9]
    value = float(sum(w * float(f.value) for w, f in used))
    terms = " ".join(
        f"{'+' if w > 0 else '−'} {number(abs(w), 4)} × {f.label} ({number(float(f.value), 4)})"
        for w, f in used[:8]
    )
    more = f" en {len(used) - 8} termen meer" if len(used) > 8 else ""
    return Finding(
        f"{t.label} = {number(value, 4)}",
        f"{terms.lstrip('+ ')}{more}",
        _attack([f for _, f in used]),
    )


def _attack(figures: list[Figure]) -> str:
    kinds = [ATTACKS[f.unit[0]] for f in figures if f.unit[0] in ATTACKS]
    return ", ".join(dict.fromkeys(kinds)) or "gepubliceerde SPT-cijfers"


def _count_findings(tree: dict, sizes: dict[str, int], min_n: int) -> list[Finding]:
    """Counts of SPTs with a personal answer: all or none of them, while an SPT is withheld."""
    facts = set((tree.get("parameters") or {}).get("fact_questions") or [])
    if not any(0 < n < min_n for n in sizes.values()):
        return []
    out = []
    for key, cols in SPT_COUNT_COLUMNS.items():
        for row in ((tree.get("tables") or {}).get(key) or {}).get("rows") or []:
            if str(row.get("item")) in facts:
                continue
            for c in cols:
                value, total = row.get(c), row.get("n_spt_data")
                if isinstance(value, int) and value in (0, total):
                    out.append(
                        Finding(
                            f"tabel {key}, {row.get('label')}: {c} = {value}",
                            f"een telling van {'geen' if value == 0 else 'alle'} SPT's toont het "
                            "antwoord van elk SPT, ook van een SPT met weinig respondenten",
                            "tellingen die optellen tot alle of geen",
                        )
                    )
    return out


def audit_trends(trends: dict) -> list[Finding]:
    """Year differences: a change published beside a withheld year's figure gives it back
    (the other year's published figure plus or minus the change)."""
    out = []
    series = [("landelijke tevredenheidsscore", trends.get("grade") or {})]
    series += [
        (f"tevredenheidsscore {k}", s) for k, s in (trends.get("grade_by_spt") or {}).items()
    ]
    series += [(f"stelling {k}", s) for k, s in (trends.get("agree") or {}).items()]
    for label, s in series:
        change = s.get("change") or {}
        if change.get("difference") is None:
            continue
        points = {int(p["year"]): p.get("estimate") for p in s.get("points") or []}
        for year in (change.get("from_year"), change.get("to_year")):
            if year is not None and points.get(int(year)) is None and int(year) in points:
                out.append(
                    Finding(
                        f"{label} in {year}",
                        f"het andere jaar min of plus de gepubliceerde verandering "
                        f"({number(float(change['difference']), 4)})",
                        "verschil tussen jaren",
                    )
                )
    return out


def _spread_findings(
    tree: dict, q: Quantity, rows: np.ndarray, withheld: set[str], targets: list[Target]
) -> list[Finding]:
    """The variance attack (`disclosure/spread_check.py`): the published spreads (SEs, df,
    design effects, tests) beside the published figures pin a withheld value locally (up to
    a sign or a swap), where the figures alone do not."""
    hidden = {f.unit[1] for f in q.figures if f.unit[0] == "spt" and pointer(*f.path) in withheld}
    model = spread_model(tree, q, set(q.column_spt) - hidden)
    if model is None or not model.offers or not targets:
        return []
    spreads = model.rows(model.base + model.offers)
    space = RowSpace(np.vstack([model.widen(rows), spreads]), model.cells.width)
    used = ", ".join(o.label for o in model.offers)
    out = []
    for t in targets:
        if any(w.given_away(space) for w in widened(t, model)):
            what = f"{q.label} van {t.spt}" if t.spt is not None else t.label
            out.append(
                Finding(
                    f"{what} (op een teken na)",
                    f"de gepubliceerde spreidingen ({used}) naast de gepubliceerde cijfers "
                    "leggen het vast, of de spreiding ervan",
                    ATTACK,
                )
            )
    return out


def _caveat_findings(tree: dict, withheld: set[str]) -> list[Finding]:
    """A method sentence that names a withheld SPT as carrying most of the national variance
    says its value lies far from the national one."""
    shown = {p.split("/")[3] for p in withheld if p.startswith("/satisfaction/by_spt/")}
    out = []
    for c in tree.get("caveats") or []:
        named = set(c.get("spts") or []) & shown
        if c.get("code") == "few_spts_carry_variance" and named:
            out.append(
                Finding(
                    f"de afstand van de tevredenheidsscore van {', '.join(sorted(named))} tot het "
                    "landelijke cijfer",
                    "de methodezin noemt dit weggelaten SPT als drager van meer dan de helft "
                    "van de landelijke onzekerheid",
                    ATTACK,
                )
            )
    return out
