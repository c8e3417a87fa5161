"""A survey definition's question whose text is not the codebook's is placed only when exactly
one codebook question fits what else the file says (issue 26): all its statements, all its own
answers, or a codebook text of three words or more inside its question. Where two questions
fit, or the shared text is short, nothing is placed: never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.definitions.match import match_definition
from evaluation.definitions.model import DefColumn, SurveyDefinition
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"
BACKGROUND = ["UWV", "O&O-fonds", "Werkgeversvereniging", "Overheid (vnl. gemeenten)"]
BACKGROUND.append("Overig (o.a. vakbonden, zelfstandigen)")


def _column(code, question, item="", kind="number", answers=None) -> DefColumn:
    name = f"{code}_{item}" if item else code
    return DefColumn(code, (name,), question, item, kind, answers or {})


def _placed(*columns: DefColumn) -> dict[str, tuple[str, str]]:
    cb = load_codebook(SURVEY / "codebook.yaml")
    d = SurveyDefinition("LimeSurvey", "x.lss", "0" * 64, "DBVersion 359", "nl", list(columns))
    found = match_definition(
        d, cb, load_register(register_path(cb)), [c.names[0] for c in columns], {}
    )
    return {p.column: (p.target, p.evidence) for p in found.placed}


def test_statements_place_their_question_only_when_one_question_has_them_all():
    shares = "Welk deel van uw werk is voor wie?"
    both = [_column("Q8", shares, item) for item in ("Weet niet", "Overig")]
    assert _placed(*both) == {}  # gebruikers and sectoren both have these two items
    three = [*both, _column("Q8", shares, "ICT")]  # only sectoren has all three
    placed = _placed(*three)
    assert {k: v[0] for k, v in placed.items()} == {
        "Q8_Weet niet": "sect_weet_niet",
        "Q8_Overig": "sect_overig",
        "Q8_ICT": "sect_ict",
    }
    assert "alle onderdelen van de vraag" in placed["Q8_ICT"][1]


def test_own_answers_place_a_list_question_only_when_they_are_all_of_its_answers():
    asked = "Wat voor organisatie bent u?"
    whole = {f"A{i}": label for i, label in enumerate(BACKGROUND, 1)}
    assert _placed(_column("Q2", asked, kind="choice", answers=whole)) == {
        "Q2": (
            "achtergrond",
            "de antwoorden zijn precies de antwoorden van deze vraag in het codeboek",
        )
    }
    part = dict(list(whole.items())[:3])  # three of five answers: not the same question
    assert _placed(_column("Q2", asked, kind="choice", answers=part)) == {}
    agree = {"A1": "Mee eens", "A2": "Mee oneens"}  # a shared scale: many questions have it
    assert _placed(_column("Q3", "Vindt u het SPT nuttig?", kind="choice", answers=agree)) == {}


@pytest.mark.parametrize(
    ("asked", "target"),
    [("Heeft u nog een opmerking of toelichting?", "opmerking"),
     ("Toelichting bij uw antwoord", None),  # an alias of one word is no evidence
     ("Heeft u een opmerking?", None)],
)  # fmt: skip
def test_a_codebook_text_inside_the_question_counts_only_from_three_words(asked, target):
    placed = _placed(_column("Q11", asked, kind="text"))
    assert {k: v[0] for k, v in placed.items()} == ({"Q11": target} if target else {})
