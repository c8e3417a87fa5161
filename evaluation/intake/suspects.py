"""Rows that may be tests or unfinished where the export cannot say so itself: listed for the
user to confirm, never silently counted or silently dropped. The one place that decides what a
test marker proves (the tool's own status fields are read by `exclusions`).

A field that names the respondent (number, name, e-mail, token) matching the test pattern of
settings.yaml (by default the word 'test', 'proef' or 'preview') or holding nothing but a test
marker ('TEST01', 'tester') is listed with every tool. When no survey tool is recognised, the
word anywhere else (a remark, inside a longer word) is listed too. One e-mail address on
several rows (a form's owner trying it, or a second submission), and an address where most
rows say 'anonymous' (someone signed in to the owner's organisation), are listed with every
tool.
SurveyMonkey's CSV has no completeness column (End Date is set on partial responses too), and
another tool's export may lack its completeness fields (left out when exporting): then a row
that answered less than half of the questions most rows answered broke off (AAPOR's
Standard Definitions: under 50% of the applicable questions is no interview). The user's
decision per row is recorded in `bevestigd.yaml` beside the codebook, keyed by the export's
SHA-256: confirmed rows are excluded, kept rows count, and every command (validate, analyse,
report) reads the same decision.

Each suspicion carries its evidence's strength: strong for the test pattern or a marker in a
field naming the respondent, and for a break-off; weak otherwise (the word inside a remark or
a longer word, one address on several rows, a named address among anonymous ones).
Accepting `map`'s proposal records the strong ones (`validate --confirm-tests` does so without
a mapping); weak ones stay asked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.yamlfile import read_yaml
from evaluation.intake.profiles import Prepared
from evaluation.intake.reasons import Code, Fault
from evaluation.intake.result import ID
from evaluation.safe_files import write_bytes
from evaluation.tables.raw import first_of_copies

CONFIRMED_NAME = "bevestigd.yaml"
LOOKS_LIKE_TEST = re.compile(r"test|proef|preview", re.IGNORECASE)
TEXTUAL = re.compile(r"(naam|name|e-?mail|token|opmerking|toelichting|remark|comment)", re.I)
IDENTITY = re.compile(r"(naam|name|e-?mail|token|\bid\b|nummer|respnr)", re.IGNORECASE)
STRONG, WEAK = "sterk", "zwak"
MARKERS = {"test", "tests", "tester", "testen", "proef", "preview", "testrespondent", "voorbeeld"}


def marker_only(value: str) -> bool:
    """The whole value is a test marker, perhaps numbered: 'test', 'Test 2', 'TEST01',
    'proef-3', 'test@bureau.nl' (an address by its part before the @)."""
    text = str(value).strip().lower()
    if "@" in text:
        text = text.split("@", 1)[0]
    words = re.findall(r"[a-z]+|[0-9]+", text)
    marked = any(w in MARKERS for w in words)
    return marked and all(w in MARKERS or w.isdigit() for w in words)


def strength(problem) -> str:
    """STRONG or WEAK: how sure the evidence of a listed row is (a Problem or a Fault)."""
    return problem.params.get("strength", WEAK)


def confirmed_path(codebook: Codebook) -> Path:
    return Path(codebook.source_path).parent / CONFIRMED_NAME


def _columns_to_scan(prepared: Prepared, codebook: Codebook, column_map: dict[str, str]):
    """(column, names the respondent?) for the id, names, e-mail, token and the codebook's
    text questions (remarks)."""
    text_targets = {q.id for q in codebook.questions if q.type == "text"}
    texts = {rawname for rawname, t in column_map.items() if t != ID}
    roles = [c for r, c in prepared.roles.items() if r.startswith("test")]
    raw = prepared.raw
    out = [c for c, t in column_map.items() if t in text_targets or t == ID]
    out += [c for c in raw.columns if TEXTUAL.search(c) and c not in out]
    out += [c for c in roles if c not in out]
    names = {
        c
        for c in out
        if column_map.get(c) == ID or (c not in texts and (c in roles or IDENTITY.search(c)))
    }
    return [(c, c in names) for c in out]


def _test_value(value: str, names: bool, pattern: re.Pattern | None, known: bool):
    """STRONG, WEAK or None for one value: strong when a field naming the respondent holds the
    test pattern or only a test marker; weak for the word elsewhere when no tool is known (a
    known tool's own fields decide its tests; its remarks are answers)."""
    if names and pattern is not None and (pattern.search(value) or marker_only(value)):
        return STRONG
    if not known and LOOKS_LIKE_TEST.search(value):
        return WEAK
    return None


def find_suspects(
    prepared: Prepared,
    codebook: Codebook,
    column_map: dict[str, str],
    taken: set[int],
    test_pattern: str | None = None,
) -> dict[int, Fault]:
    """0-based row -> why it may be a test or unfinished (rows in `taken` are left alone).

    `test_pattern` (settings.yaml, `intake.exclude.test_pattern`; None switches markers off)
    makes a field that names the respondent strong evidence."""
    raw = prepared.raw
    out: dict[int, Fault] = {}
    known = bool(prepared.profile.name)
    pattern = re.compile(test_pattern, re.IGNORECASE) if test_pattern else None
    for c, names in _columns_to_scan(prepared, codebook, column_map):
        if known and not names:
            continue
        values = raw.raw_values(c)
        sure_of = {}
        for i, u in enumerate(values[:-1]):
            text = str(u).strip()
            sure = _test_value(text, names, pattern, known) if text else None
            if sure:
                sure_of[i] = sure
        if not sure_of:
            continue
        for row in np.flatnonzero(np.isin(raw.codes[c], list(sure_of))).tolist():
            if row in taken or (row in out and strength(out[row]) == STRONG):
                continue
            value = " ".join(str(values[raw.codes[c][row]]).split())[:60]
            sure = sure_of[int(raw.codes[c][row])]
            if row not in out or sure == STRONG:
                rule = "marker" if marker_only(value) else "pattern"
                params = {"column": c, "value": value, "strength": sure}
                out[row] = Fault(
                    Code.SUSPECT_TEST, params | ({"rule": rule} if sure == STRONG else {})
                )
    marks = ("finished", "progress", "submitted", "lastpage", "response_type")
    has = any(getattr(prepared.profile, role, "") for role in marks)  # the tool writes them
    unmarked = has and not any(role in prepared.roles for role in marks)  # ... left out here
    if prepared.profile.name and (not prepared.profile.marks_unfinished or unmarked):
        _broken_off(raw, codebook, column_map, out, taken)
    _same_address(raw, out, taken)
    _named_among_anonymous(raw, out, taken)
    return out


def _broken_off(raw, codebook: Codebook, column_map, out: dict[int, Fault], taken) -> None:
    """A row that answered less than half of the questions most rows answered: a break-off in
    AAPOR's Standard Definitions (under 50% of the applicable questions), no interview. Strong
    evidence: accepting `map`'s proposal records it, the row stays listed until then. Counted
    per question (a question with several columns is answered when one of them is), so a
    long multiple choice weighs as one question."""
    per_question: dict[str, list[str]] = {}
    questions = codebook.column_question()
    for c, t in column_map.items():
        if t in questions:
            per_question.setdefault(questions[t].id, []).append(c)
    if not per_question:
        return
    answered = sum(
        np.logical_or.reduce([raw.codes[c] >= 0 for c in cols]).astype(np.int64)
        for cols in per_question.values()
    )
    typical = float(np.median(answered))
    for row in np.flatnonzero(answered < 0.5 * typical).tolist():
        if row not in taken and row not in out:
            params = {"answered": int(answered[row]), "typical": int(typical)}
            out[row] = Fault(Code.SUSPECT_UNFINISHED, params | {"strength": STRONG})


ANONYMOUS = {"anonymous", "anoniem", "anonym"}
MAIL_HEADING = re.compile(r"e-?mail", re.IGNORECASE)


def _same_address(raw, out: dict[int, Fault], taken: set[int]) -> None:
    """One e-mail address on several rows: the form's owner trying it out, or a second
    submission; the product cannot know which row counts, so it asks."""
    for c in [c for c in raw.columns if MAIL_HEADING.search(c)]:
        codes = raw.codes[c]
        values = raw.raw_values(c)
        rows = [r for r in range(raw.rows) if r not in taken and codes[r] >= 0]
        seen: dict[str, int] = {}
        copies = None
        for r in rows:
            address = str(values[codes[r]]).strip().lower()
            if not address or address in ANONYMOUS or "@" not in address:
                continue
            if address in seen:
                copies = first_of_copies(raw) if copies is None else copies
                if copies[r] != r:  # alike in every cell: the duplicate check's, not a test
                    continue
                for row, other in ((seen[address], r), (r, seen[address])):
                    if row not in out:
                        params = {"column": c, "value": address, "first_row": other + 1}
                        params["strength"] = WEAK
                        out[row] = Fault(Code.SUSPECT_SAME_ADDRESS, params)
            else:
                seen[address] = r


def _named_among_anonymous(raw, out: dict[int, Fault], taken: set[int]) -> None:
    """An address where most rows say 'anonymous' (Microsoft Forms open to anyone): someone
    signed in to the form owner's organisation answered, often the owner trying the form; a
    real respondent is possible too, so the user decides."""
    for c in [c for c in raw.columns if MAIL_HEADING.search(c)]:
        codes = raw.codes[c]
        values = [str(v).strip().lower() for v in raw.raw_values(c)]
        rows = [r for r in range(raw.rows) if r not in taken and codes[r] >= 0]
        anonymous = sum(1 for r in rows if values[codes[r]] in ANONYMOUS)
        if anonymous * 2 < len(rows):
            continue
        for r in rows:
            address = values[codes[r]]
            if r not in out and "@" in address and address not in ANONYMOUS:
                params = {"column": c, "value": address, "anonymous": anonymous}
                out[r] = Fault(Code.SUSPECT_NAMED, params | {"strength": WEAK})


def _rows(entry: dict, key: str, file: str) -> set[int]:
    """The row numbers under `key` ('exclude' or 'keep') of one export's entry: a list of
    whole numbers (a number written as text, a fraction or true/false is refused, not read
    as some row)."""
    value = entry.get(key)
    if value is None:
        return set()
    if not isinstance(value, list) or not all(
        isinstance(r, int) and not isinstance(r, bool) for r in value
    ):
        raise InputError(ErrorCode.CONFIRMED_ROW_NOT_NUMBER, file=file)
    return set(value)


def _entry(data: dict, sha256: str, file: str) -> tuple[set[int], set[int]]:
    entry = data.get(sha256) or {}
    if not isinstance(entry, dict):
        raise InputError(ErrorCode.CONFIRMED_UNREADABLE, file=file)
    return _rows(entry, "exclude", file), _rows(entry, "keep", file)


def decisions(
    codebook: Codebook, sha256: str, rows: int, export: str = ""
) -> tuple[set[int], set[int]]:
    """(1-based rows confirmed as tests or unfinished, rows the user keeps) for this file of
    `rows` rows; a row the file does not have, or a row both confirmed and kept, stops the
    run (a hand-edited decision the product cannot follow is not silently dropped)."""
    path = confirmed_path(codebook)
    if not codebook.source_path or not path.is_file():
        return set(), set()
    data, _ = read_yaml(path, "bevestigingen", "de bevestigde testrijen per export", empty_ok=True)
    sure, keep = _entry(data, sha256, path.name)
    for row in sorted(sure | keep):
        if not 1 <= row <= rows:
            raise InputError(
                ErrorCode.CONFIRMED_ROW_OUTSIDE, file=path.name, row=row, export=export, rows=rows
            )
    for row in sorted(sure & keep)[:1]:
        raise InputError(ErrorCode.CONFIRMED_ROW_TWICE, file=path.name, row=row, export=export)
    return sure, keep


def record(codebook: Codebook, sha256: str, name: str, exclude: set[int], keep: set[int]) -> Path:
    """Add the user's decision for these rows of this file to bevestigd.yaml."""
    path = confirmed_path(codebook)
    data = {}
    if path.is_file():
        data, _ = read_yaml(path, "bevestigingen", "de bevestigde testrijen", empty_ok=True)
    old_exclude, old_keep = _entry(data, sha256, path.name)
    exclude_all = (old_exclude - keep) | exclude
    keep_all = (old_keep - exclude) | keep
    data[sha256] = {"file": name, "exclude": sorted(exclude_all), "keep": sorted(keep_all)}
    lines = [
        "# Rijen die de gebruiker heeft bevestigd als test of niet afgemaakt (exclude) of als",
        "# echte respondent (keep), per export (SHA-256); geschreven door",
        "# 'spt-eval validate --confirm-tests / --not-tests'. Rijnummers tellen vanaf de eerste",
        "# rij onder de kopregel(s).",
    ]
    for sha, e in data.items():
        if not isinstance(e, dict):
            continue
        lines += [
            f'"{sha}":',
            f"  file: {json.dumps(' '.join(str(e.get('file', '')).split())[:200])}",
            f"  exclude: [{', '.join(str(int(r)) for r in e.get('exclude') or [])}]",
            f"  keep: [{', '.join(str(int(r)) for r in e.get('keep') or [])}]",
        ]
    try:
        write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        raise InputError(
            ErrorCode.FILE_NOT_WRITTEN, what="bestand", file=str(path), reason=os_reason(exc)
        ) from None
    return path


def check_decided(intake) -> None:
    """Stop (one Dutch line) while rows that may be tests or unfinished await the user's word:
    a report or a stored wave never counts or drops them silently."""
    if intake.suspects:
        rows = ", ".join(str(p.row) for p in intake.suspects[:10])
        more = ", ..." if len(intake.suspects) > 10 else ""
        raise InputError(
            ErrorCode.SUSPECTS_UNDECIDED,
            count=len(intake.suspects),
            file=Path(intake.source_path).name,
            rows=rows + more,
        )
