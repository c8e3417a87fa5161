"""The user's word on rows that may be tests or unfinished: which rows a decision names, and
recording it in bevestigd.yaml (the one step behind `validate --confirm-tests/--not-tests` and
the run page's buttons). Accepting `map`'s proposal (`map --accept`, the page's accept) records
the rows with strong evidence in the same step; rows with weak evidence stay asked."""

from __future__ import annotations

from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import IntakeRules
from evaluation.intake.reasons import Code, reason_text
from evaluation.intake.result import IntakeResult
from evaluation.intake.suspects import STRONG, record, strength
from evaluation.intake.validate import read_survey


def rows_named(text: str | None, suspects: set[int]) -> set[int]:
    """The rows a decision names: 'alle' listed ones, or the numbers given (listed ones only)."""
    if not text:
        return set()
    if text == "alle":
        return set(suspects)
    parts = [part for part in text.replace(" ", "").split(",") if part]
    if not all(part.isascii() and part.isdigit() for part in parts):  # not '3_9', '+3', '٣'
        raise InputError(ErrorCode.NOT_ROW_NUMBERS, text=text)
    wanted = {int(part) for part in parts}
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
    keep = rows_named(real, suspects)
    if exclude & keep:  # one row both a test and a real respondent: the user must choose
        both = ", ".join(str(r) for r in sorted(exclude & keep)[:10])
        raise InputError(ErrorCode.ROWS_CHOSEN_BOTH, rows=both)
    shown = name or Path(intake.source_path).name
    path = record(codebook, intake.source_sha256, shown, exclude, keep)
    return path, exclude, keep


def strong_rows(intake: IntakeResult) -> set[int]:
    """The listed rows whose evidence is strong (a field naming the respondent is a test marker,
    or the row broke off)."""
    return {p.row for p in intake.suspects if strength(p) == STRONG}


def accept_strong(
    codebook: Codebook, intake: IntakeResult, name: str | None = None
) -> tuple[Path | None, set[int]]:
    """Record the rows with strong evidence as tests (they do not count), as part of accepting
    `map`'s proposal; (file written or None, rows recorded). Weak ones are left to the user."""
    rows = strong_rows(intake)
    if not rows:
        return None, set()
    shown = name or Path(intake.source_path).name
    return record(codebook, intake.source_sha256, shown, rows, set()), rows


# What a group of listed rows may be, before its count ('test: 2 rijen', 'afgebroken: 1 rij').
GROUP_KIND = {
    Code.SUSPECT_TEST.value: "test: ",
    Code.SUSPECT_UNFINISHED.value: "afgebroken: ",
    Code.SUSPECT_SAME_ADDRESS.value: "zelfde adres: ",
    Code.SUSPECT_NAMED.value: "naam tussen anonieme rijen: ",
}


def evidence_lines(intake: IntakeResult, samples: int = 3) -> list[str]:
    """The listed rows grouped by their evidence (strength, reason and field), each group with
    its count and three rows as samples: what `map` shows beside its column proposals."""
    groups: dict[tuple[str, str, str], list] = {}
    for p in intake.suspects:
        key = (strength(p), p.code.value, str(p.params.get("column", "")))
        groups.setdefault(key, []).append(p)
    lines = []
    for (sure, code, _column), found in sorted(groups.items(), key=lambda kv: kv[0][0] != STRONG):
        rows = ", ".join(f"rij {p.row}" for p in found[:samples])
        more = f" en {len(found) - samples} meer" if len(found) > samples else ""
        kind = GROUP_KIND.get(code, "")
        lines.append(f"  [{sure}] {kind}{rows_word(len(found))} ({rows}{more})")
        lines += [f"      rij {p.row}: {reason_text(p)}" for p in found[:samples]]
    return lines


def intake_as_mapped(
    path: Path, codebook: Codebook, register: Register, rules: IntakeRules, placed: dict[str, str]
) -> IntakeResult | None:
    """The export read as it will be once `placed` (file column -> codebook column) is in
    mapping.yaml: which rows then look like tests. None while it cannot be read so (no SPT or
    respondent-number column yet): `map` says what is missing."""
    mapped = codebook.model_copy(update={"mapping": {**codebook.mapping, **placed}})
    try:
        return read_survey(path, mapped, register, rules)
    except InputError:
        return None


def rows_word(n: int) -> str:
    """'1 rij', '3 rijen'."""
    return f"{n} rij" if n == 1 else f"{n} rijen"
