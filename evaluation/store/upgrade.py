"""Migrations of the store that need more than SQL: what older versions did not keep is derived
from what they did keep, once, when the store is opened by a newer spt-eval."""

from __future__ import annotations

import json
import sqlite3

from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.settings import Settings
from evaluation.intake.required import needed_for


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
