"""The rules tests/mutate_exports.py led to (issue 26), each on a small file of its own: an
answer written as 'number = label' is read by its label; in a survey tool's export an answer
text the codebook lacks stops, and a bare code beside labels asks for the questionnaire; `map`
stops on the same evidence as `validate`; a row text two questions share ('Weet niet') is not
placed by a hair's difference in heading likeness."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.columns import split_match
from evaluation.intake.propose import needs_survey_file, propose
from evaluation.intake.readers import read_table
from evaluation.intake.validate import read_survey

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"
LIME = "id,submitdate,lastpage,token,spt,werking_goed,ambities\n"


@pytest.fixture(scope="module")
def cb():
    return load_codebook(SURVEY / "codebook.yaml")


def _read(tmp_path, cb, text: str):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return read_survey(path, cb, load_register(register_path(cb)))


def _lime(*answers: tuple[str, str]) -> str:
    rows = [f"{i},2015-03-02 10:00,2,tk{i},Twente,{a},{b}" for i, (a, b) in enumerate(answers, 1)]
    return LIME + "\n".join(rows) + "\n"


def test_number_and_label_in_one_cell_is_read_by_the_label(tmp_path, cb):
    text = (
        "respondent_id;spt;werking_goed;ambities\n"
        "1;Twente;1 = Helemaal mee oneens;3. Neutraal\n"
        "2;Twente;5 = Helemaal mee oneens;1) helemaal eens\n"  # the label wins over the number
        "3;Twente;4,5;9 = weet niet\n"
    )
    r = _read(tmp_path, cb, text)
    assert list(r.responses["werking_goed"].iloc[:2]) == [1.0, 1.0]
    assert list(r.responses["ambities"].iloc[:2]) == [3.0, 5.0]
    assert r.missing["ambities"].iloc[2] == "weet niet"
    assert [(p.row, p.column, p.value) for p in r.problems] == [(3, "werking_goed", "4,5")]


def test_a_tool_answer_the_codebook_lacks_stops_naming_it(tmp_path, cb):
    text = _lime(("Mee eens", "Zeer eens"), ("Zeer eens", "Neutraal"), ("Neutraal", "Zeer eens"))
    with pytest.raises(InputError) as e:
        _read(tmp_path, cb, text)
    assert e.value.code == ErrorCode.ANSWER_NOT_IN_CODEBOOK
    line = str(e.value)
    assert "'Zeer eens' staat 3 keer in 2 kolom(men)" in line
    assert "helemaal mee eens" in line and "spt-eval map" not in line


def test_one_unknown_answer_in_the_codebooks_own_format_stays_an_item_fault(tmp_path, cb):
    text = "respondent_id;spt;werking_goed;ambities\n1;Twente;Zeer eens;Neutraal\n"
    r = _read(tmp_path, cb, text)
    assert r.item_errors == 1 and r.responses["ambities"].iloc[0] == 3.0


def test_a_bare_code_beside_labels_in_a_tool_export_asks_for_the_questionnaire(tmp_path, cb):
    text = _lime(("Mee eens", "Neutraal"), ("2", "Neutraal"), ("Neutraal", "Mee oneens"))
    with pytest.raises(InputError) as e:
        _read(tmp_path, cb, text)
    assert e.value.code == ErrorCode.CODES_NEED_DEFINITION
    assert "'werking_goed'" in str(e.value) and ".lss" in str(e.value)


def test_map_stops_on_codes_under_known_headings_as_validate_does(tmp_path, cb):
    path = tmp_path / "export.csv"
    path.write_text(_lime(("4", "Neutraal"), ("2", "Neutraal"), ("5", "Mee oneens")), "utf-8")
    raw = read_table(path, cb)
    proposals = propose(raw, cb, load_register(register_path(cb)))
    asked = needs_survey_file(proposals)
    assert asked is not None and asked.code == ErrorCode.CODES_NEED_DEFINITION
    assert "'werking_goed'" in str(asked) and "spt-eval map" not in str(asked)


def test_a_row_text_two_questions_share_needs_a_clear_difference(cb):
    users = "Welk deel van de dienstverlening gaat naar elke gebruiker (%)?"
    sectors = "Welk deel van de dienstverlening is voor elke sector (%)?"
    assert split_match(f"{users} [UWV]", cb) == "gebr_uwv"  # 'UWV' of two questions, 0,51 - 0,28
    # 'Weet niet' of the users (0,53) and the sectors (0,51): no column by a hair's difference,
    # whichever comes first in the file
    assert split_match(f"{sectors} [Weet niet]", cb) is None
    assert split_match(f"{users} [Weet niet]", cb) is None


def test_a_row_naming_no_service_point_is_no_evidence_of_codes(tmp_path, cb):
    """An averages row under a tool's export ('Gemiddeld', 3 and 2 under the statements) is
    set aside (no submit date, no SPT); its numbers do not make the labelled columns the
    tool's 'answer codes'."""
    text = _lime(("Mee eens", "Neutraal"), ("Neutraal", "Mee oneens"), ("Mee eens", "Neutraal"))
    text += "Gemiddeld,,,,,3,2\n"
    r = _read(tmp_path, cb, text)
    assert (r.rows_read, r.valid, r.quarantined + r.excluded) == (4, 3, 1)
    assert list(r.responses["werking_goed"]) == [4.0, 3.0, 4.0]


