"""The count and share attacks by brute force on the synthetic networks of
`test_disclosure_attacks` (3-12 SPTs of 1-12 respondents), with one statement answered per
respondent (1-5 or 'weet niet'): the national counts per answer are sums of the SPTs' counts,
the national shares means of the SPTs' shares. Independent of `disclosure/linked.py`: the
rows are built here and ranked exactly over the rationals; no withheld SPT's counts or
shares, nor those of a pool of small SPTs under min_n together, follow from what is
published."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

import pytest

from evaluation.disclosure.cells import pointer
from evaluation.disclosure.publish import disclose_tree
from tests.test_disclosure_attacks import MIN_N, network, rank, results_tree

CODES = (1, 2, 3, 4, 5)


def answered(people: list[dict], rng: random.Random) -> dict[str, list[int | None]]:
    """Per SPT each respondent's answer (None: 'weet niet')."""
    out: dict[str, list[int | None]] = {}
    for p in people:
        out.setdefault(p["spt"], []).append(rng.choice([*CODES, None]))
    return out


def item_tree(answers: dict[str, list[int | None]]) -> dict:
    """One statement as analysis writes it: per SPT its distribution and share agreeing,
    nationally the mean of the SPTs' shares and the sum of their counts."""
    dist, agree = {}, {}
    for k, a in answers.items():
        valid = [x for x in a if x is not None]
        n = len(valid)
        cats = [
            {"code": c, "share": valid.count(c) / n if n else None, "n": valid.count(c)}
            for c in CODES
        ]
        wn = a.count(None)
        dist[k] = {"n": n, "categories": cats, "weet_niet": {"share": wn / len(a), "n": wn}}
        if n:
            share = sum(1 for x in valid if x >= 4) / n
            agree[k] = {"estimate": share, "se": 0.1, "ci": [0, 1], "n": n}
    with_answer = [k for k in dist if dist[k]["n"]]
    nat = [
        {
            "code": c,
            "label": str(c),
            "share": sum(dist[k]["categories"][i]["share"] for k in with_answer) / len(with_answer),
            "n": sum(dist[k]["categories"][i]["n"] for k in dist),
        }
        for i, c in enumerate(CODES)
    ]
    wn = sum(dist[k]["weet_niet"]["n"] for k in dist)
    share = sum(agree[k]["estimate"] for k in agree) / len(agree)
    return {
        "short": "stelling",
        "n": sum(dist[k]["n"] for k in dist),
        "categories": nat,
        "weet_niet": {"share": 0.1, "n": wn},
        "agree": {"estimate": share, "se": 0.1, "ci": [0, 1], "n": 1},
        "agree_by_spt": agree,
        "distribution_by_spt": dist,
    }


def leaks(answers: dict[str, list[int | None]], d) -> list[str]:
    """Withheld counts or shares (an SPT's, or a small pool's) that the published ones give."""
    spts = sorted(answers)
    withheld = {s.path for s in d.log}
    base = ("items", "stelling")
    size = {k: len(a) for k, a in answers.items()}
    small = [k for k in spts if size[k] < MIN_N]
    pools = [[k] for k in spts if d.decision.spt_withheld(k)]
    pools += [
        list(g)
        for r in range(2, len(small) + 1)
        for g in combinations(small, r)
        if sum(size[k] for k in g) < MIN_N
    ]
    found = []
    unit = [[Fraction(int(i == j)) for j in range(len(spts))] for i in range(len(spts))]
    for c in range(len(CODES) + 1):  # each answer's count, then 'weet niet'
        node = (*base, "categories", c, "n") if c < len(CODES) else (*base, "weet_niet", "n")
        rows = [
            unit[i]
            for i, k in enumerate(spts)
            if not any(pointer(*base, "distribution_by_spt", k).startswith(w) for w in withheld)
        ]
        if pointer(*node) not in withheld and d.tree["items"]["stelling"][node[2]] is not None:
            rows.append([Fraction(1)] * len(spts))  # the national count: a sum over SPTs
        found += _reached(rows, spts, pools, f"count {c}")
    shown = [
        k
        for k in spts
        if d.tree["items"]["stelling"]["agree_by_spt"].get(k, {}).get("estimate") is not None
    ]
    has = [k for k in spts if answers[k] and any(x is not None for x in answers[k])]
    rows = [unit[spts.index(k)] for k in shown]
    if d.tree["items"]["stelling"]["agree"]["estimate"] is not None:
        rows.append([Fraction(int(k in has), len(has)) for k in spts])
    return found + _reached(rows, spts, [p for p in pools if set(p) <= set(has)], "share")


def _reached(rows, spts, pools, what) -> list[str]:
    full = rank(rows) if rows else 0
    out = []
    for pool in pools:
        outside = [[r[i] for i, k in enumerate(spts) if k not in pool] for r in rows]
        if rows and rank(outside) < full:
            out.append(f"{what} of {pool}")
    return out


@pytest.mark.parametrize("seed", range(40))
def test_brute_force_no_withheld_count_or_share_is_derivable(seed):
    rng = random.Random(seed)
    people = network(rng, constant=seed % 2 == 0)
    answers = answered(people, rng)
    tree = results_tree(people)
    tree["items"] = {"stelling": item_tree(answers)}
    d = disclose_tree(tree, MIN_N)
    assert leaks(answers, d) == []


def test_the_brute_force_finds_count_attacks_without_secondary_suppression(monkeypatch):
    """With the secondary choice switched off (every candidate published), a national count
    minus the published SPTs' gives a small SPT's counts in many networks."""
    import evaluation.disclosure.decide as decide

    monkeypatch.setattr(decide, "_blocks", lambda *a, **k: None)
    found = 0
    for seed in range(40):
        rng = random.Random(seed)
        people = network(rng, constant=seed % 2 == 0)
        answers = answered(people, rng)
        tree = results_tree(people)
        tree["items"] = {"stelling": item_tree(answers)}
        found += any(x.startswith("count") for x in leaks(answers, disclose_tree(tree, MIN_N)))
    assert found >= 3  # 5 of the 40
