"""The page of one run (`/run/<id>`): its check, the year to confirm, its choices, the render with
its progress and cancel, its files, keeping it in the monitor, verifying it and deleting it."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from evaluation.errors import ErrorCode, InputError
from evaluation.manifest import sha256_file
from evaluation.routine.check import ExportCheck, check_export
from evaluation.routine.mapping import accept_choices
from evaluation.routine.options import (
    Options,
    inputs_for,
    options_from_form,
    settings_min_n,
    survey_folders,
)
from evaluation.routine.year_check import (
    YearEvidence,
    response_years,
    year_in_name,
    year_warnings,
)
from evaluation.routine.years import keep_wave, year_files
from evaluation.safe_files import write_text
from evaluation.store.waves import YearTaken
from evaluation.web import worker
from evaluation.web.common import (
    go,
    open_store,
    page,
    read_form,
    state_of,
    waves_in_store,
    whole_number,
)
from evaluation.web.figures import key_figures, written_summary
from evaluation.web.fix_page import fix_context, mappable, rewordings
from evaluation.web.pages import accept_strong_rows, check_run, run_options
from evaluation.web.runs import STATUSES, RunInfo
from evaluation.web.state import State
from evaluation.web.verifying import stored_table, verify_table

DOWNLOADS = {"rapport", "kaarten", "tabellen", "auditwerkmap", "resultaten", "quarantaine"}


def _run(state: State, request: Request) -> RunInfo:
    return state.runs.load(str(request.path_params["run_id"]))


def refresh(state: State, run: RunInfo) -> RunInfo:
    """The run as its render stands, read only (a GET writes nothing): a finished render is
    'klaar', a failed one 'mislukt'; `record_when_done` writes it down."""
    job = state.jobs.get(run.id)
    if run.status != "bezig" or job is None:
        return run
    status = job.status()
    if status["state"] == "bezig":
        return run
    done = "klaar" if status["state"] == "klaar" else "mislukt"
    message = "" if done == "klaar" else str(status.get("message", ""))
    return run.model_copy(update={"status": done, "message": message})


def record_when_done(state: State, run_id: str, job) -> None:
    """Wait for the render's process to end, then write its outcome into the run (a render
    stopped on the page or at shutdown is already 'afgebroken' and stays so)."""
    job.process.join()
    with state.lock:
        if state.jobs.get(run_id) is not job:
            return
        run = state.runs.load(run_id)
        if run.status == "bezig":
            done = refresh(state, run)
            if done.status == "bezig":
                done = done.model_copy(update={"status": "mislukt", "message": ""})
            state.runs.save(done)
        state.jobs.pop(run_id, None)


async def run_page(request: Request, **extra) -> HTMLResponse:
    state = state_of(request)
    run = refresh(state, _run(state, request))
    context = await run_in_threadpool(_context, state, run)
    mapped = request.query_params.get("gekoppeld") == "1"
    extra.setdefault("fixed", request.query_params.get("hersteld") == "1")
    values = {"stored": None, "verified": None, "request_mapped": mapped, **extra}
    return page(request, "run", **context, **values)


def _context(state: State, run: RunInfo) -> dict:
    check = state.checks.get(run.id)
    if check is None and run.stored_year is None and state.runs.export(run).is_file():
        check = recheck(state, run)  # after a restart: the check again, writing nothing
    options = run_options(state, run)
    warnings = _warnings(state, run, options.year) if run.stored_year is None else []
    job = state.jobs.get(run.id)
    progress = job.status() if job is not None and run.status == "bezig" else {}
    out = state.runs.output(run)
    files = year_files(out, options.year) if run.status == "klaar" else {}
    verified = _last_verified(out) if run.status == "klaar" else None
    stored_rows = _stored_years(state) if run.stored_year is None else []
    return {
        "run": run,
        "c": check,
        "options": options,
        "fields": Options.model_fields,
        "surveys": survey_folders(state.surveys),
        "default_min_n": settings_min_n(options, state.surveys),
        "warnings": warnings,
        "progress": progress,
        "files": files,
        "figures": key_figures(files.get("resultaten")) if files else None,
        "summary": written_summary(out) if files else None,
        "verified_before": verified,
        "statuses": STATUSES,
        "folder": str(state.runs.folder(run.id)),
        "earlier": [y for y in stored_rows if y < options.year],
        **fix_context(state, run, check),
    }


def recheck(state: State, run: RunInfo) -> ExportCheck:
    """The run's check made again from its kept export (after a restart) without a write: the
    quarantine file the first check wrote is offered again if rows are still set aside."""
    inputs = inputs_for(run_options(state, run), state.surveys)
    check = check_export(state.runs.export(run), inputs, None, hints=False)
    kept = state.runs.folder(run.id) / "quarantine.csv"
    if check.intake is not None and check.intake.quarantined and kept.is_file():
        check = replace(check, quarantine=kept)
    state.checks[run.id] = check
    return check


def _stored_years(state: State) -> list[int]:
    return sorted(waves_in_store(state))


def _warnings(state: State, run: RunInfo, year: int) -> list[str]:
    stored = waves_in_store(state)
    codebook = inputs_for(run_options(state, run), state.surveys).codebook
    export = state.runs.export(run)
    evidence = YearEvidence(response_years(export, codebook), stored, year_in_name(run.shown_name))
    return year_warnings(evidence, year, run.sha256, run.shown_name)


def _last_verified(out) -> dict | None:
    try:
        return json.loads((out / "verify.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


async def confirm(request: Request) -> Response:
    """The year (confirmed) and the run's choices; a changed survey folder checks again."""
    state = state_of(request)
    run = _run(state, request)
    form = {k: str(v) for k, v in (await read_form(request)).items()}
    options = options_from_form(form, state.surveys)
    with state.lock:
        run = state.runs.load(run.id)
        if run.status == "bezig":
            raise InputError(ErrorCode.RUN_BUSY)
        changed = run.options.get("survey") != options.survey
        run.year = options.year
        run.options = options.model_dump(exclude={"year"})
        state.runs.save(run)
    if changed:
        await run_in_threadpool(check_run, state, run)
    return go(request, f"/run/{run.id}#maken")


