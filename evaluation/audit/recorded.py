"""The shape of what a report records: manifest.json and results.json as Pydantic models, checked
before `verify` uses them, so a tampered or malformed attachment is one Dutch line naming the
field; file names in a manifest are names, never paths."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evaluation.errors import ErrorCode, InputError, rule_error, validation_problems
from evaluation.results import Results


class FileEntry(BaseModel):
    """An input file as the manifest names it: its name (no folder) and SHA-256."""

    model_config = ConfigDict(extra="allow")

    name: str | None = None
    sha256: str | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str | None) -> str | None:
        if value is not None and (
            value in ("", ".", "..") or PurePath(value).name != value or "\\" in value
        ):
            raise rule_error("not_a_file_name")
        return value


class RecordedInputs(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    survey: FileEntry | None = None
    codebook: FileEntry | None = None
    register_file: FileEntry | None = Field(default=None, alias="register")
    settings: FileEntry | None = None
    labour_market: list[FileEntry] | None = None


class OutputEntry(BaseModel):
    model_config = ConfigDict(extra="allow")

    sha256: str | None = None


class RecordedManifest(BaseModel):
    """The keys of manifest.json that `verify` reads (others are kept, not checked)."""

    model_config = ConfigDict(extra="allow")

    inputs: RecordedInputs
    outputs: dict[str, OutputEntry]
    parameters: dict[str, Any] | None = None
    parameters_sha256: str | None = None


def _fail(what: str, exc: ValidationError, raw: object) -> InputError:
    """Every field of `what` that does not fit, each named."""
    problems = validation_problems(exc.errors(), raw)
    return InputError(ErrorCode.RECORD_INVALID, what=what, problems=problems)


def checked_manifest(obj: dict, what: str = "manifest.json") -> RecordedManifest:
    """The manifest as a model; InputError naming every field that does not fit."""
    try:
        return RecordedManifest.model_validate(obj)
    except ValidationError as exc:
        raise _fail(what, exc, obj) from None


def check_results(obj: dict, what: str = "results.json") -> None:
    """results.json must be a (published) Results: the model plus its disclosure block."""
    body = {k: v for k, v in obj.items() if k != "disclosure"}
    if "disclosure" in obj and not isinstance(obj["disclosure"], dict):
        raise InputError(ErrorCode.RECORD_DISCLOSURE, what=what)
    try:
        Results.model_validate(body)
    except ValidationError as exc:
        raise _fail(what, exc, body) from None
