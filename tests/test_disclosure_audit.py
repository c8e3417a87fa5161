"""The attacks of issue 20, reproduced on small networks: the old publication gives a withheld
value away (the audit names it and how), the new decision leaves none derivable."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import numpy as np

from evaluation.disclosure.audit import audit_published, audit_trends
from evaluation.disclosure.cells import pointer
from evaluation.disclosure.publish import disclose_tree

sys.path.insert(0, str(Path(__file__).parent))
from test_disclosure_attacks import results_tree  # noqa: E402

SIZES = {"Zuid-Limburg": 3, "Twente": 6, "Noord": 7, "Oost": 8, "West": 9, "Midden": 10}
SIZES |= {"Zuid": 11}


def people(constant: bool = True, seed: int = 1) -> list[dict]:
    """Seven SPTs; Zuid-Limburg (3) has no trekker and no manager, every other SPT has both."""
    rng = np.random.default_rng(seed)
    out = []
    for spt, n in SIZES.items():
        for i in range(n):
            yes = int(spt != "Zuid-Limburg")
            manager = yes if constant else int(rng.integers(0, 2)) | (i == 0)
            out.append(
                {
                    "spt": spt,
                    "grade": int(rng.integers(1, 6)),
                    "trekker": yes,
                    "manager": manager if spt != "Zuid-Limburg" else 0,
                }
            )
    return out


def published(tree: dict, d) -> dict:
    """results.json as published: the decision's tree with its disclosure block."""
    out = copy.deepcopy(d.tree)
    out["disclosure"] = d.block()
    return out


def old_publication(tree: dict, withheld: list[tuple]) -> dict:
    """The old rule's outcome: only the given figures withheld (nulled and logged)."""
    out = copy.deepcopy(tree)
    for c in out["grade_cells"]:
        c["mean"] = None
    for path in withheld:
        node = out
        for p in path:
            node = node[p]
        node["estimate"] = None
    out["disclosure"] = {"min_n": 5, "suppressed": [{"path": pointer(*p)} for p in withheld]}
    return out


def test_trait_complement_is_found_by_the_audit_and_closed_by_the_decision():
    """The 'nee' group is Zuid-Limburg, the 'ja' group the six others: with Zuid-Limburg and its
    group withheld, 7 x national - 6 x 'ja' gives Zuid-Limburg's grade back."""
    tree = results_tree(people())
    old = old_publication(
        tree,
        [
            ("satisfaction", "by_spt", "Zuid-Limburg"),
            ("satisfaction", "by_spt", "Twente"),
            ("traits", "trekker", "nee"),
            ("traits", "manager", "nee"),
        ],
    )
    old["traits_regression"]["coefficients"] = {}
    audit = audit_published(old)
    zl = [f for f in audit.findings if "Zuid-Limburg" in f.what]
    assert zl and "kenmerkgroep" in zl[0].attack
    grade = tree["satisfaction"]["by_spt"]["Zuid-Limburg"]["estimate"]
    assert f"{grade:.4f}".replace(".", ",") in zl[0].what

    d = disclose_tree(tree, min_n=5)
    assert d.decision.primary == {"Zuid-Limburg": 3}
    assert set(d.decision.secondary) == {"Twente"}
    for group in ("ja", "nee"):  # the whole trait goes, and no n points at Zuid-Limburg
        assert d.tree["traits"]["trekker"][group]["estimate"] is None
    assert d.tree["traits"]["trekker"]["nee"]["n"] is None
    assert audit_published(published(tree, d)).ok


def test_regression_fit_is_found_and_withheld():
    """Constant + the trait coefficients = the mean grade of a pattern of answers; only
    Zuid-Limburg has no trekker, and with three patterns for three terms the intercept is
    Zuid-Limburg's grade (from the printed table alone)."""
    tree = results_tree(people(constant=False))
    old = old_publication(
        tree,
        [
            ("satisfaction", "by_spt", "Zuid-Limburg"),
            ("satisfaction", "by_spt", "Twente"),
            ("satisfaction", "overall"),
        ],
    )
    for t in ("trekker", "manager"):
        for g in ("ja", "nee"):
            old["traits"][t][g]["estimate"] = None
    found = audit_published(old).findings
    assert any("regressie" in f.attack and "Zuid-Limburg" in f.what for f in found)
    d = disclose_tree(tree, min_n=5)
    coefs = d.tree["traits_regression"]["coefficients"]
    assert coefs and all(c["estimate"] is None for c in coefs.values())
    assert audit_published(published(tree, d)).ok


