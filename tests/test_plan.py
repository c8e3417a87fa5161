"""Next year's sample plan against the closed form, written here with the standard library's
normal distribution (not the scipy the product uses)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from statistics import NormalDist

import pytest

from evaluation.cli import main
from evaluation.disclosure.publish import disclose
from evaluation.planning.sample import sample_plan
from evaluation.report.plan_table import plan_table
from evaluation.store.db import connect
from evaluation.store.waves import stored_results

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
Z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)  # alpha 0,05 two-sided, power 0,8


def _tree(by_spt: dict) -> dict:
    return {
        "parameters": {"year": 2020, "min_n": 5, "mdd": {"alpha": 0.05, "power": 0.8}},
        "satisfaction": {"by_spt": by_spt},
    }


def test_the_plan_follows_the_closed_form():
    # sd 0,6 (n 10, se 0,6/sqrt(10)); sd 0,3 (n 4); withheld; one respondent (no spread)
    tree = _tree(
        {
            "A": {"n": 10, "se_nofpc": 0.6 / math.sqrt(10), "se": 0.1},
            "B": {"n": 4, "se_nofpc": 0.15, "se": 0.1},
            "C": {"n": None, "se_nofpc": None, "se": None},
            "D": {"n": 1, "se_nofpc": None, "se": None},
        }
    )
    plan = sample_plan(tree)
    pooled = (9 * 0.36 + 3 * 0.09) / 12  # 0,2925
    by = {s.spt: s for s in plan.spts}
    assert plan.year == 2021 and plan.z == pytest.approx(2.801585218, rel=1e-9)
    assert plan.pooled_sd**2 == pytest.approx(pooled, rel=1e-12)
    assert by["A"].n_change_spt == math.ceil(2 * Z**2 * 0.36 / 0.09) == 63
    assert by["B"].n_change_spt == math.ceil(2 * Z**2 * 0.09 / 0.09) == 16
    assert by["C"].n_change_spt == by["D"].n_change_spt == math.ceil(2 * Z**2 * pooled / 0.09)
    assert (by["C"].sd_assumed, by["D"].sd_assumed, by["A"].sd_assumed) == (True, True, False)
    total = 0.36 + 0.09 + 2 * pooled
    assert plan.n_change_national == math.ceil(2 * Z**2 * total / (16 * 0.09)) == 12
    assert [s.n_needed for s in plan.spts] == [63, 16, 52, 52]
    assert plan.total == 183


def test_the_minimum_n_and_the_national_need_raise_a_small_need():
    tree = _tree({k: {"n": 20, "se_nofpc": 0.05 / math.sqrt(20)} for k in "AB"})
    plan = sample_plan(tree)
    # own need ceil(2 Z^2 0,0025 / 0,09) = 1; national 1; the minimum n 5 decides
    assert [(s.n_change_spt, s.n_needed) for s in plan.spts] == [(1, 5), (1, 5)]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "s.sqlite"
    assert main(["store", "add", str(DEMO), "--year", "2015", "--store", str(path)]) == 0
    return path


def test_the_demo_plan_as_printed(store, capsys):
    assert main(["plan", "--year", "2015", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    con = connect(store, create=False)
    tree = json.loads(disclose(stored_results(con, 2015)).to_json())
    con.close()
    by_spt = tree["satisfaction"]["by_spt"]
    shown = {k: g["n"] * g["se_nofpc"] ** 2 for k, g in by_spt.items() if g["se_nofpc"]}
    assert set(shown) == {
        "IJsselvechtstreek",
        "Noord-Holland",
        "Stedendriehoek",
        "Twente",
        "West-Brabant",
    }
    twente = math.ceil(2 * Z**2 * shown["Twente"] / 0.09)
    assert twente == 42
    assert "Twente                       5   0,49      5            42     42" in out
    assert "totaal" in out and " 257" in out
    assert "zijn 3 respondenten per SPT nodig" in out
    assert "Achterhoek                   4   0,37*" in out  # withheld spread: pooled, marked


def test_a_year_not_in_the_store_is_one_dutch_line(store, capsys):
    assert main(["plan", "--year", "2019", "--store", str(store)]) == 2
    assert capsys.readouterr().err.startswith("fout: ")


def test_the_annual_reports_appendix_shows_the_same_plan(store):
    from evaluation.report.plan_table import plan_notes, published_plan

    con = connect(store, create=False)
    published = disclose(stored_results(con, 2015))
    con.close()
    plan = published_plan(published)
    table = plan_table(plan)
    rows = {r["spt"]: r for r in table["rows"]}
    assert table["title"] == "Steekproefplan 2016: respondenten nodig per SPT"
    assert (rows["Twente"]["n"], rows["Twente"]["sd"], rows["Twente"]["needed"]) == (5, "0,49", 42)
    assert rows["Achterhoek"]["sd"] == "0,37*"  # withheld spread: the pooled one, marked
    assert sum(r["needed"] for r in rows.values()) == plan.total == 257
    assert table["notes"] == plan_notes(plan) and "257 respondenten" in table["notes"][0]


def test_no_published_spread_means_no_plan_table():
    assert plan_table(None) is None
