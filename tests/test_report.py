"""The demo report end to end: Dutch figures in the PDF text, suppression, attachments, bytes.

The annual report is rendered once per session through the CLI, with the Twente and Rijk van
Nijmegen cards (the `demo_report` fixture in conftest.py, shared with other modules); this module
renders the annual report and one card once more for the byte-identity check. PDF renders are
slow, so every test reads these few files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fixtures_renders import EPOCH
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluation.cli import main
from evaluation.disclosure.publish import disclose
from evaluation.dutch import number, percent, round_half_up
from evaluation.report.annual import annual_context
from evaluation.report.appendix import quarantine_summary, remarks_for
from evaluation.report.jobs import CardJob, render_card, render_workers
from evaluation.report.render import cell, render_pdf

ONE_RESPONDENT = ("Rijk van Nijmegen", "Zuidoost-Brabant")


def text_of(pdf: Path) -> str:
    """PDF text with whitespace collapsed (pypdf breaks lines where the layout does)."""
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())


@pytest.fixture(scope="module")
def demo(demo_report, tmp_path_factory):
    """The shared demo report and cards (conftest), with the annual report and the Twente card
    rendered once more from the same inputs: the annual one outside the CLI, in this process."""
    out = demo_report.out
    d, audit = demo_report.run.published, demo_report.audit
    attached = {n: (out / n).read_bytes() for n in ("results.json", "manifest.json")}
    again = tmp_path_factory.mktemp("again")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        card = render_card(CardJob(d, "Twente", audit, again / "spt-twente-2015.pdf", attached))
        ctx = annual_context(d, audit=audit, quarantine=quarantine_summary([]))
        pdf = demo_report.pdf
        annual_again = render_pdf(
            "annual.html", ctx, again / pdf.name, attached, ctx["document_title"]
        )
    return {
        "code": demo_report.code,
        "out": out,
        "pdf": pdf,
        "text": text_of(pdf),
        "results": json.loads((out / "results.json").read_text(encoding="utf-8")),
        "full": demo_report.run.results,
        "cards": demo_report.cards,
        "again": card,
        "annual_again": annual_again,
    }


def test_command_writes_every_output(demo):
    assert demo["code"] == 0  # the demo data has no quarantined rows
    names = {p.name for p in demo["out"].iterdir()}
    assert {"spt-monitor-2015.pdf", "results.json", "manifest.json", "tables.xlsx"} <= names
    assert "quarantine.csv" not in names


def test_headline_figures_in_dutch_format(demo):
    res, text = demo["results"], demo["text"]
    overall = res["satisfaction"]["overall"]
    grade = number(overall["estimate"])
    assert "," in grade
    assert f"tevredenheidsscore (1-5) 95%-interval {number(overall['ci'][0])}" in text
    assert f"een {grade} op een schaal van 1 tot 5" in text
    assert f"n = {overall['n']}" in text
    assert f"respons {number(res['response']['rate'] * 100, 0)}% van" in text
    assert "22 november 2015" in text and "pagina 3 van" in text
    for name, g in res["satisfaction"]["by_spt"].items():
        if g["estimate"] is not None:
            assert re.search(
                rf"{re.escape(name)} {g['n']} {re.escape(number(g['estimate']))} ", text
            )
    assert not re.search(r"\b2\.9\b", text)


def test_one_respondent_spts_show_n_1_and_x_only(demo):
    res, text = demo["results"], demo["text"]
    for name in ONE_RESPONDENT:
        published = res["satisfaction"]["by_spt"][name]
        assert (
            published["n"] == 1
            and published["estimate"] is None
            and published["ci"]
            == [
                None,
                None,
            ]
        )
        assert f"{name} 1 x x x" in text  # grade table: n, grade, interval, band
        real = demo["full"].satisfaction.by_spt[name].estimate
        assert real is not None  # the analysis has it; the publication does not
    paths = {s["path"] for s in res["disclosure"]["suppressed"]}
    assert {f"/satisfaction/by_spt/{n}" for n in ONE_RESPONDENT} <= paths


def test_card_of_one_respondent_spt(demo):
    text = text_of(demo["cards"]["Rijk van Nijmegen"])
    assert "n = 1: geen cijfers voor dit servicepunt" in text
    assert re.search(r"x ?tevredenheidsscore Rijk van Nijmegen \(1-5\) n = 1 ", text)
    real = number(demo["full"].satisfaction.by_spt["Rijk van Nijmegen"].estimate)
    national = number(demo["results"]["satisfaction"]["overall"]["estimate"])
    if real != national:
        assert f"{real} tevredenheidsscore" not in text
    assert len(PdfReader(demo["cards"]["Rijk van Nijmegen"]).pages) <= 3  # with 'Wat te doen'


def test_card_of_published_spt(demo):
    g = demo["results"]["satisfaction"]["by_spt"]["Twente"]
    text = text_of(demo["cards"]["Twente"])
    ci = f"{number(g['ci'][0])} – {number(g['ci'][1])}"
    assert re.search(
        rf"{re.escape(number(g['estimate']))} ?tevredenheidsscore Twente \(1-5\)", text
    )
    assert f"95%-interval {ci}; n = {g['n']}" in text
    assert len(PdfReader(demo["cards"]["Twente"]).pages) <= 3  # with 'Wat te doen'


def chart_rows(pdf: Path, statement: str) -> list[list[str]]:
    """The two bar rows under a statement's heading in the card's chart, as words (pdftotext
    keeps the SVG's text in reading order; pypdf does not read text inside images)."""
    lines = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == statement)
    return [line.split() for line in lines[start + 1 :] if line.strip()][:2]


