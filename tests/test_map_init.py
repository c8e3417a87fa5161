"""`spt-eval map` places unknown columns; `spt-eval init` starts next year (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from build_exports import DEMO, limesurvey_codes_xlsx

from evaluation.cli import main
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.result import ID, ROW

SOURCE = DEMO.parent


@pytest.fixture
def survey(tmp_path) -> Path:
    folder = tmp_path / "survey"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(SOURCE / name, folder / name)
    return folder


def answers(intake) -> pd.DataFrame:
    return intake.responses.drop(columns=[ROW, ID]).reset_index(drop=True)


def test_limesurvey_code_headings_are_not_placed_by_their_order(tmp_path, survey, capsys):
    """Code headings with full answers: the SPT by the register, a question whose labels are
    its own by its answers; statements that share a scale are never placed by position."""
    cb = load_codebook()
    path, _, _ = limesurvey_codes_xlsx(tmp_path, cb)
    own = survey / "codebook.yaml"
    assert main(["validate", str(path), "--codebook", str(own)]) == 2
    err = capsys.readouterr().err
    assert "begint met de kolommen 'id', 'submitdate'" in err and "spt-eval map" in err
    assert main(["map", str(path), "--codebook", str(own), "--accept"]) == 2
    captured = capsys.readouterr()
    assert "G1Q1 -> spt" in captured.out and "servicepunten uit het register" in captured.out
    assert "de kop zegt niet welke" in captured.out
    assert "--survey-file" in captured.err and "spt-eval map" not in captured.err
    assert not (survey / "mapping.yaml").exists()


def test_answer_codes_ask_for_the_survey_file_and_nothing_is_written(tmp_path, survey, capsys):
    frame = pd.DataFrame(
        {
            "id": ["1", "2", "3"],
            "submitdate": ["x", "x", "x"],
            "lastpage": ["3", "3", "3"],
            "G01Q01": ["Twente", "Rijnmond", "Twente"],
            "G01Q02[SQ001]": ["AO01", "AO02", "AO05"],
        }
    )
    path = tmp_path / "codes.csv"
    frame.to_csv(path, index=False)
    assert main(["map", str(path), "--codebook", str(survey / "codebook.yaml"), "--accept"]) == 2
    err = capsys.readouterr().err
    assert "antwoordcodes van LimeSurvey zonder hun tekst" in err and "--survey-file" in err
    assert "spt-eval map" not in err and not (survey / "mapping.yaml").exists()


def test_map_says_which_columns_it_cannot_place(tmp_path, survey, capsys):
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "submitdate": ["x", "x"],
            "lastpage": ["3", "3"],
            "Servicepunt": ["Twente", "Rijnmond"],
            "G1Q2": ["", ""],
            "Start Date (UTC)": ["2015-03-02 10:00:00", "2015-03-03 11:00:00"],
        }
    )
    path = tmp_path / "codes.csv"
    frame.to_csv(path, index=False)
    assert main(["map", str(path), "--codebook", str(survey / "codebook.yaml"), "--accept"]) == 0
    out = capsys.readouterr().out
    assert "G1Q2: niet te plaatsen (de kolom is leeg)" in out
    assert "Start Date (UTC): niet te plaatsen (datum en tijd: geen vraag" in out
    assert "niet te plaatsen" in (survey / "mapping.yaml").read_text(encoding="utf-8")


def test_a_wrong_mapping_line_is_a_dutch_error_naming_the_file(survey):
    (survey / "mapping.yaml").write_text('columns:\n  "Q1": bestaat_niet\n', encoding="utf-8")
    with pytest.raises(Exception, match="mapping.yaml koppelt kolom 'Q1' aan 'bestaat_niet'"):
        load_codebook(survey / "codebook.yaml")


def test_init_starts_next_year_with_bumped_versions_and_a_checklist(tmp_path, survey, capsys):
    target = tmp_path / "spt2016"
    assert main(["init", "2016", "--from", str(survey), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Nakijken voor 2016" in out and "total_invited" in out and "aliases" in out
    # the success factors and bottlenecks come along, still allowed to be missing: said so
    assert [q.id for q in load_codebook(target / "codebook.yaml").choice_questions] == [
        "succesfactoren",
        "knelpunten",
    ]
    assert "Nu mogen ontbreken: succesfactoren, knelpunten" in " ".join(out.split())
    cb = load_codebook(target / "codebook.yaml")
    assert (cb.survey, cb.version) == ("spt2016", "2016.1") and "2016" in cb.title
    assert load_register(register_path(cb)).survey == "spt2016"
    assert "year: 2016" in (target / "settings.yaml").read_text(encoding="utf-8")
    assert "# Register of the Servicepunten" in (target / "service_points.yaml").read_text()
    assert main(["init", "2016", "--from", str(survey), "--to", str(target)]) == 2
    assert "bestaat al" in capsys.readouterr().err


def test_map_reads_a_workbook_without_an_id_column(tmp_path, survey, capsys):
    frame = pd.DataFrame({"Nr": ["1", "2"], "Vraag 1": ["Twente", "Rijnmond / Drechtsteden"]})
    path = tmp_path / "export.xlsx"
    frame.to_excel(path, index=False)
    own = str(survey / "codebook.yaml")
    assert main(["validate", str(path), "--codebook", own]) == 2
    assert "spt-eval map" in capsys.readouterr().err
    assert main(["map", str(path), "--codebook", own]) == 0
    assert "Er is niets geschreven" in capsys.readouterr().out
    assert not (survey / "mapping.yaml").exists()  # shown, not written without --accept
    assert main(["map", str(path), "--codebook", own, "--accept"]) == 0
    mapping = (survey / "mapping.yaml").read_text(encoding="utf-8")
    assert '"Nr": respondent_id' in mapping and '"Vraag 1": spt' in mapping
    assert main(["validate", str(path), "--codebook", own]) == 1  # read; rows lack answers


def test_a_weak_proposal_is_shown_not_written_until_the_user_sets_it(tmp_path, survey, capsys):
    """The heading is like a question's text but the answers do not fit its scale: weak, shown
    with its evidence, left out by --accept; --set places it on the user's word."""
    frame = pd.DataFrame(
        {
            "Respondentnummer": ["1", "2", "3"],
            "Servicepunt Techniek": ["Twente", "Rijnmond", "Twente"],
            "Belangrijkste activiteit van uw SPT": ["soms", "vaak", "nooit"],
        }
    )
    path = tmp_path / "zwak.csv"
    frame.to_csv(path, index=False)
    own = str(survey / "codebook.yaml")
    assert main(["map", str(path), "--codebook", own, "--accept"]) == 1
    out = capsys.readouterr().out
    assert "-> hoofdactiviteit" in out and "[zwak]" in out and "niet alle antwoorden" in out
    assert "antwoorden: 'nooit', 'soms', 'vaak'" in out and "verwacht: Bemiddelen tussen" in out
    assert "hoofdactiviteit" not in load_codebook(own).mapping.values()  # a comment only
    column = "Belangrijkste activiteit van uw SPT"
    assert main(["map", str(path), "--codebook", own, "--set", f"{column}=hoofdactiviteit"]) == 0
    assert load_codebook(own).mapping[column] == "hoofdactiviteit"
    assert main(["map", str(path), "--codebook", own, "--set", f"{column}=bestaat_niet"]) == 2
    assert "--set" in capsys.readouterr().err


