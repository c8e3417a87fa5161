"""Survey-tool profiles, recognised by content: header rows, metadata, id and completion fields.

A profile turns a tool's export into the codebook's shape before matching: extra header rows
become alternative column names (question texts), the tool's own columns are set apart as
metadata, and its completion and test fields are named for the exclusion rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from evaluation.intake.markup import add_plain_names
from evaluation.intake.result import ID
from evaluation.tables.raw import RawTable, first_of_copies, is_headless, rename_columns


@dataclass(frozen=True)
class Profile:
    """What one survey tool writes: how to recognise it and which columns are its own."""

    name: str  # shown to the user
    signature: tuple[frozenset[str], ...]  # any one set of headings, all present, recognises it
    metadata: frozenset[str]  # the tool's own columns (matched case-insensitively)
    id_column: str | None = None
    status: str | None = None  # Qualtrics Status: preview, test, spam
    channel: str | None = None  # Qualtrics DistributionChannel: preview, test
    finished: str | None = None
    progress: str | None = None
    submitted: str | None = None  # a column that is empty while the response is unfinished
    lastpage: str | None = None
    response_type: str | None = None  # Typeform: completed, partial, started
    test_columns: tuple[str, ...] = ()  # id, name, e-mail: checked against the test pattern
    join: str | None = None  # separator of multi-select answers in one cell
    blank_values: tuple[str, ...] = ()  # answers that mean 'question not shown'
    marks_unfinished: bool = True  # False: the export cannot tell an unfinished response
    meta_pattern: str = ""  # headings of the tool's own fields beyond the fixed names


def name_key(text: str) -> str:
    """A heading as a tool's field name: case, spaces and underscores folded ('Date_submitted'
    is LimeSurvey's 'Date submitted' after its 'spaces to underscores' export option)."""
    return " ".join(text.replace("_", " ").lower().split())


def _set(*names: str) -> frozenset[str]:
    return frozenset(name_key(n) for n in names)


QUALTRICS_META = _set(
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", "ResponseID", "Q_RecaptchaScore",
    "Start Date", "End Date", "Response Type", "IP Address", "Recorded Date", "Response ID",
    "Recipient Last Name", "Recipient First Name", "Recipient Email",
    "External Data Reference", "Location Latitude", "Location Longitude",
    "Distribution Channel", "User Language", "Duration__in_seconds_",
    "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
)  # fmt: skip
QUALTRICS_LEGACY = _set(*(f"V{i}" for i in range(1, 11)))
LIMESURVEY_FULL = _set(
    "Response ID", "Date submitted", "Last page", "Start language", "Seed", "Token",
    "Date started", "Date last action", "IP address", "Referrer URL", "Total time",
)  # fmt: skip
LIMESURVEY_CODES = _set(
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
    "ipaddr", "refurl", "interviewtime",
)  # fmt: skip

