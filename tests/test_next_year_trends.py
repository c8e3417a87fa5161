"""Next year's changes through the store (issue 26, point 4; issue 22, point 7): a reworded
statement decided once with `map` (the same statement or a new one), a renamed SPT, an SPT gone,
a new SPT, a new question, each with its Dutch message and its trend; and the national change over
the SPTs measured in both years beside the all-SPT one. 2016 and 2017 are the demo monitor's."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evaluation.analysis.same_spts import grade_over
from evaluation.cli import main
from evaluation.disclosure.publish import disclose
from evaluation.errors import ErrorCode
from evaluation.intake.validate import read_survey
from evaluation.pipeline import Run, load_inputs, run_survey
from evaluation.report.annual import annual_context
from evaluation.report.card import card_context
from evaluation.report.render import render_html
from evaluation.report.summary import summary_of
from evaluation.report.trends import card_trend, trend_context
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run
from evaluation.store.waves import YearTaken, add_wave
from evaluation.trends.build import PublishedTrends, Wave, build_trends

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "surveys" / "spt2015"
DEMO = ROOT / "surveys" / "monitor_demo"
KEY = b"test-key-" * 4
OLD = "De werking van het SPT is goed"
NEW = "De werking van het SPT is over het geheel goed"


@pytest.fixture(scope="module")
def run16():
    return run_survey(DEMO / "responses_2016.csv", load_inputs(year=2016))


def folder(tmp_path: Path, year: int) -> Path:
    """A survey folder for `year`: the 2015 codebook, register and settings (year set)."""
    target = tmp_path / f"spt{year}"
    target.mkdir()
    for name in ("codebook.yaml", "service_points.yaml"):
        shutil.copy(SOURCE / name, target / name)
    text = (SOURCE / "settings.yaml").read_text(encoding="utf-8")
    (target / "settings.yaml").write_text(text.replace("year: 2015", f"year: {year}", 1))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def export17(target: Path, change=None) -> Path:
    frame = pd.read_csv(DEMO / "responses_2017.csv", sep=";", dtype=str, keep_default_na=False)
    if change is not None:
        frame = change(frame)
    path = target / "export.csv"
    frame.to_csv(path, sep=";", index=False)
    return path


def store_with(tmp_path: Path, run16, target: Path, export: Path):
    """A store holding the 2016 demo wave and `export` as 2017 read with `target`'s inputs."""
    con = connect(tmp_path / "monitor.sqlite")
    add_wave(con, run16.inputs, run16.intake, key=KEY, results=run16.results)
    inputs = load_inputs(target / "codebook.yaml")
    intake = read_survey(export, inputs.codebook, inputs.register, inputs.settings.intake)
    add_wave(con, inputs, intake, key=KEY)  # analysed once, by the report's monitor_run
    return con


def reworded_folder(tmp_path: Path) -> tuple[Path, Path]:
    target = folder(tmp_path, 2017)
    return target, export17(target, lambda f: f.rename(columns={OLD: NEW}))


def test_map_asks_about_a_reworded_statement_and_writes_no_mapping_for_it(tmp_path, capsys):
    target, export = reworded_folder(tmp_path)
    cb = target / "codebook.yaml"
    assert main(["map", str(export), "--codebook", str(cb)]) == 1
    out = capsys.readouterr().out
    assert (
        f"Stelling 'werking_goed' staat in de export met een andere tekst: '{NEW}' "
        f"(codeboek: '{OLD}'). Is het dezelfde stelling? Draai map opnieuw met "
        "--zelfde werking_goed (de trend loopt door, met een voetnoot over de nieuwe tekst) of "
        "--nieuw werking_goed (een nieuwe stelling: de trend begint opnieuw)." in out
    )
    mapping = target / "mapping.yaml"
    assert not mapping.exists() or NEW not in mapping.read_text(encoding="utf-8")
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "ambities"]) == 2
    assert "stelling 'ambities' staat niet met een andere tekst in de export" in (
        capsys.readouterr().err
    )
    (target / "settings.yaml").unlink()  # the year of the change is not guessed
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "werking_goed"]) == 2
    assert "staat geen settings.yaml met het jaar van de enquête" in capsys.readouterr().err
    assert OLD in cb.read_text(encoding="utf-8")  # nothing written


