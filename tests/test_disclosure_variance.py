"""The variance attack of issue 20: the national SE minus the published SPT SEs gives the
withheld SPTs' variance together; with the national df a second equation, and a lonely SPT's
part (rule `adjust`) is (its grade - the national grade)² / K². On a network of four SPTs
(one of 1 respondent, withheld, and one of 6 withheld to protect it) that pins its grade up
to a sign; the decision withholds the national spread instead, and the audit names it."""

from __future__ import annotations

import math
from statistics import mean, variance

import numpy as np

from evaluation.disclosure.audit import audit_published
from evaluation.disclosure.publish import disclose_tree
from evaluation.disclosure.spread import ATTACK

MIN_N = 5
GRADES = {
    "A": [1.5],  # one respondent: primary, a lonely stratum
    "B": [3.0, 3.5, 4.0, 2.5, 3.0, 4.5],
    "C": [3.5, 4.0, 4.0, 3.0, 2.5, 3.5, 3.0],
    "D": [2.0, 3.0, 4.5, 4.0, 3.5, 3.0, 2.5],
}


def parts(grades: dict[str, list[float]]) -> tuple[float, dict[str, float], dict[str, int]]:
    """Stratified variance of the mean of SPT means, no fpc, lonely rule `adjust`: per SPT
    s²/n / K² (a lonely one: (grade - national)² / K²), and each part's df."""
    k = len(grades)
    overall = mean(mean(g) for g in grades.values())
    out = {
        s: ((mean(g) - overall) ** 2 if len(g) == 1 else variance(g) / len(g)) / k**2
        for s, g in grades.items()
    }
    return overall, out, {s: max(len(g) - 1, 1) for s, g in grades.items()}


def tree_of(grades: dict[str, list[float]]) -> dict:
    overall, v, dfs = parts(grades)
    total = sum(v.values())
    df = total**2 / sum(v[s] ** 2 / dfs[s] for s in v)

    def est(value, se, n, df_):
        return {
            "estimate": value,
            "se": se,
            "ci": [value - 1, value + 1],
            "n": n,
            "df": df_,
            "deff": 1.2,
            "se_nofpc": se,
            "df_nofpc": df_,
        }

    k = len(grades)
    by_spt = {
        s: est(mean(g), math.sqrt(v[s]) * k if len(g) > 1 else None, len(g), len(g) - 1.0)
        for s, g in grades.items()
    }
    return {
        "tables": {"respons_spt": {"rows": [{"spt": s, "n": len(g)} for s, g in grades.items()]}},
        "satisfaction": {
            "overall": est(overall, math.sqrt(total), sum(map(len, grades.values())), df),
            "by_spt": by_spt,
        },
        "traits": {},
        "traits_regression": {"coefficients": {}},
        "grade_cells": [
            {"spt": s, "traits": {}, "n": len(g), "mean": mean(g)} for s, g in grades.items()
        ],
        "caveats": [
            {"code": "lonely_stratum", "design": "grade", "strata": ["A"], "rule": "adjust"},
            {
                "code": "few_spts_carry_variance",
                "design": "grade",
                "spts": ["A"],
                "respondents": {"A": 1},
                "df": df,
                "df_design": 15,
            },
        ],
    }


