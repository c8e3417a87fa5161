"""`verify`: check a report's inputs and recompute every figure it records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evaluation.audit.attachments import load_recorded, settings_from_manifest
from evaluation.audit.compare import ABSENT, DIFFERS, OK, UNCHECKED, Check, compare
from evaluation.audit.disclosure import disclosure_checks
from evaluation.audit.recorded import FileEntry, RecordedManifest
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.manifest import canonical_json, sha256_bytes, sha256_file
from evaluation.pipeline import Inputs, run_survey


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
    def ok(self) -> bool:
        return not self.differing


def _input_check(label: str, recorded: str | None, actual: str | None) -> Check:
    if actual is None:
        return Check(label, recorded, ABSENT, UNCHECKED, "invoer")
    return Check(label, recorded, actual, OK if recorded == actual else DIFFERS, "invoer")


def _find_data(recorded: RecordedManifest, folder: Path) -> Path:
    """The survey export the manifest names (a plain file name), beside the report or here."""
    survey = recorded.inputs.survey
    name = survey.name if survey is not None else None
    for base in (folder, Path.cwd()):
        if name and (base / name).is_file():
            return base / name
    raise InputError(
        f"het enquêtebestand '{name}' is niet gevonden naast het rapport; geef het met --data"
    )


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


def verify(
    report: str | Path,
    data: str | Path | None = None,
    codebook: str | Path | None = None,
) -> VerifyResult:
    """Check a report's inputs and recompute every figure of its results.json from the data.

    Input hashes (survey, codebook, register, settings, recorded parameters) are reported but
    never stop the recomputation: a changed answer shows both as a hash mismatch and as the
    figures it moves. The pipeline is re-run with the settings recorded in the manifest.
    """
    run = load_recorded(report)
    manifest, inputs = run.manifest, run.recorded.inputs
    rows = list(run.checks)

    data_path = Path(data) if data is not None else _find_data(run.recorded, run.folder)
    survey_sha = sha256_file(data_path)
    rows.append(_input_check("invoer: enquêtebestand", _sha(inputs.survey), survey_sha))

    cb = load_codebook(codebook)
    rows.append(_input_check("invoer: codeboek", _sha(inputs.codebook), cb.source_sha256))
    reg = load_register(register_path(cb))
    rows.append(_input_check("invoer: register", _sha(inputs.register_file), reg.source_sha256))
    settings_name = (inputs.settings.name if inputs.settings else None) or "settings.yaml"
    settings_file = Path(cb.source_path).parent / settings_name
    rows.append(
        _input_check(
            "invoer: instellingen",
            _sha(inputs.settings),
            sha256_file(settings_file) if settings_file.is_file() else None,
        )
    )
    params = run.recorded.parameters
    rows.append(
        _input_check(
            "invoer: parameters in het manifest",
            run.recorded.parameters_sha256,
            sha256_bytes(canonical_json(params)) if params is not None else None,
        )
    )
    for i, item in enumerate(inputs.labour_market or []):
        found = Path(cb.source_path).parent.parent / "labour_market" / str(item.name)
        rows.append(
            _input_check(
                f"invoer: arbeidsmarktgegevens {item.name or i}",
                item.sha256,
                sha256_file(found) if item.name and found.is_file() else None,
            )
        )

    settings = settings_from_manifest(manifest)
    recomputed = run_survey(data_path, Inputs(cb, reg, settings)).published.tree()
    recorded_tree, recomputed_tree = _by_file_name(run.results), _by_file_name(recomputed)
    if data is not None:  # a file given by hand may carry another name: its hash decides
        recorded_name = _without_file_name(recorded_tree)
        _without_file_name(recomputed_tree)
        same = recorded_name == data_path.name
        rows.append(
            Check(
                "invoer: naam van het enquêtebestand",
                recorded_name,
                data_path.name,
                OK if same else UNCHECKED,
                "invoer",
            )
        )
    rows.extend(compare(recorded_tree, recomputed_tree))
    rows.extend(disclosure_checks(run.results)[1])  # could a withheld value be derived?
    return VerifyResult(rows)


def _without_file_name(tree: dict) -> str | None:
    """Take the input file's name out of a results tree (in place); the name it held."""
    node = tree.get("parameters")
    if not isinstance(node, dict):
        return None
    node = dict(node)
    name = node.pop("input_file", None)
    tree["parameters"] = node
    return name
