"""`spt-eval regions`: exit codes, and the PDF, workbook and JSON it writes."""

import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluation import cli
from evaluation.inputs.labour_market import DEFAULT_DATA


def _main(argv):
    """Run the real CLI entry point with only this command registered (others are tested apart)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli, "COMMANDS", ["regions"])
        return cli.main(argv)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("regions")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1448150400")
        assert _main(["regions", "--out", str(d)]) == 0
    return d


@pytest.fixture(scope="module")
def pdf_text(out):
    """The PDF's text: pdftotext when installed (fast), else pypdf."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", str(out / "regions.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    reader = PdfReader(out / "regions.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_writes_three_files(out):
    for name in ("regions.pdf", "regions.xlsx", "regions.json"):
        assert (out / name).stat().st_size > 1000


def test_pdf_contains_key_dutch_figures(pdf_text):
    for text in (
        "45.397",
        "740.931",
        "81.978",
        "Noordoost-Brabant",
        "grote regio zonder SPT",
        "mogelijk te klein voor een zelfstandig SPT",
        "Technische werkgelegenheid onder 15.000 banen",
        "LISA",
        "Tekstalternatief",
    ):
        assert text in pdf_text, text


def test_pdf_has_json_attached(out):
    reader = PdfReader(out / "regions.pdf")
    attached = reader.attachments
    assert "regions.json" in attached
    assert json.loads(attached["regions.json"][0])["nederland"]["omvang_techniek"] == 740931


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_reads_the_ranking(out):
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "regions.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Rijnmond" in text and "42.438" in text and "Gorinchem" in text


def test_json_numbers_are_numbers(out):
    data = json.loads((out / "regions.json").read_text(encoding="utf-8"))
    assert data["regios"][0]["regio"] == "Rijnmond"
    assert data["regios"][0]["omvang_techniek"] == 45397
    assert data["regels"]["small_size"] == 15000
    assert data["enquete"] is None
    assert len(data["clusters"]) == 7


def test_workbook_has_dutch_headers_and_numbers(out):
    wb = load_workbook(out / "regions.xlsx")
    ws = wb["Regio's"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Regio", "Rang omvang", "Omvang techniek 2014 (banen)"]
    assert ws["A2"].value == "Rijnmond" and ws["C2"].value == 45397
    assert isinstance(ws["E2"].value, int | float)
    last = ws.max_row
    assert ws.cell(last, 1).value == "NEDERLAND" and ws.cell(last, 3).value == 740931
    assert {"Clusters", "SPT's", "Regels"} <= set(wb.sheetnames)


def test_broken_data_file_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        DEFAULT_DATA.read_text(encoding="utf-8").replace("Achterhoek,53", "Achterhoek,63")
    )
    assert _main(["regions", "--data", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("fout: ") and "\n" not in err
    assert "rij 1 (Achterhoek)" in err and "110%" in err
    assert not (tmp_path / "o").exists()


def test_unknown_cluster_region_exits_2(tmp_path, capsys):
    f = tmp_path / "c.yaml"
    f.write_text("clusters:\n  - name: X\n    regions: [Nergensland]\n", encoding="utf-8")
    assert _main(["regions", "--clusters", str(f), "--out", str(tmp_path / "o")]) == 2
    assert "Nergensland" in capsys.readouterr().err


def test_missing_survey_file_exits_2(tmp_path, capsys):
    code = _main(["regions", "--survey", str(tmp_path / "nope.csv"), "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and err.count("\n") == 1


@pytest.fixture(scope="module")
def survey_html():
    """The template's survey part, rendered to HTML only (the PDF step is tested above)."""
    pytest.importorskip("evaluation.analysis")  # the survey pipeline is built in parallel

    from evaluation.inputs.labour_market import load_regions
    from evaluation.inputs.register import load_register
    from evaluation.pipeline import load_inputs, run_survey
    from evaluation.regions.benchmark import benchmark
    from evaluation.regions.clusters import load_clusters, summarise_clusters
    from evaluation.regions.context import report_context
    from evaluation.regions.produce import survey_part
    from evaluation.regions.survey_join import join_survey
    from evaluation.report import render as report

    root = DEFAULT_DATA.parent.parent
    register = load_register(root / "spt2015" / "service_points.yaml")
    export = root / "spt2015" / "demo_responses.csv"
    part = survey_part(run_survey(export, load_inputs()), register, export.name)
    mapping, min_n, year, sources = part.spt_results, part.min_n, part.year, part.sources
    data = load_regions()
    bench = benchmark(data, register=register)
    clusters = load_clusters(None, data)
    cr = summarise_clusters(bench, clusters)
    joined = join_survey(bench, cr, mapping, min_n)
    context = report_context(bench, cr, clusters, joined, year, sources)
    context["charts"] = {
        k: type("C", (), {"title": k, "alt": k, "data_url": "data:,"})()
        for k in ("size", "profile", "clusters")
    }
    return joined, report.render_html("regions.html", context)


def test_survey_from_demo_data_is_joined_and_suppressed(survey_html):
    joined, html = survey_html
    assert joined.min_n == 5
    # appendix 1: one respondent each in Rijk van Nijmegen and Zuidoost-Brabant
    for name in ("Rijk van Nijmegen", "Zuidoost-Brabant"):
        s = joined.spts[name]
        assert (s.n, s.grade, s.grade_text, s.withheld) == (1, None, "x", True)
    wb = joined.spts["West-Brabant"]
    assert not wb.withheld and 1 <= wb.grade <= 5 and wb.activity_level == 1
    assert wb.type
    assert joined.clusters["Oost-Nederland"] == [
        "Achterhoek",
        "IJsselvechtstreek",
        "Stedendriehoek",
        "Twente",
    ]
    assert "Tabel 2b" in html and "Enquête-export" in html
    assert f">{wb.grade_text}<" in html


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (
            lambda d: (d / "bezet").write_text("x"),
            ["--out", "{d}/bezet"],
            "er staat al een bestand",
        ),
        (
            lambda d: (d / "c.yaml").write_text("clusters: []\n"),
            ["--clusters", "{d}/c.yaml"],
            "ongeldig bij clusters: de lijst is leeg",
        ),
        (
            lambda d: (d / "r.yaml").write_text("small_size: veel\n"),
            ["--rules", "{d}/r.yaml"],
            "r.yaml' is ongeldig bij small_size: hier hoort een geheel getal (nu: 'veel')",
        ),
    ],
)
def test_user_errors_exit_2_in_dutch(tmp_path, capsys, setup, args, message):
    setup(tmp_path)
    argv = ["regions", *[a.format(d=tmp_path) for a in args]]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "o")]
    assert _main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and message in err and err.count("\n") == 1