def test_a_second_new_text_is_recorded_beside_the_first_and_new_breaks_with_both(tmp_path):
    """2017 the same statement, 2018 a new one: no earlier text is the 2018 statement."""
    target, export = reworded_folder(tmp_path)
    cb = target / "codebook.yaml"
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "werking_goed"]) == 0
    edit(target / "settings.yaml", "year: 2017", "year: 2018")
    later = "Het SPT werkt in de regio naar behoren en goed"
    frame = pd.read_csv(export, sep=";", dtype=str, keep_default_na=False)
    frame.rename(columns={NEW: later}).to_csv(export, sep=";", index=False)
    assert main(["map", str(export), "--codebook", str(cb), "--nieuw", "werking_goed"]) == 0
    q = load_inputs(cb).codebook.question("werking_goed")
    assert q.label == later
    assert [(w.text, w.changed_in, w.same_statement) for w in q.earlier_wordings] == [
        (OLD, 2017, False),
        (NEW, 2018, False),
    ]


@pytest.mark.parametrize("decision", ["--zelfde", "--nieuw"])
def test_a_reworded_statement_is_decided_once_and_the_trend_follows(
    tmp_path, run16, capsys, decision
):
    target, export = reworded_folder(tmp_path)
    cb = target / "codebook.yaml"
    assert main(["map", str(export), "--codebook", str(cb), decision, "werking_goed"]) == 0
    assert "Vastgelegd in" in capsys.readouterr().out
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "werking_goed"]) == 2
    what = "dezelfde stelling" if decision == "--zelfde" else "een nieuwe stelling"
    assert (
        f"stelling 'werking_goed' is al vastgelegd: de tekst van 2017 is {what} "
        "(earlier_wordings in het codeboek), dus map vraagt er niet opnieuw naar"
    ) in capsys.readouterr().err
    inputs = load_inputs(cb)
    q = inputs.codebook.question("werking_goed")
    assert q.label == NEW
    assert [(w.text, w.changed_in, w.same_statement) for w in q.earlier_wordings] == [
        (OLD, 2017, decision == "--zelfde")
    ]
    con = store_with(tmp_path, run16, target, export)
    run, pt = monitor_run(con, 2017)
    t = pt.trends
    series = t.agree["werking_goed"]
    notes = trend_context(pt)["notes"]
    if decision == "--zelfde":
        assert [p.year for p in series.points] == [2016, 2017]
        assert series.change is not None and series.change.difference == pytest.approx(
            run.results.items["werking_goed"].agree.estimate
            - run16.results.items["werking_goed"].agree.estimate
        )
        assert [p.year for p in t.grade.points] == [2016, 2017] and t.grade.change is not None
        assert (
            f"'Werking is goed': de tekst is in 2017 veranderd (in 2016: '{OLD}'; nu: '{NEW}'); "
            "volgens het codeboek dezelfde stelling, dus de jaren worden vergeleken."
        ) in notes
    else:
        assert [p.year for p in series.points] == [2017] and series.not_comparable == [2016]
        assert series.change is None
        assert t.grade.not_comparable == [2016] and t.grade.change is None
        assert (
            f"'Werking is goed' is sinds 2017 een nieuwe stelling ('{NEW}'; in 2016: '{OLD}'): "
            "de trend begint opnieuw, 2016 wordt niet vergeleken."
        ) in notes
        assert any(
            n.startswith("De tevredenheidsscore van 2016 is niet vergelijkbaar") for n in notes
        )
        # the grade's line and the statement's change column say why there is no change
        ctx = trend_context(pt)
        assert (
            ctx["grade_text"]
            == "niet vergelijkbaar met 2016 (zie de noten bij de tabel per stelling)"
        )
        row = next(r for r in ctx["statements"] if r["key"] == "werking_goed")
        assert row["difference"] == "n.v.t." and row["text"] == ctx["grade_text"]
        assert (
            "Of de landelijke tevredenheidsscore (1-5) sinds 2016 veranderde: de score van 2016 "
            "is niet vergelijkbaar met die van 2017, omdat de stellingen of hun antwoordschaal "
            "zijn veranderd (zie 'Over de jaren')."
        ) in summary_of(run.published, pt)["not_said"]
    # two earlier years under the old text: one sentence for both, not one per year
    r16 = run16.results
    waves = [
        Wave(2015, r16, disclose(r16, 5)),
        Wave(2016, r16, disclose(r16, 5)),
        Wave(2017, run.results, run.published),
    ]
    three = build_trends(waves, inputs.settings, {}, inputs.codebook, inputs.register)
    said = [n for n in trend_context(three)["notes"] if n.startswith("'Werking is goed'")]
    if decision == "--zelfde":
        assert said == [
            f"'Werking is goed': de tekst is in 2017 veranderd (in 2015 en 2016: '{OLD}'; nu: "
            f"'{NEW}'); volgens het codeboek dezelfde stelling, dus de jaren worden vergeleken."
        ]
    else:
        assert said == [
            f"'Werking is goed' is sinds 2017 een nieuwe stelling ('{NEW}'; in 2015 en 2016: "
            f"'{OLD}'): de trend begint opnieuw, 2015 en 2016 worden niet vergeleken."
        ]
        assert (
            "De tevredenheidsscore van 2015 en 2016 is niet vergelijkbaar met die van 2017: de "
            "stellingen of hun antwoordschaal zijn veranderd."
        ) in three.trends.notes


