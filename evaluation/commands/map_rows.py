"""The rows of an export that look like tests, as `map` shows them beside its proposal: grouped by
evidence with three rows as samples; the user's accepting step (`--accept`, or giving the survey
file) records those with strong evidence, weak ones stay asked."""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import visible
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import load_settings_for
from evaluation.intake.suspects import STRONG, strength
from evaluation.routine.suspect_rows import (
    accept_strong,
    evidence_lines,
    intake_as_mapped,
    rows_word,
)


def rows_to_decide(
    path: Path, codebook: Codebook, register: Register, placed: dict[str, str], accept: bool
) -> int:
    """Rows that look like tests once the columns are placed, with their evidence; with
    `accept` the strong ones are recorded (the same step). The number still to decide."""
    rules = load_settings_for(codebook.source_path).intake
    intake = intake_as_mapped(path, codebook, register, rules, placed)
    if intake is None or not intake.suspects:
        return 0
    print(f"Rijen die op een test lijken of mogelijk niet zijn afgemaakt ({len(intake.suspects)}):")
    for line in evidence_lines(intake):
        print(visible(line))
    recorded: set[int] = set()
    if accept:
        written, recorded = accept_strong(codebook, intake, path.name)
        if written is not None:
            print(
                f"{rows_word(len(recorded))} met sterk bewijs vastgelegd in {visible(written)}: "
                + ("die telt" if len(recorded) == 1 else "die tellen")
                + " niet mee."
            )
    weak = [p.row for p in intake.suspects if strength(p) != STRONG]
    if not accept and len(weak) < len(intake.suspects):
        print("--accept legt de rijen met sterk bewijs vast: ze tellen dan niet mee.")
    if weak:
        print(
            f"Over {rows_word(len(weak))} met zwak bewijs beslist u zelf: 'spt-eval validate "
            f"{visible(path)} --confirm-tests {weak[0]}' (telt niet mee) of '--not-tests "
            f"{weak[0]}' (echte respondent); zonder rijnummers voor alle."
        )
    return len(intake.suspects) - len(recorded)
