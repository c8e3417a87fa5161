"""What the server remembers: the session token, the working folder, the store, the default
options, and per run (by id) the outcome of its check and its render in progress."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.routine.check import ExportCheck
from evaluation.routine.options import Options
from evaluation.web.runs import Runs
from evaluation.web.worker import Job
from evaluation.web.workspace import Workspace


@dataclass
class State:
    work: Workspace
    store: Path
    port: int
    max_bytes: int
    surveys: Path
    keep_days: int = 30
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    options: Options = field(default_factory=Options)  # the defaults for a new run
    checks: dict[str, ExportCheck] = field(default_factory=dict)  # run id -> its check
    jobs: dict[str, Job] = field(default_factory=dict)  # run id -> its render
    lock: threading.Lock = field(default_factory=threading.Lock)  # run.json read-modify-write
    verified: dict | None = None  # the last verify table shown on the verify page

    @property
    def runs(self) -> Runs:
        return Runs(self.work.root)

    @property
    def log(self) -> Path:
        return self.work.root / "serve.log"
