"""The variance and count attacks by brute force on the synthetic networks of
`test_disclosure_attacks` (3-12 SPTs of 1-12 respondents, traits constant within an SPT or
not): no protected value is determined by what the decision publishes.

Independent of `disclosure/parts.py` and `linear.py`: every published spread is computed
respondent by respondent, as R `survey` does (influence values; the SPT as stratum for the
national and SPT grades, as cluster for the trait groups, tests and regression), at random
generic grades; its derivatives with respect to each cell's mean (shift the cell) and sum of
squares (stretch it) come from complex steps on the respondents' grades. A protected value is
determined when the published figures' rows and these derivatives reach it (numpy's rank)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from evaluation.disclosure.publish import disclose_tree
from tests.test_disclosure_attacks import (
    MIN_N,
    TRAITS,
    cells_of,
    exact_rows,
    network,
    published_paths,
    results_tree,
)

H = 1e-30


class People:
    """Respondents as arrays: SPT index, trait answers, cell index."""

    def __init__(self, people: list[dict]) -> None:
        self.cells = list(cells_of(people))
        self.spts = sorted({p["spt"] for p in people})
        self.spt = np.array([self.spts.index(p["spt"]) for p in people])
        self.trait = {t: np.array([p[t] for p in people]) for t in TRAITS}
        self.cell = np.array(
            [self.cells.index((p["spt"], *(p[t] for t in TRAITS))) for p in people]
        )
        self.n = len(people)


def weights(pp: People, rows: np.ndarray) -> np.ndarray:
    n_k = np.bincount(pp.spt[rows], minlength=len(pp.spts))
    return np.where(rows, 1.0 / np.maximum(n_k[pp.spt], 1), 0.0)


def mean_z(pp: People, y, rows, inside):
    """Influence values of the weighted mean over `inside` (zero elsewhere); y: n x points."""
    w = weights(pp, rows) * inside
    mean = (w[:, None] * y).sum(0) / w.sum()
    return w[:, None] * (y - mean) / w.sum()


def strata_parts(pp: People, z, rows):
    """Each SPT's part (respondents as PSUs, lonely centred at 0) and df."""
    parts, dfs = [], []
    for k in range(len(pp.spts)):
        own = rows & (pp.spt == k)
        if not own.any() or not np.any(z[own] != 0):
            continue
        zk, m = z[own], int(own.sum())
        if m == 1:
            parts.append((zk**2).sum(0))
        else:
            parts.append(m / (m - 1) * ((zk - zk.mean(0)) ** 2).sum(0))
        dfs.append(max(m - 1, 1))
    return parts, dfs


def cluster_var(pp: People, z, rows):
    spts = sorted(set(pp.spt[rows]))
    totals = np.array([z[rows & (pp.spt == k)].sum(0) for k in spts])
    k = len(spts)
    return k / (k - 1) * ((totals - totals.mean(0)) ** 2).sum(0) if k > 1 else 0 * totals.sum(0)


def published_spreads(pp: People, tree: dict, y) -> list:
    """Every spread the published tree shows, as functions of the grades y (n x points)."""
    out = []
    every = np.ones(pp.n, dtype=bool)
    sat = tree["satisfaction"]
    node = sat["overall"]
    if node["estimate"] is not None and node.get("se") is not None:
        parts, dfs = strata_parts(pp, mean_z(pp, y, every, every), every)
        out.append(sum(parts))
        if node.get("ci", [None])[0] is not None:  # with the SE, the interval gives the df
            out.append(sum(parts) ** 2 / sum(p * p / d for p, d in zip(parts, dfs, strict=True)))
    elif node["estimate"] is not None and node.get("ci", [None])[0] is not None:
        parts, _ = strata_parts(pp, mean_z(pp, y, every, every), every)
        out.append(sum(parts))  # no df in these trees: the half-width is a multiple of the SE
    for k, name in enumerate(pp.spts):
        if sat["by_spt"][name].get("se") is not None:
            own = pp.spt == k
            out.append(sum(strata_parts(pp, mean_z(pp, y, every, own), every)[0]))
    for t in TRAITS:
        rows = np.isin(pp.trait[t], (0, 1))
        node = tree["traits"][t]
        for g, v in (("ja", 1), ("nee", 0)):
            if (node.get(g) or {}).get("se") is not None:
                out.append(cluster_var(pp, mean_z(pp, y, rows, pp.trait[t] == v), rows))
        if node["test"].get("p_value") is not None:
            z = mean_z(pp, y, rows, pp.trait[t] == 1) - mean_z(pp, y, rows, pp.trait[t] == 0)
            out.append(cluster_var(pp, z, rows))
    coefs = tree["traits_regression"]["coefficients"]
    if coefs and all(c.get("se") is not None for c in coefs.values()):
        x = np.column_stack([np.ones(pp.n), *(pp.trait[t] for t in TRAITS)]).astype(float)
        w = weights(pp, every)
        inv = np.linalg.inv((x * w[:, None]).T @ x)
        beta = inv @ ((x * w[:, None]).T @ y)
        e = y - x @ beta
        for j in range(x.shape[1]):
            z = ((x @ inv)[:, j] * w)[:, None] * e
            out.append(cluster_var(pp, z, every))
    return out


