"""The one reader of a user's table: stray quotes, long cells, formula cells and title rows are
row faults or one Dutch line, at any file size, and every row of the file is counted."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.reasons import Code
from evaluation.intake.validate import read_survey
from evaluation.tables.quotes import stray_quotes
from evaluation.tables.raw import OPEN_QUOTE, STRAY_QUOTE

DEMO = Path(__file__).resolve().parent.parent / "surveys" / "spt2015" / "demo_responses.csv"


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def reg(cb):
    return load_register(register_path(cb))


def demo_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(DEMO.read_text(encoding="utf-8")), delimiter=";"))
    return rows[0], rows[1:]


def export(n_rows: int, sep: str = ";", edit=None) -> bytes:
    """The demo export repeated to `n_rows` rows with unique ids; `edit(i, row)` changes rows."""
    header, body = demo_rows()
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    lines = [buf.getvalue()]
    for i in range(n_rows):
        buf.seek(0)
        buf.truncate()
        row = list(body[i % len(body)])
        row[0] = f"R{i + 1:07d}"
        writer.writerow(row)
        line = buf.getvalue()
        lines.append(edit(i + 1, line) if edit else line)
    return "".join(lines).encode("utf-8")


def stray_in_remark(line: str, text: str) -> str:
    """The row's last cell (the remark) replaced by `text`, written without quotes."""
    cells = line.rstrip("\n").split(";")
    return ";".join([*cells[:-1], text]) + "\n"


def reconciles(r) -> bool:
    return r.rows_read == r.valid + r.quarantined + r.excluded


def faults(r) -> list[tuple[int, Code]]:
    """The quarantined rows' faults that concern the whole row, in order."""
    return [(p.row, p.code) for p in r.problems if p.level == "row" and p.column == ""]


# ---------------------------------------------------------------------------------------------
# Stray quotes: one row fault, the rows after it read as rows


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ('Goed"e samenwerking', Code.STRAY_QUOTE),  # in the middle of a bare cell
        ('"Goede samenwerking', Code.OPEN_QUOTE),  # opens a cell, never closed
        ('Goede samenwerking"', Code.STRAY_QUOTE),  # at the end of a bare cell
    ],
)
def test_a_stray_quote_is_one_row_fault_with_its_row(tmp_path, cb, reg, cell, code):
    data = export(300, edit=lambda i, line: stray_in_remark(line, cell) if i == 120 else line)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.quarantined) == (300, 1) and reconciles(r)
    assert faults(r) == [(120, code)]
    assert r.quarantine.set_index("row").loc[120, "Respondentnummer"] == "R0000120"


def test_a_stray_opening_quote_among_quoted_cells_takes_only_its_own_row(tmp_path, cb, reg):
    """Comma-separated: many cells are quoted; the stray quote must not shift which quotes
    open and close cells in the rest of the file."""

    def edit(i, line):
        if i != 77:
            return line
        return line[: line.rstrip("\n").rfind(",") + 1] + '"Goede samenwerking\n'

    header, _ = demo_rows()
    data = export(200, sep=",", edit=edit)
    assert data.count(b'"Overig (o.a. vakbonden, zelfstandigen)"') > 10
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.quarantined) == (200, 1) and reconciles(r)
    assert [row for row, _ in faults(r)] == [77]


def test_quotes_written_by_the_rules_are_no_fault():
    data = b'a;b;c\n1;"x ""y"" z";"regel\nregel"\n2;"";""""\n3;"a;b";\r\n'
    assert stray_quotes(data, ";") == []


def test_the_scan_names_the_line_and_the_record():
    data = b'a;b\n"1\n2";x\n\n3;"open\n4;y\n5;z"z\n'
    spans = stray_quotes(data, ";")
    assert [(s.number, s.line, s.code) for s in spans] == [(3, 5, OPEN_QUOTE), (5, 7, STRAY_QUOTE)]


def test_a_large_export_with_one_stray_quote_reads_with_one_row_fault(tmp_path, cb, reg):
    """Issue 21: the same quote in a large file is one row fault, not a refused file."""
    n = 8000  # about 2.5 MB; the 35 MB case below runs with --run-slow
    data = export(n, edit=lambda i, line: stray_in_remark(line, 'Goed"e') if i == n - 3 else line)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.valid, r.quarantined) == (n, n - 1, 1)
    assert faults(r) == [(n - 3, Code.STRAY_QUOTE)]


