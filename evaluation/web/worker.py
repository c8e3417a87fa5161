"""Renders run in a separate process, so the page stays responsive; progress and outcome are a
small JSON file in the year's folder that the page polls."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from evaluation import safe_files
from evaluation.errors import SptEvalError, os_reason
from evaluation.routine.options import Options
from evaluation.routine.year import make_stored_year, make_year
from evaluation.web.wording import page_text

PROGRESS_NAME = "voortgang.json"
LOG_NAME = "serve.log"
SUMMARY_NAME = "samenvatting.json"


def _write(path: Path, **state: object) -> None:
    safe_files.write_text(path, json.dumps(state, ensure_ascii=False))


def _child(
    export: str | None, options: dict, folder: str, log: str, surveys: str, store: str
) -> None:
    """The worker process: the whole year, with (done, total) written after every file. It
    leads its own process group, so stopping it stops the workers it forks for the PDFs, and a
    Ctrl+C in the server's terminal reaches the server only (which then stops the group)."""
    os.setsid()
    progress = Path(folder) / PROGRESS_NAME
    _write(progress, state="bezig", done=0, total=0, stage="inlezen en rekenen")
    begun = time.monotonic()

    def tick(done: int, total: int) -> None:
        _write(progress, state="bezig", done=done, total=total, stage="rapport en kaarten")

    try:
        chosen = Options.model_validate(options)
        if export is None:  # a stored year of the monitor, as `report --store` renders it
            made = make_stored_year(Path(store), chosen, Path(folder), tick)
        else:
            made = make_year(Path(export), chosen, Path(folder), tick, Path(surveys), Path(store))
    except SptEvalError as exc:
        _write(progress, state="fout", message=page_text(exc))
    except OSError as exc:
        _write(
            progress,
            state="fout",
            message=f"een bestand kon niet worden geschreven: {os_reason(exc)}",
        )
    except MemoryError:
        _write(progress, state="fout", message="onvoldoende geheugen voor deze invoer")
    except Exception:  # noqa: BLE001 - the page shows a Dutch line; the details go to the log
        safe_files.append_text(log, traceback.format_exc())
        _write(progress, state="fout", message=f"onverwachte fout; de details staan in {log}")
    else:
        if made.summary is not None:  # the PDF's Samenvatting, for the run's page
            _write(Path(folder) / SUMMARY_NAME, **made.summary)
        n = len(made.cards)
        took = round(time.monotonic() - begun)
        _write(progress, state="klaar", done=1, total=1, stage="klaar", cards=n, took=took)


@dataclass
class Job:
    """One render: its process and the folder whose progress file it writes."""

    options: Options  # as the year was rendered with them
    folder: Path
    process: multiprocessing.Process
    started: float

    @property
    def year(self) -> int:
        return self.options.year

    def status(self) -> dict:
        """The progress file's state; a process that ended without a word is an error."""
        try:
            state = json.loads((self.folder / PROGRESS_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {"state": "bezig", "done": 0, "total": 0, "stage": "starten"}
        if state.get("state") == "bezig" and not self.process.is_alive():
            self.process.join(timeout=0)
            state = {"state": "fout", "message": "het maken van het rapport stopte onverwacht"}
        state["seconds"] = state.get("took", round(time.monotonic() - self.started))
        return state

    @property
    def running(self) -> bool:
        return self.status()["state"] == "bezig"

    def stop(self) -> None:
        """End the render and every worker it started (its whole process group)."""
        pid = self.process.pid
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pid, sig)
            except (ProcessLookupError, PermissionError):  # not yet its own group leader
                if self.process.is_alive():
                    self.process.kill()
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _group_alive(pid):
                self.process.join(timeout=0.05)
            if not _group_alive(pid):
                break
        self.process.join(timeout=1)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(
    export: Path | None, options: Options, folder: Path, log: Path, surveys: Path, store: Path
) -> Job:
    """Start rendering the year in a fresh (spawned) process: no thread of the server is copied.
    Without an export, the stored year of the monitor is rendered again."""
    folder.mkdir(parents=True, exist_ok=False)  # a new folder per render: nothing of an earlier
    ctx = multiprocessing.get_context("spawn")
    args = (
        None if export is None else str(export),
        options.model_dump(),
        str(folder),
        str(log),
        str(surveys),
        str(store),
    )
    process = ctx.Process(target=_child, args=args, name=f"spt-eval-{options.year}", daemon=False)
    process.start()
    return Job(options, folder, process, time.monotonic())
