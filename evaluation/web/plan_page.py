"""Next year's sample plan of a stored year, as a page (the same table as the annual report's
appendix B and `spt-eval plan`). A POST with the token: computing it may keep the year's
results in the store."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from evaluation.errors import ErrorCode, InputError
from evaluation.planning.sample import SamplePlan
from evaluation.report.plan_table import plan_table
from evaluation.routine.plan import stored_plan
from evaluation.web.common import open_store, page, state_of, whole_number
from evaluation.web.state import State


async def plan_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    year = whole_number(request.path_params["year"], "jaar", 1990, 2100)
    plan = await run_in_threadpool(_plan, state, year)
    return page(request, "plan", year=year, table=plan_table(plan))


def _plan(state: State, year: int) -> SamplePlan:
    con = open_store(state)  # sqlite: opened, used and closed in one thread
    if con is None:
        raise InputError(ErrorCode.MONITOR_EMPTY)
    try:
        return stored_plan(con, year)
    finally:
        con.close()