def spread_rows(pp: People, tree: dict, rng: random.Random) -> np.ndarray:
    """Derivatives of the published spreads with respect to each cell's mean and sum of
    squares, at random generic grades."""
    y = np.array([rng.uniform(1, 5) for _ in range(pp.n)])
    steps = y[:, None] + 1j * H * np.eye(pp.n)
    dy = np.array([np.imag(v) / H for v in published_spreads(pp, tree, steps)]).reshape(-1, pp.n)
    c = len(pp.cells)
    out = np.zeros((len(dy), 2 * c))
    for i in range(c):
        own = pp.cell == i
        out[:, i] = dy[:, own].sum(1)
        dev = y[own] - y[own].mean()
        if own.sum() > 1:  # stretching the cell moves its sum of squares only
            out[:, c + i] = dy[:, own] @ dev / (2 * (dev**2).sum())
    return out


def rank(rows: np.ndarray) -> int:
    rows = rows[np.linalg.norm(rows, axis=1) > 0]
    if not len(rows):
        return 0
    rows = rows / np.linalg.norm(rows, axis=1)[:, None]
    s = np.linalg.svd(rows, compute_uv=False)
    return int((s > 1e-8 * s[0]).sum())


def pinned(people: list[dict], d, seed: int) -> list[str]:
    """Protected values the published figures and spreads determine (locally)."""
    pp = People(people)
    keys, rows = exact_rows(people)
    c = len(keys)
    linear = np.array([[float(v) for v in rows[p]] + [0.0] * c for p in published_paths(d, rows)])
    every = np.vstack([linear.reshape(-1, 2 * c), spread_rows(pp, d.tree, random.Random(seed))])
    base = rank(every)
    size = {k: sum(1 for p in people if p["spt"] == k) for k in pp.spts}
    n_cell = {cell: len(v) for cell, v in cells_of(people).items()}
    withheld = [k for k in pp.spts if d.decision.spt_withheld(k)]
    small = [k for k in pp.spts if size[k] < MIN_N]
    sets = [[i for i, cl in enumerate(keys) if cl[0] == k] for k in withheld]
    for r in range(2, len(small) + 1):
        for group in _pools(small, size, r):
            sets.append([i for i, cl in enumerate(keys) if cl[0] in group])
    found = []
    for cols in sets:  # anything about these cells' means and sums of squares alone
        inside = [*cols, *(c + i for i in cols)]
        if rank(np.delete(every, inside, axis=1)) < base:
            found.append(f"cells {[keys[i] for i in cols]}")
    for i, cell in enumerate(keys):  # a small cell of a published SPT: its mean, its spread
        if n_cell[cell] < MIN_N and cell[0] not in withheld:
            for col in (i, c + i):
                if rank(np.delete(every, [col], axis=1)) < base:
                    found.append(f"{'spread' if col >= c else 'mean'} of {cell}")
    return found


def _pools(small: list[str], size: dict[str, int], r: int):
    from itertools import combinations

    return [g for g in combinations(small, r) if sum(size[k] for k in g) < MIN_N]


@pytest.mark.parametrize("seed", range(40))
def test_brute_force_no_spread_pins_a_withheld_value(seed):
    people = network(random.Random(seed), constant=seed % 2 == 0)
    d = disclose_tree(results_tree(people), MIN_N)
    assert pinned(people, d, seed) == []


def test_the_brute_force_finds_the_attack_when_the_spreads_are_not_checked(monkeypatch):
    """Switched off, the spread check leaves national and group spreads that pin withheld
    values in some networks: the brute force can fail."""
    import evaluation.disclosure.decide as decide

    monkeypatch.setattr(decide, "spread_units", lambda *a, **k: {})
    leaks = 0
    for seed in range(40):
        people = network(random.Random(seed), constant=seed % 2 == 0)
        leaks += bool(pinned(people, disclose_tree(results_tree(people), MIN_N), seed))
    assert leaks >= 5
