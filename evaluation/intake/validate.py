"""Validate a read table: identities, service points, answers; valid rows and quarantine."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, normalise
from evaluation.inputs.register import Register
from evaluation.inputs.settings import IntakeRules
from evaluation.intake.answers import (
    SCALED,
    AnswerColumn,
    ColumnAnswers,
    fill_unticked,
    read_answers,
    refuse_unknown_labels,
    resolve_column,
)
from evaluation.intake.coded import answer_codes, through_codes
from evaluation.intake.columns import match_columns, match_key
from evaluation.intake.evidence import refuse_codes, tick_texts
from evaluation.intake.exclusions import excluded_rows
from evaluation.intake.multiselect import expand_joined
from evaluation.intake.profiles import prepare
from evaluation.intake.readers import read_table
from evaluation.intake.reasons import Code, Fault, reason_text
from evaluation.intake.required import absent_questions
from evaluation.intake.result import ID, REASONS, ROW, SPT, IntakeResult, Problem
from evaluation.intake.rivals import spt_conflict
from evaluation.intake.stale import check_definition_unchanged
from evaluation.intake.suspects import CONFIRMED_NAME, decisions, find_suspects
from evaluation.tables.case_count import case_count
from evaluation.tables.raw import RawTable, raw_text


def read_survey(
    path: str | Path,
    codebook: Codebook,
    register: Register,
    rules: IntakeRules | None = None,
    raw: RawTable | None = None,
) -> IntakeResult:
    """Read and validate a survey export; raise InputError if it is not a usable export.
    `raw`: the export as `read_table` already read it (then the file is not read again)."""
    raw = raw if raw is not None else read_table(path, codebook)
    check_definition_unchanged(codebook, raw.sha256)
    result = validate_table(raw, codebook, register, source_path=str(path), rules=rules)
    own = case_count(path, raw)  # the file's own count, apart from the reader
    if own is None:
        return result
    return replace(result, file_rows=own.rows, file_rows_source=own.source)


class NeedsMapping(InputError):
    """The codebook finds no respondent-number or SPT column: the columns need `map` first."""


def _not_an_export(
    raw: RawTable, role: str, label: str, source_path: str, mapped: bool
) -> InputError:
    """The error for a file without an id or SPT column: its first columns and what helps
    (`map` only while mapping.yaml has nothing for this file: never `map` again after `map`)."""
    first = ", ".join(f"'{c}'" for c in raw.columns[:6]) + (", ..." if len(raw.columns) > 6 else "")
    return NeedsMapping(
        ErrorCode.ROLE_COLUMN_UNMAPPED if mapped else ErrorCode.ROLE_COLUMN_ABSENT,
        role=role,
        label=label,
        file=Path(source_path).name or "het bestand",
        first=first,
        path=source_path or "BESTAND",
    )


def validate_table(
    raw: RawTable,
    codebook: Codebook,
    register: Register,
    source_path: str = "",
    rules: IntakeRules | None = None,
) -> IntakeResult:
    """Validate a table read by `read_table`: recognise the tool, map columns, exclude test
    and unfinished responses, check rows and items, split."""
    rules = rules or IntakeRules()
    file_rows = raw.rows  # the rows under the heading as the reader counted them in the file
    prepared = prepare(raw)
    shown_columns = list(raw.columns)
    column_map, unknown = match_columns(raw.columns, codebook, raw.alt_names, prepared.metadata)
    unknown = expand_joined(raw, codebook, column_map, unknown)
    by_target = {target: rawname for rawname, target in column_map.items()}
    if ID not in by_target and "id" in prepared.roles:
        by_target[ID] = prepared.roles["id"]
        column_map[prepared.roles["id"]] = ID
    mapped = any(k in codebook.mapping for k in raw.columns)
    if ID not in by_target:
        raise _not_an_export(
            raw, "respondentnummer", codebook.respondent_id.label, source_path, mapped
        )
    if SPT not in by_target:
        raise _not_an_export(raw, "servicepunt", codebook.service_point.label, source_path, mapped)
    chosen = by_target[SPT] in codebook.mapping  # the user's choice in mapping.yaml
    if conflict := spt_conflict(raw, by_target[SPT], unknown, register, chosen, source_path):
        raise NeedsMapping(ErrorCode.SPT_COLUMNS_DIFFER, **conflict)  # the user chooses
    tick_texts(raw, codebook, column_map)
    excluded = excluded_rows(prepared, rules.exclude)
    suspects = _confirmed(
        prepared, codebook, column_map, excluded, Path(source_path).name, rules.exclude.test_pattern
    )
    is_excluded = np.zeros(raw.rows, dtype=bool)
    is_excluded[list(excluded)] = True
    ident = _identities(raw, by_target[ID], is_excluded)
    spt_col = _service_points(raw, by_target[SPT], register, codebook)
    spt_bad = np.array([e is not None for e in spt_col.error])[spt_col.idx]
    counted = ~(ident.empty | spt_bad | is_excluded)  # a totals row's numbers are no codes
    refuse_codes(raw, codebook, column_map, prepared.profile.name, counted)
    answers = read_answers(raw, codebook, by_target)

    no_answer = ~answers.usable
    parse_fault = np.zeros(raw.rows, dtype=bool)
    parse_fault[list(raw.row_faults)] = True
    quarantined = (ident.empty | ident.duplicate | spt_bad | no_answer | parse_fault) & ~is_excluded
    if prepared.profile.name:  # a tool's closed questions offer only its own labels
        refuse_unknown_labels(answers, codebook, quarantined | is_excluded)
    q_rows = np.flatnonzero(quarantined)
    keep = np.flatnonzero(~quarantined & ~is_excluded)

    # Row faults of quarantined rows; item faults of kept rows (a quarantined row lists its
    # item faults among its reasons, so one round of fixing is enough). The quarantine's
    # reasons are Dutch, one per line of the cell.
    problems: list[tuple[int, int, Problem]] = []
    reasons: dict[int, list[str]] = {int(i): [] for i in q_rows}

    def row_problem(pos: int, column: str, value: str, fault: Fault) -> None:
        reasons[pos].append(reason_text(fault))
        problem = Problem(pos + 1, column, value, fault.code, fault.params, "row")
        problems.append((pos, -1, problem))

    for pos in q_rows.tolist():
        if pos in raw.row_faults:
            read = raw.row_faults[pos]
            row_problem(pos, "", "", Fault(Code(read.code), read.params))
        if ident.empty[pos]:
            row_problem(pos, ident.column, "", Fault(Code.MISSING_ID))
        elif ident.duplicate[pos]:
            rid, first = ident.ids[pos], int(ident.first_row[pos]) + 1
            row_problem(
                pos, ident.column, rid, Fault(Code.DUPLICATE_ID, {"id": rid, "first_row": first})
            )
        if spt_bad[pos]:
            value = spt_col.idx[pos]
            row_problem(pos, spt_col.raw_name, spt_col.raw[value], spt_col.error[value])
        if no_answer[pos]:
            row_problem(pos, "", "", Fault(Code.NO_ANSWER))
    for pos, fault in excluded.items():
        column = fault.params.get("column", "")
        value = _raw_cells(raw, column, np.array([pos]))[0] if column in raw.codes else ""
        problems.append(
            (pos, -1, Problem(pos + 1, column, value, fault.code, fault.params, "excluded"))
        )
    for errs in answers.item_errors:
        for pos, value, fault in zip(errs.rows.tolist(), errs.values, errs.reasons, strict=True):
            if is_excluded[pos]:
                continue
            if quarantined[pos]:
                reasons[pos].append(f"{errs.column}: {reason_text(fault)}")
            else:
                problem = Problem(pos + 1, errs.column, value, fault.code, fault.params, "item")
                problems.append((pos, errs.order, problem))
    for pos, fault in suspects.items():
        column = fault.params.get("column", "")
        value = str(fault.params.get("value", ""))
        problems.append(
            (pos, -1, Problem(pos + 1, column, value, fault.code, fault.params, "suspect"))
        )
    problems.sort(key=lambda t: (t[0], t[1]))

    quarantine = _set_aside(
        raw, shown_columns, q_rows, ["\n".join(reasons[int(i)]) for i in q_rows]
    )
    x_rows = np.array(sorted(excluded), dtype=np.int64)
    exclusions = _set_aside(raw, shown_columns, x_rows, [reason_text(excluded[i]) for i in x_rows])
    responses, missing = _valid_responses(codebook, answers, keep)
    responses.insert(0, SPT, pd.Series(spt_col.missing[spt_col.idx[keep]], dtype=object))
    responses[SPT] = responses[SPT].astype(str)
    responses.insert(0, ID, pd.Series(ident.ids[keep], dtype=object).astype(str))
    responses.insert(0, ROW, (keep + 1).astype(np.int64))
    return IntakeResult(
        responses=responses,
        missing=missing,
        quarantine=quarantine,
        problems=[p for _, _, p in problems],
        rows_read=raw.rows,
        unknown_columns=unknown,
        column_map=column_map,
        source_path=source_path,
        source_sha256=raw.sha256,
        exclusions=exclusions,
        tool=prepared.profile.name,
        unfinished_unmarked=bool(prepared.profile.name) and not prepared.profile.marks_unfinished,
        metadata_columns=prepared.metadata,
        absent_questions=absent_questions(codebook, by_target),
        header_rows=prepared.header_rows,
        file_rows=file_rows,
        encoding=raw.encoding,
        column_texts={c: list(raw.alt_names[c]) for c in column_map if raw.alt_names.get(c)},
    )


def _confirmed(
    prepared,
    codebook: Codebook,
    column_map: dict[str, str],
    excluded: dict,
    name: str,
    test_pattern: str | None,
) -> dict:
    """Rows that may be tests or unfinished: those the user confirmed join `excluded`, those
    the user kept count; the rest are returned, to be listed until the user decides."""
    suspected = find_suspects(prepared, codebook, column_map, set(excluded), test_pattern)
    if not suspected:
        return {}
    raw = prepared.raw
    sure, keep = decisions(codebook, raw.sha256, raw.rows, name)
    open_rows = {}
    for pos, fault in suspected.items():
        if pos + 1 in sure:
            # the evidence the user decided on stays with the row (the audit trail's why)
            excluded[pos] = Fault(
                Code.CONFIRMED, {"file": CONFIRMED_NAME, "was": fault.code.value, **fault.params}
            )
        elif pos + 1 not in keep:
            open_rows[pos] = fault
    return open_rows


def _set_aside(
    raw: RawTable, columns: list[str], rows: np.ndarray, reasons: list[str]
) -> pd.DataFrame:
    """Rows set aside (quarantined or excluded): row number, reasons, raw cells as read."""
    head = pd.DataFrame(
        {ROW: (rows + 1).astype(np.int64), REASONS: pd.Series(reasons, dtype=object)}
    )
    cells = pd.DataFrame({c: _raw_cells(raw, c, rows) for c in columns}, dtype=object)
    return pd.concat([head, cells], axis=1)


@dataclass
class _Identities:
    column: str
    ids: np.ndarray  # stripped respondent number per row ('' when empty)
    empty: np.ndarray
    duplicate: np.ndarray  # second and later occurrences
    first_row: np.ndarray  # 0-based position of each id's first occurrence


def _identities(raw: RawTable, column: str, skip: np.ndarray) -> _Identities:
    """Respondent numbers, compared after trimming spaces; the first occurrence is kept.

    Rows in `skip` (excluded) take no part: a test row does not make a respondent a duplicate.
    """
    n = raw.rows
    stripped = [u.strip() if type(u) is str else raw_text(u).strip() for u in raw.uniques[column]]
    ids = np.array([*stripped, ""], dtype=object)[raw.codes[column]]
    empty = ids == ""
    keyed = ids.copy()
    if skip.any():
        keyed[skip] = [f"\x00{i}" for i in np.flatnonzero(skip)]
    groups, _ = pd.factorize(keyed)
    first = np.full(int(groups.max()) + 1 if n else 0, -1, dtype=np.int64)
    first[groups[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: the first row
    first_row = first[groups] if n else np.zeros(0, np.int64)
    duplicate = (first_row != np.arange(n)) & ~empty & ~skip
    return _Identities(column, ids, empty, duplicate, first_row)


def _service_points(
    raw: RawTable, column: str, register: Register, codebook: Codebook
) -> AnswerColumn:
    """Resolve SPT names and aliases to the register's canonical name (kept in `.missing`);
    an answer code of the survey definition (mapping.yaml) first becomes its name."""
    lookup = register.lookup()
    loose = {match_key(k): v for k, v in lookup.items()}
    earlier = {normalise(k): v for k, v in register.current_names().items()}

    def resolve(value: object, _fallback: str | None = None):
        text = raw_text(value).strip()
        if not text:
            return math.nan, None, Fault(Code.MISSING_SPT)
        name = lookup.get(normalise(text)) or loose.get(match_key(text))
        if name is None:
            where = Path(register.source_path).name if register.source_path else ""
            params = {"value": text, "register": where}
            now = earlier.get(normalise(text))
            if now is not None:  # a previous name: the register says which SPT it is now
                params["now"] = now
            return math.nan, None, Fault(Code.UNKNOWN_SPT, params)
        return 0.0, name, None

    codes = answer_codes(codebook, column)
    source = codebook.definition.get("file", "mapping.yaml")
    own = resolve if codes is None else through_codes(resolve, codes, source)
    col = resolve_column(raw, column, own)
    col.error[-1] = Fault(Code.MISSING_SPT)  # the empty cell
    return col


def _valid_responses(
    codebook: Codebook, answers: ColumnAnswers, keep: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The kept rows: one float block for all codes and shares, text and labels beside it."""
    questions = codebook.column_question()
    float_cols = [c for c, q in questions.items() if q.type != "text"]
    coded_cols = [c for c, q in questions.items() if q.type in SCALED]
    codes = np.empty((len(keep), len(float_cols)), order="F")
    labels = np.empty((len(keep), len(coded_cols)), dtype=object, order="F")  # all None
    position = {c: j for j, c in enumerate(float_cols)}
    label_position = {c: j for j, c in enumerate(coded_cols)}
    copies: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (values, index, out column)
    for q in codebook.questions:
        if q.type == "allocation":
            for c in q.columns():  # copied now and let go: a float per row and item adds up
                np.take(answers.allocations.pop(c), keep, out=codes[:, position[c]])
        elif q.type in SCALED:
            cols = {c: answers.columns[c] for c in q.columns()}
            per_row = {c: col.idx[keep] for c, col in cols.items()}
            if q.type == "multi" and 0 in codebook.scale_of(q).codes:
                fill_unticked(cols, per_row)
            for c, col in cols.items():
                copies.append((col.value, per_row[c], codes[:, position[c]]))
                given = np.array([m is not None for m in col.missing], dtype=bool)
                if given.any():  # labels start as None: write only the declared missing answers
                    rows = np.flatnonzero(given[per_row[c]])
                    labels[rows, label_position[c]] = col.missing[per_row[c][rows]]
    # numpy releases the GIL for numeric takes: two threads fill the float block twice as fast.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda t: np.take(t[0], t[1], out=t[2]), copies))
    responses = pd.DataFrame(codes, columns=float_cols, copy=False)
    for j, (c, q) in enumerate(questions.items()):
        if q.type == "text":
            col = answers.columns[c]
            texts = np.array([r.strip() or None for r in col.raw], dtype=object)
            texts[np.array([e is not None for e in col.error], dtype=bool)] = None
            responses.insert(j, c, pd.Series(texts[col.idx[keep]], dtype=object))
    return responses, pd.DataFrame(labels, columns=coded_cols, dtype=object, copy=False)


def _raw_cells(raw: RawTable, column: str, rows: np.ndarray) -> np.ndarray:
    """Raw text of some rows of one column (without converting all distinct values)."""
    uniques = raw.uniques[column]
    if len(uniques) <= 4 * len(rows) + 1000:
        return raw.raw_values(column)[raw.codes[column][rows]]
    return np.array(
        [raw_text(uniques[i]) if i >= 0 else "" for i in raw.codes[column][rows].tolist()],
        dtype=object,
    )
