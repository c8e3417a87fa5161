"""`spt-eval map FILE`: propose a codebook column for every column the codebook does not match,
and write the proposal to mapping.yaml beside the codebook for the user to check and keep."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.commands.map_definition import run_definition
from evaluation.dutch import number
from evaluation.errors import visible
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.propose import label_of, propose
from evaluation.intake.readers import read_table
from evaluation.limits import check_survey_file
from evaluation.routine.mapping import write_mapping


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "map",
        help="koppel de kolommen van een export aan het codeboek (schrijft mapping.yaml)",
        description=(
            "Zoekt voor elke kolom van de export die het codeboek nog niet herkent de vraag of "
            "het onderdeel dat het waarschijnlijkst is: eerst op de tekst van de kop (met score "
            "en tweede keus), anders op de antwoorden en de volgorde van de vragenlijst. Het "
            "voorstel komt in mapping.yaml naast het codeboek: controleer het en verbeter of "
            "verwijder wat niet klopt; validate, analyse en report gebruiken het daarna. "
            "Uitkomst: 0 = elke kolom geplaatst, 1 = sommige kolommen niet te plaatsen, "
            "2 = het bestand is niet te lezen."
        ),
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="de enquête-export")
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML); standaard 2015")
    p.add_argument(
        "--survey-file",
        type=Path,
        metavar="VRAGENLIJST",
        help=(
            "de vragenlijst van de enquêtetool (LimeSurvey .lss, Qualtrics .qsf, of het SPSS-"
            "bestand zelf): kolommen en antwoordcodes worden dan exact op de teksten gekoppeld"
        ),
    )
    return p


def run(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    register = load_register(register_path(codebook))
    check_survey_file(args.file)
    if getattr(args, "survey_file", None) is not None:
        return run_definition(args, codebook, register)
    proposals = propose(read_table(args.file, codebook, any_sheet=True), codebook, register)
    if not proposals:
        print(f"Alle kolommen van {visible(args.file)} worden al herkend; niets te koppelen.")
        return 0
    target = write_mapping(codebook, proposals, args.file.name)
    placed = [p for p in proposals if p.target]
    print(f"Voorstel voor {len(proposals)} kolommen van {visible(args.file)}:")
    for p in proposals:
        if p.target:
            print(
                visible(
                    f"  {p.column} -> {p.target} ({label_of(codebook, p.target)}; "
                    f"score {number(p.score, 2)}, {p.basis})"
                )
            )
        else:
            print(visible(f"  {p.column}: niet te plaatsen ({p.basis})"))
    print(f"Geschreven naar {visible(target)}: controleer het voorstel en verbeter of verwijder")
    print("wat niet klopt; validate, analyse en report gebruiken het daarna.")
    if len(placed) < len(proposals):
        print(
            f"{len(proposals) - len(placed)} kolommen zijn niet te plaatsen: voeg hun kop toe aan "
            "'aliases' in het codeboek of zet ze met de hand in mapping.yaml."
        )
        return 1
    return 0
