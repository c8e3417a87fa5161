"""Read what a report recorded: the PDF's embedded files or a report folder."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from evaluation.audit.compare import ABSENT, DIFFERS, OK, Check
from evaluation.errors import InputError
from evaluation.inputs.settings import Settings
from evaluation.manifest import MANIFEST_NAME, RESULTS_NAME, sha256_bytes


def settings_from_manifest(manifest: dict) -> Settings:
    """The Settings recorded in a manifest, with the recorded file hash."""
    try:
        raw = dict(manifest["parameters"]["settings"])
        raw["source_sha256"] = manifest["inputs"]["settings"]["sha256"] or ""
        return Settings.model_validate(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"manifest bevat geen bruikbare instellingen: {exc}") from None


def read_attachments(pdf_path: str | Path) -> dict[str, bytes]:
    """The files embedded in a PDF (name -> bytes); InputError if unreadable or none attached."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    p = Path(pdf_path)
    quiet = logging.getLogger("pypdf")  # a broken PDF is reported in one Dutch line below
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(BytesIO(p.read_bytes()))
        found = reader.attachments
        files = {name: bytes(data[0]) for name, data in found.items() if data}
    except OSError as exc:
        raise InputError(f"PDF '{p}' kan niet worden gelezen: {exc.strerror}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"PDF '{p}' kan niet worden gelezen: {exc}") from None
    finally:
        quiet.setLevel(level)
    if not files:
        raise InputError(f"PDF '{p}' bevat geen bijlagen (geen manifest.json of results.json)")
    return files


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
