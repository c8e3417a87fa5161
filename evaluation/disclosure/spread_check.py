"""Which published spreads may stay: none may pin a withheld value (issue 20, the variance
attack), checked exactly at a generic point.

Every spread a figure publishes (the national SE, df and design effect, an SPT's SE, a trait
group's SE and design effect, the trait test's SE, SE with the SPT as stratum and its df, the
regression coefficients' SEs) is a function of the cells' means and within-cell sums of squares
(`parts`). Its derivatives are rows over those unknowns beside the published figures' own rows;
a withheld SPT's value or variance part, or anything about a small cell alone, is locally
determined exactly when the protected target lies in (or reaches only into) their row space
(`linear.RowSpace`, as for the figures). Spreads are offered most valuable first (national,
trait groups from the largest, the trait tests, the regression); one that would give a target
away loses as little as needed, its estimate always stays: first its design effect (and
the test's SE with the SPT as stratum), then all but its interval, then all of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import stdtrit

from evaluation.disclosure.linear import RowSpace
from evaluation.disclosure.linked import NATIONAL, REGRESSION, TRAIT, Quantity, respondents
from evaluation.disclosure.parts import (
    MEAN_QUANTITIES,
    Cells,
    Fn,
    difference_spreads,
    jacobian,
    mean_spreads,
    regression_spreads,
)
from evaluation.disclosure.spread import SPREAD

CONSTANT = 1e-9  # relative sensitivity below which a quantity counts as constant
MEAN_FIELDS = ("se", "ci", "df", "deff", "se_nofpc", "df_nofpc")
TEST_FIELDS = ("se", "ci", "t", "p_value", "mdd", "se_stratum", "df_stratum", "se_ratio")
STRATUM_FIELDS = ("se_stratum", "df_stratum", "se_ratio")
# What a spread unit withholds, least first: (name in the unit, fields)
LEVELS = {
    "mean": (
        ("zonder design-effect", ("deff",)),
        ("alleen interval", ("se", "df", "deff", "se_nofpc", "df_nofpc")),
        ("", MEAN_FIELDS),
    ),
    "test": (("zonder stratum", STRATUM_FIELDS), ("", TEST_FIELDS)),
    "regression": (("", ("se", "ci", "t", "p_value")),),
}


@dataclass(frozen=True)
class Offer:
    """One node's spreads: `unit` (SPREAD, name), `needs` the estimate's unit (offered only
    while that is published), `kind` (mean, test, regression), `fn` its quantities, `fields`
    the spread fields the node publishes."""

    unit: tuple[str, str]
    needs: tuple[tuple[str, str], ...]
    kind: str
    fn: Fn
    fields: frozenset[str]
    label: str


@dataclass
class SpreadModel:
    cells: Cells
    base: list[Offer]  # spreads published whatever (the published SPTs' own)
    offers: list[Offer]
    level: float = 0.95
    normal: bool = False  # intervals on the normal distribution (else t on the df)

    def __post_init__(self) -> None:
        self._memo: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _jac(self, offer: Offer) -> tuple[np.ndarray, np.ndarray]:
        """The offer's quantities at the generic point and their derivatives (cached)."""
        key = id(offer)
        if key not in self._memo:
            theta = self.cells.generic()
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.array([np.real(np.ravel(v)[0]) for v in offer.fn(theta[:, None])])
            with np.errstate(divide="ignore", invalid="ignore"):
                rows = jacobian([offer.fn], theta)
            rows[~np.isfinite(rows).all(axis=1)] = 0.0  # undefined there: no equation
            values = np.where(np.isfinite(values), values, 0.0)
            # a quantity that does not move with the unknowns (a df that is a count, a ratio
            # that is constant) gives no equation: rounding noise is not a row
            scale = np.abs(values) / max(float(np.linalg.norm(theta)), 1.0)
            rows[np.linalg.norm(rows, axis=1) <= CONSTANT * scale] = 0.0
            if not self.cells.binary:  # a one-respondent cell's sum of squares is 0, known
                rows[:, self.cells.count :][:, self.cells.n <= 1] = 0.0
            self._memo[key] = (values, rows)
        return self._memo[key]

    def rows(self, offers: list[Offer], withheld: dict[int, frozenset[str]] | None = None):
        """The equations the offers' published fields give (minus `withheld` per offer)."""
        out = [
            self.equations(o, o.fields - (withheld or {}).get(id(o), frozenset())) for o in offers
        ]
        return np.vstack([np.zeros((0, self.cells.width)), *out])

    def equations(self, offer: Offer, shown: frozenset[str]) -> np.ndarray:
        """Rows for the published fields of one node. A mean: its SE gives V, its df (or SE
        and interval together) the df, its design effect V / V_srs, and an interval without
        SE the half-width q(df) SE; a test: V from any of SE, interval, t, p, mdd, and V and df
        with the SPT as stratum; a regression: each coefficient's V."""
        values, rows = self._jac(offer)
        if offer.kind == "regression":
            return rows if shown & {"se", "ci", "t", "p_value"} else rows[:0]
        if offer.kind == "test":
            pick = [0] if shown & {"se", "ci", "t", "p_value", "mdd"} else []
            pick += [1] if shown & {"se_stratum", "se_ratio"} else []
            pick += [2] if "df_stratum" in shown else []
            return rows[pick]
        at = dict(zip(MEAN_QUANTITIES, range(len(MEAN_QUANTITIES)), strict=True))
        pick = [at["V"]] if "se" in shown or {"ci", "df"} <= shown else []
        pick += [at["df"]] if "df" in shown or {"se", "ci"} <= shown else []
        pick += [at[q] for f, q in (("se_nofpc", "V_free"), ("df_nofpc", "df_free")) if f in shown]
        pick += [at["deff"]] if "deff" in shown else []
        out = [rows[pick]]
        if "ci" in shown and not {"se", "df"} & shown:
            out.append(
                self._half_width(values[at["V"]], values[at["df"]], rows[at["V"]], rows[at["df"]])
            )
        return np.vstack(out)

    def _half_width(self, v: float, df: float, dv: np.ndarray, ddf: np.ndarray) -> np.ndarray:
        """The derivative of an interval's half-width q(df) sqrt(V) (chain rule)."""
        p = 1 - (1 - self.level) / 2
        if self.normal or not np.isfinite(df) or df <= 0:
            return dv[None, :]
        q = float(stdtrit(df, p))  # the t quantile, as scipy.stats.t.ppf computes it
        dq = float((stdtrit(df * (1 + 1e-6), p) - stdtrit(df * (1 - 1e-6), p)) / (2e-6 * df))
        root = float(np.sqrt(max(v, 1e-300)))
        return (dq * root * ddf + q / (2 * root) * dv)[None, :]

    def widen(self, rows: np.ndarray) -> np.ndarray:
        """Rows over the cell means, with zeros for the sums of squares."""
        rows = np.asarray(rows, dtype=float).reshape(-1, self.cells.count)
        if self.cells.binary:
            return rows
        return np.hstack([rows, np.zeros_like(rows)])

    def inside(self, mask: np.ndarray) -> np.ndarray:
        """A set of cells: their means and their sums of squares."""
        return mask if self.cells.binary else np.concatenate([mask, mask])


