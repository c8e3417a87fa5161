"""Small cells between two versions of a published year (`spt-eval store add --republish`).

A figure published once and shown again from a replaced wave differs by what the respondents
added or removed contributed. Where an SPT's change rests on 1 to min_n - 1 respondents, the
two figures together show their answers: that year's figures combining the SPT are withheld.
`republished_rule` is the one place that decides what; the year's own report
(`republish_year`) and the trends of later reports (`store.monitor`) both publish the year
through it, so a republished year shows the same figures everywhere.
"""

from __future__ import annotations

from dataclasses import replace

from evaluation.disclosure.decide import Forced
from evaluation.disclosure.publish import Published, disclose
from evaluation.results import Results


def singled_out(changes: list[dict[str, int]], min_n: int) -> list[str]:
    """The SPTs whose respondents changed (added plus removed) by 1 to min_n - 1 against any
    published version; `changes`: per published version, the count per SPT."""
    return sorted({spt for per_spt in changes for spt, k in per_spt.items() if 0 < k < min_n})


CHANGED = "weggelaten: gewijzigd na publicatie door minder dan de minimale n respondenten"


def republished_rule(changes: list[dict[str, int]], min_n: int) -> Forced | None:
    """What a republished year withholds (None: nothing beyond its own decision): the SPTs
    singled out by the change, in the one decision (`decide.Forced`), and, where the
    singled-out change totals fewer than min_n respondents in some published version, every
    national figure, trait group, regression and count over respondents including them (the
    old value beside the new would isolate the change: other SPTs' changes are published both
    times). `changes`: per published version, the respondents added plus removed per SPT."""
    spts = singled_out(changes, min_n)
    if not spts:
        return None
    few = any(0 < sum(k for s, k in c.items() if s in spts) < min_n for c in changes)
    return Forced(dict.fromkeys(spts, CHANGED), CHANGED if few else None)


def republish_year(results: Results, min_n: int, changes: list[dict[str, int]]) -> Published:
    """The publication of a republished year, in its own report and in later trends alike
    (`republished_rule`); its response table carries a note that names no SPT."""
    forced = republished_rule(changes, min_n)
    if forced is None:
        return disclose(results, min_n)
    published = disclose(results, min_n, forced)
    tables = dict(published.results.tables)
    if "respons_spt" in tables:  # under the table where the changed n is seen
        t = tables["respons_spt"]
        note = republished_text(len(forced.spts), forced.combined is not None)
        tables["respons_spt"] = t.model_copy(update={"notes": [*t.notes, note]})
    shown = published.results.model_copy(update={"tables": tables})
    return replace(published, results=shown)


def republished_text(spts: int, national: bool) -> str:
    """The note of a republished year's own report; it names no SPT."""
    where = "één servicepunt" if spts == 1 else f"{spts} servicepunten"
    its = "dat servicepunt" if spts == 1 else "die servicepunten"
    counts = "meetelt" if spts == 1 else "meetellen"
    also = f", en de landelijke cijfers, kenmerkgroepen en regressie waarin {its} {counts}"
    also = also if national else ""
    return (
        "Dit jaar is eerder gepubliceerd met een ander bestand. De wijziging rust bij "
        f"{where} op minder respondenten dan het minimum; naast het eerdere rapport zouden "
        "de antwoorden van die respondenten te zien zijn. Daarom staan de cijfers van "
        f"{its}{also}{',' if national else ''} er niet (x)."
    )
