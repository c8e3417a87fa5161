"""Results per SPT: the schema, validation with Dutch reasons, quarantine and reconciliation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evaluation.cli import main
from evaluation.errors import InputError
from evaluation.inputs.register import load_register
from evaluation.spt_results.read import read_spt_results

ROOT = Path(__file__).resolve().parents[1]
REGISTER = load_register(ROOT / "surveys" / "spt2015" / "service_points.yaml")
DEMO = ROOT / "surveys" / "monitor_demo"
HEADER = (
    "jaar;spt;plaatsingen_werk_naar_werk;plaatsingen_ww_naar_werk;opgeleid;"
    "arbeidsmarktcoach_fte;budget_fonds;budget_gemeenten;project;project_deelnemers;"
    "project_plaatsingen"
)
GOOD = "2016;Twente;12;30;50;1,5;€ 80.000;12.500,50;;;"
BAD = {
    "2016;Atlantis;1;1;1;1;1;1;;;": "onbekend servicepunt",
    ";Twente;1;1;1;1;1;1;;;": "jaar ontbreekt of is geen jaartal",
    "2015;Achterhoek;1;1;1;1;1;1;;;": "jaar 2015 is niet het jaar 2016 dat wordt ingelezen",
    "2016;Achterhoek;-3;1;1;1;1;1;;;": "plaatsingen van werk naar werk: negatief aantal",
    "2016;Achterhoek;2,5;1;1;1;1;1;;;": "plaatsingen van werk naar werk: geen geheel getal",
    "2016;Achterhoek;1;1;1;1;veel;1;;;": "budget A+O fonds: geen getal",
    "2016;Twente;1;1;1;1;1;1;;;": "servicepunt staat al eerder in het bestand",
    "2016;Twente;;;;;;;lasklas;10;12": "meer plaatsingen dan deelnemers in het project",
    "2016;Twente;4;;;;;;lasklas;10;2": "op een projectregel horen geen totalen van het SPT",
    "2016;;1;1;1;1;1;1;;;": "servicepunt ontbreekt",
    "2016;Twente;;;;;;;;10;2": "deelnemers of plaatsingen zonder projectnaam",
}


def _write(tmp_path: Path, lines: list[str], name: str = "resultaten.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_demo_files_are_valid_and_reconcile():
    for year in (2015, 2016, 2017):
        r = read_spt_results(DEMO / f"spt_results_{year}.csv", REGISTER, year)
        assert r.quarantined == 0 and r.rows_read == r.valid_rows > 10
        assert set(r.records) == set(REGISTER.names)
        assert any("(synthetisch)" in p.name for rec in r.records.values() for p in rec.projects)


def test_each_fault_is_quarantined_with_its_reason(tmp_path):
    lines = [GOOD, "2016;Twente;;;;;;;Lasklas Hengelo;12;7", *BAD]
    r = read_spt_results(_write(tmp_path, lines), REGISTER, 2016)
    assert r.rows_read == len(lines) == r.valid_rows + r.quarantined
    assert r.valid_rows == 2
    found = {q.row: q.reasons for q in r.quarantine}
    for row, expected in enumerate(BAD.values(), start=3):
        assert expected in found[row], (row, found[row])
    twente = r.records["Twente"]
    assert (twente.placements_work_to_work, twente.placements_unemployment_to_work) == (12, 30)
    assert twente.placements == 42 and twente.coach_fte == 1.5
    assert twente.budget == {"budget_fonds": 80000.0, "budget_gemeenten": 12500.5}
    assert [(p.name, p.participants, p.placements) for p in twente.projects] == [
        ("Lasklas Hengelo", 12, 7)
    ]


def test_a_row_gets_every_reason(tmp_path):
    r = read_spt_results(_write(tmp_path, ["2015;Atlantis;-1;x;1;1;1;1;;;"]), REGISTER, 2016)
    (q,) = r.quarantine
    assert len(q.reasons) == 4


def test_xlsx_reads_as_csv(tmp_path):
    csv_path = _write(tmp_path, [GOOD, *list(BAD)[:3]])
    frame = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False)
    xlsx = tmp_path / "resultaten.xlsx"
    frame.to_excel(xlsx, index=False)
    a, b = read_spt_results(csv_path, REGISTER, 2016), read_spt_results(xlsx, REGISTER, 2016)
    assert a.records == b.records and a.quarantine == b.quarantine


def test_missing_required_column_stops_in_dutch(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("spt;opgeleid\nTwente;3\n", encoding="utf-8")
    with pytest.raises(InputError, match="mist de kolom"):
        read_spt_results(path, REGISTER, 2016)


def test_add_results_prints_quarantine_and_reconciliation(tmp_path, capsys):
    path = _write(tmp_path, [GOOD, *list(BAD)[:2]])
    store = tmp_path / "s.sqlite"
    args = ["store", "add-results", str(path), "--year", "2016", "--store", str(store)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "rij 2: onbekend servicepunt" in out
    assert out.rstrip().endswith("Ingelezen: 3 rijen = 1 geldig + 2 in quarantaine")
    assert main(args) == 1 and "ongewijzigd" in capsys.readouterr().out


def test_the_encoding_is_read_or_refused_never_guessed(tmp_path):
    """Windows-1252 (Dutch Excel) is read; bytes no known encoding has are refused in Dutch,
    not turned into other letters by a Latin-1 fallback."""
    text = f"{HEADER}\n{GOOD}\n2016;Twente;;;;;;;Café;3;1\n"
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode("cp1252"))
    intake = read_spt_results(path, REGISTER, 2016)
    assert intake.valid_rows == 2 and intake.records["Twente"].projects[0].name == "Café"
    path.write_bytes(text.encode("cp1252").replace("é".encode("cp1252"), b"\x81"))
    with pytest.raises(InputError, match="onbekende tekencodering"):
        read_spt_results(path, REGISTER, 2016)


def test_a_stray_quote_and_a_long_cell_are_row_faults(tmp_path, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_LIMIT_CELL_CHARS", "40")
    lines = [GOOD, '2016;Twente;;;;;;;Las"klas;3;1', f"2016;Rijnmond;{'9' * 41};;;;;;;;"]
    intake = read_spt_results(_write(tmp_path, lines), REGISTER, 2016)
    assert (intake.rows_read, intake.valid_rows, intake.quarantined) == (3, 1, 2)
    reasons = {q.row: q.reasons[0] for q in intake.quarantine}
    assert "los aanhalingsteken" in reasons[2]
    assert "kolom 'plaatsingen_werk_naar_werk' heeft 41 tekens, de grens is 40" in reasons[3]


def test_an_xlsx_with_a_title_row_is_read_from_its_header(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for row in (["Resultaten per SPT 2016"], [], HEADER.split(";"), GOOD.split(";")):
        wb.active.append(row)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    intake = read_spt_results(path, REGISTER, 2016)
    assert (intake.rows_read, intake.valid_rows) == (1, 1)
