"""`verify`: check a report's inputs and recompute every figure it records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evaluation.audit.attachments import (
    RecordedRun,
    load_recorded,
    read_attachments,
    settings_from_manifest,
)
from evaluation.audit.compare import ABSENT, DIFFERS, NOT_CHECKABLE, OK, UNCHECKED, Check, compare
from evaluation.audit.disclosure import attached_trends, disclosure_checks
from evaluation.audit.manifest_checks import manifest_checks, pdf_checks, settings_checks
from evaluation.audit.recorded import FileEntry, RecordedManifest
from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import Settings, load_settings
from evaluation.limits import read_file
from evaluation.manifest import canonical_json, sha256_bytes, sha256_file
from evaluation.pipeline import Inputs, Run, run_survey


@dataclass
class VerifyResult:
    rows: list[Check] = field(default_factory=list)

    @property
    def figures(self) -> list[Check]:
        return [r for r in self.rows if r.kind == "cijfer"]

    @property
    def checks(self) -> list[Check]:
        """Input hashes and attachment checks (everything that is not a figure)."""
        return [r for r in self.rows if r.kind != "cijfer"]

    @property
    def differing(self) -> list[Check]:
        return [r for r in self.rows if r.status == DIFFERS]

    @property
    def uncheckable(self) -> list[Check]:
        """What could not be checked and keeps the verdict from 'Alles klopt'."""
        return [r for r in self.rows if r.status == NOT_CHECKABLE]

    @property
    def ok(self) -> bool:
        return not self.differing and not self.uncheckable


def input_check(label: str, recorded: str | None, actual: str | None) -> Check:
    if actual is None:
        return Check(label, recorded, ABSENT, UNCHECKED, "invoer")
    return Check(label, recorded, actual, OK if recorded == actual else DIFFERS, "invoer")


def parameters_check(run: RecordedRun) -> Check:
    """The manifest's parameters against the hash it records of them."""
    params = run.recorded.parameters
    actual = sha256_bytes(canonical_json(params)) if params is not None else None
    return input_check("invoer: parameters in het manifest", run.recorded.parameters_sha256, actual)


def _find_data(recorded: RecordedManifest, folder: Path) -> Path:
    """The survey export the manifest names (a plain file name), beside the report or here."""
    survey = recorded.inputs.survey
    name = survey.name if survey is not None else None
    for base in (folder, Path.cwd()):
        if name and (base / name).is_file():
            return base / name
    raise InputError(ErrorCode.SURVEY_NOT_BESIDE, name=name)


def _sha(entry: FileEntry | None) -> str | None:
    return entry.sha256 if entry is not None else None


# Leaves that hold a file path: compared by file name, since the data may be checked elsewhere.
PATH_LEAVES = (("parameters", "input_file"),)


def _by_file_name(tree: dict) -> dict:
    out = dict(tree)
    for outer, inner in PATH_LEAVES:
        node = out.get(outer)
        if isinstance(node, dict) and isinstance(node.get(inner), str):
            out[outer] = {**node, inner: Path(node[inner]).name}
    return out


def _settings(
    run: RecordedRun, folder: Path, given: str | Path | None, min_n: int | None
) -> tuple[Settings, list[Check]]:
    """The settings to recompute with: the settings file (given, or the manifest's name beside
    the codebook) with the report's year and the minimum n given for the run. A file that is
    not found makes the report 'niet te controleren'; one with another hash differs. Only
    without a file are the manifest's own settings used (to show the figures)."""
    entry = run.recorded.inputs.settings
    recorded_sha = entry.sha256 if entry is not None else None
    path = (
        Path(given)
        if given is not None
        else folder / ((entry.name if entry else None) or "settings.yaml")
    )
    recorded = settings_from_manifest(run.manifest)
    if not path.is_file():
        row = Check("invoer: instellingen", recorded_sha, ABSENT, NOT_CHECKABLE, "invoer")
        return recorded, [row]
    actual = sha256_file(path)
    row = input_check("invoer: instellingen", recorded_sha, actual)
    return load_settings(path, year=recorded.year, min_n=min_n), [row]


