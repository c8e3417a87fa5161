"""The one place that prints a published figure: 'x' where the publication withholds it.

Readers take typed values from `published.results` (None where withheld) and ask
`published.is_withheld(...)` whether a missing value was withheld or could not be estimated;
the text they print for it ("x", "–", "niet te schatten" or the Dutch number) is made here.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from evaluation.disclosure.publish import Published
from evaluation.dutch import SUPPRESSED, number, percent


def text(value: object, withheld: bool = False, decimals: int = 1, kind: str = "number") -> str:
    """A figure as printed: 'x' when withheld, '–' when missing, a label as it is, else Dutch;
    `kind` "percent" (a share as 63%) or "pvalue" ('< 0,01' below 0,01)."""
    if withheld:
        return SUPPRESSED
    if isinstance(value, str):  # a label such as "geen eenduidig beeld"
        return value
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if kind == "percent":
        return percent(float(value), decimals)
    if kind == "pvalue" and 0 <= value < 0.01:
        return "< 0,01"
    return number(float(value), decimals)


def figure_text(
    published: Published, value: object, *parts: object, decimals: int = 1, kind: str = "number"
) -> str:
    """A typed figure at `parts` as printed: 'x' where the publication withholds it (asked of
    `published.is_withheld`, never read from a string in the tree), else in Dutch."""
    return text(value, published.is_withheld(*parts), decimals, kind)


def interval_text(
    ci: Any,
    withheld: bool,
    reason: object = None,
    decimals: int = 1,
    kind: str = "number",
    missing: str | None = None,
) -> str:
    """An interval as printed: 'lo – hi', 'x' when withheld, 'niet te schatten' when the
    analysis gave a reason it could not be estimated, else '–' (or `missing`, where a table
    says 'niet te schatten' for any interval it lacks)."""
    lo, hi = (list(ci) + [None, None])[:2] if ci else (None, None)
    if _is_number(lo) and _is_number(hi):
        return f"{text(lo, False, decimals, kind)} – {text(hi, False, decimals, kind)}"
    if withheld:
        return SUPPRESSED
    if missing is not None:
        return missing
    return "niet te schatten" if isinstance(reason, str) else "–"


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


class Publication(Protocol):
    """A published result that says which of its figures it withholds (`Published`,
    `PublishedTrends`)."""

    def is_withheld(self, *parts: object) -> bool: ...


def figures(published: Publication, model: BaseModel | None, *parts: object) -> dict[str, Any]:
    """A typed estimate (grade, share, trait group, coefficient) as a template reads it: its
    own values (None where withheld) and `withheld`, the names of its withheld fields; the
    `figure` and `interval` filters print it through `text` and `interval_text`."""
    if model is None:
        return {"withheld": frozenset()}
    values = {name: getattr(model, name) for name in type(model).model_fields}
    hidden = frozenset(name for name in values if published.is_withheld(*parts, name))
    return {**values, "withheld": hidden}


def figure_filter(view: dict, field: str, decimals: int = 1, kind: str = "number") -> str:
    """Jinja filter: a field of a `figures` view as printed."""
    return text(view.get(field), field in view["withheld"], decimals, kind)


def interval_filter(
    view: dict, decimals: int = 1, kind: str = "number", missing: str | None = None
) -> str:
    """Jinja filter: the interval of a `figures` view as printed."""
    return interval_text(
        view.get("ci"), "ci" in view["withheld"], view.get("reason"), decimals, kind, missing
    )
