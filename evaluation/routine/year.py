"""One year from an export and the user's options: the run, and every output in its folder; or a
stored year of the monitor rendered again, as `report --store` does."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaluation.errors import explained_write_errors
from evaluation.limits import check_survey_file
from evaluation.pipeline import run_survey
from evaluation.routine.options import SURVEYS, Options, inputs_for
from evaluation.routine.produce import Produced, Progress, produce_report
from evaluation.routine.years import output_names
from evaluation.safe_files import open_new
from evaluation.store.db import connect
from evaluation.store.monitor import monitor_run, record_report, trends_with


def kept_export(folder: Path, year: int, export: Path) -> Path:
    """Where a year's export is kept in its folder, beside the report, so that `verify` finds it
    by the name the manifest records: under the user's own file name (the report and its
    manifest name the file the user gave), unless an output of the year takes that name."""
    outputs = {name.lower() for name in output_names(year).values()}
    if export.name.lower() in outputs or export.name.startswith("."):
        return folder / f"enquete-{year}{export.suffix.lower()}"
    return folder / export.name


def make_year(
    export: Path,
    options: Options,
    folder: Path,
    on_progress: Progress | None = None,
    root: Path = SURVEYS,
    store: Path | None = None,
) -> Produced:
    """Copy the export into the year's folder, run it and write every output beside it, so
    that `verify` finds the data next to the report. With a `store` holding earlier years, the
    report has its chapter over the years (the trends `report --store` would give)."""
    check_survey_file(export)  # a device or pipe is refused before anything is copied
    with explained_write_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        kept = kept_export(folder, options.year, export)
        if export.resolve() != kept.resolve():
            with open(export, "rb") as source, open_new(kept, "wb") as copy:
                shutil.copyfileobj(source, copy)  # never through a link planted at the name
    run = run_survey(kept, inputs_for(options, root))
    trends = None
    if store is not None and store.is_file():
        con = connect(store, create=False)
        try:
            trends = trends_with(con, run)
        finally:
            con.close()
    return produce_report(run, folder, options.outputs(), trends=trends, on_progress=on_progress)


def make_stored_year(
    store: Path, options: Options, folder: Path, on_progress: Progress | None = None
) -> Produced:
    """A stored year's report again, exactly as `report --store --year` makes it: the run
    rebuilt from the store, its trends, and the report recorded with its wave."""
    con = connect(store, create=False)
    try:
        run, trends = monitor_run(con, options.year, min_n=options.min_n)
        made = produce_report(
            run,
            folder,
            options.outputs(),
            trends=trends,
            keep_quarantine=False,
            on_progress=on_progress,
        )
        record_report(con, options.year, made.record, trends)
    finally:
        con.close()
    return made
