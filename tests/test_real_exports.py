"""Real-shaped exports of the 47 demo respondents (tests/real_exports.py), followed as a new user
would: `validate`, `map --accept` once where told, `validate` again (issue 26).

Each ends with the demo's 47 valid respondents, split per SPT and answers (so every figure) as
the demo's, or stops with one Dutch line saying what is needed; never other figures at exit 0/1.
Where the export cannot say which rows are tests or unfinished, validate lists them: rows
whose evidence is strong (a token that is only 'test', a SurveyMonkey row that broke off) are
decided by accepting map's proposal, one step; weak ones (a 'test' inside a remark of an SPSS
file of no known tool, a repeated address) the user confirms once more.
"""

from __future__ import annotations

import re
import shutil

import pytest
from corpus_definitions import DEFINITION
from follow_advice import SURVEY, demo_canonical, follow, user_steps
from real_exports import OUTCOME, SHAPES, WEAK_ROWS

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook


@pytest.fixture(scope="module")
def expected():
    return demo_canonical(SURVEY / "codebook.yaml")


@pytest.mark.parametrize("name", list(SHAPES))
def test_export_reads_as_the_demo_or_stops_saying_what_is_needed(tmp_path, expected, name):
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    path = SHAPES[name](tmp_path, load_codebook(survey / "codebook.yaml"))
    outcome = follow(path, survey, expected)
    assert outcome.steps in ([], ["map"], ["map", "confirm"])  # map once; confirm listed rows
    # one step unless the tool's fields cannot tell its tests (then the user decides them)
    assert user_steps(outcome) <= (2 if name in WEAK_ROWS else 1), outcome
    if OUTCOME[name] == "exact":
        assert outcome.kind == "exact", outcome
        read, valid, quarantined, excluded = (int(n) for n in re.findall(r"\d+", outcome.counts))
        assert (valid, quarantined) == (47, 0) and read == 47 + excluded
    else:
        needed = OUTCOME[name].removeprefix("stop:") if ":" in OUTCOME[name] else "--survey-file"
        assert outcome.kind == "stop" and needed in outcome.message, outcome
        assert outcome.message.startswith("fout: ") and "spt-eval map" not in outcome.message


@pytest.mark.parametrize("name", [n for n, want in OUTCOME.items() if want == "survey-file"])
def test_a_code_export_reads_as_the_demo_once_the_survey_file_is_given(tmp_path, expected, name):
    """The one step the stop asks for: the tool's own questionnaire file (.lss 3.x or 5/6,
    .qsf) with the export's question codes and the texts the respondents saw. Its question
    texts are not the codebook's: matrices are placed by their statements, lists by their own
    answers, the remark by the codebook's text inside the question; then 47 valid, every
    answer (so every figure) as the demo's."""
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = load_codebook(survey / "codebook.yaml")
    path = SHAPES[name](tmp_path, cb)
    definition = DEFINITION[name](tmp_path, cb)
    outcome = follow(path, survey, expected, definition)
    assert outcome.steps == ["map", "survey-file"]  # map stops, writes nothing, asks for it
    assert outcome.kind == "exact", outcome
    read, valid, quarantined, excluded = (int(n) for n in re.findall(r"\d+", outcome.counts))
    assert (valid, quarantined) == (47, 0) and read == 47 + excluded


