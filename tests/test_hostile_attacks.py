"""Attacks from outside on every input (issue 21's standards): each hostile file stops with
one Dutch line (an InputError with its code), at once and within memory; built small."""

from __future__ import annotations

import asyncio
import io
import json
import struct
import zipfile

import pytest
from pypdf import PdfWriter

from evaluation.audit.attachments import read_attachments
from evaluation.cli import main
from evaluation.definitions.read import read_definition
from evaluation.definitions.xmlsafe import parse_xml
from evaluation.errors import ErrorCode, InputError
from evaluation.exchange.receive import results_table
from evaluation.inputs.yamlfile import parse_yaml
from evaluation.limits import MB, check_xlsx
from evaluation.store.db import connect
from evaluation.store.waves import stored_intake
from evaluation.tables.csvfile import read_csv
from evaluation.tables.read import Expect, read_table
from evaluation.tables.sav import read_sav
from evaluation.tables.text import decode
from evaluation.web.guard import Guard


def _package(tmp_path, text: str):
    (tmp_path / "datapackage.json").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_package_naming_its_table_with_a_nul_is_one_dutch_line(tmp_path):
    resources = [{"name": "spt_results", "path": "a\u0000b.csv"}]
    folder = _package(tmp_path, json.dumps({"resources": resources}))
    with pytest.raises(InputError) as caught:
        results_table(folder, 2015)
    assert caught.value.code == ErrorCode.NAME_HAS_NUL
    assert "nul-teken" in str(caught.value) and "\x00" not in str(caught.value)


def test_a_package_naming_resources_twice_is_refused_not_read_as_the_last(tmp_path):
    (tmp_path / "t.csv").write_text("jaar;spt\n", encoding="utf-8")
    table = '{"name": "spt_results", "path": "t.csv"}'
    folder = _package(tmp_path, '{"resources": [], "resources": [' + table + "]}")
    with pytest.raises(InputError) as caught:
        results_table(folder, 2015)
    assert caught.value.code == ErrorCode.JSON_DUPLICATE_KEY


def _guarded(headers: list[tuple[bytes, bytes]], query: bytes = b"") -> int:
    """The status the web page's guard answers a POST with these raw headers."""
    answered: list[int] = []

    def refuse(status: int, text: str):
        async def respond(scope, receive, send):
            answered.append(status)

        return respond

    async def app(scope, receive, send):
        answered.append(200)

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        return None

    guard = Guard(app, port=8765, token="sleutel", max_bytes=10, refuse=refuse)
    host = [(b"host", b"127.0.0.1:8765"), (b"origin", b"http://127.0.0.1:8765")]
    scope = {"type": "http", "method": "POST", "headers": host + headers, "query_string": query}
    asyncio.run(guard(scope, receive, send))
    return answered[0]


@pytest.mark.parametrize(
    "headers, query",
    [([(b"x-spt-token", b"\xe9\xe9")], b""), ([], b"token=%C3%A9"), ([], b"token=%FF")],
)
def test_a_token_with_a_non_ascii_character_is_refused_not_a_server_error(headers, query):
    assert _guarded(headers, query) == 403


def test_a_content_length_of_unicode_digits_is_not_a_server_error():
    token = [(b"x-spt-token", b"sleutel")]
    assert _guarded([*token, (b"content-length", b"\xb2")]) == 200
    assert _guarded([*token, (b"content-length", b"11")]) == 413


def test_a_qsf_naming_a_key_twice_is_refused_not_read_as_the_last(tmp_path):
    qsf = tmp_path / "v.qsf"
    qsf.write_bytes(b'{"SurveyEntry": {}, "SurveyElements": [], "SurveyElements": []}')
    with pytest.raises(InputError) as caught:
        read_definition(qsf)
    assert caught.value.code == ErrorCode.JSON_DUPLICATE_KEY


def test_a_utf8_file_with_a_stray_windows_1252_line_is_refused_not_read_as_mojibake():
    mixed = "spt;opmerking\nHaaglanden;één keer\n".encode() + "Twente;café\n".encode("cp1252")
    with pytest.raises(InputError) as caught:
        decode(mixed, "export.csv")
    assert caught.value.code == ErrorCode.MIXED_ENCODING and caught.value.params["line"] == 3
    assert "regel 3" in str(caught.value)
    whole = "spt;opmerking\nHaaglanden;één keer – ‘zo’\nTwente;café €5\n".encode("cp1252")
    assert decode(whole, "export.csv") == (whole.decode("cp1252").encode(), "windows-1252")


