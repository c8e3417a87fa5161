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


def test_demo_withholds_the_small_spts_the_regression_and_the_pinning_spreads_only(demo_report):
    """Beside the five small SPTs and the regression: spreads that, with the published
    figures, would pin a withheld value (`disclosure/spread_check.py`). Each statement keeps
    its share and interval (SE, df and design effect would pin the three smallest SPTs' shares
    together); the 'nee' groups of three traits keep their grade, not their spread (with the
    SPT as cluster it is a sum of squared SPT deviations from the group's grade, a few SPTs
    of which are withheld), 'uitvoeringscommissies ja' loses only its design effect, and the
    tests lose their SE (so their p and smallest detectable difference): no estimate goes."""
    res = json.loads((demo_report.out / "results.json").read_text(encoding="utf-8"))
    log = res["disclosure"]["suppressed"]
    rules = {(s["rule"], s["path"].split("/")[1]) for s in log}
    assert rules == {
        ("primair", "satisfaction"),
        ("primair", "items"),
        ("primair", "tables"),
        ("secundair", "traits_regression"),
        ("secundair", "items"),
        ("secundair", "traits"),
    }
    spreads = {s["path"]: set(s["fields"]) for s in log if s["rule"] == "secundair"}
    for key, item in res["items"].items():
        assert spreads[f"/items/{key}/agree"] == {"se", "df", "deff", "se_nofpc", "df_nofpc"}
        assert item["agree"]["estimate"] is not None and None not in item["agree"]["ci"]
    lost = {p for p, f in spreads.items() if p.startswith("/traits/") and "se" in f}
    assert lost == {
        *(f"/traits/{t}/nee" for t in ("trekker", "manager", "stuurgroep")),
        *(f"/traits/{t}/test" for t in res["traits"]),
    }
    assert spreads["/traits/uitvoeringscommissies/ja"] == {"deff"}
    for trait in res["traits"].values():
        assert trait["ja"]["estimate"] is not None and trait["nee"]["estimate"] is not None
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
    withheld SPTs' means and sums of squares keep enough freedom beside the national SE, df
    and design effect (`spread_check`), so the interval stays."""
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
