"""The register of service points (SPTs): names, aliases, table 1.1 traits and invited counts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from evaluation.errors import ErrorCode, InputError, rule_error, validation_problems
from evaluation.inputs.codebook import Codebook, normalise
from evaluation.inputs.yamlfile import parse_yaml, read_yaml
from evaluation.safe_files import contained


class ServicePoint(BaseModel):
    """One SPT as described in table 1.1 of the 2015 report."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: list[str] = Field(default_factory=list)
    previous_names: list[str] = Field(default_factory=list)  # its names in earlier years
    activity_level: int = Field(ge=0, le=2)
    bemiddeling: bool = False
    scholing: bool = False
    arbeidsmarktcoach: bool = False
    uitzendsector_partner: bool = False
    financiering_spt: bool = False
    financiering_projecten: bool = False
    plan_rapportage: bool = False
    legal_entity: bool = False
    invited: int | None = Field(default=None, ge=1)
    invited_assumed: bool = False
    regions: list[str] = Field(default_factory=list)


class Register(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    survey: str
    total_invited: int | None = None
    total_invited_source: str = ""
    service_points: list[ServicePoint]
    source_sha256: str = ""
    source_path: str = ""

    @model_validator(mode="after")
    def _unique(self) -> Register:
        seen: dict[str, str] = {}
        for sp in self.service_points:
            for key in (sp.name, *sp.aliases):
                k = normalise(key)
                if k in seen and seen[k] != sp.name:
                    raise rule_error("name_of_two_points", name=key)
                seen[k] = sp.name
        earlier: dict[str, str] = {}
        for sp in self.service_points:
            for old in sp.previous_names:
                k = normalise(old)
                if seen.get(k, sp.name) != sp.name or earlier.get(k, sp.name) != sp.name:
                    raise rule_error("previous_name_of_two_points", name=old)
                earlier[k] = sp.name
        counts = [sp.invited for sp in self.service_points]
        if self.total_invited is not None and None not in counts and counts:
            if sum(counts) != self.total_invited:
                raise rule_error("invited_total_differs", total=self.total_invited, sum=sum(counts))
        return self

    @property
    def invited_total(self) -> int | None:
        """total_invited as given, else the sum of the invited counts when every SPT has one."""
        if self.total_invited is not None:
            return self.total_invited
        counts = [sp.invited for sp in self.service_points]
        return sum(counts) if counts and None not in counts else None

    @property
    def names(self) -> list[str]:
        return [sp.name for sp in self.service_points]

    def get(self, name: str) -> ServicePoint:
        for sp in self.service_points:
            if sp.name == name:
                return sp
        raise KeyError(name)

    def lookup(self) -> dict[str, str]:
        """Normalised name or alias -> canonical SPT name."""
        return {normalise(k): sp.name for sp in self.service_points for k in (sp.name, *sp.aliases)}

    def current_names(self) -> dict[str, str]:
        """Every earlier name (`previous_names`) -> the SPT's name now, so years link up."""
        return {old: sp.name for sp in self.service_points for old in sp.previous_names}

    def invited(self) -> dict[str, int | None]:
        return {sp.name: sp.invited for sp in self.service_points}


def register_path(codebook: Codebook) -> Path:
    """The register file named by the codebook, relative to the codebook's folder."""
    base = Path(codebook.source_path).parent if codebook.source_path else Path.cwd()
    name = codebook.service_point.register_file or "service_points.yaml"
    return contained(base, name, "register_file in het codeboek")


def load_register(path: str | Path, *, text: str | None = None) -> Register:
    """Read and validate a service-point register; raise InputError naming every problem.

    With `text` (a register kept in the store) that text is read; `path` only names it."""
    p = Path(path)
    if text is None:
        raw, raw_bytes = read_yaml(p, "register", "lijst met servicepunten")
    else:
        raw_bytes = text.encode("utf-8")
        raw = parse_yaml(raw_bytes, p, "register", "lijst met servicepunten")
    raw["source_sha256"] = hashlib.sha256(raw_bytes).hexdigest()
    raw["source_path"] = str(p)
    try:
        return Register.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise InputError(
            ErrorCode.INVALID_FILE, what="register", file=str(p), problems=problems
        ) from None
