"""The web page's runs (issue 24): every upload is a run with its own id, folder, file name, year
and status; the year comes from the export and is confirmed; only a run's last finished render
is offered; malformed numbers are a Dutch 4xx; old runs go at start; `store add` checks the year
as the page does. Over HTTP, in-process (Starlette's TestClient)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import threading
import time
import warnings

import pytest
from build_exports import limesurvey_csv
from definition_lime import write_export as lime_export
from definition_lime import write_lss
from definition_qualtrics import write_export as qualtrics_export
from definition_qualtrics import write_qsf

from evaluation.cli import main
from evaluation.inputs.codebook import load_codebook
from evaluation.web.app import create_app
from evaluation.web.run_page import own_definition_or_stop
from evaluation.web.runs import DAY, Runs

from web_server import ROOT, SURVEY  # isort: skip

with warnings.catch_warnings():  # Starlette would rather see httpx2; httpx is what we have
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DEMO = SURVEY / "demo_responses.csv"
Y2016 = ROOT / "surveys" / "monitor_demo" / "responses_2016.csv"
Y2017 = ROOT / "surveys" / "monitor_demo" / "responses_2017.csv"
PORT = 8765
CLI_WORDS = re.compile(  # the program's name only in the verify table's version row
    r"(?<!versie van )spt-eval|(?<![\w-])--\w|\w+\.yaml|SPT_EVAL_"
    r"|may_be_missing|aliases|earlier_wordings"
)
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_KEY", "0" * 64)
    surveys = tmp_path / "surveys"
    shutil.copytree(SURVEY, surveys / "spt2015", ignore=shutil.ignore_patterns("mapping.yaml"))
    work, store = tmp_path / "work", tmp_path / "monitor.sqlite"
    app = create_app(work, store, PORT, 5 << 20, surveys)
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        client.headers.update({"Origin": BASE, "X-SPT-Token": app.state.token})
        client.work, client.store, client.state = work, store, app.state
        shown = []
        request = client.request

        def keep(*args, **kwargs):
            r = request(*args, **kwargs)
            if r.headers.get("content-type", "").startswith("text/html"):
                shown.append((str(r.url), text(r)))
            return r

        client.request = keep
        yield client
    for url, page in shown:  # the page's own words: never a command, option, key or variable
        found = CLI_WORDS.search(page)
        assert not found, (url, page[max(0, found.start() - 200) : found.end() + 80])


def upload(client, path, name=None) -> str:
    """Upload an export; the id of the run it made."""
    files = {"bestand": (name or path.name, path.read_bytes(), "text/csv")}
    r = client.post("/nieuw", files=files, data={"survey": "spt2015"})
    assert r.status_code == 303, message(r)
    return r.headers["location"].rsplit("/", 1)[1]


def message(r) -> str:
    found = re.search(r'<section id="uitkomst"[^>]*>\s*<p>(.*?)</p>', r.text, re.S)
    return html.unescape(found.group(1)) if found else ""


def text(r) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text)))


def run_json(client, run_id) -> dict:
    return json.loads((client.work / "runs" / run_id / "run.json").read_text(encoding="utf-8"))


def test_an_upload_is_a_run_named_by_the_users_file_and_the_year_must_be_confirmed(site):
    run_id = upload(site, Y2016)
    info = run_json(site, run_id)
    assert info["shown_name"] == "responses_2016.csv" and info["status"] == "nieuw"
    assert (info["proposed_year"], info["year"]) == (2016, None)
    page = text(site.get(f"/run/{run_id}"))
    assert "Export responses_2016.csv" in page and "Voorgesteld: 2016" in page
    assert "Bevestig eerst het jaar" in page
    r = site.post(f"/run/{run_id}/maken")
    assert r.status_code == 422 and message(r) == "fout: bevestig eerst het jaar van deze meting"
    assert not list((site.work / "runs" / run_id).glob("uitvoer-*"))
    r = site.post(f"/run/{run_id}/jaar", data={"year": "2016", "survey": "spt2015"})
    assert r.status_code == 303 and run_json(site, run_id)["year"] == 2016


def test_the_year_comes_from_the_response_dates_and_a_different_one_is_said(site, tmp_path):
    export, _ = limesurvey_csv(tmp_path, load_codebook())  # submitted in October 2015
    named = tmp_path / "export-2016.csv"  # a name that says otherwise: the dates decide
    shutil.copy(export, named)
    run_id = upload(site, named)
    info = run_json(site, run_id)
    assert info["proposed_year"] == 2015 and "antwoorddatums" in info["proposed_basis"]
    site.post(f"/run/{run_id}/jaar", data={"year": "2016", "survey": "spt2015"})
    page = text(site.get(f"/run/{run_id}"))
    assert "Let op: de antwoorden in export-2016.csv zijn gegeven in 2015, niet in 2016." in page


def test_a_stored_year_and_the_same_file_again_are_said_on_the_page_and_stopped_by_store_add(
    site, capsys
):
    assert main(["store", "add", str(DEMO), "--year", "2015", "--store", str(site.store)]) == 0
    run_id = upload(site, DEMO, "meting.csv")
    assert run_json(site, run_id)["proposed_year"] == 2016  # the year after the last stored
    site.post(f"/run/{run_id}/jaar", data={"year": "2016", "survey": "spt2015"})
    page = text(site.get(f"/run/{run_id}"))
    assert "meting.csv is hetzelfde bestand als de meting van 2015 in de monitor" in page
    run = site.state.runs.load(run_id)
    site.state.runs.save(run.model_copy(update={"status": "klaar"}))  # as after its render
    r = site.post(f"/run/{run_id}/monitor")  # 'Opslaan in de monitor' refuses as store add
    assert r.status_code == 422 and message(r).startswith(
        "fout: meting.csv is hetzelfde bestand als de meting van 2015 in de opslag"
    )
    other = upload(site, Y2016, "meting-2015.csv")
    site.post(f"/run/{other}/jaar", data={"year": "2015", "survey": "spt2015"})
    page = text(site.get(f"/run/{other}"))
    assert "voor 2015 staat al een ander bestand in de monitor (demo_responses.csv)" in page
    capsys.readouterr()
    argv = ["store", "add", str(DEMO), "--year", "2016", "--store", str(site.store)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: demo_responses.csv is hetzelfde bestand als de meting van 2015")


def test_store_add_stops_when_the_response_dates_say_another_year(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_KEY", "0" * 64)
    export, _ = limesurvey_csv(tmp_path, load_codebook())
    store = tmp_path / "m.sqlite"
    assert main(["store", "add", str(export), "--year", "2016", "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "fout: de antwoorden in limesurvey.csv zijn gegeven in 2015, niet in 2016; "
        "geef het jaar van de meting (2015?)"
    )
    assert main(["store", "add", str(export), "--year", "2015", "--store", str(store)]) == 0


def test_six_uploads_at_once_each_get_their_own_outcome(site):
    files = [DEMO, Y2016, Y2017, DEMO, Y2016, Y2017]
    names = [f"gelijk-{i}-{p.stem}.csv" for i, p in enumerate(files)]
    got: dict[int, str] = {}

    def one(i):
        got[i] = upload(site, files[i], names[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(got.values())) == 6
    for i, run_id in got.items():
        page = text(site.get(f"/run/{run_id}"))
        assert f"Controle van {names[i]}" in page and "47 = 47 + 0 + 0 (klopt)" in page
        kept = site.work / "runs" / run_id / "invoer" / names[i]
        assert kept.read_bytes() == files[i].read_bytes()


def test_malformed_numbers_and_ids_are_a_dutch_4xx_and_write_nothing(site):
    run_id = upload(site, DEMO)
    for year in ("²", "9" * 5000, "-1", "20 16", "1700"):
        r = site.post(f"/run/{run_id}/jaar", data={"year": year, "survey": "spt2015"})
        assert r.status_code == 422 and message(r).startswith("fout: ongeldige keuze bij 'Jaar'")
    for path in ("/jaar/" + "9" * 5000, "/jaar/²", "/jaar/2015"):  # 2015 is not stored
        r = site.post(path)
        assert r.status_code == 422 and message(r).startswith("fout: "), path
    for path in ("/run/" + "9" * 5000, "/run/ABC", f"/run/{run_id}/bestand/" + "9" * 5000):
        r = site.get(path)
        assert r.status_code in (404, 422) and message(r).startswith("fout: "), path
    r = site.post("/jaar/2015", headers={"X-SPT-Token": ""})
    assert r.status_code == 403  # a write needs the token
    assert not (site.work / "serve.log").exists()  # no log line for any of them


def test_only_the_files_of_the_runs_last_finished_render_are_offered(site, demo_report):
    run_id = upload(site, DEMO)
    site.post(f"/run/{run_id}/jaar", data={"year": "2015", "survey": "spt2015"})
    runs = Runs(site.work)
    first = runs.folder(run_id) / "uitvoer-1"
    shutil.copytree(demo_report.out, first)
    (first / "spt-kaarten-2015.zip").write_bytes(b"PK")  # as a render with cards leaves it
    info = runs.load(run_id)
    info.render, info.status = 1, "bezig"
    runs.save(info)
    assert site.get(f"/run/{run_id}/bestand/rapport").status_code == 404  # not finished
    info.status = "klaar"
    runs.save(info)
    for kind in ("rapport", "kaarten", "auditwerkmap", "tabellen", "resultaten"):
        assert site.get(f"/run/{run_id}/bestand/{kind}").status_code == 200, kind
    page = text(site.get(f"/run/{run_id}"))
    assert "Kaarten per servicepunt (ZIP)" in page and "Tevredenheidsscore (1-5), landelijk" in page
    second = runs.folder(run_id) / "uitvoer-2"  # made again without cards and audit workbook
    second.mkdir()
    for name in ("spt-monitor-2015.pdf", "tables.xlsx", "results.json", "manifest.json"):
        shutil.copy(first / name, second / name)
    info.render = 2
    runs.save(info)
    assert site.get(f"/run/{run_id}/bestand/rapport").status_code == 200
    for kind in ("kaarten", "auditwerkmap"):
        assert site.get(f"/run/{run_id}/bestand/{kind}").status_code == 404, kind
    page = text(site.get(f"/run/{run_id}"))
    assert "Kaarten per servicepunt" not in page and "Auditwerkmap (Excel" not in page
    other = upload(site, Y2016)  # another run offers nothing of this one
    assert site.get(f"/run/{other}/bestand/rapport").status_code == 404


def test_verify_checks_every_file_of_the_run_not_just_the_report(site, demo_report):
    run_id = upload(site, DEMO)
    site.post(f"/run/{run_id}/jaar", data={"year": "2015", "survey": "spt2015"})
    runs = Runs(site.work)
    out = runs.folder(run_id) / "uitvoer-1"
    shutil.copytree(demo_report.out, out)
    shutil.copy(DEMO, out / DEMO.name)  # the export beside its report, as a render keeps it
    info = runs.load(run_id)
    info.render, info.status = 1, "klaar"
    runs.save(info)
    tree = json.loads((out / "results.json").read_text(encoding="utf-8"))
    tree["satisfaction"]["overall"]["estimate"] = 4.5  # results.json changed after the render
    (out / "results.json").write_text(json.dumps(tree), encoding="utf-8")
    page = text(site.post(f"/run/{run_id}/controleren"))
    assert "Er wijkt iets af" in page
    for pdf in ["spt-monitor-2015.pdf", *(p.name for p in demo_report.cards.values())]:
        assert f"bijlage results.json in {pdf} " in page, pdf


def test_at_start_a_stale_render_is_broken_off_and_old_runs_are_deleted(site, tmp_path):
    stale, old = upload(site, DEMO), upload(site, Y2016)
    runs = Runs(site.work)
    info = runs.load(stale)
    info.status, info.render = "bezig", 1
    runs.save(info)
    (runs.folder(stale) / "uitvoer-1").mkdir()
    (runs.folder(stale) / "uitvoer-1" / "spt-monitor-2015.pdf").write_bytes(b"%PDF-half")
    aged = runs.load(old)
    aged.created = time.time() - 31 * DAY
    runs.save(aged)
    create_app(site.work, site.store, PORT, 1 << 20, site.state.surveys, keep_days=30)
    assert runs.load(stale).status == "afgebroken"
    assert not runs.folder(old).exists()
    assert site.get(f"/run/{stale}/bestand/rapport").status_code == 404
    page = text(site.get(f"/run/{stale}"))
    assert "Het maken is afgebroken" in page and "Rapport maken" in page


def test_a_run_is_deleted_from_its_page(site):
    run_id = upload(site, DEMO)
    page = text(site.get(f"/run/{run_id}"))
    assert "Verwijder deze run" in page and str(site.work / "runs" / run_id) in page
    r = site.post(f"/run/{run_id}/verwijderen")
    assert r.status_code == 303 and not (site.work / "runs" / run_id).exists()
    assert site.get(f"/run/{run_id}").status_code == 422


def test_an_unknown_spt_name_is_saved_as_another_name_on_the_page(site, tmp_path):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].split(";")[0] + ";SPT Tukkers;" + lines[5].split(";", 2)[2]
    export = tmp_path / "tukkers.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_id = upload(site, export)
    page = text(site.get(f"/run/{run_id}"))
    assert "47 = 46 + 1 + 0 (klopt)" in page and "‘SPT Tukkers’ is" in page
    assert "service_points.yaml" not in page and "aliases" not in page
    r = site.post(f"/run/{run_id}/andere-naam", data={"naam": "SPT Tukkers", "spt": "Twente"})
    assert r.status_code == 303
    page = text(site.get(r.headers["location"]))
    assert "47 = 47 + 0 + 0 (klopt)" in page and "Opgeslagen bij de enquêtemap" in page
    register = (site.state.surveys / "spt2015" / "service_points.yaml").read_text("utf-8")
    assert '"SPT Tukkers"' in register
    r = site.post(f"/run/{run_id}/andere-naam", data={"naam": "X", "spt": "Atlantis"})
    assert r.status_code == 422 and message(r) == (
        "fout: 'Atlantis' staat niet in het register van servicepunten"
    )


def test_a_missing_question_is_allowed_for_this_year_and_a_mapping_undone(site, tmp_path):
    rows = [line.split(";") for line in DEMO.read_text(encoding="utf-8").splitlines()]
    gone = rows[0].index("werking_beter")
    export = tmp_path / "zonder.csv"
    export.write_text(
        "\n".join(";".join(r[:gone] + r[gone + 1 :]) for r in rows) + "\n", encoding="utf-8"
    )
    run_id = upload(site, export)
    page = text(site.get(f"/run/{run_id}"))
    assert "Het rapport kan zo niet worden gemaakt: zonder.csv mist de vraag" in page
    for word in ("spt-eval", "may_be_missing", "settings.yaml", "--"):
        assert word not in page, word
    r = site.post(f"/run/{run_id}/mag-ontbreken", data={"vraag": "werking_beter"})
    assert r.status_code == 303
    page = text(site.get(f"/run/{run_id}"))
    assert "Het rapport kan zo niet worden gemaakt" not in page and "Jaar en keuzes" in page
    settings = (site.state.surveys / "spt2015" / "settings.yaml").read_text("utf-8")
    assert "may_be_missing: [succesfactoren, knelpunten, werking_beter]" in settings
    mapping = site.state.surveys / "spt2015" / "mapping.yaml"
    mapping.write_text('columns:\n  "Oordeel werking": werking_beter\n', encoding="utf-8")
    page = text(site.get(f"/run/{upload(site, export)}"))
    assert "Opgeslagen koppelingen van deze enquêtemap (1)" in page and "Oordeel werking" in page
    r = site.post(f"/run/{run_id}/ontkoppelen", data={"kolom": "Oordeel werking"})
    assert r.status_code == 303 and "Oordeel werking" not in mapping.read_text("utf-8")


def test_a_code_export_with_its_questionnaire_reads_as_the_demo(site, tmp_path):
    """The survey tool's .lss beside a LimeSurvey code export: one upload, every column and
    answer code placed by its text (the step `map --survey-file` takes)."""
    cb = load_codebook()
    export = lime_export(tmp_path / "lime.csv", cb, "3")
    lss = write_lss(tmp_path / "vragen.lss", cb, "3")
    files = {
        "bestand": ("lime.csv", export.read_bytes(), "text/csv"),
        "vragenlijst": ("vragen.lss", lss.read_bytes(), "application/xml"),
    }
    r = site.post("/nieuw", files=files, data={"survey": "spt2015"})
    assert r.status_code == 303
    run_id = r.headers["location"].rsplit("/", 1)[1]
    page = text(site.get(f"/run/{run_id}"))
    assert "herkend als export van LimeSurvey" in page
    assert "48 = 47 + 0 + 1 (klopt)" in page  # the unsubmitted response excluded
    assert "Opgeslagen koppelingen van deze enquêtemap (65)" in page
    assert "Vragenlijst vragen.lss" in page  # the run says which survey file placed it
    assert "Kolommen en antwoordcodes gekoppeld met de vragenlijst vragen.lss" in page
    # what each code is read as, by its text (this survey file lists the scale the other way)
    assert "Belang servicepunt voor de techniek A1 = helemaal mee eens, A2 = mee eens" in page
    assert run_json(site, run_id)["definition"] == "vragen.lss"
    mapping = (site.state.surveys / "spt2015" / "mapping.yaml").read_text(encoding="utf-8")
    assert "vragen.lss" in mapping
    other = upload(site, export, "opnieuw.csv")  # the same question file on the run's page
    r = site.post(
        f"/run/{other}/vragenlijst",
        files={"vragenlijst": ("kapot.lss", b"<xml", "application/xml")},
    )
    assert r.status_code == 422 and message(r).startswith("fout: ")


def test_a_qualtrics_export_with_its_qsf_beside_it_reads_as_the_demo(site, tmp_path):
    """Qualtrics' question-text and ImportId rows under the heading are headings, not answers:
    its .qsf beside the export places every column (here the .xlsx; the numeric CSV showed
    it), and the page reads the demo's 47 respondents and their split per SPT."""
    from corpus_definitions import corpus_qsf
    from real_exports import SHAPES

    cb = load_codebook(site.state.surveys / "spt2015" / "codebook.yaml")
    export = SHAPES["qualtrics_text_xlsx"](tmp_path, cb)
    files = {
        "bestand": (export.name, export.read_bytes(), "application/octet-stream"),
        "vragenlijst": ("vragen.qsf", corpus_qsf(tmp_path, cb).read_bytes(), "application/json"),
    }
    r = site.post("/nieuw", files=files, data={"survey": "spt2015"})
    assert r.status_code == 303, message(r)
    run_id = r.headers["location"].rsplit("/", 1)[1]
    page = text(site.get(f"/run/{run_id}"))
    assert "herkend als export van Qualtrics" in page
    assert "= 47 + 0 + " in page and "(klopt)" in page
    demo = site.state.checks[upload(site, DEMO)]  # the demo's own split per SPT
    assert site.state.checks[run_id].per_spt == demo.per_spt