@pytest.mark.slow  # 3 to 7 s; the 2.5 MB case above always runs
def test_a_35_mb_export_with_one_stray_quote_reads_with_one_row_fault(tmp_path, cb, reg):
    n = 115_000
    data = export(n, edit=lambda i, line: stray_in_remark(line, '"Goed') if i == 54_321 else line)
    assert len(data) > 35_000_000
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    start = time.perf_counter()
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.valid, r.quarantined) == (n, n - 1, 1)
    assert faults(r) == [(54_321, Code.OPEN_QUOTE)]
    assert time.perf_counter() - start < 60


# ---------------------------------------------------------------------------------------------
# Long cells: a row fault naming the cell


def test_a_10_mib_cell_is_one_row_fault_naming_its_column(tmp_path, cb, reg):
    long = "x" * (10 << 20)
    data = export(50, edit=lambda i, line: stray_in_remark(line, long) if i == 20 else line)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.quarantined) == (50, 1) and reconciles(r)
    assert faults(r) == [(20, Code.CELL_TOO_LONG)]
    problem = next(p for p in r.problems if p.code is Code.CELL_TOO_LONG)
    assert problem.params == {
        "column": "Opmerking of toelichting",
        "length": 10 << 20,
        "max": 32767,
    }


def test_the_cell_limit_is_a_setting(tmp_path, cb, reg, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_LIMIT_CELL_CHARS", "100")  # the demo's longest cell: 68
    path = tmp_path / "export.csv"
    path.write_bytes(
        export(5, edit=lambda i, line: stray_in_remark(line, "y" * 101) if i == 2 else line)
    )
    r = read_survey(path, cb, reg)
    assert faults(r) == [(2, Code.CELL_TOO_LONG)] and reconciles(r)


# ---------------------------------------------------------------------------------------------
# Workbooks: formula cells without a saved result, title rows


def workbook(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_xlsx_row_of_formulas_without_results_is_counted_and_reported(tmp_path, cb, reg):
    header, body = demo_rows()
    rows = [header, *body[:10]]
    rows[4] = [f"=A{k}" for k in range(1, len(header) + 1)]  # openpyxl saves no results
    path = tmp_path / "export.xlsx"
    path.write_bytes(workbook(rows))
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.quarantined) == (10, 1) and reconciles(r)
    assert faults(r)[0] == (4, Code.FORMULA_WITHOUT_VALUE)  # (and no answer: no valid answer)
    problem = next(p for p in r.problems if p.code is Code.FORMULA_WITHOUT_VALUE)
    assert problem.params == {"column": "Respondentnummer"}


def test_an_xlsx_with_title_rows_is_read_from_the_header_that_matches_the_codebook(
    tmp_path, cb, reg
):
    header, body = demo_rows()
    rows = [["Servicepunten Techniek: enquête 2015"], ["Export van 3 maart"], [], header, *body]
    path = tmp_path / "export.xlsx"
    path.write_bytes(workbook(rows))
    r = read_survey(path, cb, reg)
    assert (r.rows_read, r.valid) == (47, 47)


def test_an_xlsx_with_a_title_and_no_header_it_knows_asks_to_remove_the_title(tmp_path, cb, reg):
    rows = [["Enquête 2015"], ["nummer", "punt", "oordeel"], ["1", "Twente", "4"]]
    path = tmp_path / "export.xlsx"
    path.write_bytes(workbook(rows))
    with pytest.raises(InputError, match="verwijder de titelregels"):
        read_survey(path, cb, reg)


# ---------------------------------------------------------------------------------------------
# What is not a file, or not text


def test_a_fifo_is_refused_before_it_is_read(tmp_path, cb, reg):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="geen gewoon bestand"):
        read_survey(fifo, cb, reg)  # would block forever if it were opened


def test_bytes_that_are_no_known_encoding_are_refused_not_guessed(tmp_path, cb, reg):
    # Windows-1252 letters (no UTF-8 ones) and a byte that no Windows-1252 letter is either
    text = DEMO.read_text(encoding="utf-8").encode("cp1252")
    path = tmp_path / "export.csv"
    path.write_bytes(text.replace(b"Achterhoek", b"Achterh\x81oek", 1))
    with pytest.raises(InputError, match="onbekende tekencodering: byte \\d+"):
        read_survey(path, cb, reg)


def test_a_utf8_file_with_a_line_in_another_encoding_names_that_line(tmp_path, cb, reg):
    path = tmp_path / "export.csv"
    data = DEMO.read_bytes()
    assert not data.isascii()  # the demo holds UTF-8 letters
    path.write_bytes(data.replace(b"Achterhoek", b"Achterh\x81oek", 1))
    line = data[: data.index(b"Achterhoek")].count(b"\n") + 1
    wanted = f"mengt twee tekencoderingen: .* regel {line} is geen UTF-8"
    with pytest.raises(InputError, match=wanted):
        read_survey(path, cb, reg)
