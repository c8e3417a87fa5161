"""Disclosure control on small hand-made Results trees: primary, secondary and recount rules."""

from __future__ import annotations

import copy

from evaluation.disclosure.audit import SPREAD_ONLY
from evaluation.disclosure.cells import PRIMARY, RECOUNT, SECONDARY, pointer
from evaluation.disclosure.publish import disclose_tree, ranking


def view(d):
    """The tree as a reader of these tests sees it: 'x' at every withheld pointer (both ends
    of an interval, each value of a dict), so that an assertion reads like the printed table."""
    tree = copy.deepcopy(d.tree)
    for ptr in d.fields:
        *path, field = [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]]
        node = tree
        for p in path:
            node = node[int(p)] if isinstance(node, list) else node[p]
        value = node[field]
        if field == "ci":
            node[field] = ["x", "x"]
        elif isinstance(value, dict):
            node[field] = {k: "x" for k in value}
        else:
            node[field] = "x"
    return tree


def est(value, n, band=None):
    return {"estimate": value, "se": 0.1, "ci": [value - 0.2, value + 0.2], "n": n, "band": band}


def tree(sizes: dict[str, int]) -> dict:
    """Grades per SPT with the given n; the overall is the mean of the SPT means."""
    by_spt = {k: est(3.0 + i / 10, n, "gemiddeld") for i, (k, n) in enumerate(sizes.items())}
    overall = sum(v["estimate"] for v in by_spt.values()) / len(by_spt)
    return {"satisfaction": {"overall": est(overall, sum(sizes.values())), "by_spt": by_spt}}


def paths(d, rule=None):
    """Figures whose value is withheld (a log entry of spreads only keeps its estimate)."""
    return {
        s.path
        for s in d.log
        if (rule is None or s.rule == rule) and not (s.fields and set(s.fields) <= SPREAD_ONLY)
    }


def test_primary_suppression_keeps_n_and_marks_x():
    """A (1), B (1) below 5; together 2 < 5, so the smallest published SPT (C, 5) goes too."""
    d = disclose_tree(tree({"A": 1, "B": 1, "C": 5, "D": 6, "E": 9}), min_n=5)
    a = view(d)["satisfaction"]["by_spt"]["A"]
    assert a["estimate"] == "x" and a["band"] == "x" and a["ci"] == ["x", "x"] and a["n"] == 1
    assert d.tree["satisfaction"]["by_spt"]["A"]["estimate"] is None
    assert d.tree["satisfaction"]["by_spt"]["A"]["n"] == 1
    assert paths(d, PRIMARY) == {pointer("satisfaction", "by_spt", k) for k in "AB"}
    assert paths(d, SECONDARY) == {pointer("satisfaction", "by_spt", "C")}
    assert view(d)["satisfaction"]["by_spt"]["D"]["estimate"] == 3.3
    assert ranking(view(d)["satisfaction"]["by_spt"]) == ["E", "D"]


def test_no_secondary_when_suppressed_spts_together_reach_min_n():
    """2015 demo sizes: 4+1+2+3+1 = 11 respondents in the suppressed SPTs, so the mean of the
    suppressed group that the overall gives back rests on 11 >= 5: no second cell needed."""
    sizes = {"Ach": 4, "NH": 8, "RvN": 1, "Rijn": 2, "Sted": 7, "Tw": 5, "WB": 10}
    sizes |= {"IJ": 6, "ZL": 3, "ZOB": 1}
    d = disclose_tree(tree(sizes), min_n=5)
    assert paths(d, SECONDARY) == set()
    assert len(paths(d, PRIMARY)) == 5


def test_one_suppressed_spt_takes_the_smallest_published_one_with_it():
    """Only D (4) is small: overall x 3 - B - C would give D back, so B (5, smallest) goes too."""
    d = disclose_tree(tree({"B": 5, "C": 9, "D": 4}), min_n=5)
    assert paths(d, SECONDARY) == {pointer("satisfaction", "by_spt", "B")}
    (sec,) = [s for s in d.log if s.rule == SECONDARY and "/by_spt/" in s.path]
    assert "D" in sec.reason and sec.n == 5
    assert ranking(view(d)["satisfaction"]["by_spt"]) == ["C"]


def test_nothing_suppressed_at_min_n_one():
    d = disclose_tree(tree({"A": 1, "B": 2}), min_n=1)
    assert not d.log
    assert d.block()["suppressed"] == []


def test_trait_group_below_min_n_suppresses_group_and_test():
    t = {
        "traits": {
            "trekker": {
                "ja": est(2.8, 3),
                "nee": est(3.1, 20),
                "test": {"difference": -0.3, "p_value": 0.4, "mdd": 0.8, "verdict": "..."},
            }
        }
    }
    d = disclose_tree(t, min_n=5)
    assert view(d)["traits"]["trekker"]["ja"]["estimate"] == "x"
    assert view(d)["traits"]["trekker"]["nee"]["estimate"] == 3.1
    assert view(d)["traits"]["trekker"]["test"]["difference"] == "x"
    assert d.tree["traits"]["trekker"]["test"]["p_value"] is None
    assert "niet getoond" in view(d)["traits"]["trekker"]["test"]["verdict"]