def test_a_new_text_nobody_decided_on_is_not_compared_and_the_page_says_how_to_decide(
    tmp_path, run16
):
    """The codebook's label changed by hand, nothing recorded: the same rule as a decision for
    'new', with the sentence that asks for the decision."""
    target, export = reworded_folder(tmp_path)
    cb = target / "codebook.yaml"
    edit(cb, f"label: {OLD}\n", f"label: {NEW}\n")
    con = store_with(tmp_path, run16, target, export)
    _, pt = monitor_run(con, 2017)
    assert pt.trends.agree["werking_goed"].not_comparable == [2016]
    line = f'- {{text: "{OLD}", changed_in: 2017, same_statement: true}}'
    assert (
        f"'Werking is goed' had in 2016 een andere tekst ('{OLD}') en het codeboek legt niet vast "
        "of het dezelfde stelling is, dus 2016 wordt niet vergeleken; leg in het codeboek vast of "
        "het dezelfde stelling is: zet bij vraag 'werking_goed' onder earlier_wordings de regel "
        f"{line} (false als het een nieuwe stelling is)."
    ) in trend_context(pt)["notes"]
    # map has nothing to ask (the label is the export's text): the page's line is what works
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "werking_goed"]) == 2
    edit(cb, f"label: {NEW}\n", f"label: {NEW}\n    earlier_wordings:\n      {line}\n")
    inputs = load_inputs(cb)
    intake = read_survey(export, inputs.codebook, inputs.register, inputs.settings.intake)
    with pytest.raises(YearTaken) as taken:  # the same file, now with the decision: not 'unchanged'
        add_wave(con, inputs, intake, key=KEY)
    assert taken.value.code == ErrorCode.YEAR_INPUTS_CHANGED
    assert add_wave(con, inputs, intake, key=KEY, replace=True) == "vervangen"
    assert add_wave(con, inputs, intake, key=KEY) == "ongewijzigd"
    _, pt = monitor_run(con, 2017)
    assert pt.trends.agree["werking_goed"].not_comparable == []
    assert [p.year for p in pt.trends.agree["werking_goed"].points] == [2016, 2017]