PROFILES = (
    Profile(
        "Qualtrics",
        (
            _set("ResponseId", "StartDate", "Status"),
            _set("ResponseID", "StartDate", "Status"),
        ),
        QUALTRICS_META | QUALTRICS_LEGACY,
        id_column="responseid",
        status="status",
        channel="distributionchannel",
        finished="finished",
        progress="progress",
        test_columns=("recipientemail", "recipientfirstname", "recipientlastname"),
        join=",",
        # its own embedded fields (Q_RecaptchaScore, Q_RelevantIDFraudScore, Q_TotalDuration)
        # and the display order of a randomizer or randomized question (FL_6_DO, Q3_DO)
        meta_pattern=r"^Q_[A-Za-z]+$|^[A-Za-z][A-Za-z0-9_]*_DO$",
    ),
    Profile(
        "LimeSurvey",
        (_set("id", "submitdate", "lastpage"), _set("Response ID", "Date submitted", "Last page")),
        LIMESURVEY_CODES | LIMESURVEY_FULL,
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
            "Response Status",
        ),  # fmt: skip
        id_column="respondent id",
        submitted="end date",  # empty: not finished (a partial may carry one all the same)
        response_type="response status",  # only in exports made through its API
        test_columns=("email address", "first name", "last name", "custom data 1"),
        marks_unfinished=False,  # its CSV has no completeness column; End Date is always set
    ),
    Profile(
        "Typeform",
        (_set("Response Type", "Submit Date (UTC)"), _set("#", "Start Date (UTC)", "Network ID")),
        _set(
            "#",
            "Response Type",
            "Start Date (UTC)",
            "Stage Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
            "Ending",
        ),  # fmt: skip
        id_column="#",
        response_type="response type",
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
            "Total points",
            "Quiz feedback",
            "Grade posted time",
        ),  # fmt: skip
        id_column="id",
        submitted="completion time",
        test_columns=("email", "name", "e-mail", "naam"),
        join=";",
        meta_pattern=r"^(Points|Feedback) - ",  # a quiz: points and feedback per question
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
        (_set("Status", "Finished", "Progress"), _set("ResponseId", "Finished")),
        QUALTRICS_META,
        id_column="responseid",
        status="status",
        channel="distributionchannel",
        finished="finished",
        progress="progress",
        test_columns=("recipientemail", "recipientfirstname", "recipientlastname"),
    ),
)

# A person's own fields in any export (a tool's participant list: LimeSurvey's 'First name',
# 'Last name', 'Email address'): a tester is often known only by them.
PERSON_FIELDS = ("naam", "name", "email", "e-mail", "first name", "last name", "firstname",
                 "lastname", "email address", "e-mailadres", "voornaam", "achternaam")  # fmt: skip
GENERIC = Profile("", (), frozenset(), test_columns=PERSON_FIELDS)

CODE_TEXT = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*(\[[A-Za-z0-9_]+\])?)\.\s+(?P<text>\S.*)$")
PLAIN_RESPONSE = {"response", "open-ended response", "antwoord", "open antwoord", "reactie"}


@dataclass
class Prepared:
    """A read table after the profile's header handling; `roles` names columns by role."""

    raw: RawTable
    profile: Profile
    metadata: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role -> column in raw
    header_rows: int = 0  # data rows taken as headings (row numbers count after them)


def recognise(columns: list[str]) -> Profile:
    """The tool whose headings the file has (the codebook's own format: GENERIC); a heading
    'code. text' (LimeSurvey's 'Question code & question text', its own fields too: 'id.
    Response ID') names its field by either part."""
    present = {name_key(c) for c in columns}
    for m in filter(None, (CODE_TEXT.match(c) for c in columns)):
        present |= {name_key(m["code"]), name_key(m["text"])}
    for profile in PROFILES:
        if any(sig <= present for sig in profile.signature):
            return profile
    return GENERIC


def cell(raw: RawTable, column: str, row: int) -> str:
    """The raw text of one cell ('' when empty)."""
    return str(raw.raw_values(column)[raw.codes[column][row]]) if row < raw.rows else ""


def _drop_rows(raw: RawTable, k: int) -> None:
    """Take the first k data rows away (they were headings); row faults move up."""
    for c in raw.columns:
        raw.codes[c] = raw.codes[c][k:]
    raw.rows -= k
    raw.row_faults = {pos - k: f for pos, f in raw.row_faults.items() if pos >= k}


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _is_import_id(text: str) -> bool:
    return text.lstrip().startswith('{"ImportId"')


def _heading_row(raw: RawTable, row: int, metadata: frozenset[str]) -> bool:
    """A row that cannot be data: it holds the ImportId JSON, or its cells under the tool's
    columns are the tool's own heading texts ('Response ID', 'Start Date')."""
    if row >= raw.rows:
        return False
    cells = [cell(raw, c, row).strip() for c in raw.columns]
    if any(_is_import_id(t) for t in cells):
        return True
    folded = {_fold(m) for m in metadata}
    names = sum(1 for t in cells if t and _fold(t) in folded)
    return names >= 2


