"""A reworded statement in next year's survey file (issue 26, point 4, with point 1): `map
--survey-file` asks whether it is the same statement, as `map` does for a full-text export, maps
nothing under the old text, and records the answer once with --zelfde or --nieuw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from definition_demo import DEMO
from definition_lime import write_export as lime_export
from definition_lime import write_lss
from definition_qualtrics import write_export as qualtrics_export
from definition_qualtrics import write_qsf

from evaluation.cli import main
from evaluation.inputs.codebook import load_codebook
from evaluation.pipeline import load_inputs, run_survey

OLD = "De werking van het SPT is goed"
NEW = "De werking van het SPT is over het geheel goed"


def files(tmp_path: Path, tool: str) -> tuple[Path, Path, Path]:
    """(codebook, export, survey file): last year's codebook, and this year's survey file in
    which one statement has a new text (the export holds the demo respondents by code)."""
    folder = tmp_path / "survey"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(DEMO.parent / name, folder / name)
    codebook = folder / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    renamed = tmp_path / "next_year.yaml"
    renamed.write_text(text.replace(f"label: {OLD}\n", f"label: {NEW}\n", 1), encoding="utf-8")
    shutil.copy(folder / "service_points.yaml", tmp_path)  # the codebook's register beside it
    now, then = load_codebook(renamed), load_codebook(codebook)
    assert now.question("werking_goed").label == NEW
    if tool == "qualtrics":
        return (
            codebook,
            qualtrics_export(tmp_path / "q.csv", then),
            write_qsf(tmp_path / "q.qsf", now),
        )
    export = lime_export(tmp_path / "lime.csv", then, "6")
    return codebook, export, write_lss(tmp_path / "lime.lss", now, "6")


@pytest.mark.parametrize("tool", ["qualtrics", "limesurvey6"])
def test_a_new_text_in_the_survey_file_is_asked_then_decided_once(tmp_path, capsys, tool):
    codebook, export, definition = files(tmp_path, tool)
    args = ["map", str(export), "--codebook", str(codebook), "--survey-file", str(definition)]
    assert main(args) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert (
        f"Stelling 'werking_goed' staat in de vragenlijst met een andere tekst: '{NEW}' "
        f"(codeboek: '{OLD}'). Is het dezelfde stelling? Draai map opnieuw met --zelfde "
        "werking_goed" in out
    )
    assert "staan niet in de export: werking_goed" not in out  # asked, not called missing
    mapping = yaml.safe_load((codebook.parent / "mapping.yaml").read_text(encoding="utf-8"))
    assert "werking_goed" not in mapping["columns"].values()  # nothing under the old text
    assert main([*args, "--nieuw", "werking_goed"]) == 0
    q = load_codebook(codebook).question("werking_goed")
    assert q.label == NEW
    assert [(w.text, w.same_statement) for w in q.earlier_wordings] == [(OLD, False)]
    mapping = yaml.safe_load((codebook.parent / "mapping.yaml").read_text(encoding="utf-8"))
    assert "werking_goed" in mapping["columns"].values()
    run = run_survey(export, load_inputs(codebook))
    demo = run_survey(DEMO, load_inputs())
    assert run.intake.valid == 47
    assert run.results.items["werking_goed"].label == NEW
    assert run.results.items["werking_goed"].agree == demo.results.items["werking_goed"].agree
    assert main([*args, "--nieuw", "werking_goed"]) == 2  # decided once: not asked again