def test_giving_the_survey_file_is_one_step_with_the_rows_strong_evidence_marks(site, tmp_path):
    """As `map --survey-file`, giving the survey file on the page also records the rows whose
    own fields say 'test' (LimeSurvey 5/6 codes, its token 'test'): 47 respondents, nothing
    left to decide, in that one step."""
    from corpus_definitions import DEFINITION
    from real_exports import SHAPES

    cb = load_codebook(site.state.surveys / "spt2015" / "codebook.yaml")
    run_id = upload(site, SHAPES["limesurvey6_codes_csv"](tmp_path, cb))
    lss = DEFINITION["limesurvey6_codes_csv"](tmp_path, cb)
    own = {"vragenlijst": (lss.name, lss.read_bytes(), "application/xml")}
    assert site.post(f"/run/{run_id}/vragenlijst", files=own).status_code == 303
    page = text(site.get(f"/run/{run_id}"))
    assert "50 = 47 + 0 + 3 (klopt)" in page and "bevestigd als test" in page
    assert "Rijen die op een test lijken" not in page and "Het rapport kan zo niet" not in page


def test_a_surveymonkey_matrix_is_mapped_on_the_page_and_its_break_off_recorded(site, tmp_path):
    """SurveyMonkey's second heading row ('Response', the statements' texts) is shown as no
    sample answer and asks no rewording; its break-off (1 question answered) is listed with
    strong evidence before saving, and saving the strong proposals records it with the two
    test rows: then 47 respondents, ready to render."""
    from real_exports import SHAPES

    cb = load_codebook(site.state.surveys / "spt2015" / "codebook.yaml")
    run_id = upload(site, SHAPES["surveymonkey_expanded_csv"](tmp_path, cb))
    check = site.state.checks[run_id]
    shown = {v for values in check.samples.values() for v in values}
    assert shown and not shown & {"Response", "Open-Ended Response"}
    page = text(site.get(f"/run/{run_id}"))
    assert "rij 32: 1 vraag beantwoord" in page and "afgebroken" in page
    form = {}
    for i, p in enumerate(check.proposals):
        form[f"naam-{i}"] = p.column
        form[f"kolom-{i}"] = p.target if p.strength == "sterk" else ""
    assert site.post(f"/run/{run_id}/koppeling", data=form).status_code == 303
    page = text(site.get(f"/run/{run_id}"))
    assert "Stellingen met een andere tekst" not in page
    assert "Rijen die op een test lijken of niet zijn afgemaakt" not in page
    assert "De export van SurveyMonkey zegt niet welke antwoorden niet zijn afgemaakt" in page
    assert "50 = 47 + 0 + 3 (klopt)" in page and "Het rapport kan zo niet" not in page


