"""Waves in the store: add one from a survey run, list, remove, and rebuild a stored year's run.

A wave keeps what the run needs again, never a raw respondent number: the validated responses
(keyed pseudonyms, remarks masked), weights, problem counts by reason, the codebook, register
and settings as text, and the wave's Results at full precision. The store is therefore as
confidential as weights.csv plus the answers: keep it with the exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.analysis.frame import WEIGHT, scored_frame
from evaluation.errors import ErrorCode, InputError, StoreError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register
from evaluation.inputs.settings import Settings
from evaluation.intake.reasons import Code, reason_label
from evaluation.intake.result import ID, REASONS, ROW, SPT, IntakeResult, Problem
from evaluation.limits import read_yaml_text
from evaluation.pipeline import Inputs, Run, run_intake
from evaluation.privacy import mask_text, pseudonym
from evaluation.results import Results
from evaluation.store.answers import FORMAT, Answers, decode, encode
from evaluation.store.db import reads_contents, transaction
from evaluation.store.publications import check_replace, fingerprints


class YearTaken(StoreError):
    """The store already holds another file for this year (replace it on purpose only):
    `YearTaken(year=..., name=...)`, the year and the stored file's name as data."""

    def __init__(self, code: ErrorCode = ErrorCode.YEAR_TAKEN, **params: object) -> None:
        super().__init__(code, **params)
        self.year, self.name = params["year"], params["name"]


@dataclass(frozen=True)
class WaveInfo:
    """One stored wave, as `store list` shows it."""

    id: int
    year: int
    status: str
    added_at: str
    input_name: str
    input_sha256: str
    codebook_version: str
    rows_read: int
    valid: int
    quarantined: int
    item_errors: int
    reports: int


def now_text() -> str:
    """When a record is written, in UTC (ISO 8601). Real time even with SOURCE_DATE_EPOCH:
    the store is a log of what happened, not a reproducible build output."""
    return datetime.now(tz=UTC).replace(microsecond=0).isoformat()


def _text(path: str | Path | None, what: str) -> tuple[str, str]:
    """A YAML input's name and text, kept with the wave (read again within the YAML limit)."""
    if not path or not Path(path).is_file():
        return "", ""
    return Path(path).name, read_yaml_text(path, what)


def _answers(inputs: Inputs, intake: IntakeResult, key: bytes, weights: pd.Series) -> Answers:
    """The wave's answers as the store keeps them: respondent numbers replaced by keyed
    pseudonyms, free text masked, each column in its own type."""
    df = intake.responses.copy(deep=False)  # the columns below are new; the rest shared
    for c in set(inputs.codebook.text_columns) & set(df.columns):
        df[c] = _masked(df[c])
    df[ID] = [pseudonym(rid, key) for rid in df[ID]]
    df[SPT] = df[SPT].astype(str)
    return Answers(df, weights, intake.missing.reindex(df.index))


def _masked(column: pd.Series) -> pd.Series:
    """Free text masked (`mask_text`) once per distinct text, not once per row; empty and
    missing cells as they were."""
    values = column.to_numpy(dtype=object, copy=True)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.empty(len(uniques), dtype=object)
    texts[:] = [mask_text(v) if isinstance(v, str) and v else v for v in uniques]
    given = codes >= 0
    values[given] = texts[codes[given]]
    return pd.Series(values, index=column.index, dtype=object, name=column.name)


def _problem_rows(problems: list[Problem]) -> list[tuple]:
    """(level, code, column, reason, n): rows counted once per reason, answers per column."""
    rows: dict[tuple, set | int] = {}
    for p in problems:
        if p.level in ("row", "excluded"):  # rows counted once per reason
            rows.setdefault((p.level, str(p.code), ""), set()).add(p.row)  # type: ignore[union-attr]
        else:
            k = ("item", str(p.code), p.column)
            rows[k] = int(rows.get(k, 0)) + 1  # type: ignore[arg-type]
    return [
        (lvl, code, col, reason_label(code), len(n) if isinstance(n, set) else n)
        for (lvl, code, col), n in sorted(rows.items())
    ]


def current(con, year: int):
    return con.execute(
        "SELECT * FROM wave WHERE year = ? AND status = 'current'", (year,)
    ).fetchone()


def _hashes(inputs: Inputs) -> tuple[str, str, str]:
    """The codebook, register and settings a wave is read with, as the store keeps them."""
    return (
        inputs.codebook.source_sha256,
        inputs.register.source_sha256,
        inputs.settings.source_sha256,
    )


def is_stored(con, year: int, sha256: str, inputs: Inputs) -> bool:
    """Whether the current wave of `year` is this file read with these inputs (so adding it
    again changes nothing); a decision recorded in the codebook since is a change."""
    row = con.execute(
        "SELECT codebook_sha256, register_sha256, settings_sha256 FROM wave"
        " WHERE year = ? AND status = 'current' AND input_sha256 = ?",
        (year, sha256),
    ).fetchone()
    return row is not None and tuple(row) == _hashes(inputs)


