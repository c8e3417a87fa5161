"""What the server remembers between pages: the session token, the working folder, the store,
the options, the export being checked and the render in progress (one user, one machine)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.routine.check import ExportCheck
from evaluation.routine.options import Options
from evaluation.web.worker import Job
from evaluation.web.workspace import Workspace


@dataclass
class Upload:
    """The export being prepared: where the server keeps it, the name the user knows it by
    (shown only) and the outcome of its check."""

    path: Path
    shown_name: str
    check: ExportCheck | None = None


@dataclass
class State:
    work: Workspace
    store: Path
    port: int
    max_bytes: int
    surveys: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    options: Options = field(default_factory=Options)
    upload: Upload | None = None
    job: Job | None = None
    verified: dict | None = None  # the last verify table shown on the verify page

    @property
    def log(self) -> Path:
        return self.work.root / "serve.log"
