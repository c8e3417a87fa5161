"""Wiring shared by the subcommands: the inputs from the arguments and the console headline."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from evaluation.dutch import SUPPRESSED, number
from evaluation.errors import visible
from evaluation.pipeline import Inputs, Run, load_inputs
from evaluation.report.withheld import figure_text
from evaluation.store.db import DEFAULT_STORE


def store_option(p: argparse.ArgumentParser) -> None:
    """The `--store` option of the commands that work on the monitor's store (default path)."""
    p.add_argument(
        "--store",
        type=Path,
        default=DEFAULT_STORE,
        metavar="PAD",
        help=f"het opslagbestand (standaard {DEFAULT_STORE})",
    )


def inputs_from(args: argparse.Namespace, **overrides: object) -> Inputs:
    """Codebook (--codebook or 2015), its register, and settings (--settings or beside it)."""
    return load_inputs(
        getattr(args, "codebook", None), getattr(args, "settings", None), **overrides
    )


def headline(run: Run) -> str:
    """The headline figures in Dutch, as published: typed values from the published result,
    'x' where it withholds them."""
    c = run.results.parameters.counts
    settings = run.inputs.settings
    pub = run.published
    sat = pub.results.satisfaction
    o = sat.overall
    base = ("satisfaction", "overall")
    level = number(settings.confidence * 100, 0)
    lines = [
        f"Ingelezen: {c.rows_read} rijen, {c.valid} geldig, {c.quarantined} in quarantaine, "
        f"{c.excluded} uitgesloten (test of niet afgemaakt), "
        f"{c.item_errors} ongeldige antwoorden leeg gemaakt.",
        f"Tevredenheid over de werking (1-5, gewogen naar SPT): "
        f"{figure_text(pub, o.estimate, *base, 'estimate')} ({level}%-BI "
        f"{figure_text(pub, o.ci[0], *base, 'ci')}–{figure_text(pub, o.ci[1], *base, 'ci')}; "
        f"n = {o.n}).",
        f"Per SPT (indeling: minstens {number(settings.band.threshold)} onder/boven het totaal; "
        f"'{SUPPRESSED}' bij minder dan {pub.min_n} respondenten of waar het "
        "anders terug te rekenen is):",
    ]
    width = max((len(k) for k in sat.by_spt), default=0)
    for name, g in sat.by_spt.items():
        shown = figure_text(pub, g.estimate, "satisfaction", "by_spt", name, "estimate")
        withheld = pub.is_withheld("satisfaction", "by_spt", name, "band")
        band = f"  {g.band}" if g.band is not None and not withheld else ""
        lines.append(f"  {name:<{width}}  {shown:>3}{band}  (n = {g.n})")
    if pub.results.traits:
        lines.append("Kenmerken (tabel 2.2), verschil ja min nee, SPT als cluster:")
        for tr in pub.results.traits.values():
            lines.append(f"  {tr.short} {tr.test.verdict}")
    return "\n".join(visible(line) for line in lines)  # names from files steer no terminal


@contextmanager
def progress_bar(console: Console, what: str) -> Iterator[Callable[[int, int], None]]:
    """A transient console bar fed by (done, total); shown only for work of several files."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(what, total=None, visible=False)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, visible=total > 1)

        yield tick
