"""The store file: open it, migrate its schema, and write in one immediate transaction.

SQLite in WAL mode, STRICT tables, foreign keys on. The schema version is `PRAGMA
user_version`; `MIGRATIONS[i]` takes a store from version i to i + 1, so a store made by
an older spt-eval is brought up to date on open, and one made by a newer one is refused.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.store.publications import MIGRATION as PUBLICATIONS
from evaluation.store.upgrade import compact_answers, keep_absent_questions

DEFAULT_STORE = Path("reports") / "spt-monitor.sqlite"

V1 = """
CREATE TABLE wave (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  added_at TEXT NOT NULL,
  superseded_at TEXT,
  input_name TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  codebook_name TEXT NOT NULL,
  codebook_version TEXT NOT NULL,
  codebook_sha256 TEXT NOT NULL,
  codebook_text TEXT NOT NULL,
  register_name TEXT NOT NULL,
  register_sha256 TEXT NOT NULL,
  register_text TEXT NOT NULL,
  settings_name TEXT NOT NULL,
  settings_sha256 TEXT NOT NULL,
  settings_text TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  excluded INTEGER NOT NULL DEFAULT 0,
  item_errors INTEGER NOT NULL,
  columns_json TEXT NOT NULL,
  results_json TEXT  -- the wave's Results, NULL until it is first analysed
) STRICT;
CREATE UNIQUE INDEX wave_current_year ON wave (year) WHERE status = 'current';
CREATE TABLE response (
  wave_id INTEGER NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  respondent TEXT NOT NULL,
  spt TEXT NOT NULL,
  weight REAL NOT NULL,
  answers TEXT NOT NULL,
  missing TEXT NOT NULL,
  PRIMARY KEY (wave_id, position)
) STRICT;
CREATE TABLE problem_count (
  wave_id INTEGER NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
  level TEXT NOT NULL CHECK (level IN ('row', 'item', 'excluded')),
  code TEXT NOT NULL,
  column_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (wave_id, level, code, column_name)
) STRICT;
CREATE TABLE report_run (
  id INTEGER PRIMARY KEY,
  wave_id INTEGER NOT NULL REFERENCES wave (id) ON DELETE CASCADE,
  made_at TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  results_json TEXT NOT NULL,
  manifest_json TEXT NOT NULL
) STRICT;
"""

V2 = """
CREATE TABLE spt_results_file (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  added_at TEXT NOT NULL,
  superseded_at TEXT,
  input_name TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  valid_rows INTEGER NOT NULL,
  quarantined INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX spt_results_current_year ON spt_results_file (year) WHERE status = 'current';
CREATE TABLE spt_result (
  file_id INTEGER NOT NULL REFERENCES spt_results_file (id) ON DELETE CASCADE,
  spt TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (file_id, spt)
) STRICT;
CREATE TABLE spt_results_quarantine (
  file_id INTEGER NOT NULL REFERENCES spt_results_file (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  PRIMARY KEY (file_id, row)
) STRICT;
ALTER TABLE report_run ADD COLUMN trends_json TEXT;
"""

# Each step is SQL text, or a function of the connection for what SQL alone cannot derive.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    V1,
    V2,
    keep_absent_questions,
    compact_answers,
    PUBLICATIONS,  # version 5: which wave version each published year used
    # version 6: each wave's fingerprints, made once at `store add` (NULL: made when read)
    "ALTER TABLE answers ADD COLUMN fingerprints TEXT",
]
SCHEMA_VERSION = len(MIGRATIONS)
COMPACT_VERSION = 4  # from here the answers are Parquet (compact_answers)


def _version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def migrate(con: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations after the store's version, each in its own transaction."""
    start = _version(con)
    for version in range(start, upto):
        step = MIGRATIONS[version]
        with transaction(con):
            if callable(step):
                step(con)
            else:
                for statement in step.split(";"):
                    if statement.strip():
                        con.execute(statement)
            con.execute(f"PRAGMA user_version = {version + 1}")
    if start < COMPACT_VERSION <= _version(con):
        con.execute("VACUUM")  # give the pages of the dropped JSON answers back to the disk
    return _version(con)


class Store(sqlite3.Connection):
    """A store connection that knows its file (for the Dutch messages about it)."""

    path: Path


# SQLite's primary result codes -> what is wrong with the store, in Dutch.
SQLITE_REASONS = {
    3: "geen toegang (rechten)",  # SQLITE_PERM
    5: "is in gebruik door een ander proces; probeer het later opnieuw",  # SQLITE_BUSY
    6: "is vergrendeld door een ander proces; probeer het later opnieuw",  # SQLITE_LOCKED
    7: "onvoldoende geheugen",  # SQLITE_NOMEM
    8: "kan niet worden geschreven (alleen-lezen bestand of map)",  # SQLITE_READONLY
    10: "lees- of schrijffout van de schijf",  # SQLITE_IOERR
    11: "is beschadigd (onvolledig of aangetast); zet een reservekopie terug",  # SQLITE_CORRUPT
    13: "schijf vol",  # SQLITE_FULL
    14: "kan niet worden geopend (map ontbreekt, alleen-lezen of geen rechten)",  # CANTOPEN
    18: "bevat een te grote waarde",  # SQLITE_TOOBIG
    19: "past niet bij het schema (beschadigd of met de hand gewijzigd)",  # CONSTRAINT
    26: "is geen SPT-opslag (geen SQLite-bestand)",  # SQLITE_NOTADB
}


def sqlite_reason(exc: sqlite3.Error) -> str:
    """A SQLite error as a Dutch reason (never the library's English text)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in SQLITE_REASONS:
        return SQLITE_REASONS[code & 0xFF]
    if isinstance(exc, sqlite3.IntegrityError):
        return SQLITE_REASONS[19]
    if isinstance(exc, sqlite3.OperationalError):  # no such table/column: another schema
        return "mist tabellen of kolommen van een SPT-opslag (beschadigd of geen SPT-opslag)"
    return "kan niet worden gebruikt (beschadigd of geen SPT-opslag)"


def _where(con_or_path) -> str:
    return str(getattr(con_or_path, "path", con_or_path))


@contextmanager
def store_errors(con_or_path) -> Iterator[None]:
    """SQLite errors while using a store as one Dutch InputError naming the store file."""
    try:
        yield
    except sqlite3.Error as exc:
        raise InputError(
            ErrorCode.STORE_UNUSABLE, store=_where(con_or_path), reason=sqlite_reason(exc)
        ) from None


def reads_contents(fn):
    """For a function `fn(con, ...)` that decodes what the store holds (JSON, models, types):
    contents that do not decode are a damaged store, said in Dutch, not a traceback."""

    @functools.wraps(fn)
    def wrapper(con, *args, **kwargs):
        with store_errors(con):
            try:
                return fn(con, *args, **kwargs)
            except (ValueError, KeyError, TypeError, IndexError):
                raise InputError(ErrorCode.STORE_DAMAGED, store=_where(con)) from None

    return wrapper


def _refuse_links(p: Path) -> bool:
    """Whether the store file exists; InputError when it, or a file SQLite keeps beside it, is a
    symbolic link (SQLite would write through it) or not a regular file."""
    exists = False
    for name in (p, *(p.with_name(p.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            mode = os.lstat(name).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise InputError(ErrorCode.STORE_PATH, store=str(name), reason=os_reason(exc)) from None
        if stat.S_ISLNK(mode):
            raise InputError(ErrorCode.STORE_LINK, store=str(name))
        if stat.S_ISDIR(mode):
            raise InputError(ErrorCode.STORE_FOLDER, store=str(name))
        if not stat.S_ISREG(mode):
            raise InputError(ErrorCode.STORE_NOT_FILE, store=str(name))
        exists = exists or name == p
    return exists


def _intact(con: sqlite3.Connection, p: Path) -> None:
    """A damaged page anywhere is found on open (a store is small; this reads it once), not
    when some later step happens to read it, or never."""
    found = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
    if found != ["ok"]:
        raise InputError(ErrorCode.STORE_UNUSABLE, store=str(p), reason=SQLITE_REASONS[11])


def connect(path: str | Path, *, create: bool = True, upto: int = SCHEMA_VERSION):
    """Open (and, with `create`, make) a store and bring its schema up to date."""
    p = Path(path)
    exists = _refuse_links(p)
    # an empty file is an empty store; a command that only reads never writes the schema into it
    empty = exists and not create and p.stat().st_size == 0
    if not exists:
        if not create:
            raise InputError(ErrorCode.STORE_MISSING, store=str(p))
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                ErrorCode.STORE_FOLDER_FAILED, store=str(p), reason=os_reason(exc)
            ) from None
    with store_errors(p):
        con = sqlite3.connect(
            ":memory:" if empty else p, isolation_level=None, timeout=10, factory=Store
        )
    con.path = p
    try:
        with store_errors(p):
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA journal_mode = WAL")
            version = _version(con)
            if version > SCHEMA_VERSION:
                raise InputError(
                    ErrorCode.STORE_TOO_NEW, store=str(p), version=version, known=SCHEMA_VERSION
                )
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if (version and "wave" not in tables) or (not version and tables):
                raise InputError(ErrorCode.STORE_NOT_A_STORE, store=str(p))
            _intact(con, p)
            migrate(con, upto)
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; on any error ROLLBACK, so the store stays as it was."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
