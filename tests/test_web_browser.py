"""The web page end to end in a real headless browser (Debian's chromium driven by Playwright):
upload the demo export and a broken one, accept a mapping proposal, render, download the PDF
and read its text, keep the wave in the store and verify the report (issue 15).

Screenshots of every page go to reports/screenshots/ (not committed) to be looked at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from build_exports import limesurvey_codes_xlsx
from web_server import ROOT, served

from evaluation.inputs.codebook import load_codebook

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "reports" / "screenshots"
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
ARGS = [  # no sandbox as root; nothing of Chromium's own goes over the network
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nl",  # the browser's own texts (file picker) in Dutch, as for the users
    "--host-resolver-rules=MAP rebind.example 127.0.0.1",  # a rebound name, for one test
]

if not Path(CHROMIUM).exists():  # `make test` installs it; only a bare pytest may lack it
    if os.environ.get("CI"):
        raise RuntimeError("chromium ontbreekt: `make test` installeert het")
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served(tmp_path_factory.mktemp("browser"), max_upload_mb=1) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, site):
    context = browser.new_context(
        base_url=site[0],
        locale="nl-NL",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    problems: list[str] = []  # a CSP violation or script error shows up on the console
    refused = "Failed to load resource: the server responded with a status of 4"  # expected 413

    def heard(m):
        if m.type == "error" and not m.text.startswith(refused):
            problems.append(m.text)

    page.on("console", heard)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def upload(page, path: Path, name: str | None = None) -> None:
    page.goto("/nieuw")
    if name is None:
        page.set_input_files("#bestand", str(path))
    else:
        page.set_input_files(
            "#bestand", {"name": name, "mimeType": "text/csv", "buffer": path.read_bytes()}
        )
    submit(page, "Controleren")


def submit(page, button: str, timeout: float = 120_000) -> None:
    """Click a form's button and wait until htmx has swapped in the server's answer."""
    with page.expect_response(lambda r: r.request.method == "POST", timeout=timeout):
        page.get_by_role("button", name=button, exact=True).click()
    busy = page.locator(".htmx-request, .htmx-settling, .htmx-swapping")
    sync_api.expect(busy).to_have_count(0, timeout=timeout)


def broken_export(tmp: Path) -> Path:
    """The demo with a duplicated respondent number, an unknown SPT and an answer off scale."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[3] = "DEMO-001;" + lines[3].split(";", 1)[1]
    lines[5] = lines[5].split(";")[0] + ";Atlantis;" + lines[5].split(";", 2)[2]
    cells = lines[7].split(";")
    cells[5] = "7"
    lines[7] = ";".join(cells)
    path = tmp / "kapot.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_start_page_says_there_is_nothing_yet(page):
    page.goto("/")
    assert "Er staan nog geen jaren in de monitor" in page.inner_text("main")
    shot(page, "1-start-leeg")


