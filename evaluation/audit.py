"""Audit trail: the run manifest, the PDF's embedded files, and `verify` (recompute and compare).

The manifest (manifest.json) records what went in (SHA-256 of every input file), how it was
computed (every parameter), with what (package, git commit, library versions) and what came out
(counts, suppression log, SHA-256 of results.json). It is deterministic: with SOURCE_DATE_EPOCH
set it holds no wall-clock time, so the same run gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import Any

from evaluation import __version__
from evaluation.codebook import Codebook, load_codebook
from evaluation.errors import InputError
from evaluation.register import Register, load_register, register_path
from evaluation.settings import Settings

MANIFEST_NAME = "manifest.json"
RESULTS_NAME = "results.json"
MANIFEST_VERSION = 1
LIBRARIES = ("numpy", "pandas", "scipy", "pydantic", "weasyprint", "jinja2", "openpyxl", "pypdf")
TOLERANCE = 1e-9

PACKAGE_DIR = Path(__file__).resolve().parent

OK = "klopt"
DIFFERS = "wijkt af"
UNCHECKED = "niet gecontroleerd"


# ---------------------------------------------------------------------------------------------
# Hashes and canonical JSON


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes; InputError when it cannot be read."""
    p = Path(path)
    h = hashlib.sha256()
    try:
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(f"'{p}' kan niet worden gelezen: {exc.strerror}") from None
    return h.hexdigest()


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes whose hash identifies a manifest."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def manifest_json(manifest: dict) -> bytes:
    """The manifest as written to manifest.json: sorted, indented, newline-terminated."""
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def manifest_short_hash(manifest: dict) -> str:
    """First 12 hex digits of the SHA-256 of the manifest's canonical JSON (for the audit page)."""
    return sha256_bytes(canonical_json(manifest))[:12]


# ---------------------------------------------------------------------------------------------
# Environment


def git_commit(directory: Path = PACKAGE_DIR) -> dict[str, Any]:
    """The git commit of the package's checkout and whether it has local changes; None if unknown.

    Never fails: no git, no repository, or a repository that does not hold this package all
    give {"commit": None, "dirty": None}.
    """
    unknown: dict[str, Any] = {"commit": None, "dirty": None}

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", "-C", str(directory), *args],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if not top or not (Path(top) / directory.name / "__init__.py").exists():
        return unknown
    commit = git("rev-parse", "HEAD")
    if not commit:
        return unknown
    status = git("status", "--porcelain", "--untracked-files=no", "--", ".")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def library_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _package_version() -> str:
    try:
        return metadata.version("spt-evaluation")
    except metadata.PackageNotFoundError:
        return __version__


# ---------------------------------------------------------------------------------------------
# Manifest


def _input(name: str | None, sha256: str | None, **extra: Any) -> dict[str, Any]:
    return {"name": Path(name).name if name else None, "sha256": sha256 or None, **extra}


def settings_parameters(settings: Settings) -> dict[str, Any]:
    """Every analysis setting as plain JSON (the file hash is recorded apart, under inputs)."""
    return settings.model_dump(mode="json", exclude={"source_sha256"})


def build_manifest(
    *,
    intake: Any,
    codebook: Codebook,
    register: Register,
    settings: Settings,
    results_json: bytes,
    suppression_log: list[dict] | None = None,
    settings_path: str | Path | None = None,
    labour_market: list[str | Path] | None = None,
    extra_parameters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything needed to recompute and check a run, as a JSON-ready dict.

    `intake` is the IntakeResult (input hash, counts); `results_json` the exact bytes written
    to results.json; `extra_parameters` holds run choices outside Settings (e.g. CLI flags).
    Paths are recorded by file name only, so the manifest does not depend on where files live.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or None
    inputs: dict[str, Any] = {
        "survey": _input(
            getattr(intake, "source_path", None), getattr(intake, "source_sha256", None)
        ),
        "codebook": _input(codebook.source_path, codebook.source_sha256, version=codebook.version),
        "register": _input(register.source_path, register.source_sha256),
        "settings": _input(
            str(settings_path) if settings_path else "settings.yaml", settings.source_sha256
        ),
    }
    if labour_market:
        inputs["labour_market"] = [_input(str(p), sha256_file(p)) for p in labour_market]
    parameters = {
        "settings": settings_parameters(settings),
        "run": dict(sorted((extra_parameters or {}).items())),
        "satisfaction": {
            "items": list(codebook.satisfaction.items),
            "reverse_items": codebook.reverse_items,
            "min_valid": codebook.satisfaction.min_valid,
        },
    }
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "package": {"name": "spt-evaluation", "version": _package_version(), **git_commit()},
        "environment": {
            "python": platform.python_version(),
            "implementation": sys.implementation.name,
            "libraries": library_versions(),
        },
        "source_date_epoch": epoch,
        "inputs": inputs,
        "parameters": parameters,
        "parameters_sha256": sha256_bytes(canonical_json(parameters)),
        "counts": {
            "rows_read": getattr(intake, "rows_read", None),
            "valid": getattr(intake, "valid", None),
            "quarantined": getattr(intake, "quarantined", None),
            "item_errors": getattr(intake, "item_errors", None),
        },
        "suppression": list(suppression_log or []),
        "outputs": {RESULTS_NAME: {"sha256": sha256_bytes(results_json)}},
    }
    if epoch is None:
        from datetime import UTC, datetime

        manifest["generated_at"] = datetime.now(tz=UTC).replace(microsecond=0).isoformat()
    return manifest


