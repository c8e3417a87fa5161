"""One run: load the inputs, intake, analysis, disclosure, and the run record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.disclosure.publish import Disclosure, disclose
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.manifest import (
    MANIFEST_NAME,
    RESULTS_NAME,
    build_manifest,
    manifest_json,
    manifest_short_hash,
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
