"""Which earlier years a statement and the grade are compared with: one rule for a changed text.

A statement is compared with an earlier year when its answer scale and reversal are the same
and either its text is the same or the report year's codebook records the earlier text as the
same statement (`earlier_wordings`, written by `spt-eval map --zelfde`). A text recorded as
another statement (`--nieuw`) starts the trend again; a changed text nobody decided on is not
compared either, and the trend page gives the line that records the decision in the codebook.
The grade follows its items.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.dutch import enumeration
from evaluation.inputs.codebook import Codebook, normalise
from evaluation.results import ItemDistribution, Results

# the codebook's label already is the new text, so `map --zelfde` has nothing to ask: the record
# is written by hand, as `map` would have written it
DECIDE = (
    "leg in het codeboek vast of het dezelfde stelling is: zet bij vraag '{id}' onder "
    'earlier_wordings de regel - {{text: "{text}", changed_in: {year}, same_statement: true}} '
    "(false als het een nieuwe stelling is)"
)


@dataclass(frozen=True)
class Verdict:
    """Whether an earlier year is compared, and why not or with what note: `kind` is 'scale',
    'undecided', 'same' or 'new' (None: the same text and scale), `then` the earlier text."""

    comparable: bool
    kind: str | None = None
    then: str = ""
    changed_in: int | None = None


def _answers(item: ItemDistribution) -> tuple:
    """What besides the text makes a statement comparable: its answer scale and reversal."""
    return (tuple((c.code, c.label) for c in item.categories), item.reverse)


def statement_verdict(
    key: str, then: ItemDistribution, now: ItemDistribution, codebook: Codebook | None
) -> Verdict:
    """Compare statement `key` of an earlier year (`then`) with the report year's (`now`)?"""
    if _answers(then) != _answers(now):
        return Verdict(False, "scale")
    if normalise(then.label) == normalise(now.label):
        return Verdict(True)
    question = None
    if codebook is not None:
        question = next((q for q in codebook.questions if q.id == key), None)
    earlier = question.earlier_wording(then.label) if question is not None else None
    if earlier is None:
        return Verdict(False, "undecided", then.label)
    kind = "same" if earlier.same_statement else "new"
    return Verdict(earlier.same_statement, kind, then.label, earlier.changed_in)


def _is(years: list[int]) -> str:
    return "wordt" if len(years) == 1 else "worden"


def verdict_note(
    key: str, now: ItemDistribution, v: Verdict, years: list[int], first_after: int
) -> str | None:
    """The trend page's one sentence on the earlier `years` that share verdict `v`;
    `first_after`: the first wave after them (the first year an undecided new text was asked)."""
    name, when = now.short or now.label, enumeration(years)
    if v.kind == "scale":
        return f"'{name}' is niet vergelijkbaar met {when}: andere antwoordschaal."
    if v.kind == "undecided":
        return (
            f"'{name}' had in {when} een andere tekst ('{v.then}') en het codeboek legt niet "
            f"vast of het dezelfde stelling is, dus {when} {_is(years)} niet vergeleken; "
            + DECIDE.format(id=key, text=v.then.replace('"', "'"), year=first_after)
            + "."
        )
    if v.kind == "same":
        return (
            f"'{name}': de tekst is in {v.changed_in} veranderd (in {when}: '{v.then}'; nu: "
            f"'{now.label}'); volgens het codeboek dezelfde stelling, dus de jaren worden "
            "vergeleken."
        )
    if v.kind == "new":
        return (
            f"'{name}' is sinds {v.changed_in} een nieuwe stelling ('{now.label}'; in {when}: "
            f"'{v.then}'): de trend begint opnieuw, {when} {_is(years)} niet vergeleken."
        )
    return None


def grade_definition(r: Results) -> tuple:
    """The grade's items, reversed items and minimum number of valid items."""
    s = r.satisfaction
    return (tuple(s.items), tuple(s.reverse_items), s.min_valid)


def grade_verdict(then: Results, now: Results, codebook: Codebook | None) -> Verdict:
    """An earlier year's grade (`then`) is compared when its definition and every item are."""
    if grade_definition(then) != grade_definition(now):
        return Verdict(False)
    for key in now.satisfaction.items:
        if key not in then.items or key not in now.items:
            if (key in then.items) != (key in now.items):
                return Verdict(False)
            continue
        if not statement_verdict(key, then.items[key], now.items[key], codebook).comparable:
            return Verdict(False)
    return Verdict(True)
