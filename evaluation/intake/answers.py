"""Resolve raw answers against the codebook's scales, column by column; allocations."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, Question, Scale, normalise
from evaluation.intake.cells import parse_number
from evaluation.intake.coded import answer_codes, through_codes
from evaluation.intake.columns import match_key
from evaluation.intake.reasons import Code, Fault
from evaluation.tables.raw import RawTable, raw_text

SCALED = ("single", "multi")
# 'value = label' in one cell ('1 = Helemaal mee oneens', '5. Zeer eens'): the label is the
# answer; the number is the tool's own and no evidence of the codebook's code
NUMBERED = re.compile(r"^\s*-?\d+\s*(?:=|\.|:|\))\s*(?P<label>.*[^\W\d_].*)$")


@dataclass
class Resolver:
    """Resolves raw answers of one scale: code, declared missing label, or a fault."""

    scale: Scale
    lookup: dict[str, tuple[int, bool]] = field(init=False)
    loose: dict[str, tuple[int, bool]] = field(init=False)

    def __post_init__(self) -> None:
        self.lookup = self.scale.lookup()
        self.loose = {match_key(k): v for k, v in self.lookup.items() if match_key(k)}

    def _fault(self, code: Code, text: str) -> Fault:
        valid = sorted(self.scale.codes)
        missing = {str(c): lab for c, lab in sorted(self.scale.missing.items())}
        return Fault(code, {"value": text, "valid": valid, "missing": missing})

    def _hit(self, hit: tuple[int, bool]) -> tuple[float, str | None, Fault | None]:
        code, is_missing = hit
        if is_missing:
            return math.nan, self.scale.missing[code], None
        return float(code), None, None

    def resolve(
        self, raw: object, fallback: str | None = None
    ) -> tuple[float, str | None, Fault | None]:
        """(code or NaN, missing label or None, fault or None) for one raw value."""
        if isinstance(raw, float | int | np.integer | np.floating) and not isinstance(raw, bool):
            number = float(raw)
            if math.isnan(number):
                return math.nan, None, None
            text = raw_text(raw)
        else:
            text = str(raw).strip()
            if not text:
                return math.nan, None, None
            hit = self.lookup.get(normalise(text))
            if hit is not None:
                return self._hit(hit)
            if fallback is not None:
                return self.resolve(fallback)
            numbered = NUMBERED.match(text)
            if numbered:
                label = numbered["label"].strip()
                hit = self.lookup.get(normalise(label)) or self.loose.get(match_key(label))
                if hit is not None:
                    return self._hit(hit)
            number = parse_number(text)
        if number is not None:
            if number.is_integer():
                code = int(number)
                if code in self.scale.codes:
                    return float(code), None, None
                if code in self.scale.missing:
                    return math.nan, self.scale.missing[code], None
            return math.nan, None, self._fault(Code.NOT_ON_SCALE, text)
        hit = self.loose.get(match_key(text))
        if hit is not None:
            return self._hit(hit)
        return math.nan, None, self._fault(Code.UNKNOWN_ANSWER, text)


@dataclass
class AnswerColumn:
    """One resolved column: per-row index into per-value arrays; the last entry is 'empty'."""

    raw_name: str
    idx: np.ndarray
    value: np.ndarray  # float64 code per distinct value
    missing: np.ndarray  # object: declared missing label or None
    error: np.ndarray  # object: Fault or None
    raw: list[str]  # raw text per distinct value

    def usable_values(self) -> np.ndarray:
        """Per distinct value: a valid code or a declared missing answer."""
        return ~np.isnan(self.value) | np.array([m is not None for m in self.missing], dtype=bool)

    @property
    def usable(self) -> np.ndarray:
        return self.usable_values()[self.idx]

    def error_rows(self) -> np.ndarray:
        bad = np.flatnonzero(np.array([e is not None for e in self.error]))
        if bad.size == 0:
            return bad
        return np.flatnonzero(np.isin(self.idx, bad))


def resolve_column(raw: RawTable, raw_name: str, resolve) -> AnswerColumn:
    """Resolve every distinct value of one raw column once."""
    uniques = raw.uniques[raw_name]
    fallbacks = raw.value_codes.get(raw_name, {})
    value, missing, error = [], [], []
    for u in uniques:
        v, m, e = resolve(u, fallbacks.get(u)) if isinstance(u, str) else resolve(u, None)
        value.append(v)
        missing.append(m)
        error.append(e)
    value.append(math.nan)
    missing.append(None)
    error.append(None)
    return AnswerColumn(
        raw_name,
        raw.codes[raw_name],
        np.array(value, dtype=float),
        np.array(missing, dtype=object),
        np.array(error, dtype=object),
        list(raw.raw_values(raw_name)),
    )


def _number_resolver(total: float | None):
    def resolve(raw: object, _fallback: str | None = None) -> tuple[float, None, Fault | None]:
        if isinstance(raw, str):
            text = raw.strip()
            if not text:
                return math.nan, None, None
            number = parse_number(text.rstrip("%").strip())
            if number is None:
                return math.nan, None, Fault(Code.NOT_A_NUMBER, {"value": text})
        else:
            number = float(raw)
            text = raw_text(raw)
            if math.isnan(number):
                return math.nan, None, None
        if number < 0 or (total is not None and number > total):
            return math.nan, None, Fault(Code.OUT_OF_RANGE, {"value": text, "total": total})
        return number, None, None

    return resolve


def _text_resolver(max_length: int | None):
    def resolve(raw: object, _fallback: str | None = None) -> tuple[float, None, Fault | None]:
        text = raw_text(raw).strip()
        if max_length is not None and len(text) > max_length:
            return math.nan, None, Fault(Code.TOO_LONG, {"max": max_length, "length": len(text)})
        return (0.0 if text else math.nan), None, None

    return resolve


def _own_texts(q: Question, column: str) -> set[str]:
    """The texts of a column's own option (a ticked box may hold them), folded."""
    if not q.items:
        return set()
    return {match_key(t) for t in (q.items[column], *q.item_aliases.get(column, []))}


