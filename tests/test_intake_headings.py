"""Headings as the tools write them beyond their default export (issue 26): LimeSurvey's
underscores for spaces and abbreviated texts, Qualtrics' own embedded and display-order
fields, a Microsoft Forms quiz's points and feedback columns."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evaluation.inputs.codebook import load_codebook
from evaluation.intake.abbreviated import abbreviated_target, is_cut
from evaluation.intake.profiles import prepare, recognise
from evaluation.tables.raw import RawTable

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(SURVEY / "codebook.yaml")


def test_limesurvey_fields_with_underscores_are_its_own():
    assert recognise(["Response_ID", "Date_submitted", "Last_page", "Q1"]).name == "LimeSurvey"


@pytest.mark.parametrize(
    ("heading", "target", "candidates"),
    [
        ("In hoeverre ben.. [De werking van het .. ]", None, 2),  # goed / moet beter
        ("In hoeverre ben.. [De werking van het SPT is goed]", "werking_goed", 1),
        ("In hoeverre ben.. [Het SPT heeft meerwaarde voor werkg.. ]", "meerwaarde_werkgevers", 1),
        ("Heeft u nog een.. ", None, 0),  # the questionnaire's text, not the codebook's
        ("Welk deel van d.. [Weet niet]", None, 2),  # users and sectors share the row
    ],
)
def test_a_cut_heading_names_a_column_only_when_one_text_begins_so(
    codebook, heading, target, candidates
):
    assert is_cut(heading)
    free = set(codebook.column_question())
    assert abbreviated_target([heading], codebook, free) == (target, candidates)


def test_a_heading_without_a_cut_is_left_to_the_other_evidence(codebook):
    assert not is_cut("De werking van het SPT is goed")
    free = set(codebook.column_question())
    assert abbreviated_target(["De werking van het SPT is goed"], codebook, free) == (None, 0)


def _raw(columns: list[str]) -> RawTable:
    return RawTable(
        columns=list(columns),
        codes={c: np.zeros(1, dtype=np.int64) for c in columns},
        uniques={c: ["1"] for c in columns},
        rows=1,
        sha256="",
    )


@pytest.mark.parametrize(
    ("columns", "own"),
    [
        (["ResponseId", "StartDate", "Status", "Q_RecaptchaScore", "Q_RelevantIDFraudScore",
          "FL_6_DO", "Q3_DO", "Q3_1"], {"Q_RecaptchaScore", "Q_RelevantIDFraudScore", "FL_6_DO",
                                        "Q3_DO"}),
        (["ID", "Start time", "Completion time", "Total points", "Vraag", "Points - Vraag",
          "Feedback - Vraag"], {"Total points", "Points - Vraag", "Feedback - Vraag"}),
    ],
)  # fmt: skip
def test_the_tools_own_fields_are_metadata_never_questions(columns, own):
    prepared = prepare(_raw(columns))
    assert own <= set(prepared.metadata)
    assert not {"Q3_1", "Vraag"} & set(prepared.metadata)


def test_a_title_line_above_a_csv_heading_is_refused_not_read_as_respondents(tmp_path, codebook):
    """A title typed above the sheet and saved as CSV: the first line is one text over a wider
    table; its rows would be respondents under columns without headings."""
    from evaluation.errors import InputError
    from evaluation.intake.readers import read_table

    path = tmp_path / "export.csv"
    path.write_text(
        "Enquête SPT 2015;;;\n;;;\nRespondentnummer;Servicepunt Techniek;Leeftijd;Opmerking\n"
        "1;Twente;40;\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="boven de kopregel staat een titel.*verwijder"):
        read_table(path, codebook)
    path.write_text("Respondentnummer;Servicepunt Techniek;;\n1;Twente;;\n", encoding="utf-8")
    assert read_table(path, codebook).rows == 1  # two headings: a table, no title


def test_limesurvey_code_and_text_headings_name_its_own_fields():
    """LimeSurvey 5/6 'Question code & question text' heads its own fields 'code. text' too
    ('submitdate. Date submitted'): the tool, its id and its completion fields are known."""
    columns = ["id. Response ID", "submitdate. Date submitted", "lastpage. Last page",
               "seed. Seed", "token. Token", "G01Q01. Bij welk SPT bent u betrokken?",
               "G02Q03[SQ002]. Stellingen [De werking van het SPT is goed]"]  # fmt: skip
    prepared = prepare(_raw(columns))
    assert prepared.profile.name == "LimeSurvey"
    assert prepared.roles["id"] == "id. Response ID"
    assert prepared.roles["submitted"] == "submitdate. Date submitted"
    assert prepared.roles["lastpage"] == "lastpage. Last page"
    assert set(prepared.metadata) == set(columns[:5])
    assert recognise(["Q1. Date submitted", "Q2. Last page"]).name == ""  # texts, no fields


def _qualtrics_file(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_qualtrics_export_without_its_own_fields_is_known_by_its_import_id_row(
    tmp_path, codebook
):
    """Qualtrics with only question columns chosen (no StartDate, Status or ResponseId): the
    ImportId row cannot be data, and the row above it holds the question texts."""
    from evaluation.intake.readers import read_table

    tags = ["Q1", "Q2_1", "Q2_2", "Q_TotalDuration"]
    texts = ["Bij welk SPT?", "Stellingen - Goed", "Stellingen - Beter", "Q_TotalDuration"]
    ids = [json.dumps({"ImportId": t}) for t in ["QID1", "QID2_1", "QID2_2", "Q_TotalDuration"]]
    data = [["Twente", "Mee eens", "Neutraal", "310"], ["Rijnmond", "", "Mee eens", "95"]]
    raw = read_table(_qualtrics_file(tmp_path / "q.csv", [tags, texts, ids, *data]), codebook,
                     any_sheet=True)  # fmt: skip
    prepared = prepare(raw)
    assert (prepared.profile.name, prepared.header_rows, raw.rows) == ("Qualtrics", 2, 2)
    assert raw.alt_names["Q2_1"] == ["Stellingen - Goed"]
    assert "Q_TotalDuration" in prepared.metadata
    # the texts row taken away by an analyst: the ImportId row alone is the heading
    raw = read_table(_qualtrics_file(tmp_path / "t.csv", [tags, ids, *data]), codebook,
                     any_sheet=True)  # fmt: skip
    assert (prepare(raw).header_rows, raw.rows) == (1, 2)


def test_a_row_with_one_import_id_among_answers_stays_a_respondent(tmp_path, codebook):
    """Only a row that is ImportId JSON in every filled cell is a heading row."""
    from evaluation.intake.readers import read_table

    rows = [["Respondentnummer", "Servicepunt Techniek", "Opmerking"],
            ["1", "Twente", json.dumps({"ImportId": "QID9"})], ["2", "Rijnmond", ""]]  # fmt: skip
    raw = read_table(_qualtrics_file(tmp_path / "x.csv", rows), codebook)
    prepared = prepare(raw)
    assert (prepared.profile.name, prepared.header_rows, raw.rows) == ("", 0, 2)


def test_a_column_without_heading_says_so_in_dutch_and_by_its_place(tmp_path, codebook):
    """The user reads the name: never a library's 'Unnamed: 2'."""
    from evaluation.intake.readers import read_table

    path = tmp_path / "export.csv"
    path.write_text("Respondentnummer;Servicepunt Techniek;;Opmerking\n1;Twente;4;\n", "utf-8")
    assert read_table(path, codebook).columns == [
        "Respondentnummer",
        "Servicepunt Techniek",
        "kolom 3 zonder kop",
        "Opmerking",
    ]


