"""The Samenvatting (issue 23, point 1): every number on it is a published figure of results.json
(and trends.json for the monitor), read back from the rendered text; claims follow the intervals."""

from __future__ import annotations

import html
import json
import re
import subprocess
from datetime import date

import pytest
from test_layout import words_outside
from test_next_year_trends import DEMO, KEY

from evaluation.dutch import number, percent
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.annual import annual_context
from evaluation.report.card import card_context
from evaluation.report.changes import point, rounded_difference
from evaluation.report.render import html_to_pdf, render_html
from evaluation.report.summary import spts_beyond, summary, unfavourable
from evaluation.report.trends import card_trend, trend_context
from evaluation.results import Estimate, ItemDistribution, Satisfaction
from evaluation.spt_results.read import read_spt_results
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run
from evaluation.store.spt_results import add_results
from evaluation.store.waves import add_wave
from evaluation.trends.model import Trends

NUMBER = re.compile(r"(?<![\w'])[−+-]?\d+(?:[.,]\d+)*%?")


def section_text(page: str) -> str:
    """The Samenvatting's text as the reader gets it, statement labels (in quotes) left out."""
    m = re.search(r'<section id="samenvatting-tekst">(.*?)</section>', page, re.S)
    assert m, "no Samenvatting in the report"
    text = html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))
    return re.sub(r"'[^']*'", " ", text)


def printed_numbers(text: str) -> set[str]:
    return {t.lstrip("+−-") for t in NUMBER.findall(text)}


def allowed_numbers(results: dict, trends: Trends | None) -> set[str]:
    """Every number the summary may print: a published figure as printed, or a count of them."""
    sat = results["satisfaction"]
    out = {"1", "5", "95%", str(results["parameters"]["year"])}  # scale, interval, year
    for e in (sat["overall"], *sat["by_spt"].values()):
        if isinstance(e["estimate"], float):
            out |= {number(e["estimate"]), *(number(c) for c in e["ci"] if c is not None)}
        if e.get("n") is not None:
            out.add(number(e["n"], 0))
    out |= {str(k) for k in range(len(sat["by_spt"]) + 1)}  # how many SPTs in a group
    for item in results["items"].values():
        share = unfavourable(ItemDistribution.model_validate(item))
        if share is not None:
            out |= {percent(share), number(item["n"], 0)}
    if trends:
        out |= {str(y) for y in trends.years}
        series = [(trends.grade, False), *((s, True) for s in trends.agree.values())]
        if trends.grade_same_spts:
            series.append((trends.grade_same_spts, False))
        for s, share in series:
            for p in s.points:
                if isinstance(p.estimate, float):
                    out.add(percent(p.estimate) if share else number(p.estimate))
            d = rounded_difference(s, share)
            if d is not None:
                out.add(number(abs(d) * 100, 0) if share else number(abs(d)))
            if s.change and isinstance(s.change.mdd, float) and share:
                out.add(number(s.change.mdd * 100, 0))
    return out


def test_demo_summary_numbers_are_published_figures(demo_report):
    results = json.loads((demo_report.out / "results.json").read_text(encoding="utf-8"))
    text = section_text(demo_report.html_of(demo_report.pdf))
    allowed = allowed_numbers(results, None) | {str(demo_report.run.published.min_n)}
    assert printed_numbers(text) <= allowed, printed_numbers(text) - allowed
    overall = results["satisfaction"]["overall"]
    assert f"tevredenheidsscore (1-5) van {number(overall['estimate'])}" in text
    assert f"{number(overall['ci'][0])} – {number(overall['ci'][1])}" in text
    assert "Er is geen eerdere meting opgeslagen" in text  # no store: no change claimed


def test_above_and_below_only_beyond_the_interval():
    def e(estimate, low, high):
        return Estimate.model_construct(estimate=estimate, ci=(low, high))

    by_spt = {
        "A": e(3.6, 3.1, 4.1),
        "B": e(3.4, 2.9, 3.9),  # above the national, not beyond
        "C": e(2.4, 2.0, 2.8),
        "D": e(None, None, None),  # withheld
    }
    sat = Satisfaction.model_construct(overall=e(3.0, 2.8, 3.2), by_spt=by_spt)
    assert spts_beyond(sat) == {
        "above": ["A"],
        "below": ["C"],
        "near": ["B"],
        "unknown": ["D"],
    }


@pytest.fixture(scope="module")
def monitor(tmp_path_factory):
    """The demo monitor's 2016 and 2017 waves and results per SPT in a store; its 2017 run."""
    tmp = tmp_path_factory.mktemp("monitor")
    con = connect(tmp / "monitor.sqlite")
    for year in (2016, 2017):
        run = run_survey(DEMO / f"responses_{year}.csv", load_inputs(year=year))
        add_wave(con, run.inputs, run.intake, key=KEY, results=run.results)
        sheet = DEMO / f"spt_results_{year}.csv"
        add_results(con, read_spt_results(sheet, run.inputs.register, year), year)
    run, pt = monitor_run(con, 2017)
    return run, pt


