"""Walk issue 24's findings 1-8 as a new user would, in Debian's chromium on a fresh
`spt-eval serve`, and print one line per check (pass/fail). A script, not a test module (it
renders several reports: minutes, too long for the suite); screenshots of every page at 1280
and 800 px go to reports/screenshots/walk-*.png.

    .venv/bin/python tests/web_walk.py [--keep]    # --keep: leave the temporary folder
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_server import served  # noqa: E402 - beside this script

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "reports" / "screenshots"
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
Y2016 = ROOT / "surveys" / "monitor_demo" / "responses_2016.csv"
Y2017 = ROOT / "surveys" / "monitor_demo" / "responses_2017.csv"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=nl"]
CLI_WORDS = re.compile(
    r"(?<!versie van )spt-eval|(?<![\w-])--\w|\w+\.yaml|SPT_EVAL_|may_be_missing|aliases"
    r"|earlier_wordings|(?<![\w ])export\.csv"
)
RESULTS: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append((name, bool(ok), detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}{'  -- ' + detail if detail and not ok else ''}")


class Walk:
    def __init__(self, page, base: str, work: Path, tmp: Path) -> None:
        self.page, self.base, self.work, self.tmp = page, base, work, tmp
        self.seen: list[tuple[str, str]] = []
        self.shots = 0

    def look(self, name: str) -> str:
        """The page's visible text, kept for the word scan; screenshots at 800 and 1280 px."""
        text = self.page.inner_text("body")
        self.seen.append((self.page.url, text))
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (800, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=str(SHOTS / f"walk-{name}-{width}.png"), full_page=True)
        return text

    def upload(self, path: Path, name: str | None = None) -> str:
        self.page.goto(self.base + "/nieuw")
        files = {"name": name or path.name, "mimeType": "text/csv", "buffer": path.read_bytes()}
        self.page.set_input_files("#bestand", files)
        with self.page.expect_navigation(timeout=120_000):
            self.page.get_by_role("button", name="Controleren", exact=True).click()
        return self.page.url.rsplit("/", 1)[1].split("#")[0].split("?")[0]

    def button(self, name: str, timeout: float = 300_000) -> None:
        with self.page.expect_navigation(timeout=timeout):
            self.page.get_by_role("button", name=name, exact=True).first.click()

    def confirm(self, year: int | None = None, cards=False, audit=False) -> None:
        if self.page.locator("#jaar details:not([open])").count():  # collapsed once confirmed
            self.page.locator("#jaar summary").click()
        if year is not None:
            self.page.fill("#year", str(year))
        self.page.set_checked("#per_spt", cards)
        self.page.set_checked("#audit", audit)
        label = "Jaar bevestigen"
        if self.page.get_by_role("button", name="Jaar en keuzes bevestigen").count():
            label = "Jaar en keuzes bevestigen"
        self.button(label)

    def run_json(self, run_id: str) -> dict:
        return json.loads((self.work / "runs" / run_id / "run.json").read_text("utf-8"))

    def render(self, run_id: str, seconds: float = 600) -> dict:
        self.page.goto(f"{self.base}/run/{run_id}")
        self.button("Opnieuw maken" if self.run_json(run_id)["render"] else "Rapport maken")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            info = self.run_json(run_id)
            if info["status"] != "bezig":
                self.page.goto(f"{self.base}/run/{run_id}")
                return info
            time.sleep(1)
        raise RuntimeError("render did not end")

    def links(self) -> list[str]:
        return [a.get_attribute("href") or "" for a in self.page.locator("a").all()]


