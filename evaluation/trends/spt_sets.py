"""The SPTs of the waves: today's names (the register's `previous_names`), which SPTs each wave
measured, and the national change over the SPTs measured in both of the last two waves."""

from __future__ import annotations

from evaluation.inputs.settings import Settings
from evaluation.results import Estimate, Results
from evaluation.spt_results.schema import SptYear
from evaluation.trends.model import SameSpts
from evaluation.trends.series import point, series


def grades_by_spt(r: Results, names: dict[str, str]) -> dict[str, tuple[str, Estimate]]:
    """A wave's SPT grades under today's names: name now -> (name that year, estimate)."""
    return {names.get(k, k): (k, e) for k, e in r.satisfaction.by_spt.items()}


def measured(r: Results, names: dict[str, str]) -> set[str]:
    """The SPTs (today's names) with a grade in a wave: those its national grade averages."""
    return {k for k, (_, e) in grades_by_spt(r, names).items() if e.estimate is not None and e.n}


def renamed_spts(waves: list[Results], names: dict[str, str]) -> dict[str, list[str]]:
    """Today's name -> the earlier names it had in these waves."""
    out: dict[str, set[str]] = {}
    for r in waves:
        for old in r.satisfaction.by_spt:
            if names.get(old, old) != old:
                out.setdefault(names[old], set()).add(old)
    return {k: sorted(v) for k, v in sorted(out.items())}


def results_by_spt(
    spt_results: dict[int, dict[str, SptYear]], upto: int, names: dict[str, str]
) -> dict[str, list[SptYear]]:
    """The results per SPT up to a year, per SPT under today's name, oldest first."""
    out: dict[str, list[SptYear]] = {}
    for year in sorted(y for y in spt_results if y <= upto):
        for old, record in spt_results[year].items():
            out.setdefault(names.get(old, old), []).append(record)
    return dict(sorted(out.items()))


def same_spts_change(
    before: tuple[int, Results],
    now: tuple[int, Results],
    names: dict[str, str],
    same: dict[int, Estimate] | None,
    s: Settings,
) -> tuple[SameSpts | None, list[str]]:
    """The grade over the SPTs of both years beside the all-SPT one, and the note saying so
    (nothing when both years measured the same SPTs, or no such grade was computed)."""
    (y0, r0), (y1, r1) = before, now
    a, b = measured(r0, names), measured(r1, names)
    if not same or a == b or y0 not in same or y1 not in same:
        return None, []
    points = [point(y0, same[y0]), point(y1, same[y1])]
    parts = []
    if a - b:
        parts.append(f"in {y0} wel, in {y1} niet gemeten: {', '.join(sorted(a - b))}")
    if b - a:
        parts.append(f"in {y1} nieuw gemeten: {', '.join(sorted(b - a))}")
    note = (
        f"Het landelijke cijfer van {y0} en {y1} rust niet op dezelfde servicepunten "
        f"({'; '.join(parts)}). Naast de verandering over alle servicepunten staat daarom die "
        f"over de {len(a & b)} servicepunten die in beide jaren zijn gemeten."
    )
    model = SameSpts(
        spts=sorted(a & b),
        only_previous=sorted(a - b),
        only_now=sorted(b - a),
        points=points,
        change=series(points, [], y0, s)["change"],
    )
    return model, [note]