def test_surveymonkey_columns_are_named_by_both_heading_rows_not_by_their_place():
    """An expanded export heads a question's further columns with nothing; its second row
    names the option. The column is then called 'question [option]', so mapping.yaml keys it
    by text: a column inserted next year cannot take its place."""
    heads = ["Respondent ID", "Collector ID", "Welke sectoren?", "kolom 4 zonder kop", "Leeftijd"]
    second = ["", "", "Metaal", "Elektro", "Response"]
    raw = RawTable(
        columns=list(heads),
        codes={c: np.array([0, 1], dtype=np.int64) for c in heads},
        uniques={c: [s, "x"] for c, s in zip(heads, second, strict=True)},
        rows=2,
        sha256="",
    )
    prepared = prepare(raw)
    assert prepared.profile.name == "SurveyMonkey" and prepared.header_rows == 1
    assert prepared.raw.columns[2:] == [
        "Welke sectoren? [Metaal]",
        "Welke sectoren? [Elektro]",
        "Leeftijd",
    ]
    assert prepared.raw.alt_names["Welke sectoren? [Metaal]"] == ["Welke sectoren?", "Metaal"]
    assert prepared.raw.alt_names["Welke sectoren? [Elektro]"] == ["Elektro"]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('<div class="q">Hoe tevreden bent u&nbsp;over het <b>SPT</b>?</div><br/>',
         "Hoe tevreden bent u over het SPT?"),
        ("Leeftijd <18 jaar", "Leeftijd <18 jaar"),  # not a tag
        ("O&amp;O-fonds", "O&O-fonds"),
    ],
)  # fmt: skip
def test_markup_of_the_survey_editor_is_not_part_of_a_heading(text, plain):
    from evaluation.intake.markup import plain_text

    assert plain_text(text) == plain