def pdf_text(data: bytes, tmp: Path) -> str:
    pdf = tmp / "x.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def processes_below(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-eo", "pid,ppid,pgid"], capture_output=True, text=True).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines()[1:] if line.strip()]
    found, grow = {pid}, True
    while grow:
        grow = False
        for p, parent, _ in rows:
            if parent in found and p not in found:
                found.add(p)
                grow = True
    return found - {pid}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def walk(tmp: Path, browser) -> None:
    with served(tmp / "a", max_upload_mb=5) as (base, work, surveys, store, server):
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(120_000)
        page = context.new_page()
        w = Walk(page, base, work, tmp)
        page.goto(base + "/")
        w.look("start-leeg")

        # --- finding 1: the year comes from the export ------------------------------------
        r15 = w.upload(DEMO, "spt_2015.csv")
        w.confirm(2015, cards=True, audit=True)
        info = w.render(r15)
        w.look("run-2015-klaar")
        w.button("Opslaan in de monitor")
        text = w.look("run-2015-opgeslagen")
        check(
            "1a 2015 rendered and kept in the monitor",
            info["status"] == "klaar" and "toegevoegd" in text,
            text[:200],
        )

        r16 = w.upload(Y2016)
        text = w.look("run-2016-nieuw")
        maken = page.get_by_role("button", name="Rapport maken")
        check(
            "1b a 2016 export proposes 2016 and the render waits for the confirmation",
            "Voorgesteld: 2016" in text and maken.is_disabled(),
            text[:300],
        )
        page.fill("#year", "2015")
        w.button("Jaar bevestigen")
        text = w.look("run-2016-als-2015")
        check(
            "1c a 2016 export confirmed as 2015 is warned (dates, year taken)",
            "Let op" in text and "2015" in text and "monitor" in text,
            text[:400],
        )
        w.confirm(2016)
        text = page.inner_text("body")
        check("1d confirmed as 2016: no warning", "Let op" not in text, text[:300])

        r17 = w.upload(Y2017)
        page.fill("#year", "2018")
        w.button("Jaar bevestigen")
        text = w.look("run-2017-als-2018")
        check(
            "1e a 2017 export confirmed as 2018 is warned",
            "Let op" in text and "2017" in text,
            text[:300],
        )
        w.upload(DEMO, "nogmaals.csv")
        page.fill("#year", "2016")
        w.button("Jaar bevestigen")
        text = page.inner_text("body")
        check(
            "1f the same file as stored 2015 is said",
            "Let op" in text and "2015" in text,
            text[:300],
        )

        # --- finding 2: only this render's files --------------------------------------------
        page.goto(f"{base}/run/{r15}")
        w.confirm(None, cards=False, audit=False)
        w.render(r15)
        links = w.links()
        kinds = [x.rsplit("/", 1)[1] for x in links if "/bestand/" in x]
        stale = httpx.get(f"{base}/run/{r15}/bestand/kaarten").status_code
        check(
            "2a re-made without cards and audit workbook: only the new files offered",
            "kaarten" not in kinds and "auditwerkmap" not in kinds and stale == 404,
            f"{kinds} {stale}",
        )
        check(
            "2b no quarantine of another export offered",
            not any("quarantaine" in x for x in links),
            str(links),
        )
        w.button("Nu controleren")
        text = w.look("run-2015-gecontroleerd")
        check(
            "2c 'Nu controleren' checks every file of the run", "Alles klopt" in text, text[-600:]
        )

        # --- finding 3: the monitor from the page --------------------------------------------
        info = w.render(r16)
        w.button("Opslaan in de monitor")
        text = page.inner_text("body")
        check(
            "3a 2016 kept beside 2015",
            info["status"] == "klaar" and "toegevoegd" in text,
            text[:200],
        )
        page.goto(f"{base}/run/{r17}")
        w.confirm(2017)
        w.render(r17)
        text = w.look("run-2017-klaar")
        pdf = pdf_text(httpx.get(f"{base}/run/{r17}/bestand/rapport").content, tmp)
        check(
            "3b the page's 2017 report has 'Over de jaren' and its Samenvatting first",
            "Over de jaren" in pdf
            and "Samenvatting 2017" in text
            and text.index("Samenvatting 2017") < text.index("Controle van"),
            pdf[:100],
        )
        w.button("Opslaan in de monitor")
        page.goto(base + "/")
        text = w.look("start-drie-jaren")
        w.button("Rapport 2016 maken")
        stored16 = page.url.split("/run/")[1].split("#")[0]
        w.render(stored16)
        pdf = pdf_text(httpx.get(f"{base}/run/{stored16}/bestand/rapport").content, tmp)
        check(
            "3c a stored year re-rendered from the start page",
            "SPT-monitor 2016" in pdf and "Over de jaren" in pdf,
        )
        page.goto(base + "/")
        w.button("Controleer 2016")
        text = w.look("controle-2016-monitor")
        check(
            "3d a stored year verified without its export",
            "Alles klopt" in text and "tegen de monitor" in text,
            text[-500:],
        )

        # --- finding 4: every fix on the page, no terminal words ------------------------------
        lines = DEMO.read_text(encoding="utf-8").splitlines()
        lines[4] = lines[4].split(";")[0] + ";Atlantis;" + lines[4].split(";", 2)[2]
        odd = tmp / "mijn export.csv"
        odd.write_text("\n".join(lines) + "\n", encoding="utf-8")
        w.upload(odd)
        text = w.look("run-onbekend-spt")
        quarantined = any("/quarantaine" in x for x in w.links())  # this run's own
        check(
            "4a messages name the user's file",
            "mijn export.csv" in text and "export.csv" not in text.replace("mijn export.csv", ""),
        )
        page.select_option("#spt-0", "Achterhoek")
        w.button("Bewaren als andere naam")
        text = w.look("run-alias")
        check(
            "4b an unknown SPT name mapped on the page",
            "Servicepunten die het register niet kent" not in text,
            text[:300],
        )

        page.goto(f"{base}/run/{r15}")
        check(
            "2d the quarantine of another export is not offered on this run's page",
            quarantined and not any("/quarantaine" in x for x in w.links()),
        )
        renamed = DEMO.read_text(encoding="utf-8").replace("Servicepunt Techniek", "Naam SPT", 1)
        moved = tmp / "kolom_hernoemd.csv"
        moved.write_text(renamed, encoding="utf-8")
        w.upload(moved)
        w.look("run-kolom-hernoemd")
        w.button("Koppeling opslaan en opnieuw controleren")
        text = w.look("run-kolom-gekoppeld")
        page.locator("summary", has_text="Opgeslagen koppelingen").click()
        shown = "Naam SPT" in page.inner_text("body")
        w.button("Ongedaan maken")
        text = page.inner_text("body")
        check(
            "4d a saved mapping is seen and undone on the page",
            shown and "Opgeslagen koppelingen" not in text and "Naam SPT" in text,
            text[:300],
        )
        pdf17 = httpx.get(f"{base}/run/{r17}/bestand/rapport").content
        page.goto(base + "/controleren")
        page.set_input_files(
            "#rapport", {"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": pdf17}
        )
        with page.expect_response(lambda r: r.request.method == "POST", timeout=300_000):
            page.get_by_role("button", name="Rapport controleren").click()
        page.wait_for_selector("#uitkomst h3", timeout=300_000)
        text = w.look("controle-upload-zonder-export")
        check(
            "3e an uploaded PDF of a stored year is verified without its export",
            "Alles klopt" in text and "tegen de monitor" in text,
            text[-400:],
        )

        # --- finding 6: tabs ---
        results: dict[int, int] = {}

        def post(i: int) -> None:
            data = DEMO.read_bytes() if i % 2 else Y2016.read_bytes()
            token = re.search(r"token=([\w-]+)", httpx.get(base + "/nieuw").text).group(1)
            r = httpx.post(
                f"{base}/nieuw?token={token}",
                files={"bestand": (f"parallel-{i}.csv", data, "text/csv")},
                data={"survey": "spt2015"},
                headers={"Origin": base},
                follow_redirects=False,
            )
            results[i] = r.status_code
            loc = r.headers.get("location", "")
            run = (
                json.loads((work / "runs" / loc.rsplit("/", 1)[-1] / "run.json").read_text())
                if loc
                else {}
            )
            results[i] = run.get("shown_name") == f"parallel-{i}.csv"

        threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(
            "6a six parallel uploads each get their own outcome",
            all(results.values()) and len(results) == 6,
            str(results),
        )
        tab_b = context.new_page()
        wb = Walk(tab_b, base, work, tmp)
        a = w.upload(DEMO, "tab_a_2015.csv")
        b = wb.upload(Y2016, "tab_b_2016.csv")
        w.confirm(2019)
        wb.confirm(2016)
        w.button("Rapport maken")
        wb.button("Rapport maken")
        for run_id in (a, b):
            while w.run_json(run_id)["status"] == "bezig":
                time.sleep(1)
        ta = pdf_text(httpx.get(f"{base}/run/{a}/bestand/rapport").content, tmp)
        tb = pdf_text(httpx.get(f"{base}/run/{b}/bestand/rapport").content, tmp)
        check(
            "6b two tabs render their own export",
            "SPT-monitor 2019" in ta
            and "SPT-monitor 2016" in tb
            and (work / "runs" / a / "uitvoer-1" / "tab_a_2015.csv").read_bytes()
            == DEMO.read_bytes()
            and (work / "runs" / b / "uitvoer-1" / "tab_b_2016.csv").read_bytes()
            == Y2016.read_bytes(),
        )
        tab_b.close()

        # --- finding 7: malformed numbers -------------------------------------------------------
        log = work / "serve.log"
        before = log.stat().st_size if log.exists() else 0
        codes = [
            httpx.get(f"{base}/run/{r15}/bestand/{'9' * 5000}").status_code,
            httpx.get(f"{base}/jaar/²").status_code,
            httpx.get(f"{base}/run/{'9' * 5000}").status_code,
        ]
        for _ in range(50):
            httpx.get(f"{base}/run/{'9' * 500}")
        after = log.stat().st_size if log.exists() else 0
        check(
            "7a malformed numbers give 4xx, never 500",
            all(400 <= c < 500 for c in codes),
            str(codes),
        )
        check("7b no log growth from 50 bad requests", after == before, f"{before} -> {after}")

        # --- finding 8: hygiene ---
        many = DEMO.read_text(encoding="utf-8").splitlines()
        head, rows = many[0], many[1:]
        extra = [f"TEST-{i};" + rows[0].split(";", 1)[1] for i in range(250)]
        big = tmp / "met_250_testrijen.csv"
        big.write_text("\n".join([head, *rows, *extra]) + "\n", encoding="utf-8")
        w.upload(big)
        page.set_viewport_size({"width": 800, "height": 900})
        height = page.evaluate("document.body.scrollHeight")
        wide = page.evaluate("document.documentElement.scrollWidth")
        w.look("run-250-testrijen")
        check(
            "8a 250 listed rows collapse behind a count (page < 6000 px at 800 px)",
            height < 6000,
            f"{height}px",
        )
        check("8b nothing wider than the window at 800 px", wide <= 800, f"{wide}px")
        page.goto(f"{base}/run/{r15}")
        text = page.inner_text("body")
        check(
            "8c the page says where files are kept and offers 'Verwijder deze run'",
            "Bewaard in" in text and "Verwijder deze run" in text,
        )

        for url, text in w.seen:
            found = CLI_WORDS.search(text)
            if found:
                check(
                    "4c no command, option, key or variable on any page",
                    False,
                    f"{url}: {text[max(0, found.start() - 80) : found.end() + 40]}",
                )
                break
        else:
            check("4c no command, option, key or variable on any page", True)

        # --- finding 5: stopping ---
        page.goto(f"{base}/run/{r16}")
        w.button("Opnieuw maken")
        cancel = page.get_by_role("button", name="Stoppen").count() == 1
        check("8d a render in progress can be cancelled on the page", cancel)
        time.sleep(2)
        children = processes_below(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        time.sleep(2)
        left = [p for p in children if alive(p)]
        status = w.run_json(r16)["status"]
        try:
            page.wait_for_selector("#verbinding", state="visible", timeout=20_000)
            gone = "reageert niet meer" in page.inner_text("#verbinding")
        except Exception:  # noqa: BLE001 - not said within 20 s
            gone = False
        w.look("server-weg")
        check("5d a polling tab says the server is gone", gone)
        check(
            "5a SIGTERM during a render: no process left, run afgebroken",
            not left and status == "afgebroken",
            f"{left} {status}",
        )
        context.close()

    with served(tmp / "b", max_upload_mb=5) as (base, work, surveys, store, server):
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        w = Walk(page, base, work, tmp)
        run_id = w.upload(DEMO)
        w.confirm(2015)
        page.get_by_role("button", name="Rapport maken").click()
        time.sleep(3)
        children = processes_below(server.pid)
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        time.sleep(2)
        left = [p for p in children if alive(p)]
        check("5b Ctrl+C during a render leaves no process", not left, str(left))
        context.close()
    # restart on the same folder: nothing half-made offered
    folder = tmp / "b"
    shutil.rmtree(folder / "surveys")
    with served(folder, max_upload_mb=5) as (base, work, surveys, store, server):
        info = json.loads((work / "runs" / run_id / "run.json").read_text())
        offered = httpx.get(f"{base}/run/{run_id}/bestand/rapport").status_code
        check(
            "5c after a restart the broken-off run is 'afgebroken' and offers nothing",
            info["status"] == "afgebroken" and offered == 404,
            f"{info['status']} {offered}",
        )


def main() -> int:
    keep = "--keep" in sys.argv
    tmp = Path(tempfile.mkdtemp(prefix="web-walk-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            walk(tmp, browser)
        finally:
            browser.close()
            if not keep:
                shutil.rmtree(tmp, ignore_errors=True)
    failed = [r for r in RESULTS if not r[1]]
    print(f"{len(RESULTS) - len(failed)} of {len(RESULTS)} checks pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
