"""Analysis settings (surveys/<survey>/settings.yaml): design choices printed on the method page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evaluation.errors import ErrorCode, SettingsError, rule_error, validation_problems
from evaluation.inputs.yamlfile import parse_yaml, read_yaml

DEFAULT_SETTINGS = Path(__file__).resolve().parents[2] / "surveys" / "spt2015" / "settings.yaml"

LonelyPSU = Literal["fail", "adjust", "average", "remove", "certainty"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weighting(_Frozen):
    method: Literal["equal_per_service_point"] = "equal_per_service_point"
    scale: Literal["none", "sample", "population"] = "none"
    per_figure: bool = True  # K and n_k of the respondents with a valid value, per figure


class DesignChoice(_Frozen):
    strata: str | None = None
    psu: str | None = None
    fpc: Literal["invited"] | None = None
    lonely_psu: LonelyPSU = "adjust"


class Designs(_Frozen):
    grade: DesignChoice = DesignChoice(strata="spt", fpc="invited")
    traits: DesignChoice = DesignChoice(psu="spt")


class Band(_Frozen):
    rule: Literal["distance_from_overall"] = "distance_from_overall"
    threshold: float = Field(default=0.5, gt=0)


class MDD(_Frozen):
    alpha: float = Field(default=0.05, gt=0, lt=1)
    power: float = Field(default=0.80, gt=0, lt=1)


class Consensus(_Frozen):
    rule: Literal["majority"] = "majority"
    share: float = Field(default=0.5, ge=0, lt=1)


class Rounding(_Frozen):
    rule: Literal["half_up"] = "half_up"
    decimals: int = Field(default=1, ge=0, le=4)


class ExcludeRules(_Frozen):
    """Which responses intake sets aside as excluded (neither valid nor quarantined)."""

    preview: bool = True  # the tool's status says preview, test or spam (Qualtrics)
    # on id, name, e-mail and token: such a row is listed for the user (intake.suspects)
    test_pattern: str | None = r"\b(test|proef|preview)\b"
    unfinished: bool = True  # Finished false, Progress < 100, no submitdate, lastpage short
    last_page: int | None = Field(default=None, ge=1)  # None: the highest a finished row reached

    @field_validator("test_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value:
            try:
                re.compile(value)
            except re.error as exc:
                where = f", fout bij teken {exc.pos + 1}" if exc.pos is not None else ""
                raise rule_error("bad_pattern", where=where) from None
        return value or None


class IntakeRules(_Frozen):
    exclude: ExcludeRules = ExcludeRules()
    may_be_missing: list[str] = Field(default_factory=list)  # question ids a file may lack


class Settings(_Frozen):
    year: int
    weighting: Weighting = Weighting()
    design: Designs = Designs()
    confidence: float = Field(default=0.95, gt=0, lt=1)
    ci_distribution: Literal["t", "normal"] = "t"
    min_n: int = Field(default=5, ge=1)
    band: Band = Band()
    mdd: MDD = MDD()
    consensus: Consensus = Consensus()
    rounding: Rounding = Rounding()
    intake: IntakeRules = IntakeRules()
    source_sha256: str = ""


def load_settings(
    path: str | Path | None = None, *, text: str | None = None, **overrides: object
) -> Settings:
    """Read settings YAML; keyword overrides (e.g. min_n from the CLI) replace top-level keys.
    SettingsError names every field that breaks a rule, not only the first.

    With `text` (settings kept in the store) that text is read; `path` only names it."""
    p = Path(path) if path is not None else DEFAULT_SETTINGS
    if text is None:
        raw, raw_bytes = read_yaml(
            p, "instellingenbestand", "instellingen", SettingsError, empty_ok=True
        )
    else:
        raw_bytes = text.encode("utf-8")
        raw = parse_yaml(
            raw_bytes, p, "instellingenbestand", "instellingen", SettingsError, empty_ok=True
        )
    raw.update({k: v for k, v in overrides.items() if v is not None})
    raw["source_sha256"] = hashlib.sha256(raw_bytes).hexdigest()
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise SettingsError(
            ErrorCode.INVALID_FILE, what="instellingen", file=str(p), problems=problems
        ) from None


def load_settings_for(
    codebook_path: str | Path, path: str | Path | None = None, **overrides: object
) -> Settings:
    """Settings from `path`, else settings.yaml beside the codebook, else the 2015 defaults."""
    if path is None:
        beside = Path(codebook_path).parent / "settings.yaml"
        path = beside if beside.is_file() else None
    min_n = overrides.get("min_n")
    if min_n is not None and int(min_n) < 1:
        raise SettingsError(ErrorCode.MIN_N_OPTION, value=min_n)
    return load_settings(path, **overrides)