async def mapping(request: Request) -> Response:
    """The user's column choices, by column name (checked against this run's own proposals)."""
    state = state_of(request)
    run = _run(state, request)
    form = await read_form(request)
    check = state.checks.get(run.id)
    if check is None:
        raise InputError(ErrorCode.NOT_CHECKED_YET, file=run.shown_name)
    if check.needs_file is not None:  # as `map` writes nothing, nor does the page
        raise check.needs_file
    codebook = inputs_for(run_options(state, run), state.surveys).codebook
    offered = mappable(check, rewordings(codebook, check))  # as the table listed them
    chosen = {}
    for i, p in offered:
        if str(form.get(f"naam-{i}", "")) != p.column:
            raise InputError(ErrorCode.COLUMNS_CHANGED)
        chosen[p.column] = str(form.get(f"kolom-{i}", ""))
    proposals = [p for _, p in offered]
    await run_in_threadpool(accept_choices, codebook, proposals, chosen, run.shown_name)
    await run_in_threadpool(check_run, state, run)
    # accepting the proposal decides rows with strong test evidence too: one step
    await run_in_threadpool(accept_strong_rows, state, run)
    return go(request, f"/run/{run.id}?gekoppeld=1")


async def render(request: Request) -> Response:
    state = state_of(request)
    run = _run(state, request)
    await run_in_threadpool(_start_render, state, run)
    return go(request, f"/run/{run.id}#maken")


def own_definition_or_stop(state: State, run: RunInfo) -> None:
    """A run given its survey file is made only with answer codes read from that file: the
    survey folder keeps one mapping, and a later upload with another survey file (another
    run, another tab) replaces it; this run's export would be read with that file's codes."""
    if not run.definition:
        return
    own = state.runs.folder(run.id) / "invoer" / run.definition
    saved = inputs_for(run_options(state, run), state.surveys).codebook.definition
    if own.is_file() and saved.get("sha256") != sha256_file(own):
        raise InputError(
            ErrorCode.DEFINITION_REPLACED, file=run.definition, other=saved.get("file", "")
        )


def ready_or_stop(state: State, run: RunInfo) -> None:
    """Check the run's export again (a decision may have changed since the page was shown,
    in another tab too) and stop with the page's own words while anything awaits the user."""
    own_definition_or_stop(state, run)
    check_run(state, run)
    check = state.checks[run.id]
    if check.needs_file is not None:  # map's own stop: only the survey file or full texts help
        raise check.needs_file
    if check.intake is None:
        raise InputError(ErrorCode.MAP_COLUMNS_FIRST, file=run.shown_name)
    if check.required_missing:
        raise fix_context(state, run, check)["required_error"] or check.required_missing
    if check.intake.suspects:
        raise InputError(
            ErrorCode.DECIDE_ROWS_FIRST, count=len(check.intake.suspects), file=run.shown_name
        )


def _start_render(state: State, run: RunInfo) -> None:
    if run.stored_year is None:
        ready_or_stop(state, run)
    with state.lock:
        run = state.runs.load(run.id)
        if run.status == "bezig":
            raise InputError(ErrorCode.REPORT_BUSY)
        if run.year is None:
            raise InputError(ErrorCode.CONFIRM_YEAR_FIRST)
        options = run_options(state, run)
        run.render += 1
        run.status, run.message = "bezig", ""
        state.runs.save(run)
    folder = state.runs.output(run)
    export = None if run.stored_year is not None else state.runs.export(run)
    job = worker.start(export, options, folder, state.log, state.surveys, state.store)
    state.jobs[run.id] = job
    threading.Thread(target=record_when_done, args=(state, run.id, job), daemon=True).start()


