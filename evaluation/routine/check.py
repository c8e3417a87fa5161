"""Check an export before the report: what was read, the problems by reason, the excluded rows,
the columns the codebook could not place (with `map`'s proposals) and the quarantine file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.errors import InputError
from evaluation.intake.evidence import present
from evaluation.intake.propose import STRONG, Proposal, label_of, needs_survey_file, propose
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.readers import read_table
from evaluation.intake.reasons import Code, reason_label, reason_text
from evaluation.intake.required import check_required
from evaluation.intake.result import ID, SPT, IntakeResult
from evaluation.intake.validate import NeedsMapping, read_survey
from evaluation.intake.wording import check_wording
from evaluation.limits import check_survey_file
from evaluation.routine.suspect_rows import evidence_lines, intake_as_mapped

if TYPE_CHECKING:  # validate imports this module and needs nothing of the analysis
    from evaluation.pipeline import Inputs

EXAMPLES = 5  # rows named per reason
SAMPLES, SAMPLE_CHARS = 3, 40  # answers shown beside a column to place
SHOWN_EXCLUDED = 200  # excluded rows listed one by one (the count is always complete)
LEVELS = {
    "row": "rij in quarantaine",
    "item": "antwoord telt als ontbrekend",
    "suspect": "nog te beslissen: test of niet afgemaakt? (telt nu mee)",
}
# The same, short, after one problem in a list (`validate`), excluded rows included.
LEVELS_SHORT = {**LEVELS, "excluded": "rij uitgesloten", "suspect": "nog te beslissen, telt nu mee"}


def unfinished_note(intake: IntakeResult | None) -> str:
    """The sentence for a known tool whose export cannot say which responses are unfinished
    (SurveyMonkey), shown by `validate` and the run page alike; '' otherwise."""
    if intake is None or not intake.unfinished_unmarked:
        return ""
    return (
        f"De export van {intake.tool} zegt niet welke antwoorden niet zijn afgemaakt: een rij "
        "die minder dan de helft van de vragen beantwoordt, wordt als afgebroken genoemd en "
        "telt niet mee zodra u het voorstel aanneemt. Exporteer alleen "
        f"volledige antwoorden (een filter op volledigheid in {intake.tool}) om dat te voorkomen."
    )


@dataclass(frozen=True)
class ReasonGroup:
    """The problems of one kind: how many, and the first few with their row and sentence."""

    level: str  # "row" or "item"
    kind: str  # Dutch: what happened to the row or answer
    reason: str  # Dutch label of the reason, without values from the file
    count: int
    examples: list[tuple[int, str, str]]  # (row, column, sentence)


@dataclass(frozen=True)
class ExportCheck:
    """Everything the user needs to judge an export before the report is made."""

    intake: IntakeResult | None  # None: no column identifies respondent or SPT until mapped
    groups: list[ReasonGroup]
    excluded: list[tuple[int, str]]  # (row, sentence), at most SHOWN_EXCLUDED
    proposals: list[Proposal]
    per_spt: dict[str, int]
    required_missing: InputError | None  # the stop `report` would make on a question it lacks
    quarantine: Path | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)  # every codebook column
    samples: dict[str, list[str]] = field(default_factory=dict)  # answers of each proposed column
    # rows that look like tests once the strong proposals are accepted, grouped by evidence:
    # accepting decides the strong ones in the same step
    row_evidence: list[str] = field(default_factory=list)
    # the stop `map` makes before it places anything (headings cut short, question or answer
    # codes without their texts): nothing runs until the survey file or a full-text export
    needs_file: InputError | None = None

    @property
    def unfinished_note(self) -> str:
        return unfinished_note(self.intake)

    @property
    def unplaced(self) -> list[Proposal]:
        return [p for p in self.proposals if p.target is None]


def _without_hint(p):
    """The problem without the file to edit or that holds the rule (the web page offers the
    fix itself and names no file of the survey folder)."""
    params = {k: v for k, v in p.params.items() if k not in ("register", "file")}
    return replace(p, params=params)


def _rows_ahead(path: str | Path, inputs: Inputs, proposals: list[Proposal]) -> list[str]:
    """The evidence lines of rows that look like tests once the strong proposals are placed."""
    placed = {p.column: p.target for p in proposals if p.target and p.strength == STRONG}
    if not placed:
        return []
    ahead = intake_as_mapped(
        Path(path), inputs.codebook, inputs.register, inputs.settings.intake, placed
    )
    return [line.strip() for line in evidence_lines(ahead)] if ahead is not None else []


def reason_groups(problems, hints: bool = True) -> list[ReasonGroup]:
    """Rows set aside and answers made missing, per reason code, in code order; without
    `hints` the sentences name no file to edit (the web page offers the fix instead)."""
    order = {code: i for i, code in enumerate(Code)}
    groups: dict[tuple[str, Code], list] = {}
    for p in problems:
        if p.level in LEVELS:
            groups.setdefault((p.level, Code(p.code)), []).append(p)
    out = []
    first = {"suspect": 0, "row": 1, "item": 2}  # rows to decide first, then set aside, items
    for (level, code), items in sorted(
        groups.items(), key=lambda kv: (first[kv[0][0]], order[kv[0][1]])
    ):
        rows = len({p.row for p in items}) if level != "item" else len(items)
        shown = items[:EXAMPLES] if hints else [_without_hint(p) for p in items[:EXAMPLES]]
        examples = [(p.row, p.column, reason_text(p)) for p in shown]
        out.append(ReasonGroup(level, LEVELS[level], reason_label(code), rows, examples))
    return out


def check_export(
    path: str | Path, inputs: Inputs, quarantine: Path | None = None, hints: bool = True
) -> ExportCheck:
    """Read and check `path` as `validate` does; write the quarantine file when rows were set
    aside and a path is given; propose a codebook column for every column not placed."""
    check_survey_file(path)
    rules = inputs.settings.intake
    try:
        intake = read_survey(path, inputs.codebook, inputs.register, rules)
    except NeedsMapping as exc:  # nothing to count yet: only the columns to place
        raw = read_table(path, inputs.codebook, any_sheet=True)
        proposals = [p for p in propose(raw, inputs.codebook, inputs.register) if p.column]
        return ExportCheck(
            intake=None,
            groups=[],
            excluded=[],
            proposals=proposals,
            per_spt={},
            required_missing=exc,
            choices=codebook_columns(inputs),
            samples=_samples(raw, proposals),
            row_evidence=_rows_ahead(path, inputs, proposals),
            needs_file=needs_survey_file(proposals),
        )
    written = None
    if intake.quarantined and quarantine is not None:
        write_quarantine(intake, quarantine)
        written = quarantine
    missing = required_missing(intake, inputs.codebook, rules)
    proposals, samples = [], {}
    if intake.unknown_columns:
        raw = read_table(path, inputs.codebook, any_sheet=True)
        proposals = [p for p in propose(raw, inputs.codebook, inputs.register) if p.column]
        samples = _samples(raw, proposals)
    excluded = [
        (p.row, reason_text(p if hints else _without_hint(p)))
        for p in intake.problems
        if p.level == "excluded"
    ][:SHOWN_EXCLUDED]
    per_spt = valid_per_spt(intake, inputs.register.names)
    return ExportCheck(
        intake=intake,
        groups=reason_groups(intake.problems, hints),
        excluded=excluded,
        proposals=proposals,
        per_spt=per_spt,
        required_missing=missing,
        quarantine=written,
        choices=codebook_columns(inputs),
        samples=samples,
        needs_file=needs_survey_file(proposals),
    )


def _samples(raw, proposals: list[Proposal]) -> dict[str, list[str]]:
    """A few distinct answers per proposed column, so the user sees what the column holds: the
    answers of its rows, as `map` shows them (a tool's heading rows, which `propose` set aside,
    are no answers)."""
    out = {}
    for p in proposals:
        values = present(raw, p.column)[:SAMPLES] if p.column in raw.codes else []
        out[p.column] = [
            v if len(v) <= SAMPLE_CHARS else v[: SAMPLE_CHARS - 1] + "…" for v in values
        ]
    return out


def valid_per_spt(intake: IntakeResult, order: list[str]) -> dict[str, int]:
    """Valid rows per service point, in register order (as in appendix 1 of the report)."""
    counts = intake.responses[SPT].value_counts()
    return {name: int(counts[name]) for name in order if name in counts}


def required_missing(intake: IntakeResult, codebook, rules) -> InputError | None:
    """The stop `analyse` and `report` would make on a question the file lacks, or on a
    statement under a text nobody decided on (intake.wording), as the error itself."""
    try:
        check_required(codebook, intake.absent_questions, rules, intake.source_path)
        check_wording(codebook, intake.column_map, intake.source_path, intake.column_texts)
    except InputError as exc:
        return exc
    return None


def codebook_columns(inputs: Inputs) -> list[tuple[str, str]]:
    """Every column a file column can be mapped to: (id, the user's text for it)."""
    cb = inputs.codebook
    columns = [ID, SPT, *cb.column_question()]
    return [(c, label_of(cb, c)) for c in columns]


def mapped_counts(intake: IntakeResult, codebook) -> list[tuple[str, str, str]]:
    """What mapping.yaml placed, so the user sees what it changed: per file column its
    codebook column and the valid rows' answers counted ('mee eens 12, neutraal 3')."""
    from_mapping = {k.strip().lower() for k in codebook.mapping}
    questions = codebook.column_question()
    out = []
    for rawname, target in intake.column_map.items():
        if rawname.strip().lower() not in from_mapping or target not in intake.responses:
            continue
        q = questions.get(target)
        values = intake.responses[target]
        if q is not None and q.type in ("single", "multi"):
            labels = codebook.scale_of(q).codes
            counts = values.dropna().astype(int).map(lambda c, lab=labels: lab.get(c, str(c)))
            missing = intake.missing[target].dropna() if target in intake.missing else []
            tally = counts.value_counts().to_dict()
            for m in missing:
                tally[m] = tally.get(m, 0) + 1
            text = ", ".join(f"{lab} {n}" for lab, n in sorted(tally.items(), key=lambda t: -t[1]))
        else:
            filled = int(values.notna().sum())
            text = f"{filled} ingevuld"
        out.append((rawname, target, text or "geen antwoorden"))
    return out
