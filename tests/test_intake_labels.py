"""An SPSS file's value labels are read by what they say, never by the tool's number behind
them (issue 26): labels in another order than the codebook's codes read as their texts, and a
label that is no answer of the codebook is an item error naming it, not the codebook's answer
of the same number."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pyreadstat

from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.validate import read_survey

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


def _sav(path: Path) -> Path:
    frame = pd.DataFrame(
        {
            "respnr": ["R1", "R2", "R3"],
            "spt": ["Twente", "Rijnmond", "Achterhoek"],
            "werking_goed": [1.0, 5.0, 3.0],
            "trekker": [1.0, 0.0, 1.0],
            "bekendheid": [1.0, 2.0, 2.0],
        }
    )
    labels = {
        "werking_goed": {1.0: "Helemaal mee eens", 3.0: "Neutraal", 5.0: "Helemaal mee oneens"},
        "trekker": {1.0: "Nee", 0.0: "Ja"},  # the codebook: 1 = ja, 0 = nee
        "bekendheid": {1.0: "Akkoord", 2.0: "Mee oneens"},  # 'Akkoord' is no codebook answer
    }
    names = {"respnr": "Respondentnummer", "spt": "Servicepunt Techniek"}
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[names.get(c, c) for c in frame.columns],
        variable_value_labels=labels,
    )
    return path


def test_a_label_is_read_by_its_text_and_an_unknown_label_is_never_its_number(tmp_path):
    cb = load_codebook(SURVEY / "codebook.yaml")
    r = read_survey(_sav(tmp_path / "labels.sav"), cb, load_register(register_path(cb)))
    assert (r.rows_read, r.valid) == (3, 3)
    assert list(r.responses["werking_goed"]) == [5.0, 1.0, 3.0]  # by label, not by code
    assert list(r.responses["trekker"]) == [0.0, 1.0, 0.0]
    akkoord = r.responses["bekendheid"].iloc[0]
    assert math.isnan(akkoord)  # not the codebook's 1 ('helemaal mee oneens')
    assert list(r.responses["bekendheid"])[1:] == [2.0, 2.0]
    unknown = [p for p in r.problems if p.column == "bekendheid"]
    assert [(p.row, p.value, p.level) for p in unknown] == [(1, "Akkoord", "item")]
