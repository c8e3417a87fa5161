"""The fixes on a run's page: an unknown SPT name saved as another name of a register SPT, a
missing question allowed for this year, a saved column mapping undone. Each calls one routine
step, then checks the run's export again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from evaluation.errors import InputError
from evaluation.routine.check import ExportCheck
from evaluation.routine.fixes import (
    add_alias,
    allow_missing,
    saved_mappings,
    undo_mapping,
    unknown_spts,
)
from evaluation.routine.options import inputs_for
from evaluation.web.common import go, read_form, state_of
from evaluation.web.pages import check_run, run_options, save_definition
from evaluation.web.runs import RunInfo
from evaluation.web.state import State


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
            "choice_labels": {},
        }
    inputs = inputs_for(run_options(state, run), state.surveys)
    intake = check.intake if check is not None else None
    allowed = set(inputs.settings.intake.may_be_missing)
    absent = intake.absent_questions if intake is not None else []
    titles = {q.id: q.title for q in inputs.codebook.questions}
    missing = [(q, titles.get(q, q)) for q in absent if q not in allowed and q in titles]
    required = None
    if check is not None and check.required_missing:
        if missing:
            names = ", ".join(f"‘{t}’" for _, t in missing)
            required = (
                f"{run.shown_name} mist {'de vraag' if len(missing) == 1 else 'de vragen'} "
                f"{names}; koppel de kolom hierboven, of sta hieronder toe dat ze dit jaar "
                "ontbreekt (het rapport vermeldt dat dan)"
            )
        elif intake is None:
            required = (
                f"in {run.shown_name} is geen kolom met het respondentnummer of het servicepunt "
                "gevonden; koppel de kolommen hieronder"
            )
        else:
            required = check.required_missing
    return {
        "unknown": unknown_spts(intake),
        "register": inputs.register.names,
        "absent": missing,
        "saved": saved_mappings(inputs.codebook),
        "required": required,
        "choice_labels": dict(check.choices) if check is not None else {},
    }


async def _fix(request: Request, step) -> Response:
    state = state_of(request)
    run = state.runs.load(str(request.path_params["run_id"]))
    if run.status == "bezig":
        raise InputError("wacht tot het rapport klaar is, of stop het eerst")
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
        raise InputError("hier kan nu geen vragenlijst bij")
    form = await read_form(request)
    upload = form.get("vragenlijst")
    await save_definition(state, run, upload)
    await run_in_threadpool(check_run, state, run)
    return go(request, f"/run/{run.id}?hersteld=1")


async def alias(request: Request) -> Response:
    return await _fix(request, lambda cb, f: add_alias(cb, f.get("naam", ""), f.get("spt", "")))


async def allow(request: Request) -> Response:
    return await _fix(request, lambda cb, f: allow_missing(cb, f.get("vraag", "")))


async def unmap(request: Request) -> Response:
    return await _fix(request, lambda cb, f: undo_mapping(cb, f.get("kolom", "")))
