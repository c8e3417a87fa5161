"""Decisions the run page asks for (issue 24, 'every fix on the page'): rows that may be tests
or unfinished, decided per row or all at once through the same step as `validate
--confirm-tests/--not-tests`; a statement under another text decided as the same or a new
statement, the step of `map --zelfde/--nieuw`. Over HTTP, in-process (Starlette's TestClient)."""

from __future__ import annotations

import pytest
import yaml
from test_web_runs import DEMO, files_in, message, text, upload

from evaluation.inputs.codebook import load_codebook
from evaluation.intake.suspects import CONFIRMED_NAME

pytest_plugins = ["test_web_runs"]  # its fixture `site`: the app over HTTP, in-process


def _with_tests(tmp_path, ids: dict[int, str]):
    """The demo export with these rows' respondent numbers replaced (1-based data rows)."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    for row, new in ids.items():
        lines[row] = new + ";" + lines[row].split(";", 1)[1]
    export = tmp_path / "met_testrijen.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return export


def _decided(site) -> dict:
    path = site.state.surveys / "spt2015" / CONFIRMED_NAME
    return next(iter(yaml.safe_load(path.read_text(encoding="utf-8")).values()))


def test_rows_that_look_like_tests_are_decided_per_row_on_the_page(site, tmp_path):
    run_id = upload(site, _with_tests(tmp_path, {3: "proef3", 9: "proef9"}))
    site.post(f"/run/{run_id}/jaar", data={"year": "2015", "survey": "spt2015"})
    page = text(site.get(f"/run/{run_id}"))
    assert "Rijen die op een test lijken of niet zijn afgemaakt (2)" in page
    assert "47 = 47 + 0 + 0 (klopt)" in page
    r = site.post(f"/run/{run_id}/maken")
    assert r.status_code == 422 and message(r) == (
        "fout: beslis eerst over de rijen van met_testrijen.csv die op een test lijken of "
        "niet zijn afgemaakt (2, bij de controle)"
    )
    r = site.post(f"/run/{run_id}/testrijen", data={"rij": "3", "beslissing": "test"})
    assert r.status_code == 303
    page = text(site.get(r.headers["location"]))
    assert "Rijen die op een test lijken of niet zijn afgemaakt (1)" in page
    assert "47 = 46 + 0 + 1 (klopt)" in page
    assert _decided(site) == {"file": "met_testrijen.csv", "exclude": [3], "keep": []}
    r = site.post(f"/run/{run_id}/testrijen", data={"rij": "9", "beslissing": "telt"})
    page = text(site.get(r.headers["location"]))
    assert "op een test lijken" not in page and "47 = 46 + 0 + 1 (klopt)" in page
    assert _decided(site) == {"file": "met_testrijen.csv", "exclude": [3], "keep": [9]}


def test_all_rows_at_once_and_a_row_not_listed_is_refused(site, tmp_path):
    run_id = upload(site, _with_tests(tmp_path, {3: "proef3", 9: "proef9"}))
    for rij, why in (("5", "rij 5 staat niet bij de gemelde rijen"), ("²", "")):
        r = site.post(f"/run/{run_id}/testrijen", data={"rij": rij, "beslissing": "test"})
        assert r.status_code == 422 and message(r).startswith("fout: " + why)
    r = site.post(f"/run/{run_id}/testrijen", data={"rij": "alle", "beslissing": "test"})
    page = text(site.get(r.headers["location"]))
    assert "47 = 45 + 0 + 2 (klopt)" in page and "op een test lijken" not in page
    assert _decided(site)["exclude"] == [3, 9]
    r = site.post(f"/run/{run_id}/testrijen", data={"rij": "alle", "beslissing": "test"})
    assert r.status_code == 422 and "geen rijen meer om over te beslissen" in message(r)


OLD, NEW = "De werking van het SPT is goed", "Het SPT werkt in de regio naar behoren"


@pytest.mark.parametrize("choice", ["zelfde", "nieuw"])
def test_a_reworded_statement_is_decided_on_the_page(site, tmp_path, choice):
    export = tmp_path / "nieuwe_tekst.csv"
    export.write_text(DEMO.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    run_id = upload(site, export)
    page = text(site.get(f"/run/{run_id}"))
    assert "Stellingen met een andere tekst (1)" in page
    assert f"In de export: ‘{NEW}’ In het codeboek: ‘{OLD}’" in page
    assert (
        "Het rapport kan zo niet worden gemaakt: nieuwe_tekst.csv heeft een stelling met een "
        "andere tekst dan het codeboek; kies hieronder of het dezelfde stelling is." in page
    )
    assert "Vragen die in nieuwe_tekst.csv ontbreken" not in page
    r = site.post(f"/run/{run_id}/stelling", data={"vraag": "ambities", "beslissing": choice})
    assert r.status_code == 422 and message(r) == (
        "fout: deze stelling staat niet met een andere tekst in nieuwe_tekst.csv"
    )
    r = site.post(f"/run/{run_id}/stelling", data={"vraag": "werking_goed", "beslissing": choice})
    assert r.status_code == 303
    page = text(site.get(r.headers["location"]))
    assert "Stellingen met een andere tekst" not in page and "47 = 47 + 0 + 0 (klopt)" in page
    q = load_codebook(site.state.surveys / "spt2015" / "codebook.yaml").question("werking_goed")
    assert q.label == NEW
    assert [(w.text, w.same_statement) for w in q.earlier_wordings] == [(OLD, choice == "zelfde")]


def test_after_a_restart_the_run_page_checks_again_and_writes_nothing(site, tmp_path):
    run_id = upload(site, _with_tests(tmp_path, {3: "proef3"}))
    site.state.checks.clear()  # what a restart forgets
    before = files_in(site.work)
    page = text(site.get(f"/run/{run_id}"))
    assert "Rijen die op een test lijken of niet zijn afgemaakt (1)" in page
    assert files_in(site.work) == before


def test_a_reworded_statement_is_shown_once_and_dated_by_the_runs_year(site, tmp_path):
    """Without a settings file in the survey folder the decision takes the run's year (never a
    line about a file or a command); the reworded column is not offered again in the mapping."""
    (site.state.surveys / "spt2015" / "settings.yaml").unlink()
    lines = DEMO.read_text(encoding="utf-8").replace(OLD, NEW, 1).splitlines()
    header = lines[0].split(";")
    lines[0] = ";".join([*header, "Opmerking extra"])  # a column the codebook does not know
    lines[1:] = [line + ";" for line in lines[1:]]
    export = tmp_path / "enquete_2016.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_id = upload(site, export)
    raw = site.get(f"/run/{run_id}").text
    assert "Stellingen met een andere tekst (1)" in raw
    start = raw.index('<table class="koppeling">')
    table = raw[start : raw.index("</table>", start)]
    assert "Opmerking extra" in table and NEW not in table  # the rewording is asked once
    r = site.post(f"/run/{run_id}/stelling", data={"vraag": "werking_goed", "beslissing": "nieuw"})
    assert r.status_code == 303, message(r)
    q = load_codebook(site.state.surveys / "spt2015" / "codebook.yaml").question("werking_goed")
    year = site.state.runs.load(run_id).proposed_year
    assert [(w.text, w.changed_in) for w in q.earlier_wordings] == [(OLD, year)]


def test_rows_decided_again_after_the_render_are_said_on_the_page(site, tmp_path):
    """Undoing the word on rows that may be tests after the render: keeping the year in the
    monitor stops with the page's own line (no command), and nothing is stored."""
    run_id = upload(site, _with_tests(tmp_path, {3: "proef3"}))
    site.post(f"/run/{run_id}/testrijen", data={"rij": "alle", "beslissing": "test"})
    site.post(f"/run/{run_id}/jaar", data={"year": "2015", "survey": "spt2015"})
    run = site.state.runs.load(run_id)
    site.state.runs.save(run.model_copy(update={"status": "klaar"}))  # as after its render
    (site.state.surveys / "spt2015" / CONFIRMED_NAME).unlink()  # the decision undone
    r = site.post(f"/run/{run_id}/monitor")
    assert r.status_code == 422 and message(r) == (
        "fout: beslis eerst over de rijen van met_testrijen.csv die op een test lijken of "
        "niet zijn afgemaakt (1, bij de controle)"
    )
    assert not site.store.exists()
    r = site.post(f"/run/{run_id}/maken")
    assert r.status_code == 422 and "beslis eerst over de rijen van" in message(r)