def test_a_broken_export_shows_its_problems_by_reason_and_the_quarantine(page, tmp_path):
    upload(page, broken_export(tmp_path))
    text = page.inner_text("#uitkomst")
    assert "Gelezen = geldig + quarantaine + uitgesloten: 47 = 45 + 2 + 0 (klopt)" in text
    assert "dubbel" in text.lower() or "komt al voor" in text
    assert "onbekend servicepunt 'Atlantis'" in text
    assert "buiten de schaal" in text
    shot(page, "2-nieuw-kapot")
    with page.expect_download() as d:
        page.get_by_role("link", name="Quarantaine downloaden (CSV)").click()
    rows = Path(d.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("rij;redenen;") and len(rows) == 3


def test_unplaced_columns_get_proposals_that_can_be_changed_and_saved(page, site, tmp_path):
    path, _, truth = limesurvey_codes_xlsx(tmp_path, load_codebook())
    upload(page, path)
    assert "herkent de kolommen van deze export nog niet" in page.inner_text("#uitkomst")
    shot(page, "3-nieuw-koppeling")
    first = page.locator("select[id^=kolom-]").first
    assert first.input_value() == truth["G1Q1"]  # the SPT column, proposed from its answers
    wrong = page.locator("select[id^=kolom-]").nth(1)
    choice = wrong.input_value()
    wrong.select_option("")  # change one proposal: leave it unplaced ...
    wrong.select_option(choice)  # ... and take it back: the user decides, then saves
    submit(page, "Koppeling opslaan en opnieuw controleren")
    assert "De koppeling is opgeslagen" in page.inner_text("#uitkomst")
    text = page.inner_text("#uitkomst")
    assert "Herkend als export van LimeSurvey" in text and "47 = 47 + 0 + 0 (klopt)" in text
    mapping = (site[2] / "spt2015" / "mapping.yaml").read_text(encoding="utf-8")
    assert '"G1Q1": spt' in mapping
    shot(page, "4-nieuw-gekoppeld")


def test_an_oversized_upload_is_refused_on_the_page(page, tmp_path):
    big = tmp_path / "groot.csv"
    big.write_bytes(DEMO.read_bytes() * 100)  # 1,6 MB; the limit here is 1 MB
    upload(page, big)
    assert "groter dan de grens van 1 MB" in page.inner_text("#uitkomst")


def test_the_demo_export_renders_and_the_pdf_says_what_the_report_says(page, tmp_path):
    upload(page, DEMO)
    assert "47 = 47 + 0 + 0 (klopt)" in page.inner_text("#uitkomst")
    shot(page, "5-nieuw-demo")
    page.goto("/opties")
    page.fill("#year", "2015")
    page.check("#per_spt")
    page.check("#audit")
    submit(page, "Opties opslaan")
    assert "De opties zijn opgeslagen" in page.inner_text("#uitkomst")
    shot(page, "6-opties")
    page.goto("/maken")
    submit(page, "Rapport maken")
    shot(page, "7-maken-bezig")
    page.wait_for_selector("text=Klaar: het rapport van 2015", timeout=240_000)
    shot(page, "8-maken-klaar")
    with page.expect_download() as d:
        page.get_by_role("link", name="Jaarrapport (PDF)").click()
    pdf = tmp_path / "rapport.pdf"
    d.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Tevredenheid" in text and "2015" in text
    with page.expect_download() as d:
        page.get_by_role("link", name="Kaarten per servicepunt (ZIP)").click()
    with zipfile.ZipFile(d.value.path()) as z:
        names = z.namelist()
    assert len(names) == 10 and all(n.startswith("spt-") and n.endswith("-2015.pdf") for n in names)
    links = page.inner_text("ul.downloads")
    assert "Auditwerkmap" in links and "Tabellen" in links and "results.json" in links


def test_the_year_goes_into_the_monitor_and_shows_on_the_start_page(page, site):
    page.goto("/maken")
    submit(page, "Opslaan in de monitor")
    assert "2015: toegevoegd in de monitor" in page.inner_text("#uitkomst")
    assert site[3].is_file()
    page.goto("/")
    row = page.inner_text("table.jaren tbody tr")
    assert row.startswith("2015") and "47 geldig" in row and "PDF" in row and "ZIP" in row
    shot(page, "9-start-jaar")


def test_the_years_report_is_verified_from_the_start_page(page):
    page.goto("/")
    page.get_by_role("button", name="Nu controleren").click()
    page.wait_for_selector("text=Alles klopt", timeout=120_000)
    assert "invoer: enquêtebestand" in page.inner_text("#uitkomst")
    shot(page, "10-controleren-jaar")
    page.goto("/")
    assert "klopt" in page.inner_text("table.jaren tbody tr")


def test_an_uploaded_report_is_verified_with_its_data(page, site, tmp_path):
    pdf = site[1] / "2015" / "spt-monitor-2015.pdf"
    page.goto("/controleren")
    page.set_input_files("#rapport", str(pdf))
    page.set_input_files("#data", str(site[1] / "2015" / "enquete-2015.csv"))
    submit(page, "Rapport controleren")
    assert "Alles klopt" in page.inner_text("#uitkomst")
    shot(page, "11-controleren-upload")


def test_a_post_whose_token_was_stripped_is_refused_on_the_page(page):
    def strip(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "x-spt-token"}
        route.continue_(headers=headers)

    page.goto("/opties")
    page.route("**/opties", strip)
    try:
        submit(page, "Opties opslaan")
    finally:
        page.unroute("**/opties")
    assert "de sessiesleutel ontbreekt of klopt niet" in page.inner_text("#uitkomst")


def test_a_file_name_that_climbs_out_is_refused_on_the_page(page, site):
    page.goto("/nieuw")
    page.set_input_files(
        "#bestand", {"name": "..", "mimeType": "text/csv", "buffer": DEMO.read_bytes()}
    )
    submit(page, "Controleren")
    assert "ongeldige bestandsnaam" in page.inner_text("#uitkomst")


def test_a_foreign_host_name_pointing_here_is_refused(browser, site):
    """DNS rebinding: another name that resolves to 127.0.0.1 must not reach the page (nor its
    stylesheet: the refusal comes unstyled, in its own context here)."""
    port = site[0].rsplit(":", 1)[1]
    context = browser.new_context(locale="nl-NL")
    try:
        rebound = context.new_page()
        response = rebound.goto(f"http://rebind.example:{port}/")
        assert response.status == 400
        assert "alleen bereikbaar als 127.0.0.1 of localhost" in rebound.inner_text("#uitkomst")
        assert "Jaren in de monitor" not in rebound.inner_text("main")
    finally:
        context.close()


def test_no_page_broke_its_content_policy_or_scripts(page):
    assert page.problems == []
