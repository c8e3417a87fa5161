"""Audit trail: the run manifest, the PDF's embedded files, and `verify` (recompute and compare).

The manifest (manifest.json) records what went in (SHA-256 of every input file), how it was
computed (every parameter), with what (package, git commit, library versions) and what came out
(counts, suppression log, SHA-256 of results.json). It is deterministic: with SOURCE_DATE_EPOCH
set it holds no wall-clock time, so the same run gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
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
from evaluation.disclosure import Disclosure, disclose
from evaluation.errors import InputError
from evaluation.register import Register, load_register, register_path
from evaluation.settings import Settings
from evaluation.writers import save_reproducibly

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


def short_hash(data: bytes) -> str:
    """First 12 hex digits of a SHA-256: the 'kenmerk' printed on the audit page."""
    return sha256_bytes(data)[:12]


def manifest_short_hash(manifest: dict) -> str:
    """The short hash of the manifest's canonical JSON (for the audit page)."""
    return short_hash(canonical_json(manifest))


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
    counts = {
        "rows_read": getattr(intake, "rows_read", None),
        "valid": getattr(intake, "valid", None),
        "quarantined": getattr(intake, "quarantined", None),
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


@dataclass(frozen=True)
class RunRecord:
    """The audit files of one run: the manifest, the exact bytes of both JSON files, and the
    disclosure they were published from (what the PDFs must show)."""

    manifest: dict
    short_hash: str
    files: dict[str, bytes]  # {"manifest.json": ..., "results.json": ...}: attach these
    disclosure: Disclosure


def record_run(
    out_dir: str | Path | None,
    *,
    intake: Any,
    codebook: Codebook,
    register: Register,
    settings: Settings,
    results: Any,
    settings_path: str | Path | None = None,
    labour_market: list[str | Path] | None = None,
    extra_parameters: dict[str, Any] | None = None,
) -> RunRecord:
    """Publish Results (suppression applied), build the manifest, write both JSON files.

    The report command calls this once: it writes results.json and manifest.json into
    `out_dir` (None: write nothing) and returns the bytes to attach to the PDF and the short
    hash for the audit page, so that figures, manifest and document cannot drift apart.
    """
    disclosure = disclose(results)
    results_json = disclosure.to_json().encode("utf-8")
    manifest = build_manifest(
        intake=intake,
        codebook=codebook,
        register=register,
        settings=settings,
        results_json=results_json,
        suppression_log=disclosure.log_dicts(),
        settings_path=settings_path,
        labour_market=labour_market,
        extra_parameters=extra_parameters,
    )
    files = {MANIFEST_NAME: manifest_json(manifest), RESULTS_NAME: results_json}
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    return RunRecord(manifest, manifest_short_hash(manifest), files, disclosure)


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
    recomputed = disclose(analyse(intake, cb, reg, settings)).published
    rows.extend(compare(_by_file_name(run.results), _by_file_name(recomputed)))
    return VerifyResult(rows)


# ---------------------------------------------------------------------------------------------
# Audit workbook: the weighted grades as live Excel formulas over the raw answers

RESP = "Respondenten"
FIG = "Cijfers"
SE_SHEET = "Standaardfout"
NOTE = "Toelichting"


@dataclass(frozen=True)
class WorkbookLayout:
    """Where the formulas of an audit workbook live (for tests and for the README)."""

    first_row: int
    last_row: int
    spt_col: str
    grade_col: str
    weight_col: str
    overall_cell: str  # on FIG
    spt_rows: dict[str, int]  # SPT -> row on FIG and on SE_SHEET
    grade_col_fig: str
    se_overall_cell: str  # on SE_SHEET
    se_col: str  # per-SPT SE column on SE_SHEET


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _answer(value: Any) -> Any:
    """A coded answer as a number for Excel (4 rather than 4.0); missing becomes an empty cell."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(f):
        return None
    return int(f) if f.is_integer() else f


def _scale_formula(rule: str, n: str, f: str) -> str:
    """Excel formula for R's stratum scale (1 - f) n / (n - 1) under a lonely-PSU rule."""
    if rule == "adjust":
        return f"=IF({n}>1,(1-{f})*{n}/({n}-1),1-{f})"
    if rule in ("remove", "certainty", "average"):
        return f"=IF({n}>1,(1-{f})*{n}/({n}-1),0)"
    return f"=(1-{f})*{n}/({n}-1)"  # fail: a lonely stratum shows #DEEL/0!, as the engine fails


def write_audit_workbook(
    intake: Any,
    codebook: Codebook,
    register: Register,
    settings: Settings,
    results: Any,
    out_path: str | Path,
    key: bytes,
) -> WorkbookLayout:
    """Write the confidential, unsuppressed audit workbook (audit-<year>.xlsx).

    Every respondent with a pseudonymous id, SPT and item answers; reverse scores, grades and
    weights are live formulas, the overall and per-SPT grades SUMPRODUCT formulas and the
    design-based standard errors formulas over the same cells, so an auditor sees the
    figures of results.json appear from the raw answers. Respondent-sourced text is masked
    and neutralised against formula injection. The figures of `results` (if given) are put
    beside the formulas as plain numbers with their difference, for the auditor's eye.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from evaluation.privacy import mask_text, neutralise_cell, pseudonym

    if settings.weighting.scale == "population":
        raise InputError(
            "de auditwerkmap ondersteunt weging met schaal 'population' niet; "
            "gebruik 'none' of 'sample' (de gewogen cijfers zijn daarvoor gelijk)"
        )
    df = intake.responses
    items = list(codebook.satisfaction.items)
    text_cols = [q.id for q in codebook.questions if q.type == "text" and q.id in df.columns]
    design = settings.design.grade
    rule = design.lonely_psu
    bold = Font(bold=True)

    wb = Workbook()
    note = wb.active
    note.title = NOTE
    ws = wb.create_sheet(RESP)
    fig = wb.create_sheet(FIG)
    se = wb.create_sheet(SE_SHEET)

    # ---- Respondenten -------------------------------------------------------------------
    n_rows = len(df)
    first, last = 2, len(df) + 1
    headers = ["respondent (pseudoniem)", "SPT"]
    headers += [f"{i} (antwoord)" for i in items]
    # Only reverse items need a score column; the others are their own score. Fewer formulas
    # keep the workbook quick to recalculate (and to evaluate in tests).
    reverse = [i for i in items if codebook.question(i).reverse]
    score_start = len(headers) + 1
    headers += [f"{i} (score, omgekeerd)" for i in reverse]
    grade_idx = len(headers) + 1
    headers += ["cijfer", "gewicht", "invloed totaal", "invloed eigen SPT"]
    headers += [f"{c} (gemaskeerd)" for c in text_cols]
    ws.append(headers)
    for c in ws[1]:
        c.font = bold

    spt_c = "B"
    raw_c = [_letter(3 + j) for j in range(len(items))]
    rev_c = {item: _letter(score_start + j) for j, item in enumerate(reverse)}
    score_c = [rev_c.get(item, raw_c[j]) for j, item in enumerate(items)]
    grade_c, w_c, z_c, zk_c = (_letter(grade_idx + j) for j in range(4))
    rng = {
        k: f"{RESP}!${c}${first}:${c}${max(last, first)}"
        for k, c in (("spt", spt_c), ("grade", grade_c), ("w", w_c), ("z", z_c), ("zk", zk_c))
    }
    local = {k: v.split("!", 1)[1] for k, v in rng.items()}
    spt_names = sorted({str(s) for s in df["spt"]}) if n_rows else []
    fig_first = 7
    spt_rows = {name: fig_first + i for i, name in enumerate(spt_names)}
    fig_last = fig_first + max(len(spt_names), 1) - 1
    k_cell = f"{FIG}!$B$1"
    overall_cell = f"{FIG}!$B$2"
    wsum_cell = f"{FIG}!$B$3"

    for r, (_, row) in enumerate(df.iterrows(), start=first):
        values: list[Any] = [
            neutralise_cell(pseudonym(row["respondent_id"], key)),
            neutralise_cell(str(row["spt"])),
        ]
        values += [_answer(row[i]) for i in items]
        for item in reverse:
            scale = codebook.scale_of(codebook.question(item))
            raw = f"{raw_c[items.index(item)]}{r}"
            values.append(f'=IF({raw}="","",{scale.minimum + scale.maximum}-{raw})')
        scores = ",".join(f"{c}{r}" for c in score_c)  # item order, as the analysis sums
        g = f"{grade_c}{r}"
        values.append(
            f'=IF(COUNT({scores})>={codebook.satisfaction.min_valid},AVERAGE({scores}),"")'
        )
        values.append(f"=1/({k_cell}*COUNTIF({local['spt']},{spt_c}{r}))")
        values.append(f'=IF({g}="",0,{w_c}{r}*({g}-{overall_cell})/{wsum_cell})')
        own = f"MATCH({spt_c}{r},{FIG}!$A${fig_first}:$A${fig_last},0)"
        own_grade = f"INDEX({FIG}!$E${fig_first}:$E${fig_last},{own})"
        own_wsum = f"INDEX({FIG}!$D${fig_first}:$D${fig_last},{own})"
        values.append(f'=IF({g}="",0,{w_c}{r}*({g}-{own_grade})/{own_wsum})')
        for c in text_cols:
            text = row[c]
            values.append(
                neutralise_cell(mask_text(str(text)))
                if isinstance(text, str) and text.strip()
                else None
            )
        ws.append(values)

    # ---- Cijfers ---------------------------------------------------------------------------
    fig["A1"] = "Aantal SPT's met respondenten (K)"
    fig["B1"] = f'=COUNTIF($B${fig_first}:$B${fig_last},">0")'
    fig["A2"] = "Gewogen rapportcijfer, alle SPT's"
    fig["B2"] = f'=SUMPRODUCT({rng["w"]},{rng["grade"]})/SUMIFS({rng["w"]},{rng["grade"]},">=0")'
    fig["A3"] = "Som van de gewichten (respondenten met een cijfer)"
    fig["B3"] = f'=SUMIFS({rng["w"]},{rng["grade"]},">=0")'
    fig["A4"] = "Ongewogen aantal respondenten met een cijfer"
    fig["B4"] = f'=COUNTIF({rng["grade"]},">=0")'
    fig_headers = [
        "SPT",
        "n respondenten (n_k)",
        "n met cijfer",
        "som gewichten met cijfer",
        "gewogen cijfer",
    ]
    for j, text in enumerate(fig_headers, start=1):
        fig.cell(row=6, column=j, value=text).font = bold
    for name, r in spt_rows.items():
        fig[f"A{r}"] = neutralise_cell(name)
        fig[f"B{r}"] = f"=COUNTIF({rng['spt']},$A{r})"
        fig[f"C{r}"] = f'=COUNTIFS({rng["spt"]},$A{r},{rng["grade"]},">=0")'
        fig[f"D{r}"] = f'=SUMIFS({rng["w"]},{rng["spt"]},$A{r},{rng["grade"]},">=0")'
        fig[f"E{r}"] = (
            f'=IF(C{r}=0,"",SUMPRODUCT(1*({rng["spt"]}=$A{r}),{rng["w"]},{rng["grade"]})/D{r})'
        )
    for cell in ("A1", "A2"):
        fig[cell].font = bold
    if results is not None:  # the Python figures beside the formulas, for the auditor's eye
        sat = results.satisfaction
        fig["C1"] = "results.json"
        fig["C2"] = sat.overall.estimate
        fig["D1"] = "verschil"
        fig["D2"] = '=IF(C2="","",B2-C2)'
        fig.cell(row=6, column=6, value="results.json").font = bold
        fig.cell(row=6, column=7, value="verschil").font = bold
        for name, r in spt_rows.items():
            spt = sat.by_spt.get(name)
            fig[f"F{r}"] = spt.estimate if spt is not None else None
            fig[f"G{r}"] = f'=IF(OR(E{r}="",F{r}=""),"",E{r}-F{r})'

    # ---- Standaardfout ---------------------------------------------------------------------
    invited = register.invited() if design.fpc == "invited" else {}
    se_headers = [
        "SPT (stratum)",
        "n_h respondenten",
        "N_h uitgenodigd",
        "f_h = n_h / N_h",
        "schaal",
        "aanwezig",
        "centrum totaal",
        "kwadratensom totaal",
        "bijdrage totaal",
        "centrum eigen SPT",
        "kwadratensom eigen SPT",
        "variantie eigen SPT",
        "standaardfout eigen SPT",
    ]
    for j, text in enumerate(se_headers, start=1):
        se.cell(row=6, column=j, value=text).font = bold

    for name, r in spt_rows.items():
        se[f"A{r}"] = neutralise_cell(name)
        se[f"B{r}"] = f"=COUNTIF({rng['spt']},$A{r})"
        se[f"C{r}"] = invited.get(name)
        # no fpc where the invited count is unknown or below the respondents (as the analysis)
        se[f"D{r}"] = f'=IF(C{r}="",0,IF(C{r}>=B{r},B{r}/C{r},0))'
        se[f"E{r}"] = _scale_formula(rule, f"B{r}", f"D{r}")
        se[f"F{r}"] = f'=IF(COUNTIFS({rng["spt"]},$A{r},{rng["grade"]},">=0")>0,1,0)'
        centre = "0" if rule == "adjust" else f"SUMIF({rng['spt']},$A{r},{rng['z']})/B{r}"
        se[f"G{r}"] = f"=IF(B{r}>1,SUMIF({rng['spt']},$A{r},{rng['z']})/B{r},{centre})"
        se[f"H{r}"] = f"=SUMPRODUCT(({rng['spt']}=$A{r})*({rng['z']}-G{r})^2)"
        se[f"I{r}"] = f"=F{r}*E{r}*H{r}"
        centre_k = "0" if rule == "adjust" else f"SUMIF({rng['spt']},$A{r},{rng['zk']})/B{r}"
        se[f"J{r}"] = f"=IF(B{r}>1,SUMIF({rng['spt']},$A{r},{rng['zk']})/B{r},{centre_k})"
        se[f"K{r}"] = f"=SUMPRODUCT(({rng['spt']}=$A{r})*({rng['zk']}-J{r})^2)"
        se[f"L{r}"] = f"=F{r}*E{r}*K{r}"
        se[f"M{r}"] = f"=SQRT(L{r})"
    se["A1"] = "Variantie gewogen rapportcijfer, alle SPT's"
    if rule == "average":
        present = f"SUM($F${fig_first}:$F${fig_last})"
        with_var = f'COUNTIFS($F${fig_first}:$F${fig_last},1,$B${fig_first}:$B${fig_last},">1")'
        se["B1"] = f"=SUM($I${fig_first}:$I${fig_last})*{present}/{with_var}"
    else:
        se["B1"] = f"=SUM($I${fig_first}:$I${fig_last})"
    se["A2"] = "Standaardfout gewogen rapportcijfer, alle SPT's"
    se["B2"] = "=SQRT(B1)"
    for cell in ("A1", "A2"):
        se[cell].font = bold
    se["A4"] = (
        f"Ontwerp: SPT als stratum, elke respondent een eigen eenheid, eindige-populatiecorrectie "
        f"met het aantal uitgenodigden ({'ja' if invited else 'nee'}), regel voor een stratum met "
        f"één respondent: '{rule}'. V = som over strata van schaal x som (invloed - centrum)^2."
    )

    # ---- Toelichting -----------------------------------------------------------------------
    lines = [
        f"Auditwerkmap {settings.year}: VERTROUWELIJK, niet openbaar maken.",
        "Niets is onderdrukt: ook SPT's met minder dan het minimum aantal respondenten staan erin.",
        "Respondentnummers zijn vervangen door een pseudoniem (sleutel-gebaseerde hash); "
        "namen, e-mailadressen en telefoonnummers in vrije tekst zijn gemaskeerd.",
        "",
        f"Blad {RESP}: de antwoorden (1 = helemaal mee oneens ... 5 = helemaal mee eens; leeg = "
        "ontbrekend of 'weet niet'), de scores (omgekeerde stelling als 6 - antwoord), het cijfer "
        f"(gemiddelde van de scores bij minstens {codebook.satisfaction.min_valid} geldige scores) "
        "en het gewicht 1 / (K x n_k): K SPT's met respondenten, n_k geldige respondenten van "
        "het SPT (zoals de analyse: ook wie geen cijfer heeft telt mee in n_k; het gewogen "
        "cijfer deelt door de som van de gewichten van wie wel een cijfer heeft).",
        f"Blad {FIG}: het gewogen rapportcijfer, totaal en per SPT (SUMPRODUCT-formules).",
        f"Blad {SE_SHEET}: de standaardfout volgens het steekproefontwerp "
        "(Taylor-linearisering, zoals R survey), totaal en per SPT.",
        "",
        "Alle cijfers zijn formules: wijzig een antwoord en alles rekent mee.",
        f"Codeboek versie {codebook.version}, SHA-256 invoer "
        f"{getattr(intake, 'source_sha256', '') or 'onbekend'}.",
    ]
    for i, line in enumerate(lines, start=1):
        note.cell(row=i, column=1, value=line)
    note["A1"].font = bold

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(wb, out)
    return WorkbookLayout(
        first_row=first,
        last_row=last,
        spt_col=spt_c,
        grade_col=grade_c,
        weight_col=w_c,
        overall_cell="B2",
        spt_rows=spt_rows,
        grade_col_fig="E",
        se_overall_cell="B2",
        se_col="M",
    )