def test_count_table_is_recounted_over_published_spts():
    """If both small SPTs say 'ja', the full count minus the cards would reveal them."""
    per_spt = [
        {"spt": "A", "n": 1, "trekker": "ja", "trekker_n": 1},
        {"spt": "B", "n": 1, "trekker": "ja", "trekker_n": 1},
        {"spt": "C", "n": 6, "trekker": "nee", "trekker_n": 6},
        {"spt": "D", "n": 7, "trekker": "ja", "trekker_n": 4},
    ]
    t = {
        "tables": {
            "1.7": {
                "columns": [],
                "rows": [{"question": "trekker", "ja": 3, "nee": 1, "unclear": 0, "n_spt": 4}],
                "notes": [],
            },
            "1.7_per_spt": {
                "columns": [{"key": k} for k in ("spt", "n", "trekker", "trekker_n")],
                "rows": per_spt,
            },
        }
    }
    d = disclose_tree(t, min_n=5)
    rows = view(d)["tables"]["1.7_per_spt"]["rows"]
    assert [r["trekker"] for r in rows] == ["x", "x", "nee", "x"]  # D: only 4 answered
    count = view(d)["tables"]["1.7"]["rows"][0]
    assert (count["ja"], count["nee"], count["unclear"], count["n_spt"]) == (0, 1, 0, 1)
    assert "3 van de 4" in view(d)["tables"]["1.7"]["notes"][-1]
    assert pointer("tables", "1.7") in paths(d, RECOUNT)


def test_allocation_rows_follow_the_group_rule():
    t = {
        "tables": {
            "1.5": {"columns": [], "rows": [{"label": "UWV", "mean": 20.0, "n_spt": 3, "n": 15}]},
            "1.5_per_spt": {
                "columns": [{"key": k} for k in ("spt", "n", "gebr_uwv")],
                "rows": [
                    {"spt": "A", "n": 3, "gebr_uwv": 10.0},
                    {"spt": "B", "n": 6, "gebr_uwv": 20.0},
                    {"spt": "C", "n": 9, "gebr_uwv": 30.0},
                ],
            },
        }
    }
    d = disclose_tree(t, min_n=5)
    assert [r["gebr_uwv"] for r in view(d)["tables"]["1.5_per_spt"]["rows"]] == ["x", "x", 30.0]
    assert view(d)["tables"]["1.5"]["rows"][0]["mean"] == 20.0


def test_pointer_escapes():
    assert pointer("tables", "1.7_per_spt", "rows", 2) == "/tables/1.7_per_spt/rows/2"
    assert pointer("a/b", "c~d") == "/a~1b/c~0d"


def test_small_reliability_keeps_keys_and_withholds_values():
    t = tree({"A": 6, "B": 7})
    t["satisfaction"]["reliability"] = {
        "alpha": 0.7,
        "n_complete": 3,
        "k": 2,
        "item_rest": {"a": 0.5, "b": 0.4},
        "item_means": {"a": 3.0, "b": 2.0},
    }
    d = disclose_tree(t, min_n=5)
    rel = d.tree["satisfaction"]["reliability"]
    assert rel["alpha"] is None and rel["item_rest"] == {"a": None, "b": None}
    assert rel["n_complete"] == 3
    assert view(d)["satisfaction"]["reliability"]["item_means"] == {"a": "x", "b": "x"}


