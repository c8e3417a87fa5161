"""The variance attack: spreads are not linear, but they can be differenced too.

With every SPT counting 1/K and the SPT a stratum, the national figure's variance is a sum of
SPT parts, and a published SPT's part is its own SE squared over K². So the national SE² K²
minus the published SPTs' SE² gives the withheld SPTs' parts together, and the national df
(Satterthwaite, from its interval) gives the sum of their squares over their df. A lonely
SPT's part under the rule `adjust` is (its value - the national value)², a function of its
value: with one or two lonely SPTs withheld and their sum known linearly, the value is pinned
up to a sign (or a swap). An SPT with more respondents adds a free unknown (its own spread).

Rule: the national spread of a figure is published only when the withheld SPTs keep more
unknowns (one grade per SPT, one spread per non-lonely SPT) than the published equations
about them (the linear rank the published rows have on their cells, at least the rank on
their grades, so the count errs towards withholding; plus one per
published spread summary: SE, df, SE and df without fpc when they differ, deff). A sentence
never names a withheld SPT as carrying the variance."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from evaluation.disclosure.linear import RowSpace

SPREAD = "spreiding"
SPREAD_FIELDS = ("se", "ci", "df", "deff", "se_nofpc", "df_nofpc")
ATTACK = "variantie-aanval: landelijke spreiding min de gepubliceerde spreidingen per SPT"


@dataclass(frozen=True)
class Exposure:
    """Unknowns of the withheld SPTs against what the published spreads tell about them."""

    withheld: tuple[str, ...]
    lonely: tuple[str, ...]
    unknowns: int
    equations: int

    @property
    def pinned(self) -> bool:
        return bool(self.withheld) and self.equations >= self.unknowns


def lonely_spts(tree: dict) -> set[str]:
    """SPTs that are a lonely stratum of the grade design (their part is a squared deviation)."""
    out: set[str] = set()
    for c in tree.get("caveats") or []:
        if c.get("code") == "lonely_stratum" and c.get("design") == "grade":
            out.update(str(s) for s in c.get("strata") or [])
    return out


def national_node(tree: dict, quantity: str) -> dict | None:
    """The national estimate whose spread the quantity's SPT parts sum to (grade, agree)."""
    if quantity == "grade":
        return (tree.get("satisfaction") or {}).get("overall")
    if quantity.startswith("items/") and quantity.count("/") == 1:
        return ((tree.get("items") or {}).get(quantity.split("/", 1)[1]) or {}).get("agree")
    return None


def spread_equations(node: dict) -> int:
    """Independent spread summaries a national estimate publishes (each an equation)."""

    def num(key: str) -> float | None:
        v = node.get(key)
        return float(v) if isinstance(v, int | float) and math.isfinite(v) else None

    se, df = num("se"), num("df")
    count = int(se is not None) + int(df is not None) + int(num("deff") is not None)
    if num("se_nofpc") is not None and num("se_nofpc") != se:
        count += 1
    if num("df_nofpc") is not None and num("df_nofpc") != df:
        count += 1
    return count


def exposure(
    rows: np.ndarray,
    width: int,
    column_spt: list[str],
    withheld: set[str],
    lonely: set[str],
    n_by_spt: dict[str, int],
    equations: int,
) -> Exposure:
    """Count what the published rows and spreads tell about the withheld SPTs' cells."""
    names = sorted(k for k in set(column_spt) if k in withheld and n_by_spt.get(k, 0) > 0)
    alone = {k for k in names if k in lonely or n_by_spt.get(k, 0) == 1}
    inside = np.isin(np.array(column_spt), names)
    linear = 0
    if len(rows) and inside.any():
        full = RowSpace(rows, width).rank
        linear = full - RowSpace(rows[:, ~inside], int((~inside).sum())).rank
    return Exposure(
        tuple(names),
        tuple(sorted(alone)),
        unknowns=len(names) + len(set(names) - alone),
        equations=linear + equations,
    )


def withheld_part(node: dict, by_spt: dict[str, dict], spts: int) -> float | None:
    """The withheld SPTs' variance parts together, in SE² units of one SPT: K² SE² minus
    the published SPTs' SE² (None when the national SE is not published)."""
    se = node.get("se")
    if not isinstance(se, int | float):
        return None
    shown = sum(float(v["se"]) ** 2 for v in by_spt.values() if isinstance(v.get("se"), float))
    return spts * spts * float(se) ** 2 - shown


def anonymous_caveats(caveats: list[dict], withheld: set[str], spread_hidden: bool) -> list:
    """The caveat naming the SPTs that carry the national variance: without names (nor how
    many) when it would name a withheld SPT, and gone when the national spread is withheld."""
    out = []
    for c in caveats:
        if c.get("code") == "few_spts_carry_variance":
            if spread_hidden:
                continue
            if set(c.get("spts") or []) & withheld:
                c = {**c, "spts": [], "respondents": {}}
        out.append(c)
    return out
