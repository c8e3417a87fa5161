"""Errors of the routine and its outputs as data: each reader of the upper packages names
every problem of a file, and a stop of the store keeps its code and values across processes."""

from __future__ import annotations

import pickle

import pytest

from evaluation.audit.recorded import checked_manifest
from evaluation.errors import ErrorCode, InputError, StoreError
from evaluation.routine.options import parse_options
from evaluation.store.publications import YearPublished
from evaluation.store.waves import YearTaken


def test_a_form_with_two_wrong_choices_names_both_by_their_titles():
    with pytest.raises(InputError) as caught:
        parse_options({"year": 1800, "min_n": 0})
    assert caught.value.code is ErrorCode.INVALID_CHOICE
    text = str(caught.value)
    assert text.startswith("ongeldige keuze bij 'Jaar': moet minstens 1990 zijn (nu: 1800)")
    assert "bij 'Minimale n': moet minstens 1 zijn (nu: 0)" in text


def test_a_manifest_with_two_wrong_fields_names_both():
    manifest = {
        "inputs": {"survey": {"name": "../geheim.csv"}, "codebook": {"name": "/etc/passwd"}},
        "outputs": {},
    }
    with pytest.raises(InputError) as caught:
        checked_manifest(manifest)
    text = str(caught.value)
    assert text.startswith("manifest.json is ongeldig bij inputs, veld survey, veld name: ")
    assert "bij inputs, veld codebook, veld name: moet een bestandsnaam zijn" in text


@pytest.mark.parametrize(
    ("error", "code", "line"),
    [
        (
            YearTaken(year=2015, name="export.csv"),
            ErrorCode.YEAR_TAKEN,
            "voor 2015 staat al een ander bestand in de opslag (export.csv); gebruik --replace",
        ),
        (
            YearPublished(year=2016, day="2026-11-22"),
            ErrorCode.YEAR_PUBLISHED,
            "2016 is al gepubliceerd met een ander bestand (rapport van 2026-11-22)",
        ),
    ],
)
def test_a_refused_replacement_is_a_store_error_with_its_values(error, code, line):
    again = pickle.loads(pickle.dumps(error))  # the web worker hands errors across processes
    assert isinstance(again, StoreError) and type(again) is type(error)
    assert again.code is code and again.year == error.year
    assert str(again).startswith(line)