def add_wave(
    con,
    inputs: Inputs,
    intake: IntakeResult,
    *,
    key: bytes,
    results: Results | None = None,
    replace: bool = False,
    republish: bool = False,
    on_insert=None,
) -> str:
    """Store a validated export as the wave of its year: 'toegevoegd', 'ongewijzigd' (the same
    file is already stored) or 'vervangen' (with `replace`; the old wave is kept as superseded).
    Another file for a year that was published needs `republish` too (publications.py).

    Without `results` the wave is analysed when first used (`stored_results`), so adding a
    large export costs intake and weighting only."""
    year = inputs.settings.year
    con.row_factory = _dict_row
    old = current(con, year)
    con.row_factory = None
    same_file = old is not None and old["input_sha256"] == intake.source_sha256
    if same_file:
        stored = (old["codebook_sha256"], old["register_sha256"], old["settings_sha256"])
        if stored == _hashes(inputs):
            return "ongewijzigd"
    if old is not None and not replace:
        code = ErrorCode.YEAR_INPUTS_CHANGED if same_file else ErrorCode.YEAR_TAKEN
        raise YearTaken(code, year=year, name=Path(old["input_name"]).name)
    check_replace(con, year, intake.source_sha256, republish)  # a published year stays
    df, _, _ = scored_frame(intake, inputs.codebook, inputs.register, inputs.settings)
    kept = _answers(inputs, intake, key, df[WEIGHT])
    del df  # the scored frame is not needed below
    answers = encode(kept)
    # the frame as stored (a report of this wave reads the same values back: tests check it)
    prints = json.dumps(fingerprints(kept.responses))
    del kept
    cb_name, cb_text = _text(inputs.codebook.source_path, "codeboek")
    reg_name, reg_text = _text(inputs.register.source_path, "register")
    settings_file = (
        inputs.settings_path or Path(inputs.codebook.source_path).parent / "settings.yaml"
    )
    _, set_text = _text(settings_file, "instellingen")
    columns = {c: str(t) for c, t in intake.responses.dtypes.items()}
    stamp = now_text()
    with transaction(con):
        if old is not None:
            con.execute(
                "UPDATE wave SET status = 'superseded', superseded_at = ? WHERE id = ?",
                (stamp, old["id"]),
            )
        cur = con.execute(
            "INSERT INTO wave (year, status, added_at, input_name, input_sha256, codebook_name,"
            " codebook_version, codebook_sha256, codebook_text, register_name, register_sha256,"
            " register_text, settings_name, settings_sha256, settings_text, settings_json,"
            " rows_read, valid, quarantined, excluded, item_errors, columns_json, results_json,"
            " absent_json)"
            " VALUES (?, 'current', " + ", ".join("?" * 22) + ")",
            (
                year,
                stamp,
                str(intake.source_path),
                intake.source_sha256,
                cb_name,
                inputs.codebook.version,
                inputs.codebook.source_sha256,
                cb_text,
                reg_name,
                inputs.register.source_sha256,
                reg_text,
                Path(inputs.settings_path).name if inputs.settings_path else "settings.yaml",
                inputs.settings.source_sha256,
                set_text,
                inputs.settings.model_dump_json(),
                intake.rows_read,
                intake.valid,
                intake.quarantined,
                intake.excluded,  # rows intake set aside as tests or unfinished
                intake.item_errors,
                json.dumps(columns),
                results.to_json(indent=None) if results is not None else None,
                json.dumps(intake.absent_questions),  # needed questions the file lacks
            ),
        )
        wave_id = cur.lastrowid
        con.execute(
            "INSERT INTO answers (wave_id, format, rows, data, fingerprints)"
            " VALUES (?, ?, ?, ?, ?)",
            (wave_id, FORMAT, intake.valid, answers, prints),
        )
        if on_insert is not None:  # a test's hook: fail or crash halfway through the add
            on_insert()
        con.executemany(
            "INSERT INTO problem_count VALUES (?, ?, ?, ?, ?, ?)",
            [(wave_id, *r) for r in _problem_rows(intake.problems)],
        )
    return "vervangen" if old is not None else "toegevoegd"


def list_waves(con) -> list[WaveInfo]:
    con.row_factory = None
    rows = con.execute(
        "SELECT w.id, w.year, w.status, w.added_at, w.input_name, w.input_sha256,"
        " w.codebook_version, w.rows_read, w.valid, w.quarantined, w.item_errors,"
        " (SELECT count(*) FROM report_run r WHERE r.wave_id = w.id)"
        " FROM wave w ORDER BY w.year, w.status = 'current', w.id"
    ).fetchall()
    return [WaveInfo(*r) for r in rows]


def remove_year(con, year: int) -> int:
    """Delete every wave of a year (current and superseded) with its responses and runs."""
    with transaction(con):
        return con.execute("DELETE FROM wave WHERE year = ?", (year,)).rowcount


def wave_row(con, year: int):
    con.row_factory = _dict_row
    row = current(con, year)
    con.row_factory = None
    if row is None:
        years = ", ".join(str(w.year) for w in list_waves(con) if w.status == "current")
        raise StoreError(ErrorCode.YEAR_NOT_STORED, year=year, stored=years or "niets")
    return row


