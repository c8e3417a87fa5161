"""Next year's changes (issue 12): each gives the right report or one clear Dutch error naming
the file and what to change; none changes a figure silently."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from evaluation.cli import main
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register
from evaluation.intake.required import check_required
from evaluation.intake.validate import read_survey
from evaluation.intake.wording import check_wording
from evaluation.pipeline import load_inputs, run_survey

SOURCE = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


@pytest.fixture
def survey(tmp_path) -> Path:
    """A copy of the 2015 survey folder and the demo export, to change as next year would."""
    folder = tmp_path / "spt2016"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(SOURCE / name, folder / name)
    return folder


def demo() -> pd.DataFrame:
    return pd.read_csv(SOURCE / "demo_responses.csv", sep=";", dtype=str, keep_default_na=False)


def write(frame: pd.DataFrame, folder: Path) -> Path:
    path = folder / "export.csv"
    frame.to_csv(path, sep=";", index=False)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def intake_of(folder: Path, export: Path):
    inputs = load_inputs(folder / "codebook.yaml")
    intake = read_survey(export, inputs.codebook, inputs.register, inputs.settings.intake)
    check_required(inputs.codebook, intake.absent_questions, inputs.settings.intake, str(export))
    return intake


def test_new_spt_is_quarantined_naming_the_register_then_read_once_added(survey):
    frame = demo()
    frame.loc[0, "Servicepunt Techniek"] = "Flevoland"
    export = write(frame, survey)
    r = intake_of(survey, export)
    assert r.quarantined == 1
    assert r.quarantine["reasons"].iloc[0] == (
        "onbekend servicepunt 'Flevoland'; voeg het toe aan service_points.yaml "
        "(onder service_points of als aliases)"
    )
    register = survey / "service_points.yaml"
    with register.open("a", encoding="utf-8") as f:
        f.write("  - name: Flevoland\n    activity_level: 1\n    invited: 3\n")
    edit(register, "total_invited: 75", "total_invited: 78")
    r = intake_of(survey, export)
    assert r.quarantined == 0 and (r.responses["spt"] == "Flevoland").sum() == 1


def test_renamed_spt_reads_through_its_old_name_as_alias(survey):
    edit(
        survey / "service_points.yaml",
        "  - name: Twente\n    aliases: [SPT Twente]",
        "  - name: Regio Twente\n    aliases: [Twente, SPT Twente]",
    )
    r = intake_of(survey, write(demo(), survey))
    assert r.valid == 47 and (r.responses["spt"] == "Regio Twente").sum() == 5


def test_reworded_statement_is_read_only_once_the_user_decided_what_it_is(survey, capsys):
    """One rule for a new text, whichever way it is brought in (an alias, a line in
    mapping.yaml, map's proposal): the run stops until `map --zelfde/--nieuw` records it."""
    frame = demo().rename(columns={"De werking van het SPT is goed": "Het SPT werkt goed"})
    export = write(frame, survey)
    with pytest.raises(InputError) as err:
        intake_of(survey, export)
    message = str(err.value)
    assert "'export.csv' mist de vraag 'werking_goed' (Werking is goed)" in message
    assert "tevredenheidscijfer" in message and "spt-eval map" in message
    cb = survey / "codebook.yaml"
    assert main(["analyse", str(export), "--codebook", str(cb), "--out", str(survey / "out")]) == 2
    edit(
        cb,
        "    short: Werking is goed\n",
        "    short: Werking is goed\n    aliases: [Het SPT werkt goed]\n",
    )
    stop = (
        f"'{export}' heeft stelling 'werking_goed' met een andere tekst: 'Het SPT werkt goed' "
        "(codeboek: 'De werking van het SPT is goed'); leg vast of het dezelfde stelling is: "
        f"spt-eval map {export} --zelfde werking_goed (de trend loopt door) of --nieuw "
        "werking_goed (de trend begint opnieuw)"
    )
    with pytest.raises(InputError) as err:
        run_survey(export, load_inputs(cb))
    assert str(err.value) == stop
    capsys.readouterr()
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "werking_goed"]) == 0
    run = run_survey(export, load_inputs(cb))
    assert run.results.items["werking_goed"].label == "Het SPT werkt goed"
    assert run.inputs.codebook.question("werking_goed").earlier_wordings[0].text == (
        "De werking van het SPT is goed"
    )


def test_added_statement_counts_in_the_grade_and_every_sentence(survey):
    cb = survey / "codebook.yaml"
    edit(
        cb,
        "  # Table 1.7: structure traits",
        "  - id: samenwerking\n"
        "    label: De samenwerking binnen het SPT is goed\n    type: single\n"
        '    scale: eens5\n    figure: "2.1"\n\n  # Table 1.7: structure traits',
    )
    edit(cb, "ambities, bekendheid]", "ambities, bekendheid, samenwerking]")
    frame = demo()
    with pytest.raises(InputError, match="mist de vraag 'samenwerking'"):
        intake_of(survey, write(frame, survey))
    frame["De samenwerking binnen het SPT is goed"] = frame["ambities"]
    run = run_survey(write(frame, survey), load_inputs(cb))
    assert len(run.results.satisfaction.items) == 7
    assert run.intake.valid == 47