def _labelled(resolve, own: set[str]):
    """A file's value label that is no answer of the codebook is never read by the tool's own
    number behind it (an SPSS label 'Akkoord' coded 1 is not the codebook's code 1): it is an
    unknown answer naming the label. A ticked box labelled with its own option is read as
    ticked; a word behind a label ('Y' -> 'ja') is read as that word."""

    def resolved(raw: object, fallback: str | None = None):
        if fallback is not None and parse_number(fallback) is not None:
            if match_key(raw_text(raw)) not in own:
                fallback = None
        return resolve(raw, fallback)

    return resolved


def _empty_column(n: int, raw_name: str = "") -> AnswerColumn:
    nan_obj = np.array([None], dtype=object)
    return AnswerColumn(
        raw_name, np.full(n, -1, np.int8), np.array([math.nan]), nan_obj, nan_obj, [""]
    )


@dataclass
class _ItemErrors:
    """Item problems of one column or allocation question, sparse over rows."""

    order: int
    column: str
    rows: np.ndarray  # 0-based positions
    values: list[str]
    reasons: list[Fault]


@dataclass
class ColumnAnswers:
    """Every answer column of an export resolved, with the item errors found on the way."""

    columns: dict[str, AnswerColumn]  # single, multi and text columns
    allocations: dict[str, np.ndarray]  # final per-row shares of every allocation item
    item_errors: list[_ItemErrors]
    usable: np.ndarray  # row has at least one usable answer


