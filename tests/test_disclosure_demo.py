"""The demo report as published: the disclosure audit anyone can run finds nothing derivable,
facts about SPTs are counted over every SPT (UWV 10 in table 1.9), and the regression, which
would give back the mean grade of small groups, is withheld."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess

from evaluation.cli import main


def test_verify_disclosure_finds_nothing_derivable_in_the_demo(demo_report):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["verify", str(demo_report.pdf), "--disclosure"])
    assert code == 0, out.getvalue()
    assert "Geen weggelaten cijfer is terug te rekenen" in " ".join(out.getvalue().split())


def test_uwv_is_counted_over_every_spt_and_no_note_hides_it(demo_report):
    text = subprocess.run(
        ["pdftotext", "-layout", str(demo_report.pdf), "-"], capture_output=True, text=True
    ).stdout
    table = text[text.index("Tabel 1.9 Betrokken organisaties") :]
    assert table.splitlines()[4].split()[:3] == ["UWV", "10", "0"]
    assert "alle of van geen" not in text


def test_demo_withholds_the_small_spts_and_the_regression_only(demo_report):
    res = json.loads((demo_report.out / "results.json").read_text(encoding="utf-8"))
    rules = {(s["rule"], s["path"].split("/")[1]) for s in res["disclosure"]["suppressed"]}
    assert rules == {
        ("primair", "satisfaction"),
        ("primair", "items"),
        ("primair", "tables"),
        ("secundair", "traits_regression"),
    }
    withheld = {k for k, v in res["satisfaction"]["by_spt"].items() if v["estimate"] is None}
    assert withheld == {
        "Achterhoek",
        "Rijk van Nijmegen",
        "Rijnmond",
        "Zuid-Limburg",
        "Zuidoost-Brabant",
    }
    assert all(c["mean"] is None for c in res["grade_cells"])


def test_demo_keeps_its_national_interval_and_names_no_withheld_spt_for_the_variance(demo_report):
    """Zuidoost-Brabant (n = 1, withheld) carries most of the national variance: the method
    sentence says so without naming it (with the df it put its grade at 2,0 or 3,7); the
    demo's withheld SPTs keep six unknowns against four equations, so the interval stays."""
    res = json.loads((demo_report.out / "results.json").read_text(encoding="utf-8"))
    assert res["satisfaction"]["overall"]["se"] is not None
    (heavy,) = [c for c in res["caveats"] if c["code"] == "few_spts_carry_variance"]
    assert heavy["spts"] == []
    text = subprocess.run(
        ["pdftotext", str(demo_report.pdf), "-"], capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "rust vooral op een paar servicepunten" in flat
    assert "Zuidoost-Brabant (n = 1) levert" not in flat
