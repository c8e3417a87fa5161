"""No withheld value can be derived: the attacks of issue 20 by hand, and by brute force on
small synthetic networks (3-12 SPTs of 1-12 respondents, traits constant within an SPT or not).

The brute force is independent of `disclosure.linked`: it builds every published grade figure
from the respondents in exact fractions and tests by exact rank which protected value (a
withheld SPT, a pool of small SPTs, a small cell) the published figures determine."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

import pytest

from evaluation.disclosure.cells import pointer
from evaluation.disclosure.publish import disclose_tree

MIN_N = 5
TRAITS = ("trekker", "manager")


def network(rng: random.Random, constant: bool) -> list[dict]:
    """Respondents: SPT, integer grade 1..5, and 0/1 traits (constant within SPTs or not)."""
    people = []
    for k in range(rng.randint(3, 12)):
        fixed = {t: rng.randint(0, 1) for t in TRAITS}
        for _ in range(rng.randint(1, 12)):
            traits = fixed if constant else {t: rng.randint(0, 1) for t in TRAITS}
            people.append({"spt": f"S{k:02d}", "grade": rng.randint(1, 5), **traits})
    return people


def cells_of(people: list[dict]) -> dict[tuple, list[int]]:
    out: dict[tuple, list[int]] = {}
    for p in people:
        out.setdefault((p["spt"], *(p[t] for t in TRAITS)), []).append(p["grade"])
    return dict(sorted(out.items()))


def exact_rows(people: list[dict]) -> tuple[list[tuple], dict[tuple, list[Fraction]]]:
    """Every published grade figure as an exact row over the cell totals' means."""
    cells = cells_of(people)
    keys = list(cells)
    n = {c: len(v) for c, v in cells.items()}
    spts = sorted({c[0] for c in keys})
    n_k = {k: sum(n[c] for c in keys if c[0] == k) for k in spts}
    rows: dict[tuple, list[Fraction]] = {}
    for k in spts:
        rows[("satisfaction", "by_spt", k)] = [
            Fraction(n[c], n_k[k]) if c[0] == k else Fraction(0) for c in keys
        ]
    rows[("satisfaction", "overall")] = [
        sum((rows[("satisfaction", "by_spt", k)][i] for k in spts), Fraction(0)) / len(spts)
        for i in range(len(keys))
    ]
    for j, t in enumerate(TRAITS):
        for v, g in ((1, "ja"), (0, "nee")):
            w = [Fraction(n[c], n_k[c[0]]) if c[1 + j] == v else Fraction(0) for c in keys]
            if sum(w):
                rows[("traits", t, g)] = [x / sum(w) for x in w]
    # WLS: beta = (X'WX)^-1 X'W mu, W_c = n_c / n_k
    x = [[Fraction(1), *(Fraction(c[1 + j]) for j in range(len(TRAITS)))] for c in keys]
    wc = [Fraction(n[c], n_k[c[0]]) for c in keys]
    p = len(TRAITS) + 1
    xtwx = [
        [sum(wc[i] * x[i][a] * x[i][b] for i in range(len(keys))) for b in range(p)]
        for a in range(p)
    ]
    inv = invert(xtwx)
    if inv is not None:
        for a, term in enumerate(("(Intercept)", *TRAITS)):
            rows[("traits_regression", "coefficients", term)] = [
                sum(inv[a][b] * x[i][b] for b in range(p)) * wc[i] for i in range(len(keys))
            ]
    return keys, rows


