"""Survey definitions (issue 26, point 1): real .lss and .qsf files parse, and their question
and answer texts come out as the tool shows them; the readers are safe on hostile files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from evaluation.definitions.match import export_columns
from evaluation.definitions.read import read_definition
from evaluation.errors import InputError
from evaluation.tables.html_text import plain_text

REAL = Path(__file__).resolve().parent / "fixtures" / "definitions"


def by_name(definition) -> dict[str, object]:
    return {c.names[0]: c for c in definition.columns}


def heading_row(name: str) -> list[str]:
    with (REAL / name).open(encoding="utf-8") as fh:
        return next(csv.reader(fh))


def test_limesurvey_2_texts_without_scripts_and_styles():
    d = read_definition(REAL / "limesurvey2_survey_9000.lss")
    assert (d.tool, d.version, d.language) == ("LimeSurvey", "DBVersion 258 (LimeSurvey 2)", "en")
    cols = by_name(d)
    assert list(cols) == ["intro", "vr12997", "vr12998"]
    assert cols["intro"].question == "Welkom bij deze survey"  # the <script> and <style> gone
    assert cols["intro"].names == ("intro", "9000X1086X12996")  # the SGQA heading too


def test_limesurvey_3_rows_per_language_with_subquestions_and_answers():
    d = read_definition(REAL / "limesurvey3_sample_excerpt.lss")
    assert d.version == "DBVersion 352 (LimeSurvey 3)" and d.language == "en"
    cols = by_name(d)
    single = cols["G4Q18"]
    assert single.question == "A single choice question"  # <p>, <b> removed
    assert single.answers == {"A1": "Some example answer option", "A2": "New answer option"}
    ticked = cols["G4Q22[SQ002]"]
    assert ticked.names == ("G4Q22[SQ002]", "G4Q22_SQ002", "282267X4X22SQ002")
    assert (ticked.item, ticked.kind, ticked.answers) == (
        "LimeSurvey is best than",
        "checkbox",
        {"Y": "Yes"},
    )
    french = by_name(read_definition(REAL / "limesurvey3_sample_excerpt.lss", "fr"))
    assert french["G4Q18"].answers["A1"] == "Un exemple d'option de réponse"
    assert french["G4Q22[SQ002]"].item == "LimeSurvey est meilleur que"
    assert french["G4Q22[SQ001]"].item == "LimeSurvey is great because"  # no French row: base


def test_limesurvey_5_answers_from_answer_l10ns():
    d = read_definition(REAL / "limesurvey5_answer_sets.lss")
    assert d.version == "DBVersion 450 (LimeSurvey 4/5)" and d.language == "de"  # the base
    (col,) = d.columns
    assert (col.names[0], col.question, col.kind) == ("G00Q03", "List Question", "choice")
    assert col.answers == {"1": "Erster Eintrag", "2": "Zweiter Eintrag", "3": "Dritter Eintrag",
                           "4": "Vierter Eintrag"}  # fmt: skip
    english = read_definition(REAL / "limesurvey5_answer_sets.lss", "en").columns[0]
    assert list(english.answers.values()) == ["First Entry", "Second Entry", "Third Entry",
                                              "Forth Entry"]  # fmt: skip


def test_limesurvey_5_lists_with_other_keep_only_the_labelled_codes():
    """'Other' (-oth-) has no label in the answer list: it is no code of the definition, so an
    export that holds it stops `map` instead of being read as something."""
    d = read_definition(REAL / "limesurvey5_list_other_excerpt.lss")
    assert d.version == "DBVersion 480 (LimeSurvey 4/5)"
    assert [c.question for c in d.columns] == [
        "List (radio) - Other first",
        "List (radio) - Other second",
        "List (radio) - Other last",
        "List (radio) - Other before No answer",
    ]
    assert {tuple(c.answers.items()) for c in d.columns} == {
        (("A1", "First option"), ("A2", "Second option"))
    }


def test_limesurvey_6_question_l10ns():
    d = read_definition(REAL / "limesurvey6_blank_survey.lss")
    assert d.version == "DBVersion 630 (LimeSurvey 6)"
    (col,) = d.columns
    assert (col.names[0], col.question, col.kind) == ("Q00", "this is an example question", "text")


def test_qualtrics_matrices_recode_values_and_export_tags_match_real_exports():
    d = read_definition(REAL / "qualtrics_single_answer_matrix.qsf")
    cols = by_name(d)
    assert cols["Q2_1"].item == "Click to write Statement 1"
    assert cols["Q2_1"].answers == {str(i): f"Click to write Scale point {i}" for i in (1, 2, 3, 4)}
    recoded = cols["Q5_question_one"]  # RecodeValues 10-13 and ChoiceDataExportTags
    assert recoded.names == ("Q5_question_one", "question_one")
    assert recoded.answers == {str(9 + i): f"Click to write Scale point {i}" for i in (1, 2, 3, 4)}
    assert recoded.question.startswith("Click to write the question text This question has")
    current = heading_row("qualtrics_single_answer_matrix_insights.csv")
    legacy = heading_row("qualtrics_single_answer_matrix_legacy.csv")
    assert all(any(n in current for n in c.names) for c in d.columns)
    shared = [c for c in d.columns if "question_one" in c.names]
    assert len(shared) == 3 and legacy.count("question_one") == 3  # a legacy tag proves nothing


def test_qualtrics_multiple_answer_columns_by_recode_value_or_choice_id():
    d = read_definition(REAL / "qualtrics_multiple_answer_mc.qsf")
    recoded = [c for c in d.columns if c.code == "Q4"]
    assert [c.names for c in recoded] == [("Q4_10", "Q4_1"), ("Q4_11", "Q4_2"), ("Q4_12", "Q4_3")]
    assert {c.kind for c in recoded} == {"checkbox"} and recoded[0].answers == {"1": "Yes"}
    current = heading_row("qualtrics_multiple_answer_mc_insights.csv")
    legacy = heading_row("qualtrics_multiple_answer_mc_legacy.csv")
    assert all(c.names[0] in current for c in d.columns)  # current exports: tag_recode
    assert all(c.names[-1] in legacy for c in d.columns)  # legacy exports: tag_choice id


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>Zijn de doelen&nbsp;vastgelegd?</p>", "Zijn de doelen vastgelegd?"),
        (
            "E&eacute;n <strong>organisatie</strong><br/>is de trekker",
            "Eén organisatie is de trekker",
        ),
        ("<script>alert(1)</script>Vraag<style>p{}</style>", "Vraag"),
        ("A &amp; B &lt; C", "A & B < C"),
    ],
)
def test_html_becomes_the_text_a_respondent_sees(html, shown):
    assert plain_text(html) == shown


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>',
         "DOCTYPE"),
        (b"<document>" + b"<a>" * 40 + b"</a>" * 40 + b"</document>", "te diep genest"),
        (b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType>", "geen geldige XML"),
        (b"<document><LimeSurveyDocType>Question</LimeSurveyDocType></document>",
         "geen structuur van een hele enquête"),
        (b'{"SurveyEntry": {}}', "geen 'SurveyElements'"),
        (b"{\"a\": " * 100 + b"1" + b"}" * 100, "te diep genest"),
        (b"id;spt\n1;Twente\n", "geen vragenlijstbestand"),
    ],
)  # fmt: skip
def test_hostile_or_wrong_files_stop_with_one_dutch_line(tmp_path, content, says):
    path = tmp_path / "vragenlijst.lss"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_definition(path)
    assert says in str(exc.value) and "Traceback" not in str(exc.value)


@pytest.mark.parametrize(
    ("qsf", "export", "placed"),
    [
        ("qualtrics_single_answer_matrix.qsf", "qualtrics_single_answer_matrix_insights.csv", 15),
        ("qualtrics_single_answer_matrix.qsf", "qualtrics_single_answer_matrix_legacy.csv", 6),
        ("qualtrics_multiple_answer_mc.qsf", "qualtrics_multiple_answer_mc_insights.csv", 21),
        ("qualtrics_multiple_answer_mc.qsf", "qualtrics_multiple_answer_mc_legacy.csv", 21),
    ],
)
def test_real_qualtrics_exports_hold_only_the_codes_their_qsf_defines(qsf, export, placed):
    """Each column the .qsf places in the tool's own export holds answer codes of that
    question only (recode values 10-13 where set, 1 for a ticked box); in the legacy matrix
    export 9 of 15 columns carry a tag three matrices share, and stay unplaced."""
    d = read_definition(REAL / qsf)
    with (REAL / export).open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    data = [r for r in rows[2:] if not r[0].startswith("{")]
    found = export_columns(d, rows[0])
    assert len(found) == placed
    for i, column in found.items():
        c = d.columns[i]
        j = rows[0].index(column)
        values = {r[j] for r in data if r[j]}
        assert values <= set(c.answers), (column, values)
    assert "question_one" not in found.values()  # a legacy tag three matrices share: unused