def test_a_run_is_made_only_with_the_codes_of_its_own_survey_file(site, tmp_path):
    """The survey folder keeps one mapping: a later upload with another survey file replaces
    it, and the first run's export would be read with that file's answer codes. Making its
    report stops until its own survey file is given again."""
    cb = load_codebook()
    export = lime_export(tmp_path / "lime.csv", cb, "3")
    lss = write_lss(tmp_path / "vragen.lss", cb, "3")
    own = {"vragenlijst": ("vragen.lss", lss.read_bytes(), "application/xml")}
    files = {"bestand": ("lime.csv", export.read_bytes(), "text/csv"), **own}
    r = site.post("/nieuw", files=files, data={"survey": "spt2015"})
    first = r.headers["location"].rsplit("/", 1)[1]
    other = {
        "bestand": ("q.csv", qualtrics_export(tmp_path / "q.csv", cb).read_bytes(), "text/csv"),
        "vragenlijst": ("q.qsf", write_qsf(tmp_path / "q.qsf", cb).read_bytes(), "text/plain"),
    }
    assert site.post("/nieuw", files=other, data={"survey": "spt2015"}).status_code == 303
    r = site.post(f"/run/{first}/maken")
    assert r.status_code == 422
    assert "gemaakt met vragenlijst 'q.qsf', niet met 'vragen.lss'" in message(r)
    assert site.post(f"/run/{first}/vragenlijst", files=own).status_code == 303
    own_definition_or_stop(site.state, site.state.runs.load(first))  # its own codes again