def test_the_codebook_text_inside_a_heading_is_weak_unless_the_answers_show_it(
    tmp_path, survey, capsys
):
    """'Opmerking of toelichting' inside a longer heading: strong only when the answers are
    what the question holds (people's sentences for a remark, the scale's labels for a list);
    a heading holding the text over numbers or one-word codes is shown and asked."""
    frame = pd.DataFrame(
        {
            "Respondentnummer": ["1", "2", "3"],
            "Servicepunt Techniek": ["Twente", "Rijnmond", "Twente"],
            "Heeft u nog een opmerking of toelichting?": ["3", "5", "12"],
        }
    )
    path = tmp_path / "binnen.csv"
    frame.to_csv(path, index=False)
    own = str(survey / "codebook.yaml")
    assert main(["map", str(path), "--codebook", own, "--accept"]) == 1
    out = capsys.readouterr().out
    assert "-> opmerking" in out and "[zwak]" in out
    assert "de kop bevat de tekst van deze vraag" in out and "zeggen niet dat het" in out
    assert "opmerking" not in load_codebook(own).mapping.values()
    frame["Heeft u nog een opmerking of toelichting?"] = [
        "Goede samenwerking in de regio",
        "Meer aandacht voor werkgevers graag",
        "",
    ]
    frame.to_csv(path, index=False)
    assert main(["map", str(path), "--codebook", own, "--accept"]) == 0
    out = capsys.readouterr().out
    assert "-> opmerking" in out and "[sterk]" in out and "alle antwoorden passen" in out
    assert "opmerking" in load_codebook(own).mapping.values()


@pytest.mark.parametrize(
    ("value", "strong"),
    [
        ("test", True),
        ("Test 2", True),
        ("TEST01", True),
        ("proef-3", True),
        ("test@ao-techniek.nl", True),
        ("Test Eigenaar", False),
        ("fonds.test@ao-techniek.nl", False),
        ("test invoer, niet meetellen", False),
        ("Attest", False),
    ],
)
def test_only_a_bare_test_marker_is_strong_evidence(value, strong):
    from evaluation.intake.suspects import marker_only

    assert marker_only(value) is strong
