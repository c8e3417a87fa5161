"""The building blocks behind issue 16, one by one: visible text, Dutch OS reasons, safe output
files, limits, YAML and JSON guards, workbook cells, the quarantine CSV and card file names."""

from __future__ import annotations

import csv
import errno
import io
import os
import sqlite3
import zipfile

import pandas as pd
import pytest

from evaluation import safe_files
from evaluation.errors import ErrorCode, InputError, check_year, console_text, os_reason, visible
from evaluation.inputs.yamlfile import read_yaml
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.result import REASONS, ROW
from evaluation.limits import MB, check_file, check_xlsx, depth_of, limits, load_json
from evaluation.privacy import sheet_cell
from evaluation.report.file_names import slug
from evaluation.spt_results.read import decimal_amount, whole_count
from evaluation.spt_results.table import read_cells
from evaluation.store.db import sqlite_reason, store_errors


def test_visible_writes_out_control_characters_and_console_text_escapes_markup():
    assert visible("a\x1b[31mb\x00\u202e") == "a\\x1b[31mb\\x00\\u202e"
    assert console_text("[/bold]x") == "\\[/bold]x"
    shown = InputError(ErrorCode.YEAR_NOT_STORED, year="naam\x1b]0;titel\x07", stored="2015")
    assert str(shown).startswith("jaar naam\\x1b]0;titel\\x07 staat")


@pytest.mark.parametrize(
    "code, reason",
    [(errno.ENOENT, "bestaat niet"), (errno.ENOSPC, "schijf vol"), (errno.EACCES, "rechten")],
)
def test_os_errors_are_dutch(code, reason):
    assert reason in os_reason(OSError(code, "English text"))
    assert "English" not in os_reason(OSError(code, "English text"))


def test_safe_write_refuses_a_planted_symlink_and_leaves_its_target(tmp_path):
    target = tmp_path / "elders.txt"
    target.write_text("ongewijzigd")
    (tmp_path / "out.csv").symlink_to(target)
    with pytest.raises(InputError, match="symbolische koppeling"):
        safe_files.write_bytes(tmp_path / "out.csv", b"x")
    assert target.read_text() == "ongewijzigd"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elders.txt", "out.csv"]


def test_safe_write_replaces_a_file_and_leaves_no_temporary_on_failure(tmp_path):
    out = tmp_path / "a.json"
    out.write_text("oud")
    safe_files.write_text(out, "nieuw")
    assert out.read_text() == "nieuw"
    with pytest.raises(RuntimeError), safe_files.open_new(out, "w") as fh:
        fh.write("half")
        raise RuntimeError("stop")
    assert out.read_text() == "nieuw" and [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_contained_refuses_absolute_and_climbing_names(tmp_path):
    assert safe_files.contained(tmp_path, "r.yaml", "register") == tmp_path.resolve() / "r.yaml"
    for name in ("/etc/passwd", "../../etc/hostname"):
        with pytest.raises(InputError):
            safe_files.contained(tmp_path, name, "register")


def test_check_file_refuses_devices_and_oversized_files(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="geen gewoon bestand"):
        check_file("/dev/zero", "enquêtebestand")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x")
    os.truncate(big, 3 * MB)
    monkeypatch.setenv("SPT_EVAL_LIMIT_INPUT_MB", "2")
    with pytest.raises(InputError, match="te groot"):
        check_file(big, "enquêtebestand")
    monkeypatch.setenv("SPT_EVAL_LIMIT_INPUT_MB", "nul")
    with pytest.raises(InputError, match="SPT_EVAL_LIMIT_INPUT_MB"):
        limits()


def _zip(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * size)
    return buf.getvalue()


def test_check_xlsx_refuses_an_expanding_part():
    check_xlsx(_zip(MB), "klein.xlsx")
    with pytest.raises(InputError, match="zip-bom"):
        check_xlsx(_zip(12 * MB), "bom.xlsx")
    with pytest.raises(InputError, match="beschadigd"):
        check_xlsx(b"PK\x03\x04" + bytes(50), "kapot.xlsx")


def test_deep_yaml_and_alias_bombs_are_refused_before_they_are_built(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000)
    with pytest.raises(InputError, match="te diep genest"):
        read_yaml(deep, "codeboek", "een vragenlijst")
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 40)]
    bomb.write_text("\n".join(lines))
    with pytest.raises(InputError, match="alias-bom"):
        read_yaml(bomb, "codeboek", "een vragenlijst")


