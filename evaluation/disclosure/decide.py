"""The one publication decision of a run: which SPTs and combined figures are withheld.

Primary: an SPT with fewer than `min_n` respondents is withheld as a unit (every personal figure
resting on its respondents), and any figure resting on fewer than `min_n` respondents. Secondary,
chosen once for all figures together, as Statistics Norway's GaussSuppression does: candidates
are taken in order of value (national figures, then SPTs from the largest, then trait groups,
then the regression); a candidate whose figures would make a protected value derivable from the
published figures (`linear.RowSpace`) is withheld instead. Protected: every withheld figure and
SPT; anything about a set of small SPTs with fewer than `min_n` respondents together; every
cell and subgroup within an SPT of fewer than `min_n` respondents."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from evaluation.disclosure.linear import RowSpace
from evaluation.disclosure.linked import (
    NATIONAL,
    REGRESSION,
    SPT,
    TRAIT,
    Figure,
    Quantity,
    quantities,
    spt_sizes,
)
from evaluation.disclosure.spread import SPREAD
from evaluation.disclosure.spread_check import LEVELS, SpreadModel, reached, spread_model

Unit = tuple[str, str]

PRIMARY, SECONDARY = "primair", "secundair"

# The tables over all respondents or SPTs (shares, means: disclosure.tables), outside the
# linked quantities: withheld as one unit for a republished year (`Forced.combined`).
TABLES = "tabellen"


@dataclass(frozen=True)
class Decision:
    """What may be published: SPTs withheld (primary: their respondents; secondary: why) and
    combined figures withheld (unit -> why); `changed`: the SPTs a republished year withholds
    (`Forced`), whose counts by answer are withheld too. Every output reads this, through
    `publish`."""

    min_n: int
    primary: dict[str, int]
    secondary: dict[str, str]
    units: dict[Unit, str] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()

    def spt_withheld(self, name: str) -> bool:
        return name in self.primary or name in self.secondary

    def unit_withheld(self, kind: str, name: str) -> bool:
        return (kind, name) in self.units


@dataclass(frozen=True)
class Forced:
    """Withheld whatever their size, by a rule outside the run (a republished year whose
    change rests on a few respondents, `disclosure.republish`): SPT -> reason; `combined`:
    the reason for withholding every national figure, trait group and regression that
    includes them, or None when those may be published."""

    spts: dict[str, str] = field(default_factory=dict)
    combined: str | None = None


@dataclass
class Target:
    """A protected value: a row that must not be derivable (`row`), or a set of unknowns about
    which nothing may be derivable (`inside`); `spt` is named in reasons once withheld."""

    label: str
    row: np.ndarray | None = None
    inside: np.ndarray | None = None
    spt: str | None = None

    def given_away(self, space: RowSpace) -> bool:
        if self.row is not None:
            return space.contains(self.row)
        return self.inside is not None and space.reaches_only(self.inside)


@dataclass
class _State:
    quantity: Quantity
    published: list[np.ndarray] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def decide(tree: dict, min_n: int, forced: Forced | None = None) -> Decision:
    """Decide publication for a Results JSON tree (see the module docstring); `forced` SPTs
    are withheld as secondary ones from the start, so the check protects them too."""
    sizes = spt_sizes(tree)
    qs = quantities(tree)
    primary = {k: n for k, n in sizes.items() if 0 < n < min_n}
    states = [_State(q, targets=protected(q, primary, min_n)) for q in qs]
    forced = forced or Forced()
    secondary = {k: why for k, why in forced.spts.items() if k in sizes and k not in primary}
    units: dict[Unit, str] = dict.fromkeys(unverified(qs), UNVERIFIED)
    for k in secondary:
        for st in states:
            st.targets += _spt_targets(st.quantity, k)
    if forced.combined is not None:
        units.update(dict.fromkeys(including(qs, set(forced.spts)), forced.combined))
        units[(TABLES, "")] = forced.combined
    for cand in candidates(qs, sizes, primary):
        if cand in units or (cand[0] == SPT and cand[1] in secondary):
            continue
        blocked = _blocks(states, cand, min_n)
        if blocked is None:
            for st in states:
                st.published += [f.row for f in _rows(st.quantity, cand, min_n)]
            continue
        reason = "weggelaten zodat " + blocked + " niet terug te rekenen is"
        if cand[0] == SPT:
            secondary[cand[1]] = reason
            for st in states:
                st.targets += _spt_targets(st.quantity, cand[1])
        else:
            units[cand] = reason
    withheld = set(primary) | set(secondary)
    units.update(spread_units(tree, states, withheld, units, min_n))
    changed = frozenset(k for k in forced.spts if k in secondary)
    return Decision(min_n, primary, secondary, units, changed)


SPREAD_REASON = "weggelaten zodat {} (of de spreiding ervan) niet terug te rekenen is"


def spread_units(
    tree: dict, states: list[_State], withheld: set[str], units: dict[Unit, str], min_n: int
) -> dict[Unit, str]:
    """Spreads that would pin a withheld value (`spread_check`): offered most valuable first,
    each losing the fewest fields (`LEVELS`: its design effect, then all but its interval,
    then all) that keep every protected target out of reach beside the published figures'
    rows and the spreads kept so far; the estimate always stays. A unit (SPREAD, name) is
    withheld whole; (SPREAD, 'name|field,field') only those fields."""
    out: dict[Unit, str] = {}
    for st in states:
        q = st.quantity
        model = spread_model(tree, q, {k for k in q.column_spt if k not in withheld})
        if model is None or not st.targets:
            continue
        targets = [w for t in st.targets for w in widened(t, model)]
        shown = {f.unit for f in q.figures if f.value is not None and f.n >= min_n} - set(units)
        rows = [model.widen(np.array(st.published)), model.rows(model.base)]
        for offer in model.offers:
            if not set(offer.needs) <= shown:
                continue
            lost: tuple[str, ...] = ()
            hit = None
            for fields in ((), *(f for _, f in LEVELS[offer.kind])):
                new = model.equations(offer, offer.fields - set(fields))
                space = RowSpace(np.vstack([*rows, new]), model.cells.width)
                found = reached(space, targets)
                if found is None:
                    rows.append(new)
                    lost = tuple(fields)
                    break
                hit = hit or found
            if hit is not None:
                name = offer.unit[1]
                partial = set(lost) & offer.fields != offer.fields
                key = f"{name}|{','.join(sorted(set(lost) & offer.fields))}" if partial else name
                out[(SPREAD, key)] = SPREAD_REASON.format(_name(hit, q))
    return out


def widened(t: Target, model: SpreadModel) -> list[Target]:
    """A target over the cell means, as targets over the means and sums of squares: a set of
    cells (an SPT, a pool of small SPTs) protects anything about their means and sums of
    squares together; one small cell of a published SPT its mean and its sum of squares each
    (a published SPT's own SE ties its cells' means and sums of squares together)."""
    row = None if t.row is None else model.widen(t.row)[0]
    if t.inside is None:
        return [Target(t.label, row=row, spt=t.spt)]
    one = t.spt is None and int(t.inside.sum()) == 1 and not model.cells.binary
    if not one:
        return [Target(t.label, inside=model.inside(t.inside), spt=t.spt)]
    zero = np.zeros_like(t.inside)
    return [
        Target(t.label, inside=np.concatenate([t.inside, zero])),
        Target(f"de spreiding van {t.label}", inside=np.concatenate([zero, t.inside])),
    ]


def including(qs: list[Quantity], spts: set[str]) -> set[Unit]:
    """The combined figures (national, trait groups, regression) whose row gives weight to a
    cell of one of `spts`: their change between two versions of a year rests on those SPTs."""
    out: set[Unit] = set()
    for q in qs:
        inside = np.array([k in spts for k in q.column_spt], dtype=bool)
        for f in q.figures:
            if f.unit[0] in (NATIONAL, TRAIT, REGRESSION) and np.any(f.row[inside] != 0):
                out.add(f.unit)
    return out


UNVERIFIED = "niet na te rekenen als vaste combinatie van SPT-cijfers, dus niet te controleren"


def unverified(qs: list[Quantity]) -> set[Unit]:
    """Combined figures whose row does not give back their value from the cell means: the
    check cannot vouch for them (e.g. an estimator changed without its row), so they are
    withheld rather than published unchecked."""
    out: set[Unit] = set()
    for q in qs:
        if q.values is None:
            continue
        for f in q.figures:
            if f.unit[0] in (TRAIT, REGRESSION, NATIONAL) and f.value is not None:
                if abs(float(f.row @ q.values) - float(f.value)) > 1e-6 * max(1.0, abs(f.value)):
                    out.add(f.unit)
    return out


def protected(q: Quantity, primary: dict[str, int], min_n: int) -> list[Target]:
    """What must stay underivable in one quantity, before any secondary choice."""
    out: list[Target] = []
    for k in primary:
        out += _spt_targets(q, k)
    spt_of = np.array(q.column_spt)
    for group in small_pools({k: n for k, n in primary.items() if k in set(q.column_spt)}, min_n):
        if len(group) > 1:
            inside = np.isin(spt_of, group)
            out.append(Target(f"{q.label} van {', '.join(group)} samen", inside=inside))
    for f in q.figures:  # a figure resting on too few, in an SPT that is published
        if 0 < f.n < min_n and f.value is not None and f.unit[1] not in primary:
            out.append(Target(f.label, row=f.row))
    for i, n in enumerate(q.column_n):
        if q.name == "grade" and n < min_n and q.column_spt[i] not in primary:
            out.append(Target(q.columns[i], inside=np.arange(q.width) == i))
    out += [Target(label, row=row) for label, row, n in q.groups if n < min_n]
    return out


MAX_POOLS = 4096


def small_pools(sizes: dict[str, int], min_n: int) -> list[tuple[str, ...]]:
    """Every set of small SPTs with fewer than `min_n` respondents together. Past MAX_POOLS
    sets, the set of all of them instead: nothing about the small SPTs alone may be derived,
    which is stricter (it may cost one SPT more) and quick."""
    names = sorted(sizes)
    out: list[tuple[str, ...]] = []
    for size in range(1, len(names) + 1):
        found = [g for g in combinations(names, size) if sum(sizes[k] for k in g) < min_n]
        if not found:  # sizes are positive: no larger set can be under min_n either
            break
        out += found
        if len(out) > MAX_POOLS:
            return [(k,) for k in names] + [tuple(names)]
    return out


def _spt_targets(q: Quantity, spt: str) -> list[Target]:
    """An SPT's own figures and anything about its cells alone."""
    inside = np.array([s == spt for s in q.column_spt])
    out = [
        Target(f.label, row=f.row, spt=spt)
        for f in q.figures
        if f.unit == (SPT, spt) and f.value is not None
    ]
    if inside.any() and q.name == "grade":
        out.append(Target(f"{q.label} van {spt}", inside=inside, spt=spt))
    return out


