"""Every published figure that combines SPTs, written as a row over the same unknowns.

One `Quantity` per kind of value: the grade (unknowns: the grade cells, SPT x trait answers),
and per statement and allocation table the SPT values. With every SPT counting equally, the
national figure is the mean of the SPT figures, a trait group's grade the weighted mean of its
cells (weight n_c / n_k per SPT), a regression coefficient a fixed linear function of the cell
means. `derive` tests on these rows which withheld figure could be recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

NATIONAL, SPT, TRAIT, REGRESSION = "landelijk", "spt", "kenmerk", "regressie"


@dataclass(frozen=True)
class Figure:
    """One published figure: where it is, who decides on it, its row and the n it rests on.

    `unit`: (kind, name): ('spt', SPT name) for an SPT's own figure, else the combined figure's
    own unit: ('landelijk', quantity), ('kenmerk', 'trait/ja'), ('regressie', '')."""

    path: tuple
    unit: tuple[str, str]
    row: np.ndarray
    n: int
    value: float | None = None
    label: str = ""


@dataclass
class Quantity:
    """The unknowns of one kind of value and every figure over them."""

    name: str
    label: str
    columns: list[str]  # Dutch names of the unknowns
    column_spt: list[str]
    column_n: list[int]
    figures: list[Figure] = field(default_factory=list)
    values: np.ndarray | None = None  # the unknowns' true values, where the tree holds them
    groups: list[tuple[str, np.ndarray, int]] = field(default_factory=list)  # subgroups in SPTs

    @property
    def width(self) -> int:
        return len(self.columns)


def _cells_label(cell: dict) -> str:
    answers = ", ".join(
        f"{t} {'ja' if v == 1 else 'nee' if v == 0 else 'anders'}"
        for t, v in sorted((cell.get("traits") or {}).items())
    )
    return f"{cell['spt']} ({answers})" if answers else str(cell["spt"])


def grade_quantity(tree: dict) -> Quantity:
    """The grade: national, per SPT, trait groups and regression over the grade cells."""
    cells = tree.get("grade_cells") or []
    sat = tree.get("satisfaction") or {}
    by_spt = sat.get("by_spt") or {}
    if not cells:  # results written before the cells: one unknown per SPT
        cells = [
            {"spt": k, "traits": {}, "n": int(v.get("n") or 0), "mean": v.get("estimate")}
            for k, v in sorted(by_spt.items())
            if v.get("n")
        ]
    q = Quantity(
        name="grade",
        label="tevredenheidsscore",
        columns=[_cells_label(c) for c in cells],
        column_spt=[str(c["spt"]) for c in cells],
        column_n=[int(c["n"]) for c in cells],
    )
    means = [c.get("mean") for c in cells]
    q.values = None if any(m is None for m in means) else np.array(means, dtype=float)
    n = np.array(q.column_n, dtype=float)
    spts = sorted(set(q.column_spt))
    own = {k: np.array([s == k for s in q.column_spt]) for k in spts}
    rows = {k: np.where(own[k], n / n[own[k]].sum(), 0.0) for k in spts}
    per_figure = bool(
        ((tree.get("parameters") or {}).get("weighting") or {}).get("per_figure", True)
    )
    sizes = respondents(tree)
    if spts:
        # per figure every SPT with a grade counts 1/K; with fixed weights 1/(K n_k) over all
        # its respondents, an SPT counts by its share with a grade
        share = {k: 1.0 if per_figure else n[own[k]].sum() / sizes.get(k, 1) for k in spts}
        overall = sum(rows[k] * share[k] for k in spts) / sum(share.values())
        node = sat.get("overall") or {}
        q.figures.append(
            Figure(
                ("satisfaction", "overall"),
                (NATIONAL, "grade"),
                overall,
                int(n.sum()),
                node.get("estimate"),
                "landelijke tevredenheidsscore",
            )
        )
    for k in spts:
        q.figures.append(
            Figure(
                ("satisfaction", "by_spt", k),
                (SPT, k),
                rows[k],
                int(n[own[k]].sum()),
                (by_spt.get(k) or {}).get("estimate"),
                f"tevredenheidsscore {k}",
            )
        )
    for trait, node in (tree.get("traits") or {}).items():
        valid = np.array([(c.get("traits") or {}).get(trait) in (0, 1) for c in cells])
        for value, group in ((1, "ja"), (0, "nee")):
            inside = np.array([(c.get("traits") or {}).get(trait) == value for c in cells])
            row = _group_row(q, n, inside, valid, per_figure, sizes)
            for k in spts:  # the SPT's subgroup: a target when small
                part = inside & own[k]
                if part.any():
                    mean = np.where(part, n, 0.0) / n[part].sum()  # the subgroup's mean grade
                    q.groups.append((f"{k}, {trait} {group}", mean, int(n[part].sum())))
            if row is not None:
                g = node.get(group) or {}
                q.figures.append(
                    Figure(
                        ("traits", trait, group),
                        (TRAIT, f"{trait}/{group}"),
                        row,
                        int(n[inside].sum()),
                        g.get("estimate"),
                        f"tevredenheidsscore kenmerk {trait} = {group}",
                    )
                )
    q.figures += _regression_rows(tree, cells, n, own, None if per_figure else sizes)
    return q


def respondents(tree: dict) -> dict[str, int]:
    """Respondents per SPT in a results tree (appendix 1): counts that are published anyway."""
    rows = ((tree.get("tables") or {}).get("respons_spt") or {}).get("rows") or []
    return {str(r["spt"]): int(r.get("n") or 0) for r in rows if r.get("spt") != "Totaal"}


def spt_sizes(tree: dict) -> dict[str, int]:
    """Respondents per SPT: the response table, else the largest n any SPT figure shows."""
    sizes = respondents(tree)
    if sizes:
        return sizes
    out: dict[str, int] = {}

    def see(name: object, n: object) -> None:
        if isinstance(n, int):
            out[str(name)] = max(out.get(str(name), 0), n)

    for k, v in ((tree.get("satisfaction") or {}).get("by_spt") or {}).items():
        see(k, v.get("n"))
    for item in (tree.get("items") or {}).values():
        for k, v in (item.get("agree_by_spt") or {}).items():
            see(k, v.get("n"))
        for k, v in (item.get("distribution_by_spt") or {}).items():
            see(k, int(v.get("n") or 0) + int((v.get("weet_niet") or {}).get("n") or 0))
    for key, table in (tree.get("tables") or {}).items():
        if key.endswith("_per_spt"):
            for row in table.get("rows") or []:
                see(row.get("spt"), row.get("n"))
    return out


def _group_row(q, n, inside, valid, per_figure, respondents) -> np.ndarray | None:
    """A trait group's mean as a row: weight per respondent 1/n_k (n_k: the SPT's respondents
    valid on the figure, or all its respondents with fixed weights), normalised over the group."""
    if not inside.any():
        return None
    weight = np.zeros(q.width)
    for i in np.flatnonzero(inside):
        k = q.column_spt[i]
        same = np.array([s == k for s in q.column_spt])
        n_k = n[same & valid].sum() if per_figure else respondents.get(k, 0)
        weight[i] = n[i] / n_k if n_k else 0.0
    total = weight.sum()
    return weight / total if total > 0 else None


def _regression_rows(tree, cells, n, own, fixed: dict[str, int] | None) -> list[Figure]:
    """Regression coefficients: beta = (X'WX)^-1 X'W y over complete cells, so each is a fixed
    linear function of the cell means (W: 1/n_k per respondent, n_k the SPT's complete ones,
    or with fixed weights all its respondents)."""
    reg = tree.get("traits_regression") or {}
    coefs = {
        k: v for k, v in (reg.get("coefficients") or {}).items() if v.get("estimate") is not None
    }
    if not coefs or not cells:
        return []
    terms = list(coefs)
    complete = np.array(
        [
            all(v in (0, 1) for v in (c.get("traits") or {}).values()) and bool(c.get("traits"))
            for c in cells
        ]
    )
    x = np.array(
        [
            [
                1.0 if t == "(Intercept)" else float((c.get("traits") or {}).get(t) or 0)
                for t in terms
            ]
            for c in cells
        ]
    )
    w = np.zeros(len(cells))
    for k in own:
        n_k = n[own[k] & complete].sum() if fixed is None else fixed.get(k, 0)
        if n_k:
            w[own[k] & complete] = n[own[k] & complete] / n_k
    xtwx = (x * w[:, None]).T @ x
    if np.linalg.matrix_rank(xtwx) < len(terms):
        return []
    rows = np.linalg.solve(xtwx, (x * w[:, None]).T)
    return [
        Figure(
            ("traits_regression", "coefficients", t),
            (REGRESSION, ""),
            rows[j],
            int(n[complete].sum()),
            coefs[t].get("estimate"),
            f"regressiecoëfficiënt {t}",
        )
        for j, t in enumerate(terms)
    ]


def pointer(*parts: object) -> str:
    """JSON pointer (RFC 6901) to a figure: '/satisfaction/by_spt/Twente'."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def hidden(path: tuple, withheld: frozenset[str]) -> bool:
    """Whether a published tree's figure at `path` was withheld (it, or a node above it)."""
    p = pointer(*path)
    return any(p == w or p.startswith(w + "/") for w in withheld)


def mean_quantity(
    name: str,
    label: str,
    national: list[tuple[tuple, float | None, int]],
    per_spt: dict[str, list[tuple[tuple, float | None, int]]],
    spts: list[str],
    summed: bool = False,
    withheld: frozenset[str] = frozenset(),
) -> Quantity:
    """SPT values and national figures that are their mean (or, `summed`, their sum) over the
    SPTs with a value; `per_spt`: SPT -> [(path, value, n)] (several figures share the row);
    `withheld`: in a published tree, the pointers of withheld figures (they had a value)."""
    q = Quantity(
        name=name, label=label, columns=list(spts), column_spt=list(spts), column_n=[0] * len(spts)
    )
    has = np.array(
        [
            any((v is not None and n) or hidden(p, withheld) for p, v, n in per_spt.get(k, []))
            for k in spts
        ]
    )
    if summed:
        has = np.array([k in per_spt for k in spts])
    eye = np.eye(len(spts))
    for i, k in enumerate(spts):
        for path, value, n in per_spt.get(k, []):
            q.figures.append(Figure(path, (SPT, k), eye[i], int(n or 0), value, f"{label} {k}"))
            q.column_n[i] = max(q.column_n[i], int(n or 0))
    if has.any():
        row = has.astype(float) if summed else has / has.sum()
        for path, value, n in national:
            q.figures.append(
                Figure(path, (NATIONAL, name), row, int(n or 0), value, f"{label} landelijk")
            )
    return q


def quantities(tree: dict, withheld: frozenset[str] = frozenset()) -> list[Quantity]:
    """Every quantity of a results tree: the grade, each statement, the allocation tables.
    `withheld`: for a published tree, the withheld pointers, so that a national mean counts
    the withheld SPTs it was computed over."""
    out = [grade_quantity(tree)]
    spts = sorted(spt_sizes(tree))
    for key, item in (tree.get("items") or {}).items():
        out += _item_quantities(key, item, spts, withheld)
    out += _allocation_quantities(tree, spts, withheld)
    out += _choice_quantities(tree, spts, withheld)
    return out


def _choice_quantities(tree: dict, spts: list[str], withheld: frozenset[str]) -> list[Quantity]:
    """Each option of a choose-at-most-N question: the national share is the mean of the
    SPT shares over the SPTs where someone answered the question."""
    out = []
    for key, question in (tree.get("choices") or {}).items():
        for column, option in (question.get("options") or {}).items():
            base = ("choices", key, "options", column)
            per_spt = {
                k: [((*base, "by_spt", k), e.get("estimate"), int(e.get("n") or 0))]
                for k, e in (option.get("by_spt") or {}).items()
            }
            share = option.get("share") or {}
            nat = [((*base, "share"), share.get("estimate"), int(question.get("n") or 0))]
            label = f"{question.get('short') or key} '{option.get('label') or column}'"
            out.append(
                mean_quantity(f"choices/{key}/{column}", label, nat, per_spt, spts, False, withheld)
            )
    return out


def _item_quantities(
    key: str, item: dict, spts: list[str], withheld: frozenset[str]
) -> list[Quantity]:
    agree = item.get("agree_by_spt") or {}
    dist = item.get("distribution_by_spt") or {}
    shares: dict[str, list] = {}
    unsure: dict[str, list] = {}
    counts: dict[str, list] = {}
    base = ("items", key)
    for k in spts:
        a, d = agree.get(k) or {}, dist.get(k) or {}
        n_valid = int(d.get("n") or a.get("n") or 0)
        shares[k] = [((*base, "agree_by_spt", k), a.get("estimate"), n_valid)] if a else []
        for i, cat in enumerate(d.get("categories") or []):
            shares[k].append(
                ((*base, "distribution_by_spt", k, "categories", i), cat.get("share"), n_valid)
            )
            counts.setdefault(k, []).append(
                ((*base, "distribution_by_spt", k, "categories", i, "n"), cat.get("n"), n_valid)
            )
        wn = d.get("weet_niet") or {}
        if d and "n" in wn:
            counts.setdefault(k, []).append(
                ((*base, "distribution_by_spt", k, "weet_niet", "n"), wn.get("n"), n_valid)
            )
        if d:
            answered = n_valid + int(wn.get("n") or 0)
            unsure[k] = [
                ((*base, "distribution_by_spt", k, "weet_niet"), wn.get("share"), answered)
            ]
    nat = [((*base, "agree"), (item.get("agree") or {}).get("estimate"), int(item.get("n") or 0))]
    nat += [
        ((*base, "categories", i), c.get("share"), int(item.get("n") or 0))
        for i, c in enumerate(item.get("categories") or [])
    ]
    wn = item.get("weet_niet") or {}
    label = item.get("short") or key
    return [
        mean_quantity(f"items/{key}", f"stelling '{label}'", nat, shares, spts, False, withheld),
        mean_quantity(
            f"items/{key}/weet_niet",
            f"stelling '{label}', weet niet",
            [((*base, "weet_niet"), wn.get("share"), int(item.get("n") or 0))],
            unsure,
            spts,
            withheld=withheld,
        ),
        mean_quantity(
            f"items/{key}/n",
            f"stelling '{label}', aantallen",
            [
                ((*base, "categories", i, "n"), c.get("n"), int(item.get("n") or 0))
                for i, c in enumerate(item.get("categories") or [])
            ]
            + ([((*base, "weet_niet", "n"), wn.get("n"), int(item.get("n") or 0))] if wn else []),
            counts,
            spts,
            summed=True,
        ),
    ]


def _allocation_quantities(tree: dict, spts: list[str], withheld: frozenset[str]) -> list[Quantity]:
    tables = tree.get("tables") or {}
    out = []
    for summary in ("1.5", "1.6"):
        detail_key = f"{summary}_per_spt"
        detail = tables.get(detail_key)
        if not detail:
            continue
        per_spt: dict[str, list] = {}
        for i, row in enumerate(detail.get("rows") or []):
            values = [v for c, v in row.items() if c not in ("spt", "n")]
            if any(v is not None for v in values) or hidden(
                ("tables", detail_key, "rows", i), withheld
            ):
                per_spt[str(row["spt"])] = [
                    (("tables", f"{summary}_per_spt", "rows", i), 0.0, int(row.get("n") or 0))
                ]
        nat = [
            (("tables", summary, "rows", i), 0.0, int(r.get("n") or 0))
            for i, r in enumerate((tables.get(summary) or {}).get("rows") or [])
        ]
        out.append(
            mean_quantity(
                f"tables/{summary}", f"tabel {summary}", nat, per_spt, spts, withheld=withheld
            )
        )
    return out
