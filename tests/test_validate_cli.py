"""`spt-eval validate`: exit codes 0/1/2, the Dutch summary, --json and --quarantine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from evaluation.cli import main

DEMO = Path(__file__).resolve().parent.parent / "surveys" / "spt2015" / "demo_responses.csv"
FAULTY = (
    "respondent_id;spt;werking_goed;ambities;bron\n"
    "1;Twente;4;4;x\n"
    "1;Twente;7;4;x\n"  # duplicate id
    "2;Twente;7;4;x\n"  # item error
    "3;Atlantis;4;4;x\n"  # unknown SPT
)
SCALE_7 = "waarde '7' ligt buiten de schaal (geldig: 1-5 of de antwoordtekst; 9 = weet niet)"


@pytest.fixture
def faulty(tmp_path) -> Path:
    p = tmp_path / "export.csv"
    p.write_text(FAULTY, encoding="utf-8")
    return p


def test_demo_validates_with_exit_0(capsys):
    assert main(["validate", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "rijen gelezen" in out and "in quarantaine" in out and "itemfouten" in out
    assert "West-Brabant" in out
    assert (
        out.strip().splitlines()[-1]
        == "gelezen = geldig + quarantaine + uitgesloten: 47 = 47 + 0 + 0 (klopt)"
    )


def test_quarantined_rows_give_exit_1_and_the_first_problems(faulty, capsys):
    assert main(["validate", str(faulty)]) == 1
    out = capsys.readouterr().out
    assert "komt al voor in rij 1" in out
    assert "onbekend servicepunt 'Atlantis'" in out
    assert "Onbekende kolommen" in out and "bron" in out
    assert "--quarantine" in out
    assert (
        out.strip().splitlines()[-1]
        == "gelezen = geldig + quarantaine + uitgesloten: 4 = 2 + 2 + 0 (klopt)"
    )


def test_json_output(faulty, capsys):
    assert main(["validate", str(faulty), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["rows_read"], data["valid"], data["quarantined"], data["item_errors"]) == (
        4,
        2,
        2,
        1,
    )
    assert data["per_spt"] == {"Twente": 2}
    assert data["unknown_columns"] == ["bron"]
    assert data["reconciled"] is True
    assert {p["level"] for p in data["problems"]} == {"item", "row"}
    item = next(p for p in data["problems"] if p["level"] == "item")
    assert item == {
        "row": 3,
        "column": "werking_goed",
        "value": "7",
        "code": "not_on_scale",
        "params": {"value": "7", "valid": [1, 2, 3, 4, 5], "missing": {"9": "weet niet"}},
        "reason": SCALE_7,
        "level": "item",
    }
    rows = [(p["row"], p["code"], p["params"]) for p in data["problems"] if p["level"] == "row"]
    assert rows == [
        (2, "duplicate_id", {"id": "1", "first_row": 1}),
        (4, "unknown_spt", {"value": "Atlantis", "register": "service_points.yaml"}),
    ]


def test_quarantine_file_is_written(faulty, tmp_path, capsys):
    out = tmp_path / "q.csv"
    assert main(["validate", str(faulty), "--quarantine", str(out)]) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "rij;redenen;respondent_id;spt;werking_goed;ambities;bron"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert [r[0] for r in rows] == ["2", "4"]
    assert rows[0][1].split("\n") == [  # one reason per line of the cell
        "respondentnummer '1' komt al voor in rij 1",
        f"werking_goed: {SCALE_7}",
    ]
    assert rows[0][2:] == ["1", "Twente", "7", "4", "x"]
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01binary\x00", b"naam;leeftijd\njan;4\n"],
)
def test_unusable_file_gives_exit_2_and_one_line(tmp_path, capsys, content):
    p = tmp_path / "export.csv"
    p.write_bytes(content)
    assert main(["validate", str(p)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fout: ")
    assert "Traceback" not in captured.err


def test_broken_codebook_gives_exit_2(tmp_path, capsys):
    bad = tmp_path / "codebook.yaml"
    bad.write_text("survey: x\nversion: 1\n", encoding="utf-8")
    assert main(["validate", str(DEMO), "--codebook", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("fout: codeboek")


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "enquête-export" in out and "quarantaine" in out and "codeboek" in out


def test_demo_json_counts_per_spt_in_register_order(capsys):
    from evaluation.inputs.codebook import load_codebook
    from evaluation.inputs.register import load_register, register_path

    assert main(["validate", str(DEMO), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = load_register(register_path(load_codebook())).names
    assert list(data["per_spt"]) == names
    assert sum(data["per_spt"].values()) == data["valid"] == 47


def test_json_output_never_carries_a_raw_control_character(tmp_path, capsys):
    bad = tmp_path / "c1.csv"
    bad.write_text("respondent_id;spt;werking_goed\n1;Twen\x9bte\x1b[2J;4\n", encoding="utf-8")
    main(["validate", str(bad), "--json"])
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\x1b" not in out
    assert "Twen" in json.dumps(json.loads(out), ensure_ascii=False)


def test_a_windows_1252_file_is_read_and_said_so(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(DEMO.read_text(encoding="utf-8").encode("cp1252"))
    assert main(["validate", str(path)]) == 0
    assert "Gelezen als Windows-1252 (geen UTF-8)" in capsys.readouterr().out
    assert main(["validate", str(DEMO)]) == 0
    assert "Windows-1252" not in capsys.readouterr().out
