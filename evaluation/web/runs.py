"""A run is the unit of the web page: one upload, its check, its year and options, and its
renders, in its own folder `runs/<id>/` with `run.json`. Each page is addressed by the run's id,
so two tabs never share an export; only the files of a run's last finished render are offered."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from evaluation import safe_files
from evaluation.errors import ErrorCode, InputError

RUN_NAME = "run.json"
RUN_ID = re.compile(r"^[0-9a-f]{12}$")
DAY = 24 * 3600
# what a run's status says on the page
STATUSES = {
    "nieuw": "nog niet gemaakt",
    "bezig": "bezig",
    "klaar": "klaar",
    "afgebroken": "afgebroken",
    "mislukt": "mislukt",
}


class RunInfo(BaseModel):
    """What the server keeps of a run between pages (and restarts)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    shown_name: str  # the user's file name, only shown
    suffix: str  # the export's suffix on disk (.csv, .xlsx, .sav); '' for a stored year
    created: float
    status: str = "nieuw"
    tool: str = ""
    sha256: str = ""
    proposed_year: int | None = None
    proposed_basis: str = ""
    year: int | None = None  # confirmed by the user; None until then
    options: dict = {}
    render: int = 0  # number of the last render (its folder uitvoer-<n>)
    message: str = ""  # why the last render failed
    stored_year: int | None = None  # a run made from a stored year of the monitor
    definition: str = ""  # the survey definition's shown name, when one was uploaded


class Runs:
    """work/runs/<id>/: run.json, invoer/<the user's file name>, quarantine.csv, uitvoer-<n>/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "runs"
        self.root.mkdir(parents=True, exist_ok=True)

    def folder(self, run_id: str) -> Path:
        if not RUN_ID.match(run_id):
            raise InputError(ErrorCode.RUN_UNKNOWN)
        return self.root / run_id

    def new(self, shown_name: str, suffix: str, **values) -> RunInfo:
        run = RunInfo(
            id=secrets.token_hex(6),
            shown_name=shown_name,
            suffix=suffix,
            created=time.time(),
            **values,
        )
        self.folder(run.id).mkdir(parents=False, exist_ok=False)
        self.save(run)
        return run

    def save(self, run: RunInfo) -> None:
        safe_files.write_text(self.folder(run.id) / RUN_NAME, run.model_dump_json(indent=1))

    def load(self, run_id: str) -> RunInfo:
        path = self.folder(run_id) / RUN_NAME
        try:
            return RunInfo.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            raise InputError(ErrorCode.RUN_GONE) from None

    def export(self, run: RunInfo) -> Path:
        """The upload, under the user's (checked) file name, so that every message names it."""
        return self.folder(run.id) / "invoer" / (run.shown_name if run.suffix else "-")

    def output(self, run: RunInfo, render: int | None = None) -> Path:
        return self.folder(run.id) / f"uitvoer-{run.render if render is None else render}"

    def all(self) -> list[RunInfo]:
        """Every run, newest first."""
        out = []
        for p in self.root.iterdir():
            if RUN_ID.match(p.name):
                try:
                    out.append(self.load(p.name))
                except InputError:
                    continue
        return sorted(out, key=lambda r: r.created, reverse=True)

    def delete(self, run_id: str) -> None:
        folder = self.folder(run_id)
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)

    def on_start(self, keep_days: int) -> tuple[int, int]:
        """At start: runs older than `keep_days` are deleted, a render that was still 'bezig'
        when the server stopped is 'afgebroken' (its files are never offered). Returns (deleted,
        broken off)."""
        deleted = broken = 0
        cutoff = time.time() - keep_days * DAY
        for p in list(self.root.iterdir()):
            if not RUN_ID.match(p.name):
                continue
            try:
                run = self.load(p.name)
            except InputError:
                run = None
            if run is None or run.created < cutoff:
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                    deleted += 1
                continue
            if run.status == "bezig":
                run.status, run.message = "afgebroken", "de server stopte tijdens het maken"
                self.save(run)
                broken += 1
        return deleted, broken


def sweep_old(folder: Path, keep_days: int) -> None:
    """Delete entries of an older layout's folder (uploads/<n>) older than `keep_days`."""
    if not folder.is_dir():
        return
    cutoff = time.time() - keep_days * DAY
    for p in folder.iterdir():
        if p.is_symlink() or p.stat().st_mtime >= cutoff:
            continue
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
