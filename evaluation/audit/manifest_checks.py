"""The manifest checked whole, and the report's printed text against its attachments.

Beside the input hashes `verify` compares every part of manifest.json that the run decides
(its version, the counts, the suppression log, the settings against the settings file, the
satisfaction items against the codebook) with the recomputed run, and each PDF's printed
figures, kenmerken and version with the attached files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from evaluation.audit.compare import ABSENT, DIFFERS, NOT_CHECKABLE, OK, Check, compare
from evaluation.audit.printed import PRINTED, compare_printed, printed_kenmerk, read_printed
from evaluation.manifest import (
    MANIFEST_NAME,
    MANIFEST_VERSION,
    RESULTS_NAME,
    manifest_short_hash,
    settings_parameters,
    short_hash,
)
from evaluation.pipeline import Run

MANIFEST = "manifest"  # the Check kind of these rows


def _part(label: str, recorded: Any, recomputed: Any) -> list[Check]:
    """One part of the manifest against the recomputed run: one row when it agrees, else a
    row per differing leaf."""
    differing = [r for r in compare(recorded, recomputed) if r.status != OK]
    if not differing:
        return [Check(label, "gelijk", "gelijk", OK, MANIFEST)]
    return [
        Check(f"{label}: {r.path}", r.recorded, r.recomputed, r.status, MANIFEST) for r in differing
    ]


def manifest_checks(manifest: dict, run: Run) -> list[Check]:
    """Version, counts, suppression log and satisfaction items of the manifest against the run."""
    version = manifest.get("manifest_version", ABSENT)
    rows = [
        Check(
            "manifest: versie van het manifest",
            version,
            MANIFEST_VERSION,
            OK if version == MANIFEST_VERSION else DIFFERS,
            MANIFEST,
        )
    ]
    intake = run.intake
    counts = {
        "rows_read": intake.rows_read,
        "valid": intake.valid,
        "quarantined": intake.quarantined,
        "excluded": intake.excluded,
        "item_errors": intake.item_errors,
    }
    rows += _part("manifest: aantallen", manifest.get("counts", ABSENT), counts)
    rows += _part(
        "manifest: weggelaten cijfers",
        manifest.get("suppression", ABSENT),
        run.published.log_dicts(),
    )
    codebook = run.inputs.codebook
    items = {
        "items": list(codebook.satisfaction.items),
        "reverse_items": codebook.reverse_items,
        "min_valid": codebook.satisfaction.min_valid,
    }
    recorded = (manifest.get("parameters") or {}).get("satisfaction", ABSENT)
    rows += _part("manifest: stellingen van de tevredenheidsscore", recorded, items)
    return rows


def settings_checks(manifest: dict, run: Run) -> list[Check]:
    """The manifest's settings against the settings file the run was recomputed with."""
    recorded = (manifest.get("parameters") or {}).get("settings", ABSENT)
    return _part("manifest: instellingen", recorded, settings_parameters(run.inputs.settings))


VERSION = re.compile(r"spt-eval (?:versie )?(\d+(?:\.\d+)+(?:[a-z]+\d*)?)")


def pdf_checks(
    pdf: Path, pdf_bytes: bytes, files: dict[str, bytes], manifest: dict, run: Run
) -> list[Check]:
    """One PDF's printed figures, kenmerken and version against its attached files."""
    printed = read_printed(pdf_bytes)
    rows = compare_printed(pdf.name, printed, run, files, manifest)
    for name, actual in (
        (RESULTS_NAME, short_hash(files[RESULTS_NAME])),
        (MANIFEST_NAME, manifest_short_hash(manifest)),
    ):
        shown = printed_kenmerk(printed, name)
        status = NOT_CHECKABLE if shown is None else OK if shown == actual else DIFFERS
        label = f"gedrukt kenmerk van {name} in {pdf.name}"
        rows.append(Check(label, shown if shown else ABSENT, actual, status, PRINTED))
    found = VERSION.search(" ".join("\n".join(printed.pages).split()))
    recorded = (manifest.get("package") or {}).get("version")
    if found is not None:
        same = found.group(1) == recorded
        label = f"versie van spt-eval in het manifest en in {pdf.name}"
        rows.append(Check(label, recorded, found.group(1), OK if same else DIFFERS, PRINTED))
    return rows