def _fifo(d):
    import os

    os.mkfifo(d / "pipe.csv")  # opened, it would wait forever for a writer


def _huge(d):
    with open(d / "huge.csv", "wb") as fh:
        fh.truncate(2 << 30)  # a sparse 2 GB file: refused by its size, never read


@pytest.mark.parametrize(
    ("setup", "data", "message"),
    [
        (lambda d: None, "/dev/zero", "regiobestand '/dev/zero' is geen gewoon bestand"),
        (_fifo, "{d}/pipe.csv", "pipe.csv' is geen gewoon bestand (apparaat of pijp)"),
        (_huge, "{d}/huge.csv", "huge.csv' is te groot: 2048 MB, de grens is 200 MB"),
    ],
)
def test_a_region_file_that_is_no_file_is_refused_at_once(tmp_path, capsys, setup, data, message):
    """Issue 21: `regions --data /dev/zero` grew to 1.5 GB; now refused before reading."""
    import resource
    import time

    import evaluation.commands.regions  # noqa: F401 (imported before measuring)

    setup(tmp_path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    argv = ["regions", "--data", data.format(d=tmp_path), "--out", str(tmp_path / "o")]
    assert _main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and message in err and err.count("\n") == 1
    assert time.perf_counter() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB


def test_manifest_records_the_labour_market_file_and_travels_in_the_pdf(out):
    """The audit trail of a regions run: manifest.json beside the outputs and inside the PDF,
    with the SHA-256 of the labour-market file it used and of the regions.json it wrote."""
    import hashlib

    from evaluation.audit.attachments import read_attachments

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    attached = read_attachments(out / "regions.pdf")
    assert json.loads(attached["manifest.json"]) == manifest
    assert attached["regions.json"] == (out / "regions.json").read_bytes()
    data = {s["name"]: s["sha256"] for s in manifest["inputs"]["sources"]}
    assert data["regions_2014.csv"] == hashlib.sha256(DEFAULT_DATA.read_bytes()).hexdigest()
    written = hashlib.sha256((out / "regions.json").read_bytes()).hexdigest()
    assert manifest["outputs"]["regions.json"]["sha256"] == written
    assert manifest["parameters"]["rules"]["small_size"] == 15000
