"""The reporting model per SPT per year: the Pydantic records and the file's columns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# File column -> (field, Dutch description); the documented schema of the input (docs/store.md).
COUNT_COLUMNS = {
    "plaatsingen_werk_naar_werk": "plaatsingen van werk naar werk",
    "plaatsingen_ww_naar_werk": "plaatsingen van werkloosheid naar werk",
    "opgeleid": "mensen opgeleid",
}
BUDGET_SOURCES = {
    "budget_fonds": "A+O fonds",
    "budget_gemeenten": "gemeenten",
    "budget_uwv": "UWV",
    "budget_provincie": "provincie",
    "budget_werkgevers": "werkgevers",
    "budget_overig": "overig",
}
FTE_COLUMN = "arbeidsmarktcoach_fte"
PROJECT_COLUMNS = {
    "project": "naam van het project (leeg: de regel met de totalen van het SPT)",
    "project_deelnemers": "deelnemers aan het project",
    "project_plaatsingen": "plaatsingen uit het project",
}
REQUIRED = ("jaar", "spt")
COLUMNS = [*REQUIRED, *COUNT_COLUMNS, FTE_COLUMN, *BUDGET_SOURCES, *PROJECT_COLUMNS]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Project(_Model):
    """One project of an SPT in a year (e.g. a welding class)."""

    name: str = Field(min_length=1)
    participants: int = Field(ge=0)
    placements: int = Field(ge=0)


class SptYear(_Model):
    """What one SPT reports for one year; None = not reported."""

    spt: str
    year: int
    placements_work_to_work: int | None = Field(default=None, ge=0)
    placements_unemployment_to_work: int | None = Field(default=None, ge=0)
    trained: int | None = Field(default=None, ge=0)
    coach_fte: float | None = Field(default=None, ge=0)
    budget: dict[str, float] = Field(default_factory=dict)  # source column -> euros
    projects: list[Project] = Field(default_factory=list)

    @property
    def placements(self) -> int | None:
        parts = [self.placements_work_to_work, self.placements_unemployment_to_work]
        return None if all(p is None for p in parts) else sum(p or 0 for p in parts)

    @property
    def budget_total(self) -> float | None:
        return sum(self.budget.values()) if self.budget else None


FIELD_OF = {
    "plaatsingen_werk_naar_werk": "placements_work_to_work",
    "plaatsingen_ww_naar_werk": "placements_unemployment_to_work",
    "opgeleid": "trained",
    FTE_COLUMN: "coach_fte",
}
