"""Errors as data: one tree under SptEvalError, a code with parameters worded at the edge, and
one translator of Pydantic errors that names every problem of a file."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from evaluation import errors
from evaluation.cli import main
from evaluation.errors import (
    MESSAGES,
    CodebookError,
    DesignError,
    ErrorCode,
    ExportError,
    InputError,
    SettingsError,
    SptEvalError,
    StoreError,
    dutch_reason,
    explained_design_errors,
)
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register
from evaluation.inputs.settings import load_settings, load_settings_for

SOURCE = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


@pytest.fixture
def survey(tmp_path) -> Path:
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_error_a_user_can_act_on_has_one_root():
    for cls in (InputError, CodebookError, SettingsError, ExportError, StoreError, DesignError):
        assert issubclass(cls, SptEvalError)
    assert issubclass(DesignError, ValueError)  # estimators' callers still catch ValueError
    assert not issubclass(DesignError, InputError)


def test_an_error_is_a_code_with_parameters_and_its_sentence_is_made_when_shown():
    exc = InputError(ErrorCode.PORT_RANGE, port=70000)
    assert exc.code is ErrorCode.PORT_RANGE and exc.params == {"port": 70000}
    assert str(exc) == "poort 70000 bestaat niet (kies 1-65535)"


def test_an_error_is_never_built_from_a_finished_sentence():
    with pytest.raises(TypeError):
        InputError("bestand 'x' is leeg")
    shown = InputError(ErrorCode.YEAR_NOT_STORED, year="regel\x1b[31m", stored="2015")
    assert str(shown) == "jaar regel\\x1b[31m staat niet in de opslag (wel: 2015)"  # visible


def test_an_error_keeps_its_code_and_parameters_across_processes():
    exc = pickle.loads(pickle.dumps(SettingsError(ErrorCode.MIN_N_OPTION, value=0)))
    assert type(exc) is SettingsError and exc.code is ErrorCode.MIN_N_OPTION
    assert exc.params == {"value": 0} and "nu: 0" in str(exc)


def test_every_code_has_one_dutch_line():
    assert set(MESSAGES) == set(ErrorCode)
    assert not [code for code, text in MESSAGES.items() if "\n" in text]


def test_a_settings_file_with_two_errors_reports_both_naming_file_and_field(survey):
    path = survey / "settings.yaml"
    edit(path, "min_n: 5", "min_n: 0")
    edit(path, "confidence: 0.95", "confidence: 1.5")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert text == (
        f"instellingen '{path}' is ongeldig bij confidence: moet kleiner zijn dan 1 (nu: 1.5); "
        "bij min_n: moet minstens 1 zijn (nu: 0)"
    )
    assert isinstance(caught.value, InputError)


def test_a_register_with_two_errors_reports_both(survey):
    path = survey / "service_points.yaml"
    edit(path, "    invited: 4\n", "    invited: 0\n")  # entry 3, Rijk van Nijmegen
    edit(path, "survey:", "onbekend: 1\nsurvey:")
    with pytest.raises(InputError) as caught:
        load_register(path)
    text = str(caught.value)
    assert text.startswith(f"register '{path}' is ongeldig bij ")
    assert "bij onbekend: onbekend veld (tikfout? controleer de naam)" in text
    entry = "service_points nr. 3 (Rijk van Nijmegen), veld invited"
    assert f"bij {entry}: moet minstens 1 zijn (nu: 0)" in text and "\n" not in text


def test_a_codebook_with_two_errors_reports_both(survey):
    path = survey / "codebook.yaml"
    edit(path, "respondent_id:", "tikfout: 1\nrespondent_id:")
    edit(path, "respondent_id:", "nog_een_tikfout: 2\nrespondent_id:")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    text = str(caught.value)
    assert "bij tikfout: onbekend veld" in text and "bij nog_een_tikfout: onbekend veld" in text


def test_one_rule_has_one_wording_in_every_file():
    """'at least 1' was 'moet minstens 1 zijn (nu: 0)', 'minstens 1' and 'mag niet kleiner zijn
    dan 1' in three translators; now every reader words it the same way."""
    err = {"type": "greater_than_equal", "loc": ("min_n",), "ctx": {"ge": 1}, "input": 0}
    (problem,) = errors.validation_problems([err])
    assert dutch_reason(err) == errors.problem_text(problem) == "moet minstens 1 zijn (nu: 0)"


def test_a_file_with_many_errors_stays_one_line():
    problems = tuple(errors.FieldProblem(f"veld{i}", "missing") for i in range(25))
    exc = InputError(ErrorCode.INVALID_FILE, what="register", file="r.yaml", problems=problems)
    text = str(exc)
    assert text.count("dit veld ontbreekt") == errors.MAX_PROBLEMS
    assert text.endswith("en nog 15 fouten") and "\n" not in text


def test_a_wrong_min_n_option_is_a_settings_error():
    with pytest.raises(SettingsError, match=r"--min-n\) moet minstens 1 zijn \(nu: 0\)"):
        load_settings_for(SOURCE / "codebook.yaml", min_n=0)


def test_a_design_error_becomes_a_user_error_with_its_reason():
    with pytest.raises(InputError) as caught, explained_design_errors("rapport"):
        raise DesignError(ErrorCode.DESIGN_NO_ROWS)
    assert caught.value.code is ErrorCode.DESIGN_IMPOSSIBLE
    assert str(caught.value) == "rapport niet mogelijk: het ontwerp heeft geen rijen"


def test_the_cli_turns_any_error_of_the_tree_into_one_line_and_exit_2(monkeypatch, capsys):
    import evaluation.commands.validate as validate

    for exc in (
        StoreError(ErrorCode.YEAR_NOT_STORED, year=2016, stored="2015"),
        DesignError(ErrorCode.DESIGN_NO_ROWS),
    ):

        def fail(args, exc=exc):
            raise exc

        monkeypatch.setattr(validate, "run", fail)
        assert main(["validate", "x.csv"]) == 2
        assert capsys.readouterr().err == f"fout: {exc}\n"


def test_a_codebook_rule_is_a_code_worded_from_the_catalogue(survey):
    path = survey / "codebook.yaml"
    edit(path, "min_valid:", "min_valid: 99\n  oud_min_valid:")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    text = str(caught.value)
    assert "bij satisfaction, veld oud_min_valid: onbekend veld" in text
    edit(path, "  oud_min_valid:", "  # weg:")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert str(caught.value) == (
        f"codeboek '{path}' is ongeldig: tevredenheidsschaal: min_valid ligt buiten 1..aantal items"
    )


def test_a_broken_test_pattern_is_named_in_dutch_without_the_library_text(survey):
    path = survey / "settings.yaml"
    edit(path, "test_pattern: '\\b(test|proef|preview)\\b'", "test_pattern: '[test'")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert text.endswith(
        "bij intake, veld exclude, veld test_pattern: geen geldig zoekpatroon "
        "(reguliere expressie), fout bij teken 1 (nu: '[test')"
    )
