"""The user's options for one year's run (`Options`), each with a one-line Dutch explanation,
and the inputs they select (a survey folder under surveys/, one of those that hold a codebook)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.errors import ErrorCode, InputError, validation_problems
from evaluation.inputs.settings import load_settings_for
from evaluation.pipeline import Inputs, load_inputs
from evaluation.routine.produce import OutputOptions

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"


class Options(BaseModel):
    """What the user sets before a run; the descriptions are shown beside each field."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(
        default=2015,
        ge=1990,
        le=2100,
        title="Jaar",
        description="Het jaar van de meting: het staat op het rapport en bepaalt de plek in de "
        "monitor.",
    )
    survey: str = Field(
        default="spt2015",
        title="Enquêtemap",
        description="De map onder surveys/ met het codeboek, het register van servicepunten en "
        "de instellingen van deze enquête.",
    )
    min_n: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        title="Minimale n",
        description="Minimaal aantal respondenten onder een gepubliceerd cijfer; leeg laten "
        "neemt de waarde uit de instellingen van de enquêtemap.",
    )
    per_spt: bool = Field(
        default=True,
        title="Kaart per servicepunt",
        description="Maak naast het jaarrapport voor elk servicepunt een kaart van twee pagina's.",
    )
    include_remarks: bool = Field(
        default=False,
        title="Opmerkingen opnemen",
        description="Neem de opmerkingen van respondenten op, alleen van servicepunten met "
        "genoeg respondenten en met namen en adressen onherkenbaar gemaakt.",
    )
    audit: bool = Field(
        default=False,
        title="Auditwerkmap",
        description="Maak ook de vertrouwelijke Excel-werkmap waarin een accountant elk "
        "gewogen cijfer met formules narekent (niets weggelaten: niet verspreiden).",
    )

    def outputs(self) -> OutputOptions:
        """The options for the outputs (the web page offers the cards as one ZIP too)."""
        return OutputOptions(self.per_spt, self.include_remarks, self.audit, zip_cards=True)


def survey_folders(root: Path = SURVEYS) -> list[str]:
    """The folders under surveys/ that hold a codebook, by name."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "codebook.yaml").is_file())


def _title(name: str) -> str:
    """The title the form shows for a field ('Jaar' for year)."""
    field = Options.model_fields.get(name)
    return field.title if field is not None and field.title else name or "?"


def parse_options(values: dict[str, object], root: Path = SURVEYS) -> Options:
    """Options from a form's values; a wrong value is one Dutch InputError naming the field."""
    try:
        options = Options.model_validate(values)
    except ValidationError as exc:
        problems = tuple(
            replace(p, place=f"'{_title(p.place)}'") for p in validation_problems(exc.errors())
        )
        raise InputError(ErrorCode.INVALID_CHOICE, problems=problems) from None
    if options.survey not in survey_folders(root):
        raise InputError(ErrorCode.SURVEY_FOLDER_UNKNOWN, survey=options.survey)
    return options


def inputs_for(options: Options, root: Path = SURVEYS) -> Inputs:
    """The codebook, register and settings of the chosen survey folder, with year and min n."""
    return load_inputs(
        root / options.survey / "codebook.yaml", None, year=options.year, min_n=options.min_n
    )


def options_from_form(form: dict[str, str], root: Path = SURVEYS) -> Options:
    """Options from an HTML form: a switch is on when present, an empty minimum n means
    'as in the survey folder's settings'."""
    values: dict[str, object] = {
        name: name in form for name, f in Options.model_fields.items() if f.annotation is bool
    }
    for name in ("year", "survey", "min_n"):
        text = str(form.get(name, "")).strip()
        if text:
            values[name] = text
    return parse_options(values, root)


def settings_min_n(options: Options, root: Path = SURVEYS) -> int:
    """The minimum n the chosen survey folder's settings give (shown beside the field)."""
    return load_settings_for(root / options.survey / "codebook.yaml").min_n