def test_a_weak_proposal_is_asked_on_its_own_row_and_placed_only_when_chosen(site, tmp_path):
    """A heading like a statement's text over numbers read as the codebook's codes is a weak
    proposal: the page names the question, shows the numbers beside the labels the codebook
    expects and asks; saving without choosing places nothing, choosing 'ja' places it."""
    frame = (SURVEY / "demo_responses.csv").read_text(encoding="utf-8")
    heading = "De werking van het SPT moet beter worden"
    export = tmp_path / "oordeel.csv"
    export.write_text(frame.replace(";werking_beter;", f";{heading};", 1), encoding="utf-8")
    run_id = upload(site, export)
    page = text(site.get(f"/run/{run_id}"))
    assert "Werking moet beter (zwak voorstel)" in page
    assert "Is dit ‘Werking moet beter’? Kies dan hiernaast ‘ja’" in page
    assert "In de export: 2 · 3 · 4 Het codeboek verwacht: helemaal mee oneens" in page
    ((i, p),) = [(i, p) for i, p in enumerate(site.state.checks[run_id].proposals)]
    assert (p.column, p.target, p.strength) == (heading, "werking_beter", "zwak")
    form = {f"naam-{i}": heading, f"kolom-{i}": ""}
    assert site.post(f"/run/{run_id}/koppeling", data=form).status_code == 303
    assert "mist de vraag ‘Werking moet beter’" in text(site.get(f"/run/{run_id}"))
    form[f"kolom-{i}"] = "werking_beter"
    assert site.post(f"/run/{run_id}/koppeling", data=form).status_code == 303
    page = text(site.get(f"/run/{run_id}"))
    assert "Het rapport kan zo niet" not in page and "47 = 47 + 0 + 0 (klopt)" in page


