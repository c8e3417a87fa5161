"""The Table Schema (Frictionless v2) of every resource of the data package, in one place.

Field names are for machines (SDMX concept names where one exists); titles and descriptions
are Dutch. The status fields list their SDMX codes as `categories` with Dutch labels.
"""

from __future__ import annotations

from evaluation.exchange.figures import CONF_STATUS, INDICATORS, OBS_STATUS
from evaluation.spt_results.schema import (
    BUDGET_SOURCES,
    COUNT_COLUMNS,
    FTE_COLUMN,
    PROJECT_COLUMNS,
    REQUIRED,
)

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

EMPTY = {"value": "", "label": "leeg: weggelaten of niet te schatten (zie obs_status, conf_status)"}


def _f(name: str, type_: str, title: str, **extra) -> dict:
    return {"name": name, "type": type_, "title": title, **extra}


def _codes(codes: dict[str, str]) -> list[dict]:
    return [{"value": k, "label": v} for k, v in codes.items()]


FIGURES = [
    _f(
        "indicator",
        "string",
        "indicator",
        categories=_codes(INDICATORS),
        constraints={"required": True},
    ),
    _f("ref_area", "string", "gebied: een servicepunt (naam uit het register) of 'landelijk'"),
    _f("time_period", "integer", "jaar van de meting"),
    _f("breakdown", "string", "uitsplitsing: vraag, vraag=antwoordcode of kenmerk=ja/nee"),
    _f("obs_value", "number", "waarde (volle precisie; leeg als obs_status niet A is)"),
    _f("n", "integer", "ongewogen aantal respondenten met een waarde"),
    _f("lower", "number", "ondergrens van het betrouwbaarheidsinterval"),
    _f("upper", "number", "bovengrens van het betrouwbaarheidsinterval"),
    _f("unit_measure", "string", "eenheid"),
    _f(
        "obs_status",
        "string",
        "SDMX OBS_STATUS",
        categories=_codes(OBS_STATUS),
        constraints={"required": True},
    ),
    _f(
        "conf_status",
        "string",
        "SDMX CONF_STATUS",
        categories=_codes(CONF_STATUS),
        constraints={"required": True},
    ),
    _f("pointer", "string", "JSON-pointer van de waarde in results.json"),
]

REGISTER = [
    _f("jaar", "integer", "jaar van het register", constraints={"required": True}),
    _f("spt", "string", "servicepunt", constraints={"required": True}),
    _f("regios", "string", "arbeidsmarktregio's, gescheiden door '|'"),
    _f("activiteitsniveau", "integer", "activiteitsniveau 0-2 (tabel 1.1)"),
    _f("uitgenodigd", "integer", "aantal uitgenodigden"),
    _f("uitgenodigd_aangenomen", "boolean", "het aantal uitgenodigden is een aanname"),
]

_COUNT = {c: "integer" for c in (*COUNT_COLUMNS, "project_deelnemers", "project_plaatsingen")}
_TITLES = {
    "jaar": "jaar",
    "spt": "servicepunt",
    **COUNT_COLUMNS,
    FTE_COLUMN: "fte arbeidsmarktcoach",
    **{k: f"budget in euro van: {v}" for k, v in BUDGET_SOURCES.items()},
    **PROJECT_COLUMNS,
}
SPT_RESULTS = [
    _f(
        c,
        "integer"
        if c == "jaar"
        else _COUNT.get(c, "string" if c in ("spt", "project") else "number"),
        _TITLES[c],
        **({"constraints": {"required": True}} if c in REQUIRED else {}),
    )
    for c in _TITLES
]

PARAMETERS = [
    _f("jaar", "integer", "jaar van de meting", constraints={"required": True}),
    _f("parameter", "string", "naam van de keuze", constraints={"required": True}),
    _f("waarde", "string", "waarde (tekst)"),
]

TABLES = {
    "figures": (
        FIGURES,
        "cijfers",
        "De gepubliceerde cijfers, één per regel (SDMX-stijl).",
        ["time_period", "pointer"],
    ),
    "register": (REGISTER, "register", "De servicepunten van het jaar.", ["jaar", "spt"]),
    "spt_results": (
        SPT_RESULTS,
        "resultaten per SPT",
        "Plaatsingen, opgeleiden, coach-fte, budget en projecten per SPT; dezelfde kolommen als "
        "de invoer van 'spt-eval store add-results'.",
    ),
    "parameters": (
        PARAMETERS,
        "methode",
        "De keuzes achter de cijfers (results.json: parameters).",
        ["jaar", "parameter"],
    ),
}


def table_schema(
    fields: list[dict], decimal_comma: bool = False, primary_key: list[str] | None = None
) -> dict:
    """The Table Schema of a resource; the Dutch-Excel twin reads numbers with a comma."""
    out = []
    for f in fields:
        g = dict(f)
        if decimal_comma and g["type"] == "number":
            g["decimalChar"] = ","
        out.append(g)
    schema = {"$schema": SCHEMA_PROFILE, "fields": out, "missingValues": [EMPTY]}
    return {**schema, "primaryKey": primary_key} if primary_key else schema
