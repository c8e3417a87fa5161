"""Which earlier years a statement and the grade are compared with: one rule for a changed text.

A statement is compared with an earlier year when its answer scale and reversal are the same
and either its text is the same or the report year's codebook records the earlier text as the
same statement (`earlier_wordings`, written by `spt-eval map --zelfde`). A text recorded as
another statement (`--nieuw`) starts the trend again; a changed text nobody decided on is not
compared either, and the trend page says how to decide. The grade follows its items.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.inputs.codebook import Codebook, normalise
from evaluation.results import ItemDistribution, Results

DECIDE = "leg in het codeboek vast of het dezelfde stelling is: spt-eval map EXPORT --zelfde {id}"
DECIDE_NEW = " (of --nieuw {id})"


@dataclass(frozen=True)
class Verdict:
    """Whether an earlier year is compared, and the sentence the trend page prints about it."""

    comparable: bool
    note: str | None = None


def _answers(item: ItemDistribution) -> tuple:
    """What besides the text makes a statement comparable: its answer scale and reversal."""
    return (tuple((c.code, c.label) for c in item.categories), item.reverse)


def statement_verdict(
    key: str, year: int, then: ItemDistribution, now: ItemDistribution, codebook: Codebook | None
) -> Verdict:
    """Compare statement `key` of `year` (`then`) with the report year's (`now`)?"""
    name = now.short or now.label
    if _answers(then) != _answers(now):
        return Verdict(False, f"'{name}' is niet vergelijkbaar met {year}: andere antwoordschaal.")
    if normalise(then.label) == normalise(now.label):
        return Verdict(True)
    question = None
    if codebook is not None:
        question = next((q for q in codebook.questions if q.id == key), None)
    earlier = question.earlier_wording(then.label) if question is not None else None
    if earlier is None:
        return Verdict(
            False,
            f"'{name}' had in {year} een andere tekst ('{then.label}') en het codeboek legt niet "
            f"vast of het dezelfde stelling is, dus {year} wordt niet vergeleken; "
            + DECIDE.format(id=key)
            + DECIDE_NEW.format(id=key)
            + ".",
        )
    if earlier.same_statement:
        return Verdict(
            True,
            f"'{name}': de tekst is in {earlier.changed_in} veranderd (in {year}: "
            f"'{then.label}'; nu: '{now.label}'); volgens het codeboek dezelfde stelling, "
            "dus de jaren worden vergeleken.",
        )
    return Verdict(
        False,
        f"'{name}' is sinds {earlier.changed_in} een nieuwe stelling ('{now.label}'; in {year}: "
        f"'{then.label}'): de trend begint opnieuw, {year} wordt niet vergeleken.",
    )


def grade_definition(r: Results) -> tuple:
    """The grade's items, reversed items and minimum number of valid items."""
    s = r.satisfaction
    return (tuple(s.items), tuple(s.reverse_items), s.min_valid)


def grade_verdict(then: Results, now: Results, year: int, codebook: Codebook | None) -> Verdict:
    """The grade of `year` is compared when its definition is the same and every item is."""
    if grade_definition(then) != grade_definition(now):
        return Verdict(False)
    for key in now.satisfaction.items:
        if key not in then.items or key not in now.items:
            if (key in then.items) != (key in now.items):
                return Verdict(False)
            continue
        if not statement_verdict(key, year, then.items[key], now.items[key], codebook).comparable:
            return Verdict(False)
    return Verdict(True)