def files_in(folder) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()}


def _wait(site, run_id, seconds=300) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info = run_json(site, run_id)  # written by the server when the render ends: no GET
        if info["status"] != "bezig":
            return info
        time.sleep(0.5)
    raise AssertionError("the render did not end")


def test_a_stored_year_is_made_again_from_the_start_page_with_its_years(site):
    """With 2015 and 2016 stored, 2016's report from the store has 'Over de jaren' (as
    `report --store`); a render stopped on the page leaves no process and no file offered."""
    for path, year in ((DEMO, "2015"), (Y2016, "2016")):
        assert main(["store", "add", str(path), "--year", year, "--store", str(site.store)]) == 0
    page = text(site.get("/"))
    assert "Rapport 2016 maken" in page and "Rapport 2015 maken" in page
    r = site.post("/jaar/2016")
    assert r.status_code == 303
    run_id = r.headers["location"].split("/")[2].split("#")[0]
    site.post(f"/run/{run_id}/jaar", data={"year": "2016", "survey": "spt2015"})
    site.post(f"/run/{run_id}/maken")
    job = site.state.jobs[run_id]
    r = site.post(f"/run/{run_id}/stoppen")
    assert r.status_code == 303 and run_json(site, run_id)["status"] == "afgebroken"
    assert not job.process.is_alive()
    assert site.get(f"/run/{run_id}/bestand/rapport").status_code == 404
    site.post(f"/run/{run_id}/maken")
    assert _wait(site, run_id)["status"] == "klaar"
    before = files_in(site.work)
    for path in (f"/run/{run_id}", "/"):  # a finished render is shown; a GET writes nothing
        assert site.get(path).status_code == 200
    assert files_in(site.work) == before
    r = site.get(f"/run/{run_id}/bestand/rapport")
    assert r.status_code == 200
    pdf = site.work / "r.pdf"
    pdf.write_bytes(r.content)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "SPT-monitor 2016" in out and "Over de jaren" in out
    said = summary_sentences(site.get(f"/run/{run_id}").text)  # first on the result page
    assert len(said) >= 4 and any("sinds 2015" in s.lower() for s in said)
    printed = bare(out)
    for sentence in said:  # the page prints the PDF's Samenvatting, sentence for sentence
        assert bare(sentence) in printed, sentence
    r = site.post("/jaar/2016/controleren")  # 'Controleer 2016' on the start page: no export
    shown = text(r)
    assert r.status_code == 200 and "tegen de monitor" in shown, message(r)
    assert "Alles klopt" in shown and run_id in shown
    assert "Eerder gecontroleerd tegen de monitor: alles klopt" in text(site.get(f"/run/{run_id}"))