def test_rows_that_look_like_tests_are_listed_until_the_user_decides(tmp_path, capsys):
    """An SPSS file of no known tool: remarks with 'test' or 'proef' are listed (exit 1), the
    report stops until the user decides, and the decision is recorded per row and file."""
    from evaluation.cli import main
    from evaluation.pipeline import load_inputs, run_survey

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["spss_sav"](tmp_path, load_codebook(cb))
    # map lists them beside its proposal; a 'test' inside a remark is weak: accepting the
    # proposal does not decide them (exit 1 while they are open)
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 1
    out = capsys.readouterr().out
    assert "[zwak] test: 3 rijen (rij 10, rij 31, rij 50)" in out
    assert "'Testrespondent' lijkt op een test (zwak bewijs)" in out
    assert f"'spt-eval validate {path} --confirm-tests 10'" in out
    assert not (survey / "bevestigd.yaml").exists()
    assert main(["validate", str(path), "--codebook", str(cb)]) == 1
    out = capsys.readouterr().out
    assert "Let op: 3 rijen lijken op een test" in out and "'test invoer, niet meetellen'" in out
    with pytest.raises(InputError, match="rijen die op een test lijken"):
        run_survey(path, load_inputs(cb))  # never counted without the user's word
    store = str(tmp_path / "monitor.sqlite")
    add = ["store", "add", str(path), "--codebook", str(cb), "--store", store, "--year", "2015"]
    assert main(add) == 2  # nor stored as a wave
    assert "rijen die op een test lijken" in capsys.readouterr().err
    assert main(["validate", str(path), "--codebook", str(cb), "--confirm-tests", "7"]) == 2
    assert "rij 7 staat niet bij de gemelde rijen" in capsys.readouterr().err
    assert main(["validate", str(path), "--codebook", str(cb), "--not-tests", "31"]) == 1
    assert main(["validate", str(path), "--codebook", str(cb), "--confirm-tests"]) == 0
    out = capsys.readouterr().out
    assert "48 = 47 + 0 + 2" not in out and "50 = 48 + 0 + 2 (klopt)" in out
    recorded = (survey / "bevestigd.yaml").read_text(encoding="utf-8")
    assert "exclude: [10, 50]" in recorded and "keep: [31]" in recorded
    from evaluation.intake.suspects import check_decided
    from evaluation.intake.validate import read_survey

    inputs = load_inputs(cb)
    decided = read_survey(path, inputs.codebook, inputs.register, inputs.settings.intake)
    check_decided(decided)  # nothing left to decide: analyse and report go on
    assert decided.valid == 48  # row 31 kept, as decided


@pytest.mark.parametrize(
    ("name", "headings"),
    [("qualtrics_sav", 0), ("surveymonkey_condensed_csv", 0), ("qualtrics_text_csv", 2),
     ("surveymonkey_expanded_csv", 1)],
)  # fmt: skip
def test_a_data_row_is_never_taken_for_a_heading(tmp_path, name, headings):
    """The tool's extra heading rows are taken only when they cannot be data; the file's own
    rows reconcile: rows in the file = heading rows + valid + quarantined + excluded."""
    from evaluation.inputs.register import load_register, register_path
    from evaluation.intake.validate import read_survey

    cb = load_codebook(SURVEY / "codebook.yaml")
    path = SHAPES[name](tmp_path, cb)
    try:
        r = read_survey(path, cb, load_register(register_path(cb)))
        header_rows, rows_read, file_rows = r.header_rows, r.rows_read, r.file_rows
    except InputError:  # the SPT heading needs map first: count the rows as map reads them
        from evaluation.intake.profiles import prepare
        from evaluation.intake.readers import read_table

        raw = read_table(path, cb, any_sheet=True)
        file_rows = raw.rows
        header_rows = prepare(raw).header_rows
        rows_read = raw.rows
    assert (header_rows, rows_read) == (headings, 50)
    assert file_rows == header_rows + rows_read


def test_map_shows_evidence_and_validate_shows_what_the_mapping_placed(tmp_path, capsys):
    """Microsoft Forms in the tool's own wording: map shows each proposal with its evidence,
    three answers and the codebook's answers, writes only with --accept; validate then shows
    per placed column the answers counted."""
    from evaluation.cli import main

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["forms_en_xlsx"](tmp_path, load_codebook(cb))
    assert main(["map", str(path), "--codebook", str(cb)]) == 1  # the owner's tries: listed
    out = capsys.readouterr().out
    assert "[sterk] test: 3 rijen (rij 1, rij 26, rij 50)" in out
    assert "Wat is de achtergrond van uw organisatie? -> achtergrond" in out
    assert "bewijs: de antwoorden zijn antwoordteksten van deze vraag" in out
    assert "verwacht: UWV, O&O-fonds, Werkgeversvereniging" in out
    assert "47 van 47 ingevulde rijen zijn servicepunten" not in out  # tests included: 50
    assert "50 van 50 ingevulde rijen zijn servicepunten uit het register" in out
    assert "Start time" not in out  # the tool's own columns are known, never proposed
    assert not (survey / "mapping.yaml").exists()
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 0
    capsys.readouterr()
    assert main(["validate", str(path), "--codebook", str(cb)]) == 0
    out = capsys.readouterr().out
    assert "Geplaatst via mapping.yaml" in out and "Werkgeversvereniging 11" in out
    assert "50 = 47 + 0 + 3 (klopt)" in out


