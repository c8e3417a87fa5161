"""One publication decision: every public output shows the same SPT grades as results.json.

The case of issue 10: the demo export without Rijk van Nijmegen, Rijnmond, Zuid-Limburg and
Zuidoost-Brabant (40 rows). Achterhoek (n = 4) is withheld by the primary rule; Twente (n = 5)
must then be withheld too (secondary rule), or Achterhoek's grade follows from the national
grade by subtraction. Annual PDF, cards, tables.xlsx, results.json, the console summary and the
region report with --survey must all agree.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaluation.cli import main
from evaluation.dutch import SUPPRESSED, number
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.file_names import slug
from evaluation.report.jobs import CardJob, render_card
from evaluation.writers import document_time

DEMO = Path(__file__).resolve().parent.parent / "surveys" / "spt2015" / "demo_responses.csv"
DROPPED = {"Rijk van Nijmegen", "Rijnmond", "Zuid-Limburg", "Zuidoost-Brabant"}
GRADE = r"(x|\d,\d)"
CARDS = ("Achterhoek", "Twente", "IJsselvechtstreek")


def _text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return out.stdout.splitlines()


def _shown(value) -> str:
    return SUPPRESSED if value in (None, SUPPRESSED) else number(value)


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    base = tmp_path_factory.mktemp("forty")
    spt_of_row = run_survey(DEMO, load_inputs()).intake.responses.set_index("row")["spt"]
    with DEMO.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    kept = [rows[0]] + [r for i, r in enumerate(rows[1:], 1) if spt_of_row[i] not in DROPPED]
    path = base / "forty.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(kept)
    assert len(kept) - 1 == 40
    return {"file": path, "base": base}


@pytest.fixture(scope="module")
def outputs(forty):
    report, regions = forty["base"] / "report", forty["base"] / "regions"
    console = io.StringIO()
    with contextlib.redirect_stdout(console):
        assert main(["report", str(forty["file"]), "--out", str(report)]) == 0
    assert main(["regions", "--survey", str(forty["file"]), "--out", str(regions)]) == 0
    # cards of a primary-withheld, a secondary-withheld and a published SPT, as --per-spt
    # renders them (all of them would only repeat the same check)
    published = run_survey(forty["file"], load_inputs()).published
    files = {n: (report / n).read_bytes() for n in ("results.json", "manifest.json")}
    audit = {"date": document_time(), "input_name": forty["file"].name, "results_hash": "0" * 12}
    for name in CARDS:
        render_card(CardJob(published, name, audit, report / f"spt-{slug(name)}-2015.pdf", files))
    return {"report": report, "regions": regions, "console": console.getvalue()}


@pytest.fixture(scope="module")
def published(outputs):
    """SPT -> grade as results.json publishes it ('x' when withheld), for SPTs with respondents."""
    res = json.loads((outputs["report"] / "results.json").read_text(encoding="utf-8"))
    by_spt = res["satisfaction"]["by_spt"]
    assert by_spt["Achterhoek"]["estimate"] is None and by_spt["Twente"]["estimate"] is None
    return {k: _shown(v["estimate"]) for k, v in by_spt.items()}


def test_console_summary(outputs, published):
    found = dict(re.findall(rf"^  (\S.*?)\s+{GRADE}\b.*\(n = \d+\)$", outputs["console"], re.M))
    assert found == published


def test_annual_report_grade_tables(outputs, published):
    lines = _text(outputs["report"] / "spt-monitor-2015.pdf")
    for name, grade in published.items():
        shown = {
            m.group(1)
            for line in lines
            if (m := re.match(rf"^\s*(?:\d+\s+)?{re.escape(name)}\s+\d+\s+{GRADE}(?:\s|$)", line))
        }
        assert shown == {grade}, name  # the table and the chart's data table


def test_cards(outputs, published):
    for name in CARDS:
        grade = published[name]
        lines = [x for x in _text(outputs["report"] / f"spt-{slug(name)}-2015.pdf") if x.strip()]
        # the card's first key figure: 'tevredenheidsscore <name> (1-5)', wrapped in its box
        i = next(i for i, x in enumerate(lines) if x.strip().startswith("tevredenheidsscore"))
        assert name.split()[0] in lines[i] + lines[i + 1], name
        assert lines[i - 1].split()[0] == grade, name


def test_tables_workbook(outputs, published):
    ws = load_workbook(outputs["report"] / "tables.xlsx")["Tevredenheid"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] in published}
    assert {k: _shown(v) for k, v in rows.items()} == published


def test_region_outputs(outputs, published):
    data = json.loads((outputs["regions"] / "regions.json").read_text(encoding="utf-8"))
    spts = data["enquete"]["spts"]
    assert {k: spts[k]["cijfer_tekst"] for k in published} == published
    assert all(spts[k]["cijfer"] is None for k, g in published.items() if g == SUPPRESSED)
    ws = load_workbook(outputs["regions"] / "regions.xlsx")["Enquête"]
    rows = {r[0]: r[2] for r in ws.iter_rows(values_only=True) if r[0] in published}
    assert {k: _shown(v) for k, v in rows.items()} == published
    lines = _text(outputs["regions"] / "regions.pdf")
    start = next(i for i, x in enumerate(lines) if "Tevredenheid per SPT (enquête" in x)
    table = lines[start : start + 40]
    for name, grade in published.items():
        row = next(x for x in table if x.strip().startswith(name))
        assert re.search(rf"\s\d+\s+{GRADE}(\s|$)", row).group(1) == grade, name