def summary_sentences(page: str) -> list[str]:
    """The sentences of the Samenvatting section of a run's page, in order."""
    m = re.search(r'<section id="samenvatting".*?</section>', page, re.S)
    assert m, "no Samenvatting on the result page"
    assert page.index('id="samenvatting"') < page.index('id="maken"')
    parts = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", m.group(0), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", p)) for p in parts if "PDF" not in p]


def bare(text: str) -> str:
    """Text without white space, hyphens and quotes, so a PDF's line breaks do not count."""
    return re.sub(r"[\s\u00ad\-‘’'\"]+", "", text)


def test_next_years_sample_plan_of_a_stored_year_on_the_page(site):
    """The plan of a stored year is the table of the report's appendix B (`spt-eval plan`);
    a year not stored or malformed is a Dutch 4xx, and the page needs the token."""
    assert main(["store", "add", str(DEMO), "--year", "2015", "--store", str(site.store)]) == 0
    start = text(site.get("/"))
    assert "Steekproefplan 2016" in start
    r = site.post("/jaar/2015/plan")
    assert r.status_code == 200
    shown = text(r)
    assert "Steekproefplan 2016: respondenten nodig per SPT" in shown
    assert "Twente 5 0,49 5 42 42" in shown and "Achterhoek 4 0,37* 5 25 25" in shown
    assert "In totaal zijn 257 respondenten nodig" in shown
    for path in ("/jaar/2019/plan", "/jaar/²/plan", "/jaar/" + "9" * 5000 + "/plan"):
        r = site.post(path)
        assert r.status_code == 422 and message(r).startswith("fout: "), path
    assert site.post("/jaar/2015/plan", headers={"X-SPT-Token": ""}).status_code == 403


