"""A year's package source taken from the store: its published results, register and results
per SPT (the same published result `store export` and the reports read)."""

from __future__ import annotations

import json

from evaluation.disclosure.publish import disclose
from evaluation.exchange.package import Source
from evaluation.spt_results.rows import file_rows
from evaluation.store.db import reads_contents
from evaluation.store.spt_results import stored_spt_results
from evaluation.store.waves import list_waves, stored_inputs, stored_results


@reads_contents
def stored_source(con, year: int) -> Source:
    """The public source of `year`; InputError (Dutch) when the year is not stored."""
    tree = json.loads(disclose(stored_results(con, year)).to_json())
    records = stored_spt_results(con).get(year, {})
    return Source(tree, stored_inputs(con, year).register, file_rows(year, records))


def stored_years(con) -> list[int]:
    """The years with a current wave in the store, oldest first."""
    return sorted({w.year for w in list_waves(con) if w.status == "current"})