def _qualtrics_legacy(raw: RawTable) -> bool:
    """Qualtrics' legacy export: V1..V10 headed, with 'ResponseID' under V1 (row 2)."""
    names = {name_key(c): c for c in raw.columns}
    if not QUALTRICS_LEGACY <= set(names) or raw.rows == 0:
        return False
    return cell(raw, names["v1"], 0).strip().lower() == "responseid"


def _import_row(raw: RawTable, row: int) -> bool:
    """Qualtrics' third heading row: every filled cell its ImportId JSON (never data)."""
    filled = [t for c in raw.columns if (t := cell(raw, c, row).strip())]
    return bool(filled) and all(_is_import_id(t) for t in filled)


def _qualtrics_headings(raw: RawTable, metadata: frozenset[str]) -> int:
    """Row 1 holds question texts, row 2 (newer exports) the ImportId JSON; only rows that
    cannot be data are taken (a .sav or a re-saved file has none). The texts are known by
    the ImportId row under them or by the tool's own field texts."""
    if _import_row(raw, 0):
        return 1
    if not (_import_row(raw, 1) or _heading_row(raw, 0, metadata)):
        return 0
    for c in raw.columns:
        text = cell(raw, c, 0).strip()
        if text and text != c and not _is_import_id(text):
            raw.alt_names.setdefault(c, []).append(text)
    return 2 if _heading_row(raw, 1, metadata) else 1


def _surveymonkey_headings(raw: RawTable, metadata: set[str]) -> int:
    """Expanded exports: row 1 holds the question (blank for its further columns), row 2 the
    option. Row 2 is taken only when it cannot be data: no respondent id, and 'Response' or
    option texts where answers would be (a condensed export has no second row)."""
    if raw.rows == 0:
        return 0
    ids = [c for c in raw.columns if name_key(c) == "respondent id"]
    answers = [cell(raw, c, 0).strip() for c in raw.columns if name_key(c) not in metadata]
    plain = any(a.lower() in PLAIN_RESPONSE for a in answers)
    if (ids and cell(raw, ids[0], 0).strip()) or not plain:
        return 0
    question = ""
    renamed: dict[str, str] = {}
    for c in raw.columns:
        if name_key(c) in metadata:
            continue
        if not is_headless(c):
            question = re.sub(r"\.\d+$", "", c) if c not in raw.alt_names else c
        option = cell(raw, c, 0).strip()
        if not option or option.lower() in PLAIN_RESPONSE:
            names = [question]
        else:  # the column is named by both rows: its heading no longer hangs on its place
            renamed[c] = f"{question} [{option}]" if question else option
            names = ["" if is_headless(c) else c, option]
            if option in raw.uniques[c]:  # a ticked box holds the option's own text
                raw.value_codes.setdefault(c, {})[option] = "1"
        own = renamed.get(c, c)
        raw.alt_names.setdefault(c, []).extend(n for n in names if n and n != own)
    rename_columns(raw, renamed)
    return 1


def _code_and_text(raw: RawTable) -> None:
    """LimeSurvey's 'code. question text' headings: the text is an alternative name."""
    for c in raw.columns:
        m = CODE_TEXT.match(c)
        if m:
            raw.alt_names.setdefault(c, []).append(m["text"])


def _blank_out(raw: RawTable, columns: list[str], values: tuple[str, ...]) -> None:
    """Answers meaning 'not shown' become empty cells."""
    folded = {v.lower() for v in values}
    for c in columns:
        hits = [i for i, u in enumerate(raw.uniques[c]) if str(u).strip().lower() in folded]
        if hits:
            codes = raw.codes[c].copy()
            codes[np.isin(codes, hits)] = -1
            raw.codes[c] = codes


def _limesurvey_yes_no(raw: RawTable, columns: list[str]) -> None:
    """LimeSurvey writes a ticked box and a yes/no answer as 'Y' / 'N' (documented, not a
    code of the questionnaire); answer codes such as 'A3' are never read as the codebook's."""
    for c in columns:
        extra = raw.value_codes.setdefault(c, {})
        for u in raw.uniques[c]:
            text = str(u).strip()
            if text in ("Y", "N"):
                extra.setdefault(u, "ja" if text == "Y" else "nee")


