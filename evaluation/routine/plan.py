"""Next year's sample plan of a stored year, read from that year's published result: the one
step behind `spt-eval plan` and the web page's plan."""

from __future__ import annotations

from evaluation.errors import ErrorCode, InputError
from evaluation.planning.sample import SamplePlan
from evaluation.report.plan_table import published_plan
from evaluation.store.waves import stored_run


def stored_plan(con, year: int) -> SamplePlan:
    """The plan for year + 1; one Dutch line when no SPT of that year has a published spread."""
    plan = published_plan(stored_run(con, year).published)
    if plan is None:
        raise InputError(ErrorCode.NO_PLAN, year=year)
    return plan
