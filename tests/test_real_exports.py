"""Real-shaped exports of the 47 demo respondents (tests/real_exports.py), followed as a new user
would: `validate`, `map --accept` once where told, `validate` again (issue 26).

Each ends with the demo's 47 valid respondents, split per SPT and answers (so every figure) as
the demo's, or stops with one Dutch line saying what is needed; never other figures at exit 0/1.
Where the export cannot say which rows are tests or unfinished (SurveyMonkey's CSV, an SPSS
file of no known tool), validate lists them and the user confirms them once.
"""

from __future__ import annotations

import shutil

import pytest
from follow_advice import SURVEY, demo_canonical, follow
from real_exports import OUTCOME, SHAPES

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook


@pytest.fixture(scope="module")
def expected():
    return demo_canonical(SURVEY / "codebook.yaml")


@pytest.mark.parametrize("name", list(SHAPES))
def test_export_reads_as_the_demo_or_stops_saying_what_is_needed(tmp_path, expected, name):
    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    path = SHAPES[name](tmp_path, load_codebook(survey / "codebook.yaml"))
    outcome = follow(path, survey, expected)
    assert outcome.steps in ([], ["map"], ["map", "confirm"])  # map once; confirm listed rows
    if OUTCOME[name] == "exact":
        assert outcome.kind == "exact", outcome
        assert outcome.counts.startswith("50 = 47 + 0 + 3")
    else:
        assert outcome.kind == "stop" and "--survey-file" in outcome.message
        assert outcome.message.startswith("fout: ") and "spt-eval map" not in outcome.message


def test_rows_that_look_like_tests_are_listed_until_the_user_decides(tmp_path, capsys):
    """An SPSS file of no known tool: remarks with 'test' or 'proef' are listed (exit 1), the
    report stops until the user decides, and the decision is recorded per row and file."""
    from evaluation.cli import main
    from evaluation.pipeline import load_inputs, run_survey

    survey = tmp_path / "survey"
    shutil.copytree(SURVEY, survey)
    cb = survey / "codebook.yaml"
    path = SHAPES["spss_sav"](tmp_path, load_codebook(cb))
    assert main(["map", str(path), "--codebook", str(cb), "--accept"]) == 0
    capsys.readouterr()
    assert main(["validate", str(path), "--codebook", str(cb)]) == 1
    out = capsys.readouterr().out
    assert "Let op: 3 rijen lijken op een test" in out and "'test invoer, niet meetellen'" in out
    with pytest.raises(InputError, match="lijken op een test"):
        run_survey(path, load_inputs(cb))  # never counted without the user's word
    assert main(["validate", str(path), "--codebook", str(cb), "--confirm-tests", "7"]) == 2
    assert "rij 7 staat niet bij de gemelde rijen" in capsys.readouterr().err
    assert main(["validate", str(path), "--codebook", str(cb), "--not-tests", "31"]) == 1
    assert main(["validate", str(path), "--codebook", str(cb), "--confirm-tests"]) == 0
    out = capsys.readouterr().out
    assert "48 = 47 + 0 + 2" not in out and "50 = 48 + 0 + 2 (klopt)" in out
    recorded = (survey / "bevestigd.yaml").read_text(encoding="utf-8")
    assert "exclude: [10, 50]" in recorded and "keep: [31]" in recorded
    assert run_survey(path, load_inputs(cb)).intake.valid == 48  # row 31 kept, as decided
