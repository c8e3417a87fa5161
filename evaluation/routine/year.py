"""One year from an export and the user's options: the run, and every output in its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaluation.errors import explained_write_errors
from evaluation.pipeline import run_survey
from evaluation.routine.options import SURVEYS, Options, inputs_for
from evaluation.routine.produce import Produced, Progress, produce_report
from evaluation.safe_files import open_new


def kept_export(folder: Path, year: int, export: Path) -> Path:
    """Where a year's export is kept in its folder, under a fixed name the manifest records."""
    return folder / f"enquete-{year}{export.suffix.lower()}"


def make_year(
    export: Path,
    options: Options,
    folder: Path,
    on_progress: Progress | None = None,
    root: Path = SURVEYS,
) -> Produced:
    """Copy the export into the year's folder, run it and write every output beside it, so
    that `verify` finds the data next to the report."""
    with explained_write_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        kept = kept_export(folder, options.year, export)
        if export.resolve() != kept.resolve():
            with open(export, "rb") as source, open_new(kept, "wb") as copy:
                shutil.copyfileobj(source, copy)  # never through a link planted at the name
    run = run_survey(kept, inputs_for(options, root))
    return produce_report(run, folder, options.choices(), on_progress=on_progress)