def test_secondary_suppression_cannot_be_undone_through_a_trait_group():
    """Twente is withheld to protect Zuid-Limburg; the 'ja' group (Twente plus five published
    SPTs) gives Twente back, and then Zuid-Limburg follows from the national grade."""
    tree = results_tree(people(constant=False, seed=4))
    old = old_publication(
        tree,
        [
            ("satisfaction", "by_spt", "Zuid-Limburg"),
            ("satisfaction", "by_spt", "Twente"),
            ("traits", "trekker", "nee"),
        ],
    )
    old["traits_regression"]["coefficients"] = {}
    old["traits"]["manager"] = {}
    what = " ".join(f.what for f in audit_published(old).findings)
    assert "Twente" in what and "Zuid-Limburg" in what
    d = disclose_tree(tree, min_n=5)
    assert d.decision.secondary.keys() == {"Twente"}
    assert d.tree["traits"]["trekker"]["ja"]["estimate"] is None
    assert audit_published(published(tree, d)).ok


def test_secondary_spt_is_withheld_in_every_family():
    """One decision for all figures: the SPT withheld for the grade is withheld in the
    statements too (its six answer distributions would give its grade back)."""
    tree = results_tree(people())
    spts = sorted(SIZES)
    tree["items"] = {
        "werking_goed": {
            "n": 54,
            "short": "Werking is goed",
            "agree": {"estimate": 0.5, "n": 54},
            "categories": [{"code": 4, "share": 0.5, "n": 27}],
            "weet_niet": {"share": 0.0, "n": 0},
            "agree_by_spt": {k: {"estimate": 0.5, "n": SIZES[k]} for k in spts},
            "distribution_by_spt": {
                k: {
                    "n": SIZES[k],
                    "categories": [{"code": 4, "share": 0.5, "n": 1}],
                    "weet_niet": {"share": 0.0, "n": 0},
                }
                for k in spts
            },
        }
    }
    d = disclose_tree(tree, min_n=5)
    (secondary,) = d.decision.secondary
    item = d.tree["items"]["werking_goed"]
    assert item["agree_by_spt"][secondary]["estimate"] is None
    assert item["distribution_by_spt"][secondary]["categories"][0]["share"] is None
    assert audit_published(published(tree, d)).ok


def test_audit_names_a_count_of_all_spts_for_a_personal_answer():
    tree = {
        "parameters": {"fact_questions": ["org_uwv"]},
        "tables": {
            "respons_spt": {"rows": [{"spt": "A", "n": 1}, {"spt": "B", "n": 9}]},
            "1.9": {
                "rows": [
                    {
                        "item": "org_uwv",
                        "label": "UWV",
                        "active": 2,
                        "background": 0,
                        "n_spt_data": 2,
                    },
                    {"item": "org_x", "label": "X", "active": 2, "background": 0, "n_spt_data": 2},
                ]
            },
        },
        "disclosure": {"min_n": 5, "suppressed": []},
    }
    found = audit_published(tree).findings
    assert [f.what for f in found] == ["tabel 1.9, X: active = 2", "tabel 1.9, X: background = 0"]


def test_audit_names_a_change_published_beside_a_withheld_year():
    trends = {
        "grade": {
            "points": [{"year": 2015, "estimate": 2.9}, {"year": 2016, "estimate": 3.0}],
            "change": {"from_year": 2015, "to_year": 2016, "difference": 0.1},
        },
        "grade_by_spt": {
            "Twente": {
                "points": [{"year": 2015, "estimate": None}, {"year": 2016, "estimate": 3.2}],
                "change": {"from_year": 2015, "to_year": 2016, "difference": 0.4},
            },
            "Noord": {
                "points": [{"year": 2015, "estimate": None}, {"year": 2016, "estimate": 3.1}],
                "change": {"from_year": 2015, "to_year": 2016, "difference": None},
            },
        },
        "agree": {},
    }
    (found,) = audit_trends(trends)
    assert (
        found.what == "tevredenheidsscore Twente in 2015"
        and found.attack == "verschil tussen jaren"
    )


def test_a_results_file_without_grade_cells_is_not_passed_as_checked():
    tree = results_tree(people())
    d = disclose_tree(tree, min_n=5)
    old = published(tree, d)
    del old["grade_cells"]
    old["traits"]["trekker"]["ja"]["estimate"] = 3.0
    audit = audit_published(old)
    assert not audit.ok and audit.summary().startswith("Niet te controleren")