def read_answers(raw: RawTable, codebook: Codebook, by_target: dict[str, str]) -> ColumnAnswers:
    """Resolve every answer column; collect item errors sparsely."""
    n = raw.rows
    order = {c: i for i, c in enumerate(codebook.column_question())}
    out = ColumnAnswers({}, {}, [], np.zeros(n, dtype=bool))
    for q in codebook.questions:
        if q.type == "allocation":
            finals, errs = _allocation(q, raw, by_target, n)
            out.allocations.update(finals)
            for v in finals.values():
                out.usable |= ~np.isnan(v)
            if errs is not None:
                errs.order = order[next(iter(q.columns()))]
                out.item_errors.append(errs)
            continue
        if q.type == "text":
            resolve = _text_resolver(q.max_length)
        else:
            resolve = Resolver(codebook.scale_of(q)).resolve
        for c in q.columns():
            rawname = by_target.get(c)
            if rawname is None:
                out.columns[c] = _empty_column(n)
                continue
            codes = answer_codes(codebook, rawname)
            source = codebook.definition.get("file", "mapping.yaml")
            if codes is None:
                own = _labelled(resolve, _own_texts(q, c)) if q.type in SCALED else resolve
            else:
                own = through_codes(resolve, codes, source)
            col = out.columns[c] = resolve_column(raw, rawname, own)
            rows = col.error_rows()
            if rows.size:
                shown = [col.raw[i][:60] for i in col.idx[rows]]
                reasons = [col.error[i] for i in col.idx[rows]]
                out.item_errors.append(_ItemErrors(order[c], rawname, rows, shown, reasons))
        if q.max_choices is not None:
            errs = _too_many(q, {c: out.columns[c] for c in q.columns()})
            if errs is not None:
                errs.order = order[next(iter(q.columns()))]
                out.item_errors.append(errs)
        for c in q.columns():
            out.usable |= out.columns[c].usable
    return out


def refuse_unknown_labels(answers: ColumnAnswers, codebook: Codebook, skip: np.ndarray) -> None:
    """In a survey tool's export, an answer text the codebook does not know is a label of the
    questionnaire the codebook lacks (a closed question offers only the tool's own choices),
    not one person's slip: read as missing, it would change the figures. Stop, naming the
    most frequent such text, where it is and the question's labels. Rows in `skip`
    (quarantined or excluded) take no part."""
    found: dict[str, tuple[str, list[int], list[str]]] = {}
    for errs in answers.item_errors:
        for pos, value, fault in zip(errs.rows.tolist(), errs.values, errs.reasons, strict=True):
            if fault.code != Code.UNKNOWN_ANSWER or skip[pos]:
                continue
            shown, rows, cols = found.setdefault(match_key(value), (value, [], []))
            rows.append(pos)
            if errs.column not in cols:
                cols.append(errs.column)
    if not found:
        return
    value, rows, cols = max(found.values(), key=lambda t: len(t[1]))
    questions = codebook.column_question()
    target = next((t for t, col in answers.columns.items() if col.raw_name == cols[0]), None)
    q = questions[target] if target in questions else None
    scale = codebook.scale_of(q) if q is not None and q.type in SCALED else None
    labels = [*scale.codes.values(), *scale.missing.values()] if scale else []
    raise InputError(
        ErrorCode.ANSWER_NOT_IN_CODEBOOK,
        value=value,
        count=len(rows),
        columns=len(cols),
        first=cols[0],
        question=q.id if q is not None else cols[0],
        labels=", ".join(labels),
    )


def _too_many(q: Question, cols: dict[str, AnswerColumn]) -> _ItemErrors | None:
    """'Choose at most N': a row with more ticks has no answer to the question (an item fault,
    like an allocation that does not add up); its other answers stay."""
    ticked = sum((col.value[col.idx] == 1).astype(np.int64) for col in cols.values())
    rows = np.flatnonzero(ticked > int(q.max_choices or 0))
    if rows.size == 0:
        return None
    for col in cols.values():
        col.idx = col.idx.copy()  # never the raw table's own codes
        col.idx[rows] = -1  # the 'empty' entry: not answered
    chosen = ticked[rows].tolist()
    faults = {  # one per count, shared by its rows (a Fault per row cost 0.3 s per 100,000)
        k: Fault(Code.TOO_MANY_CHOICES, {"question": q.title, "chosen": k, "max": q.max_choices})
        for k in set(chosen)
    }
    shown = {k: f"{k} gekozen" for k in faults}  # the value shown, also once per count
    return _ItemErrors(0, q.id, rows, [shown[k] for k in chosen], [faults[k] for k in chosen])


