"""Errors a user can act on. The CLI prints their message as one line and exits with code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class InputError(Exception):
    """A file or setting the user supplied cannot be used (unreadable, wrong format, broken)."""


class CodebookError(InputError):
    """The questionnaire definition (codebook YAML) is broken."""


class DesignError(ValueError):
    """A survey design or estimator was given data it cannot work with."""


@contextmanager
def explained_design_errors(what: str = "analyse") -> Iterator[None]:
    """A design that cannot be estimated (e.g. a lonely SPT under 'fail') is a user error."""
    try:
        yield
    except DesignError as exc:
        raise InputError(f"{what} niet mogelijk: {exc}") from None


@contextmanager
def explained_write_errors(folder: str | Path) -> Iterator[None]:
    """An output folder that cannot be written is a user error, not a traceback."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, FileExistsError | NotADirectoryError):
            why = "er staat al een bestand met die naam"
        else:
            why = exc.strerror or str(exc)
        raise InputError(f"kan niet schrijven in '{folder}': {why}") from None
