"""Results per SPT in the store: one file per year (a replaced one kept as superseded)."""

from __future__ import annotations

import json

from evaluation.errors import ErrorCode, StoreError
from evaluation.spt_results.read import SptResultsIntake
from evaluation.spt_results.schema import SptYear
from evaluation.store.db import reads_contents, transaction
from evaluation.store.waves import now_text


def add_results(con, intake: SptResultsIntake, year: int, *, replace: bool = False) -> str:
    """Store the valid records of a year: 'toegevoegd', 'ongewijzigd' or 'vervangen'."""
    old = con.execute(
        "SELECT id, input_name, input_sha256 FROM spt_results_file"
        " WHERE year = ? AND status = 'current'",
        (year,),
    ).fetchone()
    if old is not None and old[2] == intake.source_sha256:
        return "ongewijzigd"
    if old is not None and not replace:
        raise StoreError(ErrorCode.RESULTS_STORED, year=year, name=old[1])
    stamp = now_text()
    with transaction(con):
        if old is not None:
            con.execute(
                "UPDATE spt_results_file SET status = 'superseded', superseded_at = ? WHERE id = ?",
                (stamp, old[0]),
            )
        cur = con.execute(
            "INSERT INTO spt_results_file (year, status, added_at, input_name, input_sha256,"
            " rows_read, valid_rows, quarantined) VALUES (?, 'current', ?, ?, ?, ?, ?, ?)",
            (
                year,
                stamp,
                intake.source_name,
                intake.source_sha256,
                intake.rows_read,
                intake.valid_rows,
                intake.quarantined,
            ),
        )
        file_id = cur.lastrowid
        con.executemany(
            "INSERT INTO spt_result VALUES (?, ?, ?)",
            [(file_id, k, r.model_dump_json()) for k, r in intake.records.items()],
        )
        con.executemany(
            "INSERT INTO spt_results_quarantine VALUES (?, ?, ?)",
            [
                (file_id, q.row, json.dumps(list(q.reasons), ensure_ascii=False))
                for q in intake.quarantine
            ],
        )
    return "vervangen" if old is not None else "toegevoegd"


@reads_contents
def stored_spt_results(con, upto: int | None = None) -> dict[int, dict[str, SptYear]]:
    """Every current year's records per SPT (up to `upto`)."""
    out: dict[int, dict[str, SptYear]] = {}
    for year, spt, record in con.execute(
        "SELECT f.year, r.spt, r.record FROM spt_result r JOIN spt_results_file f"
        " ON f.id = r.file_id WHERE f.status = 'current' ORDER BY f.year, r.spt"
    ):
        if upto is None or year <= upto:
            out.setdefault(year, {})[spt] = SptYear.model_validate_json(record)
    return out


def results_files(con) -> list[tuple]:
    """(year, status, input name, rows read, valid, quarantined) of every stored file."""
    return con.execute(
        "SELECT year, status, input_name, rows_read, valid_rows, quarantined"
        " FROM spt_results_file ORDER BY year, status = 'current', id"
    ).fetchall()


def remove_results(con, year: int) -> int:
    with transaction(con):
        return con.execute("DELETE FROM spt_results_file WHERE year = ?", (year,)).rowcount
