"""Walk real-shaped exports (tests/real_exports.py) through `spt-eval serve` in Debian's chromium
as a non-programmer would (issue 26): upload the export (with the survey tool's questionnaire
file beside it, or on the run's page when the page asks for it), save the page's proposed
mapping, decide the rows the page asks about as tests, and read where the page ends: the
demo's 47 valid respondents, or a stop in one Dutch line. One line per export; screenshots of
every state at 1280 and 800 px go to reports/screenshots/exports-*.png. A script, not a test
module (a fresh server per export: about a minute).

    .venv/bin/python tests/web_walk_exports.py [SHAPE ...]
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from corpus_definitions import DEFINITION  # noqa: E402 - beside this script
from real_exports import SHAPES  # noqa: E402
from web_server import served  # noqa: E402

from evaluation.inputs.codebook import load_codebook  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "reports" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=nl"]
# (shape, survey file given with the export on the upload page)
WALKS = [
    ("limesurvey_codes_csv", False),
    ("qualtrics_numeric_csv", True),
    ("surveymonkey_expanded_csv", False),
    ("forms_nl_xlsx", False),
    ("limesurvey_full_csv", False),
    ("limesurvey_abbreviated_csv", False),
]
SAVE = "Koppeling opslaan en opnieuw controleren"
TESTS = "#testrijen button[value=test]"
COUNTS = re.compile(r"Gelezen = geldig \+ quarantaine \+ uitgesloten: (.*?)\.")
STOP = re.compile(r"Het rapport kan zo niet worden gemaakt: (.*)")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"exports-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def click(page, name: str) -> None:
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name=name, exact=True).first.click()


def walk(browser, shape: str, beside: bool, tmp: Path) -> str:
    """Follow what the page says for one export; the line that says where it ended."""
    codebook = load_codebook()
    tmp.mkdir(parents=True)
    export = SHAPES[shape](tmp, codebook)
    definition = DEFINITION[shape](tmp, codebook) if shape in DEFINITION else None
    with served(tmp / "site", max_upload_mb=5) as (base, *_):
        page = browser.new_page(base_url=base, viewport={"width": 1280, "height": 900})
        page.goto("/nieuw")
        page.set_input_files("#bestand", str(export))
        steps = []
        if beside and definition is not None:
            page.set_input_files("#vragenlijst", str(definition))
            steps.append("upload met vragenlijst")
        click(page, "Controleren")
        for n in range(6):
            shot(page, f"{shape}-{n}")
            main = page.inner_text("main")
            if page.locator("#vragenlijst").count() and definition and "vragenlijst" not in steps:
                page.set_input_files("#vragenlijst", str(definition))
                click(page, "Koppelen met de vragenlijst")
                steps.append("vragenlijst")
            elif page.get_by_role("button", name=SAVE).count():
                click(page, SAVE)
                steps.append("koppeling")
            elif page.locator(TESTS).count():  # every listed row (or the one) as a test
                with page.expect_navigation(timeout=120_000):
                    page.locator(TESTS).first.click()
                steps.append("testrijen")
            else:
                break
        page.close()
    counts, stop = COUNTS.search(main), STOP.search(main)
    where = f"stop: {stop.group(1)}" if stop else counts.group(1) if counts else main[:200]
    return f"{shape:28} stappen: {', '.join(steps) or '-':40} {where}"


def main() -> int:
    wanted = set(sys.argv[1:])
    tmp = Path(tempfile.mkdtemp(prefix="web-walk-exports-"))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for i, (shape, beside) in enumerate(WALKS):
                    if not wanted or shape in wanted:
                        print(walk(browser, shape, beside, tmp / str(i)), flush=True)
            finally:
                browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