def test_store_add_stops_on_a_new_text_read_through_an_alias(tmp_path, capsys, monkeypatch):
    """The alias route of old (new text as alias, label kept) no longer continues the trend
    unseen: `store add` stops as `report` does, naming both decisions."""
    monkeypatch.setenv("SPT_EVAL_KEY", "test-key-for-the-store-tests-0123456789")
    target, export = reworded_folder(tmp_path)
    edit(
        target / "codebook.yaml",
        "    short: Werking is goed\n",
        f"    short: Werking is goed\n    aliases: [{NEW}]\n",
    )
    store = tmp_path / "monitor.sqlite"
    args = ["store", "add", str(export), "--year", "2017", "--codebook"]
    assert main([*args, str(target / "codebook.yaml"), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert f"heeft stelling 'werking_goed' met een andere tekst: '{NEW}'" in err
    assert "--zelfde werking_goed (de trend loopt door) of --nieuw werking_goed" in err


def _without_zuidoost(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["Servicepunt Techniek"].str.startswith("Zuidoost")]


@dataclass(frozen=True)
class Changed:
    """2017 with a changed set of SPTs: Twente renamed TechniekTwente (previous_names),
    Zuidoost-Brabant without respondents, Flevoland new (two West-Brabant rows moved there)."""

    target: Path
    export: Path
    store: Path
    run: Run
    trends: PublishedTrends


@pytest.fixture(scope="module")
def changed(tmp_path_factory, run16) -> Changed:
    tmp = tmp_path_factory.mktemp("changed")
    target = folder(tmp, 2017)
    register = target / "service_points.yaml"
    edit(
        register,
        "  - name: Twente\n    aliases: [SPT Twente]",
        "  - name: TechniekTwente\n    previous_names: [Twente]",
    )
    with register.open("a", encoding="utf-8") as f:
        f.write("  - name: Flevoland\n    activity_level: 1\n    invited: 3\n")
    edit(register, "total_invited: 75", "total_invited: 78")

    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame = _without_zuidoost(frame).copy()
        spt = frame["Servicepunt Techniek"]
        frame.loc[frame.index[spt == "West-Brabant"][:2], "Servicepunt Techniek"] = "Flevoland"
        frame.loc[spt == "Twente", "Servicepunt Techniek"] = "TechniekTwente"
        return frame

    export = export17(target, change)
    con = store_with(tmp, run16, target, export)
    run, pt = monitor_run(con, 2017, min_n=1)  # figures shown; withheld: the last test
    return Changed(target, export, tmp / "monitor.sqlite", run, pt)


def test_a_renamed_spt_is_one_line_through_its_previous_name(changed, run16):
    t = changed.trends.trends
    assert "Twente" not in t.grade_by_spt
    line = t.grade_by_spt["TechniekTwente"]
    assert [(p.year, p.name) for p in line.points] == [(2016, "Twente"), (2017, None)]
    assert line.points[0].estimate == run16.results.satisfaction.by_spt["Twente"].estimate
    assert line.change is not None and t.renamed == {"TechniekTwente": ["Twente"]}
    card = card_trend(changed.trends, "TechniekTwente")
    assert "TechniekTwente: 2016: " in card["chart"].alt
    assert card["text"] != "geen vorige meting om mee te vergelijken"
    assert "TechniekTwente heette eerder Twente." in trend_context(changed.trends)["spt_changes"]
    row = next(r for r in trend_context(changed.trends)["spts"] if r["spt"] == "TechniekTwente")
    assert row["label"] == "TechniekTwente (eerder Twente)"  # the trend page's row says so too
    assert card["renamed"] == [
        "TechniekTwente heette tot en met 2016 Twente; de jaren staan op één lijn."
    ]


def test_a_new_spt_card_says_it_was_not_measured_before_not_that_nothing_changed(changed):
    audit = {"date": date(2017, 11, 21)}
    for spt, said in (
        ("Flevoland", "Flevoland: in 2016 niet gemeten, dus geen verandering."),
        ("TechniekTwente", "TechniekTwente sinds 2016: geen aantoonbare veranderingen."),
    ):
        trend = card_trend(changed.trends, spt)
        html = render_html(
            "card.html",
            {**card_context(changed.run.published, spt, audit=audit), "trend": trend},
        )
        assert said in " ".join(html.split())
    flevoland = card_trend(changed.trends, "Flevoland")
    assert not flevoland["compared"] and flevoland["renamed"] == []
    assert "Verandering sinds de vorige meting: in 2016 niet gemeten" in " ".join(
        render_html(
            "card.html",
            {**card_context(changed.run.published, "Flevoland", audit=audit), "trend": flevoland},
        ).split()
    )


def test_an_export_still_using_the_previous_name_is_told_what_the_register_says(changed):
    frame = pd.read_csv(changed.export, sep=";", dtype=str, keep_default_na=False)
    frame.loc[frame["Servicepunt Techniek"] == "TechniekTwente", "Servicepunt Techniek"] = "Twente"
    path = changed.export.parent / "old_name.csv"
    frame.to_csv(path, sep=";", index=False)
    i = changed.run.inputs
    intake = read_survey(path, i.codebook, i.register, i.settings.intake)
    assert intake.quarantined == 3
    assert set(intake.quarantine["reasons"]) == {
        "onbekend servicepunt 'Twente': de vroegere naam van TechniekTwente (previous_names); "
        "gebruikt de export die naam nog, zet hem dan ook onder aliases van TechniekTwente"
    }


def test_spts_gone_and_new_are_said_on_the_response_page_and_by_validate(changed, capsys):
    t = changed.trends.trends
    assert t.spts_gone == ["Zuidoost-Brabant"] and t.spts_new == ["Flevoland"]
    assert [p.year for p in t.grade_by_spt["Flevoland"].points] == [2017]
    assert [p.year for p in t.grade_by_spt["Zuidoost-Brabant"].points] == [2016]
    ctx = trend_context(changed.trends)
    assert ctx["spt_changes"] == [
        "In 2016 gemeten, in 2017 niet: Zuidoost-Brabant (geen geldige antwoorden dit jaar).",
        "Nieuw ten opzichte van 2016: Flevoland.",
        "TechniekTwente heette eerder Twente.",
    ]
    audit = {"date": date(2017, 11, 21)}
    html = render_html(
        "annual.html", {**annual_context(changed.run.published, audit=audit), "trends": ctx}
    )
    assert " ".join(ctx["spt_changes"]) in html
    cb = str(changed.target / "codebook.yaml")
    args = ["validate", str(changed.export), "--codebook", cb, "--store", str(changed.store)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Niet meer in de export, wel in 2016: Zuidoost-Brabant." in out
    assert "Nieuw ten opzichte van 2016: Flevoland." in out
    assert "TechniekTwente heette in 2016 Twente (previous_names in het register)." in out
    assert (  # one SPT gone and one new: the user is asked whether it is a new name
        "Heeft een servicepunt een nieuwe naam gekregen, zet de oude naam dan onder "
        "previous_names in het register: dan staan de jaren op één lijn in de trends."
    ) in out
    assert main([*args, "--json"]) == 0  # the same questions as in 2016: nothing to say
    assert json.loads(capsys.readouterr().out)["question_changes"] == []


def test_the_national_change_is_given_over_the_same_spts_beside_the_all_spt_one(changed, run16):
    t = changed.trends.trends
    same = t.grade_same_spts
    assert same.only_previous == ["Zuidoost-Brabant"] and same.only_now == ["Flevoland"]
    assert len(same.spts) == 9 and "TechniekTwente" in same.spts
    # each year over the nine: the mean of their SPT grades (every SPT counts equally), its SE
    # the root of the sum of their variances over 9^2 (no SPT of one respondent among them)
    by16 = {k: e for k, e in run16.results.satisfaction.by_spt.items() if k != "Zuidoost-Brabant"}
    by17 = {k: e for k, e in changed.run.results.satisfaction.by_spt.items() if k != "Flevoland"}
    for p, by in zip(same.points, (by16, by17), strict=True):
        assert p.estimate == pytest.approx(sum(e.estimate for e in by.values()) / 9, rel=1e-12)
        assert p.se == pytest.approx(sum(e.se**2 for e in by.values()) ** 0.5 / 9, rel=1e-12)
    p16, p17 = same.points
    assert same.change.difference == pytest.approx(p17.estimate - p16.estimate)
    overall = changed.run.results.satisfaction.overall.estimate
    assert t.grade.change.difference == pytest.approx(
        overall - run16.results.satisfaction.overall.estimate
    )
    ctx = trend_context(changed.trends)
    assert ctx["same_spts"]["n"] == 9
    assert (
        "Het landelijke cijfer van 2016 en 2017 rust niet op dezelfde servicepunten (in 2016 wel, "
        "in 2017 niet gemeten: Zuidoost-Brabant; in 2017 nieuw gemeten: Flevoland). Naast de "
        "verandering over alle servicepunten staat daarom die over de 9 servicepunten die in "
        "beide jaren zijn gemeten."
    ) in ctx["notes"]
    audit = {"date": date(2017, 11, 21)}
    html = render_html(
        "annual.html", {**annual_context(changed.run.published, audit=audit), "trends": ctx}
    )
    said = ctx["same_spts"]["text"]
    assert f"Over de 9 servicepunten die in 2016 en\n2017 beide zijn gemeten: {said}" in html
    card = render_html(
        "card.html",
        {
            **card_context(changed.run.published, "Noord-Holland", audit=audit),
            "trend": card_trend(changed.trends, "Noord-Holland"),
        },
    )
    assert "Niet elk servicepunt is in beide jaren gemeten; over de 9 servicepunten" in card


def test_validate_without_a_store_names_register_spts_without_answers(tmp_path, capsys):
    target = folder(tmp_path, 2017)
    export = export17(target, _without_zuidoost)
    args = ["validate", str(export), "--codebook", str(target / "codebook.yaml")]
    assert main(args) == 0
    line = "Geen geldige rijen van Zuidoost-Brabant (wel in het register)."
    assert line in capsys.readouterr().out
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["spt_changes"] == [line]


def test_a_new_question_starts_its_own_trend_and_breaks_the_grade(tmp_path, run16, capsys):
    target = folder(tmp_path, 2017)
    cb = target / "codebook.yaml"
    edit(
        cb,
        "  # Table 1.7: structure traits",
        "  - id: samenwerking\n    label: De samenwerking binnen het SPT is goed\n"
        '    short: Samenwerking is goed\n    type: single\n    scale: eens5\n    figure: "2.1"\n\n'
        "  # Table 1.7: structure traits",
    )
    edit(cb, "ambities, bekendheid]", "ambities, bekendheid, samenwerking]")
    export = export17(
        target, lambda f: f.assign(**{"De samenwerking binnen het SPT is goed": f["ambities"]})
    )
    con = store_with(tmp_path, run16, target, export)
    args = ["validate", str(export), "--codebook", str(cb), "--json"]
    assert main([*args, "--store", str(tmp_path / "monitor.sqlite")]) == 0
    assert json.loads(capsys.readouterr().out)["question_changes"] == [
        "Nieuwe vraag ten opzichte van 2016: 'Samenwerking is goed'; er is nog geen eerdere "
        "meting, dus geen verandering.",
        "De tevredenheidsscore is anders samengesteld dan in 2016 (erbij: 'Samenwerking is "
        "goed'): het rapport vergelijkt de score niet met 2016 en zegt dat.",
    ]
    run, pt = monitor_run(con, 2017)
    t = pt.trends
    new = t.agree["samenwerking"]
    assert (
        [p.year for p in new.points] == [2017] and new.not_comparable == [] and new.change is None
    )
    row = next(r for r in trend_context(pt)["statements"] if r["short"] == "Samenwerking is goed")
    assert row["cells"][0] == "–" and row["cells"][1].endswith("%")  # 2016: no measurement
    assert t.grade.not_comparable == [2016] and [p.year for p in t.grade.points] == [2017]
    assert t.agree["ambities"].change is not None  # the other statements go on
    ctx = trend_context(pt)
    assert (
        ctx["grade_text"] == "niet vergelijkbaar met 2016 (zie de noten bij de tabel per stelling)"
    )
    assert {r["difference"] for r in ctx["spts"]} == {"n.v.t."}
    assert row["difference"] == "–"  # first asked: nothing to compare, not 'not comparable'
    assert any(
        line.startswith("Of de landelijke tevredenheidsscore (1-5) sinds 2016 veranderde")
        for line in summary_of(run.published, pt)["not_said"]
    )
    assert new.notes == [
        "'Samenwerking is goed' is in 2017 voor het eerst gevraagd: er is nog geen eerdere meting."
    ]
    assert (
        "De tevredenheidsscore van 2016 is niet vergelijkbaar met die van 2017: de stellingen of "
        "hun antwoordschaal zijn veranderd."
    ) in t.notes


def test_a_same_spt_figure_that_would_reveal_a_withheld_spt_is_withheld(changed, run16):
    """At min_n 5 Zuidoost-Brabant (2 respondents in 2016) is withheld, and so are other small
    SPTs: the 2016 grade over the nine beside the national one would give it away."""
    r17, register = changed.run.results, changed.run.inputs.register
    nine = set(changed.trends.trends.grade_same_spts.spts)
    names = register.current_names()
    i16, i17 = run16.inputs, changed.run.inputs
    same = {
        2016: grade_over(
            run16.intake,
            i16.codebook,
            i16.register,
            i16.settings,
            {k for k in run16.results.satisfaction.by_spt if names.get(k, k) in nine},
        ),
        2017: grade_over(changed.run.intake, i17.codebook, i17.register, i17.settings, nine),
    }
    # the same estimator as the national grade (checked against R): over every SPT it is that
    every = grade_over(
        run16.intake, i16.codebook, i16.register, i16.settings, set(run16.intake.responses["spt"])
    )
    assert every == run16.results.satisfaction.overall
    shown = {p.year: p.estimate for p in changed.trends.trends.grade_same_spts.points}
    assert shown == {y: e.estimate for y, e in same.items()}  # what monitor_run computed

    def trends(r16, min_n):
        waves = [Wave(2016, r16, disclose(r16, min_n)), Wave(2017, r17, disclose(r17, min_n))]
        return build_trends(waves, i17.settings, {}, register=register, same_spts=same)

    pt = trends(run16.results, 5)
    p16 = pt.trends.grade_same_spts.points[0]
    assert p16.estimate is None and pt.trends.grade_same_spts.change.difference is None
    assert "/grade_same_spts/points/0/estimate" in pt.withheld
    assert trends(run16.results, 1).trends.grade_same_spts.points[0].estimate == (
        same[2016].estimate
    )
    # a grade that is not comparable with 2016 has no change to set the same-SPT one beside
    reworded = run16.results.model_copy(deep=True)
    reworded.items["werking_goed"].label = NEW
    apart = trends(reworded, 1).trends
    assert apart.grade.not_comparable == [2016] and apart.grade_same_spts is None
    assert apart.spts_gone == ["Zuidoost-Brabant"]
