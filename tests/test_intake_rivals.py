"""Two columns that both name the SPT (an invitation's field beside the question): where they
name another SPT in some rows, neither is taken by guess (issue 26, nothing silently wrong)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.validate import read_survey

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


def _with_invitation(tmp_path: Path, changed: dict[int, str]) -> Path:
    """The demo export with an extra column 'SPT uit de uitnodiging' (the register's alias
    'SPT <naam>' where one exists), some rows naming another SPT."""
    with (SURVEY / "demo_responses.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    out = [[*rows[0], "SPT uit de uitnodiging"]]
    for n, r in enumerate(rows[1:]):
        invited = changed.get(n, f"SPT {r[1]}" if r[1] in ("Achterhoek", "Noord-Holland") else r[1])
        out.append([*r, invited])
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(out)
    return path


@pytest.fixture()
def survey(tmp_path):
    shutil.copytree(SURVEY, tmp_path / "survey")
    return tmp_path / "survey" / "codebook.yaml"


def _read(path, codebook_path):
    cb = load_codebook(codebook_path)
    return read_survey(path, cb, load_register(register_path(cb)))


def test_an_invitation_field_that_names_other_spts_stops_validate(tmp_path, survey):
    path = _with_invitation(tmp_path, {2: "Twente", 6: "Rijnmond"})
    with pytest.raises(InputError) as caught:
        _read(path, survey)
    assert caught.value.code == ErrorCode.SPT_COLUMNS_DIFFER
    line = str(caught.value)
    assert "'Servicepunt Techniek' en 'SPT uit de uitnodiging'" in line
    assert "in 2 rijen een ander (rij 3, 7)" in line and "--set" in line


def test_an_invitation_field_that_agrees_in_every_row_is_no_reason_to_stop(tmp_path, survey):
    result = _read(_with_invitation(tmp_path, {}), survey)  # aliases name the same SPT
    assert result.valid == 47


def test_the_users_choice_in_mapping_yaml_decides(tmp_path, survey):
    (survey.parent / "mapping.yaml").write_text(
        'columns:\n  "Servicepunt Techniek": spt\n', encoding="utf-8"
    )
    result = _read(_with_invitation(tmp_path, {2: "Twente"}), survey)
    assert result.valid == 47 and "SPT uit de uitnodiging" in result.unknown_columns


def test_an_spt_column_of_codes_is_not_compared(tmp_path, survey):
    """The SPT column holds the tool's numbers, another column the names: nothing to compare
    by name here (the codes have their own stop), and no crash."""
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondentnummer;Servicepunt Techniek;Uitgenodigd voor\n1;3;Twente\n2;1;Rijnmond\n",
        encoding="utf-8",
    )
    try:
        _read(path, survey)
    except InputError as exc:
        assert exc.code != ErrorCode.SPT_COLUMNS_DIFFER


def test_the_page_check_shows_both_columns_to_choose_from(tmp_path, survey):
    """The web page's check (routine.check_export) stops as validate does and lists the other
    column with its evidence, so the user can choose there which column is the SPT."""
    from evaluation.pipeline import load_inputs
    from evaluation.routine.check import check_export

    check = check_export(_with_invitation(tmp_path, {2: "Twente"}), load_inputs(survey))
    assert check.intake is None and check.required_missing.code == ErrorCode.SPT_COLUMNS_DIFFER
    listed = {p.column: p for p in check.proposals}
    other = listed["SPT uit de uitnodiging"]
    assert other.target is None and "ook 'Servicepunt Techniek' noemt servicepunten" in other.basis
    assert ("spt",) == tuple(v for v, _ in check.choices if v == "spt")
