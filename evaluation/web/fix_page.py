"""The fixes on a run's page: an unknown SPT name saved as another name of a register SPT, a
missing question allowed for this year, a saved column mapping undone, rows that may be tests
decided. Each calls one routine
step, then checks the run's export again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from evaluation.errors import ErrorCode, InputError
from evaluation.intake.evidence import survey_file_helps
from evaluation.intake.reasons import reason_text
from evaluation.routine.check import ExportCheck
from evaluation.routine.fixes import (
    add_alias,
    allow_missing,
    saved_mappings,
    undo_mapping,
    unknown_spts,
)
from evaluation.routine.options import inputs_for
from evaluation.routine.rewording import Rewording, decide_rewording, reworded
from evaluation.routine.suspect_rows import decide_suspects
from evaluation.web.common import go, read_form, state_of, whole_number
from evaluation.web.pages import accept_strong_rows, check_run, run_options, save_definition
from evaluation.web.runs import RunInfo
from evaluation.web.state import State
from evaluation.web.wording import page_text

MAX_ROW = 10_000_000


def fix_context(state: State, run: RunInfo, check: ExportCheck | None) -> dict:
    """What the page offers to fix: unknown SPT names (with the register's names), missing
    questions not allowed yet (id, title), and the saved column mappings."""
    if run.stored_year is not None:
        return {
            "unknown": [],
            "register": [],
            "absent": [],
            "saved": [],
            "required": None,
            "required_error": None,
            "choice_labels": {},
            "suspects": [],
            "rewordings": [],
            "mappable": [],
            "offer_survey_file": False,
        }
    inputs = inputs_for(run_options(state, run), state.surveys)
    intake = check.intake if check is not None else None
    allowed = set(inputs.settings.intake.may_be_missing)
    absent = intake.absent_questions if intake is not None else []
    titles = {q.id: q.title for q in inputs.codebook.questions}
    stopped = check is not None and check.needs_file is not None  # map's stop: nothing else
    found = [] if stopped else rewordings(inputs.codebook, check)
    asked = {r.question for r in found}  # not missing: there under another text
    missing = [(q, titles.get(q, q)) for q in absent if q not in allowed | asked and q in titles]
    required = None
    if check is not None and check.needs_file is not None:  # map's own stop, worded for the page
        required, missing = check.needs_file, []  # the questions are there, under code headings
    elif check is not None and check.required_missing:
        file = run.shown_name
        if found and not missing:
            if len(found) == 1:
                required = InputError(ErrorCode.REWORDED_ONE, file=file)
            else:
                required = InputError(ErrorCode.REWORDED_MANY, file=file)
        elif missing:
            names = ", ".join(f"‘{t}’" for _, t in missing)
            if len(missing) == 1:
                required = InputError(ErrorCode.MISSING_QUESTION, file=file, names=names)
            else:
                required = InputError(ErrorCode.MISSING_QUESTIONS, file=file, names=names)
        elif intake is None:
            required = InputError(ErrorCode.NO_ID_OR_SPT_COLUMN, file=file)
        else:
            required = check.required_missing
    return {
        "unknown": unknown_spts(intake),
        "register": inputs.register.names,
        "absent": missing,
        "saved": saved_mappings(inputs.codebook),
        "required": page_text(required) if required is not None else None,
        "required_error": required,  # what `ready_or_stop` raises
        "choice_labels": dict(check.choices) if check is not None else {},
        "suspects": [(p.row, reason_text(p)) for p in intake.suspects] if intake else [],
        "rewordings": found,
        "mappable": mappable(check, found),
        "offer_survey_file": offer_survey_file(check),
    }


def offer_survey_file(check: ExportCheck | None) -> bool:
    """The survey file's upload beside the check: while columns are unplaced, unless map's
    stop asks for another export (headings cut short, a deleted heading row), where the tool's
    questionnaire file cannot help."""
    if check is None:
        return False
    if check.needs_file is not None:
        return survey_file_helps(check.needs_file)
    return bool(check.proposals) or check.intake is None


def mappable(check: ExportCheck | None, found: list[Rewording]) -> list[tuple[int, object]]:
    """The proposals the mapping table offers, with their index in the check: a statement
    asked under another text is decided once, as a rewording, not offered again as a column."""
    if check is None:
        return []
    reworded = {r.column for r in found}
    return [(i, p) for i, p in enumerate(check.proposals) if p.column not in reworded]


def rewordings(codebook, check: ExportCheck | None) -> list[Rewording]:
    """Statements in the export under another text, once each (by proposal or already placed)."""
    if check is None:
        return []
    matched = check.intake.column_map if check.intake is not None else None
    texts = check.intake.column_texts if check.intake is not None else None
    out: dict[str, Rewording] = {}
    for r in reworded(codebook, check.proposals, matched=matched, texts=texts):
        out.setdefault(r.question, r)
    return list(out.values())


async def _fix(request: Request, step, form: dict | None = None) -> Response:
    state = state_of(request)
    run = state.runs.load(str(request.path_params["run_id"]))
    if run.status == "bezig":
        raise InputError(ErrorCode.RUN_BUSY)
    if form is None:
        form = {k: str(v) for k, v in (await read_form(request)).items()}
    codebook = inputs_for(run_options(state, run), state.surveys).codebook
    await run_in_threadpool(step, codebook, form)
    await run_in_threadpool(check_run, state, run)
    return go(request, f"/run/{run.id}?hersteld=1")


async def definition(request: Request) -> Response:
    """The survey tool's questionnaire file uploaded on the run's page."""
    state = state_of(request)
    run = state.runs.load(str(request.path_params["run_id"]))
    if run.status == "bezig" or run.stored_year is not None:
        raise InputError(ErrorCode.NO_DEFINITION_HERE)
    form = await read_form(request)
    upload = form.get("vragenlijst")
    await save_definition(state, run, upload)
    await run_in_threadpool(check_run, state, run)
    await run_in_threadpool(accept_strong_rows, state, run)  # one step, as map --survey-file
    return go(request, f"/run/{run.id}?hersteld=1")


async def alias(request: Request) -> Response:
    return await _fix(request, lambda cb, f: add_alias(cb, f.get("naam", ""), f.get("spt", "")))


async def allow(request: Request) -> Response:
    return await _fix(request, lambda cb, f: allow_missing(cb, f.get("vraag", "")))


async def unmap(request: Request) -> Response:
    return await _fix(request, lambda cb, f: undo_mapping(cb, f.get("kolom", "")))


async def suspects(request: Request) -> Response:
    """The user's word on one listed row ('rij' a number) or all of them ('alle'): a test or
    unfinished ('test', it does not count) or a real respondent ('telt')."""
    state = state_of(request)
    run = state.runs.load(str(request.path_params["run_id"]))
    check = state.checks.get(run.id)
    if check is None or check.intake is None or not check.intake.suspects:
        raise InputError(ErrorCode.NO_ROWS_TO_DECIDE, file=run.shown_name)
    form = {k: str(v) for k, v in (await read_form(request)).items()}
    choice, rows = form.get("beslissing", ""), form.get("rij", "")
    if choice not in ("test", "telt"):
        raise InputError(ErrorCode.CHOOSE_TEST_OR_COUNTS)
    if rows != "alle":
        rows = str(whole_number(rows, "rij", 1, MAX_ROW))
    intake = check.intake

    def step(codebook, form):
        tests, real = (rows, None) if choice == "test" else (None, rows)
        decide_suspects(codebook, intake, tests, real, run.shown_name)

    return await _fix(request, step, form)


async def rewording(request: Request) -> Response:
    """A statement asked under another text: the same statement ('zelfde', its trend goes on)
    or a new one ('nieuw', its trend starts again); recorded once in the codebook."""
    state = state_of(request)
    run = state.runs.load(str(request.path_params["run_id"]))
    form = {k: str(v) for k, v in (await read_form(request)).items()}
    choice, qid = form.get("beslissing", ""), form.get("vraag", "")
    if choice not in ("zelfde", "nieuw"):
        raise InputError(ErrorCode.CHOOSE_SAME_OR_NEW)
    year = run.year or run.proposed_year  # the new text is first asked in this run's year
    if form.get("jaar"):
        year = whole_number(form["jaar"], "jaar", 1990, 2100)
    settings = state.surveys / run_options(state, run).survey / "settings.yaml"
    if year is None and not settings.is_file():  # else the survey folder's year, as `map`
        raise InputError(ErrorCode.REWORDING_YEAR, file=run.shown_name)

    def step(codebook, form):
        found = rewordings(codebook, state.checks.get(run.id))
        if qid not in {r.question for r in found}:
            raise InputError(ErrorCode.NOT_REWORDED_IN, file=run.shown_name)
        decide_rewording(codebook, found, qid, choice == "zelfde", year)

    return await _fix(request, step, form)
