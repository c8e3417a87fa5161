"""Survey-tool profiles, recognised by content: header rows, metadata, id and completion fields.

A profile turns a tool's export into the codebook's shape before matching: extra header rows
become alternative column names (question texts), the tool's own columns are set apart as
metadata, and its completion and test fields are named for the exclusion rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from evaluation.intake.result import ID
from evaluation.intake.table import _Raw


@dataclass(frozen=True)
class Profile:
    """What one survey tool writes: how to recognise it and which columns are its own."""

    name: str  # shown to the user
    signature: tuple[frozenset[str], ...]  # any one set of headings, all present, recognises it
    metadata: frozenset[str]  # the tool's own columns (matched case-insensitively)
    id_column: str | None = None
    status: str | None = None  # Qualtrics Status: preview, test, spam
    finished: str | None = None
    progress: str | None = None
    submitted: str | None = None  # a column that is empty while the response is unfinished
    lastpage: str | None = None
    test_columns: tuple[str, ...] = ()  # id, name, e-mail: checked against the test pattern
    join: str | None = None  # separator of multi-select answers in one cell
    blank_values: tuple[str, ...] = ()  # answers that mean 'question not shown'


def _set(*names: str) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


QUALTRICS_META = _set(
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", "ResponseID", "Q_RecaptchaScore",
)  # fmt: skip

PROFILES = (
    Profile(
        "Qualtrics",
        (_set("ResponseId", "StartDate", "Status"), _set("ResponseID", "StartDate", "Status")),
        QUALTRICS_META,
        id_column="responseid",
        status="status",
        finished="finished",
        progress="progress",
        test_columns=("recipientemail", "recipientfirstname", "recipientlastname"),
        join=",",
    ),
    Profile(
        "LimeSurvey",
        (_set("id", "submitdate", "lastpage"),),
        _set(
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "token",
            "startdate",
            "datestamp",
            "ipaddr",
            "refurl",
            "interviewtime",
        ),  # fmt: skip
        id_column="id",
        submitted="submitdate",
        lastpage="lastpage",
        test_columns=("token",),
        blank_values=("N.v.t.", "N/A"),
    ),
    Profile(
        "SurveyMonkey",
        (_set("Respondent ID", "Collector ID"),),
        _set(
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
        ),  # fmt: skip
        id_column="respondent id",
        submitted="end date",
        test_columns=("email address", "first name", "last name"),
    ),
    Profile(
        "Microsoft Forms",
        (
            _set("ID", "Start time", "Completion time"),
            _set("Id", "Begintijd", "Tijd van voltooien"),
        ),
        _set(
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Begintijd",
            "Tijd van voltooien",
            "E-mail",
            "Naam",
            "Tijd laatst gewijzigd",
        ),  # fmt: skip
        id_column="id",
        submitted="completion time",
        test_columns=("email", "name", "e-mail", "naam"),
        join=";",
    ),
    Profile(
        "Google Forms",
        (_set("Tijdstempel"), _set("Timestamp")),
        _set("Tijdstempel", "Timestamp", "E-mailadres", "Email Address", "Score"),
        test_columns=("e-mailadres", "email address"),
        join=",",
    ),
    Profile(
        "SPSS (enquêtetool)",
        (_set("Status", "Finished", "Progress"),),
        QUALTRICS_META,
        id_column="responseid",
        status="status",
        finished="finished",
        progress="progress",
        test_columns=("recipientemail", "recipientfirstname", "recipientlastname"),
    ),
)

GENERIC = Profile("", (), frozenset(), test_columns=("naam", "name", "email", "e-mail"))

PLAIN_RESPONSE = {"response", "open-ended response", "antwoord", "open antwoord", "reactie"}


@dataclass
class Prepared:
    """A read table after the profile's header handling; `roles` names columns by role."""

    raw: _Raw
    profile: Profile
    metadata: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role -> column in raw
    header_rows: int = 0  # data rows taken as headings (row numbers count after them)


def recognise(columns: list[str]) -> Profile:
    """The tool whose headings the file has (the codebook's own format: GENERIC)."""
    present = {c.strip().lower() for c in columns}
    for profile in PROFILES:
        if any(sig <= present for sig in profile.signature):
            return profile
    return GENERIC


def cell(raw: _Raw, column: str, row: int) -> str:
    """The raw text of one cell ('' when empty)."""
    return str(raw.raw_values(column)[raw.codes[column][row]]) if row < raw.rows else ""


def _drop_rows(raw: _Raw, k: int) -> None:
    """Take the first k data rows away (they were headings); row faults move up."""
    for c in raw.columns:
        raw.codes[c] = raw.codes[c][k:]
    raw.rows -= k
    raw.row_faults = {pos - k: f for pos, f in raw.row_faults.items() if pos >= k}