def test_a_completeness_value_the_tool_does_not_write_stops(tmp_path, cb):
    """Typeform's Response Type translated by hand ('voltooid'): counting or excluding the
    row would be a guess (before, every row not 'completed' was excluded: 0 valid)."""
    head = "#,Response Type,Submit Date (UTC),spt,werking_goed\n"
    text = head + "a1,voltooid,,Twente,Mee eens\na2,partial,,Twente,Neutraal\n"
    with pytest.raises(InputError) as e:
        _read(tmp_path, cb, text)
    assert e.value.code == ErrorCode.UNKNOWN_COMPLETION and "'voltooid'" in str(e.value)
    rows = "a1,completed,,Twente,Mee eens\na2,started,,Twente,Neutraal\n"
    r = _read(tmp_path, cb, head + rows)
    assert (r.valid, r.excluded) == (1, 1)


def test_a_tool_export_without_its_completeness_fields_lists_rows_with_few_answers(tmp_path, cb):
    """A Qualtrics export whose 'Finished' and 'Progress' were left out cannot say which
    responses are unfinished: a row with far fewer answers than most is listed to decide."""
    head = "ResponseId,StartDate,Status,spt,werking_goed,ambities,bekendheid,trekker\n"
    full = ["Mee eens,Neutraal,Mee eens,Ja"] * 4
    rows = [f"R_{i},2015-03-02,IP Address,Twente,{a}" for i, a in enumerate(full, 1)]
    rows.append("R_5,2015-03-02,IP Address,Twente,Mee eens,,,")
    r = _read(tmp_path, cb, head + "\n".join(rows) + "\n")
    listed = [p for p in r.problems if p.level == "suspect"]
    assert [p.row for p in listed] == [5] and listed[0].code == "suspect_unfinished"
    assert listed[0].params["strength"] == "sterk"  # a break-off: 1 of 4 questions


def test_a_break_off_is_under_half_the_questions_counted_per_question(tmp_path, cb):
    """AAPOR's break-off, where the tool cannot say: under half of the questions the median row
    answers. Three of five is no break-off, and five ticked boxes of one question weigh as one
    question, so a row ticking many boxes of one question still broke off."""
    head = "ResponseId,StartDate,Status,spt,werking_goed,ambities,bekendheid,trekker,"
    head += "act_bemiddelen,act_leerwerkplekken,act_stages,act_scholing,act_werk_naar_werk\n"
    full = "Mee eens,Neutraal,Mee eens,Ja,x,,,,"
    rows = [f"R_{i},2015-03-02,IP Address,Twente,{full}" for i in range(1, 5)]
    rows.append("R_5,2015-03-02,IP Address,Twente,Mee eens,Neutraal,,,,,,,")  # 2 of 5: listed
    rows.append("R_6,2015-03-02,IP Address,Twente,,,,Ja,x,x,x,x,x")  # 2 of 5, 6 columns
    rows.append("R_7,2015-03-02,IP Address,Twente,Mee eens,Neutraal,Mee eens,,,,,,")  # 3 of 5
    r = _read(tmp_path, cb, head + "\n".join(rows) + "\n")
    listed = {p.row: p for p in r.problems if p.level == "suspect"}
    assert sorted(listed) == [5, 6]
    assert {p.params["answered"] for p in listed.values()} == {2}
    assert {p.params["typical"] for p in listed.values()} == {5}


