"""The demo PDFs that several test modules read, rendered once per test session.

PDF renders are the slow part of the suite, and test_report, test_pdf_conformance and test_verify
all need the same demo report. tests/conftest.py offers these as session fixtures:

- `demo_report`: `spt-eval report <demo export> --year 2015 --audit` (the real command, its PDFs
  rendered in worker processes as on a user's machine), plus the cards of Twente (published) and
  Rijk van Nijmegen (n = 1), rendered by the job `--per-spt` runs, with the same audit block.
- `demo_regions`: `spt-eval regions --survey <demo export>`.

The HTML each PDF was laid out from is kept (`html_of`), so a check can read what WeasyPrint
was given. The files are shared: a test that changes one copies it to its own tmp_path first.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
EPOCH = "1448150400"  # 22 November 2015, the date every shared PDF carries
AUDIT_KEY = "a-test-key-that-is-long-enough"  # the pseudonym key of the --audit workbook
CARDS = ("Twente", "Rijk van Nijmegen")  # a published SPT and a one-respondent SPT


@dataclass(frozen=True)
class DemoReport:
    code: int  # exit code of the report command
    out: Path  # the report folder as the command left it (plus the two cards)
    pdf: Path  # out / spt-monitor-2015.pdf
    cards: dict[str, Path]  # SPT name -> its card in `out`
    run: object  # evaluation.pipeline.Run of the demo export: .results, .published
    audit: dict  # the audit block of the cards, as the report command builds it
    html: Path  # folder with the HTML of every PDF above

    def html_of(self, pdf: Path) -> str:
        return html_of(self.html, pdf)


@dataclass(frozen=True)
class DemoRegions:
    out: Path  # the regions folder: regions.pdf, regions.xlsx, regions.json, manifest.json
    pdf: Path
    html: Path

    def html_of(self, pdf: Path) -> str:
        return html_of(self.html, pdf)


def html_of(folder: Path, pdf: Path) -> str:
    return (folder / f"{pdf.name}.html").read_text(encoding="utf-8")


@contextlib.contextmanager
def environment(html: Path):
    """The shared renders' environment: a fixed date, a test key, and each PDF's HTML kept.

    The HTML is written to a file (not kept in memory) because the report command lays out its
    PDFs in forked worker processes.
    """
    from evaluation.report import render

    html.mkdir(parents=True, exist_ok=True)
    real = render.html_to_pdf

    def keeping_html(source: str, out_path: Path, *args, **kwargs) -> Path:
        (html / f"{Path(out_path).name}.html").write_text(source, encoding="utf-8")
        return real(source, out_path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("SPT_EVAL_KEY", AUDIT_KEY)
        mp.setattr(render, "html_to_pdf", keeping_html)
        with contextlib.redirect_stdout(io.StringIO()):
            yield


def render_demo_report(base: Path) -> DemoReport:
    from evaluation.cli import main
    from evaluation.manifest import manifest_short_hash
    from evaluation.pipeline import load_inputs, run_survey
    from evaluation.report.file_names import slug
    from evaluation.report.jobs import CardJob, render_card
    from evaluation.routine.produce import audit_block

    out, html = base / "report", base / "html"
    with environment(html):
        code = main(["report", str(DEMO), "--year", "2015", "--out", str(out), "--audit"])
        run = run_survey(DEMO, load_inputs(year=2015))
        files = {n: (out / n).read_bytes() for n in ("results.json", "manifest.json")}
        manifest_hash = manifest_short_hash(json.loads(files["manifest.json"]))
        audit = audit_block(DEMO.name, files["results.json"], manifest_hash)
        cards = {}
        for name in CARDS:
            path = out / f"spt-{slug(name)}-2015.pdf"
            cards[name] = render_card(CardJob(run.published, name, audit, path, files))
    return DemoReport(code, out, out / "spt-monitor-2015.pdf", cards, run, audit, html)


def render_demo_regions(base: Path) -> DemoRegions:
    from evaluation.cli import main

    out, html = base / "regions", base / "html"
    with environment(html):
        assert main(["regions", "--survey", str(DEMO), "--out", str(out)]) == 0
    return DemoRegions(out, out / "regions.pdf", html)
