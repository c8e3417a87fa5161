"""A card's 'Wat te doen' (issue 23, point 3): statements behind the national figure only beyond
the SPT's interval (the other way round for a critical statement), and the discussion guide of
the 2015 report's appendix 2, in our own words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from evaluation.report.actions import behind_national
from evaluation.report.guide import CORE_QUESTIONS
from evaluation.results import Estimate, ItemDistribution

SEEDS = "/work/shared/seeds"


def item(short: str, figure: str, national: float, own: dict, reverse: bool = False):
    return ItemDistribution.model_construct(
        short=short,
        figure=figure,
        reverse=reverse,
        agree=Estimate.model_construct(estimate=national, ci=(None, None)),
        agree_by_spt={"A": Estimate.model_construct(**own)},
    )


def test_behind_only_beyond_the_interval_and_reversed_for_a_critical_statement():
    view = {
        "low": item("Goed bekend", "2.1", 0.60, {"estimate": 0.30, "ci": [0.20, 0.45]}),
        "overlap": item("Meerwaarde", "2.1", 0.60, {"estimate": 0.45, "ci": [0.30, 0.62]}),
        "critical": item(
            "Werking moet beter", "2.1", 0.50, {"estimate": 0.8, "ci": [0.6, 0.9]}, True
        ),
        "critical_low": item(  # few agree that it must improve: favourable, not listed
            "Ook kritisch", "2.1", 0.50, {"estimate": 0.1, "ci": [0.05, 0.2]}, True
        ),
        "withheld": item("Weggelaten", "1.2", 0.60, {"estimate": None, "ci": (None, None)}),
    }
    rows = behind_national(view, "A")
    assert [(r["label"], r["critical"], r["spt"], r["ci"], r["national"]) for r in rows] == [
        ("Goed bekend", False, "30%", "20% – 45%", "60%"),
        ("Werking moet beter", True, "80%", "60% – 90%", "50%"),
    ]


def card_text(demo_report, name: str) -> str:
    raw = demo_report.html_of(demo_report.cards[name])
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_every_card_ends_with_what_to_do_and_the_guide(demo_report):
    for name in demo_report.cards:
        text = card_text(demo_report, name)
        assert "Wat te doen" in text
        assert text.index("Wat te doen") > text.index("Register")  # the last section
        # no earlier measurement beside a file's report: the card says so, under its heading
        assert f"Wat is veranderd Er is geen eerdere meting van {name} opgeslagen" in text
        for q in CORE_QUESTIONS:
            assert q in text
    small = card_text(demo_report, "Rijk van Nijmegen")  # n = 1: nothing said about it
    assert "Zonder gepubliceerde cijfers voor Rijk van Nijmegen is niet te zeggen" in small


def test_the_guide_paraphrases_the_2015_questions_and_copies_no_sentence():
    found = sorted(Path(SEEDS).glob("003_*.txt"))
    if not found:
        pytest.skip("the 2015 report's text is not on this machine")
    source = found[0].read_text(encoding="utf-8")
    appendix = source[source.index("Kernvraag\tToelichting") :][:4000]
    asked = re.findall(r"^\d\. (.+?\?)", appendix, re.M)
    assert len(asked) == len(CORE_QUESTIONS) == 8
    for ours in CORE_QUESTIONS:
        assert ours not in source
        for theirs in asked:
            assert theirs not in ours
