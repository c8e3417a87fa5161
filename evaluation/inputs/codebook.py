"""Questionnaire definitions (codebook YAML) as validated Pydantic models.

A broken codebook fails here with one clear Dutch message, before any data is read.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from evaluation.errors import CodebookError, ErrorCode, rule_error, validation_problems
from evaluation.inputs.yamlfile import parse_yaml, read_yaml

DEFAULT_CODEBOOK = Path(__file__).resolve().parents[2] / "surveys" / "spt2015" / "codebook.yaml"


SHORT = 400  # characters: longer texts (a respondent's remark) are folded, not remembered


def remember_short(fold: Callable[[str], str]) -> Callable[[object], str]:
    """`fold` for any value (as its text), remembering the results for short texts: the same
    headings and labels are matched against every codebook key many times in one run. Bounded
    in count and length, so a file of many long distinct cells cannot fill the memory."""
    cached = functools.lru_cache(maxsize=1 << 14)(fold)

    @functools.wraps(fold)
    def folded(text: object) -> str:
        text = str(text)
        return cached(text) if len(text) <= SHORT else fold(text)

    return folded


@remember_short
def normalise(text: str) -> str:
    """Fold a name or label for matching: lower case, no accents, single spaces."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.replace("_", " ").lower().split())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    """Answer codes shared by questions: valid codes and declared missing codes with labels."""

    label: str = ""
    codes: dict[int, str]
    missing: dict[int, str] = Field(default_factory=dict)
    label_aliases: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Scale:
        if not self.codes:
            raise rule_error("scale_without_codes")
        overlap = set(self.codes) & set(self.missing)
        if overlap:
            raise rule_error("code_valid_and_missing", codes=str(sorted(overlap)))
        known = {normalise(v) for v in (*self.codes.values(), *self.missing.values())}
        for lab in self.label_aliases:
            if normalise(lab) not in known:
                raise rule_error("alias_of_unknown_answer", label=lab)
        return self

    @property
    def minimum(self) -> int:
        return min(self.codes)

    @property
    def maximum(self) -> int:
        return max(self.codes)

    def lookup(self) -> dict[str, tuple[int, bool]]:
        """Map every normalised label, alias and code text to (code, is_missing)."""
        out: dict[str, tuple[int, bool]] = {}
        for missing, table in ((False, self.codes), (True, self.missing)):
            for code, lab in table.items():
                out[normalise(lab)] = (code, missing)
                out[normalise(code)] = (code, missing)
                for alias in self.label_aliases.get(lab, []):
                    out[normalise(alias)] = (code, missing)
        return out


class SpecialColumn(_Strict):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    register_file: str | None = None


class EarlierWording(_Strict):
    """A text a statement had before its current `label`, and the user's decision (recorded once,
    by `spt-eval map --zelfde/--nieuw`): the same statement as the current one (its trend goes on,
    with a footnote) or another one (its trend starts again at `changed_in`)."""

    text: str = Field(min_length=1)
    changed_in: int = Field(ge=1900, le=2200)  # the first year asked with the next text
    same_statement: bool


class Question(_Strict):
    """One question. `single` is one column; `multi` and `allocation` have one column per item."""

    id: str
    label: str
    short: str | None = None
    type: Literal["single", "multi", "allocation", "text"]
    scale: str | None = None
    options: dict[int, str] | None = None
    missing: dict[int, str] = Field(default_factory=dict)
    label_aliases: dict[str, list[str]] = Field(default_factory=dict)
    items: dict[str, str] | None = None
    item_aliases: dict[str, list[str]] = Field(default_factory=dict)  # item column -> names
    aliases: list[str] = Field(default_factory=list)
    earlier_wordings: list[EarlierWording] = Field(default_factory=list)  # oldest first
    reverse: bool = False
    trait: bool = False
    respondent_level: bool = False
    # A fact about the SPT (partners, structure, activities), not a personal opinion: published
    # for every SPT and as counts of SPTs; everything else is personal and protected per SPT.
    fact: bool = False
    table: str | None = None
    figure: str | None = None
    total: float | None = None
    tolerance: float = 1.0
    required: bool = False
    max_length: int | None = None
    # A tick-box question 'choose at most N': more ticks than this is an item fault at intake.
    max_choices: int | None = None

    @model_validator(mode="after")
    def _check(self) -> Question:
        if self.type in ("single", "multi") and (self.scale is None) == (self.options is None):
            raise rule_error("scale_or_options", question=self.id)
        if self.type in ("multi", "allocation") and not self.items:
            raise rule_error("items_needed", question=self.id, kind=self.type)
        if self.type == "allocation" and self.total is None:
            raise rule_error("total_needed", question=self.id)
        if self.type == "single" and self.items:
            raise rule_error("single_with_items", question=self.id)
        for w in self.earlier_wordings:
            if normalise(w.text) == normalise(self.label):
                raise rule_error("earlier_wording_is_current", question=self.id)
        if self.fact and (self.figure or self.respondent_level or self.type == "text"):
            raise rule_error("not_a_fact", question=self.id)
        if self.max_choices is not None and (
            self.type != "multi" or not 1 <= self.max_choices <= len(self.items or {})
        ):
            raise rule_error("max_choices_outside", question=self.id, items=len(self.items or {}))
        unknown = sorted(set(self.item_aliases) - set(self.items or {}))
        if unknown:
            raise rule_error("unknown_item_aliases", question=self.id, items=str(unknown))
        return self

    @property
    def about_spt(self) -> bool:
        """A fact about the SPT: marked `fact`, or a trait of table 2.2 (an SPT's structure,
        compared between SPTs), whose per-SPT answers the grade cells publish anyway."""
        return self.fact or self.trait

    @property
    def title(self) -> str:
        return self.short or self.label

    def earlier_wording(self, text: str) -> EarlierWording | None:
        """The recorded earlier wording with this text (case, accents and spaces ignored)."""
        key = normalise(text)
        return next((w for w in self.earlier_wordings if normalise(w.text) == key), None)

    def columns(self) -> dict[str, str]:
        """Data columns this question owns, with their labels."""
        if self.items:
            return dict(self.items)
        return {self.id: self.label}


class Satisfaction(_Strict):
    label: str
    items: list[str]
    min_valid: int = 4


class Codebook(_Strict):
    """A whole questionnaire: identity columns, scales, questions and the satisfaction scale."""

    survey: str
    version: str
    title: str
    language: str = "nl"
    respondent_id: SpecialColumn
    service_point: SpecialColumn
    scales: dict[str, Scale]
    questions: list[Question]
    satisfaction: Satisfaction
    source_sha256: str = ""
    source_path: str = ""
    mapping: dict[str, str] = Field(default_factory=dict)  # mapping.yaml: file column -> column
    mapping_sha256: str = ""
    # mapping.yaml written from a survey definition (`map --survey-file`): the file's name and
    # SHA-256, and per file column each answer code -> codebook code (an SPT name for the SPT
    # column; None: not an answer)
    definition: dict[str, str] = Field(default_factory=dict)
    answer_codes: dict[str, dict[str, int | str | None]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Codebook:
        seen: set[str] = {self.respondent_id.id, self.service_point.id}
        for q in self.questions:
            if q.scale is not None and q.scale not in self.scales:
                raise rule_error("unknown_scale", question=q.id, scale=q.scale)
            for col in q.columns():
                if col in seen:
                    raise rule_error("column_twice", column=col)
                seen.add(col)
        for q in self.questions:
            if q.max_choices is not None and set(self.scale_of(q).codes) != {0, 1}:
                raise rule_error("max_choices_outside", question=q.id, items=len(q.items or {}))
        by_id = {q.id: q for q in self.questions}
        for item in self.satisfaction.items:
            q = by_id.get(item)
            if q is None or q.type != "single" or q.scale is None:
                raise rule_error("grade_item_without_scale", item=item)
        if not 1 <= self.satisfaction.min_valid <= len(self.satisfaction.items):
            raise rule_error("min_valid_outside")
        for heading, target in self.mapping.items():
            if target not in seen:
                raise rule_error("mapped_to_unknown_column", heading=heading, target=target)
        check_answer_codes(self)
        return self

    def without(self, ids: list[str]) -> Codebook:
        """The codebook of a run whose export lacks these questions (allowed by the settings):
        every table, statement count and trait list then follows the questions present."""
        if not ids:
            return self
        items = [i for i in self.satisfaction.items if i not in ids]
        if not items:
            raise CodebookError(ErrorCode.NO_GRADE_ITEM)
        satisfaction = self.satisfaction.model_copy(
            update={"items": items, "min_valid": min(self.satisfaction.min_valid, len(items))}
        )
        questions = [q for q in self.questions if q.id not in ids]
        return self.model_copy(update={"questions": questions, "satisfaction": satisfaction})

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def scale_of(self, q: Question) -> Scale:
        """The answer scale of a single/multi question (an inline `options` list is one too)."""
        if q.scale is not None:
            return self.scales[q.scale]
        return Scale(
            label=q.label,
            codes=q.options or {},
            missing=q.missing,
            label_aliases=q.label_aliases,
        )

    def column_question(self) -> dict[str, Question]:
        """Every data column mapped to the question that owns it."""
        return {col: q for q in self.questions for col in q.columns()}

    @property
    def traits(self) -> list[Question]:
        return [q for q in self.questions if q.trait]

    @property
    def text_columns(self) -> list[str]:
        """Free-text questions: respondent text, never trusted, masked before publication."""
        return [q.id for q in self.questions if q.type == "text"]

    @property
    def choice_questions(self) -> list[Question]:
        """Tick-box questions with at most `max_choices` ticks (success factors, bottlenecks)."""
        return [q for q in self.questions if q.max_choices is not None]

    @property
    def reverse_items(self) -> list[str]:
        return [i for i in self.satisfaction.items if self.question(i).reverse]


def check_answer_codes(codebook: Codebook) -> None:
    """Every answer-code line of mapping.yaml names a mapped column and, for a question, a code
    of that question's scale (valid or missing); for the SPT column a name."""
    questions = codebook.column_question()
    for heading, codes in codebook.answer_codes.items():
        target = codebook.mapping.get(heading)
        if target is None:
            raise rule_error("codes_for_unmapped_column", heading=heading)
        q = questions.get(target)
        scale = codebook.scale_of(q) if q is not None and q.type in ("single", "multi") else None
        allowed = set(scale.codes) | set(scale.missing) if scale is not None else set()
        for code, value in codes.items():
            if value is None or (scale is None and target == codebook.service_point.id):
                continue
            if isinstance(value, bool) or value not in allowed:
                raise rule_error(
                    "code_not_in_scale",
                    code=code,
                    heading=heading,
                    target_code=str(value),
                    target=target,
                )