def test_yaml_errors_are_dutch_and_never_quote_the_file(tmp_path):
    secret = tmp_path / "geheim.yaml"
    secret.write_text("root: x: 0: geheimewaarde\n")
    with pytest.raises(InputError) as caught:
        read_yaml(secret, "register", "een lijst")
    assert "geheimewaarde" not in str(caught.value) and "regel 1" in str(caught.value)
    tagged = tmp_path / "tag.yaml"
    tagged.write_text("a: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(InputError, match="niet is toegestaan"):
        read_yaml(tagged, "codeboek", "een vragenlijst")


def test_json_guards():
    assert depth_of({"a": [1, {"b": []}]}) == 4 and depth_of(7) == 0
    with pytest.raises(InputError, match="te diep genest"):
        load_json(b"[" * 100_000 + b"]" * 100_000, "results.json")
    with pytest.raises(InputError, match="te diep genest"):
        load_json(b"[" * 200 + b"]" * 200, "results.json")
    with pytest.raises(InputError, match="regel 1, kolom 2"):
        load_json(b"{x", "manifest.json")
    with pytest.raises(InputError, match="geen UTF-8"):
        load_json(b"\xff\xfe", "manifest.json")


def test_sheet_cells_hold_no_forbidden_characters_and_no_formulas(caplog):
    assert sheet_cell("a\x00b\x1b\ufffe") == "a\\u0000b\\u001b\\ufffe"
    assert "XLSX" in caplog.text
    for text in ("=HYPERLINK(1)", "+x", "@x", "-x", "\r=1+1"):
        assert sheet_cell(text).startswith("'")
    assert sheet_cell(3.5) == 3.5


def test_quarantine_csv_header_neutralised_and_line_breaks_quoted(tmp_path):
    class Result:
        unknown_columns: list[str] = []
        quarantine = pd.DataFrame(
            {ROW: [1, 2], REASONS: ["r", "r"], "=HYPERLINK(1)": ["a\r=1+1", "b\nc"], "@x": ["", ""]}
        )

    out = tmp_path / "q.csv"
    write_quarantine(Result(), out)
    text = out.read_bytes().decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert records[0] == ["rij", "redenen", "'=HYPERLINK(1)", "'@x"]
    assert len(records) == 3 and records[1][2] == "a\r=1+1"


def test_card_names_never_collide():
    names = ["Noord-Holland", "Noord Holland!", "Twente", "x" * 300]
    parts = [slug(n, names) for n in names]
    assert len(set(parts)) == len(parts)
    assert slug("Twente", names) == "twente" and slug("Rijk van Nijmegen") == "rijk-van-nijmegen"
    assert all(len(p) <= 70 for p in parts)


@pytest.mark.parametrize(
    "error, reason",
    [
        (sqlite3.DatabaseError("file is not a database"), "geen SQLite-bestand"),
        (sqlite3.DatabaseError("database disk image is malformed"), "beschadigd"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "alleen-lezen"),
        (sqlite3.OperationalError("unable to open database file"), "kan niet worden geopend"),
        (sqlite3.OperationalError("database is locked"), "ander proces"),
        (sqlite3.OperationalError("no such table: wave"), "mist tabellen"),
        (sqlite3.IntegrityError("CHECK constraint failed"), "past niet bij het schema"),
    ],
)
def test_sqlite_errors_are_dutch(error, reason):
    codes = {"file is": 26, "database disk": 11, "attempt": 8, "unable": 14, "database is": 5}
    code = next((c for k, c in codes.items() if str(error).startswith(k)), None)
    if code is not None:
        error.sqlite_errorcode = code
    assert reason in sqlite_reason(error)
    with pytest.raises(InputError) as caught, store_errors("s.sqlite"):
        raise error
    assert str(caught.value).startswith("de opslag 's.sqlite' ") and str(error) not in str(
        caught.value
    )


def test_years_outside_the_plausible_range_are_refused():
    assert check_year(2015) == 2015
    for year in (-5, 0, 1899, 3000, 10**20):
        with pytest.raises(InputError, match="geen geldig jaartal"):
            check_year(year)


def test_results_numbers_refuse_nan_infinity_and_huge_values():
    assert whole_count("12,0") == 12 and whole_count("1.250") == 1250 and whole_count("") is None
    assert decimal_amount("€ 1.250,50") == 1250.5
    for text in ("nan", "inf", "-Infinity", "1e400", "9" * 5000):
        assert isinstance(decimal_amount(text), str) and isinstance(whole_count(text), str), text


def test_results_file_unterminated_quote_is_one_row_of_its_own(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('jaar;spt\n2015;Twente\n2015;"Achter\n\n2015;Rijnmond\n', encoding="utf-8")
    cells = read_cells(path)
    assert [r[1] for r in cells.rows] == ["Twente", "Achter", "Rijnmond"]
    assert list(cells.faults) == [1] and cells.faults[1].startswith(
        'regel 3 van het bestand opent een aanhalingsteken (") dat nergens wordt gesloten'
    )


def test_stored_file_names_never_leave_the_temporary_folder(tmp_path, monkeypatch):
    from hostile_store import tampered_store

    from evaluation.store.db import connect
    from evaluation.store.waves import stored_inputs

    monkeypatch.setenv("SPT_EVAL_KEY", "corpus-key-0123456789")
    escape = tmp_path / "buiten" / "codebook.yaml"
    escape.parent.mkdir()
    store = tmp_path / "s.sqlite"
    store.write_bytes(tampered_store(f"UPDATE wave SET codebook_name = '{escape}'"))
    inputs = stored_inputs(connect(store, create=False), 2015)
    assert inputs.codebook.version == "2015.1" and not escape.exists()


def test_every_broken_limit_setting_is_named(monkeypatch):
    monkeypatch.setenv("SPT_EVAL_LIMIT_ROWS", "0")
    monkeypatch.setenv("SPT_EVAL_LIMIT_INPUT_MB", "veel")
    with pytest.raises(InputError) as caught:
        limits()
    assert str(caught.value) == (
        "omgevingsvariabele SPT_EVAL_LIMIT_INPUT_MB, SPT_EVAL_LIMIT_ROWS: geen geldige grens "
        "(een positief geheel getal)"
    )


def test_a_device_is_not_hashed_for_ever():
    from evaluation.manifest import sha256_file

    with pytest.raises(InputError, match="geen gewoon bestand"):
        sha256_file("/dev/zero")


def test_a_yaml_file_over_its_limit_names_the_yaml_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_LIMIT_YAML_KB", "1")
    big = tmp_path / "settings.yaml"
    big.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(big, "instellingen", "de instellingen")
    assert str(caught.value) == (
        f"instellingen '{big}' is te groot: 2 kB, de grens is 1 kB "
        "(aan te passen met SPT_EVAL_LIMIT_YAML_KB)"
    )
