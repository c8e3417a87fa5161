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
from evaluation.intake.validate import read_survey

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


def test_limesurvey_code_headings_are_read_after_map_and_accept(tmp_path, survey, capsys):
    cb = load_codebook()
    demo = read_survey(DEMO, cb, load_register(register_path(cb)))
    path, _, truth = limesurvey_codes_xlsx(tmp_path, cb)
    own = survey / "codebook.yaml"
    assert main(["validate", str(path), "--codebook", str(own)]) == 2
    err = capsys.readouterr().err
    assert "begint met de kolommen 'id', 'submitdate'" in err and "spt-eval map" in err
    assert main(["map", str(path), "--codebook", str(own)]) == 0
    proposal = (survey / "mapping.yaml").read_text(encoding="utf-8")
    assert '"G2Q4[SQ001]": werking_goed  # score 0,50 op antwoorden en volgorde' in proposal
    assert "tweede keus werking_beter" in proposal
    mapped = load_codebook(own)  # the user keeps the proposal as it is
    assert mapped.mapping == truth
    r = read_survey(path, mapped, load_register(register_path(mapped)))
    assert r.tool == "LimeSurvey" and r.valid == 47 and r.reconciled and r.item_errors == 0
    pd.testing.assert_frame_equal(answers(r), answers(demo))


def test_map_says_which_columns_it_cannot_place(tmp_path, survey, capsys):
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "submitdate": ["x", "x"],
            "lastpage": ["3", "3"],
            "G1Q1": ["A1", "A2"],
            "G1Q2": ["", ""],
        }
    )
    path = tmp_path / "codes.csv"
    frame.to_csv(path, index=False)
    assert main(["map", str(path), "--codebook", str(survey / "codebook.yaml")]) == 1
    out = capsys.readouterr().out
    assert "G1Q2: niet te plaatsen (de kolom is leeg)" in out
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
    mapping = (survey / "mapping.yaml").read_text(encoding="utf-8")
    assert '"Nr": respondent_id' in mapping and '"Vraag 1": spt' in mapping
    assert main(["validate", str(path), "--codebook", own]) == 1  # read; rows lack answers
