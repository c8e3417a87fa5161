"""Render the annual report, tables.xlsx and the SPT cards as parallel jobs with the same bytes.

The renderers (WeasyPrint, matplotlib, the report contexts) are imported by the functions that
draw, so a process that only analyses does not hold them; `render_workers` forks the workers
before the run's data is read, so they do not hold the answers either."""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.results import Results
from evaluation.trends.build import PublishedTrends

MAX_WORKERS = 4
# what a render imports; loaded once before forking, workers share it instead of each loading it
RENDERERS = ("evaluation.report.render", "evaluation.report.card", "evaluation.report.trends")


@dataclass(frozen=True)
class AnnualJob:
    """What the annual report shows; with `trends` (from the store) it has the trend chapter."""

    published: Published
    audit: dict[str, Any]
    quarantine: dict[str, Any] | None
    remarks: list[dict] | None
    path: Path
    files: dict[str, bytes] = field(default_factory=dict)  # attached to the PDF by name
    trends: PublishedTrends | None = None


@dataclass(frozen=True)
class CardJob:
    """One SPT's card; with `trends` it has the SPT's trend line against the national one."""

    published: Published
    name: str
    audit: dict[str, Any]
    path: Path
    files: dict[str, bytes] = field(default_factory=dict)
    trends: PublishedTrends | None = None


@dataclass(frozen=True)
class TablesJob:
    """tables.xlsx: the analysis tables as published."""

    results: Results
    published: Published
    path: Path
    decimals: int


Job = AnnualJob | CardJob | TablesJob


def render_annual(job: AnnualJob) -> Path:
    """Build the annual report's context (its charts; the trend chapter and the Samenvatting's
    trend sentences when the job has trends) and render it; may run in a worker."""
    from evaluation.report.render import render_pdf
    from evaluation.report.trends import annual_trend_context

    ctx = annual_trend_context(job.published, job.trends, job.audit, job.quarantine, job.remarks)
    return render_pdf("annual.html", ctx, job.path, job.files, title=ctx["document_title"])


def write_tables(job: TablesJob) -> Path:
    """tables.xlsx as published: the analysis tables with withheld cells as 'x'."""
    from evaluation.report.published_sheets import published_sheets
    from evaluation.writers import write_tables_workbook

    write_tables_workbook(published_sheets(job.results, job.published), job.path, job.decimals)
    return job.path


def render_card(job: CardJob) -> Path:
    """Build one SPT card's context (its charts) and render it; runs in a worker process."""
    from evaluation.report.card import card_context
    from evaluation.report.render import render_pdf
    from evaluation.report.trends import card_trend

    ctx = card_context(job.published, job.name, audit=job.audit)
    if job.trends is not None:
        ctx["trend"] = card_trend(job.trends, job.name)
    return render_pdf("card.html", ctx, job.path, job.files, title=ctx["document_title"])


def render_job(job: Job) -> Path:
    """Write one job's file with the function for its kind."""
    if isinstance(job, AnnualJob):
        return render_annual(job)
    if isinstance(job, CardJob):
        return render_card(job)
    return write_tables(job)


def worker_count(jobs: int) -> int:
    """How many render workers `jobs` files get: one per core, at most MAX_WORKERS."""
    return min(jobs, os.cpu_count() or 1, MAX_WORKERS)


def load_renderers() -> None:
    """Import what drawing a PDF needs (RENDERERS)."""
    for name in RENDERERS:
        importlib.import_module(name)


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes forked now: with the fork method every worker starts at the first
    task, so one light task starts them (later tasks do not fork again)."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(os.getpid)
    return pool


@contextmanager
def render_workers(jobs: int, every_one_draws: bool = False) -> Iterator[Executor | None]:
    """Render workers for about `jobs` files, forked before the run's data is read (None when
    one process renders). A worker forked later starts from everything its parent holds then
    (a 100,000-row wave and its analysis: about 0.3 GB); forked here it holds only the imports.
    When `every_one_draws` (cards), the renderers are loaded first and shared, as `render_jobs`
    does (loaded in each worker they cost about 1 CPU-s more); else the one worker that draws
    loads them, and the process that analyses never holds them. Pass it to `render_jobs`;
    leaving the block stops the workers."""
    workers = worker_count(jobs)
    if workers < 2:
        yield None
        return
    if every_one_draws:
        load_renderers()
    with _forked_pool(workers) as pool:
        yield pool


def render_jobs(
    jobs: Sequence[Job],
    on_progress: Callable[[int, int], None] | None = None,
    workers: Executor | None = None,
) -> list[Path]:
    """Write every job's file, in worker processes when there are several.

    Each PDF depends only on its own job, so the files are the same bytes whether rendered
    one after another or side by side; the result keeps the order of `jobs`. `on_progress`
    hears (done, total) after each file (the console's bar, the web page's progress).
    `workers` from `render_workers` are used as they are; without them the workers are forked
    here, after the renderers are loaded, so that they share them.
    """
    out: list[Path | None] = [None] * len(jobs)
    tick = on_progress or (lambda done, total: None)
    tick(0, len(jobs))
    try:
        if workers is None and worker_count(len(jobs)) < 2:
            for i, job in enumerate(jobs):
                out[i] = render_job(job)
                tick(i + 1, len(jobs))
            return [p for p in out if p is not None]
        if workers is None:
            with render_workers(len(jobs), every_one_draws=True) as pool:
                _submit_all(pool, jobs, out, tick)
        else:
            _submit_all(workers, jobs, out, tick)
    except OSError as exc:
        raise InputError(ErrorCode.PDF_NOT_WRITTEN, reason=os_reason(exc)) from None
    return [p for p in out if p is not None]


def _submit_all(
    pool: Executor, jobs: Sequence[Job], out: list[Path | None], tick: Callable[[int, int], None]
) -> None:
    futures = {pool.submit(render_job, job): i for i, job in enumerate(jobs)}
    for done, future in enumerate(as_completed(futures), start=1):
        out[futures[future]] = future.result()
        tick(done, len(jobs))
