"""A report from the store: the year's run rebuilt, its trend over the earlier waves, the record."""

from __future__ import annotations

import json
from dataclasses import replace

from evaluation.analysis.same_spts import grade_over
from evaluation.disclosure.publish import disclose
from evaluation.disclosure.republish import republish_year, republished_rule
from evaluation.errors import check_year
from evaluation.manifest import MANIFEST_NAME, RESULTS_NAME, sha256_bytes
from evaluation.pipeline import Run, RunRecord
from evaluation.store.db import reads_contents, store_errors, transaction
from evaluation.store.publications import (
    changes,
    note,
    record_publication,
    republished,
)
from evaluation.store.spt_results import stored_spt_results
from evaluation.store.waves import (
    list_waves,
    now_text,
    stored_inputs,
    stored_intake,
    stored_results,
    stored_run,
    wave_fingerprints,
    wave_row,
)
from evaluation.trends.build import PublishedTrends, Wave, build_trends
from evaluation.trends.spt_sets import measured


def monitor_run(con, year: int, **overrides: object) -> tuple[Run, PublishedTrends | None]:
    """The stored year's run and, with earlier waves or results per SPT, its trends.

    Earlier waves use the Results stored with them, published again with this run's minimum
    n, so one rule decides every year shown."""
    check_year(year)
    with store_errors(con):
        return _monitor_run(con, year, **overrides)


def _monitor_run(con, year: int, **overrides: object) -> tuple[Run, PublishedTrends | None]:
    run = stored_run(con, year, **overrides)
    k = run.published.min_n
    sha = run.intake.source_sha256
    if republished(con, year, sha):
        # beside the earlier report, the year's own figures would show the changed answers
        moved = changes(con, year, sha, wave_fingerprints(con, year))
        run = replace(run, published=republish_year(run.results, k, moved))
    return run, _trends(con, run)


def trends_with(con, run: Run) -> PublishedTrends | None:
    """The trends of a run not (yet) in the store over the store's earlier waves, as
    `monitor_run` builds them for a stored year (the web page's report of a new export)."""
    with store_errors(con):
        return _trends(con, run)


def _trends(con, run: Run) -> PublishedTrends | None:
    year = run.inputs.settings.year
    k = run.published.min_n
    earlier = sorted({w.year for w in list_waves(con) if w.status == "current" and w.year < year})
    waves, notes = [], []
    for y in earlier:
        r = stored_results(con, y)
        published = disclose(r, k)
        sha = wave_row(con, y)["input_sha256"]
        if republished(con, y, sha):
            # a change since its publication would show a few respondents' answers: the year
            # is shown as its own new report publishes it (one rule, `republished_rule`)
            moved = changes(con, y, sha, wave_fingerprints(con, y))
            forced = republished_rule(moved, k)
            if forced is not None:
                published = republish_year(r, k, moved)
                notes.append(note(y, len(forced.spts), k, forced.combined is not None))
        waves.append(Wave(y, r, published))
    waves.append(Wave(year, run.results, run.published))
    results = stored_spt_results(con, upto=year)
    if len(waves) < 2 and not results:
        return None
    inputs = run.inputs
    same = _same_spts(con, run, waves) if len(waves) > 1 else None
    trends = build_trends(
        waves, inputs.settings, results, inputs.codebook, inputs.register, same_spts=same
    )
    if notes:
        shown = trends.trends.model_copy(update={"notes": [*trends.trends.notes, *notes]})
        trends = replace(trends, trends=shown)
    return trends


def _same_spts(con, run: Run, waves: list[Wave]) -> dict | None:
    """When the previous wave and this one measured different SPTs: the national grade of both
    over the SPTs measured in both, each year with its own inputs (its names, its design)."""
    names = run.inputs.register.current_names()
    before, now = waves[-2], waves[-1]
    then_spts, now_spts = measured(before.results, names), measured(now.results, names)
    common = then_spts & now_spts
    if then_spts == now_spts or not common:
        return None
    then = stored_inputs(con, before.year)
    earlier = {k for k in before.results.satisfaction.by_spt if names.get(k, k) in common}
    i = run.inputs
    return {
        before.year: grade_over(
            stored_intake(con, before.year), then.codebook, then.register, then.settings, earlier
        ),
        now.year: grade_over(run.intake, i.codebook, i.register, i.settings, common),
    }


def record_report(con, year: int, record: RunRecord, trends: PublishedTrends | None) -> None:
    """Keep the published results, the manifest and the trends of a report run with its wave."""
    with store_errors(con):
        _record(con, year, record, trends)


def _record(con, year: int, record: RunRecord, trends: PublishedTrends | None) -> None:
    wave = wave_row(con, year)
    wave_id = wave["id"]
    stored = {w.year for w in list_waves(con) if w.status == "current"}
    shown = sorted({year, *(trends.trends.years if trends is not None else [])} & stored)
    prints = {y: (wave_row(con, y)["input_sha256"], wave_fingerprints(con, y)) for y in shown}
    with transaction(con):
        for y, (sha, text) in prints.items():  # every year this report shows is published
            record_publication(con, y, sha, text, now_text())
        con.execute(
            "INSERT INTO report_run (wave_id, made_at, manifest_sha256, results_json,"
            " manifest_json, trends_json) VALUES (?, ?, ?, ?, ?, ?)",
            (
                wave_id,
                now_text(),
                sha256_bytes(record.files[MANIFEST_NAME]),
                record.files[RESULTS_NAME].decode("utf-8"),
                record.files[MANIFEST_NAME].decode("utf-8"),
                trends.to_json() if trends is not None else None,
            ),
        )


@reads_contents
def report_runs(con, year: int) -> list[dict]:
    """The report runs of a year's current wave, oldest first (manifest parsed)."""
    rows = con.execute(
        "SELECT r.made_at, r.manifest_json, r.trends_json IS NOT NULL FROM report_run r"
        " JOIN wave w ON w.id = r.wave_id WHERE w.year = ? AND w.status = 'current'"
        " ORDER BY r.id",
        (year,),
    ).fetchall()
    return [{"made_at": m, "manifest": json.loads(j), "trends": bool(t)} for m, j, t in rows]
