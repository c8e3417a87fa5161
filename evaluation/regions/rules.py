"""Thresholds of the region signals, as settings with Dutch descriptions."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evaluation.dutch import number
from evaluation.errors import ErrorCode, InputError, rule_error, validation_problems
from evaluation.inputs.labour_market import DEVELOPMENT_CLASSES, MAX_JOBS
from evaluation.inputs.yamlfile import read_yaml


class RegionRules(BaseModel):
    """The flag rules; every threshold is a setting, printed in the report with its value."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    small_size: int = Field(
        default=15_000, gt=0, le=MAX_JOBS, description="'mogelijk te klein' onder dit"
    )
    large_top_n: int = Field(default=3, ge=0, le=1000, description="N grootste regio's zonder SPT")
    large_min_size: int | None = Field(
        default=None, gt=0, le=MAX_JOBS, description="of minstens zoveel banen"
    )
    inactive_min_size: int = Field(
        default=30_000,
        gt=0,
        le=MAX_JOBS,
        description="SPT zonder activiteit, minstens zoveel banen",
    )
    decline_classes: list[str] = Field(default_factory=lambda: ["---"], max_length=10)
    high_share: float = Field(default=15.0, gt=0, le=100, description="aandeel techniek in %")
    profile_ratio: float = Field(default=1.5, gt=1, le=100, description="x landelijk sectoraandeel")
    profile_min_points: float = Field(
        default=5.0, ge=0, le=100, description="en minstens zoveel %-punt"
    )

    @field_validator("decline_classes")
    @classmethod
    def _known_classes(cls, value: list[str]) -> list[str]:
        for c in value:
            if c not in DEVELOPMENT_CLASSES:
                raise rule_error(
                    "unknown_development_class", name=c, known=", ".join(DEVELOPMENT_CLASSES)
                )
        return value


def load_rules(path: str | Path | None = None, **overrides: object) -> RegionRules:
    """Rules from an optional YAML file, then keyword overrides; defaults otherwise."""
    raw: dict = {}
    if path is not None:
        p = Path(path)
        raw, _ = read_yaml(p, "regelbestand", "lijst 'naam: waarde'", empty_ok=True)
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return RegionRules.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        if path is None:  # only options given on the command line
            raise InputError(ErrorCode.REGION_RULES_INVALID, problems=problems) from None
        raise InputError(
            ErrorCode.INVALID_FILE, what="regelbestand", file=str(path), problems=problems
        ) from None


def rule_texts(rules: RegionRules) -> dict[str, tuple[str, str]]:
    """Flag code -> (Dutch label, the rule spelled out with its current setting)."""
    large = f"een van de {rules.large_top_n} grootste regio's zonder SPT"
    if rules.large_min_size:
        large += f", of zonder SPT en minstens {number(rules.large_min_size, 0)} technische banen"
    classes = ", ".join(f"'{c}'" for c in rules.decline_classes)
    ranges = "; ".join(
        f"'{c}' = {number(start, 1)}% tot {number(end, 1)}%"
        for c, (start, end) in DEVELOPMENT_CLASSES.items()
        if c in rules.decline_classes
    )
    return {
        "groot_zonder_spt": (
            "grote regio zonder SPT",
            f"De regio is nog niet bij een SPT betrokken en is {large} "
            "(gemeten in technische werkgelegenheid 2014).",
        ),
        "groot_spt_inactief": (
            "groot SPT-gebied, SPT niet actief",
            "De regio hoort bij een SPT met mate van activiteit 0 (alleen overleg, geen "
            "activiteiten) volgens het SPT-register, en de regio's van dat SPT hebben samen "
            f"minstens {number(rules.inactive_min_size, 0)} technische banen.",
        ),
        "te_klein": (
            "mogelijk te klein voor een zelfstandig SPT",
            f"Technische werkgelegenheid onder {number(rules.small_size, 0)} banen.",
        ),
        "sterke_daling": (
            "sterke daling",
            f"Ontwikkelingsklasse 2012-2014 is {classes} ({ranges}).",
        ),
        "techniek_relatief_groot": (
            "techniek relatief groot",
            f"De geselecteerde technische sectoren hebben minstens "
            f"{number(rules.high_share, 0)}% van alle werkgelegenheid in de regio.",
        ),
        "sectorprofiel": (
            "uitgesproken sectorprofiel",
            f"Een sector heeft minstens {number(rules.profile_ratio, 1)} keer het landelijke "
            f"aandeel én ligt minstens {number(rules.profile_min_points, 0)} procentpunt "
            "daarboven.",
        ),
    }
