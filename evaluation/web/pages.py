"""The pages outside a run: the start page (stored years and runs), a new upload (which makes a
run), the default options for new runs, and verifying an uploaded report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from evaluation.errors import ErrorCode, InputError
from evaluation.manifest import sha256_file
from evaluation.routine.check import check_export
from evaluation.routine.definition import DEFINITIONS, place_by_definition
from evaluation.routine.options import Options, inputs_for, options_from_form, survey_folders
from evaluation.routine.options import settings_min_n as default_min_n
from evaluation.routine.suspect_rows import accept_strong, strong_rows
from evaluation.routine.verify_stored import report_year
from evaluation.routine.year_check import (
    YearEvidence,
    propose_year,
    response_years,
    year_in_name,
)
from evaluation.routine.years import overview, year_files
from evaluation.safe_files import write_text
from evaluation.web.common import (
    go,
    open_store,
    page,
    read_form,
    state_of,
    waves_in_store,
    whole_number,
)
from evaluation.web.runs import STATUSES, RunInfo
from evaluation.web.state import State
from evaluation.web.verifying import stored_table, verify_table
from evaluation.web.workspace import EXPORTS, REPORTS, checked_name


async def start_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    years, runs = await run_in_threadpool(_start, state)
    return page(request, "start", years=years, runs=runs, statuses=STATUSES, store=str(state.store))


def _start(state: State):
    con = open_store(state)  # sqlite: opened, used and closed in one thread
    try:
        years = [r for r in overview(con, state.work.root / "runs") if r.stored]
    finally:
        if con is not None:
            con.close()
    return years, state.runs.all()


async def new_page(request: Request) -> Response:
    state = state_of(request)
    if request.method == "POST":
        form = await read_form(request)
        run = await _new_run(state, form)
        return go(request, f"/run/{run.id}")
    return page(request, "nieuw", options=state.options, surveys=survey_folders(state.surveys))


async def _new_run(state: State, form: dict) -> RunInfo:
    upload = form.get("bestand")
    shown = checked_name(getattr(upload, "filename", None), EXPORTS)  # no folder, no control
    survey = str(form.get("survey") or state.options.survey)
    if survey not in survey_folders(state.surveys):
        raise InputError(ErrorCode.CHOOSE_SURVEY_FOLDER)
    options = state.options.model_copy(update={"survey": survey})
    suffix = Path(shown).suffix.lower()
    runs = state.runs
    run = runs.new(shown, suffix, options=options.model_dump(exclude={"year"}))
    definition = form.get("vragenlijst")
    try:
        await run_in_threadpool(state.work.save_to, upload.file, runs.export(run))
        if getattr(definition, "filename", ""):
            await save_definition(state, run, definition)
        await run_in_threadpool(check_run, state, run)
        if getattr(definition, "filename", ""):
            await run_in_threadpool(accept_strong_rows, state, run)
    except BaseException:
        runs.delete(run.id)  # an upload that could not be read leaves nothing behind
        raise
    return run


async def save_definition(state: State, run: RunInfo, upload) -> None:
    """Keep the survey tool's questionnaire file in the run and place the export's columns and
    answer codes by it (saved beside the codebook), as `map --survey-file` does."""
    name = checked_name(upload.filename, DEFINITIONS)
    if name == run.shown_name:
        raise InputError(ErrorCode.SAME_NAME_AS_EXPORT)
    path = state.runs.folder(run.id) / "invoer" / name
    await run_in_threadpool(state.work.save_to, upload.file, path)
    inputs = inputs_for(run_options(state, run), state.surveys)
    export = state.runs.export(run)
    await run_in_threadpool(place_by_definition, export, path, inputs.codebook, inputs.register)
    with state.lock:
        fresh = state.runs.load(run.id)
        fresh.definition = name
        state.runs.save(fresh)


def accept_strong_rows(state: State, run: RunInfo) -> None:
    """The user's accepting step (the mapping saved, the survey file given) records the rows
    with strong test evidence in the same step, as `map --accept` and `map --survey-file` do;
    rows with weak evidence stay asked on the page."""
    check = state.checks.get(run.id)
    if check is None or check.intake is None or not strong_rows(check.intake):
        return
    codebook = inputs_for(run_options(state, run), state.surveys).codebook
    accept_strong(codebook, check.intake, run.shown_name)
    check_run(state, run)


def run_options(state: State, run: RunInfo) -> Options:
    """The run's options with its year (confirmed, else proposed, else the default)."""
    year = run.year or run.proposed_year or state.options.year
    return Options.model_validate({**run.options, "year": year})


