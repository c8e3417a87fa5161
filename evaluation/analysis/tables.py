"""All descriptive tables of the report in one call."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.tables_consensus import table_main_activity, table_structure
from evaluation.analysis.tables_register import table_1_1, table_spt_types
from evaluation.analysis.tables_response import response_by_background, response_by_spt
from evaluation.analysis.tables_shares import (
    table_activities,
    table_allocation,
    table_organisations,
    table_respondent_shares,
)
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.results import Table


def descriptive_tables(
    responses: pd.DataFrame,
    missing: pd.DataFrame,
    codebook: Codebook,
    register: Register,
    w: pd.Series,
    share: float,
    per_figure: bool = False,
) -> dict[str, Table]:
    """All descriptive tables, keyed as documented in the README; with `per_figure` each
    weighted share counts the SPTs with an answer equally."""
    spt = responses["spt"] if per_figure else None
    t14, t14s = table_main_activity(responses, codebook, register, share)
    t15, t15s = table_allocation(responses, codebook, register, "1.5")
    t16, t16s = table_allocation(responses, codebook, register, "1.6")
    t17, t17s = table_structure(
        responses, missing, codebook, register, share, "1.7", "Tabel 1.7 Structuurkenmerken SPT's"
    )
    t18, t18s = table_structure(
        responses, missing, codebook, register, share, "1.8", "Tabel 1.8 Borging"
    )
    return {
        "respons_spt": response_by_spt(responses, register),
        "respons_achtergrond": response_by_background(responses, codebook),
        "1.1": table_1_1(register),
        "bijlage2": table_spt_types(register),
        "1.3": table_activities(responses, codebook, register, w, spt),
        "1.4": t14,
        "1.4_per_spt": t14s,
        "1.5": t15,
        "1.5_per_spt": t15s,
        "1.6": t16,
        "1.6_per_spt": t16s,
        "1.7": t17,
        "1.7_per_spt": t17s,
        "1.8": t18,
        "1.8_per_spt": t18s,
        "1.8_respondenten": table_respondent_shares(responses, missing, codebook, w, "1.8", spt),
        "1.9": table_organisations(responses, codebook),
    }
