"""One road for every run: a report from the store equals the report from the file.

For each export (the demo with remarks and tick-box questions, a trait the settings allow to be
missing, a Qualtrics export with one joined column per tick-box question, a LimeSurvey export
with excluded rows, another year's data) the store's rebuilt run publishes the same figures and
gives the annual report the same context as the run from the file.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evaluation.pipeline import Run, load_inputs, run_survey
from evaluation.report.annual import annual_context
from evaluation.report.appendix import quarantine_summary, remarks_for
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run
from evaluation.store.waves import add_wave

sys.path.insert(0, str(Path(__file__).parent))
from build_exports import limesurvey_csv, qualtrics_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SPT2015 = ROOT / "surveys" / "spt2015"
KEY = b"test-key-" * 4
AUDIT = {"date": date(2015, 11, 22), "input_name": "x", "results_hash": "h", "manifest_hash": "m"}


def _survey_folder(tmp: Path, also_missing: str = "") -> Path:
    """The demo's survey folder; `also_missing`: a question id the settings also allow to be
    missing (besides the success factors and bottlenecks, asked from 2016)."""
    folder = tmp / "survey"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(SPT2015 / name, folder / name)
    settings = folder / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "may_be_missing: [succesfactoren, knelpunten]" in text
    if also_missing:
        text = text.replace("knelpunten]", f"knelpunten, {also_missing}]", 1)
    settings.write_text(text)
    return folder


def _without_trait(tmp: Path) -> tuple[Path, Path]:
    """The demo export without the column 'uitvoeringscommissies', which settings allow."""
    folder = _survey_folder(tmp, "uitvoeringscommissies")
    frame = pd.read_csv(
        SPT2015 / "demo_responses.csv", sep=";", dtype=str, keep_default_na=False
    ).drop(columns=["uitvoeringscommissies"])
    export = folder / "export.csv"
    frame.to_csv(export, sep=";", index=False)
    return export, folder / "codebook.yaml"


def _export(kind: str, tmp: Path) -> tuple[Path, Path]:
    """(export, codebook) of one kind of export."""
    if kind == "demo":
        return SPT2015 / "demo_responses.csv", SPT2015 / "codebook.yaml"
    if kind == "missing trait":
        return _without_trait(tmp)
    if kind == "other year":
        return ROOT / "surveys" / "monitor_demo" / "responses_2016.csv", SPT2015 / "codebook.yaml"
    build = {"qualtrics": qualtrics_csv, "limesurvey": limesurvey_csv}[kind]
    codebook = SPT2015 / "codebook.yaml"
    path, _ = build(tmp, load_inputs(codebook).codebook)
    return path, codebook


def _context(run: Run) -> str:
    """The annual report's context of a run (remarks included), as comparable text."""
    remarks = remarks_for(
        run.intake.responses, run.inputs.codebook.text_columns, run.published.remarks_from
    )
    ctx = annual_context(
        run.published,
        audit=AUDIT,
        quarantine=quarantine_summary(run.intake.problems),
        remarks=remarks,
    )
    return json.dumps(ctx, default=str, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("kind", ["demo", "missing trait", "qualtrics", "limesurvey", "other year"])
def test_the_store_report_equals_the_file_report(tmp_path, kind):
    export, codebook = _export(kind, tmp_path)
    from_file = run_survey(export, load_inputs(codebook, year=2015))
    con = connect(tmp_path / "s.sqlite")
    add_wave(con, from_file.inputs, from_file.intake, key=KEY)  # as `store add`: no Results
    from_store, trends = monitor_run(con, 2015)
    assert trends is None
    assert from_store.results.to_json() == from_file.results.to_json()
    assert from_store.published.to_json() == from_file.published.to_json()
    assert from_store.published.withheld == from_file.published.withheld
    assert _context(from_store) == _context(from_file)


def test_an_allowed_missing_trait_is_left_out_from_the_store_too(tmp_path):
    """The issue's case: with 'uitvoeringscommissies' missing and allowed, the store's report
    used to add the trait without data, put it in the regression and withhold 118 figures where
    the file's report withheld 110, without the method page's note."""
    export, codebook = _without_trait(tmp_path)
    from_file = run_survey(export, load_inputs(codebook, year=2015))
    con = connect(tmp_path / "s.sqlite")
    add_wave(con, from_file.inputs, from_file.intake, key=KEY)
    from_store, _ = monitor_run(con, 2015)
    for run in (from_file, from_store):
        assert list(run.results.traits) == ["trekker", "manager", "stuurgroep"]
        assert "uitvoeringscommissies" not in run.results.traits_regression.formula
        assert run.results.parameters.absent_questions == {
            "uitvoeringscommissies": "Zijn er uitvoeringscommissies?",
            "succesfactoren": "Succesfactoren",  # asked from 2016: not in the 2015 demo
            "knelpunten": "Knelpunten",
        }
    # the same figures withheld or recounted (the store report had 118 where the file's
    # had 110, with the disclosure rules of the time)
    assert from_store.published.log == from_file.published.log
    assert from_store.published.withheld == from_file.published.withheld
