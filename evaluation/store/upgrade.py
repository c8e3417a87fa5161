"""Migrations of the store that need more than SQL: what older versions did not keep is derived
from what they did keep, once, when the store is opened by a newer spt-eval."""

from __future__ import annotations

import io
import json
import sqlite3

import pandas as pd
from pyarrow import json as pa_json

from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.settings import Settings
from evaluation.intake.required import needed_for
from evaluation.intake.result import ID, SPT
from evaluation.store.answers import FORMAT, Answers, encode


def keep_absent_questions(con: sqlite3.Connection) -> None:
    """Version 3: every wave keeps the needed questions its export lacked (`absent_json`).

    Older waves did not keep them. A question the wave's settings allow to be missing
    (`intake.may_be_missing`) with no answer in any stored row is taken as absent: a run of
    that wave then leaves it out, as a run of the file did. Such a wave's kept Results were
    computed with the question in, so they are dropped and made again on first use."""
    con.execute("ALTER TABLE wave ADD COLUMN absent_json TEXT NOT NULL DEFAULT '[]'")
    waves = con.execute("SELECT id, codebook_name, codebook_text, settings_json FROM wave")
    for wave_id, name, text, settings_json in waves.fetchall():
        allowed = Settings.model_validate_json(settings_json).intake.may_be_missing
        if not allowed:
            continue
        codebook = load_codebook(name or "codebook.yaml", text=text)
        absent = [
            q.id
            for q in codebook.questions
            if q.id in allowed
            and needed_for(q, codebook)
            and not any(_answered(con, wave_id, c) for c in q.columns())
        ]
        if absent:
            con.execute(
                "UPDATE wave SET absent_json = ?, results_json = NULL WHERE id = ?",
                (json.dumps(absent), wave_id),
            )


def _answered(con: sqlite3.Connection, wave_id: int, column: str) -> bool:
    """Whether any stored row of the wave (version 2: answers as JSON) has an answer in column."""
    row = con.execute(
        "SELECT 1 FROM response WHERE wave_id = ? AND json_extract(answers, ?) IS NOT NULL LIMIT 1",
        (wave_id, "$." + json.dumps(column)),
    ).fetchone()
    return row is not None


def compact_answers(con: sqlite3.Connection) -> None:
    """Version 4: a wave's answers as one compressed Parquet table (`answers`) instead of a
    `response` row per respondent with its answers as JSON (about 2 KB a row)."""
    con.execute(ANSWERS_TABLE)
    waves = con.execute("SELECT id, valid, columns_json FROM wave").fetchall()
    for wave_id, valid, columns_json in waves:
        answers = _json_answers(con, wave_id, json.loads(columns_json))
        if len(answers.responses) != valid:
            raise sqlite3.IntegrityError("stored rows do not match the wave's count")
        con.execute(
            "INSERT INTO answers (wave_id, format, rows, data) VALUES (?, ?, ?, ?)",
            (wave_id, FORMAT, valid, encode(answers)),
        )
    con.execute("DROP TABLE response")


ANSWERS_TABLE = """
CREATE TABLE answers (
  wave_id INTEGER PRIMARY KEY REFERENCES wave (id) ON DELETE CASCADE,
  format TEXT NOT NULL,
  rows INTEGER NOT NULL,
  data BLOB NOT NULL
) STRICT
"""


def _json_answers(con: sqlite3.Connection, wave_id: int, columns: dict[str, str]) -> Answers:
    """A wave's answers as versions 1 to 3 kept them: a row per respondent, answers as JSON."""
    rows = con.execute(
        "SELECT respondent, spt, weight, answers, missing FROM response WHERE wave_id = ?"
        " ORDER BY position",
        (wave_id,),
    ).fetchall()
    if rows:
        text = "\n".join(r[3] for r in rows).encode("utf-8")
        options = pa_json.ReadOptions(block_size=1 << 24)
        frame = pa_json.read_json(io.BytesIO(text), read_options=options).to_pandas()
    else:
        frame = pd.DataFrame()
    frame[ID] = [r[0] for r in rows]
    frame[SPT] = [r[1] for r in rows]
    frame = frame.reindex(columns=list(columns))
    for c, t in columns.items():
        frame[c] = frame[c].astype(t) if t != "object" else frame[c].astype(object)
    missing = pd.DataFrame.from_records([json.loads(r[4]) for r in rows], index=frame.index)
    weights = pd.Series([r[2] for r in rows], dtype=float)
    return Answers(frame, weights, missing)
