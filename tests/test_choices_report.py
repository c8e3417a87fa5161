"""The report's chapter 'Succesfactoren en knelpunten' (the 2015 report's 2.4 and 2.5), read
as a reader reads its tables: the 2017 monitor places the options only where the intervals
separate, each with its share, n and interval, and the change since 2016; the 2015 demo says
its ranking came from a group session; tables.xlsx and the exchange package carry the same
published values."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from test_next_year_trends import DEMO, KEY

from evaluation.dutch import percent
from evaluation.exchange.figures import figures
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.choices import places
from evaluation.report.published_sheets import published_sheets
from evaluation.report.render import render_html
from evaluation.report.trends import annual_trend_context
from evaluation.spt_results.read import read_spt_results
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run
from evaluation.store.spt_results import add_results
from evaluation.store.waves import add_wave


@pytest.fixture(scope="module")
def monitor(tmp_path_factory):
    """The demo monitor's 2016 and 2017 waves in a store; its 2017 run and trends."""
    con = connect(tmp_path_factory.mktemp("choices") / "monitor.sqlite")
    for year in (2016, 2017):
        run = run_survey(DEMO / f"responses_{year}.csv", load_inputs(year=year))
        add_wave(con, run.inputs, run.intake, key=KEY, results=run.results)
        sheet = DEMO / f"spt_results_{year}.csv"
        add_results(con, read_spt_results(sheet, run.inputs.register, year), year)
    return monitor_run(con, 2017)


def chapter_tables(page: str) -> dict[str, list[list[str]]]:
    """The chapter's tables as text cells per row, keyed by their heading."""
    m = re.search(r'<h1 id="succesfactoren">(.*?)(?=<h1 )', page, re.S)
    assert m, "no chapter 'Succesfactoren en knelpunten'"
    out = {}
    for title, body in re.findall(r"<h2[^>]*>(.*?)</h2>.*?<tbody>(.*?)</tbody>", m.group(1), re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        out[title] = [
            [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
            for cells in (re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows)
        ]
    return out


def test_places_only_where_intervals_separate():
    # A's interval lies wholly above C's; B overlaps both: A and B share place 1, C is 2nd
    # only behind A, so it shares place 2 with nobody; D has no interval: not placed.
    est = {"A": (0.6, (0.5, 0.7)), "B": (0.4, (0.2, 0.6)), "C": (0.2, (0.1, 0.3)), "D": None}
    assert places(est) == {"A": 1, "B": 1, "C": 2}


def test_2017_ranks_the_options_with_share_interval_and_change(monitor):
    run, pt = monitor
    ctx = annual_trend_context(run.published, pt, {"date": date(2017, 11, 22)}, None, None)
    tables = chapter_tables(render_html("annual.html", ctx))
    assert list(tables) == ["Succesfactoren", "Knelpunten"]
    bottlenecks = {row[1]: row for row in tables["Knelpunten"]}
    # place, option, share, 95%-interval, share 2016, change (procentpunt, * detectable)
    assert bottlenecks["Belangrijke partijen ontbreken aan tafel (zoals werkgevers)"] == [
        "1 (gedeeld)", "Belangrijke partijen ontbreken aan tafel (zoals werkgevers)",
        "51%", "29% – 73%", "12%", "+39*",
    ]  # fmt: skip
    assert bottlenecks["Te weinig geld voor bemiddeling, een coach of scholing"][2:] == [
        "44%", "23% – 67%", "64%", "-20",
    ]  # fmt: skip
    assert tables["Knelpunten"][-1][:2] == ["–", "Anders"]  # a mix of answers: never placed
    factors = tables["Succesfactoren"]
    assert [r[0] for r in factors[:9]] == ["1 (gedeeld)"] * 6 + ["2 (gedeeld)"] * 2 + ["4"]
    q = run.published.results.choices["succesfactoren"]
    for row in factors:  # every printed share and interval is the published one
        option = next(o for o in q.options.values() if o.label == row[1])
        low, high = option.share.ci
        assert row[2:4] == [percent(option.share.estimate), f"{percent(low)} – {percent(high)}"]


def test_workbook_and_exchange_carry_the_same_published_shares(monitor):
    run, _ = monitor
    d = run.published
    sheets = dict(published_sheets(run.results, d))
    national = {r["column"]: r for r in sheets["Succesfactoren knelpunten"].rows}
    by_spt = {r["spt"]: r for r in sheets["Keuzes per SPT"].rows}
    rows = {(f.ref_area, f.breakdown): f for f in figures(json.loads(d.to_json()))}
    coach = d.results.choices["succesfactoren"].options["sf_coach"]
    assert national["sf_coach"]["share"] == coach.share.estimate
    assert rows[("landelijk", "succesfactoren=sf_coach")].value == coach.share.estimate
    assert rows[("landelijk", "succesfactoren=sf_coach")].lower == coach.share.ci[0]
    assert by_spt["Twente"]["sf_coach"] == "x"  # withheld with Twente's other answers
    twente = rows[("Twente", "succesfactoren=sf_coach")]
    assert (twente.value, twente.conf_status) == (None, "A")
    assert by_spt["West-Brabant"]["sf_coach"] == coach.by_spt["West-Brabant"].estimate


def test_the_2015_demo_report_says_its_ranking_came_from_a_group_session(demo_report):
    page = demo_report.html_of(demo_report.pdf)
    assert chapter_tables(page) == {}  # not asked in 2015: no table, no ranking
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "6 Succesfactoren en knelpunten" in text
    assert "in een groepsbijeenkomst met sleutelfiguren op volgorde van belang gezet" in text
    assert "In 2015 is deze vraag niet gesteld" in text
