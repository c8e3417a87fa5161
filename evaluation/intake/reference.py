"""The response schema as a Pydantic model built from the codebook: one model instance per row.

This is the reference definition of a valid response (its JSON schema documents the export
format) and the naive baseline the vectorised intake is tested and benchmarked against. The
intake itself does not use it per row: a million model instances take minutes, not seconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic import model_validator as pyd_model_validator
from pydantic_core import PydanticCustomError

from evaluation.inputs.codebook import Codebook, Scale, normalise
from evaluation.inputs.register import Register


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _number(text: str) -> float | None:
    """A plain number with '.' or ',' as decimal mark (also 1e1); no NaN, infinity or '_'."""
    s = text.strip().replace(",", ".")
    if "_" in s:
        return None
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalise(text)).split())


def _code_parser(scale: Scale):
    """Label, alias or code text -> number; unknown text is an error. Range: the Literal."""
    lookup = scale.lookup()
    loose = {_loose(k): v for k, v in lookup.items()}

    def parse(value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None or isinstance(value, int | float):
            return value
        text = str(value)
        if normalise(text) in lookup:
            return lookup[normalise(text)][0]
        number = _number(text)
        if number is not None:
            return number
        if _loose(text) in loose:
            return loose[_loose(text)][0]
        raise ValueError(f"onbekend antwoord {text!r}")

    return parse


def _strict_float_code(value: Any) -> Any:
    """4.0 -> 4 (a Literal accepts only exact ints); 4.5 stays 4.5 and is rejected."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _coded_type(scale: Scale) -> Any:
    codes = tuple(sorted({*scale.codes, *scale.missing}))
    # Before-validators run last-listed first: parse the text, then turn 4.0 into 4.
    return Annotated[
        Literal[codes] | None,  # type: ignore[valid-type]
        BeforeValidator(_strict_float_code),
        BeforeValidator(_code_parser(scale)),
    ]


