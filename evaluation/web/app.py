"""The application of `spt-eval serve`: its routes, the Dutch answer to every error, and the
lifespan that cleans the working folder at start and stops every render at shutdown (uvicorn
runs it on Ctrl+C and SIGTERM before it re-raises the signal)."""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from evaluation.errors import ErrorCode, InputError, SptEvalError, os_reason
from evaluation.report.render import TEMPLATES
from evaluation.routine.options import SURVEYS, survey_folders
from evaluation.safe_files import append_text
from evaluation.web import fix_page, pages, plan_page, run_page
from evaluation.web.common import failure
from evaluation.web.guard import Guard, TooLarge, too_large
from evaluation.web.runs import sweep_old
from evaluation.web.state import State
from evaluation.web.wording import page_text
from evaluation.web.workspace import Workspace

MESSAGES = {
    404: "deze pagina bestaat niet",
    405: "deze handeling kan op deze pagina niet",
    400: "het verzoek is niet te lezen",
}
RUN = "/run/{run_id:str}"


def stop_all(state: State, why: str) -> None:
    """Stop every render in progress and mark its run 'afgebroken'."""
    for run_id in list(state.jobs):
        run_page.stop_run(state, run_id, why)


def routes() -> list:
    return [
        Route("/", pages.start_page),
        Route("/nieuw", pages.new_page, methods=["GET", "POST"]),
        Route("/opties", pages.options_page, methods=["GET", "POST"]),
        Route("/controleren", pages.verify_page, methods=["GET", "POST"]),
        Route("/jaar/{year:str}", run_page.stored_year, methods=["POST"]),
        Route("/jaar/{year:str}/plan", plan_page.plan_page, methods=["POST"]),
        Route("/jaar/{year:str}/controleren", pages.stored_verify, methods=["POST"]),
        Route(RUN, run_page.run_page),
        Route(RUN + "/jaar", run_page.confirm, methods=["POST"]),
        Route(RUN + "/koppeling", run_page.mapping, methods=["POST"]),
        Route(RUN + "/vragenlijst", fix_page.definition, methods=["POST"]),
        Route(RUN + "/andere-naam", fix_page.alias, methods=["POST"]),
        Route(RUN + "/mag-ontbreken", fix_page.allow, methods=["POST"]),
        Route(RUN + "/ontkoppelen", fix_page.unmap, methods=["POST"]),
        Route(RUN + "/testrijen", fix_page.suspects, methods=["POST"]),
        Route(RUN + "/stelling", fix_page.rewording, methods=["POST"]),
        Route(RUN + "/maken", run_page.render, methods=["POST"]),
        Route(RUN + "/stoppen", run_page.cancel, methods=["POST"]),
        Route(RUN + "/monitor", run_page.keep, methods=["POST"]),
        Route(RUN + "/controleren", run_page.verify_run, methods=["POST"]),
        Route(RUN + "/verwijderen", run_page.delete, methods=["POST"]),
        Route(RUN + "/bestand/{kind:str}", run_page.download),
        Route(RUN + "/quarantaine", run_page.quarantine),
        Route("/favicon.ico", lambda r: RedirectResponse("/static/favicon.svg")),
        Mount("/static", StaticFiles(directory=TEMPLATES / "web" / "static"), name="static"),
    ]


def create_app(
    work: Path,
    store: Path,
    port: int,
    max_bytes: int,
    surveys: Path = SURVEYS,
    keep_days: int = 30,
) -> Guard:
    """The application behind the guard; `work` is the one folder for uploads and outputs,
    `surveys` the folder whose survey folders (codebook, register, settings) may be chosen,
    `keep_days` how long a run and an upload are kept."""
    state = State(Workspace(work), store.resolve(), port, max_bytes, surveys.resolve(), keep_days)
    folders = survey_folders(state.surveys)
    if not folders:
        raise InputError(ErrorCode.NO_SURVEY_FOLDERS, folder=str(state.surveys))
    state.options = state.work.load_options()
    if state.options.survey not in folders:
        state.options = state.options.model_copy(update={"survey": folders[0]})
    state.runs.on_start(keep_days)
    for old in ("uploads", "tmp"):
        sweep_old(state.work.root / old, keep_days)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            stop_all(state, "de server is gestopt")

    async def on_input(request: Request, exc: Exception) -> HTMLResponse:
        return failure(request, f"fout: {page_text(exc)}", 422)

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
        routes=routes(),
        lifespan=lifespan,
        exception_handlers={
            SptEvalError: on_input,
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