def write_manifest(manifest: dict, out_dir: str | Path) -> Path:
    path = Path(out_dir) / MANIFEST_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(manifest_json(manifest))
    return path


def settings_from_manifest(manifest: dict) -> Settings:
    """The Settings recorded in a manifest, with the recorded file hash."""
    try:
        raw = dict(manifest["parameters"]["settings"])
        raw["source_sha256"] = manifest["inputs"]["settings"]["sha256"] or ""
        return Settings.model_validate(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"manifest bevat geen bruikbare instellingen: {exc}") from None


# ---------------------------------------------------------------------------------------------
# PDF attachments


def read_attachments(pdf_path: str | Path) -> dict[str, bytes]:
    """The files embedded in a PDF (name -> bytes); InputError if unreadable or none attached."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    p = Path(pdf_path)
    try:
        reader = PdfReader(BytesIO(p.read_bytes()))
        found = reader.attachments
        files = {name: bytes(data[0]) for name, data in found.items() if data}
    except OSError as exc:
        raise InputError(f"PDF '{p}' kan niet worden gelezen: {exc.strerror}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"PDF '{p}' kan niet worden gelezen: {exc}") from None
    if not files:
        raise InputError(f"PDF '{p}' bevat geen bijlagen (geen manifest.json of results.json)")
    return files


# ---------------------------------------------------------------------------------------------
# Comparing figures


@dataclass(frozen=True)
class Check:
    """One compared item: an input hash, an attached file, or a figure of results.json."""

    path: str
    recorded: Any
    recomputed: Any
    status: str  # OK, DIFFERS or UNCHECKED
    kind: str = "cijfer"  # "invoer", "bijlage" or "cijfer"


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


class _Absent:
    """Marks a leaf that exists on one side of a comparison only."""

    def __repr__(self) -> str:
        return "ontbreekt"

    __str__ = __repr__


ABSENT = _Absent()


def leaves(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts/lists to {'a.b[0].c': value}; empty containers are leaves too."""
    out: dict[str, Any] = {}
    if isinstance(obj, dict) and obj:
        for k, v in obj.items():
            out.update(leaves(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, list) and obj:
        for i, v in enumerate(obj):
            out.update(leaves(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = obj
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def same_value(a: Any, b: Any, tol: float = TOLERANCE) -> bool:
    """Numbers agree to `tol` (relative; absolute when either is zero); others must be equal."""
    if _is_number(a) and _is_number(b):
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if a == b:
            return True
        if a == 0 or b == 0:
            return abs(a - b) <= tol
        return abs(a - b) <= tol * max(abs(a), abs(b))
    if _is_number(a) or _is_number(b):
        return False
    return a is not ABSENT and b is not ABSENT and a == b


def compare(recorded: Any, recomputed: Any, tol: float = TOLERANCE) -> list[Check]:
    """Every leaf of either tree with its status; a leaf present on one side only differs."""
    rec, new = leaves(recorded), leaves(recomputed)
    rows = []
    for path in sorted(rec.keys() | new.keys()):
        a, b = rec.get(path, ABSENT), new.get(path, ABSENT)
        rows.append(Check(path, a, b, OK if same_value(a, b, tol) else DIFFERS))
    return rows


# ---------------------------------------------------------------------------------------------
# verify


@dataclass(frozen=True)
class RecordedRun:
    """What a report says about itself: its manifest, its results and where it lives."""

    manifest: dict
    results: dict
    results_bytes: bytes
    folder: Path
    checks: list[Check]


def _json(data: bytes, what: str) -> dict:
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{what} is geen geldige JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InputError(f"{what} is geen JSON-object")
    return obj


def _same_file_check(label: str, recorded: bytes, other: bytes) -> Check:
    a, b = sha256_bytes(recorded), sha256_bytes(other)
    return Check(label, a, b, OK if a == b else DIFFERS, kind="bijlage")


def load_recorded(report: str | Path) -> RecordedRun:
    """Read manifest.json and results.json from a report PDF (attachments) or a report folder.

    When both the PDF and its folder hold the files, they must be identical; a PDF in a folder
    whose attachments differ from the folder's files gives a differing check.
    """
    p = Path(report)
    checks: list[Check] = []
    if p.is_dir():
        folder = p
        try:
            manifest_bytes = (p / MANIFEST_NAME).read_bytes()
            results_bytes = (p / RESULTS_NAME).read_bytes()
        except OSError as exc:
            raise InputError(
                f"map '{p}' bevat geen {MANIFEST_NAME} en {RESULTS_NAME}: {exc.strerror}"
            ) from None
        for pdf in sorted(p.glob("*.pdf")):
            try:
                attached = read_attachments(pdf)
            except InputError:
                attached = {}
            for name, data in ((MANIFEST_NAME, manifest_bytes), (RESULTS_NAME, results_bytes)):
                label = f"bijlage {name} in {pdf.name}"
                if name in attached:
                    checks.append(_same_file_check(label, attached[name], data))
                else:
                    checks.append(Check(label, ABSENT, sha256_bytes(data), DIFFERS, "bijlage"))
    elif p.exists():
        folder = p.parent
        attached = read_attachments(p)
        missing = [n for n in (MANIFEST_NAME, RESULTS_NAME) if n not in attached]
        if missing:
            raise InputError(f"PDF '{p}' mist de bijlage(n) {', '.join(missing)}")
        manifest_bytes, results_bytes = attached[MANIFEST_NAME], attached[RESULTS_NAME]
        for name, data in ((MANIFEST_NAME, manifest_bytes), (RESULTS_NAME, results_bytes)):
            beside = folder / name
            if beside.is_file():
                label = f"bijlage {name} gelijk aan {name} in de map"
                checks.append(_same_file_check(label, data, beside.read_bytes()))
    else:
        raise InputError(f"rapport '{p}' bestaat niet")
    manifest = _json(manifest_bytes, MANIFEST_NAME)
    results = _json(results_bytes, RESULTS_NAME)
    recorded_sha = manifest.get("outputs", {}).get(RESULTS_NAME, {}).get("sha256")
    actual_sha = sha256_bytes(results_bytes)
    checks.append(
        Check(
            f"{RESULTS_NAME} hoort bij {MANIFEST_NAME}",
            recorded_sha,
            actual_sha,
            OK if recorded_sha == actual_sha else DIFFERS,
            "bijlage",
        )
    )
    return RecordedRun(manifest, results, results_bytes, folder, checks)


def _input_check(label: str, recorded: str | None, actual: str | None) -> Check:
    if actual is None:
        return Check(label, recorded, ABSENT, UNCHECKED, "invoer")
    return Check(label, recorded, actual, OK if recorded == actual else DIFFERS, "invoer")


def _find_data(manifest: dict, folder: Path) -> Path:
    name = (manifest.get("inputs", {}).get("survey") or {}).get("name")
    for base in (folder, Path.cwd()):
        if name and (base / name).is_file():
            return base / name
    raise InputError(
        f"het enquêtebestand '{name}' is niet gevonden naast het rapport; geef het met --data"
    )


def results_tree(results: Any) -> dict:
    """The JSON tree of a Results object, exactly as results.json holds it."""
    return json.loads(results_bytes(results))


def results_bytes(results: Any) -> bytes:
    """results.json bytes of a Results model (the form the report command writes)."""
    return results.model_dump_json(indent=2).encode("utf-8")


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
    from evaluation.analysis import analyse
    from evaluation.intake import read_survey

    run = load_recorded(report)
    manifest = run.manifest
    inputs = manifest.get("inputs", {})
    rows = list(run.checks)

    data_path = Path(data) if data is not None else _find_data(manifest, run.folder)
    survey_sha = sha256_file(data_path)
    rows.append(
        _input_check("invoer: enquêtebestand", inputs.get("survey", {}).get("sha256"), survey_sha)
    )

    cb = load_codebook(codebook)
    rows.append(
        _input_check("invoer: codeboek", inputs.get("codebook", {}).get("sha256"), cb.source_sha256)
    )
    reg = load_register(register_path(cb))
    rows.append(
        _input_check(
            "invoer: register", inputs.get("register", {}).get("sha256"), reg.source_sha256
        )
    )
    settings_name = (inputs.get("settings") or {}).get("name") or "settings.yaml"
    settings_file = Path(cb.source_path).parent / settings_name
    rows.append(
        _input_check(
            "invoer: instellingen",
            (inputs.get("settings") or {}).get("sha256"),
            sha256_file(settings_file) if settings_file.is_file() else None,
        )
    )
    params = manifest.get("parameters")
    rows.append(
        _input_check(
            "invoer: parameters in het manifest",
            manifest.get("parameters_sha256"),
            sha256_bytes(canonical_json(params)) if params is not None else None,
        )
    )
    for i, item in enumerate(inputs.get("labour_market") or []):
        found = Path(cb.source_path).parent.parent / "labour_market" / str(item.get("name"))
        rows.append(
            _input_check(
                f"invoer: arbeidsmarktgegevens {item.get('name') or i}",
                item.get("sha256"),
                sha256_file(found) if found.is_file() else None,
            )
        )

    settings = settings_from_manifest(manifest)
    intake = read_survey(data_path, cb, reg)
    recomputed = results_tree(analyse(intake, cb, reg, settings))
    rows.extend(compare(run.results, recomputed))
    return VerifyResult(rows)
