"""The user's word on rows that may be tests or unfinished: which rows a decision names, and
recording it in bevestigd.yaml (the one step behind `validate --confirm-tests/--not-tests` and
the run page's buttons)."""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.result import IntakeResult
from evaluation.intake.suspects import record


def rows_named(text: str | None, suspects: set[int]) -> set[int]:
    """The rows a decision names: 'alle' listed ones, or the numbers given (listed ones only)."""
    if not text:
        return set()
    if text == "alle":
        return set(suspects)
    try:
        wanted = {int(part) for part in text.replace(" ", "").split(",") if part}
    except ValueError:
        raise InputError(ErrorCode.NOT_ROW_NUMBERS, text=text) from None
    if not wanted <= suspects:
        other = ", ".join(str(r) for r in sorted(wanted - suspects))
        raise InputError(ErrorCode.ROWS_NOT_LISTED, rows=other)
    return wanted


def decide_suspects(
    codebook: Codebook,
    intake: IntakeResult,
    tests: str | None,
    real: str | None,
    name: str | None = None,
) -> tuple[Path, set[int], set[int]]:
    """Record rows `tests` as tests or unfinished (they do not count) and rows `real` as real
    respondents, for this file (by SHA-256, shown as `name`); (file written, excluded, kept)."""
    suspects = {p.row for p in intake.suspects}
    exclude = rows_named(tests, suspects)
    keep = rows_named(real, suspects) - exclude
    shown = name or Path(intake.source_path).name
    path = record(codebook, intake.source_sha256, shown, exclude, keep)
    return path, exclude, keep
