"""The store file: open it, migrate its schema, and write in one immediate transaction.

SQLite in WAL mode, STRICT tables, foreign keys on. The schema version is `PRAGMA
user_version`; `MIGRATIONS[i]` takes a store from version i to i + 1, so a store made by
an older spt-eval is brought up to date on open, and one made by a newer one is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evaluation.errors import InputError

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

MIGRATIONS = [V1, V2]
SCHEMA_VERSION = len(MIGRATIONS)


def _version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def migrate(con: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations after the store's version, each in its own transaction."""
    for version in range(_version(con), upto):
        with transaction(con):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute(f"PRAGMA user_version = {version + 1}")
    return _version(con)


def connect(path: str | Path, *, create: bool = True, upto: int = SCHEMA_VERSION):
    """Open (and, with `create`, make) a store and bring its schema up to date."""
    p = Path(path)
    if not p.exists() and not create:
        raise InputError(f"de opslag '{p}' bestaat niet; maak hem met 'spt-eval store add'")
    if p.is_dir():
        raise InputError(f"'{p}' is een map, geen opslagbestand")
    p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = sqlite3.connect(p, isolation_level=None, timeout=10)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        version = _version(con)
    except sqlite3.DatabaseError:
        raise InputError(f"'{p}' is geen SPT-opslag (geen SQLite-bestand)") from None
    if version > SCHEMA_VERSION:
        con.close()
        raise InputError(
            f"de opslag '{p}' heeft schemaversie {version}; deze versie van spt-eval kent "
            f"versie {SCHEMA_VERSION} en ouder. Werk spt-eval bij"
        )
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if (version and "wave" not in tables) or (not version and tables):
        con.close()
        raise InputError(f"'{p}' is geen SPT-opslag")
    migrate(con, upto)
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