def bar_words(label: str, shares: list, n: int, dont_know: float) -> list[str]:
    """What a drawn bar row reads: label, the shares of 7% or more, n and 'weet niet'."""
    inside = [percent(s) for s in shares if s >= 0.07]
    return [*label.split(), *inside, "n", "=", f"{n},", "weet", "niet", percent(dont_know)]


def test_card_shows_spt_distribution_beside_national(demo):
    item = demo["results"]["items"]["nut_techniek"]
    national = bar_words(
        "landelijk",
        [c["share"] for c in item["categories"]],
        item["n"],
        item["weet_niet"]["share"],
    )
    own = item["distribution_by_spt"]["Twente"]
    twente = bar_words(
        "Twente", [c["share"] for c in own["categories"]], own["n"], own["weet_niet"]["share"]
    )
    assert chart_rows(demo["cards"]["Twente"], item["short"]) == [national, twente]
    rows = chart_rows(demo["cards"]["Rijk van Nijmegen"], item["short"])
    assert rows == [national, ["Rijk", "van", "Nijmegen", "x", "(n", "=", "1)"]]
    withheld = demo["results"]["items"]["ambities"]["distribution_by_spt"]["Rijk van Nijmegen"]
    assert withheld["weet_niet"] == {"share": None, "n": None}  # its one answer was 'weet niet'
    rows = chart_rows(demo["cards"]["Rijk van Nijmegen"], "Ambities worden waargemaakt")
    assert rows[1] == ["Rijk", "van", "Nijmegen", "x", "(n", "=", "1)"]  # not n = 0


def test_renders_are_byte_identical(demo):
    assert demo["cards"]["Twente"].read_bytes() == demo["again"].read_bytes()
    assert demo["pdf"].read_bytes() == demo["annual_again"].read_bytes()


def test_attached_json_equals_written_files(demo):
    reader = PdfReader(demo["pdf"])
    attached = {k: v[0] for k, v in reader.attachments.items()}
    assert set(attached) == {"results.json", "manifest.json"}
    for name, data in attached.items():
        assert data == (demo["out"] / name).read_bytes()
    manifest = json.loads(attached["manifest.json"])
    assert manifest["suppression"] == demo["results"]["disclosure"]["suppressed"]


def test_one_rounding_rule_feeds_pdf_and_workbook(demo):
    assert cell(7.45) == "7,5" and cell(2.25) == "2,3" and round_half_up(7.45) == 7.5
    ws = load_workbook(demo["out"] / "tables.xlsx")["Tevredenheid"]
    header = [c.value for c in ws[2]]
    col_spt, col_grade = header.index("SPT"), header.index("Cijfer")
    shown = {r[col_spt]: r[col_grade] for r in ws.iter_rows(min_row=3, values_only=True)}
    for name, g in demo["results"]["satisfaction"]["by_spt"].items():
        if g["estimate"] is None:
            assert shown[name] == "x"
        else:
            assert shown[name] == round_half_up(g["estimate"], 1)
            assert number(shown[name]) == number(g["estimate"])


def test_workbook_withholds_small_spt_distributions(demo):
    ws = load_workbook(demo["out"] / "tables.xlsx")["Verdeling per SPT"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]
    shares = [h for h in header if h.endswith("(%)")]
    small = [r for r in rows if r["SPT"] in ONE_RESPONDENT]
    assert small and all(r[h] == "x" for r in small for h in shares)
    twente = [r for r in rows if r["SPT"] == "Twente"]
    assert twente and all(isinstance(r[shares[0]], int | float) for r in twente)


def test_remarks_only_for_the_spts_disclosure_allows():
    responses = pd.DataFrame(
        {
            "row": [1, 2, 3, 4],
            "spt": ["Groot", "Groot", "Klein", "Groot"],
            "opmerking": ["Bel Jan de Vries op 06-12345678", None, "geheim", "  "],
        }
    )

    out = remarks_for(responses, ["opmerking"], {"Groot"})
    assert [r["spt"] for r in out] == ["Groot"]
    assert "06-12345678" not in out[0]["text"] and "Jan de Vries" not in out[0]["text"]


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.csv"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("fout: ")


def test_published_json_is_a_valid_results_tree(demo):
    """results.json without its 'disclosure' block still validates as Results (nulls allowed)."""
    from evaluation.results import Results

    tree = {k: v for k, v in demo["results"].items() if k != "disclosure"}
    again = Results.model_validate(tree)
    assert again.satisfaction.by_spt["Zuidoost-Brabant"].estimate is None
    pub = disclose(demo["full"]).results
    assert pub.satisfaction.by_spt["Rijk van Nijmegen"].band is None


def test_a_report_process_loads_the_renderers_only_where_it_draws():
    """Reading and analysing a wave loads neither matplotlib nor WeasyPrint (the render
    workers import them) nor scipy.stats (the quantiles come from scipy.special): about
    100 MB less while a 100,000-row wave is analysed."""
    heavy = ("matplotlib", "weasyprint", "scipy.stats")
    code = (
        "import sys; import evaluation.commands.report, evaluation.store.monitor; "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_render_workers_start_before_the_data_is_read(monkeypatch):
    """`render_workers` forks when its block opens: what the parent makes afterwards (here an
    environment variable; in `report`, the wave and its analysis) is not in the workers."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the files render in the process itself")
    with render_workers(3) as workers:
        monkeypatch.setenv("SPT_EVAL_TEST_AFTER_FORK", "set")
        assert workers.submit(os.getenv, "SPT_EVAL_TEST_AFTER_FORK").result() is None
