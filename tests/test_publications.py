"""A published year keeps the figures it was published with (issue 20, point 4).

The attack: after the 2016 report, re-store 2016 with one extra respondent; the 2017 report's
trend then shows 2016 again, and n_new x new - n_old x old is that person's grade. The store
refuses the replacement unless --replace --republish, and after it the 2017 trend withholds
the 2016 figures that change by fewer than min_n respondents."""

import hashlib
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from evaluation.audit.compare import OK
from evaluation.audit.disclosure import disclosure_checks
from evaluation.cli import main
from evaluation.disclosure.audit import audit_published
from evaluation.disclosure.publish import disclose
from evaluation.exchange.figures import figures as exchange_figures
from evaluation.inputs.settings import DEFAULT_SETTINGS
from evaluation.intake.result import ID
from evaluation.intake.result import SPT as SPT_COLUMN
from evaluation.pipeline import load_inputs, record_run
from evaluation.report.annual import annual_context, regression_view
from evaluation.report.charts import n_label
from evaluation.report.choices import choice_sections
from evaluation.report.context import method_counts
from evaluation.report.figures import figure_chart, grade_row
from evaluation.report.published_sheets import published_sheets
from evaluation.report.render import render_html
from evaluation.routine.years import keep_wave
from evaluation.store.db import SCHEMA_VERSION, connect
from evaluation.store.monitor import monitor_run, record_report
from evaluation.store.publications import YearPublished, fingerprints
from evaluation.store.waves import remove_year, stored_intake, stored_results, wave_fingerprints
from evaluation.writers import document_time

DEMO = DEFAULT_SETTINGS.parent.parent / "monitor_demo"
KEY = b"publication-test-key-0123456789ab"
SPT = "Achterhoek"  # 6 respondents in 2016: published at min_n 5
GRADE_ITEMS = range(4, 10)  # the six statements of the grade, columns 5 to 10 of the export


