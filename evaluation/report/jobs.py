"""Render the annual report, tables.xlsx and the SPT cards as parallel jobs with the same bytes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from evaluation.errors import InputError, os_reason
from evaluation.report.annual import annual_context
from evaluation.report.card import card_context
from evaluation.report.published_sheets import published_sheets
from evaluation.report.render import render_pdf
from evaluation.writers import write_tables_workbook

MAX_WORKERS = 4


def render_annual(job: tuple) -> Path:
    """Build the annual report's context (its charts) and render it; may run in a worker."""
    published, audit, quarantine, remarks, path, files = job
    ctx = annual_context(published, audit=audit, quarantine=quarantine, remarks=remarks)
    return render_pdf("annual.html", ctx, path, files, title=ctx["document_title"])


def write_tables(job: tuple) -> Path:
    """tables.xlsx as published: the analysis tables with withheld cells as 'x'."""
    results, published, path, decimals = job
    write_tables_workbook(published_sheets(results, published), path, decimals)
    return path


def render_card(job: tuple) -> Path:
    """Build one SPT card's context (its charts) and render it; runs in a worker process."""
    published, name, audit, path, files = job
    ctx = card_context(published, name, audit=audit)
    return render_pdf("card.html", ctx, path, files, title=ctx["document_title"])


def render_jobs(
    jobs: list[tuple[Callable, tuple]], on_progress: Callable[[int, int], None] | None = None
) -> list[Path]:
    """Run (function, job) output jobs, in worker processes when there are several.

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
            for i, (fn, job) in enumerate(jobs):
                out[i] = fn(job)
                tick(i + 1, len(jobs))
        else:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                futures = {pool.submit(fn, job): i for i, (fn, job) in enumerate(jobs)}
                for done, future in enumerate(as_completed(futures), start=1):
                    out[futures[future]] = future.result()
                    tick(done, len(jobs))
    except OSError as exc:
        raise InputError(f"kan een PDF niet schrijven: {os_reason(exc)}") from None
    return [p for p in out if p is not None]
