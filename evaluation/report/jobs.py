"""Render the annual report, tables.xlsx and the SPT cards as parallel jobs with the same bytes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.report.card import card_context
from evaluation.report.published_sheets import published_sheets
from evaluation.report.render import render_pdf
from evaluation.report.trends import annual_trend_context, card_trend
from evaluation.results import Results
from evaluation.trends.build import PublishedTrends
from evaluation.writers import write_tables_workbook

MAX_WORKERS = 4


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
    ctx = annual_trend_context(job.published, job.trends, job.audit, job.quarantine, job.remarks)
    return render_pdf("annual.html", ctx, job.path, job.files, title=ctx["document_title"])


def write_tables(job: TablesJob) -> Path:
    """tables.xlsx as published: the analysis tables with withheld cells as 'x'."""
    write_tables_workbook(published_sheets(job.results, job.published), job.path, job.decimals)
    return job.path


def render_card(job: CardJob) -> Path:
    """Build one SPT card's context (its charts) and render it; runs in a worker process."""
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


def render_jobs(
    jobs: Sequence[Job], on_progress: Callable[[int, int], None] | None = None
) -> list[Path]:
    """Write every job's file, in worker processes when there are several.

    Each PDF depends only on its own job, so the files are the same bytes whether rendered
    one after another or side by side; the result keeps the order of `jobs`. `on_progress`
    hears (done, total) after each file (the console's bar, the web page's progress).
    """
    workers = min(len(jobs), os.cpu_count() or 1, MAX_WORKERS)
    out: list[Path | None] = [None] * len(jobs)
    tick = on_progress or (lambda done, total: None)
    tick(0, len(jobs))
    try:
        if workers < 2:
            for i, job in enumerate(jobs):
                out[i] = render_job(job)
                tick(i + 1, len(jobs))
        else:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                futures = {pool.submit(render_job, job): i for i, job in enumerate(jobs)}
                for done, future in enumerate(as_completed(futures), start=1):
                    out[futures[future]] = future.result()
                    tick(done, len(jobs))
    except OSError as exc:
        raise InputError(ErrorCode.PDF_NOT_WRITTEN, reason=os_reason(exc)) from None
    return [p for p in out if p is not None]
