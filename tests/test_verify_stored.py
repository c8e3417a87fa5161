"""Verifying a stored year without its export (issue 24): `verify REPORT --store S` runs the
year again from its stored wave and makes the same checks as `verify --data`; another file in
the store for that year, a wrong year or a year not stored is said, never 'Alles klopt'."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.audit.compare import DIFFERS, OK
from evaluation.cli import main
from evaluation.errors import SptEvalError
from evaluation.pipeline import load_inputs
from evaluation.routine.verify_stored import SURVEY_ROW, verify_stored
from evaluation.routine.years import keep_wave
from evaluation.store.db import connect

ROOT = Path(__file__).resolve().parent.parent
DEMO_2015 = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
DEMO_2016 = ROOT / "surveys" / "monitor_demo" / "responses_2016.csv"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SPT_EVAL_KEY", "0" * 64)


def _store(path: Path, export: Path, year: int = 2015) -> Path:
    con = connect(path)
    try:
        keep_wave(con, export, load_inputs(year=year))
    finally:
        con.close()
    return path


def _row(result, path: str):
    return next(r for r in result.rows if r.path == path)


def test_the_demo_pdf_is_verified_against_its_stored_wave_with_every_check(tmp_path, demo_report):
    """The demo report (made from the file) against the store that holds the same export: the
    input hashes, the manifest, every figure and the printed text all agree."""
    con = connect(_store(tmp_path / "s.sqlite", DEMO_2015))
    try:
        result = verify_stored(demo_report.pdf, con)
    finally:
        con.close()
    assert result.ok, [r for r in result.rows if r.status != OK][:5]
    assert _row(result, SURVEY_ROW).status == OK
    assert any(r.kind == "gedrukt" for r in result.rows) and len(result.figures) > 500
    assert _row(result, "invoer: naam van het enquêtebestand").status == OK


def test_another_file_stored_for_the_year_differs_and_the_cli_says_so(
    tmp_path, demo_report, capsys
):
    store = _store(tmp_path / "s.sqlite", DEMO_2016, year=2015)
    con = connect(store)
    try:
        result = verify_stored(demo_report.out, con)
    finally:
        con.close()
    assert not result.ok
    assert _row(result, SURVEY_ROW).status == DIFFERS and result.differing
    code = main(["verify", str(demo_report.pdf), "--store", str(store)])
    out = capsys.readouterr().out
    assert code == 1 and "Afwijkend" in out and "Alles klopt" not in out


def test_a_wrong_or_unstored_year_is_one_dutch_line(tmp_path, demo_report, capsys):
    store = _store(tmp_path / "s.sqlite", DEMO_2015)
    assert main(["verify", str(demo_report.pdf), "--store", str(store), "--year", "2016"]) == 2
    assert "dit rapport is van 2015, niet van 2016" in capsys.readouterr().err
    empty = connect(tmp_path / "leeg.sqlite")
    try:
        with pytest.raises(SptEvalError, match="2015 staat niet in de opslag"):
            verify_stored(demo_report.pdf, empty)
    finally:
        empty.close()
    assert main(["verify", str(demo_report.pdf), "--store", str(store)]) == 0
    assert "Alles klopt" in capsys.readouterr().out
