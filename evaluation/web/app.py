"""The pages of `spt-eval serve`: each handler reads the form, calls one routine step and shows
its outcome. No figure is computed and no publication decided here."""

from __future__ import annotations

import traceback
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from evaluation.audit.compare import OK, Check, shown_value
from evaluation.audit.verify import verify
from evaluation.errors import InputError, os_reason, visible
from evaluation.limits import MB
from evaluation.report.render import TEMPLATES, make_environment
from evaluation.routine.check import check_export
from evaluation.routine.mapping import accept_choices
from evaluation.routine.monitor import keep_wave, overview, record_verified, year_files
from evaluation.routine.options import (
    SURVEYS,
    Options,
    inputs_for,
    options_from_form,
    settings_min_n,
    survey_folders,
)
from evaluation.safe_files import append_text
from evaluation.store.db import connect
from evaluation.store.waves import YearTaken
from evaluation.web import worker
from evaluation.web.guard import Guard, TooLarge, too_large
from evaluation.web.state import State, Upload
from evaluation.web.workspace import EXPORTS, REPORTS, Workspace, checked_name

ENV = make_environment()
MESSAGES = {
    404: "deze pagina bestaat niet",
    405: "deze handeling kan op deze pagina niet",
    400: "het verzoek is niet te lezen",
}


def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
    state: State = request.app.state.spt
    html = ENV.get_template(f"web/{name}.html").render(
        token=state.token,
        path=request.url.path,
        upload_mb=state.max_bytes // MB,
        work=str(state.work.root),
        **context,
    )
    return HTMLResponse(html, status_code=code)


def failure(request: Request, message: str, code: int = 400) -> HTMLResponse:
    """A Dutch message where the page's outcome would be (htmx swaps 4xx and 5xx too)."""
    return page(request, "fout", code, message=visible(message))


async def _form(request: Request) -> dict:
    """The form's fields; a broken or oversized body is one Dutch message."""
    try:
        form = await request.form(max_files=2, max_fields=500)
    except TooLarge:
        raise
    except Exception:  # noqa: BLE001 - python-multipart's own texts are English
        raise InputError("het formulier is niet te lezen (onvolledig of beschadigd)") from None
    return dict(form)


def _state(request: Request) -> State:
    return request.app.state.spt


def _store(state: State, create: bool = False):
    if not create and not state.store.is_file():
        return None
    return connect(state.store, create=create)


async def start_page(request: Request) -> HTMLResponse:
    state = _state(request)
    years = await run_in_threadpool(_years, state)
    return page(request, "start", years=years, store=str(state.store))


def _years(state: State):
    con = _store(state)  # sqlite: opened, used and closed in one thread
    try:
        return overview(con, state.work.root)
    finally:
        if con is not None:
            con.close()


async def new_year(request: Request) -> HTMLResponse:
    state = _state(request)
    if request.method == "POST":
        form = await _form(request)
        upload = form.get("bestand")
        shown = checked_name(getattr(upload, "filename", None), EXPORTS)
        folder = state.work.new_upload_folder()
        path = await run_in_threadpool(
            state.work.save, upload.file, folder, "export", Path(shown).suffix.lower()
        )
        state.upload = Upload(path, visible(shown))
        await run_in_threadpool(_check, state)
    return page(request, "nieuw", upload=state.upload, options=state.options)


def _check(state: State) -> None:
    upload = state.upload
    quarantine = upload.path.parent / "quarantine.csv"
    quarantine.unlink(missing_ok=True)
    upload.check = check_export(upload.path, inputs_for(state.options, state.surveys), quarantine)


async def mapping(request: Request) -> HTMLResponse:
    state = _state(request)
    form = await _form(request)
    if state.upload is None or state.upload.check is None:
        raise InputError("er is nog geen export gecontroleerd")
    check = state.upload.check
    chosen = {p.column: str(form.get(f"kolom-{i}", "")) for i, p in enumerate(check.proposals)}
    codebook = inputs_for(state.options, state.surveys).codebook
    await run_in_threadpool(
        accept_choices, codebook, check.proposals, chosen, state.upload.shown_name
    )
    await run_in_threadpool(_check, state)
    return page(request, "nieuw", upload=state.upload, options=state.options, saved=True)