def verify(
    report: str | Path,
    data: str | Path | None = None,
    codebook: str | Path | None = None,
    settings: str | Path | None = None,
    min_n: int | None = None,
) -> VerifyResult:
    """Check a report's inputs and recompute every figure of its results.json from the data.

    Input hashes (survey, codebook, register, settings, recorded parameters) are reported but
    never stop the recomputation: a changed answer shows both as a hash mismatch and as the
    figures it moves. The pipeline is re-run with the settings file (its minimum n unless
    `min_n` says the run chose another); the manifest is checked whole against that run, and
    every PDF's printed figures and kenmerken against its attachments.
    """
    run = load_recorded(report)
    inputs = run.recorded.inputs
    rows = list(run.checks)

    data_path = Path(data) if data is not None else _find_data(run.recorded, run.folder)
    survey_sha = sha256_file(data_path)
    rows.append(input_check("invoer: enquêtebestand", _sha(inputs.survey), survey_sha))

    cb = load_codebook(codebook)
    rows.append(input_check("invoer: codeboek", _sha(inputs.codebook), cb.source_sha256))
    reg = load_register(register_path(cb))
    rows.append(input_check("invoer: register", _sha(inputs.register_file), reg.source_sha256))
    settings, settings_rows = _settings(run, Path(cb.source_path).parent, settings, min_n)
    rows.extend(settings_rows)
    rows.append(parameters_check(run))
    for i, item in enumerate(inputs.labour_market or []):
        found = Path(cb.source_path).parent.parent / "labour_market" / str(item.name)
        rows.append(
            input_check(
                f"invoer: arbeidsmarktgegevens {item.name or i}",
                item.sha256,
                sha256_file(found) if item.name and found.is_file() else None,
            )
        )

    again = run_survey(data_path, Inputs(cb, reg, settings))
    given = data_path.name if data is not None else None
    rows.extend(recomputed_checks(run, again, report, given))
    return VerifyResult(rows)


def recomputed_checks(
    run: RecordedRun, again: Run, report: str | Path, given_name: str | None = None
) -> list[Check]:
    """The report against a run recomputed from its data: the manifest whole, each PDF's
    printed text, every figure of results.json, and whether a withheld value is derivable.
    `given_name`: the name of the data recomputed from when it may differ from the report's
    (a file given by hand, a stored wave); then its hash decides, not its name."""
    manifest = run.manifest
    rows = settings_checks(manifest, again) + manifest_checks(manifest, again)
    rows.extend(_printed_checks(run, again))
    recorded_tree = _by_file_name(run.results)
    recomputed_tree = _by_file_name(again.published.tree())
    if given_name is not None:
        recorded_name = _without_file_name(recorded_tree)
        _without_file_name(recomputed_tree)
        same = recorded_name == given_name
        label = "invoer: naam van het enquêtebestand"
        status = OK if same else UNCHECKED
        rows.append(Check(label, recorded_name, given_name, status, "invoer"))
    rows.extend(compare(recorded_tree, recomputed_tree))
    rows.extend(disclosure_checks(run.results, attached_trends(report))[1])  # derivable?
    return rows


def _printed_checks(recorded: RecordedRun, again: Run) -> list[Check]:
    """Each report PDF's printed text against its own attachments and this run."""
    rows: list[Check] = []
    for pdf in recorded.pdfs:
        files = read_attachments(pdf)
        if "results.json" not in files:
            continue  # the attachment check names it
        rows.extend(pdf_checks(pdf, read_file(pdf, "PDF"), files, recorded.manifest, again))
    return rows


def _without_file_name(tree: dict) -> str | None:
    """Take the input file's name out of a results tree (in place); the name it held."""
    node = tree.get("parameters")
    if not isinstance(node, dict):
        return None
    node = dict(node)
    name = node.pop("input_file", None)
    tree["parameters"] = node
    return name