def _design(params: dict) -> str:
    if (params or {}).get("psu") == "spt":
        return "cluster"
    return "strata" if (params or {}).get("strata") == "spt" else "srs"


def _cells(tree: dict, q: Quantity) -> Cells:
    params = tree.get("parameters") or {}
    per_figure = bool((params.get("weighting") or {}).get("per_figure", True))
    grade = params.get("design_grade") or {}
    invited = {
        str(k): float(n)
        for k, n in ((params.get("fpc") or {}).get("by_spt") or {}).items()
        if isinstance(n, int | float) and n > 0
    }
    sizes = respondents(tree)
    if q.name == "grade":
        found = tree.get("grade_cells") or []
        traits = [dict(c.get("traits") or {}) for c in found] or [{} for _ in q.columns]
        n = np.array(q.column_n, dtype=float)
        binary = False
    else:
        _, agree = share_nodes(tree, q.name) or ({}, {})
        traits = [{} for _ in q.columns]
        n = np.array([int(((agree or {}).get(k) or {}).get("n") or 0) for k in q.columns], float)
        binary = True
    return Cells(
        list(q.column_spt),
        n,
        traits,
        binary=binary,
        invited=invited,
        sizes=None if per_figure else sizes,
        adjust=grade.get("lonely_psu", params.get("lonely_psu", "adjust")) == "adjust",
    )


def _fields(node: dict, names: tuple[str, ...]) -> frozenset[str]:
    """The spread fields a node publishes (a number, or an interval with its ends)."""
    return frozenset(
        f
        for f in names
        if isinstance(node.get(f), int | float)
        or (isinstance(node.get(f), list) and all(isinstance(v, int | float) for v in node[f]))
    )


def share_nodes(tree: dict, name: str) -> tuple[dict, dict] | None:
    """The national node and the per-SPT nodes of a share quantity: a statement's share
    agreeing ('items/key') or an option's share chosen ('choices/question/option')."""
    parts = name.split("/")
    if parts[0] == "items" and len(parts) == 2:
        item = (tree.get("items") or {}).get(parts[1]) or {}
        return item.get("agree") or {}, item.get("agree_by_spt") or {}
    if parts[0] == "choices" and len(parts) == 3:
        question = (tree.get("choices") or {}).get(parts[1]) or {}
        option = (question.get("options") or {}).get(parts[2]) or {}
        return option.get("share") or {}, option.get("by_spt") or {}
    return None