@pytest.mark.parametrize("value", ["2015-13-45", "9" * 5000])
def test_a_yaml_value_that_cannot_exist_is_one_dutch_line_not_a_value_error(value):
    with pytest.raises(InputError) as caught:
        parse_yaml(f"jaar: {value}\n", "instellingen.yaml", "instellingen", "instellingen")
    assert caught.value.code == ErrorCode.YAML_INVALID
    assert "niet kan bestaan" in str(caught.value) and "9999" not in str(caught.value)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_an_entity_declaration_in_utf16_is_refused_as_a_declaration(codec):
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><document>&x;</document>'
    )
    with pytest.raises(InputError) as caught:
        parse_xml(xml.encode(codec), "LimeSurvey-bestand 'v.lss'")
    assert caught.value.code == ErrorCode.XML_DECLARATION


def test_a_command_that_only_reads_the_store_never_writes_into_an_empty_file(tmp_path):
    empty = tmp_path / "antwoorden.csv"
    empty.write_bytes(b"")
    con = connect(empty, create=False)
    assert con.execute("SELECT count(*) FROM wave").fetchone() == (0,)
    con.close()
    assert empty.stat().st_size == 0 and sorted(tmp_path.iterdir()) == [empty]


def test_a_pdf_whose_attachments_together_pass_the_limit_is_refused(tmp_path, monkeypatch):
    """Each attachment is unpacked and measured in turn: many packed ones (a bomb of a
    small PDF) stop at the limit instead of all being unpacked first; the same file read
    before under a higher limit is not taken from memory."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for name in ("a.json", "b.json", "c.json"):
        writer.add_attachment(name, b"0" * 400_000)
    pdf = tmp_path / "rapport.pdf"
    with pdf.open("wb") as fh:
        writer.write(fh)
    monkeypatch.setenv("SPT_EVAL_LIMIT_ATTACHMENT_MB", "2")
    assert sorted(read_attachments(pdf)) == ["a.json", "b.json", "c.json"]  # now remembered
    monkeypatch.setenv("SPT_EVAL_LIMIT_ATTACHMENT_MB", "1")  # ... but never past a lower limit
    with pytest.raises(InputError) as caught:
        read_attachments(pdf)
    assert caught.value.code == ErrorCode.ATTACHMENT_TOO_BIG
    assert caught.value.params["name"] == "c.json"


def _workbook_with_strings(n: int) -> bytes:
    """A zip whose shared-strings part holds `n` strings: the first across the 1 MB chunk the
    count reads, the last with a namespace prefix (counted at both ends: n + 1 in all)."""
    strings = b"<si><t>b</t></si>" * (n - 1) + b'<x:si x:a="1"><x:t>a</x:t></x:si>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (MB - 7) + strings + b"</sst>")
    return buf.getvalue()


def test_an_xlsx_of_too_many_shared_strings_is_refused_before_it_is_read(monkeypatch):
    """Every shared string stays in memory while a workbook is read: 20 million short ones in
    a 115 MB file (within the size and expansion limits) took 3.5 GB and five minutes."""
    monkeypatch.setenv("SPT_EVAL_LIMIT_XLSX_STRINGS", "12")
    check_xlsx(_workbook_with_strings(11), "Excel-bestand 'a.xlsx'")  # 12: at the limit
    with pytest.raises(InputError) as caught:
        check_xlsx(_workbook_with_strings(12), "Excel-bestand 'a.xlsx'")
    assert caught.value.code == ErrorCode.XLSX_TOO_MANY_STRINGS
    assert "SPT_EVAL_LIMIT_XLSX_STRINGS" in str(caught.value)


@pytest.mark.parametrize("results", [[], ["--results"]])
def test_removing_a_year_the_store_lacks_says_only_the_error(tmp_path, capsys, results):
    store = tmp_path / "s.sqlite"
    store.write_bytes(b"")
    assert main(["store", "remove", "--year", "2015", *results, "--store", str(store)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("fout: jaar 2015 staat niet")


def _zsav(tmp_path, rows: int, count: int | None = None):
    """A zlib-compressed .sav of `rows` cases; `count` overwrites its header's case count."""
    import numpy as np
    import pandas as pd
    import pyreadstat

    path = tmp_path / "export.zsav"
    frame = pd.DataFrame({"Respondentnummer": np.arange(rows, dtype=float), "v": np.ones(rows)})
    pyreadstat.write_sav(frame, str(path), compress=True)
    if count is not None:
        data = bytearray(path.read_bytes())
        struct.pack_into("<i", data, 80, count)  # the header's number of cases
        path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("count, said", [(None, "heeft 300 rijen"), (-1, "meer dan 100 rijen")])