def candidates(qs: list[Quantity], sizes: dict[str, int], primary: dict[str, int]) -> list[Unit]:
    """Candidates for publication, most valuable first (the last are withheld first)."""
    national = [(NATIONAL, q.name) for q in qs if any(f.unit[0] == NATIONAL for f in q.figures)]
    spts = [(SPT, k) for k in sorted(sizes, key=lambda k: (-sizes[k], k)) if k not in primary]
    grade = qs[0]
    traits = sorted(
        {f.unit for f in grade.figures if f.unit[0] == TRAIT},
        key=lambda u: (-max(f.n for f in grade.figures if f.unit == u), u[1]),
    )
    regression = [(REGRESSION, "")] if any(f.unit[0] == REGRESSION for f in grade.figures) else []
    return [*national, *spts, *traits, *regression]


def _rows(q: Quantity, cand: Unit, min_n: int) -> list[Figure]:
    """The figures `cand` would publish in `q` (a figure resting on too few never is)."""
    return [f for f in q.figures if f.unit == cand and f.value is not None and f.n >= min_n]


def _blocks(states: list[_State], cand: Unit, min_n: int) -> str | None:
    """The protected value (in words) that publishing `cand` would give away, or None."""
    for st in states:
        new = _rows(st.quantity, cand, min_n)
        if not new or not st.targets:
            continue
        space = RowSpace(np.array([*st.published, *(f.row for f in new)]), st.quantity.width)
        for t in st.targets:
            if t.given_away(space):
                return _name(t, st.quantity)
    return None


def _name(t: Target, q: Quantity) -> str:
    if t.spt is not None:
        return f"het {q.label} van {t.spt}"
    return f"een {q.label} van minder respondenten dan het minimum"