def spread_model(tree: dict, q: Quantity, shown_spts: set[str]) -> SpreadModel | None:
    """The spreads of a quantity (the grade, or a statement's share agreeing) as functions of
    its cells; `shown_spts`: the SPTs whose own spread is published."""
    if q.name != "grade" and share_nodes(tree, q.name) is None:
        return None
    cells = _cells(tree, q)
    rows = cells.n > 0
    if not rows.any():
        return None
    grade_design = _design((tree.get("parameters") or {}).get("design_grade") or {"strata": "spt"})
    if q.name == "grade":
        national = (tree.get("satisfaction") or {}).get("overall") or {}
        own = (tree.get("satisfaction") or {}).get("by_spt") or {}
    else:
        national, own = share_nodes(tree, q.name) or ({}, {})
    base = []
    for k in sorted(shown_spts):
        mine = np.array([s == k for s in cells.spt]) & rows
        fields = _fields(own.get(k) or {}, ("se", "se_nofpc", "ci"))
        if mine.any() and fields:
            fn = mean_spreads(cells, mine, rows, grade_design)
            base.append(Offer((SPREAD, k), (), "mean", fn, fields, f"spreiding {k}"))
    offers = []
    fields = _fields(national, MEAN_FIELDS)
    if fields:
        fn = mean_spreads(cells, rows, rows, grade_design)
        label = f"landelijke spreiding {q.label}"
        offers.append(Offer((SPREAD, q.name), ((NATIONAL, q.name),), "mean", fn, fields, label))
    if q.name == "grade":
        offers += _trait_offers(tree, cells, grade_design)
    params = tree.get("parameters") or {}
    level = float(params.get("confidence") or 0.95)
    return SpreadModel(cells, base, offers, level, params.get("ci_distribution") == "normal")


def _trait_offers(tree: dict, cells: Cells, grade_design: str) -> list[Offer]:
    """Trait groups (largest first), then their tests, then the regression."""
    design = _design((tree.get("parameters") or {}).get("design_traits") or {"psu": "spt"})
    groups, tests = [], []
    for t, node in (tree.get("traits") or {}).items():
        rows = np.array([c.get(t) in (0, 1) for c in cells.traits]) & (cells.n > 0)
        masks = {
            g: np.array([c.get(t) == v for c in cells.traits]) for g, v in (("ja", 1), ("nee", 0))
        }
        for g, mask in masks.items():
            fields = _fields(node.get(g) or {}, MEAN_FIELDS)
            if (mask & rows).any() and fields:
                fn = mean_spreads(cells, mask & rows, rows, design)
                unit, needs = (SPREAD, f"kenmerk/{t}/{g}"), ((TRAIT, f"{t}/{g}"),)
                offer = Offer(unit, needs, "mean", fn, fields, f"spreiding kenmerk {t} = {g}")
                groups.append((-int(cells.n[mask].sum()), offer))
        test = node.get("test") or {}
        fields = _fields(test, TEST_FIELDS)
        if fields and all((masks[g] & rows).any() for g in masks):
            ja, nee = masks["ja"] & rows, masks["nee"] & rows
            fn = difference_spreads(cells, ja, nee, rows, design, grade_design)
            needs = ((TRAIT, f"{t}/ja"), (TRAIT, f"{t}/nee"))
            label = f"spreiding toets {t}"
            tests.append(Offer((SPREAD, f"toets/{t}"), needs, "test", fn, fields, label))
    out = [o for _, o in sorted(groups, key=lambda x: (x[0], x[1].unit))] + tests
    reg = tree.get("traits_regression") or {}
    coefs = reg.get("coefficients") or {}
    terms = [k for k, v in coefs.items() if isinstance(v.get("se"), int | float)]
    if terms and len(terms) == len(coefs):
        names = [t for t in terms if t != "(Intercept)"]
        rows = np.array([all(c.get(t) in (0, 1) for t in names) for c in cells.traits])
        rows &= cells.n > 0
        if rows.any():
            try:
                fn = regression_spreads(cells, terms, rows, design)
            except np.linalg.LinAlgError:
                return out
            fields = frozenset({"se", "ci", "t", "p_value"})
            unit, needs = (SPREAD, REGRESSION), ((REGRESSION, ""),)
            out.append(Offer(unit, needs, "regression", fn, fields, "spreiding regressie"))
    return out


def reached(space: RowSpace, targets: list) -> object | None:
    """The first target the row space gives away, or None."""
    return next((t for t in targets if t.given_away(space)), None)
