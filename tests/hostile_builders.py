"""Builders of the hostile-input corpus (issue 16): the Case record, the demo export with
corpus respondent ids, and makers of broken files (zip bomb, deep YAML/JSON, PDFs carrying
attachments, manifests)."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "surveys" / "spt2015"
DEMO = SURVEY / "demo_responses.csv"
SEED = 16
ID_PREFIX = "RID7731-"  # respondent ids of the corpus: must never reach a public output
MARKUP = "[/bold][/][bold red]"
ANSI = "\x1b[31mROOD\x1b[0m\x1b]0;titel\x07"
FORMULAS = ('=HYPERLINK("http://x","klik")', "+x", "@x", "-x", "\r=1+1", "\t=2+2")


@dataclass
class Case:
    """One hostile input and the command that reads it."""

    name: str
    argv: list[str]
    files: dict[str, bytes | Callable[[], bytes]] = field(default_factory=dict)  # lazy if big
    codes: frozenset[int] = frozenset({2})
    rows: int | None = None  # data rows written: read = valid + quarantined must equal this
    links: dict[str, str] = field(default_factory=dict)  # symlink (in the folder) -> target
    slow: bool = False
    isolated: bool = False  # run in a subprocess with memory and time limits
    intake: str = ""  # reason when the fix belongs to the intake owner (expected to fail)
    sizes: dict[str, int] = field(default_factory=dict)  # files extended (sparse) to this size
    modes: dict[str, int] = field(default_factory=dict)  # chmod after laying out (read-only)
    then: list[str] = field(default_factory=list)  # a command run after (e.g. validate after map)
    xfail: str = ""  # the fix needed outside the corpus owner's files (expected to fail)


def demo_table() -> tuple[list[str], list[list[str]]]:
    """The demo export's header and rows, with corpus respondent ids."""
    rows = list(csv.reader(io.StringIO(DEMO.read_text(encoding="utf-8")), delimiter=";"))
    header, body = rows[0], rows[1:]
    for i, row in enumerate(body, start=1):
        row[0] = f"{ID_PREFIX}{i:04d}"
    return header, body


def to_csv(header: list[str], rows: list[list[str]], sep: str = ";") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _with(edit) -> tuple[bytes, int]:
    header, rows = demo_table()
    edit(header, rows)
    return to_csv(header, rows), len(rows)


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb(expanded_mb: int = 60) -> bytes:
    """A real .xlsx (the demo header) whose sheet XML is swapped for `expanded_mb` MB of rows."""
    header, _ = demo_table()
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx([header]))) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item, src.read(item.filename))
                continue
            with z.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0"?><worksheet {ns}><sheetData>'.encode())
                block = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>' * 20000
                for _ in range(expanded_mb * 1_000_000 // len(block)):
                    fh.write(block)
                fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def deep_yaml(depth: int = 5000) -> bytes:
    return ("a: " + "[" * depth + "]" * depth + "\n").encode()


def deep_json(depth: int = 100_000) -> bytes:
    return ('{"a": ' + "[" * depth + "]" * depth + "}").encode()


def attachment_pdf(files: dict[str, bytes]) -> bytes:
    """A one-page PDF carrying `files` as embedded files (as a report does)."""
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    for name, data in sorted(files.items()):
        w.add_attachment(name, data)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def manifest(**over: object) -> bytes:
    base = {
        "inputs": {"survey": {"name": "data.csv", "sha256": "0" * 64}},
        "outputs": {"results.json": {"sha256": "0" * 64}},
        "parameters": {"settings": {}},
    }
    base.update(over)
    return json.dumps(base).encode()


@functools.cache
def recorded_run(data: bytes) -> dict[str, bytes]:
    """manifest.json and results.json of a real run on `data` (computed once per process)."""
    import tempfile

    from evaluation.pipeline import load_inputs, record_run, run_survey

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        path.write_bytes(data)
        return record_run(run_survey(path, load_inputs()), None).files


def tampered_report(data: bytes, text: str) -> dict[str, bytes]:
    """A real run's attachments with every text leaf of the results' parameters set to `text`
    (the manifest's results hash updated, so only the figures differ)."""
    files = dict(recorded_run(data))
    results = json.loads(files["results.json"])
    for key, value in results["parameters"].items():
        if isinstance(value, str):
            results["parameters"][key] = text + value
    body = json.dumps(results, ensure_ascii=False).encode()
    meta = json.loads(files["manifest.json"])
    meta["outputs"]["results.json"]["sha256"] = hashlib.sha256(body).hexdigest()
    return {"results.json": body, "manifest.json": json.dumps(meta).encode()}
