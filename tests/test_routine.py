"""The routine steps the commands and the web page share (issue 15): options from a form, the
export check, the user's mapping choices, a year's folder and the overview of years."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from build_exports import limesurvey_codes_xlsx

from evaluation.errors import InputError
from evaluation.routine.check import check_export
from evaluation.routine.mapping import accept_choices
from evaluation.routine.options import Options, inputs_for, options_from_form
from evaluation.routine.year import kept_export, make_year
from evaluation.routine.years import overview

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"


@pytest.fixture
def surveys(tmp_path) -> Path:
    shutil.copytree(
        ROOT / "surveys" / "spt2015",
        tmp_path / "surveys" / "spt2015",
        ignore=shutil.ignore_patterns("mapping.yaml"),
    )
    return tmp_path / "surveys"


def test_a_form_gives_options_with_switches_off_when_absent(surveys):
    o = options_from_form(
        {"year": "2016", "survey": "spt2015", "min_n": "", "audit": "on"}, surveys
    )
    assert o == Options(year=2016, survey="spt2015", min_n=None, per_spt=False, audit=True)
    wrong = r"ongeldige keuze bij 'Minimale n': moet minstens 1 zijn \(nu: '0'\)"
    with pytest.raises(InputError, match=wrong):
        options_from_form({"year": "2016", "survey": "spt2015", "min_n": "0"}, surveys)
    with pytest.raises(InputError, match="staat niet onder surveys/"):
        options_from_form({"year": "2016", "survey": ".."}, surveys)


def test_the_check_lists_rows_set_aside_before_answers_made_missing(tmp_path, surveys):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[3] = "DEMO-001;" + lines[3].split(";", 1)[1]  # a duplicated respondent number
    cells = lines[7].split(";")
    cells[5] = "7"  # off the 1-5 scale
    lines[7] = ";".join(cells)
    path = tmp_path / "kapot.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = check_export(path, inputs_for(Options(), surveys), tmp_path / "q.csv")
    assert [(g.level, g.count) for g in check.groups] == [("row", 1), ("item", 1)]
    assert check.groups[0].examples[0][0] == 3 and check.quarantine == tmp_path / "q.csv"
    assert check.intake.reconciled and check.proposals == []


def test_the_users_choices_are_saved_and_a_taken_column_is_refused(tmp_path, surveys):
    inputs = inputs_for(Options(), surveys)
    path, _, truth = limesurvey_codes_xlsx(tmp_path, inputs.codebook)
    check = check_export(path, inputs)
    assert check.intake is None and len(check.proposals) == len(truth)
    assert check.samples["G1Q1"]  # the user sees what the column holds
    first, second = check.proposals[0].column, check.proposals[1].column
    assert check.proposals[0].target == "spt"  # the register's names are the evidence
    assert "werking_goed" not in {p.target for p in check.proposals}  # never by position
    with pytest.raises(InputError, match="al aan een andere kolom"):
        accept_choices(inputs.codebook, check.proposals, {second: "spt"}, path.name)
    assert not (surveys / "spt2015" / "mapping.yaml").exists()  # nothing half-written
    codebook = accept_choices(inputs.codebook, check.proposals, truth, path.name)
    saved = yaml.safe_load((surveys / "spt2015" / "mapping.yaml").read_text(encoding="utf-8"))
    assert saved["columns"] == truth == codebook.mapping and first in truth
    assert check_export(path, inputs_for(Options(), surveys)).intake.valid == 47


def test_a_link_planted_in_the_years_folder_is_not_written_through(tmp_path, surveys):
    outside = tmp_path / "elders.csv"  # not the name test_web looks for anywhere
    outside.write_text("onaangeroerd", encoding="utf-8")
    folder = tmp_path / "work" / "2015"
    folder.mkdir(parents=True)
    (folder / DEMO.name).symlink_to(outside)  # where the export's copy would go
    with pytest.raises(InputError, match="symbolische koppeling"):
        make_year(DEMO, Options(), folder, root=surveys)
    assert outside.read_text(encoding="utf-8") == "onaangeroerd"


def test_the_export_is_kept_beside_the_report_under_the_users_file_name(tmp_path):
    """The report and its manifest name the file the user gave (verify finds it beside the
    report by that name); a name an output of the year takes gets the year's own name."""
    folder = tmp_path / "uitvoer-1"
    assert kept_export(folder, 2016, Path("invoer/antwoorden 2016.csv")) == (
        folder / "antwoorden 2016.csv"
    )
    for taken in ("tables.xlsx", "Quarantine.csv", "audit-2016.xlsx", ".verborgen.csv"):
        suffix = Path(taken).suffix.lower()
        assert kept_export(folder, 2016, Path(taken)) == folder / f"enquete-2016{suffix}"


def test_a_device_as_export_is_refused_before_it_is_copied(tmp_path, surveys):
    with pytest.raises(InputError, match="geen gewoon bestand"):
        make_year(Path("/dev/zero"), Options(), tmp_path / "2015", root=surveys)
    assert not (tmp_path / "2015").exists()


def test_the_overview_lists_years_with_their_files_newest_first(tmp_path):
    work = tmp_path / "work"
    for year in (2015, 2016):
        (work / str(year)).mkdir(parents=True)
    (work / "2016" / "spt-monitor-2016.pdf").write_bytes(b"%PDF")
    (work / "uploads").mkdir()
    rows = overview(None, work)
    assert [r.year for r in rows] == [2016, 2015]
    assert list(rows[0].files) == ["rapport"] and rows[1].files == {} and not rows[0].stored