def _percent(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("geen getal")
    if isinstance(value, str):
        number = _number(value.rstrip("%"))
        if number is None:
            raise ValueError("geen getal")
        return number
    return value


def build_response_model(codebook: Codebook, register: Register) -> type[BaseModel]:
    """A Pydantic model with one field per codebook column, raw strings in, codes out."""
    spt_lookup = register.lookup()
    spt_loose = {_loose(k): v for k, v in spt_lookup.items()}

    def spt(value: Any) -> Any:
        value = _blank_to_none(value)
        if not isinstance(value, str):
            return value
        return spt_lookup.get(normalise(value)) or spt_loose.get(_loose(value), value)

    fields: dict[str, Any] = {
        codebook.respondent_id.id: (
            Annotated[str, BeforeValidator(lambda v: _blank_to_none(v) or ""), Field(min_length=1)],
            ...,
        ),
        codebook.service_point.id: (
            Annotated[Literal[tuple(register.names)], BeforeValidator(spt)],  # type: ignore[valid-type]
            ...,
        ),
    }
    for q in codebook.questions:
        for col, label in q.columns().items():
            if q.type in ("single", "multi"):
                typ = _coded_type(codebook.scale_of(q))
                fields[col] = (typ, Field(default=None, description=label))
            elif q.type == "allocation":
                pct = Annotated[float, Field(ge=0, le=q.total)]
                typ = Annotated[pct | None, BeforeValidator(_percent)]
                fields[col] = (typ, Field(default=None, description=label))
            else:
                text = Annotated[str, Field(max_length=q.max_length)]
                typ = Annotated[text | None, BeforeValidator(_blank_to_none)]
                fields[col] = (typ, Field(default=None, description=label))

    questions = list(codebook.questions)
    scales = {q.id: codebook.scale_of(q) for q in questions if q.type in ("single", "multi")}

    @pyd_model_validator(mode="after")
    def _whole_row(self: BaseModel) -> BaseModel:
        for q in questions:
            if q.type != "allocation":
                continue
            vals = [getattr(self, c) for c in q.columns()]
            if all(v is None for v in vals):
                continue
            total = sum(v for v in vals if v is not None)
            if abs(total - float(q.total)) > q.tolerance + 1e-9:
                raise PydanticCustomError(
                    "allocation_sum",
                    "verdeling {question} telt op tot {total}",
                    {"question": q.id, "total": total},
                )
            for c in q.columns():
                if getattr(self, c) is None:
                    object.__setattr__(self, c, 0.0)
        for q in questions:
            ticked = [c for c in q.columns() if getattr(self, c) == 1]
            if q.max_choices is not None and len(ticked) > q.max_choices:
                raise PydanticCustomError(
                    "too_many_choices",
                    "vraag {question}: {chosen} keuzes",
                    {"question": q.id, "chosen": len(ticked)},
                )
        for q in questions:
            if q.type == "multi" and 0 in scales[q.id].codes:
                if any(getattr(self, c) is not None for c in q.columns()):
                    for c in q.columns():
                        if getattr(self, c) is None:
                            object.__setattr__(self, c, 0)
        answered = any(getattr(self, c) is not None for q in questions for c in q.columns())
        if not answered:
            raise PydanticCustomError("no_answer", "geen enkele vraag beantwoord")
        return self

    return create_model(
        "Response",
        __config__=ConfigDict(extra="ignore", title=f"Antwoord {codebook.survey}"),
        __validators__={"whole_row": _whole_row},
        **fields,
    )


@dataclass
class NaiveRow:
    """Outcome for one row of the naive one-model-per-row validation."""

    row: int
    model: BaseModel | None
    item_errors: list[str] = field(default_factory=list)  # codebook column or question id
    row_errors: list[str] = field(default_factory=list)


def validate_rows(
    rows: Iterable[dict[str, Any]], model: type[BaseModel], codebook: Codebook
) -> list[NaiveRow]:
    """Validate rows one model at a time: bad items are blanked and the row is validated again."""
    questions = {q.id: q for q in codebook.questions}
    allocation_of = {
        c: q.id for q in codebook.questions if q.type == "allocation" for c in q.columns()
    }
    id_col, spt_col = codebook.respondent_id.id, codebook.service_point.id
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(rows, start=1):
        data = dict(raw)
        result = NaiveRow(i, None)
        for _ in range(len(data) + 3):
            try:
                result.model = model.model_validate(data)
                break
            except ValidationError as exc:
                blanked = False
                for err in exc.errors():
                    loc = err["loc"][0] if err["loc"] else None
                    if loc in (id_col, spt_col):
                        result.row_errors.append(str(loc))
                    elif loc in allocation_of:
                        # A bad share empties the whole allocation, reported once per question.
                        qid = allocation_of[loc]
                        if qid not in result.item_errors:
                            result.item_errors.append(qid)
                        for c in questions[qid].columns():
                            data[c] = None
                        blanked = True
                    elif loc is not None:
                        result.item_errors.append(str(loc))
                        data[loc] = None
                        blanked = True
                    elif err["type"] in ("allocation_sum", "too_many_choices"):
                        qid = err["ctx"]["question"]
                        result.item_errors.append(qid)
                        for c in questions[qid].columns():
                            data[c] = None
                        blanked = True
                    else:
                        result.row_errors.append(err["type"])
                if result.row_errors or not blanked:
                    break
        if result.model is not None:
            # A rejected answer stays missing (not 'not ticked'); so does a column not in the file.
            absent = {c for q in questions.values() if q.type == "multi" for c in q.columns()}
            for c in (absent - set(raw)) | {c for c in result.item_errors if c in data}:
                if c in model.model_fields:
                    object.__setattr__(result.model, c, None)
        rid = str(_blank_to_none(raw.get(id_col)) or "")
        if rid and rid in seen:
            result.row_errors.append("duplicate")
        if rid:
            seen.add(rid)
        if result.row_errors:
            result.model = None
        out.append(result)
    return out


def response_json_schema(codebook: Codebook, register: Register) -> dict[str, Any]:
    """The JSON schema of one response, for documentation of the export format."""
    return build_response_model(codebook, register).model_json_schema()


__all__ = ["NaiveRow", "build_response_model", "response_json_schema", "validate_rows"]
