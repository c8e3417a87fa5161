"""The years of the monitor: keep an export as its year's wave, and an overview of every year
with the files made for it and whether its report was verified."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.audit.compare import OK
from evaluation.audit.verify import VerifyResult
from evaluation.intake.readers import read_table
from evaluation.intake.result import IntakeResult
from evaluation.intake.suspects import check_decided
from evaluation.intake.validate import read_survey
from evaluation.intake.wording import check_wording
from evaluation.manifest import RESULTS_NAME, sha256_file
from evaluation.pipeline import Inputs
from evaluation.privacy import load_key
from evaluation.routine.produce import cards_zip_name
from evaluation.routine.year_check import refuse_wrong_year
from evaluation.safe_files import write_text
from evaluation.store.waves import add_wave, is_stored, list_waves

VERIFIED_NAME = "verify.json"


def keep_wave(
    con,
    path: Path,
    inputs: Inputs,
    *,
    key: bytes | None = None,
    replace: bool = False,
    republish: bool = False,
) -> tuple[str, IntakeResult | None]:
    """Store the export as its year's wave: 'toegevoegd', 'vervangen' or 'ongewijzigd'; another
    file of a stored year is `YearTaken` unless `replace`, of a published one `YearPublished`
    unless `republish` too.

    The same file again is recognised by its checksum before anything is read (no intake).
    Before the intake, the export's dates and the stored waves are checked (`refuse_wrong_year`)
    on the same reading of the file."""
    year = inputs.settings.year
    sha = sha256_file(path) if path.is_file() else ""
    if sha and is_stored(con, year, sha, inputs):
        return "ongewijzigd", None
    raw = read_table(path, inputs.codebook)
    refuse_wrong_year(con, path, inputs.codebook, year, sha or raw.sha256, raw)
    intake = read_survey(path, inputs.codebook, inputs.register, inputs.settings.intake, raw)
    del raw  # the intake holds what it needs
    check_wording(  # decided first
        inputs.codebook, intake.column_map, intake.source_path, intake.column_texts
    )
    check_decided(intake)  # rows that may be tests: stored only after the user's word
    key = key if key is not None else load_key()
    what = add_wave(con, inputs, intake, key=key, replace=replace, republish=republish)
    return what, intake


def output_names(year: int) -> dict[str, str]:
    """The names of the files made for a year in its folder, by kind."""
    return {
        "rapport": f"spt-monitor-{year}.pdf",
        "kaarten": cards_zip_name(year),
        "tabellen": "tables.xlsx",
        "auditwerkmap": f"audit-{year}.xlsx",
        "resultaten": RESULTS_NAME,
        "quarantaine": "quarantine.csv",
    }


def year_files(folder: Path, year: int) -> dict[str, Path]:
    """The files made for a year in its folder, by kind (only those that exist)."""
    names = output_names(year)
    return {kind: folder / name for kind, name in names.items() if (folder / name).is_file()}


def record_verified(folder: Path, result: VerifyResult, report_name: str) -> dict:
    """Keep the outcome of verifying a year's report beside it (the start page shows it)."""
    figures = result.figures
    outcome = {
        "report": report_name,
        "ok": result.ok,
        "agree": sum(r.status == OK for r in figures),
        "figures": len(figures),
        "differing": [r.path for r in result.differing][:50],
    }
    write_text(folder / VERIFIED_NAME, json.dumps(outcome, ensure_ascii=False, indent=1))
    return outcome


@dataclass(frozen=True)
class YearRow:
    """One year on the start page: its wave in the store (if any), files and verify outcome."""

    year: int
    stored: bool
    input_name: str = ""
    valid: int = 0
    quarantined: int = 0
    reports: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    verified: dict | None = None


def _verified(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / VERIFIED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def overview(con, work: Path) -> list[YearRow]:
    """Every year in the store (current wave) or with files in the working folder, newest first."""
    waves = {
        w.year: w for w in (list_waves(con) if con is not None else []) if w.status == "current"
    }
    years = set(waves)
    if work.is_dir():
        years |= {int(p.name) for p in work.iterdir() if p.is_dir() and p.name.isdigit()}
    rows = []
    for year in sorted(years, reverse=True):
        folder = work / str(year)
        w = waves.get(year)
        rows.append(
            YearRow(
                year=year,
                stored=w is not None,
                input_name=Path(w.input_name).name if w else "",
                valid=w.valid if w else 0,
                quarantined=w.quarantined if w else 0,
                reports=w.reports if w else 0,
                files=year_files(folder, year),
                verified=_verified(folder),
            )
        )
    return rows