def fill_unticked(cols: dict[str, AnswerColumn], per_row: dict[str, np.ndarray]) -> None:
    """In a multi question someone answered, an empty option counts as 'not ticked' (code 0).

    A code-0 entry is inserted just before each column's 'empty' entry (which stays last, so
    index -1 keeps meaning 'empty'); empty cells of answering rows are pointed at it.
    """
    answered = None
    for c, col in cols.items():
        hit = col.usable_values()[per_row[c]]
        answered = hit if answered is None else answered | hit
    for c, col in cols.items():
        if not col.raw_name:  # not in the file at all: unknown, not 'not ticked'
            continue
        empty = np.array([not r.strip() for r in col.raw], dtype=bool)
        zero = len(col.value) - 1
        col.value = np.concatenate([col.value[:-1], [0.0], col.value[-1:]])
        col.missing = np.concatenate([col.missing[:-1], [None], col.missing[-1:]])
        col.error = np.concatenate([col.error[:-1], [None], col.error[-1:]])
        col.raw = [*col.raw[:-1], "", col.raw[-1]]
        idx = per_row[c]
        if zero > np.iinfo(idx.dtype).max:
            idx = idx.astype(np.int32)
        else:
            idx = idx.copy()
        idx[answered & empty[idx]] = zero
        per_row[c] = idx


def _allocation(
    q: Question, raw: RawTable, by_target: dict[str, str], n: int
) -> tuple[dict[str, np.ndarray], _ItemErrors | None]:
    """Check one allocation question; a bad cell or wrong total empties the whole question."""
    resolve = _number_resolver(q.total)
    shares: dict[str, np.ndarray] = {}  # per item: the share, 0 where empty
    answered = np.zeros(n, dtype=bool)
    total = np.zeros(n)
    bad: dict[int, tuple[str, Fault]] = {}  # row -> (raw value, fault) of its first bad cell
    for c in q.columns():
        rawname = by_target.get(c)
        if rawname is None:
            shares[c] = np.zeros(n)
            continue
        col = resolve_column(raw, rawname, resolve)
        share = col.value[col.idx]
        answered |= ~np.isnan(share)
        np.nan_to_num(share, copy=False, nan=0.0)
        total += share
        shares[c] = share
        for pos in col.error_rows().tolist():
            if pos not in bad:
                i = col.idx[pos]
                fault = col.error[i]
                params = {**fault.params, "cell": rawname, "allocation": q.title}
                bad[pos] = (col.raw[i], Fault(fault.code, params))
    has_bad = np.zeros(n, dtype=bool)
    has_bad[list(bad)] = True
    answered |= has_bad
    wrong_sum = answered & ~has_bad & (np.abs(total - float(q.total)) > q.tolerance + 1e-9)
    broken = has_bad | wrong_sum
    not_ok = ~answered | broken
    for share in shares.values():
        share[not_ok] = np.nan
    rows = np.flatnonzero(broken)
    if rows.size == 0:
        return shares, None
    values, reasons = [], []
    for pos in rows.tolist():
        if pos in bad:
            value, fault = bad[pos]
            values.append(value)
            reasons.append(fault)
        else:
            summed = round(float(total[pos]), 6)
            values.append(raw_text(summed))
            params = {"allocation": q.title, "sum": summed, "total": q.total}
            params |= {"tolerance": q.tolerance, "items": len(shares)}
            reasons.append(Fault(Code.ALLOCATION_SUM, params))
    return shares, _ItemErrors(0, q.id, rows, values, reasons)
