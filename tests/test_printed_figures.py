"""Every figure printed in the annual PDF and on a card equals its results.json value.

The shared demo render (tests/fixtures_renders.py) is read with pdftotext; each printed grade,
interval, n and share agreeing is compared with the published results.json value formatted by
the one rounding rule. A figure computed twice (once for the report, once for the cards) would
show here as two values.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from evaluation.dutch import number, percent
from evaluation.report.views import statement_label
from evaluation.web.figures import key_figures


def text_of(pdf, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def printed(demo_report):
    published = demo_report.run.published
    json_view = json.loads((demo_report.out / "results.json").read_text(encoding="utf-8"))
    return {
        "published": published,
        "results": published.results,
        "json": json_view,
        "annual": text_of(demo_report.pdf),
        "annual_flow": " ".join(text_of(demo_report.pdf, layout=False).split()),
        "card": text_of(demo_report.cards["Twente"]),
    }


def interval(e, kind: str = "number", withheld: bool = False) -> str:
    """An interval as the report prints it: 'x' when withheld (asked of the publication)."""
    lo, hi = e.ci
    if not isinstance(lo, float):
        return "x" if withheld else "niet te schatten" if e.reason else "–"
    if kind == "percent":
        return f"{percent(lo)} – {percent(hi)}"
    return f"{number(lo)} – {number(hi)}"


def test_the_attached_results_json_is_the_published_view(printed):
    """The figures compared below are those of the results.json written beside the PDF."""
    ours, theirs = printed["results"].satisfaction, printed["json"]["satisfaction"]
    assert ours.overall.estimate == theirs["overall"]["estimate"]
    assert list(ours.overall.ci) == theirs["overall"]["ci"]


def test_national_grade_everywhere(printed):
    o = printed["results"].satisfaction.overall
    kpi = f"95%-interval {interval(o)}; n = {o.n}"
    assert kpi in printed["annual"] and kpi in printed["card"]
    assert f"een {number(o.estimate)} op een schaal van 1 tot 5" in printed["annual_flow"]


def test_grade_table_rows_equal_results(printed):
    """Each SPT row of the grade table (Kerncijfers and chapter 4): n, grade, interval, band."""
    by_spt = printed["results"].satisfaction.by_spt
    published = printed["published"]
    checked = 0
    for name, e in by_spt.items():
        rows = re.findall(rf"^ {re.escape(name)} +(\d+) +(\S+) +(.+?) *$", printed["annual"], re.M)
        rows = [r for r in rows if "gemiddeld" in r[2] or r[1] == "x"]
        assert len(rows) == 2, (name, rows)  # Kerncijfers and chapter 4
        for n, grade, rest in rows:
            assert int(n) == e.n, name
            if published.is_withheld("satisfaction", "by_spt", name, "estimate"):
                assert e.estimate is None and grade == "x"
                continue
            assert grade == number(e.estimate), name
            assert rest.startswith(interval(e)), (name, rest)
            assert rest.endswith(e.band), (name, rest)
            checked += 1
    assert checked >= 8  # five published SPTs in two tables


def test_share_agreeing_in_figures_and_on_the_card(printed):
    """'x% (helemaal) eens' in the figures' text equals results.json; the card's table prints
    the national share and interval of every statement as the annual report does."""
    items = printed["results"].items
    for key, item in items.items():
        agree = item.agree
        label = statement_label(item)  # a critical statement says '(kritisch)'
        assert f"{label}: {percent(agree.estimate)} (helemaal) eens" in (printed["annual_flow"]), (
            key
        )
        line = re.search(rf"^ {re.escape(label)} +(.*)$", printed["card"], re.M)
        assert line, key
        national = f"{percent(agree.estimate)} {interval(agree, 'percent')}"
        flat = " ".join(line.group(1).split())
        assert flat.endswith(f"{national} {item.n}"), (key, flat)
        own = item.agree_by_spt["Twente"]
        if isinstance(own.estimate, float):
            assert flat.startswith(percent(own.estimate)), (key, flat)


def test_trait_table_equals_results(printed):
    """Table 2.2: each group's grade, n and interval; the difference with two decimals."""
    published = printed["published"]
    for key, trait in printed["results"].traits.items():
        ja, nee, test = trait.ja, trait.nee, trait.test

        def shown(value, *parts, decimals=1, key=key):
            return "x" if published.is_withheld("traits", key, *parts) else number(value, decimals)

        expected = (
            f"{shown(ja.estimate, 'ja', 'estimate')} ({ja.n}) "
            f"{interval(ja, withheld=published.is_withheld('traits', key, 'ja', 'ci'))} "
            f"{shown(nee.estimate, 'nee', 'estimate')} ({nee.n}) "
            f"{interval(nee, withheld=published.is_withheld('traits', key, 'nee', 'ci'))} "
            f"{shown(test.difference, 'test', 'difference', decimals=2)}"
        )
        assert expected in " ".join(printed["annual"].split()), key


def test_no_interval_leaves_the_grade_scale(printed):
    """No printed grade interval runs outside 1-5 (table 2.2 printed 0,2 - 5,1 before)."""
    grades = printed["annual"].split("Alle kenmerken samen")[0] + printed["card"]
    found = re.findall(r"(-?\d+,\d) – (-?\d+,\d)", grades)
    assert len(found) > 20
    for lo, hi in found:
        low, high = (float(v.replace(",", ".")) for v in (lo, hi))
        assert 1 <= low <= high <= 5, (lo, hi)


def test_the_web_page_shows_the_published_figures(demo_report, printed):
    """The run page's key figures read the same results.json, typed: the national grade with
    its interval, the SPTs with a published grade (the demo withholds some) and the log's size."""
    shown = dict(key_figures(demo_report.out / "results.json"))
    o = printed["results"].satisfaction.overall
    interval = f"95%-interval {number(o.ci[0])} – {number(o.ci[1])}"
    grade = f"{number(o.estimate)} ({interval}; n = {number(o.n, 0)})"
    assert shown["Tevredenheidsscore (1-5), landelijk"] == grade
    by_spt = printed["results"].satisfaction.by_spt
    published = sum(g.estimate is not None for g in by_spt.values())
    assert 0 < published < len(by_spt)
    assert shown["Servicepunten met een gepubliceerd cijfer"] == f"{published} van {len(by_spt)}"
    log = printed["json"]["disclosure"]["suppressed"]
    k = printed["published"].min_n
    assert shown[f"Weggelaten of hertelde cijfers (minimale n {k})"] == number(len(log), 0)
