"""The one working folder chosen at start: every upload and output lives under it, in folders
the server chooses; a name sent by the browser is checked before it names a file there (so that
every message names the user's file)."""

from __future__ import annotations

import itertools
import json
import unicodedata
from pathlib import Path

from evaluation import safe_files
from evaluation.errors import ErrorCode, InputError
from evaluation.routine.options import Options

EXPORTS = {".csv", ".xlsx", ".sav"}
REPORTS = {".pdf"}
CHUNK = 1 << 20
OPTIONS_NAME = "opties.json"


def checked_name(name: str | None, allowed: set[str]) -> str:
    """The browser's file name, as it may name a file in a folder the server chose: refused when
    it names a folder or climbs out (`../`), holds control characters, or has a suffix outside
    `allowed`."""
    name = name or ""
    if not name.strip():
        raise InputError(ErrorCode.CHOOSE_A_FILE)
    if "/" in name or "\\" in name or ".." in name or name.startswith("."):
        raise InputError(ErrorCode.FILE_NAME_WITH_FOLDER)
    if any(unicodedata.category(c)[0] == "C" for c in name) or len(name) > 255:
        raise InputError(ErrorCode.FILE_NAME_CHARACTERS)
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        kinds = ", ".join(sorted(allowed))
        raise InputError(ErrorCode.FILE_KIND_REFUSED, kinds=kinds)
    return name


class Workspace:
    """work/uploads/<n>/ for uploads, work/<year>/ for a year's outputs, work/tmp for spooling."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        for sub in ("uploads", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count(self._next_number())

    def _next_number(self) -> int:
        taken = [int(p.name) for p in (self.root / "uploads").iterdir() if p.name.isdigit()]
        return max(taken, default=0) + 1

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def new_upload_folder(self) -> Path:
        folder = self.root / "uploads" / str(next(self._numbers))
        folder.mkdir(parents=True, exist_ok=False)
        return folder

    def save_to(self, source, target: Path) -> Path:
        """Copy an uploaded file object to `target`, in a folder the server chose."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with safe_files.open_new(target, "wb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        return target

    def year_folder(self, year: int) -> Path:
        return self.root / str(int(year))

    def load_options(self) -> Options:
        try:
            data = json.loads((self.root / OPTIONS_NAME).read_text(encoding="utf-8"))
            return Options.model_validate(data)
        except (OSError, ValueError):
            return Options()

    def save_options(self, options: Options) -> None:
        safe_files.write_text(self.root / OPTIONS_NAME, options.model_dump_json(indent=1))
