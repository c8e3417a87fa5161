"""Pseudonyms, key handling, masking of free text and formula-injection guards."""

import stat

import pytest

from evaluation.errors import InputError
from evaluation.privacy import (
    KEY_ENV,
    load_key,
    mask_text,
    neutralise_cell,
    pseudonym,
)

KEY = b"0123456789abcdef0123456789abcdef"


def test_pseudonym_is_keyed_stable_and_short():
    a = pseudonym("1001", KEY)
    assert a == pseudonym(" 1001 ", KEY)
    assert a.startswith("R-") and len(a) == 14
    int(a[2:], 16)
    assert a != pseudonym("1002", KEY)
    assert a != pseudonym("1001", b"another key of enough length!!")
    assert "1001" not in a


def test_pseudonym_refuses_an_empty_key():
    with pytest.raises(ValueError):
        pseudonym("1", b"")


def test_load_key_creates_a_private_file_and_reuses_it(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "conf" / "key"
    key = load_key(path)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 32
    assert load_key(path) == key


def test_load_key_default_location_and_env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(KEY_ENV, raising=False)
    key = load_key()
    assert (tmp_path / "spt-eval" / "key").read_text().strip().encode() == key
    monkeypatch.setenv(KEY_ENV, "a-secret-from-the-environment")
    assert load_key() == b"a-secret-from-the-environment"


def test_load_key_errors_are_input_errors_without_the_key(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(InputError, match="bestaat niet"):
        load_key(tmp_path / "none", create=False)
    short = tmp_path / "short"
    short.write_text("tiny-secret")
    with pytest.raises(InputError, match="te kort") as exc:
        load_key(short)
    assert "tiny-secret" not in str(exc.value) and "tiny-secret" not in repr(exc.value.params)
    monkeypatch.setenv(KEY_ENV, "tiny-secret")
    with pytest.raises(InputError) as exc:
        load_key()
    assert str(exc.value) == (
        f"de sleutel in omgevingsvariabele {KEY_ENV} is te kort (minstens 16 tekens)"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mail jan.devries@example.nl voor info", "Mail [e-mail] voor info"),
        ("bel 06-12345678 of 010 123 4567", "bel [telefoon] of [telefoon]"),
        ("of +31 6 1234 5678, (010) 1234567", "of [telefoon], [telefoon]"),
        ("Jan de Vries deed het goed", "[naam] deed het goed"),
        ("Petra van der Berg en Kees ten Cate", "[naam] en [naam]"),
        ("volgens J. Jansen en J.P. de Vries", "volgens [naam] en [naam]"),
        ("dhr. Bakker en mevrouw De Boer", "[naam] en [naam]"),
        ("Anna Jansen belde", "[naam] belde"),
        ("Jansen-de Wit", "Jansen-de Wit"),
        ("Ria Jansen-de Wit is actief", "[naam] is actief"),
    ],
)
def test_mask_text_catches(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De werking van het SPT moet beter.",
        "Regio van Amsterdam en Den Haag doen mee",
        "Het UWV is trekker in 2015; 3 van de 10 punten.",
        "Servicepunt Techniek werkt samen met OTIB",
        "Werkgevers in de Regio zijn tevreden",
        "cijfer 7,5 op 12-11-2015",
    ],
)
def test_mask_text_leaves_ordinary_text(text):
    assert mask_text(text) == text


def test_mask_text_none():
    assert mask_text(None) is None


@pytest.mark.parametrize(
    "value",
    ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A2)", "\t=1+1", "\r=1", '=HYPERLINK("x")'],
)
def test_neutralise_cell_prefixes_formula_triggers(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Amsterdam", "", " =not a formula", "a=b", 3, -1.5, None, True])
def test_neutralise_cell_leaves_other_values(value):
    assert neutralise_cell(value) == value


def test_a_key_file_that_is_a_device_is_refused_without_reading_it():
    with pytest.raises(InputError, match="geen gewoon bestand"):
        load_key("/dev/zero")
