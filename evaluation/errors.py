"""Errors a user can act on. The CLI prints their message as one line and exits with code 2."""


class InputError(Exception):
    """A file or setting the user supplied cannot be used (unreadable, wrong format, broken)."""


class CodebookError(InputError):
    """The questionnaire definition (codebook YAML) is broken."""


class DesignError(ValueError):
    """A survey design or estimator was given data it cannot work with."""
