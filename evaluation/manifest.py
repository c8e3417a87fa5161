"""The run manifest: hashes, canonical JSON, the environment and the manifest envelope."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from evaluation import __version__
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.inputs.codebook import MAPPING_NAME, Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.limits import check_file
from evaluation.safe_files import write_bytes

MANIFEST_NAME = "manifest.json"

RESULTS_NAME = "results.json"

MANIFEST_VERSION = 1

LIBRARIES = ("numpy", "pandas", "scipy", "pydantic", "weasyprint", "jinja2", "openpyxl", "pypdf")

PACKAGE_DIR = Path(__file__).resolve().parent


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in blocks; InputError when it cannot be read or is no
    regular file (a device or pipe would never end)."""
    p = Path(path)
    check_file(p, "bestand", max_bytes=sys.maxsize)
    h = hashlib.sha256()
    try:
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(
            ErrorCode.FILE_UNREADABLE, what="bestand", file=str(p), reason=os_reason(exc)
        ) from None
    return h.hexdigest()


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes whose hash identifies a manifest."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def manifest_json(manifest: dict) -> bytes:
    """The manifest as written to manifest.json: sorted, indented, newline-terminated."""
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def short_hash(data: bytes) -> str:
    """First 12 hex digits of a SHA-256: the 'kenmerk' printed on the audit page."""
    return sha256_bytes(data)[:12]


def manifest_short_hash(manifest: dict) -> str:
    """The short hash of the manifest's canonical JSON (for the audit page)."""
    return short_hash(canonical_json(manifest))


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
    if codebook.mapping_sha256:  # mapping.yaml beside the codebook, and its survey definition
        inputs["mapping"] = _input(MAPPING_NAME, codebook.mapping_sha256)
        if codebook.definition:
            d = codebook.definition
            inputs["mapping"]["definition"] = _input(
                d.get("file"), d.get("sha256"), tool=d.get("tool"), version=d.get("version")
            )
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
    counts = {
        "rows_read": getattr(intake, "rows_read", None),
        "valid": getattr(intake, "valid", None),
        "quarantined": getattr(intake, "quarantined", None),
        "excluded": getattr(intake, "excluded", 0),
        "item_errors": getattr(intake, "item_errors", None),
    }
    return envelope(
        inputs,
        parameters,
        counts=counts,
        suppression=list(suppression_log or []),
        outputs={RESULTS_NAME: results_json},
    )


def envelope(
    inputs: dict[str, Any],
    parameters: dict[str, Any],
    *,
    outputs: dict[str, bytes],
    counts: dict[str, Any] | None = None,
    suppression: list[dict] | None = None,
) -> dict[str, Any]:
    """The manifest around any run: package, environment, inputs with their SHA-256, every
    parameter (and its hash), counts, suppressions and the SHA-256 of each output file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or None
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
        "counts": counts or {},
        "suppression": suppression or [],
        "outputs": {name: {"sha256": sha256_bytes(data)} for name, data in outputs.items()},
    }
    if epoch is None:
        from datetime import UTC, datetime

        manifest["generated_at"] = datetime.now(tz=UTC).replace(microsecond=0).isoformat()
    return manifest


def file_input(path: str | Path, **extra: Any) -> dict[str, Any]:
    """A manifest input entry for a file on disk: its name and SHA-256."""
    return _input(str(path), sha256_file(path), **extra)


def write_manifest(manifest: dict, out_dir: str | Path) -> Path:
    """manifest.json in `out_dir`, written without following a symlink at that name."""
    path = Path(out_dir) / MANIFEST_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_bytes(path, manifest_json(manifest))