def test_accepting_the_mapping_on_the_page_decides_rows_with_strong_test_evidence(site, tmp_path):
    """An export that needs mapping and holds a tester's row (its token is only 'test'): the
    page's accept records the row with the mapping, one step; the run then has 47 valid and
    no row left to decide (issue 26)."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from real_exports import SHAPES

    path = SHAPES["limesurvey_chosen_columns_csv"](tmp_path, load_codebook())
    run_id = upload(site, path)
    check = site.state.checks[run_id]
    assert check.intake is None and check.proposals  # no SPT column known yet: to map
    page = text(site.get(f"/run/{run_id}"))  # the row and its evidence beside the columns
    assert "Rijen die op een test lijken zodra deze kolommen gekoppeld zijn" in page
    assert "rij 1: Token is 'test': alleen een testwaarde (sterk bewijs)" in page
    form = {}
    for i, p in enumerate(check.proposals):
        form[f"naam-{i}"] = p.column
        form[f"kolom-{i}"] = p.target or "" if p.strength == "sterk" else ""
    r = site.post(f"/run/{run_id}/koppeling", data=form)
    assert r.status_code == 303, message(r)
    recorded = (site.state.surveys / "spt2015" / "bevestigd.yaml").read_text(encoding="utf-8")
    assert "exclude: [1]" in recorded
    intake = site.state.checks[run_id].intake
    assert intake.valid == 47 and intake.excluded == 1 and not intake.suspects


def test_controleer_of_a_stored_year_without_a_report_made_here_asks_for_it(site):
    """'Controleer' on the start page when no report of the year was made on the page: the
    page asks for the PDF (checked against the store without its export) or offers to make
    the report from the store; a year not stored or malformed is a Dutch 4xx."""
    assert main(["store", "add", str(DEMO), "--year", "2015", "--store", str(site.store)]) == 0
    assert "Controleer 2015" in text(site.get("/"))
    r = site.post("/jaar/2015/controleren")
    shown = text(r)
    assert r.status_code == 200 and "nog geen rapport van 2015 gemaakt" in shown
    assert "Rapport 2015 maken" in shown and "Alles klopt" not in shown
    for path in ("/jaar/2019/controleren", "/jaar/²/controleren"):
        r = site.post(path)
        assert r.status_code == 422 and message(r).startswith("fout: "), path


@pytest.mark.parametrize(
    ("shape", "said", "offered", "not_offered"),
    [
        (
            "limesurvey_abbreviated_csv",
            "hebben een kop die LimeSurvey heeft afgekort",
            "Een nieuwe export laden",
            "Vragenlijst uit het enquêteprogramma",
        ),
        (
            "limesurvey_codeheads_full_csv",
            "hebben als kop een vraagcode van LimeSurvey",
            "Vragenlijst uit het enquêteprogramma",
            "Een nieuwe export laden",
        ),
    ],
)
def test_headings_map_stops_on_stop_the_page_too_until_the_survey_file_or_full_texts(
    site, tmp_path, shape, said, offered, not_offered
):
    """Headings cut short, or bare question codes: the page says what `map` says (from the
    same decision) instead of listing 'niet te plaatsen' columns, offers what the stop asks
    for (the survey file's upload, or a new export), no save of the mapping and no report."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from real_exports import SHAPES

    from evaluation.intake.propose import needs_survey_file

    path = SHAPES[shape](tmp_path, load_codebook())
    run_id = upload(site, path)
    check = site.state.checks[run_id]
    assert check.needs_file is not None
    assert check.needs_file.code == needs_survey_file(check.proposals).code  # one decision
    page = text(site.get(f"/run/{run_id}"))
    assert f"Het rapport kan zo niet worden gemaakt: {check.needs_file.params['count']} " in page
    assert said in page and offered in page and not_offered not in page
    assert "Koppeling opslaan" not in page and "Jaar en keuzes" not in page
    assert "sla de koppeling op" not in page and "kies zelf een vraag" not in page  # no offer
    form = {"year": "2016", "survey": "spt2015"}
    assert site.post(f"/run/{run_id}/jaar", data=form).status_code == 303
    r = site.post(f"/run/{run_id}/maken")
    assert r.status_code == 422 and said in message(r), message(r)
    assert run_json(site, run_id)["status"] == "nieuw"
    chosen = {f"naam-{i}": p.column for i, p in enumerate(check.proposals)}
    r = site.post(f"/run/{run_id}/koppeling", data=chosen)
    assert r.status_code == 422 and said in message(r)
    assert not (site.state.surveys / "spt2015" / "mapping.yaml").exists()


def test_a_surveymonkey_export_without_its_second_heading_row_asks_for_that_row(
    site, tmp_path, capsys
):
    """The second heading row of a SurveyMonkey export deleted by hand: the numbers under
    empty headings are not 'answer codes'; `map` and the page ask for that row or a new
    export, in one line."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from real_exports import SHAPES

    full = SHAPES["surveymonkey_expanded_csv"](tmp_path, load_codebook())
    lines = full.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path = tmp_path / "zonder_tweede_kopregel.csv"
    path.write_text(lines[0] + "".join(lines[2:]), encoding="utf-8")
    said = "de tweede kopregel van de export van SurveyMonkey"
    assert (
        main(
            ["map", str(path), "--codebook", str(site.state.surveys / "spt2015" / "codebook.yaml")]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert said in err and "zet die regel terug, of exporteer opnieuw" in err
    assert "antwoordcodes" not in err
    run_id = upload(site, path)
    page = text(site.get(f"/run/{run_id}"))
    assert said in page and "Koppeling opslaan" not in page
    r = site.post(f"/run/{run_id}/maken")
    assert r.status_code == 422 and said in message(r)