def test_monitor_summary_names_the_detectable_shifts(monitor):
    """2017 against 2016: the Samenvatting, rendered, names every detectable shift of the
    statements and prints only published figures (results.json, trends.json)."""
    run, pt = monitor
    tv = pt.trends
    ctx = annual_context(run.published, audit={"date": date(2017, 11, 22)})
    ctx["trends"] = trend_context(pt)
    ctx["summary"] = summary(run.published, ctx["trait_summary"], tv)
    raw = render_html("annual.html", ctx)
    m = re.search(r'<section id="samenvatting-tekst">(.*?)</section>', raw, re.S)
    full = html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))
    significant = {x.short for x in tv.agree.values() if x.change and x.change.significant}
    for name in significant:
        assert f"'{name}'" in full and name in {r["short"] for r in ctx["summary"]["changes"]}
    if not significant:  # with Welch df the two large 2017 shifts are not detectable: said so
        assert "Sinds 2016: geen aantoonbare veranderingen." in full
        shifts = sorted(
            ((abs(rounded_difference(x, True)), x.short) for x in tv.agree.values()),
            reverse=True,
        )
        for _, name in shifts[:2]:
            assert f"'{name}' +" in full or f"'{name}' −" in full
        assert "niet van toeval te onderscheiden" in full
    results = json.loads(run.published.to_json())
    allowed = allowed_numbers(results, pt.trends) | {str(run.published.min_n)}
    text = section_text(raw)
    assert printed_numbers(text) <= allowed, printed_numbers(text) - allowed
    for key in run.published.results.satisfaction.reverse_items:  # labelled in the trend table too
        assert f"<td>{tv.agree[key].short} (kritisch)</td>" in raw


def test_card_says_what_changed_for_its_spt(monitor):
    """A card from the store: the SPT's score in 'Wat is veranderd' only when its change is
    detectable; otherwise the sentence 'geen aantoonbare veranderingen'."""
    run, pt = monitor
    seen = 0
    for spt, series in pt.trends.grade_by_spt.items():
        trend = card_trend(pt, spt)
        if trend is None or series.change is None:
            continue
        seen += 1
        assert trend["previous"] == 2016
        if series.change.significant is True:
            (row,) = trend["changed"]
            assert row["now"] == number(point(series, 2017))
        else:
            assert trend["changed"] == []
            ctx = card_context(run.published, spt, audit={"date": date(2017, 11, 22)})
            ctx["trend"] = trend
            text = html.unescape(re.sub(r"<[^>]+>", " ", render_html("card.html", ctx)))
            assert f"{spt} sinds 2016: geen aantoonbare veranderingen." in " ".join(text.split())
    assert seen >= 3


def test_project_list_entry_takes_one_line(monitor, tmp_path):
    """The trend chapter's project list, laid out alone with the report's stylesheet: each
    project's SPT, year and name stand on one line (they wrapped to three lines before)."""
    run, pt = monitor
    ctx = annual_context(run.published, audit={"date": date(2017, 11, 22)})
    ctx["trends"] = trend_context(pt)
    ctx["summary"] = summary(run.published, ctx["trait_summary"])
    raw = render_html("annual.html", ctx)
    table = re.search(r'<table class="compact projects">.*?</table>', raw, re.S)
    assert table, "no project list in the trend chapter"
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>p</title>'
        f'<link rel="stylesheet" href="base.css"></head><body>{table.group(0)}</body></html>'
    )
    pdf = html_to_pdf(page, tmp_path / "projects.pdf")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    lines = [" ".join(line.split()) for line in out.stdout.splitlines()]
    entries = [
        (r["spt"], str(r["year"]), pr.name)
        for r in ctx["trends"]["results"]
        for pr in r["projects"]
    ]
    assert len(entries) > 10
    for spt, year, name in entries:
        assert any(line.startswith(f"{spt} {year} {name} ") for line in lines), (spt, year, name)
    assert words_outside(pdf) == []


def test_card_prints_x_for_a_withheld_national_interval(monitor):
    """A national interval the publication withholds (the spread rule) is 'x' on every card,
    as in the annual report, never 'niet te schatten' (which says it could not be computed)."""
    run, _ = monitor
    published = run.published
    hidden = [
        item
        for key, item in published.results.items.items()
        if published.is_withheld("items", key, "agree", "ci")
    ]
    assert hidden, "the 2017 demo wave withholds some national spreads"
    spt = next(iter(published.results.satisfaction.by_spt))
    ctx = card_context(published, spt, audit={"date": date(2017, 11, 22)})
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", render_html("card.html", ctx))).split())
    for item in hidden:
        national = percent(item.agree.estimate)
        assert f"{national} x {item.n}" in text, item.short
        assert f"{national} niet te schatten {item.n}" not in text, item.short


def test_appendix_d_names_a_withheld_spread_and_keeps_the_n_of_a_withheld_row(demo_report):
    """Appendix D in words: a statement's national spread withheld (the share itself shown) is
    'spreiding', never 'n = 0' or a JSON pointer; a withheld table row keeps its SPT's n."""
    from evaluation.report.suppression_log import readable_log

    published = demo_report.run.published
    rows = {r["figure"]: r["cells"] for r in readable_log(published, published.log_dicts())}
    assert not [f for f in rows if f.startswith("/")], rows.keys()
    assert all("n = 0" not in c for c in rows.values()), rows
    table = next(c for f, c in rows.items() if f.startswith("Tabel 1.5"))
    assert "Rijk van Nijmegen (n = 1)" in table
    spread = rows.get("Aandeel eens landelijk")
    if spread is not None:  # withheld by the spread check of this publication
        assert all(c.endswith(": spreiding") for c in spread.split("; ")), spread
