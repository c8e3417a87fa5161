"""Survey-tool exports of the 47 demo respondents are read with the shipped codebook (issue 12).

Every demo respondent is valid with the right SPT, every added test or unfinished row is
excluded with its reason, and the answers (so every figure) equal the demo's.
"""

from __future__ import annotations

import pandas as pd
import pytest
from build_exports import BUILDERS, DEMO

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.result import ID, ROW
from evaluation.intake.validate import read_survey

TOOLS = {
    "limesurvey": "LimeSurvey",
    "qualtrics": "Qualtrics",
    "surveymonkey": "SurveyMonkey",
    "forms": "Microsoft Forms",
    "google_nl": "Google Forms",
    "google_en": "Google Forms",
    "spss": "SPSS (enquêtetool)",
}


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def reg(cb):
    return load_register(register_path(cb))


@pytest.fixture(scope="module")
def demo(cb, reg):
    return read_survey(DEMO, cb, reg)


def answers(intake) -> pd.DataFrame:
    return intake.responses.drop(columns=[ROW, ID]).reset_index(drop=True)


@pytest.mark.parametrize("tool", list(BUILDERS))
def test_tool_export_reads_like_the_demo(tmp_path, cb, reg, demo, tool):
    path, expected = BUILDERS[tool](tmp_path, cb)
    r = read_survey(path, cb, reg)
    assert r.tool == TOOLS[tool]
    assert r.reconciled and r.quarantined == 0 and r.item_errors == 0
    assert not r.absent_questions
    # a test row the tool does not mark is listed with strong evidence, counted until decided
    valid = [spt for kind, spt in expected if kind in ("valid", "suspect")]
    assert r.responses["spt"].tolist() == valid
    excluded = {p.row: str(p.code) for p in r.problems if p.level == "excluded"}
    want = {i: code for i, (kind, code) in enumerate(expected, 1) if kind == "excluded"}
    assert excluded == want and r.excluded == len(want)
    listed = {p.row: p.params["strength"] for p in r.suspects}
    assert listed == {i: "sterk" for i, (kind, _) in enumerate(expected, 1) if kind == "suspect"}
    assert want or listed
    assert r.exclusions["row"].tolist() == sorted(want)
    counted = ~r.responses[ROW].isin(list(listed)).to_numpy()  # as once the user confirmed
    kept = r.responses[counted].drop(columns=[ROW, ID]).reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, answers(demo))
    pd.testing.assert_frame_equal(r.missing[counted].reset_index(drop=True), demo.missing)


def test_limesurvey_answer_codes_not_shown_and_last_page(tmp_path, cb, reg):
    text = (
        "id,submitdate,lastpage,token,Servicepunt Techniek,werking_goed,trekker,ambities\n"
        "1,2015-10-01,4,,Twente,mee eens,Y,N.v.t.\n"
        "2,2015-10-01,3,,Twente,helemaal mee eens,N,mee oneens\n"  # short of page 4
        "3,,2,,Twente,helemaal mee oneens,Y,helemaal mee oneens\n"
    )
    path = tmp_path / "lime.csv"
    path.write_text(text, encoding="utf-8")
    r = read_survey(path, cb, reg)
    assert r.tool == "LimeSurvey" and r.valid == 1 and r.reconciled
    assert (r.responses["werking_goed"].iloc[0], r.responses["trekker"].iloc[0]) == (4.0, 1.0)
    assert pd.isna(r.responses["ambities"].iloc[0]) and r.item_errors == 0
    reasons = {p.row: (str(p.code), p.params) for p in r.problems if p.level == "excluded"}
    assert reasons[2] == ("last_page", {"column": "lastpage", "value": 3.0, "last": 4.0})
    assert reasons[3] == ("not_submitted", {"column": "submitdate"})
    assert r.exclusions.set_index("row").loc[2, "reasons"] == "gestopt op pagina 3 van 4 (lastpage)"
    codes = text.replace("mee eens,Y", "A4,Y").replace("helemaal mee eens", "A5")
    codes = codes.replace("helemaal mee oneens", "A1").replace("mee oneens", "A2")
    path.write_text(codes, encoding="utf-8")
    with pytest.raises(InputError, match="antwoordcodes van LimeSurvey zonder hun tekst"):
        read_survey(path, cb, reg)  # A4 is LimeSurvey's code, never read as the codebook's 4


def test_unfinished_rule_switched_off_keeps_the_rows(tmp_path, cb, reg):
    from evaluation.inputs.settings import ExcludeRules, IntakeRules

    path, expected = BUILDERS["qualtrics"](tmp_path, cb)
    rules = IntakeRules(exclude=ExcludeRules(unfinished=False))
    r = read_survey(path, cb, reg, rules)
    assert r.excluded == 1 and r.valid == 49  # only the preview is left out


def test_item_aliases_place_an_item_whose_text_the_tool_changed(tmp_path, cb, reg):
    q = cb.question("betrokkenheid")
    q2 = q.model_copy(update={"item_aliases": {"org_uwv": ["Uitvoeringsinstituut (UWV)"]}})
    own = cb.model_copy(update={"questions": [q2 if x.id == q.id else x for x in cb.questions]})
    path = tmp_path / "export.csv"
    heading = "Wie is betrokken? [Uitvoeringsinstituut (UWV)]"
    path.write_text(f"respondent_id;spt;{heading}\n1;Twente;actief\n", encoding="utf-8")
    r = read_survey(path, own, reg)
    assert r.column_map[heading] == "org_uwv" and r.responses["org_uwv"].tolist() == [2.0]