def _generated_ids(raw: RawTable) -> str:
    """A number made from the row (stable while not re-sorted); a copy gets its original's."""
    name = ID if ID not in raw.columns else f"{ID}_gemaakt"
    width = max(4, len(str(raw.rows)))
    firsts, codes = np.unique(first_of_copies(raw), return_inverse=True)
    raw.columns.insert(0, name)
    raw.uniques[name] = [f"rij-{i + 1:0{width}d}" for i in firsts.tolist()]
    raw.codes[name] = codes.ravel().astype(np.int64)
    return name


_KEPT = "_prepared"  # where a table keeps its own Prepared (dies with it)


def prepare(raw: RawTable) -> Prepared:
    """Recognise the tool and apply its header handling; the raw table is changed in place,
    once (asking again gives the same answer, and no second row is taken as a heading)."""
    done = vars(raw).get(_KEPT)
    if done is None:
        done = vars(raw)[_KEPT] = _prepare(raw)
    return done


def _prepare(raw: RawTable) -> Prepared:
    profile = recognise(raw.columns)
    own_rows = _qualtrics_legacy(raw) or _import_row(raw, 0) or _import_row(raw, 1)
    if profile.name in ("", "SPSS (enquêtetool)") and own_rows:  # Qualtrics' own heading rows
        profile = PROFILES[0]
    header_rows = 0
    if profile.name == "Qualtrics":
        header_rows = _qualtrics_headings(raw, profile.metadata)
    elif profile.name == "SurveyMonkey":
        header_rows = _surveymonkey_headings(raw, set(profile.metadata))
    if header_rows:
        _drop_rows(raw, header_rows)
    if profile.name == "LimeSurvey":
        _code_and_text(raw)
    add_plain_names(raw)
    by_lower: dict[str, str] = {}
    for c in raw.columns:  # a column by its heading or by the text the tool put under it
        for name in (c, *raw.alt_names.get(c, [])):
            by_lower.setdefault(name_key(name), c)
    names = {c: {name_key(n) for n in (c, *raw.alt_names.get(c, []))} for c in raw.columns}
    own = re.compile(profile.meta_pattern) if profile.meta_pattern else None
    metadata = [
        c for c in raw.columns if names[c] & profile.metadata or (own and own.search(c.strip()))
    ]
    answers = [c for c in raw.columns if c not in metadata]
    if profile.blank_values:
        _blank_out(raw, answers, profile.blank_values)
    if profile.name == "LimeSurvey":
        _limesurvey_yes_no(raw, answers)
    roles = {}
    for role in ("status", "channel", "finished", "progress", "submitted", "lastpage"):
        wanted = getattr(profile, role)
        if wanted and wanted in by_lower:
            roles[role] = by_lower[wanted]
    if profile.response_type and profile.response_type in by_lower:
        roles["response_type"] = by_lower[profile.response_type]
    if profile.name == "LimeSurvey":  # full-text headings name the same fields
        for role, text in (("submitted", "date submitted"), ("lastpage", "last page")):
            if role not in roles and text in by_lower:
                roles[role] = by_lower[text]
    for wanted in (profile.id_column, "response id", "responseid"):
        if profile.name and wanted and wanted in by_lower and by_lower[wanted] in metadata:
            roles["id"] = by_lower[wanted]
            break
    if "id" not in roles and profile.name == "Google Forms":
        roles["id"] = _generated_ids(raw)
        metadata.append(roles["id"])
    tests = [by_lower[t] for t in profile.test_columns if t in by_lower]
    tests += [c for c in raw.columns if name_key(c) in GENERIC.test_columns]
    for i, c in enumerate(dict.fromkeys(tests)):
        roles[f"test{i}"] = c
    return Prepared(raw, profile, metadata, roles, header_rows)