async def cancel(request: Request) -> Response:
    state = state_of(request)
    run = _run(state, request)
    await run_in_threadpool(stop_run, state, run.id, "gestopt op de pagina")
    return go(request, f"/run/{run.id}#maken")


def stop_run(state: State, run_id: str, why: str) -> None:
    """Stop a run's render and every worker of it; the run is 'afgebroken'."""
    job = state.jobs.pop(run_id, None)
    if job is not None:
        job.stop()
    with state.lock:
        run = state.runs.load(run_id)
        if run.status == "bezig":
            run.status, run.message = "afgebroken", why
            state.runs.save(run)


async def keep(request: Request) -> HTMLResponse:
    state = state_of(request)
    run = refresh(state, _run(state, request))
    form = await read_form(request)
    stored = await run_in_threadpool(_keep, state, run, "vervang" in form)
    return await run_page(request, stored=stored)


def _keep(state: State, run: RunInfo, replace: bool) -> dict:
    if run.status != "klaar":
        raise InputError(ErrorCode.REPORT_FIRST)
    if run.stored_year is not None:
        raise InputError(ErrorCode.YEAR_IN_MONITOR, year=run.stored_year)
    ready_or_stop(state, run)  # what the store's own checks would stop on, said on the page
    options = run_options(state, run)
    export = state.runs.export(run)
    inputs = inputs_for(options, state.surveys)
    con = open_store(state, create=True)
    try:  # with the checks of `store add`: the dates, the same file stored as another year
        what, intake = keep_wave(con, export, inputs, replace=replace)
    except YearTaken as exc:
        return {"taken": exc.name, "year": exc.year}
    finally:
        con.close()
    return {"what": what, "year": options.year, "intake": intake}


async def verify_run(request: Request) -> HTMLResponse:
    """Verify every file of the run's last render: each PDF's attachments against the folder's
    results.json and manifest.json, the input hashes, and every figure recomputed."""
    state = state_of(request)
    run = refresh(state, _run(state, request))
    if run.status != "klaar":
        raise InputError(ErrorCode.NOTHING_TO_VERIFY)
    out = state.runs.output(run)
    options = run_options(state, run)
    if run.stored_year is not None:  # made from the store: checked against the stored wave
        table = await run_in_threadpool(stored_table, state, out, options.year, options.min_n)
    else:
        codebook = state.surveys / options.survey / "codebook.yaml"
        year, min_n = options.year, options.min_n
        table = await run_in_threadpool(verify_table, out, None, codebook, year, min_n)
    outcome = {k: table[k] for k in ("ok", "agree", "figures", "against")}
    write_text(out / "verify.json", json.dumps(outcome))
    return await run_page(request, verified=table)


async def stored_year(request: Request) -> Response:
    """A run for a stored year of the monitor: its report made again from the store."""
    state = state_of(request)
    year = whole_number(request.path_params["year"], "jaar", 1990, 2100)
    if year not in await run_in_threadpool(_stored_years, state):
        raise InputError(ErrorCode.YEAR_NOT_IN_MONITOR, year=year)
    options = state.options.model_dump(exclude={"year"})
    run = state.runs.new(f"monitor {year}", "", options=options, year=year, stored_year=year)
    return go(request, f"/run/{run.id}#maken")


async def delete(request: Request) -> Response:
    state = state_of(request)
    run = _run(state, request)
    await run_in_threadpool(stop_run, state, run.id, "verwijderd")
    state.checks.pop(run.id, None)
    state.runs.delete(run.id)
    return go(request, "/?verwijderd=1")


async def download(request: Request) -> Response:
    """A file of the run's last finished render (never one of another run or an earlier render)."""
    state = state_of(request)
    run = refresh(state, _run(state, request))
    kind = str(request.path_params["kind"])
    if kind not in DOWNLOADS or run.status != "klaar":
        raise HTTPException(404)
    path = year_files(state.runs.output(run), run_options(state, run).year).get(kind)
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, filename=path.name)


async def quarantine(request: Request) -> Response:
    """The quarantine of this run's export (confidential: raw values, row numbers)."""
    state = state_of(request)
    run = _run(state, request)
    check = state.checks.get(run.id)
    if check is None or check.quarantine is None or not check.quarantine.is_file():
        raise HTTPException(404)
    return FileResponse(check.quarantine, filename="quarantaine.csv")
