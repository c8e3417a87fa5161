"""SPTs that appear, disappear or were renamed, in Dutch: an export against the store's previous
wave (names linked by the register's `previous_names`), or against the register alone."""

from __future__ import annotations

from evaluation.inputs.register import Register
from evaluation.intake.result import SPT, IntakeResult


def spt_set_lines(
    intake: IntakeResult, register: Register, previous: tuple[int, set[str]] | None
) -> list[str]:
    """What `validate` says about the set of SPTs in the export."""
    present = set(intake.responses[SPT].astype(str))
    order = {name: i for i, name in enumerate(register.names)}

    def listed(names: set[str]) -> str:
        return ", ".join(sorted(names, key=lambda n: (order.get(n, len(order)), n)))

    if previous is None:
        silent = set(register.names) - present
        return [f"Geen geldige rijen van {listed(silent)} (wel in het register)."] if silent else []
    year, then = previous
    now_of = register.current_names()
    then_now = {now_of.get(k, k) for k in then}
    out = []
    if then_now - present:
        out.append(f"Niet meer in de export, wel in {year}: {listed(then_now - present)}.")
    if present - then_now:
        out.append(f"Nieuw ten opzichte van {year}: {listed(present - then_now)}.")
    for old in sorted(then):
        if now_of.get(old, old) != old and now_of[old] in present:
            out.append(f"{now_of[old]} heette in {year} {old} (previous_names in het register).")
    if then_now - present and present - then_now:  # one gone, one new: perhaps a new name
        out.append(
            "Heeft een servicepunt een nieuwe naam gekregen, zet de oude naam dan onder "
            "previous_names in het register: dan staan de jaren op één lijn in de trends."
        )
    return out