async def options_page(request: Request) -> HTMLResponse:
    state = _state(request)
    saved = False
    if request.method == "POST":
        form = await _form(request)
        state.options = options_from_form({k: str(v) for k, v in form.items()}, state.surveys)
        state.work.save_options(state.options)
        saved = True
    return page(
        request,
        "opties",
        options=state.options,
        fields=Options.model_fields,
        surveys=survey_folders(state.surveys),
        default_min_n=settings_min_n(state.options, state.surveys),
        saved=saved,
    )


async def render_page(request: Request) -> HTMLResponse:
    state = _state(request)
    stored = None
    if request.method == "POST":
        form = await _form(request)
        action = form.get("actie")
        if action == "maken":
            _start_render(state)
        elif action == "monitor":
            stored = await run_in_threadpool(_keep, state, "vervang" in form)
    status = state.job.status() if state.job is not None else None
    files = year_files(state.job.folder, state.job.year) if status else {}
    return page(
        request,
        "maken",
        upload=state.upload,
        options=state.options,
        status=status,
        files=files,
        stored=stored,
        year=state.job.year if state.job else state.options.year,
    )


def _start_render(state: State) -> None:
    if state.job is not None and state.job.running:
        raise InputError("er wordt al een rapport gemaakt; wacht tot het klaar is")
    upload = state.upload
    if upload is None or upload.check is None:
        raise InputError("kies eerst bij 'Nieuw jaar' de export van dit jaar")
    if upload.check.intake is None:
        raise InputError("koppel eerst bij '1. Nieuw jaar' de kolommen van de export")
    if upload.check.required_missing:
        raise InputError(upload.check.required_missing)
    folder = state.work.year_folder(state.options.year)
    state.job = worker.start(upload.path, state.options, folder, state.log, state.surveys)


def _keep(state: State, replace: bool) -> dict:
    job = state.job
    if job is None or job.status()["state"] != "klaar":
        raise InputError("maak eerst het rapport; daarna kan het jaar in de monitor")
    if not job.export.is_file():
        raise InputError("de export van dit jaar is niet meer in de werkmap")
    inputs = inputs_for(job.options, state.surveys)
    con = _store(state, create=True)
    try:
        what, intake = keep_wave(con, job.export, inputs, replace=replace)
    except YearTaken as exc:
        return {"taken": exc.name, "year": exc.year}
    finally:
        con.close()
    return {"what": what, "year": job.year, "intake": intake}


async def verify_page(request: Request) -> HTMLResponse:
    state = _state(request)
    if request.method == "POST":
        form = await _form(request)
        if "jaar" in form:
            year = int(str(form["jaar"])) if str(form["jaar"]).isdigit() else -1
            report = year_files(state.work.year_folder(year), year).get("rapport")
            if report is None:
                raise InputError(f"er is geen rapport van {year} in de werkmap")
            state.verified = await run_in_threadpool(_verify, state, report, None, year)
        else:
            state.verified = await _verify_upload(state, form)
    return page(request, "controleren", verified=state.verified, years=_reports(state))


def _reports(state: State) -> list[int]:
    rows = overview(None, state.work.root)
    return [r.year for r in rows if "rapport" in r.files]


async def _verify_upload(state: State, form: dict) -> dict:
    report = form.get("rapport")
    checked_name(getattr(report, "filename", None), REPORTS)
    data = form.get("data")
    folder = state.work.new_upload_folder()
    pdf = await run_in_threadpool(state.work.save, report.file, folder, "rapport", ".pdf")
    data_path = None
    if getattr(data, "filename", ""):
        suffix = Path(checked_name(data.filename, EXPORTS)).suffix.lower()
        data_path = await run_in_threadpool(state.work.save, data.file, folder, "export", suffix)
    return await run_in_threadpool(_verify, state, pdf, data_path, None)


