"""The codebook: the 2015 questionnaire loads, and a broken codebook fails with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaluation.errors import CodebookError, InputError
from evaluation.inputs.codebook import DEFAULT_CODEBOOK, load_codebook, normalise


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object) -> Path:
    p = tmp_path / "codebook.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_2015_codebook_matches_the_report():
    cb = load_codebook()
    assert cb.respondent_id.id == "respondent_id" and cb.service_point.id == "spt"
    assert len(cb.satisfaction.items) == 6
    assert cb.reverse_items == ["werking_beter"]
    assert [q.id for q in cb.traits] == [
        "trekker",
        "manager",
        "stuurgroep",
        "uitvoeringscommissies",
    ]
    eens5 = cb.scales["eens5"]
    assert eens5.codes[1] == "helemaal mee oneens" and eens5.codes[5] == "helemaal mee eens"
    assert eens5.missing == {9: "weet niet"}
    assert eens5.lookup()[normalise("Weet niet")] == (9, True)
    for qid in ("gebruikers", "sectoren"):
        q = cb.question(qid)
        assert q.type == "allocation" and q.total == 100 and len(q.columns()) == 10
    assert len(cb.question("betrokkenheid").columns()) == 19
    assert len(cb.source_sha256) == 64


def test_normalise_ignores_case_accents_and_spaces():
    assert normalise("  Één  Organisatie_is ") == "een organisatie is"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["questions"][1].__setitem__("scale", "bestaat_niet"), "onbekende schaal"),
        (
            lambda d: d["questions"][1].__setitem__("type", "matrix"),
            r"questions nr\. 2 \(nut_techniek\), veld type: kies uit single",
        ),
        (lambda d: d["questions"].append(dict(d["questions"][1])), "twee keer"),
        (lambda d: d["satisfaction"].__setitem__("items", ["opmerking"]), "tevredenheidsschaal"),
        (lambda d: d["satisfaction"].__setitem__("min_valid", 9), "min_valid"),
        (lambda d: d["scales"]["eens5"]["missing"].__setitem__(5, "x"), "zowel geldig"),
        (lambda d: d.pop("respondent_id"), "respondent_id"),
        (lambda d: d["questions"][-1].__setitem__("onbekend_veld", 1), "onbekend_veld"),
    ],
)
def test_broken_codebook_fails_with_a_clear_message(tmp_path, raw, mutate, message):
    import copy

    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook(write(tmp_path, data))
    text = str(info.value)
    assert text.startswith("codeboek '") and "\n" not in text
    assert isinstance(info.value, InputError)


def test_codebook_that_is_not_yaml_or_not_a_mapping(tmp_path):
    p = tmp_path / "codebook.yaml"
    p.write_text("survey: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="geen geldige YAML"):
        load_codebook(p)
    p.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="geen vragenlijstdefinitie"):
        load_codebook(p)
    with pytest.raises(CodebookError, match="kan niet worden gelezen"):
        load_codebook(tmp_path / "nope.yaml")


def test_facts_about_the_spt_are_marked_and_a_trait_is_one():
    """Personal answers are protected per SPT; facts about the SPT (partners, structure,
    activities) are published for every SPT. A trait of table 2.2 is the SPT's structure."""
    from evaluation.inputs.codebook import Question

    cb = load_codebook(DEFAULT_CODEBOOK)
    facts = {q.id for q in cb.questions if q.about_spt}
    assert {"betrokkenheid", "activiteiten", "hoofdactiviteit", "trekker"} <= facts
    assert not facts & {"werking_goed", "doelen_bekend", "gebruikers", "opmerking"}
    trait = Question(id="t", label="T", type="single", scale="janee", trait=True)
    assert trait.about_spt
    with pytest.raises(ValueError, match="geen feit"):
        Question(id="s", label="S", type="single", scale="eens5", figure="2.1", fact=True)


@pytest.mark.parametrize(
    "mapping, wanted",
    [
        ("columns: [a, b]\n", "onder 'columns'"),
        ("answers: {Q1: [1, 2]}\n", "onder 'answers'"),
        ("answers: {Q1: {A1: [actief]}}\n", "onder 'answers'"),
        ("answers: {Q1: {A1: {code: 1}}}\n", "onder 'answers'"),
    ],
)
def test_a_broken_mapping_yaml_is_named_not_the_codebook(tmp_path, mapping, wanted):
    """A mapping written by `map` and then edited by hand: the line names mapping.yaml and
    what belongs under its key, never a field of the codebook it was merged into."""
    book = tmp_path / "codebook.yaml"
    book.write_bytes(DEFAULT_CODEBOOK.read_bytes())
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    with pytest.raises(CodebookError, match=wanted) as info:
        load_codebook(book)
    text = str(info.value)
    assert text.startswith(f"koppelbestand '{tmp_path / 'mapping.yaml'}'") and "\n" not in text