def attack(tree: dict) -> list[float]:
    """The attacker's sums: K² SE² and K⁴ SE⁴ / df minus the published SPTs' give v_A + v_B
    and v_A² + v_B² / df_B; solve, then A's grade = national ± K √v_A, and keep the roots
    that agree with the linear sum grade_A + grade_B = K x national - published grades."""
    sat = tree["satisfaction"]
    o, by, k = sat["overall"], sat["by_spt"], len(sat["by_spt"])
    shown = {s: e for s, e in by.items() if e["estimate"] is not None}
    v_total = (o["se"] * k) ** 2
    d1 = v_total - sum(e["se"] ** 2 for e in shown.values())
    d2 = v_total**2 / o["df"] - sum(e["se"] ** 4 / e["df"] for e in shown.values())
    df_b = 5.0  # B's 6 respondents are published in the response table
    # v_A + v_B = d1, v_A² + v_B² / df_b = d2  ->  (1 + 1/df_b) v² - 2 d1 v / df_b + d1²/df_b - d2
    a, b, c = 1 + 1 / df_b, -2 * d1 / df_b, d1**2 / df_b - d2
    roots = [(-b + sgn * math.sqrt(b * b - 4 * a * c)) / (2 * a) for sgn in (1, -1)]
    both = k * o["estimate"] - sum(e["estimate"] for e in shown.values())
    found = []
    for v_a in roots:
        if not 0 <= v_a <= d1:
            continue
        for sgn in (1, -1):
            grade_a = o["estimate"] + sgn * math.sqrt(v_a)
            grade_b = both - grade_a
            if 1 <= grade_a <= 5 and 1 <= grade_b <= 5:
                found.append(grade_a)
    return found


def test_the_national_spread_pins_a_withheld_lonely_grade_up_to_a_sign():
    tree = tree_of(GRADES)
    d = disclose_tree(tree, MIN_N)
    assert d.decision.primary == {"A": 1} and set(d.decision.secondary) == {"B"}
    unprotected = d.tree | {
        "satisfaction": {**d.tree["satisfaction"], "overall": tree["satisfaction"]["overall"]}
    }
    candidates = attack(unprotected)
    assert any(abs(g - 1.5) < 1e-9 for g in candidates)
    assert len(candidates) <= 4  # A's grade is one of a handful of values, not hidden


def test_the_decision_withholds_the_national_spread_and_keeps_its_estimate():
    d = disclose_tree(tree_of(GRADES), MIN_N)
    overall = d.tree["satisfaction"]["overall"]
    assert overall["estimate"] is not None
    assert overall["se"] is None and overall["df"] is None and overall["ci"] == [None, None]
    assert not [c for c in d.tree["caveats"] if c["code"] == "few_spts_carry_variance"]
    assert audit_published({**d.tree, "disclosure": d.block()}).ok


def test_the_audit_names_the_variance_attack_in_dutch():
    tree = tree_of(GRADES)
    d = disclose_tree(tree, MIN_N)
    forged = {**d.tree, "disclosure": d.block(), "caveats": tree["caveats"]}
    forged["satisfaction"] = {**d.tree["satisfaction"], "overall": tree["satisfaction"]["overall"]}
    sentences = [f.sentence() for f in audit_published(forged).findings]
    assert any(ATTACK in s and "tevredenheidsscore van A (op een teken na)" in s for s in sentences)
    assert any("methodezin noemt dit weggelaten SPT" in s for s in sentences)


def test_with_enough_withheld_unknowns_the_spread_stays_and_the_sentence_names_no_one():
    # more withheld SPTs with a spread: 7 unknowns (A's grade, E, F and G's grade and sum of
    # squares) against 4 equations (national grade, SE, df, design effect), so no set of small
    # SPTs under 5 respondents together (at most 3 unknowns: A with E or with F) is reached
    grades = {**GRADES, "E": [2.0, 3.0], "F": [3.5, 4.5, 3.0], "G": [2.5, 3.5, 3.0, 4.0]}
    d = disclose_tree(tree_of(grades), MIN_N)
    assert d.tree["satisfaction"]["overall"]["se"] is not None
    (heavy,) = [c for c in d.tree["caveats"] if c["code"] == "few_spts_carry_variance"]
    assert heavy["spts"] == [] and heavy["respondents"] == {}
    assert audit_published({**d.tree, "disclosure": d.block()}).ok
    assert np.isfinite(d.tree["satisfaction"]["overall"]["df"])