def test_a_heading_in_markup_is_matched_by_its_text(codebook):
    """A CSV whose headings carry the editor's tags (no known tool): the codebook's own
    headings inside the markup place the columns."""
    from evaluation.intake.columns import match_columns

    raw = _raw(["<p><b>Respondentnummer</b></p>", "<span>Servicepunt&nbsp;Techniek</span>"])
    prepared = prepare(raw)
    found, unknown = match_columns(raw.columns, codebook, raw.alt_names, prepared.metadata)
    assert set(found.values()) == {"respondent_id", "spt"} and not unknown


def test_a_sheet_heading_of_the_tools_own_fields_is_found_under_a_title(tmp_path, codebook):
    """A Typeform workbook whose '#' column was deleted (so the tool is not recognised), a
    title typed above it: the row holding two of a tool's own fields is the heading."""
    from openpyxl import Workbook

    from evaluation.errors import InputError
    from evaluation.intake.readers import read_table

    wb = Workbook()
    ws = wb.active
    for row in (["Enquête SPT"], ["Start Date (UTC)", "Network ID", "Bij welk SPT?"],
                ["2015-03-02 10:00:00", "n1", "Twente"]):  # fmt: skip
        ws.append(row)
    wb.save(tmp_path / "typeform.xlsx")
    raw = read_table(tmp_path / "typeform.xlsx", codebook)
    assert raw.columns == ["Start Date (UTC)", "Network ID", "Bij welk SPT?"] and raw.rows == 1
    ws.delete_rows(2)  # one word a tool also uses ('Status') is no heading
    ws.append(["Status", "Actief", "Twente"])
    wb.save(tmp_path / "plain.xlsx")
    with pytest.raises(InputError, match="boven de kopregel staat een titel"):
        read_table(tmp_path / "plain.xlsx", codebook)


def test_qualtrics_fields_chosen_in_its_export_still_name_the_tool_and_its_finished_field():
    """Its response id beside 'Finished' (a .sav or a re-saved file has no ImportId row): a
    survey tool's SPSS file, whose 'Finished' says which responses are unfinished."""
    prepared = prepare(_raw(["ResponseId", "Progress", "Finished", "Q1", "Q2_1"]))
    assert prepared.profile.name == "SPSS (enquêtetool)"
    assert prepared.roles["finished"] == "Finished" and prepared.roles["id"] == "ResponseId"
    assert recognise(["Finished", "Q1"]).name == ""  # a word alone names no tool