def _verify(state: State, report: Path, data: Path | None, year: int | None) -> dict:
    codebook = state.surveys / state.options.survey / "codebook.yaml"
    result = verify(report, data=data, codebook=codebook, min_n=state.options.min_n)
    if year is not None:  # the start page shows a year's last verify outcome
        record_verified(report.parent, result, report.name)
    return {
        "year": year,
        "ok": result.ok,
        "checks": [_row(c) for c in result.checks],
        "differing": [_row(c) for c in result.figures if c.status != OK],
        "agree": sum(c.status == OK for c in result.figures),
        "figures": len(result.figures),
    }


def _row(c: Check) -> tuple:
    """One line of the verify table: what, recorded, recomputed, outcome, and whether it agrees."""
    return (c.path, shown_value(c.recorded), shown_value(c.recomputed), c.status, c.status == OK)


async def download(request: Request) -> Response:
    state = _state(request)
    year, kind = request.path_params["year"], request.path_params["kind"]
    path = year_files(state.work.year_folder(year), year).get(kind)
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, filename=path.name)


async def quarantine(request: Request) -> Response:
    """The quarantine of the export being checked (confidential: raw values, row numbers)."""
    check = _state(request).upload.check if _state(request).upload else None
    if check is None or check.quarantine is None:
        raise HTTPException(404)
    return FileResponse(check.quarantine, filename="quarantaine.csv")


def create_app(
    work: Path, store: Path, port: int, max_bytes: int, surveys: Path = SURVEYS
) -> Guard:
    """The application behind the guard; `work` is the one folder for uploads and outputs,
    `surveys` the folder whose survey folders (codebook, register, settings) may be chosen."""
    state = State(Workspace(work), store.resolve(), port, max_bytes, surveys.resolve())
    folders = survey_folders(state.surveys)
    if not folders:
        raise InputError(f"geen enquêtemap met codebook.yaml in '{state.surveys}'")
    state.options = state.work.load_options()
    if state.options.survey not in folders:
        state.options = state.options.model_copy(update={"survey": folders[0]})
    routes = [
        Route("/", start_page),
        Route("/nieuw", new_year, methods=["GET", "POST"]),
        Route("/koppeling", mapping, methods=["POST"]),
        Route("/opties", options_page, methods=["GET", "POST"]),
        Route("/maken", render_page, methods=["GET", "POST"]),
        Route("/controleren", verify_page, methods=["GET", "POST"]),
        Route("/bestand/{year:int}/{kind:str}", download),
        Route("/quarantaine", quarantine),
        Route("/favicon.ico", lambda r: RedirectResponse("/static/favicon.svg")),
        Mount("/static", StaticFiles(directory=TEMPLATES / "web" / "static"), name="static"),
    ]

    async def on_input(request: Request, exc: Exception) -> HTMLResponse:
        return failure(request, f"fout: {exc}", 422)

    async def on_http(request: Request, exc: Exception) -> HTMLResponse:
        code = getattr(exc, "status_code", 400)
        return failure(request, f"fout: {MESSAGES.get(code, 'het verzoek is geweigerd')}", code)

    async def on_large(request: Request, exc: Exception) -> HTMLResponse:
        return failure(request, f"fout: {too_large(state.max_bytes)}", 413)

    async def on_os(request: Request, exc: Exception) -> HTMLResponse:
        return failure(request, f"fout: een bestand in de werkmap: {os_reason(exc)}", 500)

    async def on_other(request: Request, exc: Exception) -> HTMLResponse:
        append_text(state.log, "".join(traceback.format_exception(exc)))  # for a developer
        return failure(request, f"fout: er ging iets onverwachts mis; zie {state.log}", 500)

    app = Starlette(
        routes=routes,
        exception_handlers={
            InputError: on_input,
            HTTPException: on_http,
            TooLarge: on_large,
            OSError: on_os,
            Exception: on_other,
        },
    )
    app.state.spt = state

    def refuse(status: int, message: str):
        async def respond(scope, receive, send):
            request = Request(scope, receive)
            request.scope["app"] = app
            await failure(request, f"fout: {message}", status)(scope, receive, send)

        return respond

    guarded = Guard(app, port=port, token=state.token, max_bytes=max_bytes, refuse=refuse)
    guarded.state = state  # for the serve command and the tests
    guarded.starlette = app
    return guarded