def check_run(state: State, run: RunInfo) -> None:
    """Check the run's export, propose its year from its dates and the store, and keep both."""
    runs = state.runs
    export = runs.export(run)
    options = run_options(state, run)
    inputs = inputs_for(options, state.surveys)
    quarantine = runs.folder(run.id) / "quarantine.csv"
    quarantine.unlink(missing_ok=True)
    check = check_export(export, inputs, quarantine, hints=False)
    state.checks[run.id] = check
    stored = waves_in_store(state)
    with state.lock:
        fresh = runs.load(run.id)
        fresh.tool = check.intake.tool if check.intake is not None else ""
        fresh.sha256 = sha256_file(export)
        if fresh.year is None:
            dates = response_years(export, inputs.codebook)
            evidence = YearEvidence(dates, stored, year_in_name(run.shown_name))
            fresh.proposed_year, fresh.proposed_basis = propose_year(evidence)
        runs.save(fresh)


async def options_page(request: Request) -> HTMLResponse:
    """The defaults a new run starts with (each run's own choices are on its page)."""
    state = state_of(request)
    saved = False
    if request.method == "POST":
        form = await read_form(request)
        values = {k: str(v) for k, v in form.items()}
        values.setdefault("year", str(state.options.year))
        state.options = options_from_form(values, state.surveys)
        state.work.save_options(state.options)
        saved = True
    return page(
        request,
        "opties",
        options=state.options,
        fields=Options.model_fields,
        surveys=survey_folders(state.surveys),
        default_min_n=default_min_n(state.options, state.surveys),
        saved=saved,
    )


async def verify_page(request: Request) -> HTMLResponse:
    """Verify an uploaded report PDF: with the export it was made from when given, else against
    its year in the monitor (the stored wave run again)."""
    state = state_of(request)
    verified = None
    if request.method == "POST":
        form = await read_form(request)
        verified = await _verify_upload(state, form)
    return page(request, "controleren", verified=verified, stored=await _stored_years(state))


async def _stored_years(state: State) -> list[int]:
    return sorted(await run_in_threadpool(waves_in_store, state))


async def _verify_upload(state: State, form: dict) -> dict:
    """The uploaded report (and export) verified, then deleted: nothing of it is kept."""
    report = form.get("rapport")
    checked_name(getattr(report, "filename", None), REPORTS)  # checked before anything is kept
    folder = state.work.new_upload_folder()
    try:
        return await _verify_in(state, form, report, folder)
    finally:
        await run_in_threadpool(shutil.rmtree, folder, True)


async def _verify_in(state: State, form: dict, report, folder: Path) -> dict:
    data = form.get("data")
    shown = checked_name(report.filename, REPORTS)  # kept under its own name: messages name it
    pdf = await run_in_threadpool(state.work.save_to, report.file, folder / shown)
    min_n = state.options.min_n
    if not getattr(data, "filename", ""):
        year = await run_in_threadpool(report_year, pdf)
        if year not in await _stored_years(state):
            raise InputError(ErrorCode.REPORT_YEAR_NOT_STORED, year=year)
        return await run_in_threadpool(stored_table, state, pdf, year, min_n)
    data_path = await run_in_threadpool(
        state.work.save_to, data.file, folder / checked_name(data.filename, EXPORTS)
    )
    codebook = state.surveys / state.options.survey / "codebook.yaml"
    return await run_in_threadpool(verify_table, pdf, data_path, codebook, None, min_n)


async def stored_verify(request: Request) -> HTMLResponse:
    """'Controleer' of a stored year on the start page: the newest report of that year made on
    this page is verified against the stored wave; without one, the page asks for the PDF."""
    state = state_of(request)
    year = whole_number(request.path_params["year"], "jaar", 1990, 2100)
    stored = await run_in_threadpool(waves_in_store, state)
    if year not in stored:
        raise InputError(ErrorCode.YEAR_NOT_IN_MONITOR, year=year)
    made = made_here(state, year, stored[year][1])
    if made is None:
        return page(request, "controleren", verified=None, stored=sorted(stored), asked=year)
    run, out = made
    options = run_options(state, run)
    table = await run_in_threadpool(stored_table, state, out, year, options.min_n)
    table["run"] = run
    outcome = {k: table[k] for k in ("ok", "agree", "figures", "against")}
    write_text(out / "verify.json", json.dumps(outcome))  # the run's page shows it too
    return page(request, "controleren", verified=table, stored=sorted(stored))


def made_here(state: State, year: int, wave_sha: str) -> tuple[RunInfo, Path] | None:
    """The newest finished run whose report is of `year` as the store holds it (made from the
    store, or from the very file the store keeps), with its output folder."""
    for run in state.runs.all():  # newest first
        same = run.stored_year == year or (run.year == year and run.sha256 == wave_sha)
        if run.status != "klaar" or not same:
            continue
        out = state.runs.output(run)
        if "rapport" in year_files(out, year):
            return run, out
    return None
