"""`spt-eval plan --year Y`: next year's sample plan from a stored year's published grade per SPT.

Prints per SPT the respondents needed next year to be shown and to detect a change of 0,3, and
the respondents per SPT for a change of 0,3 in the national grade, with the assumptions.
Exit codes: 0 printed; 2 input or store unusable.
"""

from __future__ import annotations

import argparse

from evaluation.commands.common import store_option
from evaluation.dutch import number
from evaluation.errors import check_year, visible
from evaluation.planning.sample import DELTA, SamplePlan
from evaluation.report.plan_table import plan_notes
from evaluation.routine.plan import stored_plan
from evaluation.store.db import connect, store_errors


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "plan",
        help="hoeveel respondenten elk SPT volgend jaar nodig heeft",
        description=(
            "Rekent uit de spreiding van de tevredenheidsscore per SPT in een opgeslagen jaar uit "
            "hoeveel respondenten elk SPT het volgende jaar nodig heeft om getoond te worden "
            f"(minimale n) en om een verandering van {number(DELTA, 1)} te kunnen aantonen, "
            "per SPT en landelijk. De aannames staan onder de tabel."
        ),
    )
    p.add_argument("--year", type=int, required=True, metavar="JAAR", help="jaar van de meting")
    store_option(p)
    return p


def lines(plan: SamplePlan) -> list[str]:
    """The plan as the Dutch lines the command prints."""
    d = number(plan.delta, 1)
    out = [
        f"Steekproefplan {plan.year} "
        f"(uit de spreiding van de tevredenheidsscore in {plan.year - 1})",
        "",
        f"{'SPT':<24}{'n nu':>6}{'sd':>8}{'tonen':>6}{f'verschil {d}':>14}{'nodig':>7}",
    ]
    for s in plan.spts:
        sd = number(s.sd, 2) + ("*" if s.sd_assumed else " ")
        out.append(
            f"{s.spt:<24}{s.n if s.n is not None else '–':>6}{sd:>8}{s.n_shown:>6}"
            f"{s.n_change_spt:>14}{s.n_needed:>7}"
        )
    out += [f"{'totaal':<24}{'':>6}{'':>8}{'':>6}{'':>14}{plan.total:>7}", "", *plan_notes(plan)]
    return out


def run(args: argparse.Namespace) -> int:
    check_year(args.year)
    con = connect(args.store, create=False)
    try:
        with store_errors(args.store):
            plan = stored_plan(con, args.year)
    finally:
        con.close()
    for line in lines(plan):
        print(visible(line))
    return 0