def _qualtrics_headings(raw: _Raw) -> int:
    """Row 1 holds question texts, row 2 (newer exports) the ImportId JSON."""
    if raw.rows == 0:
        return 0
    for c in raw.columns:
        text = cell(raw, c, 0).strip()
        if text and text != c:
            raw.alt_names.setdefault(c, []).append(text)
    second = [cell(raw, c, 1) for c in raw.columns[:3]] if raw.rows > 1 else []
    return 2 if any(t.lstrip().startswith('{"ImportId"') for t in second) else 1


def _surveymonkey_headings(raw: _Raw, metadata: set[str]) -> int:
    """Row 1 holds the question (blank for its further columns), row 2 the option."""
    question = ""
    for c in raw.columns:
        if c.lower() in metadata:
            continue
        if not c.startswith("Unnamed: "):
            question = re.sub(r"\.\d+$", "", c) if c not in raw.alt_names else c
        option = cell(raw, c, 0).strip() if raw.rows else ""
        if not option or option.lower() in PLAIN_RESPONSE:
            names = [question]
        else:
            names = [f"{question} [{option}]", option]
            if option in raw.uniques[c]:  # a ticked box holds the option's own text
                raw.value_codes.setdefault(c, {})[option] = "1"
        raw.alt_names.setdefault(c, []).extend(n for n in names if n and n != c)
    return 1 if raw.rows else 0


def _blank_out(raw: _Raw, columns: list[str], values: tuple[str, ...]) -> None:
    """Answers meaning 'not shown' become empty cells."""
    folded = {v.lower() for v in values}
    for c in columns:
        hits = [i for i, u in enumerate(raw.uniques[c]) if str(u).strip().lower() in folded]
        if hits:
            codes = raw.codes[c].copy()
            codes[np.isin(codes, hits)] = -1
            raw.codes[c] = codes


def _limesurvey_codes(raw: _Raw, columns: list[str]) -> None:
    """LimeSurvey answer codes: 'A3' stands for code 3, 'Y'/'N' for ja/nee."""
    for c in columns:
        extra = raw.value_codes.setdefault(c, {})
        for u in raw.uniques[c]:
            text = str(u).strip()
            m = re.fullmatch(r"A(-?\d+)", text)
            if m:
                extra.setdefault(u, m.group(1))
            elif text in ("Y", "N"):
                extra.setdefault(u, "ja" if text == "Y" else "nee")


def _generated_ids(raw: _Raw) -> str:
    """A respondent number made from the row (stable while the file is not re-sorted)."""
    name = ID if ID not in raw.columns else f"{ID}_gemaakt"
    width = max(4, len(str(raw.rows)))
    raw.columns.insert(0, name)
    raw.uniques[name] = [f"rij-{i + 1:0{width}d}" for i in range(raw.rows)]
    raw.codes[name] = np.arange(raw.rows, dtype=np.int64)
    return name


def prepare(raw: _Raw) -> Prepared:
    """Recognise the tool and apply its header handling; the raw table is changed in place."""
    profile = recognise(raw.columns)
    by_lower = {c.strip().lower(): c for c in raw.columns}
    header_rows = 0
    if profile.name == "Qualtrics":
        header_rows = _qualtrics_headings(raw)
    elif profile.name == "SurveyMonkey":
        header_rows = _surveymonkey_headings(raw, set(profile.metadata))
    if header_rows:
        _drop_rows(raw, header_rows)
    metadata = [c for c in raw.columns if c.strip().lower() in profile.metadata]
    answers = [c for c in raw.columns if c not in metadata]
    if profile.blank_values:
        _blank_out(raw, answers, profile.blank_values)
    if profile.name == "LimeSurvey":
        _limesurvey_codes(raw, answers)
    roles = {}
    for role in ("status", "finished", "progress", "submitted", "lastpage"):
        wanted = getattr(profile, role)
        if wanted and wanted in by_lower:
            roles[role] = by_lower[wanted]
    if profile.id_column and profile.id_column in by_lower:
        roles["id"] = by_lower[profile.id_column]
    elif profile.name == "Google Forms":
        roles["id"] = _generated_ids(raw)
        metadata.append(roles["id"])
    tests = [by_lower[t] for t in profile.test_columns if t in by_lower]
    tests += [c for c in raw.columns if c.strip().lower() in GENERIC.test_columns]
    for i, c in enumerate(dict.fromkeys(tests)):
        roles[f"test{i}"] = c
    return Prepared(raw, profile, metadata, roles, header_rows)