def test_a_token_that_is_only_the_dutch_word_for_preview_is_a_strong_test_marker(tmp_path, cb):
    """'Voorbeeld' is the Dutch interface's word for a preview: a token holding nothing else
    is listed as strongly as 'test' (before, it counted as a respondent)."""
    text = _lime(("Mee eens", "Neutraal"), ("Neutraal", "Mee oneens"), ("Mee eens", "Neutraal"))
    text = text.replace(",tk2,", ",Voorbeeld 2,")
    r = _read(tmp_path, cb, text)
    listed = [p for p in r.problems if p.level == "suspect"]
    assert [(p.row, p.value, p.params["strength"]) for p in listed] == [(2, "Voorbeeld 2", "sterk")]


def test_a_heading_wrapped_in_its_cell_is_read_as_on_one_line(cb):
    """Excel keeps a wrapped heading's line break: 'Vraag\\n[rij]' is still the question's row
    (before, the users' shares under wrapped headings were taken for answer codes)."""
    users = "Welk deel van de dienstverlening gaat naar elke\ngebruiker (%)? [UWV]"
    assert split_match(users, cb) == "gebr_uwv"
    statement = "In hoeverre bent u het eens met\nde stellingen? - Het SPT maakt zijn ambities waar"
    assert split_match(statement, cb) == "ambities"


def test_the_spt_question_answered_with_codes_asks_for_the_questionnaire(tmp_path, cb):
    """The SPT question's heading over numbers 1..n (a list question exported as codes): only
    the questionnaire says which SPT each number is (before: 'no evidence which column')."""
    head = "id,submitdate,lastpage,Bij welk Servicepunt Techniek bent u betrokken?,werking_goed\n"
    rows = [f"{i},2015-03-02 10:00,2,{1 + i % 3},Mee eens" for i in range(1, 7)]
    path = tmp_path / "export.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    proposals = propose(read_table(path, cb), cb, load_register(register_path(cb)))
    asked = needs_survey_file(proposals)
    assert asked is not None and asked.code == ErrorCode.CODES_NEED_DEFINITION
    assert "Bij welk Servicepunt" in str(asked) and ".lss" in str(asked)


def test_a_row_copied_in_the_sheet_is_a_duplicate_not_a_test_to_decide(tmp_path, cb):
    """A Google Forms sheet has no respondent number: a row alike in every cell to an earlier
    one (copied by hand) is quarantined as a duplicate, and its address is no 'same address'
    question that would drop the original too; a second real submission still is asked."""
    head = "Tijdstempel,E-mailadres,Servicepunt Techniek,De werking van het SPT is goed\n"
    rows = [
        "2-3-2015 10:00:00,a@x.nl,Twente,Mee eens",
        "2-3-2015 10:05:00,b@x.nl,Twente,Mee oneens",
        "2-3-2015 10:00:00,a@x.nl,Twente,Mee eens",  # the copy
        "3-3-2015 11:00:00,b@x.nl,Twente,Neutraal",  # b answered twice: which counts?
    ]
    r = _read(tmp_path, cb, head + "\n".join(rows) + "\n")
    assert r.tool == "Google Forms" and r.valid == 3 and r.quarantined == 1
    assert [p.row for p in r.problems if p.level == "row"] == [3]
    assert sorted(p.row for p in r.suspects) == [2, 4]
