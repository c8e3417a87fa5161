"""`spt-eval map EXPORT --survey-file FILE` (issue 26, point 1): a code export of the 47 demo
respondents reads exactly as the demo after one map step, for LimeSurvey 3.x (A1.. codes) and
5/6 (AO01..), Qualtrics numeric (recode values) and SPSS (value labels); what the definition
cannot say stops with a Dutch line and writes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from definition_demo import DEMO
from definition_lime import write_export as lime_export
from definition_lime import write_lss
from definition_qualtrics import write_export as qualtrics_export
from definition_qualtrics import write_qsf, write_sav

from evaluation.cli import main
from evaluation.definitions.read import read_definition
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.result import ID, ROW
from evaluation.intake.validate import read_survey
from evaluation.pipeline import load_inputs, run_survey

SOURCE = DEMO.parent


@pytest.fixture
def survey(tmp_path) -> Path:
    folder = tmp_path / "survey"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(SOURCE / name, folder / name)
    return folder / "codebook.yaml"


@pytest.fixture(scope="module")
def demo():
    cb = load_codebook()
    return read_survey(DEMO, cb, load_register(register_path(cb)))


def answers(intake) -> pd.DataFrame:
    return intake.responses.drop(columns=[ROW, ID]).reset_index(drop=True)


def exports(tmp_path: Path, tool: str) -> tuple[Path, Path]:
    """(export, definition) of the demo respondents for one tool and version."""
    cb = load_codebook()
    if tool in ("limesurvey3", "limesurvey6"):
        layout = tool[-1]
        return (
            lime_export(tmp_path / f"{tool}.csv", cb, layout),
            write_lss(tmp_path / f"{tool}.lss", cb, layout),
        )
    if tool == "limesurvey3_code_and_text":  # 'question code & question text' headings
        export, definition = exports(tmp_path, "limesurvey3")
        texts = {c.names[0]: c.item or c.question for c in read_definition(definition).columns}
        frame = pd.read_csv(export, dtype=str, keep_default_na=False)
        frame.columns = [f"{h}. {texts[h]}" if h in texts else h for h in frame.columns]
        frame.to_csv(export, index=False)
        return export, definition
    if tool == "qualtrics":
        return qualtrics_export(tmp_path / "q.csv", cb), write_qsf(tmp_path / "q.qsf", cb)
    sav = write_sav(tmp_path / "export.sav", cb, unanswered=tool == "spss_unanswered")
    return sav, sav


@pytest.mark.parametrize(
    ("tool", "name", "excluded"),
    [
        ("limesurvey3", "LimeSurvey", 1),
        ("limesurvey6", "LimeSurvey", 1),
        ("limesurvey3_code_and_text", "LimeSurvey", 1),
        ("qualtrics", "Qualtrics", 1),
        ("spss", "", 0),
        ("spss_unanswered", "", 0),
    ],
)
def test_code_export_reads_as_the_demo_after_one_map_step(
    tmp_path, survey, demo, capsys, tool, name, excluded
):
    export, definition = exports(tmp_path, tool)
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "65 kolommen" in out or "66 kolommen" in out
    mapping = yaml.safe_load((survey.parent / "mapping.yaml").read_text(encoding="utf-8"))
    assert mapping["definition"]["file"] == definition.name
    assert len(mapping["definition"]["sha256"]) == 64
    cb = load_codebook(survey)
    r = read_survey(export, cb, load_register(register_path(cb)))
    assert r.tool == name and r.reconciled and r.quarantined == 0 and r.item_errors == 0
    assert (r.valid, r.excluded) == (47, excluded)
    assert r.responses["spt"].tolist() == demo.responses["spt"].tolist()
    pd.testing.assert_frame_equal(answers(r), answers(demo))
    pd.testing.assert_frame_equal(r.missing.reset_index(drop=True), demo.missing)
    assert main(["validate", str(export), "--codebook", str(survey)]) == 0


def test_mapping_records_answer_codes_by_text_not_by_number(tmp_path, survey, capsys):
    export, definition = exports(tmp_path, "qualtrics")
    main(["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)])
    mapping = yaml.safe_load((survey.parent / "mapping.yaml").read_text(encoding="utf-8"))
    columns, codes = mapping["columns"], mapping["answers"]
    assert columns["Q5_1"] == "trekker" and columns["Q11_1"] == "org_uwv"
    assert codes["Q5_1"] == {"1": 1, "2": 0, "3": 9, "-99": None}  # Ja, Nee, Weet niet
    assert codes["Q11_1"] == {"1": 2, "2": 1, "3": 0, "-99": None}  # actief, achtergrond, niet
    assert codes["Q1"]["4"] == "Rijnmond" and codes["Q7_1"] == {"1": 1, "-99": None}
    assert "Q2" in columns and "Oude vraag" not in capsys.readouterr().out  # trash left out


def test_every_figure_of_a_recoded_export_equals_the_demo(tmp_path, survey):
    export, definition = exports(tmp_path, "qualtrics")
    main(["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)])
    ours = run_survey(export, load_inputs(survey)).results.model_dump(mode="json")
    theirs = run_survey(DEMO, load_inputs()).results.model_dump(mode="json")
    ours.pop("parameters"), theirs.pop("parameters")  # the input file, its hash and row count
    assert ours == theirs


def test_a_label_the_codebook_does_not_know_stops_and_writes_nothing(tmp_path, survey, capsys):
    export, definition = exports(tmp_path, "limesurvey3")
    text = definition.read_text(encoding="utf-8").replace("[Mee oneens]", "[Oneens genoeg]")
    definition.write_text(text, encoding="utf-8")
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "fout: de vragenlijst past niet bij het codeboek: antwoord 'Oneens genoeg'"
    )
    assert "label_aliases" in err and len(err.strip().splitlines()) == 1
    assert not (survey.parent / "mapping.yaml").exists()


def test_an_export_code_the_definition_lacks_stops_at_map_and_is_an_item_fault_after(
    tmp_path, survey, capsys
):
    export, definition = exports(tmp_path, "limesurvey6")
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)]
    assert main(args) == 0
    capsys.readouterr()
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame.loc[0, "Q02"] = "AO09"  # a code the question never had (the codebook's 9: weet niet)
    frame.to_csv(export, index=False)
    cb = load_codebook(survey)
    r = read_survey(export, cb, load_register(register_path(cb)))
    faults = [p for p in r.problems if p.code == "undefined_code"]
    assert len(faults) == 1 and faults[0].value == "AO09"  # never read as 'weet niet'
    assert faults[0].column == "Q02" and r.missing["nut_techniek"].iloc[0] is None
    (survey.parent / "mapping.yaml").unlink()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "'AO09'" in err and "geen antwoordcode van deze vraag in de vragenlijst" in err


def test_a_text_export_is_keyed_by_the_answer_texts(tmp_path, survey, demo, capsys):
    """Qualtrics 'choice text' exports write the answer's text: the same definition places
    them, and mapping.yaml keys those columns by text."""
    export, definition = exports(tmp_path, "qualtrics")
    frame = pd.read_csv(export, dtype=str, keep_default_na=False, header=None)
    labels = {"1": "Ja", "2": "Nee", "3": "Weet niet"}
    for j, tag in enumerate(frame.iloc[0]):
        if str(tag).startswith(("Q5_", "Q6_")):
            frame.iloc[3:, j] = [labels.get(v, v) for v in frame.iloc[3:, j]]
    frame.to_csv(export, index=False, header=False)
    assert (
        main(["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)]) == 0
    )
    mapping = yaml.safe_load((survey.parent / "mapping.yaml").read_text(encoding="utf-8"))
    assert mapping["answers"]["Q5_1"] == {"Ja": 1, "Nee": 0, "Weet niet": 9}
    cb = load_codebook(survey)
    r = read_survey(export, cb, load_register(register_path(cb)))
    assert r.valid == 47 and r.item_errors == 0
    pd.testing.assert_frame_equal(answers(r), answers(demo))


def test_store_add_keeps_a_code_export_as_the_demo(tmp_path, survey, monkeypatch, capsys):
    from evaluation.store.db import connect
    from evaluation.store.waves import stored_run

    monkeypatch.setenv("SPT_EVAL_KEY", "test-key-for-the-definition-tests-0123456789")
    export, definition = exports(tmp_path, "limesurvey6")
    main(["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)])
    store = str(tmp_path / "s.sqlite")
    args = ["store", "add", str(export), "--year", "2015", "--codebook", str(survey)]
    assert main([*args, "--store", store]) == 0
    ours = stored_run(connect(store), 2015).results.model_dump(mode="json")
    theirs = run_survey(DEMO, load_inputs()).results.model_dump(mode="json")
    ours.pop("parameters"), theirs.pop("parameters")
    assert ours == theirs


def test_the_manifest_records_mapping_yaml_and_its_survey_definition(tmp_path, survey):
    from evaluation.manifest import build_manifest

    export, definition = exports(tmp_path, "limesurvey3")
    main(["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)])
    inputs = load_inputs(survey)
    intake = read_survey(export, inputs.codebook, inputs.register)
    m = build_manifest(
        intake=intake,
        codebook=inputs.codebook,
        register=inputs.register,
        settings=inputs.settings,
        results_json=b"{}",
    )
    recorded = m["inputs"]["mapping"]
    assert recorded["name"] == "mapping.yaml"
    assert recorded["sha256"] == inputs.codebook.mapping_sha256
    assert recorded["definition"]["name"] == definition.name
    assert recorded["definition"]["tool"] == "LimeSurvey"
    assert recorded["definition"]["sha256"] == hashlib.sha256(definition.read_bytes()).hexdigest()


def test_a_column_mapping_yaml_places_keeps_its_target_against_an_earlier_alias():
    from evaluation.intake.columns import match_columns

    cb = load_codebook().model_copy(update={"mapping": {"respnr": ID, "Q01": "achtergrond"}})
    column_map, unknown = match_columns(["id", "respondent", "respnr", "Q01"], cb)
    assert column_map == {"respnr": ID, "Q01": "achtergrond"}
    assert unknown == ["id", "respondent"]


def test_an_other_answer_without_a_label_stops_map(tmp_path, survey, capsys):
    export, definition = exports(tmp_path, "limesurvey3")
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame.loc[2, "Q01"] = "-oth-"  # LimeSurvey's 'Other': no label in the answer list
    frame.to_csv(export, index=False)
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(definition)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "kolom 'Q01'" in err and "'-oth-'" in err and "mapping.yaml is niet geschreven" in err
    assert not (survey.parent / "mapping.yaml").exists()


def test_a_definition_that_is_not_this_export_or_not_this_codebook_says_so(
    tmp_path, survey, capsys
):
    export, definition = exports(tmp_path, "limesurvey3")
    other = tmp_path / "other.lss"
    shutil.copy(
        Path(__file__).parent / "fixtures" / "definitions" / "limesurvey5_answer_sets.lss", other
    )
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(other)]
    assert main(args) == 2
    assert "komt in de vragenlijst 'other.lss'" in capsys.readouterr().err
    label = load_codebook().question("nut_techniek").label
    english = definition.read_text(encoding="utf-8").replace(label, "Technology matters")
    definition.write_text(english, encoding="utf-8")
    only = tmp_path / "lime.csv"
    pd.read_csv(export, dtype=str)[["id", "submitdate", "lastpage", "Q02"]].to_csv(
        only, index=False
    )
    args = ["map", str(only), "--codebook", str(survey), "--survey-file", str(definition)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "heeft de tekst van een vraag in het codeboek" in err and "taal" in err
