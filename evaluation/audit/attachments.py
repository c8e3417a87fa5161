"""Read what a report recorded: the PDF's embedded files or a report folder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from evaluation.audit.compare import ABSENT, DIFFERS, OK, Check
from evaluation.audit.recent import Recent
from evaluation.audit.recorded import RecordedManifest, check_results, checked_manifest
from evaluation.errors import ErrorCode, InputError, os_reason, validation_problems
from evaluation.inputs.settings import Settings
from evaluation.limits import MB, limits, load_json, read_file
from evaluation.manifest import MANIFEST_NAME, RESULTS_NAME, sha256_bytes


def settings_from_manifest(manifest: dict) -> Settings:
    """The Settings recorded in a manifest, with the recorded file hash."""
    from pydantic import ValidationError

    try:
        raw = dict(manifest["parameters"]["settings"])
        raw["source_sha256"] = manifest["inputs"]["settings"]["sha256"] or ""
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise InputError(ErrorCode.MANIFEST_SETTINGS_INVALID, problems=problems) from None
    except (KeyError, TypeError, ValueError):
        raise InputError(ErrorCode.MANIFEST_SETTINGS_MISSING) from None


class Tampered(InputError):
    """A report whose files cannot be what spt-eval wrote (two attachments of one name).
    An InputError's code and parameters; its own class so that a folder's check stops on it."""


def read_attachments(pdf_path: str | Path) -> dict[str, bytes]:
    """The files embedded in a PDF (name -> bytes); InputError if unreadable or none attached.

    Each file is unpacked on its own and measured at once, so a small PDF of many packed
    attachments (a decompression bomb) stops at the limit instead of filling the memory."""
    p = Path(pdf_path)
    data = read_file(p, "PDF")
    key = (sha256_bytes(data), limits().attachment_mb)  # another limit: read again
    return dict(_READ.get(key, lambda: _unpacked(p, data)))


# verify reads each PDF's attachments twice (a folder's check and its printed check)
_READ: Recent[dict[str, bytes]] = Recent(64, 64 * MB, lambda f: sum(map(len, f.values())))


def _unpacked(p: Path, data: bytes) -> dict[str, bytes]:
    """The embedded files of the PDF bytes `data` (read from `p`)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    quiet = logging.getLogger("pypdf")  # a broken PDF is reported in one Dutch line below
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    cap = limits().attachment_mb * MB
    files: dict[str, bytes] = {}
    name = ""
    try:
        listed = list(PdfReader(BytesIO(data)).attachment_list)
        names = [entry.name for entry in listed]
        twice = sorted(n for n in set(names) if names.count(n) > 1)
        if twice:
            raise Tampered(ErrorCode.PDF_TWO_ATTACHMENTS, file=str(p), name=twice[0])
        for entry in listed:
            name = entry.name
            body = bytes(entry.content)
            if len(body) > cap or sum(map(len, files.values())) + len(body) > cap:
                raise InputError(ErrorCode.ATTACHMENT_TOO_BIG, file=str(p), name=name, mb=cap // MB)
            files[name] = body
    except LimitReachedError:  # pypdf's own cap on unpacking one stream
        raise InputError(
            ErrorCode.ATTACHMENT_TOO_BIG, file=str(p), name=name, mb=cap // MB
        ) from None
    except OSError as exc:
        raise InputError(ErrorCode.PDF_UNREADABLE, file=str(p), reason=os_reason(exc)) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise InputError(
            ErrorCode.PDF_UNREADABLE, file=str(p), reason="beschadigd of geen PDF"
        ) from None
    finally:
        quiet.setLevel(level)
    if not files:
        raise InputError(ErrorCode.PDF_NO_ATTACHMENTS, file=str(p))
    return files


@dataclass(frozen=True)
class RecordedRun:
    """What a report says about itself: its manifest, its results and where it lives."""

    manifest: dict
    recorded: RecordedManifest
    results: dict
    results_bytes: bytes
    folder: Path
    checks: list[Check]
    pdfs: tuple[Path, ...] = ()  # the report PDFs whose printed text verify reads


def _json(data: bytes, what: str) -> dict:
    obj = load_json(data, what, unique_keys=True)  # limits; a Dutch line for broken JSON
    if not isinstance(obj, dict):
        raise InputError(ErrorCode.NOT_A_JSON_OBJECT, what=what)
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
        cap = limits().attachment_mb * MB
        manifest_bytes = read_file(p / MANIFEST_NAME, MANIFEST_NAME, cap, "attachment_mb")
        results_bytes = read_file(p / RESULTS_NAME, RESULTS_NAME, cap, "attachment_mb")
        for pdf in sorted(p.glob("*.pdf")):
            try:
                attached = read_attachments(pdf)
            except Tampered:
                raise
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
            raise InputError(
                ErrorCode.PDF_MISSING_ATTACHMENTS, file=str(p), names=", ".join(missing)
            )
        manifest_bytes, results_bytes = attached[MANIFEST_NAME], attached[RESULTS_NAME]
        for name, data in ((MANIFEST_NAME, manifest_bytes), (RESULTS_NAME, results_bytes)):
            beside = folder / name
            if beside.is_file():
                label = f"bijlage {name} gelijk aan {name} in de map"
                other = read_file(beside, name, limits().attachment_mb * MB, "attachment_mb")
                checks.append(_same_file_check(label, data, other))
    else:
        raise InputError(ErrorCode.REPORT_MISSING, file=str(p))
    manifest = _json(manifest_bytes, MANIFEST_NAME)
    recorded = checked_manifest(manifest)
    results = _json(results_bytes, RESULTS_NAME)
    check_results(results)
    entry = recorded.outputs.get(RESULTS_NAME)
    recorded_sha = entry.sha256 if entry is not None else None
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
    pdfs = tuple(sorted(p.glob("*.pdf"))) if p.is_dir() else (p,)
    return RecordedRun(manifest, recorded, results, results_bytes, folder, checks, pdfs)
