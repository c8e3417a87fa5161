"""Success factors and bottlenecks ('choose at most three'): the codebook, intake, the shares
and their disclosure, read as the report's tables read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.disclosure.audit import audit_published
from evaluation.disclosure.linked import quantities
from evaluation.errors import CodebookError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.reasons import Code, reason_text
from evaluation.intake.reference import build_response_model, validate_rows
from evaluation.intake.validate import read_survey
from evaluation.pipeline import load_inputs, run_survey

ROOT = Path(__file__).resolve().parents[1]
DEMO_2015 = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
MONITOR = ROOT / "surveys" / "monitor_demo"


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def run_2017():
    return run_survey(MONITOR / "responses_2017.csv", load_inputs(year=2017))


def test_codebook_has_the_2015_lists_as_two_choose_at_most_three_questions(cb):
    lists = {q.id: (q.max_choices, q.table, list(q.items or {})) for q in cb.choice_questions}
    assert {k: (m, t, len(items)) for k, (m, t, items) in lists.items()} == {
        "succesfactoren": (3, "2.4", 10),  # 9 from the 2015 report + 'anders'
        "knelpunten": (3, "2.5", 10),
    }
    assert lists["succesfactoren"][2][-1] == "sf_anders"
    assert cb.question("sf_anders_tekst").type == "text"  # 'anders, namelijk': a remark
    assert {"sf_anders_tekst", "kp_anders_tekst"} <= set(cb.text_columns)
    assert not any(q.about_spt for q in cb.choice_questions)  # opinions, not facts


def test_max_choices_needs_a_tick_box_question(tmp_path):
    text = (ROOT / "surveys" / "spt2015" / "codebook.yaml").read_text(encoding="utf-8")
    bad = text.replace('max_choices: 3\n    table: "2.4"', 'max_choices: 11\n    table: "2.4"')
    (tmp_path / "codebook.yaml").write_text(bad, encoding="utf-8")
    (tmp_path / "service_points.yaml").write_text(
        (ROOT / "surveys" / "spt2015" / "service_points.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as err:
        load_codebook(tmp_path / "codebook.yaml")
    assert "max_choices" in str(err.value) and "succesfactoren" in str(err.value)


EXPORT = (
    "respondent_id;spt;werking_goed;sf_samenwerking;sf_actie;sf_coach;sf_netwerk;kp_budget\n"
    "1;Twente;4;x;x;x;;x\n"  # three: fine
    "2;Twente;4;x;x;x;x;x\n"  # four: an item fault, the question counts as not answered
    "3;Twente;4;;;;;\n"  # none ticked: not answered
)


def test_more_than_three_chosen_is_an_item_fault_in_dutch(tmp_path, cb):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    r = read_survey(path, cb, load_register(register_path(cb)))
    assert (r.valid, r.quarantined) == (3, 0)  # the row stays; only the question is dropped
    faults = [(p.row, p.column, p.code) for p in r.problems]
    assert faults == [(2, "succesfactoren", Code.TOO_MANY_CHOICES)]
    assert reason_text(r.problems[0]) == (
        "bij 'Succesfactoren' zijn 4 keuzes aangevinkt, hoogstens 3 mag; "
        "de hele vraag telt niet mee"
    )
    df = r.responses
    assert df.loc[0, ["sf_samenwerking", "sf_actie", "sf_netwerk"]].tolist() == [1, 1, 0]
    assert df.loc[1, list(cb.question("succesfactoren").items)].isna().all()
    assert df.loc[1, "kp_budget"] == 1 and df.loc[1, "werking_goed"] == 4
    assert df.loc[2, list(cb.question("succesfactoren").items)].isna().all()


def test_the_row_oracle_agrees_on_too_many_choices(cb):
    model = build_response_model(cb, load_register(register_path(cb)))
    lines = EXPORT.splitlines()
    rows = [dict(zip(lines[0].split(";"), line.split(";"), strict=True)) for line in lines[1:]]
    out = validate_rows(rows, model, cb)
    assert [r.item_errors for r in out] == [[], ["succesfactoren"], []]
    assert out[1].model.sf_samenwerking is None and out[1].model.kp_budget == 1


def test_2015_demo_did_not_ask_them_and_reads_as_before():
    run = run_survey(DEMO_2015, load_inputs())
    res = run.published.results
    assert (res.parameters.counts.valid, res.response.n) == (47, 47)
    assert res.choices == {}
    assert res.parameters.absent_questions == {
        "succesfactoren": "Succesfactoren",
        "knelpunten": "Knelpunten",
    }
    assert round(res.satisfaction.overall.estimate, 3) == 2.895


def test_2017_shares_per_option_with_n_and_interval(run_2017):
    q = run_2017.published.results.choices["succesfactoren"]
    assert q.n == 43  # 47 respondents, 4 chose nothing
    top = sorted(q.options.items(), key=lambda kv: -kv[1].share.estimate)[:3]
    table = [(k, round(o.share.estimate, 3), o.share.n) for k, o in top]
    assert table == [
        ("sf_samenwerking", 0.572, 43),
        ("sf_werkgeversvraag", 0.526, 43),
        ("sf_coach", 0.456, 43),
    ]
    for _, o in top:
        low, high = o.share.ci
        assert 0 < low < o.share.estimate < high < 1


def test_small_spts_shares_are_withheld_and_nothing_can_be_derived(run_2017):
    p = run_2017.published
    small = {"Rijk van Nijmegen", "Rijnmond", "Twente", "Zuid-Limburg", "Zuidoost-Brabant"}
    assert set(p.decision.primary) == small
    for key, q in p.results.choices.items():
        for column, option in q.options.items():
            for spt in small:
                assert p.is_withheld("choices", key, "options", column, "by_spt", spt, "estimate")
                assert option.by_spt[spt].estimate is None
            assert option.share.estimate is not None  # the national share is shown
    tree = json.loads(p.to_json())
    names = [q.name for q in quantities(tree, p.withheld)]
    assert "choices/knelpunten/kp_budget" in names  # the national share is a row of the check
    audit = audit_published(tree)
    assert audit.ok, audit.summary()
