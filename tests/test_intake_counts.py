"""The independent count (issue 26): the rows an .sav or .xlsx holds by the file's own account
(the SPSS header's number of cases, the sheet's filled rows under the heading) are reconciled
with the rows read, so a row the reader lost is reported ("KLOPT NIET"), never "klopt"; an SPSS
header without a count is said to be so."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyreadstat
import pytest

import evaluation.intake.validate as validate_module
from evaluation.cli import main

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


def _demo() -> pd.DataFrame:
    return pd.read_csv(SURVEY / "demo_responses.csv", sep=";", dtype=str, keep_default_na=False)


def _xlsx(path: Path) -> Path:
    _demo().to_excel(path, index=False)
    return path


def _sav(path: Path) -> Path:
    frame = _demo()
    frame.columns = [f"v{i}" for i in range(len(frame.columns))]
    pyreadstat.write_sav(frame, str(path), column_labels=list(_demo().columns))
    return path


@pytest.fixture
def survey(tmp_path):
    shutil.copytree(SURVEY, tmp_path / "survey")
    return tmp_path / "survey" / "codebook.yaml"


def _lose_last_row(monkeypatch):
    """A reader that drops the last row under the heading without a word."""
    real = validate_module.read_table

    def losing(path, codebook, any_sheet=False):
        raw = real(path, codebook, any_sheet)
        codes = {c: v[:-1] for c, v in raw.codes.items()}
        return replace(raw, codes=codes, rows=raw.rows - 1, _texts={})

    monkeypatch.setattr(validate_module, "read_table", losing)


@pytest.mark.parametrize(
    ("make", "source"),
    [(_sav, "aantal cases in de kop van het SPSS-bestand"),
     (_xlsx, "gevulde rijen onder de kop op blad 'Sheet1'")],
)  # fmt: skip
def test_the_files_own_count_agrees_and_a_lost_row_is_reported(
    tmp_path, survey, capsys, monkeypatch, make, source
):
    path = make(tmp_path / ("demo.sav" if make is _sav else "demo.xlsx"))
    assert main(["validate", str(path), "--codebook", str(survey)]) == 0
    out = capsys.readouterr().out
    assert f"rijen onder de kop in het bestand ({source})" in out
    assert "47 = 0 + 47" in out and "47 = 47 + 0 + 0 (klopt)" in out
    _lose_last_row(monkeypatch)
    main(["validate", str(path), "--codebook", str(survey)])
    out = capsys.readouterr().out
    assert "47 = 0 + 46" in out and "46 = 46 + 0 + 0 (KLOPT NIET)" in out
    assert "(klopt)" not in out


def test_an_spss_header_without_a_case_count_is_said_to_be_so(
    tmp_path, survey, capsys, monkeypatch
):
    path = _sav(tmp_path / "demo.sav")
    real = pyreadstat.read_sav

    def header_without_count(file, *args, metadataonly=False, **kwargs):
        if metadataonly:
            return None, SimpleNamespace(number_rows=-1)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(pyreadstat, "read_sav", header_without_count)
    assert main(["validate", str(path), "--codebook", str(survey)]) == 0
    out = capsys.readouterr().out
    assert "niet na te tellen (het SPSS-bestand noemt zijn aantal cases niet in de kop)" in out