def test_a_statements_national_spread_is_held_back_the_same_way():
    """A lonely SPT's share agreeing is 0 or 1, so (share - national)² tells which."""
    tree = tree_of(GRADES)
    answers = {
        "A": [1],
        "B": [0, 1, 1, 0, 1, 1],
        "C": [1, 1, 0, 1, 1, 1, 0],
        "D": [0] * 3 + [1] * 4,
    }
    shares = {k: [float(a) for a in v] for k, v in answers.items()}
    sat = tree_of(shares)["satisfaction"]
    tree["items"] = {
        "nut": {
            "short": "nut",
            "n": sat["overall"]["n"],
            "agree": sat["overall"],
            "agree_by_spt": {k: {**e, "n": len(answers[k])} for k, e in sat["by_spt"].items()},
        }
    }
    d = disclose_tree(tree, MIN_N)
    agree = d.tree["items"]["nut"]["agree"]
    assert agree["estimate"] is not None and agree["se"] is None and agree["df"] is None


def _cluster_se2(people: list[dict], trait: str, value: int) -> tuple[float, float]:
    """A trait group's grade and its variance with the SPT as cluster, respondent by
    respondent as R's svymean on svydesign(ids = ~spt, weights = 1 / n_k) computes it."""
    rows = [p for p in people if p[trait] in (0, 1)]
    n_k = {k: sum(1 for p in rows if p["spt"] == k) for k in {p["spt"] for p in rows}}
    inside = [p for p in rows if p[trait] == value]
    total = sum(1 / n_k[p["spt"]] for p in inside)
    mean_d = sum(p["grade"] / n_k[p["spt"]] for p in inside) / total
    sums = dict.fromkeys(n_k, 0.0)
    for p in inside:
        sums[p["spt"]] += (p["grade"] - mean_d) / n_k[p["spt"]] / total
    k = len(sums)
    centre = sum(sums.values()) / k
    return mean_d, k / (k - 1) * sum((v - centre) ** 2 for v in sums.values())


def test_a_trait_group_spread_would_pin_a_one_respondent_spt():
    """'trekker = nee' is A (1 respondent) and B (4): 5 respondents, so its grade is published.
    With the SPT as cluster its SE² is 4/3 (T_A² + T_B²), T_B = -T_A = -(grade_A - group)/2,
    so grade_A = group ± sqrt(2 SE² 3/4): the decision withholds that spread (the grade stays)
    and the audit names the attack on a publication that shows it."""
    from tests.test_disclosure_attacks import results_tree

    grades = {"A": [2], "B": [4, 3, 5, 4], "C": [3, 4, 2, 5, 3, 4], "D": [4, 2, 3, 3, 5, 4, 3]}
    people = [
        {"spt": k, "grade": g, "trekker": int(k in "CD"), "manager": 1}
        for k, gs in grades.items()
        for g in gs
    ]
    tree = results_tree(people)
    group, se2 = _cluster_se2(people, "trekker", 0)
    tree["traits"]["trekker"]["nee"]["se"] = math.sqrt(se2)
    assert tree["traits"]["trekker"]["nee"]["estimate"] == group
    roots = [group + s * math.sqrt(2 * se2 * 3 / 4) for s in (1, -1)]
    assert any(abs(r - 2) < 1e-9 for r in roots)  # the attack works on the unprotected figure
    d = disclose_tree(tree, MIN_N)
    nee = d.tree["traits"]["trekker"]["nee"]
    assert nee["estimate"] == group and nee["se"] is None and nee["ci"] == [None, None]
    assert d.tree["traits"]["trekker"]["ja"]["se"] is not None
    assert audit_published({**d.tree, "disclosure": d.block()}).ok
    forged = {**d.tree, "disclosure": d.block()}
    forged["traits"] = {**d.tree["traits"], "trekker": tree["traits"]["trekker"]}
    found = [f.sentence() for f in audit_published(forged).findings]
    assert any(ATTACK in s and "tevredenheidsscore van A" in s for s in found), found
