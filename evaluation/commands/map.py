"""`spt-eval map FILE`: propose a codebook column for every column the codebook does not match,
with the evidence and three answers beside what the codebook expects, and the rows that look
like tests with theirs; `--accept` writes the strong proposals to mapping.yaml and records the
rows with strong evidence in bevestigd.yaml (one step), `--set KOLOM=DOEL` places a column."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.commands.map_definition import run_definition
from evaluation.commands.map_rows import rows_to_decide
from evaluation.errors import ErrorCode, InputError, visible
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.propose import WEAK, Proposal, label_of, needs_survey_file, propose
from evaluation.intake.readers import read_table
from evaluation.intake.result import ID, SPT
from evaluation.limits import check_survey_file
from evaluation.routine.mapping import CHOSEN, write_mapping
from evaluation.routine.rewording import (
    decision_year,
    question_line,
    record_decisions,
    reworded,
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "map",
        help="koppel de kolommen van een export aan het codeboek (schrijft mapping.yaml)",
        description=(
            "Zoekt voor elke kolom van de export die het codeboek nog niet herkent de vraag "
            "waar het bewijs naar wijst: de kop lijkt op de tekst van de vraag en de antwoorden "
            "zijn de antwoordteksten van die vraag; het servicepunt aan de namen uit het register; "
            "het respondentnummer aan een waarde per rij, elke waarde één keer. De volgorde van "
            "de kolommen telt nooit als bewijs, en gegevens van de enquêtetool (datums, IP, "
            "e-mail, pagina's) worden nooit aan een vraag gekoppeld. Antwoordcodes zonder tekst "
            "(A1, AO01, 1..n) vragen om de vragenlijst van de enquêtetool. Zonder --accept "
            "wordt niets geschreven. Een stelling die in de export een andere tekst heeft dan "
            "in het codeboek wordt niet gekoppeld maar gevraagd: --zelfde of --nieuw legt het "
            "antwoord één keer vast in het codeboek. Uitkomst: 0 = elke kolom geplaatst of "
            "herkend, 1 = er blijven zwakke of niet te plaatsen kolommen of een stelling wacht "
            "op --zelfde of --nieuw. Rijen die op een test lijken staan erbij met hun bewijs: "
            "--accept legt die met sterk bewijs (een naam, e-mail, token of nummer dat alleen "
            "'test' is) vast in bevestigd.yaml; over zwak bewijs beslist u met 'validate "
            "--confirm-tests' of '--not-tests' (uitkomst 1 zolang dat nog open is). 2 = het "
            "bestand is niet te gebruiken zonder wat de melding noemt."
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
    p.add_argument(
        "--accept",
        action="store_true",
        help=(
            "schrijf de sterke voorstellen naar mapping.yaml (zwakke alleen met --set) en leg "
            "rijen met sterk testbewijs vast in bevestigd.yaml"
        ),
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KOLOM=DOEL",
        help="koppel een kolom zelf aan een kolom (id) van het codeboek; mag vaker",
    )
    for flag, what in (
        (
            "--zelfde",
            "dezelfde stelling met een nieuwe tekst: de trend loopt door, met een voetnoot",
        ),
        ("--nieuw", "een nieuwe stelling in plaats van de oude: de trend begint opnieuw"),
    ):
        p.add_argument(flag, action="append", default=[], metavar="ID", help=what)
    return p


def _chosen(values: list[str], codebook) -> dict[str, str]:
    valid = {ID, SPT, *codebook.column_question()}
    out = {}
    for v in values:
        column, sep, target = v.rpartition("=")
        if not sep or not column or target.strip() not in valid:
            raise InputError(ErrorCode.SET_OPTION_FORM, value=v)
        out[column] = target.strip()
    return out


def _show(codebook, p: Proposal) -> list[str]:
    samples = ", ".join(f"'{s}'" for s in p.samples) or "geen"
    if p.target:
        lines = [
            f"  {p.column} -> {p.target} ({label_of(codebook, p.target)}) [{p.strength}]",
            f"      bewijs: {p.basis}",
            f"      antwoorden: {samples}",
        ]
        if p.expected:
            lines.append(f"      verwacht: {', '.join(p.expected[:8])}")
        return lines
    return [f"  {p.column}: niet te plaatsen ({p.basis})", f"      antwoorden: {samples}"]


def run(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    register = load_register(register_path(codebook))
    check_survey_file(args.file)
    if getattr(args, "survey_file", None) is not None:
        return run_definition(args, codebook, register)
    chosen = _chosen(args.set, codebook)
    raw = read_table(args.file, codebook, any_sheet=True)
    proposals = propose(raw, codebook, register)
    found = reworded(codebook, proposals, raw)
    if args.zelfde or args.nieuw:  # the decision is kept in the codebook; propose again
        year = decision_year(codebook)
        codebook = record_decisions(codebook, found, args.zelfde, args.nieuw, year)
        print(
            f"Vastgelegd in {visible(codebook.source_path)}: " + ", ".join(args.zelfde + args.nieuw)
        )
        proposals = propose(raw, codebook, register)
        found = reworded(codebook, proposals, raw)
    asked_about = {r.column for r in found}
    for r in found:  # a new text is asked about, never mapped under the old one
        print(visible(question_line(r)))
    proposals = [p for p in proposals if p.column not in asked_about]
    if not proposals:  # a statement asked about above is not recognised: 'the others are'
        every = "De andere kolommen" if found else "Alle kolommen"
        print(f"{every} van {visible(args.file)} worden al herkend; niets te koppelen.")
        open_rows = rows_to_decide(args.file, codebook, register, {}, args.accept)
        return 1 if found or open_rows else 0
    print(f"Voorstel voor {len(proposals)} kolommen van {visible(args.file)}:")
    for p in proposals:
        if not p.column:
            continue
        for line in _show(codebook, p):
            print(visible(line))
    asked = needs_survey_file(proposals)
    if asked:  # codes are never placed by guessing: nothing is written
        raise asked
    placed = {}
    if args.accept or chosen:
        kept = []
        for p in proposals:
            if not p.column:
                continue
            if p.column in chosen:
                p = Proposal(p.column, chosen[p.column], 1.0, None, 0.0, CHOSEN)
            elif p.strength == WEAK and not args.accept:
                continue
            kept.append(p)
        target = write_mapping(codebook, kept, args.file.name)
        print(f"Sterke voorstellen en uw keuzes geschreven naar {visible(target)}.")
    else:
        placed = {p.column: p.target for p in proposals if p.target and p.strength != WEAK}
    weak = [p for p in proposals if p.strength == WEAK and p.column not in chosen]
    if weak:
        print(
            f"{len(weak)} zwakke voorstellen zijn niet geschreven; neem er een over met "
            "--set 'KOLOM=DOEL' als het bewijs u overtuigt."
        )
    if not (args.accept or chosen):
        print("Er is niets geschreven: --accept schrijft de sterke voorstellen naar mapping.yaml.")
    missing = [p for p in proposals if p.needs in (ID, SPT) and p.needs not in chosen.values()]
    if missing:
        what = " en ".join(label_of(codebook, p.needs) for p in missing)
        raise InputError(ErrorCode.NO_EVIDENCE_FOR, what=what, file=args.file.name)
    if args.accept or chosen:
        codebook = load_codebook(codebook.source_path)
    open_rows = rows_to_decide(args.file, codebook, register, placed, args.accept)
    open_columns = [p for p in proposals if p.column and p.target is None and p.samples]
    unplaced = any(p.needs != "metadata" for p in open_columns)
    return 1 if found or weak or unplaced or open_rows else 0
