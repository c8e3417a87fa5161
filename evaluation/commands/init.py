"""`spt-eval init YEAR [--from DIR]`: start next year's survey folder from this year's.

The codebook (survey name, version and year bumped), the register, the settings (year) and an
accepted mapping.yaml are copied with their comments; a checklist says what to look at.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from evaluation.errors import ErrorCode, InputError, check_year, os_reason, visible
from evaluation.inputs.codebook import MAPPING_NAME, load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings
from evaluation.limits import read_file
from evaluation.safe_files import contained

DEFAULT_FROM = Path(__file__).resolve().parents[2] / "surveys" / "spt2015"


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "init",
        help="begin de map voor de enquête van een nieuw jaar (codeboek, register, instellingen)",
        description=(
            "Maakt een nieuwe enquêtemap voor JAAR uit die van een eerder jaar: het codeboek "
            "(enquêtenaam, versie en jaar opgehoogd), het register van servicepunten en de "
            "instellingen (jaar) worden gekopieerd, met hun toelichting. Daarna volgt een "
            "lijst van wat u moet nakijken. Uitkomst: 0 = klaar, 2 = map bestaat al of invoer "
            "onbruikbaar."
        ),
    )
    p.add_argument("year", type=int, metavar="JAAR", help="het jaar van de nieuwe enquête")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=DEFAULT_FROM,
        metavar="MAP",
        help="de map van het vorige jaar (standaard surveys/spt2015)",
    )
    p.add_argument(
        "--to", type=Path, metavar="MAP", help="de nieuwe map (standaard sptJAAR naast --from)"
    )
    return p


def _bumped(text: str, key: str, value: str) -> str:
    """Replace the value of one top-level YAML key, keeping the comments."""
    new, n = re.subn(rf"(?m)^{key}:[^\n#]*", f"{key}: {value}", text, count=1)
    return new if n else f"{key}: {value}\n{text}"


def checklist(target: Path, year: int, missing: list[str] | None = None) -> list[str]:
    """What to look at before the new year's export is read; `missing`: the questions the
    copied settings allow an export to lack (asked in other years only)."""
    cb = target / "codebook.yaml"
    allowed = (
        f" Nu mogen ontbreken: {', '.join(missing)}; staat een van die vragen in de enquête van "
        f"{year} (zoals de succesfactoren en knelpunten, gevraagd vanaf 2016), haal haar daar weg."
        if missing
        else ""
    )
    return [
        f"Nakijken voor {year} in {target}:",
        "  1. service_points.yaml: het aantal uitgenodigden ('invited') per servicepunt en "
        "'total_invited' (de som, of weglaten); een nieuw servicepunt als nieuw item onder "
        "'service_points'; een nieuwe naam van een bestaand servicepunt als 'name' met de oude "
        "naam onder 'previous_names' (de jaren staan dan op één lijn; staat de oude naam nog in "
        "de export, zet hem ook onder 'aliases').",
        "  2. codebook.yaml: een anders geformuleerde stelling: laat het codeboek zoals het is; "
        "validate stopt erop en spt-eval map vraagt of het dezelfde stelling is (--zelfde: de "
        "trend loopt door, met een voetnoot) of een nieuwe (--nieuw: de trend begint opnieuw) en "
        "legt dat vast in het codeboek; een nieuwe stelling van de tevredenheidsscore: een vraag "
        "erbij en "
        "haar id onder 'satisfaction: items'; een vervallen vraag: weghalen, of in "
        "settings.yaml onder intake.may_be_missing zetten.",
        "  3. settings.yaml: controleer de keuzes (min_n, ontwerp); de regels voor test- en "
        "niet afgemaakte antwoorden staan onder 'intake'; intake.may_be_missing noemt de vragen "
        "die een export mag missen." + allowed,
        f"  4. spt-eval validate EXPORT --codebook {cb} --store OPSLAG  (noemt nieuwe en "
        f"verdwenen servicepunten; kolommen onbekend? spt-eval map EXPORT --codebook {cb})",
        f"  5. spt-eval report EXPORT --year {year} --codebook {cb} --per-spt",
    ]


def _read(source: Path, name: str, what: str) -> str:
    """A file of the old survey folder as text; it must lie inside that folder (a link out of
    it is not copied) and be UTF-8."""
    path = contained(source, name, what)
    try:
        return read_file(path, what).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(ErrorCode.NOT_UTF8, what=what, file=str(path), byte=exc.start) from None


def run(args: argparse.Namespace) -> int:
    year = check_year(args.year)
    source: Path = args.source
    codebook = load_codebook(source / "codebook.yaml")
    register_file = register_path(codebook)
    load_register(register_file)  # a broken register is reported before anything is copied
    target: Path = args.to or source.parent / f"spt{year}"
    if target.exists() or target.is_symlink():
        raise InputError(ErrorCode.FOLDER_EXISTS, folder=str(target))
    survey = f"spt{year}"
    texts = {
        "codebook.yaml": _bumped(
            _bumped(_read(source, "codebook.yaml", "codeboek"), "survey", survey),
            "version",
            f'"{year}.1"',
        ),
        register_file.name: _bumped(
            _read(register_file.parent, register_file.name, "register"), "survey", survey
        ),
    }
    texts["codebook.yaml"] = re.sub(
        r"(?m)^(title:.*?)\b(19|20)\d\d\b", rf"\g<1>{year}", texts["codebook.yaml"], count=1
    )
    settings = source / "settings.yaml"
    missing: list[str] = []
    if settings.is_file():
        missing = list(load_settings(settings).intake.may_be_missing)
        texts["settings.yaml"] = _bumped(
            _read(source, "settings.yaml", "instellingenbestand"), "year", str(year)
        )
    if (source / MAPPING_NAME).is_file():
        texts[MAPPING_NAME] = _read(source, MAPPING_NAME, "koppelbestand")
    try:
        target.mkdir(parents=True)
    except OSError as exc:
        raise InputError(
            ErrorCode.FOLDER_NOT_MADE, folder=str(target), reason=os_reason(exc)
        ) from None
    try:
        for name, text in texts.items():
            (target / name).write_text(text, encoding="utf-8")
        load_codebook(target / "codebook.yaml")  # the copy reads as a codebook
    except BaseException as exc:
        shutil.rmtree(target, ignore_errors=True)  # made just now: no half-made folder stays
        if isinstance(exc, OSError):
            raise InputError(
                ErrorCode.FOLDER_NOT_MADE, folder=str(target), reason=os_reason(exc)
            ) from None
        raise
    print(visible(f"Nieuwe enquêtemap {target}: {', '.join(texts)} (codeboek versie {year}.1)"))
    print("\n".join(visible(line) for line in checklist(target, year, missing)))
    return 0
