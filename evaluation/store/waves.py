"""Waves in the store: add one from a survey run, list, remove, and rebuild a stored year's run.

A wave keeps what the run needs again, never a raw respondent number: the validated responses
(keyed pseudonyms, remarks masked), weights, problem counts by reason, the codebook, register
and settings as text, and the wave's Results at full precision. The store is therefore as
confidential as weights.csv plus the answers: keep it with the exports.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pyarrow import json as pa_json

from evaluation.analysis.frame import WEIGHT, scored_frame
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register
from evaluation.inputs.settings import Settings
from evaluation.intake.reasons import Code, reason_label
from evaluation.intake.result import ID, REASONS, ROW, SPT, IntakeResult, Problem
from evaluation.pipeline import Inputs, Run, run_intake
from evaluation.privacy import mask_text, pseudonym
from evaluation.results import Results
from evaluation.store.db import reads_contents, transaction


class YearTaken(InputError):
    """The store already holds another file for this year (replace it on purpose only)."""

    def __init__(self, year: int, name: str) -> None:
        self.year, self.name = year, name
        super().__init__(
            f"voor {year} staat al een ander bestand in de opslag ({name}); "
            "gebruik --replace om het te vervangen (het oude blijft bewaard als vervangen)"
        )


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


def _text(path: str | None) -> tuple[str, str]:
    if not path or not Path(path).is_file():
        return "", ""
    return Path(path).name, Path(path).read_text(encoding="utf-8")


def _response_rows(
    inputs: Inputs, intake: IntakeResult, key: bytes, weights: pd.Series
) -> list[tuple]:
    """(position, pseudonym, SPT, weight, answers JSON, missing-answer labels JSON) per row.

    The answers are written by pandas' JSON writer (NaN as null, 15 significant digits: every
    answer is read from text with fewer); free text is masked first."""
    df = intake.responses
    rest = [c for c in df.columns if c not in (ID, SPT)]
    answers = df[rest].copy()
    for c in set(inputs.codebook.text_columns) & set(rest):
        answers[c] = answers[c].map(lambda v: mask_text(v) if isinstance(v, str) and v else v)
    lines = answers.to_json(orient="records", lines=True, double_precision=15, force_ascii=False)
    texts = lines.splitlines()
    missing = intake.missing.reindex(df.index)
    values, names = missing.to_numpy(dtype=object), list(missing.columns)
    by_row: dict[int, dict[str, str]] = {}
    for i, j in zip(*(a.tolist() for a in missing.notna().to_numpy().nonzero()), strict=True):
        by_row.setdefault(i, {})[names[j]] = str(values[i, j])
    labels = [
        json.dumps(by_row[i], ensure_ascii=False) if i in by_row else "{}" for i in range(len(df))
    ]
    ids = [pseudonym(rid, key) for rid in df[ID]]
    return list(
        zip(
            range(len(df)),
            ids,
            df[SPT].astype(str),
            weights.astype(float),
            texts,
            labels,
            strict=True,
        )
    )


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


def is_stored(con, year: int, sha256: str) -> bool:
    """Whether the current wave of `year` is this file (so adding it again changes nothing)."""
    row = con.execute(
        "SELECT 1 FROM wave WHERE year = ? AND status = 'current' AND input_sha256 = ?",
        (year, sha256),
    ).fetchone()
    return row is not None


def add_wave(
    con,
    inputs: Inputs,
    intake: IntakeResult,
    *,
    key: bytes,
    results: Results | None = None,
    replace: bool = False,
    on_insert=None,
) -> str:
    """Store a validated export as the wave of its year: 'toegevoegd', 'ongewijzigd' (the same
    file is already stored) or 'vervangen' (with `replace`; the old wave is kept as superseded).

    Without `results` the wave is analysed when first used (`stored_results`), so adding a
    large export costs intake and weighting only."""
    year = inputs.settings.year
    con.row_factory = _dict_row
    old = current(con, year)
    con.row_factory = None
    if old is not None and old["input_sha256"] == intake.source_sha256:
        return "ongewijzigd"
    if old is not None and not replace:
        raise YearTaken(year, Path(old["input_name"]).name)
    df, _, _ = scored_frame(intake, inputs.codebook, inputs.register, inputs.settings)
    responses = _response_rows(inputs, intake, key, df[WEIGHT])
    cb_name, cb_text = _text(inputs.codebook.source_path)
    reg_name, reg_text = _text(inputs.register.source_path)
    settings_file = (
        inputs.settings_path or Path(inputs.codebook.source_path).parent / "settings.yaml"
    )
    _, set_text = _text(str(settings_file))
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
        con.executemany(
            "INSERT INTO response VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(wave_id, *r) for r in responses],
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
        raise InputError(f"jaar {year} staat niet in de opslag (wel: {years or 'niets'})")
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
            f"de opslag '{getattr(con, 'path', '')}' is beschadigd: het codeboek of register "
            f"van {year} is niet te lezen ({exc})"
        ) from None
    settings = Settings.model_validate_json(w["settings_json"])
    update = {k: v for k, v in overrides.items() if v is not None}
    settings = Settings.model_validate({**settings.model_dump(), **update})
    name = w["settings_name"]
    return Inputs(codebook, register, settings, None if name == "settings.yaml" else Path(name))


@reads_contents
def stored_intake(con, year: int) -> IntakeResult:
    """The wave's IntakeResult rebuilt from the store (pseudonymised ids, masked remarks)."""
    w = wave_row(con, year)
    rows = con.execute(
        "SELECT respondent, spt, answers, missing FROM response WHERE wave_id = ?"
        " ORDER BY position",
        (w["id"],),
    ).fetchall()
    columns = json.loads(w["columns_json"])
    text = "\n".join(a for _, _, a, _ in rows).encode("utf-8")
    table = pa_json.read_json(
        io.BytesIO(text), read_options=pa_json.ReadOptions(block_size=1 << 24)
    )
    answers = table.to_pandas() if rows else pd.DataFrame()
    answers.insert(0, SPT, [s for _, s, _, _ in rows])
    answers.insert(0, ID, [r for r, _, _, _ in rows])
    df = answers.reindex(columns=list(columns))
    for c, t in columns.items():
        df[c] = df[c].astype(t) if t != "object" else df[c].astype(object)
    missing = pd.DataFrame.from_records([json.loads(m) for *_, m in rows], index=df.index)
    problems = []
    for level, code, column, n in con.execute(
        "SELECT level, code, column_name, n FROM problem_count WHERE wave_id = ?", (w["id"],)
    ):
        problems += [Problem(i + 1, column, "", Code(code), {}, level) for i in range(n)]
    n = w["excluded"]
    return IntakeResult(
        exclusions=pd.DataFrame({ROW: list(range(1, n + 1)), REASONS: [""] * n}),
        responses=df,
        missing=missing,
        quarantine=pd.DataFrame(index=range(w["quarantined"])),
        problems=problems,
        rows_read=w["rows_read"],
        unknown_columns=[],
        column_map={},
        source_path=w["input_name"],
        source_sha256=w["input_sha256"],
        absent_questions=json.loads(w["absent_json"]),
    )


def stored_run(con, year: int, **overrides: object) -> Run:
    """A stored year's run: its intake rebuilt and run again with its stored settings, on the
    road a file takes (`pipeline.run_intake`), so file and store give one report."""
    inputs = stored_inputs(con, year, **overrides)
    run = run_intake(stored_intake(con, year), inputs)
    if not any(v is not None for v in overrides.values()):  # the wave's own settings
        _keep_results(con, wave_row(con, year)["id"], run.results)
    return run
