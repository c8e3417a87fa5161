"""Questions asked this year and not in the store's previous wave, or the other way round, and a
grade made of other statements, in Dutch: what `validate --store` says before a trend breaks."""

from __future__ import annotations

from evaluation.dutch import enumeration
from evaluation.inputs.codebook import Codebook


def asked(codebook: Codebook, absent: list[str]) -> dict[str, str]:
    """The questions a wave asked (its codebook less those its export lacked): id -> title."""
    return {q.id: q.title for q in codebook.questions if q.id not in absent}


def grade_definition(codebook: Codebook, absent: list[str]) -> tuple:
    """The grade's items, reversed items and minimum of valid items as that wave's run takes
    them (`Codebook.without`): what the trend compares (`trends.comparable.grade_definition`)."""
    items = [i for i in codebook.satisfaction.items if i not in absent]
    reverse = [i for i in items if codebook.question(i).reverse]
    return (tuple(items), tuple(reverse), min(codebook.satisfaction.min_valid, len(items)))


def question_set_lines(
    codebook: Codebook, absent: list[str], previous: tuple[int, Codebook, list[str]] | None
) -> list[str]:
    """What `validate` says about the questions against the store's previous wave."""
    if previous is None:
        return []
    year, then, then_absent = previous
    now_q, then_q = asked(codebook, absent), asked(then, then_absent)
    out = []
    new = [f"'{t}'" for k, t in now_q.items() if k not in then_q]
    gone = [f"'{t}'" for k, t in then_q.items() if k not in now_q]
    if new:
        out.append(
            f"{'Nieuwe vraag' if len(new) == 1 else 'Nieuwe vragen'} ten opzichte van {year}: "
            f"{enumeration(new)}; er is nog geen eerdere meting, dus geen verandering."
        )
    if gone:
        out.append(f"Niet meer gevraagd, wel in {year}: {enumeration(gone)}.")
    now_g, then_g = grade_definition(codebook, absent), grade_definition(then, then_absent)
    if now_g != then_g:
        added = [f"'{now_q[i]}'" for i in now_g[0] if i not in then_g[0]]
        dropped = [f"'{then_q.get(i, i)}'" for i in then_g[0] if i not in now_g[0]]
        parts = [(added, "erbij"), (dropped, "eraf")]
        what = "; ".join(f"{word}: {enumeration(names)}" for names, word in parts if names)
        out.append(
            f"De tevredenheidsscore is anders samengesteld dan in {year}"
            + (f" ({what})" if what else " (omgekeerde stellingen of minimum aantal)")
            + f": het rapport vergelijkt de score niet met {year} en zegt dat."
        )
    return out