def test_a_linear_scale_of_a_tool_without_a_questionnaire_file_asks_for_texts(tmp_path):
    """Google Forms writes a 1-5 scale as numbers: which end is 'helemaal mee eens' only the
    form knows, and Google has no questionnaire file: the line says what else helps."""
    from evaluation.inputs.register import load_register, register_path
    from evaluation.intake.validate import read_survey

    cb = load_codebook(SURVEY / "codebook.yaml")
    path = tmp_path / "google.csv"
    path.write_text(
        "Tijdstempel,Respondentnummer,Servicepunt Techniek,De werking van het SPT is goed\n"
        "2-3-2015 10:00:00,1,Twente,5\n2-3-2015 11:00:00,2,Rijnmond,1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_survey(path, cb, load_register(register_path(cb)))
    line = str(caught.value)
    assert "antwoordcodes van Google Forms zonder hun tekst" in line
    assert "onder 'answers'" in line and "--survey-file" not in line


def test_accepting_the_proposal_decides_rows_with_strong_test_evidence(tmp_path, capsys):
    """An export that needs mapping and holds a tester's row (its token is 'test'): map lists
    the row with its evidence beside the columns, and `--accept` records it with the mapping
    in one step; validate then reports no problem and 47 valid."""
    from evaluation.cli import main

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["limesurvey_chosen_columns_csv"](tmp_path, load_codebook(cb))
    assert main(["map", str(path), "--codebook", str(cb)]) == 1  # shown, nothing written
    out = capsys.readouterr().out
    assert "[sterk] test: 1 rij (rij 1)" in out and "Token is 'test'" in out
    assert "--accept legt de rijen met sterk bewijs vast" in out
    assert not (survey / "bevestigd.yaml").exists() and not (survey / "mapping.yaml").exists()
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 0
    out = capsys.readouterr().out
    assert "1 rij met sterk bewijs vastgelegd in" in out
    assert "exclude: [1]" in (survey / "bevestigd.yaml").read_text(encoding="utf-8")
    assert main(["validate", str(path), "--codebook", str(cb)]) == 0
    out = capsys.readouterr().out
    assert "48 = 47 + 0 + 1 (klopt)" in out and "Let op" not in out


def test_surveymonkey_break_offs_are_recorded_on_accept_and_its_columns_mapped_by_text(
    tmp_path, capsys
):
    """SurveyMonkey's export has no completeness field: a row answering fewer than half the
    questions most rows answer broke off (AAPOR), is listed with strong evidence and recorded
    by accepting the proposal; validate still says what the export cannot tell. mapping.yaml
    keys the sector columns by their two heading rows' texts, never by their place."""
    from evaluation.cli import main

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["surveymonkey_expanded_csv"](tmp_path, load_codebook(cb))
    assert main(["map", str(path), "--codebook", str(cb)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "[sterk] afgebroken: 1 rij (rij 32) rij 32: 1 vraag beantwoord, waar de meeste" in out
    assert "afgebroken, minder dan de helft (de export zegt het niet; sterk bewijs)" in out
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 0
    mapping = (survey / "mapping.yaml").read_text(encoding="utf-8")
    assert '"Welk deel van de dienstverlening is voor elke sector (%)? [Overig]": sect_overig' in (
        mapping
    )
    assert "zonder kop" not in mapping and "Unnamed" not in mapping
    assert "exclude: [11, 32, 50]" in (survey / "bevestigd.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(path), "--codebook", str(cb)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "De export van SurveyMonkey zegt niet welke antwoorden niet zijn afgemaakt" in out
    assert "een filter op volledigheid in SurveyMonkey" in out
    # the evidence the row was decided on stays beside it (the auditor's why)
    assert "rij 32: bevestigd als test of niet afgemaakt (bevestigd.yaml): 1 vraag" in out
    assert "50 = 47 + 0 + 3 (klopt)" in out


def test_one_address_in_an_otherwise_anonymous_forms_export_is_asked_not_counted(tmp_path, capsys):
    """The owner tried the form once, signed in under her own name: no test word, no repeated
    address. The rows around it say 'anonymous', so the row is listed for the user's word
    (weak) instead of counting as a respondent without a word."""
    from openpyxl import load_workbook

    from evaluation.cli import main

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["forms_en_xlsx"](tmp_path, load_codebook(cb))
    book = load_workbook(path)
    sheet = book.active
    owner = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 5).value == "Test Eigenaar"]
    sheet.cell(owner[0], 4).value = "m.devries@ao-techniek.nl"
    sheet.cell(owner[0], 5).value = "Marieke de Vries"
    for r in reversed(owner[1:]):
        sheet.delete_rows(r)
    book.save(path)
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 1
    capsys.readouterr()
    assert main(["validate", str(path), "--codebook", str(cb)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"rij {owner[0] - 1}: Email 'm.devries@ao-techniek.nl' waar 47 rijen anoniem zijn" in out
    assert "48 = 48 + 0 + 0 (klopt)" in out  # counted only until the user decides


def _edit_csv(path, change) -> None:
    """The CSV export (one heading row) with its rows changed by `change` (rows -> rows)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def _with_column(path, head: str, value) -> None:
    """The CSV export with one more column at the end."""
    _edit_csv(path, lambda rows: [[*r, head if i == 0 else value(i)] for i, r in enumerate(rows)])


@pytest.mark.parametrize("name", ["limesurvey_full_csv", "google_en_csv", "typeform_csv"])
def test_an_extra_question_of_numbers_in_a_text_export_is_left_out_not_asked_as_codes(
    tmp_path, expected, name
):
    """A survey's own extra question of small numbers ('Golf': 1, 2, 3) beside answers the tool
    wrote as text: no codebook question, so left out as an extra text column is (before, map
    asked for the questionnaire file, which cannot place it). In a code export the same column
    is asked with the others, and the survey file then reads the export as the demo."""
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    path = SHAPES[name](tmp_path, load_codebook(survey / "codebook.yaml"))
    _with_column(path, "Golf", lambda i: str(1 + i % 3))
    outcome = follow(path, survey, expected)
    assert outcome.kind == "exact" and outcome.steps == ["map"], outcome


def test_numbers_beside_answer_codes_are_still_asked_with_them(tmp_path, expected):
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = load_codebook(survey / "codebook.yaml")
    path = SHAPES["limesurvey_codes_csv"](tmp_path, cb)
    _with_column(path, "Golf", lambda i: str(1 + i % 3))
    outcome = follow(path, survey, expected)
    assert outcome.kind == "stop" and "--survey-file" in outcome.message
    given = DEFINITION["limesurvey_codes_csv"](tmp_path, cb)
    outcome = follow(path, survey, expected, given)
    assert outcome.kind == "exact" and outcome.steps == ["map", "survey-file"], outcome


def test_numbers_that_may_be_a_share_the_codebook_asks_for_are_not_left_out(tmp_path, expected):
    """The same numbers rule never drops a codebook column: a percentage of an allocation under
    a heading like no question ('Restpost') is still asked about, not left out as an extra."""
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    path = SHAPES["limesurvey_full_csv"](tmp_path, load_codebook(survey / "codebook.yaml"))

    def renamed(rows):
        other = "sector (%)? [Overig]"
        return [["Restpost" if h.endswith(other) else h for h in rows[0]], *rows[1:]]

    _edit_csv(path, renamed)
    outcome = follow(path, survey, expected)
    assert outcome.kind == "stop" and "'Restpost'" in outcome.message, outcome


def test_ticks_under_a_heading_like_no_question_are_still_asked(tmp_path, expected):
    """0 and 1 may be a tick box of the codebook under a heading the tool wrote otherwise: the
    numbers rule leaves out only numbers that are more than a tick."""
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    path = SHAPES["limesurvey_full_csv"](tmp_path, load_codebook(survey / "codebook.yaml"))
    _with_column(path, "Nieuwsbrief", lambda i: str(i % 2))
    outcome = follow(path, survey, expected)
    assert outcome.kind == "stop" and "'Nieuwsbrief'" in outcome.message, outcome
