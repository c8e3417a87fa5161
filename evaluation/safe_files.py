"""Write output files without following symbolic links: a fresh temporary file in the target
folder (O_CREAT | O_EXCL | O_NOFOLLOW), then a rename over the output name. An existing symlink
at an output name is refused with a Dutch message; a failure leaves no half-written file."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from evaluation.errors import ErrorCode, InputError, os_reason

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def refuse_symlink(path: str | Path) -> Path:
    """The output path, or InputError when a symbolic link (or other non-file) sits at its name."""
    p = Path(path)
    try:
        mode = os.lstat(p).st_mode
    except FileNotFoundError:
        return p
    except OSError as exc:
        raise InputError(ErrorCode.WRITE_TO_FAILED, file=str(p), reason=os_reason(exc)) from None
    if stat.S_ISLNK(mode):
        raise InputError(ErrorCode.OUTPUT_IS_LINK, file=str(p))
    if stat.S_ISDIR(mode):
        raise InputError(ErrorCode.OUTPUT_IS_FOLDER, file=str(p))
    if not stat.S_ISREG(mode):
        raise InputError(ErrorCode.OUTPUT_NOT_REGULAR, file=str(p))
    return p


def _fresh(folder: Path, name: str) -> tuple[int, Path]:
    """A new, empty temporary file beside the output (never an existing file or link)."""
    for _ in range(8):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(
                ErrorCode.WRITE_FAILED, folder=str(folder), reason=os_reason(exc)
            ) from None
    raise InputError(ErrorCode.NO_TEMPORARY_NAME, folder=str(folder))


@contextmanager
def new_path(path: str | Path) -> Iterator[Path]:
    """A temporary path for a library that writes by name; renamed to `path` when the block ends.

    On an error the temporary file is removed and the output name is left as it was.
    """
    target = refuse_symlink(path)
    fd, tmp = _fresh(target.parent, target.name)
    os.close(fd)
    try:
        yield tmp
        refuse_symlink(target)  # planted while we wrote: still not followed
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def open_new(path: str | Path, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """An open handle on a fresh temporary file that becomes `path` when the block ends."""
    with new_path(path) as tmp:
        flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(tmp, flags), mode, **kwargs) as fh:
            yield fh


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` without following a link there; the path written."""
    with open_new(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` as `write_bytes` does."""
    return write_bytes(path, text.encode(encoding))


def contained(folder: str | Path, name: str, what: str) -> Path:
    """`folder / name` when `name` is relative and stays inside `folder` (links resolved); else
    InputError. For file names read from a file (a codebook's register_file, a manifest)."""
    base = Path(folder).resolve()
    if "\x00" in name:
        raise InputError(ErrorCode.NAME_HAS_NUL, what=what, folder=str(base))
    if Path(name).is_absolute():
        raise InputError(ErrorCode.NAME_NOT_RELATIVE, what=what, name=name, folder=str(base))
    target = (base / name).resolve()
    if target != base and base not in target.parents:
        raise InputError(ErrorCode.NAME_OUTSIDE_FOLDER, what=what, name=name, folder=str(base))
    return base / name


def append_text(path: str | Path, text: str) -> None:
    """Add `text` to the end of a log file, created if missing; a link at its name is refused."""
    p = refuse_symlink(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(p, flags, 0o600), "a", encoding="utf-8") as fh:
        fh.write(text)
