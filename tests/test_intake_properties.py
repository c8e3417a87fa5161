"""Property tests: intake never crashes and always reconciles; the vectorised path agrees with
the per-row Pydantic response model (the reference schema) on every cell."""

from __future__ import annotations

import csv
import io
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.reasons import Code, reason_text
from evaluation.intake.reference import build_response_model, validate_rows
from evaluation.intake.validate import read_survey

CB = load_codebook()
REG = load_register(register_path(CB))
MODEL = build_response_model(CB, REG)

COLUMNS = [
    "respondent_id",
    "spt",
    "werking_goed",
    "werking_beter",
    "trekker",
    "hoofdactiviteit",
    "act_bemiddelen",
    "act_scholing",
    "org_uwv",
    "gebr_middelgroot",
    "gebr_uwv",
    "gebr_onderwijs",
    "opmerking",
]
ALLOCATION = {c: q.id for q in CB.questions if q.type == "allocation" for c in q.columns()}

POOL = [
    "",
    " ",
    "1",
    "2",
    "4",
    "5",
    "7",
    "9",
    "0",
    "-1",
    "4.0",
    "4,0",
    "4,5",
    "1e0",
    "+3",
    "50",
    "50,5",
    "100",
    "49.5",
    "150",
    "nan",
    "inf",
    "x",
    "ja",
    "Nee",
    "weet niet",
    "Helemaal mee eens",
    "mee oneens.",
    "actief",
    "op de achtergrond",
    "Anders",
    "misschien",
    "12%",
    "True",
]
IDS = ["1", "2", "3", " 3", "", "A-1"]
SPTS = ["Twente", "Zwolle", "rijnmond / drechtsteden", "Atlantis", "", "Noord Holland", "twente."]


def to_csv(rows: list[list[str]], header: list[str], delimiter: str = ";") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")  # quotes \r and \n
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def run(tmp_path_factory, data: bytes):
    path = tmp_path_factory.mktemp("prop") / "export.csv"
    path.write_bytes(data)
    return read_survey(path, CB, REG)


# ---------------------------------------------------------------------------------------------
# 1. Any table of random strings and numbers: never a crash, always reconciled


cell = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(-200, 200).map(lambda f: f"{f:.2f}".replace(".", ",")),
    st.sampled_from(POOL + IDS + SPTS),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    extra=st.lists(st.text(min_size=1, max_size=8).filter(lambda s: "\x00" not in s), max_size=2),
    rows=st.integers(0, 12).flatmap(
        lambda n: st.lists(st.lists(cell, min_size=15, max_size=15), min_size=n, max_size=n)
    ),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_random_tables_never_crash_and_always_reconcile(tmp_path_factory, extra, rows, delimiter):
    header = COLUMNS + [f"extra {e}" for e in extra]
    rows = [r[: len(header)] + [""] * (len(header) - len(r)) for r in rows]
    try:
        result = run(tmp_path_factory, to_csv(rows, header, delimiter))
    except InputError:
        # Only allowed when the table cannot be parsed as this header at all.
        pytest.fail("a well-formed table with id and SPT columns must not be refused")
    assert result.rows_read == len(rows)
    assert result.rows_read == result.valid + result.quarantined
    assert len(result.missing) == result.valid
    assert set(result.quarantine["row"]) | set(result.responses["row"]) == set(
        range(1, len(rows) + 1)
    )
    assert all(p.level in ("item", "row") and p.code in Code for p in result.problems)
    assert all("\n" not in reason_text(p) for p in result.problems)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_raise_input_error_or_reconcile(tmp_path_factory, data):
    try:
        result = run(tmp_path_factory, data)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
        return
    assert result.rows_read == result.valid + result.quarantined


# ---------------------------------------------------------------------------------------------
# 2. Vectorised intake and the per-row Pydantic model agree on every cell


def _naive_cell(model, column: str):
    """Naive model value -> (code or NaN, missing label or None) as the intake reports it."""
    value = getattr(model, column)
    q = CB.column_question()[column]
    if q.type in ("single", "multi"):
        scale = CB.scale_of(q)
        if value in scale.missing:
            return math.nan, scale.missing[value]
        return (math.nan if value is None else float(value)), None
    if q.type == "text":
        return value, None
    return (math.nan if value is None else float(value)), None


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(IDS),
            st.sampled_from(SPTS),
            st.lists(st.sampled_from(POOL), min_size=len(COLUMNS) - 2, max_size=len(COLUMNS) - 2),
        ),
        max_size=10,
    )
)
def test_vectorised_and_per_row_model_agree(tmp_path_factory, rows):
    table = [[rid, spt, *cells] for rid, spt, cells in rows]
    result = run(tmp_path_factory, to_csv(table, COLUMNS))
    naive = validate_rows([dict(zip(COLUMNS, r, strict=True)) for r in table], MODEL, CB)

    quarantined = {n.row for n in naive if n.model is None}
    assert set(result.quarantine["row"]) == quarantined

    vec_errors = {(p.row, ALLOCATION.get(p.column, p.column)) for p in result.problems}
    vec_errors = {e for e in vec_errors if e[0] not in quarantined}
    naive_errors = {
        (n.row, ALLOCATION.get(c, c)) for n in naive if n.model is not None for c in n.item_errors
    }
    assert vec_errors == naive_errors

    by_row = result.responses.set_index("row")
    missing = result.missing.set_index(result.responses["row"])
    for n in naive:
        if n.model is None:
            continue
        for column in COLUMNS[2:]:
            code, label = _naive_cell(n.model, column)
            got = by_row.loc[n.row, column]
            if isinstance(code, float) and math.isnan(code):
                assert got is None or (isinstance(got, float) and math.isnan(got)), column
            else:
                assert got == code, (n.row, column, got, code)
            if column in missing.columns:
                assert missing.loc[n.row, column] == label, (n.row, column)