def invert(m: list[list[Fraction]]) -> list[list[Fraction]] | None:
    size = len(m)
    a = [[*row, *(Fraction(int(i == j)) for j in range(size))] for i, row in enumerate(m)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        a[col] = [v / a[col][col] for v in a[col]]
        for r in range(size):
            if r != col and a[r][col] != 0:
                a[r] = [v - a[r][col] * u for v, u in zip(a[r], a[col], strict=True)]
    return [row[size:] for row in a]


def rank(rows: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals."""
    a = [list(r) for r in rows if any(r)]
    r = 0
    for col in range(len(a[0]) if a else 0):
        pivot = next((i for i in range(r, len(a)) if a[i][col] != 0), None)
        if pivot is None:
            continue
        a[r], a[pivot] = a[pivot], a[r]
        for i in range(len(a)):
            if i != r and a[i][col] != 0:
                f = a[i][col] / a[r][col]
                a[i] = [v - f * u for v, u in zip(a[i], a[r], strict=True)]
        r += 1
    return r


def results_tree(people: list[dict]) -> dict:
    """The grade figures of a network as a Results tree (floats), with its grade cells."""
    keys, rows = exact_rows(people)
    cells = cells_of(people)
    means = [Fraction(sum(v), len(v)) for v in cells.values()]
    value = {
        path: float(sum(r * m for r, m in zip(row, means, strict=True)))
        for path, row in rows.items()
    }
    spts = sorted({c[0] for c in keys})
    sizes = {k: sum(len(v) for c, v in cells.items() if c[0] == k) for k in spts}

    def est(path, n):
        return {"estimate": value[path], "se": 0.1, "ci": [0, 1], "n": n, "band": None}

    tree: dict = {
        "tables": {"respons_spt": {"rows": [{"spt": k, "n": sizes[k]} for k in spts]}},
        "satisfaction": {
            "overall": est(("satisfaction", "overall"), len(people)),
            "by_spt": {k: est(("satisfaction", "by_spt", k), sizes[k]) for k in spts},
        },
        "traits": {},
        "traits_regression": {"n": len(people), "coefficients": {}},
        "grade_cells": [
            {
                "spt": c[0],
                "traits": dict(zip(TRAITS, c[1:], strict=True)),
                "n": len(v),
                "mean": float(Fraction(sum(v), len(v))),
            }
            for c, v in cells.items()
        ],
    }
    for t in TRAITS:
        groups = {}
        for g, v in (("ja", 1), ("nee", 0)):
            n = sum(1 for p in people if p[t] == v)
            path = ("traits", t, g)
            groups[g] = (
                est(path, n)
                if path in value
                else {"estimate": None, "se": None, "ci": [None, None], "n": 0}
            )
        tree["traits"][t] = {
            **groups,
            "test": {"difference": 0.1, "p_value": 0.5, "verdict": "..."},
        }
    for path in rows:
        if path[0] == "traits_regression":
            tree["traits_regression"]["coefficients"][path[2]] = {
                "estimate": value[path],
                "se": 0.1,
                "ci": [0, 1],
                "t": 1.0,
                "p_value": 0.5,
            }
    return tree


def published_paths(d, rows: dict) -> list[tuple]:
    withheld = {s.path for s in d.log}
    return [p for p in rows if pointer(*p) not in withheld]


def derivable_protected(people: list[dict], d) -> list[str]:
    """Every protected value the published rows determine, by exact rank."""
    keys, rows = exact_rows(people)
    pub = [rows[p] for p in published_paths(d, rows)]
    base = rank(pub) if pub else 0
    found = []
    spts = sorted({c[0] for c in keys})
    size = {k: sum(1 for p in people if p["spt"] == k) for k in spts}
    withheld = [k for k in spts if d.decision.spt_withheld(k)]
    for k in withheld:  # the SPT's grade
        if pub and rank([*pub, rows[("satisfaction", "by_spt", k)]]) == base:
            found.append(f"grade of {k}")
    small = [k for k in spts if size[k] < MIN_N]
    pools = [[k] for k in withheld] + [
        list(group)
        for r in range(2, len(small) + 1)
        for group in combinations(small, r)
        if sum(size[k] for k in group) < MIN_N
    ]
    for c in keys:  # a small cell alone
        if len(cells_of(people)[c]) < MIN_N:
            pools.append([c])
    for pool in pools:  # anything about the pool alone: rank drops without its columns
        inside = [i for i, c in enumerate(keys) if c[0] in pool or c in pool]
        outside = [[r[i] for i in range(len(keys)) if i not in inside] for r in pub]
        if pub and rank(outside) < base:
            found.append(f"something about {pool} alone")
    return found


@pytest.mark.parametrize("seed", range(40))
def test_brute_force_no_withheld_value_is_derivable(seed):
    rng = random.Random(seed)
    people = network(rng, constant=seed % 2 == 0)
    tree = results_tree(people)
    d = disclose_tree(tree, MIN_N)
    assert derivable_protected(people, d) == []
    # every SPT below min_n is withheld, and nothing is withheld where no SPT is small
    sizes = {r["spt"]: r["n"] for r in tree["tables"]["respons_spt"]["rows"]}
    assert all(d.decision.spt_withheld(k) for k, n in sizes.items() if n < MIN_N)


def test_rows_reproduce_every_published_grade_figure():
    """The check's rows applied to the cell means give the figures the analysis published."""
    from evaluation.disclosure.linked import grade_quantity

    for seed in range(10):
        people = network(random.Random(seed), constant=False)
        q = grade_quantity(results_tree(people))
        for f in q.figures:
            assert f.row @ q.values == pytest.approx(f.value, abs=1e-9), f.path


def test_a_combined_figure_its_row_does_not_give_back_is_withheld():
    """Nothing published unchecked: a trait group whose value is not the combination of cells
    the check assumes (an estimator changed without its row) is withheld, not trusted."""
    tree = results_tree(network(random.Random(3), constant=False))
    tree["traits"]["trekker"]["ja"]["estimate"] += 0.01
    d = disclose_tree(tree, MIN_N)
    assert d.decision.units[("kenmerk", "trekker/ja")].startswith("niet na te rekenen")
    assert d.tree["traits"]["trekker"]["ja"]["estimate"] is None


@pytest.mark.parametrize("per_figure", [True, False])
def test_rows_reproduce_the_demo_analysis_under_either_weighting(tmp_path, per_figure):
    """On the analysis itself (not a hand-made tree): with weights per figure or fixed, every
    combined grade figure is its row applied to the grade cells, so none is withheld as
    unverifiable."""
    import json
    from pathlib import Path

    from evaluation.disclosure.decide import unverified
    from evaluation.disclosure.linked import quantities
    from evaluation.pipeline import load_inputs, run_survey

    root = Path(__file__).resolve().parent.parent / "surveys" / "spt2015"
    text = (root / "settings.yaml").read_text(encoding="utf-8")
    settings = tmp_path / "settings.yaml"
    settings.write_text(text.replace("per_figure: true", f"per_figure: {str(per_figure).lower()}"))
    run = run_survey(root / "demo_responses.csv", load_inputs(settings=settings))
    tree = json.loads(run.results.model_dump_json())
    assert tree["parameters"]["weighting"]["per_figure"] is per_figure
    assert unverified(quantities(tree)) == set()
