"""The method texts: one module words every rule; the method page and the docs read the same."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import get_args

import pytest

from evaluation.analysis.wording import (
    LONELY_PSU,
    caveat_text,
    design_description,
    design_text,
    lonely_psu_text,
    method_sections,
    rounding_text,
    rule_texts,
)
from evaluation.disclosure.publish import disclose
from evaluation.inputs.settings import LonelyPSU
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.annual import annual_context
from evaluation.report.render import render_html
from evaluation.results import Caveat, NoFpc, Results
from evaluation.writers import document_time

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"


def page_text(markup: str) -> str:
    """Rendered HTML as the reader sees it: no tags, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def fragments(text: str) -> list[str]:
    """A section's sentences, cut at '. ' so a sentence the page continues with a run's own
    figure (', met 6 vrijheidsgraden') still matches."""
    return [f.strip().rstrip(".") for f in re.split(r"\.\s", " ".join(text.split())) if f.strip()]


def render_method(results: Results) -> str:
    audit = {"date": document_time(), "input_name": DEMO.name, "results_hash": "0" * 12}
    return render_html("method.html", annual_context(disclose(results), audit=audit))


@pytest.fixture(scope="module")
def demo():
    run = run_survey(DEMO, load_inputs(year=2015))
    return run.results, run.inputs.settings, render_method(run.results)


def test_method_sections_hold_the_sentences_of_the_method_page(demo):
    results, settings, markup = demo
    sections = method_sections(settings)
    headings = [page_text(h) for h in re.findall(r"<h2>(.*?)</h2>", markup)]
    assert headings == [heading for heading, _ in sections]
    text = page_text(markup)
    for heading, body in sections:
        for sentence in fragments(body):
            assert sentence in text, f"{heading}: {sentence}"


def test_every_rule_in_results_is_on_the_method_page_or_a_table_note(demo):
    results, settings, markup = demo
    assert results.parameters.rules == rule_texts(settings)
    text = page_text(markup)
    shown_elsewhere = {"afronding", "onderdrukking"}  # the page words these two more fully
    for key, rule in results.parameters.rules.items():
        if key not in shown_elsewhere:
            assert rule.replace(" -> ", " → ") in text, key


def test_method_page_prints_each_caveat_in_its_bullet(demo):
    results, _, markup = demo
    bullets = [page_text(li) for li in re.findall(r"<li>(.*?)</li>", markup, flags=re.S)]
    grade, _traits, lonely = bullets
    by_code = {c.code: caveat_text(c) for c in disclose(results).results.caveats}
    assert by_code["lonely_stratum"] in lonely
    assert "Rijnmond en Zuid-Limburg: daar gaf maar één" in by_code["lonely_stratum"]
    assert by_code["few_spts_carry_variance"] in grade  # without the withheld SPT's name
    assert "rust vooral op een paar servicepunten" in grade and "Zuidoost" not in grade
    # every demo count is an assumption, so the fpc is dropped, and the grade bullet says so
    assert by_code["design_choice_dropped"] in grade and "aanname" in grade
    assert by_code["regression_caveat"] not in page_text(markup)  # the annual page's note


def test_results_without_caveats_print_no_caveat_sentence(demo):
    results, _, markup = demo
    older = render_method(results.model_copy(update={"caveats": []}))
    for c in results.caveats:
        assert caveat_text(c) not in page_text(older)
    assert len(page_text(older)) < len(page_text(markup))


CAVEAT_EXAMPLES = {
    "few_spts_carry_variance": dict(
        design="grade",
        spts=["Twente", "Rijnmond"],
        respondents={"Twente": 1, "Rijnmond": 2},
        df=2.5,
        df_design=33,
    ),
    "lonely_stratum": dict(design="traits", strata=["Twente"], rule="remove"),
    "invited_assumed": dict(design="grade", spts=["Twente", "Rijnmond"]),
    "response_rate_assumed": dict(spts=["Twente"]),
    "no_fpc": dict(design="grade", unknown=["Twente"], below_respondents=["Rijnmond"]),
    "design_choice_dropped": dict(design="grade", setting="fpc", value="invited"),
    "trait_not_testable": dict(trait="trekker", label="Is er een trekker?", reason="te weinig"),
    "regression_caveat": dict(design="traits", n=0, df=None, reason="geen rijen"),
    "census_stratum": dict(design="grade", spts=["Twente"]),
    "boundary_share": dict(design="grade", shares=["Bekendheid"]),
}


@pytest.mark.parametrize("model", get_args(get_args(Caveat)[0]), ids=lambda m: m.__name__)
def test_every_caveat_has_a_dutch_sentence(model):
    code = model.model_fields["code"].default
    c = model(applies_to=["/satisfaction/overall"], **CAVEAT_EXAMPLES[code])
    text = caveat_text(c)
    assert text.endswith(".") or code == "regression_caveat"  # its note keeps its old wording
    if code not in ("invited_assumed", "response_rate_assumed"):  # one general sentence each
        for value in CAVEAT_EXAMPLES[code].values():
            for name in value if isinstance(value, list) else []:
                assert name in text, (code, name)


def test_no_fpc_names_both_kinds_of_spt():
    only_unknown = NoFpc(applies_to=[], design="grade", unknown=["Twente"], below_respondents=[])
    assert caveat_text(only_unknown) == (
        "Het aantal uitgenodigden is onbekend voor Twente: daar geldt geen "
        "eindige-populatiecorrectie."
    )


def test_every_lonely_psu_rule_is_explained():
    assert set(get_args(LonelyPSU)) == set(LONELY_PSU)
    for rule in get_args(LonelyPSU):
        assert f"'{rule}'" in lonely_psu_text(rule) or rule == "fail"


def test_design_wording_in_setting_names_and_in_plain_dutch():
    grade = {"strata": "spt", "psu": None, "fpc": "invited", "lonely_psu": "adjust"}
    traits = {"strata": None, "psu": "spt", "fpc": None, "lonely_psu": "adjust"}
    assert design_description(grade) == (
        "spt als stratum; eindige-populatiecorrectie uit invited; lonely PSU 'adjust'"
    )
    assert design_description(traits) == "spt als cluster (PSU); lonely PSU 'adjust'"
    assert design_text(traits) == (
        "het SPT is een cluster: respondenten van één SPT tellen samen als één eenheid"
    )
    assert design_text({}) == "respondenten tellen als onafhankelijke waarnemingen"


def test_rounding_examples_follow_the_decimals():
    assert "3,45 wordt dus 3,5 en 2,25 wordt 2,3." in rounding_text(1)
    assert "3,5 wordt dus 4 en 2,5 wordt 3." in rounding_text(0)
    assert "3,045 wordt dus 3,05 en 2,025 wordt 2,03." in rounding_text(2)