def _with_one_more(tmp_path, dont_know: tuple[int, ...] = ()) -> tuple:
    """The 2016 export with one more Achterhoek respondent, 'neutraal' (3) on every statement
    of the grade, so that person's grade is 3 exactly; 'weet niet' (9) on the columns
    `dont_know`."""
    lines = (DEMO / "responses_2016.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines[1:] if line.split(";")[1] == SPT).split(";")
    row[0] = "DEMO2016-999"
    for i in GRADE_ITEMS:
        row[i] = "3" if row[i].isdigit() else "neutraal"
    for i in dont_know:
        row[i] = "9"
    path = tmp_path / "responses_2016.csv"
    path.write_text("\n".join([*lines, ";".join(row)]) + "\n", encoding="utf-8")
    return path, 3.0


def _keep(con, year, path, **kw):
    return keep_wave(con, path, load_inputs(year=year), key=KEY, **kw)


def _report(con, year):
    run, trends = monitor_run(con, year)
    record_report(con, year, record_run(run, None), trends)
    return run, trends


@pytest.fixture
def published_2016(tmp_path):
    """A store with 2016 (reported) and 2017."""
    con = connect(tmp_path / "s.sqlite")
    _keep(con, 2016, DEMO / "responses_2016.csv")
    run16, _ = _report(con, 2016)
    _keep(con, 2017, DEMO / "responses_2017.csv")
    yield con, run16
    con.close()


def _point(series: dict, year: int) -> dict:
    return next(p for p in series["points"] if p["year"] == year)


def test_replacing_a_published_year_is_refused(published_2016, tmp_path, capsys):
    con, _ = published_2016
    path, _ = _with_one_more(tmp_path)
    with pytest.raises(YearPublished, match="2016 is al gepubliceerd met een ander bestand"):
        _keep(con, 2016, path, replace=True)
    # removing the year first does not make it unpublished
    remove_year(con, 2016)
    with pytest.raises(YearPublished, match="--replace --republish"):
        _keep(con, 2016, path)
    store = tmp_path / "s.sqlite"
    code = main(["store", "add", str(path), "--year", "2016", "--store", str(store)])
    assert code == 2
    assert "fout: 2016 is al gepubliceerd" in capsys.readouterr().err


def test_one_added_respondent_is_not_revealed_by_the_next_trend(published_2016, tmp_path):
    con, run16 = published_2016
    path, grade = _with_one_more(tmp_path)
    old = run16.published.results.satisfaction.by_spt[SPT]
    assert _keep(con, 2016, path, replace=True, republish=True)[0] == "vervangen"

    # the attack, on the figures a trend without the freeze would print
    new = disclose(stored_results(con, 2016), 5).results.satisfaction.by_spt[SPT]
    assert new.n == old.n + 1
    assert math.isclose(new.n * new.estimate - old.n * old.estimate, grade, rel_tol=1e-9)

    _, trends = monitor_run(con, 2017)
    tree = trends.trends.model_dump(mode="json")
    assert _point(tree["grade_by_spt"][SPT], 2016)["estimate"] is None
    assert _point(tree["grade"], 2016)["estimate"] is None  # the national mean would show it too
    for series in tree["agree"].values():
        assert _point(series, 2016)["estimate"] is None
    assert _point(tree["grade_by_spt"]["West-Brabant"], 2016)["estimate"] is not None
    assert _point(tree["grade"], 2017)["estimate"] is not None
    assert any("2016 is opnieuw gepubliceerd" in n and SPT not in n for n in tree["notes"])
    assert f"/grade_by_spt/{SPT}/points/0/estimate" in trends.withheld


def _differences(old, new, path: str = "") -> list[str]:
    """Figures (estimates, shares, means) published in both trees with different values."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            d for k in old.keys() & new.keys() for d in _differences(old[k], new[k], f"{path}/{k}")
        ]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in _differences(a, b, f"{path}/{i}")
        ]
    leaf = path.rsplit("/", 1)[-1] in ("estimate", "share", "mean")
    numbers = all(isinstance(v, float | int) and not isinstance(v, bool) for v in (old, new))
    return [path] if leaf and numbers and not math.isclose(old, new, rel_tol=1e-12) else []


def test_a_new_report_of_the_republished_year_withholds_the_change(
    published_2016, tmp_path, capsys
):
    """Report 2016, re-store it with one more respondent, report 2016 again: the report is
    made, and beside the first one it shows nothing of the added person's answers."""
    con, run16 = published_2016
    path, _ = _with_one_more(tmp_path)
    _keep(con, 2016, path, replace=True, republish=True)
    run, _ = _report(con, 2016)
    old, new = run16.published.results, run.published.results
    sat = new.satisfaction
    # the difference attack of the trend test, on the year's own figures: nothing to subtract
    # (its count of grades too: beside the earlier one it would tell who has a grade)
    assert sat.by_spt[SPT].n is None and old.satisfaction.by_spt[SPT].n is not None
    assert old.satisfaction.by_spt[SPT].estimate is not None
    assert sat.by_spt[SPT].estimate is None
    assert old.satisfaction.overall.estimate is not None and sat.overall.estimate is None
    for key, item in new.items.items():
        assert item.agree.estimate is None, key
        assert item.agree_by_spt[SPT].estimate is None, key
    # no figure published in both reports differs: the difference shows no one's answers
    diffs = _differences(run16.published.tree(), run.published.tree())
    assert diffs == [], diffs
    # unchanged SPTs keep the figures they were published with
    kept = [k for k, v in sat.by_spt.items() if k != SPT and v.estimate is not None]
    assert kept and all(sat.by_spt[k].estimate == old.satisfaction.by_spt[k].estimate for k in kept)
    notes = [n for n in new.tables["respons_spt"].notes if "eerder gepubliceerd" in n]
    assert len(notes) == 1 and SPT not in notes[0] and "één servicepunt" in notes[0]
    assert "landelijke cijfers" in notes[0]
    # the derivability audit passes on what the report publishes
    assert audit_published(run.published.tree()).ok


def _counts(old, new, path: str = "") -> list[str]:
    """Counts and spreads published in both trees with different values (every number)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for k in old.keys() & new.keys() for d in _counts(old[k], new[k], f"{path}/{k}")]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in _counts(a, b, f"{path}/{i}")
        ]
    numbers = all(isinstance(v, float | int) and not isinstance(v, bool) for v in (old, new))
    return [path] if numbers and not math.isclose(old, new, rel_tol=1e-12) else []


# What may differ between the two reports of a republished year: how many respondents there
# are (per SPT, per table row, per trait cell; not the national counts of valid answers, which
# the next test shows withheld) and their share of the invited,
# the SPT's design df and the consensus facts of the SPT (hoofdactiviteit 1.4, traits 1.7, 1.8)
MAY_DIFFER = (
    r"/n$|/n_effective$|/n_with_grade$|/n_complete$|/df_design$|/respons_spt/rows/\d+/rate$"
    r"|/response/rate$|/tables/1\.4_per_spt/rows/\d+/n_agree$"
    r"|/1\.[78]_per_spt/rows/0/\w+_n$"
)


def test_a_republished_year_shows_no_count_by_answer_that_changed(published_2016, tmp_path):
    """Point 2: beside the first report, no count of respondents by a personal answer (which
    background, which answer to a statement, 'weet niet'), no spread and no mean over all
    respondents (the reliability's item means) of the second differs: the added person's
    answers stay hidden; the counts that do differ say only that one more person answered."""
    import re

    con, run16 = published_2016
    path, _ = _with_one_more(tmp_path)
    _keep(con, 2016, path, replace=True, republish=True)
    run, _ = _report(con, 2016)
    old, new = run16.published.tree(), run.published.tree()
    diffs = [d for d in _counts(old, new) if not d.startswith("/parameters/")]
    assert diffs and [d for d in diffs if not re.search(MAY_DIFFER, d)] == []
    assert any(d.startswith("/tables/respons_achtergrond/rows/5/n") for d in diffs)  # total
    background = new["tables"]["respons_achtergrond"]["rows"]
    assert all(r["n"] is None for r in background if r["background"] != "Totaal")
    for item in new["items"].values():
        assert all(c["n"] is None for c in item["categories"]) and item["weet_niet"]["n"] is None
    assert new["satisfaction"]["reliability"]["alpha"] is None
    assert new["tables"]["1.8_respondenten"]["rows"][0]["n_nee"] is None


def test_a_change_of_min_n_respondents_or_none_is_shown(published_2016):
    """The same file again changes nothing; a year never reported may be replaced freely."""
    con, _ = published_2016
    assert _keep(con, 2016, DEMO / "responses_2016.csv")[0] == "ongewijzigd"
    _, trends = monitor_run(con, 2017)
    tree = trends.trends.model_dump(mode="json")
    assert _point(tree["grade_by_spt"][SPT], 2016)["estimate"] is not None
    assert not any("opnieuw gepubliceerd" in n for n in tree["notes"])
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _reference(responses) -> dict[str, list[str]]:
    """The fingerprints as the first published records made them: a row at a time."""
    answers = responses.drop(columns=[ID, SPT_COLUMN]).astype(str)
    out: dict[str, list[str]] = {}
    rows = answers.itertuples(index=False)
    for spt, row in zip(responses[SPT_COLUMN].astype(str), rows, strict=True):
        text = json.dumps(list(row), ensure_ascii=False)
        out.setdefault(spt, []).append(hashlib.sha256(text.encode()).hexdigest()[:16])
    return {spt: sorted(rows) for spt, rows in sorted(out.items())}


def test_fingerprints_are_kept_with_the_wave_as_published_records_made_them(published_2016):
    """Made once at `store add`, equal to the row-by-row hashes already in published records
    (remarks, missing answers and all); a wave stored before they were kept gets the same."""
    con, _ = published_2016
    responses = stored_intake(con, 2017).responses
    assert responses.isna().any().any()  # missing answers are hashed too
    kept = json.loads(wave_fingerprints(con, 2017))
    assert kept == _reference(responses) == fingerprints(responses)
    assert sum(len(v) for v in kept.values()) == len(responses)
    con.execute("UPDATE answers SET fingerprints = NULL")  # as a version-5 store has them
    assert json.loads(wave_fingerprints(con, 2017)) == kept
    stored = con.execute("SELECT fingerprints FROM publication WHERE year = 2016").fetchone()
    assert json.loads(stored[0]) == _reference(stored_intake(con, 2016).responses)


def test_fingerprints_of_awkward_values_match_the_row_by_row_reference():
    """Texts JSON escapes (quotes, backslashes, new lines, control characters), missing
    values of every kind and dtype, numbers as astype(str) writes them: the same hashes."""
    responses = pd.DataFrame(
        {
            ID: ["R-1", "R-2", "R-3", "R-4", "R-5"],
            SPT_COLUMN: pd.Series(["A", "A", "B", "B", "B"], dtype="str"),
            "row": np.array([2, 3, 5, 7, 11], dtype=np.int64),
            "grade": [1.0, np.nan, 0.1 + 0.2, 1e20, np.nan],
            "remark": ['zei "ja"', "a\\b", "regel\nregel\t\x00\x1f", None, np.nan],
            "label": pd.Series(["é", None, "x", "x", "\u2028"], dtype="str"),
            "when": pd.to_datetime(["2016-01-02", None, "2016-03-04", None, "2016-01-02"]),
        }
    )
    assert fingerprints(responses) == _reference(responses)
    assert fingerprints(responses.iloc[:0]) == _reference(responses.iloc[:0]) == {}


DONT_KNOW = 8  # 'ambities', asked 1-5 with 9 for 'weet niet'
# The counts that rest on personal answers: valid answers per statement, grades (also of
# the changed SPT), complete lists, the choose-at-most-three questions and the regression
# (all four traits answered).
ANSWER_COUNTS = (
    "/items/",
    "/satisfaction/n_with_grade",
    "/satisfaction/overall/",
    "/satisfaction/by_spt/",
    "/satisfaction/reliability/",
    "/choices/",
    "/traits_regression/",
)


def test_an_added_weet_niet_is_not_shown_by_the_counts_of_valid_answers(
    published_2016, tmp_path, capsys
):
    """One added respondent says 'weet niet' on a statement: beside the first report, no
    count of the second (valid answers per statement, answers by category, grades, complete
    answers) differs by fewer than min_n, except the respondents themselves; the counts that
    would tell whether the person answered are withheld ("x") with the year's note, and the
    disclosure audit of the second report finds nothing."""
    con, run16 = published_2016
    path, _ = _with_one_more(tmp_path, dont_know=(DONT_KNOW,))
    _keep(con, 2016, path, replace=True, republish=True)
    run, _ = _report(con, 2016)
    old, new = run16.published.tree(), run.published.tree()
    k = run.published.min_n
    respondents = r"^/response/n$|^/tables/respons_\w+/rows/\d+/n$|/rows/\d+/(rate|n_spt\w*)$"
    few = [
        d
        for d in _counts(old, new)
        if d.startswith(ANSWER_COUNTS)
        and not re.search(respondents, d)
        and 0 < abs(_at(new, d) - _at(old, d)) < k
    ]
    assert few == [], "\n".join(sorted({re.sub(r"\d+", "#", d) for d in few}))
    for key, item in new["items"].items():
        assert item["n"] is None and run.published.is_withheld("items", key, "n"), key
        assert old["items"][key]["n"] is not None
    # the report prints it as "x" through the one helper: figure 2.1's title, each bar's label
    chart = figure_chart(run.published.results.items, "2.1")
    assert chart is not None and chart.title.endswith("(n = x)") and "(n = x)" in chart.alt
    assert method_counts(run.published) == {"n_with_grade": "x", "n_complete": "x"}
    audit = {"date": document_time(), "input_name": path.name, "results_hash": "0" * 12}
    page = " ".join(render_html("method.html", annual_context(run.published, audit=audit)).split())
    assert "; x respondenten hebben een cijfer" in page
    assert method_counts(run16.published)["n_with_grade"] == str(
        old["satisfaction"]["n_with_grade"]
    )
    assert {s.n for s in choice_sections(run.published)} == {"x"}
    grades = run.published.results.satisfaction.by_spt
    assert n_label(grade_row(SPT, grades[SPT]).n) == "n = x"  # its grade: "x (n = x)"
    # tables.xlsx shows "x" for each statement's n; the exchange package carries null
    sheets = published_sheets(run.results, run.published)
    statements = next(t for _, t in sheets if t.rows and "n_weet_niet" in t.rows[0])
    assert [r["n"] for r in statements.rows] == ["x"] * len(new["items"])
    rows = exchange_figures(new)
    agree = [f for f in rows if f.indicator == "aandeel_eens" and f.ref_area == "landelijk"]
    assert len(agree) == len(new["items"]) and all(f.n is None for f in agree)
    assert regression_view(run.published)["n"] == "x"
    # what `spt-eval verify REPORT --disclosure` runs on the attached results.json
    audit, rows = disclosure_checks(run.published.tree())
    assert audit.ok and [r.status for r in rows] == [OK]


def _at(tree, pointer: str):
    for part in pointer.strip("/").split("/"):
        tree = tree[int(part)] if isinstance(tree, list) else tree[part]
    return tree
