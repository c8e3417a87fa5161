"""Verify a report of a stored year without its export: the year is run again from its wave in
the store (the road `report --store` takes, `store.monitor.monitor_run`) and the report's
attachments are checked against that run with the same checks `verify` makes with the export.
The store's copy of the codebook, register and settings stands in for the files."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.audit.attachments import load_recorded, settings_from_manifest
from evaluation.audit.compare import ABSENT, DIFFERS, OK, UNCHECKED, Check, compare
from evaluation.audit.disclosure import attached_trends
from evaluation.audit.verify import (
    VerifyResult,
    input_check,
    parameters_check,
    recomputed_checks,
)
from evaluation.errors import ErrorCode, InputError
from evaluation.store.db import store_errors
from evaluation.store.monitor import monitor_run
from evaluation.store.waves import wave_row

SURVEY_ROW = "invoer: enquêtebestand (in de monitor)"


def report_year(report: str | Path) -> int:
    """The year a report was made for, as its manifest records it."""
    return settings_from_manifest(load_recorded(report).manifest).year


def verify_stored(
    report: str | Path, con, year: int | None = None, min_n: int | None = None
) -> VerifyResult:
    """Check `report` (a PDF or a report folder) against the stored wave of its year: the
    wave's file, codebook, register and settings by their hashes, then every figure, the
    manifest and the printed text against the year run again from the store (with `min_n`
    when the report chose another), and its trend chapter against the monitor's."""
    run = load_recorded(report)
    made_for = settings_from_manifest(run.manifest).year
    if year is not None and year != made_for:
        raise InputError(ErrorCode.REPORT_OTHER_YEAR, made_for=made_for, year=year)
    with store_errors(con):
        wave = wave_row(con, made_for)  # a Dutch line when the year is not in the store
        again, trends = monitor_run(con, made_for, min_n=min_n)
    inputs = run.recorded.inputs
    rows = list(run.checks)

    def sha(entry) -> str | None:
        return entry.sha256 if entry is not None else None

    rows.append(input_check(SURVEY_ROW, sha(inputs.survey), wave["input_sha256"]))
    rows.append(input_check("invoer: codeboek", sha(inputs.codebook), wave["codebook_sha256"]))
    register = wave["register_sha256"]
    rows.append(input_check("invoer: register", sha(inputs.register_file), register))
    rows.append(input_check("invoer: instellingen", sha(inputs.settings), wave["settings_sha256"]))
    rows.append(parameters_check(run))
    for i, item in enumerate(inputs.labour_market or []):  # the store keeps no such file
        label = f"invoer: arbeidsmarktgegevens {item.name or i}"
        rows.append(Check(label, item.sha256, ABSENT, UNCHECKED, "invoer"))
    rows.extend(recomputed_checks(run, again, report, Path(wave["input_name"]).name))
    rows.extend(_trend_checks(attached_trends(report), trends))
    return VerifyResult(rows)


def _trend_checks(attached: dict | None, trends) -> list[Check]:
    """The report's trends.json against the trends the monitor gives the year now: one row
    when they agree, a row per differing figure when not."""
    label = "bijlage trends.json gelijk aan de trends uit de monitor"
    if attached is None:
        shown = "geen" if trends is None else "wel in de monitor"
        return [Check(label, "niet in het rapport", shown, UNCHECKED, "bijlage")]
    now = json.loads(trends.to_json()) if trends is not None else ABSENT
    differing = [r for r in compare(attached, now) if r.status != OK]
    if not differing:
        return [Check(label, "gelijk", "gelijk", OK, "bijlage")]
    return [
        Check(f"trends.json: {r.path}", r.recorded, r.recomputed, DIFFERS, "bijlage")
        for r in differing
    ]
