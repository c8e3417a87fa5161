"""The web page end to end in a real headless browser (Debian's chromium driven by Playwright):
upload the demo export and a broken one, accept a mapping proposal, render, download the PDF
and read its text, keep the wave in the store and verify the report (issue 15); a year proposed
and confirmed or warned when taken, two tabs rendering their own export with the chapter over the
years, a run made again with fewer outputs offering only the new files, an unknown SPT name mapped,
malformed numbers refused with a Dutch 4xx, and SIGTERM during a render leaving no process
(issue 24).

Screenshots of every page go to reports/screenshots/ (not committed) to be looked at.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from web_server import ROOT, served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "reports" / "screenshots"
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
MONITOR = ROOT / "surveys" / "monitor_demo"
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
    context.set_default_timeout(180_000)  # a verify or render on a busy machine takes a while
    page = context.new_page()
    problems: list[str] = []  # a CSP violation or script error shows up on the console
    refused = "Failed to load resource: the server responded with a status of 4"  # expected 413

    def heard(m):
        if m.type == "error" and not m.text.startswith(refused):
            problems.append(f"{page.url}: {m.text} {m.location}")

    page.on("console", heard)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


def shot(page, name: str) -> None:
    """The page as it is, at 1280 and at 800 pixels wide (then back to 1280)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (800, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def upload(page, path: Path, name: str | None = None) -> None:
    """Upload an export on the new-export page and land on its run's page."""
    page.goto("/nieuw")
    if name is None:
        page.set_input_files("#bestand", str(path))
    else:
        page.set_input_files(
            "#bestand", {"name": name, "mimeType": "text/csv", "buffer": path.read_bytes()}
        )
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Controleren", exact=True).click()


def click(page, button: str, timeout: float = 120_000) -> None:
    """Click a plain form's button and wait for the page it leads to."""
    with page.expect_navigation(timeout=timeout):
        page.get_by_role("button", name=button, exact=True).click()


def submit(page, button: str, timeout: float = 120_000) -> None:
    """Click an htmx form's button and wait until htmx has swapped in the server's answer."""
    with page.expect_response(lambda r: r.request.method == "POST", timeout=timeout):
        page.get_by_role("button", name=button, exact=True).click()
    busy = page.locator(".htmx-request, .htmx-settling, .htmx-swapping")
    sync_api.expect(busy).to_have_count(0, timeout=timeout)


def confirm(page, year: int, cards: bool = False, audit: bool = False) -> None:
    """Set the year and choices of the run on the page (opened again once confirmed)."""
    if page.locator("#jaar details:not([open])").count():
        page.locator("#jaar summary").click()
    page.fill("#year", str(year))
    page.set_checked("#per_spt", cards)
    page.set_checked("#audit", audit)
    again = page.get_by_role("button", name="Jaar en keuzes bevestigen").count()
    click(page, "Jaar en keuzes bevestigen" if again else "Jaar bevestigen")


def run_of(site, year: int) -> str:
    """The id of the run (here only one) whose renders made the report of `year`."""
    pdf = next((site[1] / "runs").glob(f"*/uitvoer-*/spt-monitor-{year}.pdf"))
    return pdf.parent.parent.name


def pdf_text(page, link: str, tmp: Path) -> str:
    with page.expect_download() as d:
        page.get_by_role("link", name=link).click()
    pdf = tmp / f"{page.url.rsplit('/', 1)[1].split('#')[0]}.pdf"
    d.value.save_as(pdf)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


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
    shot(page, "01-start-leeg")
    page.goto("/nieuw")
    shot(page, "02-nieuw")
    page.goto("/opties")
    shot(page, "03-standaardkeuzes")


def test_a_broken_export_shows_its_problems_by_reason_and_the_quarantine(page, tmp_path):
    upload(page, broken_export(tmp_path))
    text = page.inner_text("main")
    assert "Controle van kapot.csv" in text
    assert "Gelezen = geldig + quarantaine + uitgesloten: 47 = 45 + 2 + 0 (klopt)" in text
    assert "dubbel" in text.lower() or "komt al voor" in text
    assert "onbekend servicepunt 'Atlantis'" in text
    assert "buiten de schaal" in text
    shot(page, "04-run-kapot")
    with page.expect_download() as d:
        page.get_by_role("link", name="Quarantaine downloaden (CSV)").click()
    rows = Path(d.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("rij;redenen;") and len(rows) == 3


def test_unplaced_columns_get_proposals_that_can_be_changed_and_saved(page, site, tmp_path):
    """Two columns the export names otherwise: the page proposes each from its answers (the
    register's names; the codebook's answer labels), the user may change a proposal, and
    saving places them. (An export headed by bare question codes stops instead: it needs the
    questionnaire file, tests/test_web_runs.py.)"""
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace("Servicepunt Techniek", "Naam SPT", 1)
    text = text.replace("Achtergrond van de betrokkene", "Wie bent u", 1)
    path = tmp_path / "kolommen_hernoemd.csv"
    path.write_text(text, encoding="utf-8")
    upload(page, path)
    assert "herkent de kolommen van" in page.inner_text("main")
    shot(page, "05-run-koppeling")
    first = page.locator("select[id^=kolom-]").first
    assert first.input_value() == "spt"  # the SPT column, proposed from its answers
    other = page.locator("select[id^=kolom-]").nth(1)
    choice = other.input_value()
    assert choice == "achtergrond"  # its answers are the codebook's labels of that question
    other.select_option("")  # change one proposal: leave it unplaced ...
    other.select_option(choice)  # ... and take it back: the user decides, then saves
    click(page, "Koppeling opslaan en opnieuw controleren")
    text = page.inner_text("main")
    assert "De koppeling is opgeslagen" in text and "47 = 47 + 0 + 0 (klopt)" in text
    mapping = (site[2] / "spt2015" / "mapping.yaml").read_text(encoding="utf-8")
    assert '"Naam SPT": spt' in mapping and '"Wie bent u": achtergrond' in mapping


def test_an_oversized_upload_is_refused_on_the_page(page, tmp_path):
    big = tmp_path / "groot.csv"
    big.write_bytes(DEMO.read_bytes() * 100)  # 1,6 MB; the limit here is 1 MB
    upload(page, big)
    assert "groter dan de grens van 1 MB" in page.inner_text("#uitkomst")


def test_the_demo_export_renders_is_verified_and_goes_into_the_monitor(page, site, tmp_path):
    upload(page, DEMO)
    assert "47 = 47 + 0 + 0 (klopt)" in page.inner_text("main")
    assert page.get_by_role("button", name="Rapport maken").is_disabled()  # no year yet
    confirm(page, 2015, cards=True, audit=True)
    click(page, "Rapport maken")
    shot(page, "06-run-bezig")
    page.wait_for_selector("text=Klaar: het rapport van 2015", timeout=240_000)
    assert "Tevredenheidsscore (1-5), landelijk" in page.inner_text("#maken")
    shot(page, "07-run-klaar")
    text = pdf_text(page, "Jaarrapport (PDF)", tmp_path)
    assert "Tevredenheid" in text and "2015" in text and "Over de jaren" not in text
    assert DEMO.name in text and "enquete-2015" not in text  # the user's file, not the copy's
    with page.expect_download() as d:
        page.get_by_role("link", name="Kaarten per servicepunt (ZIP)").click()
    with zipfile.ZipFile(d.value.path()) as z:
        names = z.namelist()
    assert len(names) == 10 and all(n.startswith("spt-") and n.endswith("-2015.pdf") for n in names)
    links = page.inner_text("ul.downloads")
    assert "Auditwerkmap" in links and "Tabellen" in links and "results.json" in links
    click(page, "Nu controleren")
    assert "Alles klopt" in page.inner_text("#maken")
    click(page, "Opslaan in de monitor")
    assert "2015: toegevoegd in de monitor" in page.inner_text("#maken")
    page.goto("/")
    row = page.inner_text("table.jaren tbody tr")
    assert row.startswith("2015") and "47 geldig" in row
    shot(page, "08-start-jaar")


def test_a_2016_export_proposes_2016_and_a_year_already_in_the_monitor_is_warned(page):
    upload(page, MONITOR / "responses_2016.csv", "meting.csv")
    assert "Voorgesteld: 2016" in page.inner_text("#jaar") and page.input_value("#year") == "2016"
    assert page.get_by_role("button", name="Rapport maken").is_disabled()
    assert "Bevestig eerst het jaar." in page.inner_text("#maken")
    confirm(page, 2015)  # 2015 is in the monitor (the demo, stored above)
    assert "Let op: voor 2015 staat al een ander bestand in de monitor (demo_responses.csv)" in (
        page.inner_text("#jaar")
    )
    shot(page, "09-run-jaar-bezet")
    confirm(page, 2016)
    assert "Let op" not in page.inner_text("main") and "2016 (bevestigd)" in page.inner_text("main")
    assert page.get_by_role("button", name="Rapport maken").is_enabled()


def test_two_tabs_render_their_own_export_and_the_year_must_be_confirmed(page, tmp_path):
    """Tab A has the 2016 export, tab B the 2017 one; both render at once, each its own year,
    and with 2015 in the monitor each report has its chapter over the years."""
    other = page.context.new_page()
    try:
        upload(page, MONITOR / "responses_2016.csv")
        upload(other, MONITOR / "responses_2017.csv")
        text = page.inner_text("main")
        assert "Voorgesteld: 2016" in text and page.input_value("#year") == "2016"
        assert "Over de jaren" in text
        assert page.get_by_role("button", name="Rapport maken").is_disabled()
        shot(page, "09-run-jaar-voorstel")
        confirm(page, 2016)
        confirm(other, 2017)
        click(page, "Rapport maken")
        click(other, "Rapport maken")
        page.wait_for_selector("text=Klaar: het rapport van 2016", timeout=300_000)
        other.wait_for_selector("text=Klaar: het rapport van 2017", timeout=300_000)
        text16, text17 = (
            pdf_text(page, "Jaarrapport (PDF)", tmp_path),
            pdf_text(other, "Jaarrapport (PDF)", tmp_path),
        )
        assert "SPT-monitor 2016" in text16 and "Over de jaren" in text16
        assert "SPT-monitor 2017" in text17 and "Over de jaren" in text17
        for tab in (page, other):  # the result page compares with the stored year too
            assert "Wat is veranderd sinds 2015" in tab.inner_text("#samenvatting")
        assert "Kaarten per servicepunt" not in page.inner_text("#maken")
    finally:
        other.close()


def test_an_uploaded_report_is_verified_with_its_data(page, site):
    out = next((site[1] / "runs").glob("*/uitvoer-1/spt-monitor-2015.pdf")).parent
    page.goto("/controleren")
    page.set_input_files("#rapport", str(out / "spt-monitor-2015.pdf"))
    page.set_input_files("#data", str(out / DEMO.name))  # kept under the name uploaded
    submit(page, "Rapport controleren")
    assert "Alles klopt" in page.inner_text("#uitkomst")
    assert not any((site[1] / "uploads").iterdir())  # nothing of the upload is kept
    shot(page, "10-controleren-upload")


def test_made_again_with_fewer_outputs_only_the_new_files_are_offered(page, site, tmp_path):
    """The demo's run, made with cards and audit workbook above, made again without them."""
    run_id = run_of(site, 2015)
    page.goto(f"/run/{run_id}")
    assert "Kaarten per servicepunt (ZIP)" in page.inner_text("ul.downloads")
    confirm(page, 2015)  # no cards, no audit workbook
    click(page, "Opnieuw maken")
    page.wait_for_selector("#maken h3:text('Klaar: het rapport van 2015')", timeout=240_000)
    links = page.inner_text("ul.downloads")
    assert "Jaarrapport (PDF)" in links and "Tabellen" in links and "results.json" in links
    assert "Kaarten per servicepunt" not in links and "Auditwerkmap" not in links
    assert "Quarantaine" not in links
    for kind in ("kaarten", "auditwerkmap"):  # nor by the earlier render's address
        assert page.request.get(f"/run/{run_id}/bestand/{kind}").status == 404, kind
    assert "Tevredenheid" in pdf_text(page, "Jaarrapport (PDF)", tmp_path)
    shot(page, "12-run-opnieuw-minder")


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` now (read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_during_a_render_stops_it_and_the_run_is_broken_off(browser, tmp_path):
    with served(tmp_path) as (base, work, _, _, process):
        context = browser.new_context(base_url=base, locale="nl-NL")
        context.set_default_timeout(180_000)
        try:
            tab = context.new_page()
            upload(tab, DEMO)
            confirm(tab, 2015, cards=True)
            click(tab, "Rapport maken")
            tab.wait_for_selector("text=Bezig met rapport en kaarten", timeout=240_000)
            below = _descendants(process.pid)
            assert below  # the render and its workers
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(_alive(p) for p in below):
                time.sleep(0.1)
            assert not [p for p in below if _alive(p)]
            run = json.loads(next((work / "runs").glob("*/run.json")).read_text("utf-8"))
            assert run["status"] == "afgebroken"
            tab.wait_for_selector("#verbinding:not([hidden])", timeout=10_000)
            assert "reageert niet meer" in tab.inner_text("#verbinding")
            shot(tab, "11-run-server-weg")
        finally:
            context.close()


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
    upload(page, DEMO, "..")
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


def test_an_unknown_spt_name_is_mapped_to_a_register_spt_on_the_page(page, tmp_path):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].split(";")[0] + ";SPT Tukkers;" + lines[5].split(";", 2)[2]
    export = tmp_path / "tukkers.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    upload(page, export)
    text = page.inner_text("main")
    assert "47 = 46 + 1 + 0 (klopt)" in text and "Servicepunten die het register niet kent" in text
    page.select_option("#spt-0", "Twente")
    shot(page, "13-run-onbekend-spt")
    click(page, "Bewaren als andere naam")
    text = page.inner_text("main")
    assert "47 = 47 + 0 + 0 (klopt)" in text and "Opgeslagen bij de enquêtemap" in text
    assert "Servicepunten die het register niet kent" not in text


def test_malformed_numbers_give_a_dutch_4xx_on_the_page(page, site):
    run_id, log = run_of(site, 2015), site[1] / "serve.log"  # renders above wrote to it
    before = log.stat().st_size if log.exists() else 0
    for path in ("/run/" + "9" * 5000, f"/run/{run_id}/bestand/" + "9" * 5000, "/run/ABC"):
        response = page.goto(path)
        assert response.status in (404, 422), path
        assert page.inner_text("#uitkomst").startswith("fout: "), path
    for year in ("²", "9" * 5000):  # past the browser's own check, as a crafted form would be
        page.goto(f"/run/{run_id}")
        page.locator("#jaar summary").click()
        page.eval_on_selector("#year", "e => { e.type = 'text'; e.removeAttribute('max'); }")
        page.fill("#year", year)
        with page.expect_navigation():
            page.get_by_role("button", name="Jaar en keuzes bevestigen").click()
        assert page.inner_text("#uitkomst").startswith("fout: ongeldige keuze bij 'Jaar'")
    page.goto(f"/run/{run_id}")
    assert "2015 (bevestigd)" in page.inner_text("main")  # the run kept its year
    assert (log.stat().st_size if log.exists() else 0) == before  # no log line for any


def test_no_page_broke_its_content_policy_or_scripts(page):
    assert page.problems == []