MAPPING_NAME = "mapping.yaml"


def _mapping(codebook_path: Path) -> tuple[dict[str, str], str, dict, dict]:
    """The accepted column mapping beside the codebook (written by `spt-eval map`), if any,
    with the survey definition it came from and its answer codes."""
    p = codebook_path.parent / MAPPING_NAME
    if not p.is_file():
        return {}, "", {}, {}
    raw, raw_bytes = read_yaml(p, "koppelbestand", "kolomkoppeling", CodebookError, empty_ok=True)
    columns = raw.get("columns") or {}
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise CodebookError(ErrorCode.MAPPING_COLUMNS, file=str(p))
    definition = raw.get("definition") or {}
    answers = raw.get("answers") or {}
    if (
        not isinstance(definition, dict)
        or not isinstance(answers, dict)
        or not all(isinstance(k, str) and isinstance(v, dict) for k, v in answers.items())
        or not all(
            isinstance(code, (int, str)) or code is None
            for codes in answers.values()
            for code in codes.values()
        )
        or not all(  # a file's code as map writes it (quoted) or a whole number; a hand-edited
            isinstance(k, (int, str)) and not isinstance(k, bool)  # yes, 1.0 or null is not
            for codes in answers.values()
            for k in codes
        )
    ):
        raise CodebookError(ErrorCode.MAPPING_ANSWERS, file=str(p))
    answers = {k: {str(code): v for code, v in codes.items()} for k, codes in answers.items()}
    definition = {str(k): str(v) for k, v in definition.items()}
    return dict(columns), hashlib.sha256(raw_bytes).hexdigest(), definition, answers


def load_codebook(path: str | Path | None = None, *, text: str | None = None) -> Codebook:
    """Read and validate a codebook YAML (and mapping.yaml beside it); CodebookError if broken.

    With `text` (a codebook kept in the store) that text is read and `path` only names it in
    messages; no mapping.yaml is looked for (a stored wave's columns are already mapped)."""
    p = Path(path) if path is not None else DEFAULT_CODEBOOK
    if text is None:
        raw, raw_bytes = read_yaml(p, "codeboek", "vragenlijstdefinitie", CodebookError)
        raw["mapping"], raw["mapping_sha256"], raw["definition"], raw["answer_codes"] = _mapping(p)
    else:
        raw_bytes = text.encode("utf-8")
        raw = parse_yaml(raw_bytes, p, "codeboek", "vragenlijstdefinitie", CodebookError)
    raw["source_sha256"] = hashlib.sha256(raw_bytes).hexdigest()
    raw["source_path"] = str(p)
    try:
        return Codebook.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise CodebookError(
            ErrorCode.INVALID_FILE, what="codeboek", file=str(p), problems=problems
        ) from None
