"""Wiring shared by the subcommands: loading the questionnaire inputs and turning expected
failures into one clear Dutch line (exit code 2)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evaluation.dutch import SUPPRESSED, number
from evaluation.errors import DesignError, InputError
from evaluation.inputs.codebook import Codebook, load_codebook
from evaluation.inputs.register import Register, load_register, register_path
from evaluation.inputs.settings import Settings, load_settings_for
from evaluation.results import Results


def load_inputs(
    args: argparse.Namespace, **overrides: object
) -> tuple[Codebook, Register, Settings]:
    """Codebook (--codebook or 2015), its register, and settings (--settings or beside it)."""
    codebook = load_codebook(getattr(args, "codebook", None))
    register = load_register(register_path(codebook))
    settings = load_settings_for(codebook.source_path, getattr(args, "settings", None), **overrides)
    return codebook, register, settings


@contextmanager
def explained_design_errors(what: str = "analyse") -> Iterator[None]:
    """A design that cannot be estimated (e.g. a lonely SPT under 'fail') is a user error."""
    try:
        yield
    except DesignError as exc:
        raise InputError(f"{what} niet mogelijk: {exc}") from None


@contextmanager
def explained_write_errors(folder: Path) -> Iterator[None]:
    """An output folder that cannot be written is a user error, not a traceback."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, FileExistsError | NotADirectoryError):
            why = "er staat al een bestand met die naam"
        else:
            why = exc.strerror or str(exc)
        raise InputError(f"kan niet schrijven in '{folder}': {why}") from None


def headline(results: Results, settings: Settings) -> str:
    """The headline figures in Dutch; SPTs below the minimum n show 'x'."""
    c = results.parameters.counts
    sat = results.satisfaction
    o = sat.overall
    level = number(settings.confidence * 100, 0)
    lines = [
        f"Ingelezen: {c.rows_read} rijen, {c.valid} geldig, {c.quarantined} in quarantaine, "
        f"{c.item_errors} ongeldige antwoorden leeg gemaakt.",
        f"Tevredenheid over de werking (1-5, gewogen naar SPT): {number(o.estimate)} "
        f"({level}%-BI {number(o.ci[0])}–{number(o.ci[1])}; n = {o.n}).",
        f"Per SPT (indeling: minstens {number(settings.band.threshold)} onder/boven het totaal; "
        f"'{SUPPRESSED}' bij minder dan {settings.min_n} respondenten):",
    ]
    width = max((len(k) for k in sat.by_spt), default=0)
    for name, g in sat.by_spt.items():
        if g.n < settings.min_n or g.estimate is None:
            lines.append(f"  {name:<{width}}  {SUPPRESSED:>3}  (n = {g.n})")
        else:
            lines.append(f"  {name:<{width}}  {number(g.estimate):>3}  {g.band}  (n = {g.n})")
    if results.traits:
        lines.append("Kenmerken (tabel 2.2), verschil ja min nee, SPT als cluster:")
        for tr in results.traits.values():
            lines.append(f"  {tr.short} {tr.test.verdict}")
    return "\n".join(lines)
