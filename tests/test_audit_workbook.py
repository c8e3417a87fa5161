"""The audit workbook: its formulas, evaluated by a real formula engine, give the Python figures."""

import math
from types import SimpleNamespace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from evaluation.analysis.scales import satisfaction_grade
from evaluation.audit.workbook import FIG, RESP, SE_SHEET, write_audit_workbook
from evaluation.estimation.design import SurveyDesign
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings

formulas = pytest.importorskip("formulas")

KEY = b"test-key-of-sufficient-length-0123"
INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A2)"]


def evaluate(path):
    """Every cell of the workbook computed by the `formulas` engine: {(sheet, cell): value}."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    out = {}
    for key, value in model.calculate().items():
        ref = key.split("]", 1)[1]
        sheet, cell = ref.rsplit("!", 1)
        if ":" in cell:
            continue
        v = value.value[0, 0] if hasattr(value, "value") else value
        out[(sheet.strip("'").upper(), cell)] = v
    return out


def synthetic_intake(codebook):
    """Small responses frame: a lonely SPT, a respondent without grade, injection strings."""
    rng = np.random.default_rng(7)
    items = codebook.satisfaction.items
    spts = ["Achterhoek"] * 4 + ["Noord-Holland"] * 6 + ["Twente"] * 1 + ["Rijnmond"] * 3
    rows = []
    for i, spt in enumerate(spts):
        answers = {it: float(rng.integers(1, 6)) for it in items}
        rows.append({"row": i + 1, "respondent_id": str(1000 + i), "spt": spt, **answers})
    rows[1]["werking_goed"] = np.nan  # 5 valid items: still a grade
    for it in items[:3]:  # 3 valid items: no grade
        rows[5][it] = np.nan
    rows[12]["bekendheid"] = np.nan
    rows[0]["respondent_id"] = INJECTIONS[0]
    df = pd.DataFrame(rows)
    df["opmerking"] = None
    df.loc[0, "opmerking"] = "Bel Jan de Vries op 06-12345678"
    for j, text in enumerate(INJECTIONS[1:], start=1):
        df.loc[j, "opmerking"] = text
    return SimpleNamespace(responses=df, source_sha256="0" * 64)


def reference(df, codebook, settings, register):
    """Grade estimates with the design engine, as the analysis sets it up: w = 1/(K n_k) over all
    valid respondents, SPT strata, fpc = invited (where at least n_k), grade as a domain."""
    d = df.assign(grade=satisfaction_grade(df, codebook))
    n_k = d.groupby("spt")["spt"].transform("size")
    d["w"] = 1.0 / (d["spt"].nunique() * n_k)
    invited = d["spt"].map(register.invited()).astype(float)
    d["N"] = invited.where(invited >= n_k, np.inf)
    design = SurveyDesign(
        d, weights="w", strata="spt", fpc="N", lonely_psu=settings.design.grade.lonely_psu
    )
    return design.mean("grade"), design.mean("grade", by="spt")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    cb = load_codebook()
    reg = load_register(register_path(cb))
    settings = load_settings(weighting={"per_figure": False})  # reference(): weights once
    intake = synthetic_intake(cb)
    path = tmp_path_factory.mktemp("wb") / "audit-2015.xlsx"
    layout = write_audit_workbook(intake, cb, reg, settings, None, path, KEY)
    return SimpleNamespace(
        cb=cb,
        reg=reg,
        settings=settings,
        intake=intake,
        path=path,
        layout=layout,
        values=evaluate(path),
    )


def test_formulas_give_the_design_engine_figures(workbook):
    overall, by_spt = reference(
        workbook.intake.responses, workbook.cb, workbook.settings, workbook.reg
    )
    v, lay = workbook.values, workbook.layout
    assert math.isclose(v[(FIG.upper(), "B2")], overall.estimate, rel_tol=1e-12)
    assert math.isclose(v[(SE_SHEET.upper(), "B2")], overall.se, rel_tol=1e-9)
    assert set(lay.spt_rows) == set(by_spt)
    for name, r in lay.spt_rows.items():
        assert math.isclose(v[(FIG.upper(), f"E{r}")], by_spt[name].estimate, rel_tol=1e-12)
        assert math.isclose(
            v[(SE_SHEET.upper(), f"M{r}")], by_spt[name].se, rel_tol=1e-9, abs_tol=1e-12
        )


def test_cells_are_formulas_and_respondent_text_is_safe(workbook):
    wb = openpyxl.load_workbook(workbook.path)
    ws = wb[RESP]
    lay = workbook.layout
    header = [c.value for c in ws[1]]
    row2 = [c.value for c in ws[2]]
    assert str(ws[f"{lay.grade_col}2"].value).startswith("=IF(COUNT(")
    assert ws[f"{lay.weight_col}2"].value.startswith("=1/(Cijfers!$B$1*COUNTIF(")
    assert "6-" in " ".join(str(x) for x in row2 if isinstance(x, str))
    assert wb[FIG]["B2"].value.startswith("=SUMPRODUCT(")
    ids = [ws[f"A{r}"].value for r in range(2, lay.last_row + 1)]
    assert all(i.startswith("R-") for i in ids)
    assert not any("1000" in i or "calc" in i for i in ids)
    remarks = [ws.cell(row=r, column=len(header)).value for r in range(2, 6)]
    assert remarks == ["Bel [naam] op [telefoon]", "'+1", "'-1", "'@SUM(A1:A2)"]
    for sheet in wb:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert "calc" not in c.value and "cmd" not in c.value


def test_workbook_is_reproducible_with_source_date_epoch(workbook, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for p in paths:
        write_audit_workbook(
            workbook.intake, workbook.cb, workbook.reg, workbook.settings, None, p, KEY
        )
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert openpyxl.load_workbook(paths[0]).properties.created.year == 2015