def test_dropped_trait_is_an_error_unless_allowed_then_the_method_page_names_it(survey):
    export = write(demo().drop(columns=["uitvoeringscommissies"]), survey)
    with pytest.raises(InputError, match="mist de vraag 'uitvoeringscommissies'.*tabel 2.2"):
        intake_of(survey, export)
    edit(survey / "settings.yaml", "knelpunten]", "knelpunten, uitvoeringscommissies]")
    run = run_survey(export, load_inputs(survey / "codebook.yaml"))
    assert list(run.results.traits) == ["trekker", "manager", "stuurgroep"]  # no row of zeros
    assert run.results.parameters.absent_questions == {
        "uitvoeringscommissies": "Zijn er uitvoeringscommissies?",
        "succesfactoren": "Succesfactoren",  # asked from 2016: not in the 2015 demo
        "knelpunten": "Knelpunten",
    }
    assert "uitvoeringscommissies" not in run.results.traits_regression.formula


def test_changed_invited_counts_must_sum_to_the_total(survey):
    register = survey / "service_points.yaml"
    edit(register, "    invited: 6\n", "    invited: 13\n")  # Achterhoek: 75 -> 82 invited
    with pytest.raises(InputError) as err:
        load_register(register)
    assert str(err.value) == (
        f"register '{register}' is ongeldig: total_invited is 75, maar de "
        "aantallen 'invited' van de servicepunten tellen op tot 82; maak ze gelijk of laat "
        "total_invited weg (dan wordt het de som)"
    )
    edit(register, "total_invited: 75\n", "")
    assert load_register(register).invited_total == 82


def test_register_and_settings_errors_count_entries_from_1_and_name_the_field(survey):
    register = survey / "service_points.yaml"
    edit(register, "    invited: 4\n", "    invited: vier\n")  # Rijk van Nijmegen, entry 3
    with pytest.raises(InputError) as err:
        load_register(register)
    assert "bij service_points nr. 3 (Rijk van Nijmegen), veld invited: hier hoort een " in str(
        err.value
    )
    edit(register, "    invited: vier\n", "    invited: 4\n")
    edit(survey / "settings.yaml", "min_n: 5", "min_n: 0")
    with pytest.raises(InputError, match=r"ongeldig bij min_n: moet minstens 1 zijn \(nu: 0\)"):
        load_inputs(survey / "codebook.yaml", survey / "settings.yaml")


def test_test_pattern_makes_evidence_strong_and_can_be_switched_off(survey, tmp_path):
    """A respondent number with the test pattern is listed with strong evidence (accepting
    map's proposal or --confirm-tests decides it); without the pattern, an export of no known
    tool still lists it, as weak evidence: never silently counted or dropped."""
    frame = demo()
    frame.loc[3, "Respondentnummer"] = "TEST-1"  # the Achterhoek test row of the issue
    export = write(frame, survey)
    r = intake_of(survey, export)
    assert r.excluded == 0 and [(p.row, p.params["strength"]) for p in r.suspects] == [(4, "sterk")]
    edit(
        survey / "settings.yaml", "test_pattern: '\\b(test|proef|preview)\\b'", "test_pattern: null"
    )
    r = intake_of(survey, export)
    assert r.excluded == 0 and [(p.row, p.params["strength"]) for p in r.suspects] == [(4, "zwak")]
    assert load_codebook(survey / "codebook.yaml").version == "2015.1"


def test_a_statement_under_a_matrix_heading_is_read_by_the_text_its_tool_wrote_under_it(
    survey, capsys
):
    """SurveyMonkey writes a matrix question's text over its first statement column only and
    each statement's text in its second heading row: that text is what the column is, so no
    rewording is asked (.xlsx here; the rule came from the .csv); a new text in that row is
    asked about and recorded by that text, not by the question's."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from real_exports import SHAPES

    cb = survey / "codebook.yaml"
    inputs = load_inputs(cb)
    xlsx = SHAPES["surveymonkey_expanded_xlsx"](survey, inputs.codebook)
    assert main(["map", str(xlsx), "--codebook", str(cb), "--accept"]) == 0
    inputs = load_inputs(cb)
    intake = read_survey(xlsx, inputs.codebook, inputs.register, inputs.settings.intake)
    check_wording(inputs.codebook, intake.column_map, str(xlsx), intake.column_texts)  # no stop
    export = SHAPES["surveymonkey_expanded_csv"](survey, inputs.codebook)
    old = inputs.codebook.question("nut_techniek").label
    edit(export, old, "Een SPT voor techniek is nodig")
    capsys.readouterr()
    assert main(["map", str(export), "--codebook", str(cb)]) == 1
    said = capsys.readouterr().out
    assert "'nut_techniek' staat in de export met een andere tekst: 'Een SPT voor techniek" in said
    assert main(["map", str(export), "--codebook", str(cb), "--zelfde", "nut_techniek"]) == 1
    question = load_codebook(cb).question("nut_techniek")
    assert (question.label, question.earlier_wordings[0].text) == (
        "Een SPT voor techniek is nodig",
        old,
    )


def test_a_heading_cut_short_is_placed_by_its_beginning_not_asked_as_a_new_text(survey, capsys):
    """A statement's heading the tool cut short ('De werking van het SPT…') is the beginning
    of its text, not a new text: `map` places it (only that statement begins so) and asks no
    'same statement?' question, which would have recorded the cut text as the statement."""
    frame = demo().rename(columns={"De werking van het SPT is goed": "De werking van het SPT…"})
    export = write(frame, survey)
    cb = survey / "codebook.yaml"
    capsys.readouterr()
    assert main(["map", str(export), "--codebook", str(cb), "--accept"]) == 0
    said = capsys.readouterr().out
    assert "andere tekst" not in said and "-> werking_goed (Werking is goed) [sterk]" in said
    run = run_survey(export, load_inputs(cb))
    assert run.intake.valid == 47 and "werking_goed" in run.results.items
    assert load_codebook(cb).question("werking_goed").label == "De werking van het SPT is goed"