def test_a_compressed_sav_beyond_the_row_limit_is_refused_before_its_cases_are_read(
    tmp_path, monkeypatch, count, said
):
    """A zsav packs cases tightly (5.6 MB grew to 2.9 GB before the row limit refused it); the
    header's count is checked first, and a header that says nothing (-1) is read no further
    than the limit."""
    monkeypatch.setenv("SPT_EVAL_LIMIT_ROWS", "100")
    path = _zsav(tmp_path, 300, count)
    with pytest.raises(InputError) as caught:
        read_sav(path, path.read_bytes())
    assert caught.value.code == ErrorCode.TOO_MANY_ROWS and said in str(caught.value)


def test_a_compressed_sav_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_LIMIT_XLSX_EXPANDED_MB", "1")  # 65,536 cases of 16 bytes
    path = _zsav(tmp_path, 70_000, -1)
    with pytest.raises(InputError) as caught:
        read_sav(path, path.read_bytes())
    assert caught.value.code == ErrorCode.XLSX_EXPANDS
    assert "meer dan 1 MB" in str(caught.value)
    assert len(read_sav(_zsav(tmp_path, 60_000), b"").columns) == 2


@pytest.mark.parametrize("line", ["x", "   "])
def test_a_csv_of_more_odd_rows_than_the_row_limit_stops_at_the_limit(monkeypatch, line):
    """Each row with another cell count is kept aside in Python: 1.2 million one-cell rows (a
    2.4 MB file) took 27 s and 1.3 GB; the reader now stops at the row limit."""
    monkeypatch.setenv("SPT_EVAL_LIMIT_ROWS", "50")
    data = ("a;b;c\n" + "1;2;3\n" * 10 + (line + "\n") * 60).encode()
    with pytest.raises(InputError) as caught:
        read_csv(data, "export.csv", lambda header: len(header))
    assert caught.value.code == ErrorCode.TOO_MANY_ROWS
    assert "meer dan 50 rijen" in str(caught.value)
    assert read_csv(("a;b;c\n" + "x\n" * 50).encode(), "e.csv", len).rows == 50


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return buf.getvalue()


def test_an_xlsx_part_read_whole_beyond_its_limit_is_refused_but_a_big_sheet_is_not(monkeypatch):
    """The reader streams the sheets but builds every style as an object: a 6.9 MB file with
    256 MB of styles (within the expansion and ratio limits) took 125 s and 6.3 GB."""
    monkeypatch.setenv("SPT_EVAL_LIMIT_XLSX_PART_MB", "1")
    big = b"<x>" + b" " * (2 * MB) + b"</x>"
    check_xlsx(_zip({"xl/worksheets/sheet1.xml": big}), "Excel-bestand 'a.xlsx'")
    with pytest.raises(InputError) as caught:
        check_xlsx(_zip({"xl/styles.xml": big}), "Excel-bestand 'a.xlsx'")
    assert caught.value.code == ErrorCode.XLSX_PART_TOO_BIG
    assert caught.value.params["part"] == "xl/styles.xml"
    assert "SPT_EVAL_LIMIT_XLSX_PART_MB" in str(caught.value)


def test_a_workbook_of_many_sheets_without_the_header_names_ten_and_counts_the_rest(tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for i in range(15):
        book.create_sheet(f"blad{i}").append(["x"])
    path = tmp_path / "regio.xlsx"
    book.save(path)

    def no_header(sheets, first):
        return InputError(ErrorCode.REGIONS_NO_SHEET, file="regio.xlsx", sheets=", ".join(sheets))

    expect = Expect("regiobestand", len, lambda cells: False, no_header)
    with pytest.raises(InputError) as caught:
        read_table(path, expect)
    assert "blad9, en nog 5 andere)" in str(caught.value) and "blad10" not in str(caught.value)


def test_a_store_whose_absent_questions_were_edited_by_hand_is_damaged(tmp_path):
    """An object where the list of absent questions stood changed the report from the store
    (130 figures withheld instead of 110) without a word."""
    from hostile_store import tampered_store

    path = tmp_path / "s.sqlite"
    path.write_bytes(tampered_store("""UPDATE wave SET absent_json = '{"a": 1}'"""))
    con = connect(path, create=False)
    with pytest.raises(InputError) as caught:
        stored_intake(con, 2015)
    assert caught.value.code == ErrorCode.STORE_DAMAGED


def test_matching_many_long_distinct_texts_keeps_no_copy_of_them():
    """Headings and labels are folded once and remembered; a file of many long distinct cells
    (remarks) must not fill the memory through that: only short texts are remembered."""
    import tracemalloc

    from evaluation.intake.columns import match_key

    tracemalloc.start()
    try:
        for i in range(2000):
            match_key(f"{i} " + "opmerking " * 2000)  # 20 kB each, 40 MB in all
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 5_000_000
