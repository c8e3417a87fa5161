"""`spt-eval audit` on the demo data: the workbook formulas give results.json to the last digit."""

import math

import openpyxl
import pytest
from test_audit_workbook import evaluate

from evaluation.audit.workbook import FIG, RESP, SE_SHEET
from evaluation.cli import main
from evaluation.disclosure.publish import disclose
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import DEFAULT_SETTINGS, load_settings

DEMO = DEFAULT_SETTINGS.parent / "demo_responses.csv"
pytestmark = pytest.mark.skipif(not DEMO.exists(), reason="demo data not available")
INJECTED = {"id": "=cmd|' /C calc'!A0", "remark": "@SUM(A1:A9)"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo data with a formula-injection id and remark, through the audit command."""
    from evaluation.analysis.analyse import analyse
    from evaluation.intake.validate import read_survey

    base = tmp_path_factory.mktemp("audit")
    lines = DEMO.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("DEMO-001;"):
            fields = line.rstrip("\r\n").split(";")
            fields[0] = '"' + INJECTED["id"].replace('"', '""') + '"'
            fields[-1] = INJECTED["remark"]
            lines[i] = ";".join(fields) + "\n"
    data = base / "responses.csv"
    data.write_text("".join(lines), encoding="utf-8")
    out = base / "out"
    code = main(["audit", str(data), "--out", str(out), "--key-file", str(base / "key")])
    assert code == 0
    cb = load_codebook()
    reg = load_register(register_path(cb))
    results = analyse(read_survey(data, cb, reg), cb, reg, load_settings())
    path = out / "audit-2015.xlsx"
    return {"path": path, "results": results, "values": evaluate(path), "key": base / "key"}


def test_workbook_figures_equal_results(demo):
    v, sat = demo["values"], demo["results"].satisfaction
    wb = openpyxl.load_workbook(demo["path"])
    rows = {wb[FIG][f"A{r}"].value: r for r in range(7, 7 + len(sat.by_spt))}
    assert set(rows) == set(sat.by_spt)
    assert math.isclose(v[(FIG.upper(), "B2")], sat.overall.estimate, rel_tol=1e-12)
    assert math.isclose(v[(SE_SHEET.upper(), "B2")], sat.overall.se, rel_tol=1e-9)
    # the effective df recomputed by formula, the design df beside it
    assert math.isclose(v[(SE_SHEET.upper(), "E1")], sat.overall.df, rel_tol=1e-9)
    assert v[(SE_SHEET.upper(), "E2")] == sat.overall.df_design == 33
    for name, r in rows.items():
        est = sat.by_spt[name]
        assert math.isclose(v[(FIG.upper(), f"E{r}")], est.estimate, rel_tol=1e-12), name
        if est.se is None:  # one respondent: the arithmetic gives 0, results.json says why not
            assert v[(SE_SHEET.upper(), f"M{r}")] == 0 and est.n == 1 and est.reason
            continue
        assert math.isclose(v[(SE_SHEET.upper(), f"M{r}")], est.se, rel_tol=1e-9, abs_tol=1e-12)
    # and what results.json publishes (suppressed SPTs are null there) agrees too
    pub = disclose(demo["results"]).tree()["satisfaction"]
    assert math.isclose(v[(FIG.upper(), "B2")], pub["overall"]["estimate"], rel_tol=1e-12)
    shown = {k: e for k, e in pub["by_spt"].items() if e["estimate"] is not None}
    assert shown and all(
        math.isclose(v[(FIG.upper(), f"E{rows[k]}")], e["estimate"], rel_tol=1e-12)
        for k, e in shown.items()
    )


def test_workbook_is_pseudonymous_and_neutralised(demo):
    wb = openpyxl.load_workbook(demo["path"])
    ws = wb[RESP]
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any("DEMO-" in c or "calc" in c for c in cells)
    assert "'" + INJECTED["remark"] in cells
    assert all(not c.startswith(("+", "-", "@")) for c in cells)
    assert demo["key"].read_text().strip() not in demo["path"].read_bytes().decode("latin-1")
