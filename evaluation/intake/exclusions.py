"""Excluded responses: test and preview rows and unfinished responses, each with its reason.

An excluded row is neither valid nor faulty: the survey tool's own fields say it is no
respondent's finished answer. The rules are in settings.yaml (`intake.exclude`), each on by
default and each can be switched off. A row the tool does not mark but that looks like a test
(the test pattern in a name, e-mail, token or number) is no exclusion here: `suspects` lists it
for the user's word, so one place decides what a test marker proves.
"""

from __future__ import annotations

import numpy as np

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.settings import ExcludeRules
from evaluation.intake.cells import parse_number
from evaluation.intake.profiles import Prepared
from evaluation.intake.reasons import Code, Fault

QUALTRICS_EXCLUDED_CODES = {1, 2, 8, 9, 12, 17}  # preview, test, spam (numeric Status)
NOT_FINISHED = {"false", "0", "onwaar", "nee", "no"}
FINISHED = {"true", "1", "waar", "ja", "yes"}
COMPLETED = {"completed", "complete"}  # Typeform's Response Type
PARTIAL = {"partial", "started", "overquota", "disqualified"}  # not a finished answer


def check_marks(prepared: Prepared) -> None:
    """A completeness field holding a value the tool does not write (an edited or translated
    export): counting or excluding its rows would both be a guess, so stop and name it."""
    raw = prepared.raw
    for role, known in (
        ("finished", NOT_FINISHED | FINISHED),
        ("response_type", COMPLETED | PARTIAL),
    ):
        c = prepared.roles.get(role)
        if c is None:
            continue
        for i in np.unique(raw.codes[c][raw.codes[c] >= 0]).tolist():
            value = str(raw.uniques[c][i]).strip()
            if value and value.lower() not in known:
                shown = ", ".join(sorted(known))
                raise InputError(ErrorCode.UNKNOWN_COMPLETION, column=c, value=value, known=shown)


def _status_fault(column: str, value: str) -> Fault | None:
    text = value.strip().lower()
    number = parse_number(text)
    if number is not None:
        hit = number.is_integer() and int(number) in QUALTRICS_EXCLUDED_CODES
    else:
        hit = any(word in text for word in ("preview", "test", "spam", "voorbeeld"))
    return Fault(Code.PREVIEW, {"column": column, "value": value}) if hit else None


def _per_row(prepared: Prepared, column: str, rule) -> np.ndarray:
    """Apply a rule to every distinct value of a column once; per row its Fault or None."""
    raw = prepared.raw
    uniques = raw.uniques[column]
    faults = np.full(len(uniques) + 1, None, dtype=object)
    faults[:] = [rule(str(u)) for u in uniques] + [rule("")]
    return faults[raw.codes[column]]


def _numbers(prepared: Prepared, column: str) -> np.ndarray:
    raw = prepared.raw
    values = [parse_number(str(u)) for u in raw.uniques[column]] + [None]
    return np.array([np.nan if v is None else v for v in values])[raw.codes[column]]


def _rules(prepared: Prepared, rules: ExcludeRules):
    """(column, rule) in order of precedence: preview, then unfinished."""
    roles = prepared.roles
    if rules.preview and "status" in roles:
        c = roles["status"]
        yield c, lambda v, c=c: _status_fault(c, v)
    if rules.preview and "channel" in roles:  # Qualtrics DistributionChannel
        c = roles["channel"]

        def channel(v: str, c=c) -> Fault | None:
            hit = v.strip().lower() in ("preview", "test")
            return Fault(Code.PREVIEW, {"column": c, "value": v.strip()}) if hit else None

        yield c, channel
    if not rules.unfinished:
        return
    if "finished" in roles:
        c = roles["finished"]

        def finished(v: str, c=c) -> Fault | None:
            hit = v.strip().lower() in NOT_FINISHED
            return Fault(Code.NOT_FINISHED, {"column": c, "value": v.strip()}) if hit else None

        yield c, finished
    if "response_type" in roles:  # Typeform: completed, partial, started
        c = roles["response_type"]

        def response_type(v: str, c=c) -> Fault | None:
            hit = v.strip().lower() in PARTIAL
            return Fault(Code.NOT_FINISHED, {"column": c, "value": v.strip()}) if hit else None

        yield c, response_type
    if "progress" in roles:
        c = roles["progress"]

        def progress(v: str, c=c) -> Fault | None:
            number = parse_number(v)
            hit = number is not None and number < 100
            return Fault(Code.PROGRESS, {"column": c, "value": number}) if hit else None

        yield c, progress
    if "submitted" in roles:
        c = roles["submitted"]
        yield (
            c,
            lambda v, c=c: None if v.strip() else Fault(Code.NOT_SUBMITTED, {"column": c}),
        )


def excluded_rows(prepared: Prepared, rules: ExcludeRules) -> dict[int, Fault]:
    """0-based row -> the reason it is excluded (the first rule that applies)."""
    if rules.unfinished:
        check_marks(prepared)
    out = np.full(prepared.raw.rows, None, dtype=object)
    for column, rule in _rules(prepared, rules):
        faults = _per_row(prepared, column, rule)
        free = np.equal(out, None)
        out[free] = faults[free]
    if rules.unfinished and "lastpage" in prepared.roles:
        c = prepared.roles["lastpage"]
        pages = _numbers(prepared, c)
        last = rules.last_page
        if last is None:
            done = np.equal(out, None) & ~np.isnan(pages)
            last = float(pages[done].max()) if done.any() else None
        if last is not None:
            for row in np.flatnonzero(np.equal(out, None) & (pages < last)).tolist():
                params = {"column": c, "value": float(pages[row]), "last": float(last)}
                out[row] = Fault(Code.LAST_PAGE, params)
    return {int(i): out[i] for i in np.flatnonzero(np.not_equal(out, None))}