def _dict_row(cursor, row) -> dict:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def stored_results(con, year: int) -> Results:
    """The wave's Results (full precision, nothing withheld): as computed when it was first
    analysed, at its add or its first use, which keeps them (so later trends show the figures
    that year's own report showed)."""
    w = wave_row(con, year)
    if w["results_json"] is not None:
        return _results_of(con, w["results_json"])
    return stored_run(con, year).results


@reads_contents
def _results_of(con, text: str) -> Results:
    return Results.from_json(text)


def _keep_results(con, wave_id: int, results: Results) -> None:
    with transaction(con):
        con.execute(
            "UPDATE wave SET results_json = ? WHERE id = ? AND results_json IS NULL",
            (results.to_json(indent=None), wave_id),
        )


def _plain_name(name: str | None, default: str) -> str:
    """A stored file name as a bare name: a tampered '../x' or '/etc/x' is not named so."""
    bare = Path(name or "").name
    return bare if bare not in ("", ".", "..") else default


@reads_contents
def stored_inputs(con, year: int, **overrides: object) -> Inputs:
    """The wave's codebook, register and settings as stored; overrides (min_n) replace settings."""
    w = wave_row(con, year)
    cb_name = _plain_name(w["codebook_name"], "codebook.yaml")
    reg_name = _plain_name(w["register_name"], "service_points.yaml")
    try:
        codebook = load_codebook(cb_name, text=w["codebook_text"])
        register = load_register(reg_name, text=w["register_text"])
    except InputError as exc:  # the store's copy, not a file of the user's: say so
        raise InputError(
            ErrorCode.STORE_INPUTS_DAMAGED,
            store=str(getattr(con, "path", "")),
            year=year,
            reason=exc,
        ) from None
    settings = Settings.model_validate_json(w["settings_json"])
    update = {k: v for k, v in overrides.items() if v is not None}
    settings = Settings.model_validate({**settings.model_dump(), **update})
    name = w["settings_name"]
    return Inputs(codebook, register, settings, None if name == "settings.yaml" else Path(name))


@reads_contents
def stored_answers(con, year: int) -> Answers:
    """The current wave's answers as stored (pseudonyms, masked remarks, weights, labels)."""
    w = wave_row(con, year)
    row = con.execute(
        "SELECT format, rows, data FROM answers WHERE wave_id = ?", (w["id"],)
    ).fetchone()
    if row is None or row[0] != FORMAT:
        raise ValueError("no answers of a known format")
    answers = decode(row[2], json.loads(w["columns_json"]))
    if len(answers.responses) != row[1] or row[1] != w["valid"]:
        raise ValueError("stored rows do not match the wave's count")
    return answers


def wave_fingerprints(con, year: int) -> str:
    """The current wave's fingerprints as JSON (publications.py), made when it was stored;
    for a wave stored before they were kept (store version 5), made from its answers."""
    row = con.execute(
        "SELECT a.fingerprints FROM answers a JOIN wave w ON w.id = a.wave_id"
        " WHERE w.year = ? AND w.status = 'current'",
        (year,),
    ).fetchone()
    if row is not None and row[0] is not None:
        return row[0]
    return json.dumps(fingerprints(stored_answers(con, year).responses))


@reads_contents
def stored_intake(con, year: int) -> IntakeResult:
    """The wave's IntakeResult rebuilt from the store (pseudonymised ids, masked remarks)."""
    w = wave_row(con, year)
    answers = stored_answers(con, year)
    problems = []
    for level, code, column, n in con.execute(
        "SELECT level, code, column_name, n FROM problem_count WHERE wave_id = ?", (w["id"],)
    ):
        if level == "item":  # counted by column and reason only: one record for the count
            problems += [Problem(1, column, "", Code(code), {}, level)] * n
        else:  # rows set aside are counted per row
            problems += [Problem(i + 1, column, "", Code(code), {}, level) for i in range(n)]
    n = w["excluded"]
    return IntakeResult(
        exclusions=pd.DataFrame({ROW: list(range(1, n + 1)), REASONS: [""] * n}),
        responses=answers.responses,
        missing=answers.missing,
        quarantine=pd.DataFrame(index=range(w["quarantined"])),
        problems=problems,
        rows_read=w["rows_read"],
        unknown_columns=[],
        column_map={},
        source_path=w["input_name"],
        source_sha256=w["input_sha256"],
        absent_questions=_question_ids(json.loads(w["absent_json"])),
    )


def _question_ids(value: object) -> list[str]:
    """The wave's absent questions as stored (a list of ids); anything else was edited by hand
    and would change the report (a ValueError: `reads_contents` says the store is damaged)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError
    return value


def stored_run(con, year: int, **overrides: object) -> Run:
    """A stored year's run: its intake rebuilt and run again with its stored settings, on the
    road a file takes (`pipeline.run_intake`), so file and store give one report."""
    inputs = stored_inputs(con, year, **overrides)
    run = run_intake(stored_intake(con, year), inputs)
    if not any(v is not None for v in overrides.values()):  # the wave's own settings
        _keep_results(con, wave_row(con, year)["id"], run.results)
    return run
