"""One run: load the inputs, intake -> analysis -> disclosure, and the run record.

Every command, `verify`, the store and the region report with a survey call these functions
(`run_intake` is the one road from a validated intake to the published result), so a figure is
computed and published the same way wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evaluation.analysis.analyse import analyse
from evaluation.disclosure.publish import Published, disclose
from evaluation.errors import explained_design_errors
from evaluation.inputs.codebook import Codebook, load_codebook
from evaluation.inputs.register import Register, load_register, register_path
from evaluation.inputs.settings import Settings, load_settings_for
from evaluation.intake.required import check_required
from evaluation.intake.result import IntakeResult
from evaluation.intake.suspects import check_decided
from evaluation.intake.validate import read_survey
from evaluation.intake.wording import check_wording
from evaluation.limits import check_survey_file
from evaluation.manifest import (
    MANIFEST_NAME,
    RESULTS_NAME,
    build_manifest,
    manifest_json,
    manifest_short_hash,
)
from evaluation.results import Results
from evaluation.safe_files import write_bytes


@dataclass(frozen=True)
class Inputs:
    """What a user edits for a survey: the codebook, its register and the settings."""

    codebook: Codebook
    register: Register
    settings: Settings
    settings_path: Path | None = None


def load_inputs(
    codebook: str | Path | None = None, settings: str | Path | None = None, **overrides: object
) -> Inputs:
    """The codebook (default: 2015), the register it names, and the settings (given, or
    settings.yaml beside the codebook); keyword overrides (min_n, year) replace settings."""
    cb = load_codebook(codebook)
    register = load_register(register_path(cb))
    chosen = load_settings_for(cb.source_path, settings, **overrides)
    return Inputs(cb, register, chosen, Path(settings) if settings is not None else None)


@dataclass(frozen=True)
class Run:
    """One survey run: the validated intake, every figure, and what may be published."""

    inputs: Inputs
    intake: IntakeResult
    results: Results
    published: Published


def run_survey(path: str | Path, inputs: Inputs, what: str = "analyse") -> Run:
    """Intake, analysis and disclosure of one survey export."""
    check_survey_file(path)  # size, file type and .xlsx expansion before anything is read
    intake = read_survey(path, inputs.codebook, inputs.register, inputs.settings.intake)
    return run_intake(intake, inputs, what)


def run_intake(intake: IntakeResult, inputs: Inputs, what: str = "analyse") -> Run:
    """Analysis and disclosure of a validated intake: the one road of every run, from a file
    (`run_survey`) or from a stored wave (the store), so both give the same figures.

    Needed questions the export lacks stop the run unless the settings allow them
    (`intake.may_be_missing`); those leave the codebook, and the method page names them."""
    rules = inputs.settings.intake
    check_decided(intake)  # rows that may be tests: never counted without the user's word
    absent = check_required(inputs.codebook, intake.absent_questions, rules, intake.source_path)
    check_wording(inputs.codebook, intake.column_map, intake.source_path, intake.column_texts)
    titles = {q: inputs.codebook.question(q).title for q in absent}
    inputs = replace(inputs, codebook=inputs.codebook.without(absent))
    with explained_design_errors(what):
        results = analyse(intake, inputs.codebook, inputs.register, inputs.settings)
    if titles:  # the method page names what the file lacks
        parameters = results.parameters.model_copy(update={"absent_questions": titles})
        results = results.model_copy(update={"parameters": parameters})
    return Run(inputs, intake, results, disclose(results))


@dataclass(frozen=True)
class RunRecord:
    """The audit files of one run: the manifest and the exact bytes of both JSON files."""

    manifest: dict
    short_hash: str
    files: dict[str, bytes]  # {"manifest.json": ..., "results.json": ...}: attach these


def record_run(
    run: Run,
    out_dir: str | Path | None,
    *,
    labour_market: list[str | Path] | None = None,
    extra_parameters: dict[str, Any] | None = None,
) -> RunRecord:
    """Build the manifest of a run and write results.json (as published) and manifest.json.

    Written into `out_dir` (None: write nothing); the bytes returned are what the PDFs attach,
    so that figures, manifest and document cannot drift apart.
    """
    results_json = run.published.to_json().encode("utf-8")
    manifest = build_manifest(
        intake=run.intake,
        codebook=run.inputs.codebook,
        register=run.inputs.register,
        settings=run.inputs.settings,
        results_json=results_json,
        suppression_log=run.published.log_dicts(),
        settings_path=run.inputs.settings_path,
        labour_market=labour_market,
        extra_parameters=extra_parameters,
    )
    files = {MANIFEST_NAME: manifest_json(manifest), RESULTS_NAME: results_json}
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            write_bytes(out / name, data)  # never through a symlink planted in the folder
    return RunRecord(manifest, manifest_short_hash(manifest), files)