def test_small_spt_distribution_is_withheld_with_its_counts():
    """Per-SPT answer distributions: A (1 valid answer) and B (0 valid, one 'weet niet') are
    primary. The national distribution is the mean over A, C and D (B has no valid answer),
    so national x 3 - C - D would give A back: C (the smallest published) goes too. Shares and
    answer counts (incl. 'weet niet') are withheld, the valid n of a published SPT stays."""

    def dist(n, shares, counts, dk_n):
        codes = zip((1, 2, 3, 4, 5), shares, counts, strict=True)
        cats = [{"code": c, "share": s, "n": k} for c, s, k in codes]
        return {"n": n, "categories": cats, "weet_niet": {"share": dk_n / (n + dk_n), "n": dk_n}}

    t = {
        "items": {
            "ambities": {
                "n": 16,
                "categories": [{"code": 4, "share": 0.4, "n": 6}],
                "weet_niet": {"share": 0.1, "n": 2},
                "agree_by_spt": {},
                "distribution_by_spt": {
                    "A": dist(1, [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], 0),
                    "B": {
                        "n": 0,
                        "categories": [{"code": c, "share": None, "n": 0} for c in range(1, 6)],
                        "weet_niet": {"share": 1.0, "n": 1},
                    },
                    "C": dist(5, [0.2, 0.2, 0.2, 0.2, 0.2], [1, 1, 1, 1, 1], 1),
                    "D": dist(10, [0, 0, 0.5, 0.5, 0], [0, 0, 5, 5, 0], 0),
                },
            }
        }
    }
    d = disclose_tree(t, min_n=5)
    base = ("items", "ambities", "distribution_by_spt")
    assert paths(d, PRIMARY) == {pointer(*base, k) for k in "AB"}
    assert paths(d, SECONDARY) == {pointer(*base, "C")}
    shown = view(d)["items"]["ambities"]["distribution_by_spt"]
    pub = d.tree["items"]["ambities"]["distribution_by_spt"]
    for k in "ABC":
        assert all(c["share"] == "x" and c["n"] == "x" for c in shown[k]["categories"])
        assert shown[k]["weet_niet"] == {"share": "x", "n": "x"}
        assert all(c["share"] is None and c["n"] is None for c in pub[k]["categories"])
        assert pub[k]["weet_niet"] == {"share": None, "n": None}
    # B's 0 valid answers would tell that its one respondent said 'weet niet': n goes too
    assert (shown["A"]["n"], shown["B"]["n"], shown["C"]["n"]) == ("x", "x", "x")
    assert pub["B"]["n"] is None and shown["D"]["n"] == 10
    assert shown["D"]["categories"][2] == {"code": 3, "share": 0.5, "n": 5}
    (b,) = [s for s in d.log if s.path == pointer(*base, "B")]
    assert "weet_niet.n" in b.fields and "n" in b.fields


def test_withheld_item_cells_log_respondents_not_valid_answers():
    """A one-respondent SPT that answered 'weet niet': its share agreeing has 0 valid answers.
    The log and reason must show the published respondent count (1), not the 0 that would
    reveal the answer; the cell's n is withheld."""
    t = {
        "tables": {
            "respons_spt": {
                "rows": [{"spt": "A", "n": 1}, {"spt": "B", "n": 9}, {"spt": "Totaal", "n": 10}]
            }
        },
        "items": {
            "ambities": {
                "n": 8,
                "categories": [],
                "agree_by_spt": {
                    "A": {"estimate": None, "se": None, "ci": [None, None], "n": 0},
                    "B": {"estimate": 0.5, "se": 0.1, "ci": [0.3, 0.7], "n": 8},
                },
                "distribution_by_spt": {},
            }
        },
    }
    d = disclose_tree(t, min_n=5)
    (a,) = [s for s in d.log if s.path == pointer("items", "ambities", "agree_by_spt", "A")]
    assert a.n == 1 and "0" not in a.reason and "n" in a.fields
    assert d.tree["items"]["ambities"]["agree_by_spt"]["A"]["n"] is None
    assert view(d)["items"]["ambities"]["agree_by_spt"]["A"]["n"] == "x"


def test_counts_of_spts_with_a_personal_answer_are_withheld_whatever_their_value():
    """Table 1.3 counts SPTs where someone gives an answer. With a one-respondent SPT among the
    3 counted, '3 of 3' would tell that this respondent ticked it and '0 of 3' that they did
    not; withholding only those would tell it too ('x' = all or none). So for a personal answer
    every count is withheld while an SPT is withheld, and the reason names no SPT. A fact about
    the SPT (the codebook's `fact: true`) is counted over every SPT: nothing withheld."""

    def t(n_small, facts=()):
        return {
            "parameters": {"fact_questions": list(facts)},
            "tables": {
                "respons_spt": {
                    "columns": [],
                    "rows": [
                        {"spt": "A", "n": n_small},
                        {"spt": "B", "n": 6},
                        {"spt": "C", "n": 7},
                        {"spt": "Totaal", "n": 13 + n_small},
                    ],
                },
                "1.3": {
                    "columns": [{"key": "n_spt", "kind": "count"}],
                    "rows": [
                        {"item": "a", "label": "alle", "n_spt": 3, "n_spt_data": 3, "n": 14},
                        {"item": "b", "label": "geen", "n_spt": 0, "n_spt_data": 3, "n": 14},
                        {"item": "c", "label": "twee", "n_spt": 2, "n_spt_data": 3, "n": 14},
                    ],
                },
            },
        }

    d = disclose_tree(t(1), min_n=5)
    rows = view(d)["tables"]["1.3"]["rows"]
    assert [r["n_spt"] for r in rows] == ["x", "x", "x"]
    assert paths(d, SECONDARY) == {pointer("tables", "1.3", "rows", i) for i in (0, 1, 2)}
    assert len({s.reason for s in d.log}) == 1 and "A" not in d.log[0].reason
    assert not disclose_tree(t(5), min_n=5).log
    assert not disclose_tree(t(1, facts="abc"), min_n=5).log
