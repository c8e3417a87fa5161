"""`spt-eval validate`: check a survey export against the codebook and report what was found."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evaluation.dutch import number
from evaluation.errors import console_text, visible
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings_for
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.reasons import reason_text
from evaluation.intake.result import IntakeResult
from evaluation.intake.validate import read_survey
from evaluation.limits import check_survey_file
from evaluation.routine.check import (
    LEVELS_SHORT,
    mapped_counts,
    required_missing,
    unfinished_note,
    valid_per_spt,
)
from evaluation.routine.question_set import question_set_lines
from evaluation.routine.spt_set import spt_set_lines
from evaluation.routine.suspect_rows import decide_suspects
from evaluation.store.db import connect
from evaluation.store.spt_sets import previous_questions, previous_spts

SHOWN_PROBLEMS = 10


def rows_text(count: int) -> str:
    """The warning about rows to decide, its nouns and verbs in number."""
    if count == 1:
        return "1 rij lijkt op een test of is mogelijk niet afgemaakt; die telt nu mee als geldig."
    return (
        f"{count} rijen lijken op een test of zijn mogelijk niet afgemaakt; ze tellen nu mee "
        "als geldig."
    )


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "validate",
        add_help=False,
        help="controleer een enquête-export (CSV, Excel of SPSS) voordat u analyseert",
        description=(
            "Leest een enquête-export (CSV, Excel .xlsx of SPSS .sav) en controleert elke rij "
            "tegen het codeboek. Een ongeldig antwoord telt als 'ontbrekend' (itemfout); een rij "
            "zonder of met een dubbel respondentnummer, een onbekend servicepunt of zonder enig "
            "antwoord gaat in quarantaine. Test- en voorbeeldantwoorden en niet afgemaakte "
            "vragenlijsten tellen niet mee (uitgesloten; regels in settings.yaml). Exports van "
            "LimeSurvey, Qualtrics, SurveyMonkey, Microsoft Forms, Google Forms en SPSS worden "
            "herkend. Er gaat niets verloren: gelezen = geldig + quarantaine + uitgesloten. "
            "Uitkomst: 0 = alle rijen geldig of uitgesloten, 1 = er staan rijen in quarantaine, "
            "2 = het bestand is niet te lezen, is geen enquête-export of mist een vraag die een "
            "tabel nodig heeft."
        ),
    )
    p._positionals.title = "invoer"
    p._optionals.title = "keuzes"
    p.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")
    p.add_argument("file", type=Path, metavar="BESTAND", help="de enquête-export om te controleren")
    p.add_argument(
        "--codebook",
        type=Path,
        metavar="PAD",
        help="codeboek (YAML) met de vragen en antwoorden; standaard dat van de enquête 2015",
    )
    p.add_argument(
        "--quarantine",
        type=Path,
        metavar="PAD",
        help=(
            "schrijf de rijen in quarantaine naar dit CSV-bestand (met rijnummer, redenen en de "
            "oorspronkelijke waarden), zodat u ze kunt verbeteren en opnieuw aanbieden"
        ),
    )
    p.add_argument(
        "--store",
        type=Path,
        metavar="PAD",
        help=(
            "de opslag van de monitor: noem de servicepunten die nieuw zijn of ontbreken ten "
            "opzichte van het vorige jaar daarin (zonder: ten opzichte van het register)"
        ),
    )
    p.add_argument(
        "--confirm-tests",
        nargs="?",
        const="alle",
        metavar="RIJEN",
        help=(
            "bevestig dat de gemelde rijen (of alleen RIJEN, bijv. 3,17) testantwoorden of niet "
            "afgemaakt zijn: ze tellen dan niet mee; vastgelegd in bevestigd.yaml"
        ),
    )
    p.add_argument(
        "--not-tests",
        nargs="?",
        const="alle",
        metavar="RIJEN",
        help="de gemelde rijen (of alleen RIJEN) zijn echte respondenten: ze tellen mee",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="geef de uitkomst als één JSON-object (voor scripts) in plaats van een tabel",
    )
    return p


def summary(result: IntakeResult, order: list[str]) -> dict:
    """The validation outcome as plain data (the --json output)."""
    per_spt = valid_per_spt(result, order)
    return {
        "file": result.source_path,
        "sha256": result.source_sha256,
        "rows_read": result.rows_read,
        "file_rows": result.file_rows,
        "file_rows_source": result.file_rows_source,
        "header_rows": result.header_rows,
        "valid": result.valid,
        "quarantined": result.quarantined,
        "excluded": result.excluded,
        "item_errors": result.item_errors,
        "reconciled": result.reconciled,
        "tool": result.tool,
        "encoding": result.encoding,
        "per_spt": per_spt,
        "unknown_columns": result.unknown_columns,
        "metadata_columns": result.metadata_columns,
        "absent_questions": result.absent_questions,
        "suspects": [p.row for p in result.suspects],
        "column_map": result.column_map,
        "problems": [
            {
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "code": str(p.code),
                "params": p.params,
                "reason": reason_text(p),
                "level": p.level,
            }
            for p in result.problems
        ],
    }


def _other_export(result: IntakeResult, codebook) -> str | None:
    """A line when mapping.yaml's answer codes were read from a survey file beside another
    export: they hold only while the questionnaire is the same, which this file cannot show."""
    d = codebook.definition if codebook is not None else {}
    made_for = d.get("export_sha256", "")
    if not made_for or not codebook.answer_codes or made_for == result.source_sha256:
        return None
    return (
        f"Let op: de antwoordcodes in mapping.yaml komen uit vragenlijst '{d.get('file', '')}', "
        f"gekoppeld bij export '{d.get('export', '')}', niet bij dit bestand: ze gelden zolang "
        "de vragenlijst niet veranderd is. Is hij veranderd, koppel dan opnieuw met 'spt-eval "
        f"map {Path(result.source_path).name} --survey-file VRAGENLIJST'."
    )


def _print_human(
    result: IntakeResult,
    order: list[str],
    quarantine_path: Path | None,
    spt_lines: list[str],
    codebook=None,
) -> None:
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]Controle van {console_text(result.source_path)}[/bold]")
    if result.tool:
        console.print(f"Herkend als export van {result.tool}.", markup=False)
        if unfinished_note(result):
            console.print(unfinished_note(result), markup=False)
    else:
        console.print(
            "Geen enquêtetool herkend: test- en niet afgemaakte antwoorden zijn alleen te "
            "herkennen aan 'test' of 'proef' in nummer, naam, e-mail, token of opmerking; zulke "
            "rijen worden hieronder genoemd.",
            markup=False,
        )
    other = _other_export(result, codebook)
    if other:
        console.print(visible(other), markup=False)
    if result.encoding == "windows-1252":
        console.print(
            "Gelezen als Windows-1252 (geen UTF-8): kijk of letters met accenten goed staan, "
            "of sla het bestand op als CSV UTF-8.",
            markup=False,
        )
    counts = Table(show_header=False, box=None, padding=(0, 2))
    counts.add_column("wat")
    counts.add_column("aantal", justify="right")
    counts.add_row("rijen gelezen", number(result.rows_read, 0))
    counts.add_row("geldig", number(result.valid, 0))
    counts.add_row("in quarantaine", number(result.quarantined, 0))
    counts.add_row("uitgesloten (test, voorbeeld of niet afgemaakt)", number(result.excluded, 0))
    counts.add_row("itemfouten (antwoord als ontbrekend geteld)", number(result.item_errors, 0))
    console.print(counts)

    per_spt = valid_per_spt(result, order)
    if per_spt:
        table = Table(title="Geldige rijen per servicepunt", title_justify="left")
        table.add_column("servicepunt")
        table.add_column("rijen", justify="right")
        for name, n in per_spt.items():
            table.add_row(console_text(name), number(n, 0))
        console.print(table)
    for line in spt_lines:  # SPTs and questions new, gone or renamed against the store
        console.print(visible(line), markup=False)

    placed = mapped_counts(result, codebook) if codebook is not None else []
    if placed:
        table = Table(
            title="Geplaatst via mapping.yaml: de antwoorden per kolom", title_justify="left"
        )
        table.add_column("kolom in het bestand")
        table.add_column("vraag")
        table.add_column("antwoorden (geldige rijen)")
        for rawname, target, text in placed:
            table.add_row(console_text(rawname), target, console_text(text))
        console.print(table)
    if result.unknown_columns:
        console.print(
            "Onbekende kolommen (niet in het codeboek, genegeerd): "
            + visible(", ".join(result.unknown_columns)),
            markup=False,
        )
        if placed:  # map has been used for this file: never send the user back to it
            console.print(
                "Er is geen bewijs bij welke vraag ze horen; zet een kolom zelf in mapping.yaml "
                "als u het weet.",
                markup=False,
            )
        else:
            console.print(
                f"'spt-eval map {visible(result.source_path)}' zoekt met bewijs bij welke vraag "
                "ze horen.",
                markup=False,
            )
    if result.problems:
        shown = min(SHOWN_PROBLEMS, len(result.problems))
        console.print(f"[bold]Eerste problemen ({shown} van {len(result.problems)})[/bold]")
        for p in result.problems[:SHOWN_PROBLEMS]:
            kind = LEVELS_SHORT.get(p.level, LEVELS_SHORT["item"])
            where = f"rij {p.row}" + (f", kolom {p.column}" if p.column else "")
            console.print(visible(f"  {where}: {reason_text(p)} ({kind})"), markup=False)
        heads = (
            "de kopregel" if not result.header_rows else f"de {result.header_rows + 1} kopregels"
        )
        console.print(f"Rijnummers tellen vanaf de eerste rij onder {heads} (rij 1).")
    if result.quarantined:
        if quarantine_path is not None:
            console.print(f"Quarantaine geschreven naar {visible(quarantine_path)}", markup=False)
        else:
            console.print(
                "Gebruik --quarantine BESTAND om de rijen in quarantaine met hun redenen "
                "op te slaan."
            )
    if result.suspects:
        rows = [p.row for p in result.suspects]
        console.print(f"[bold]Let op: {rows_text(len(rows))}[/bold]")
        for p in result.suspects[:SHOWN_PROBLEMS]:
            console.print(visible(f"  rij {p.row}: {reason_text(p)}"), markup=False)
        console.print(
            "Beslis per rij: --confirm-tests (ze tellen niet mee) of --not-tests (echte "
            f"respondenten), eventueel met rijnummers, bijv. --confirm-tests {rows[0]}."
        )
        strong = [p.row for p in result.suspects if p.params.get("strength") == "sterk"]
        if strong and result.unknown_columns:
            console.print(
                f"Wie het voorstel van 'spt-eval map {visible(result.source_path)}' aanvaardt "
                "(--accept), beslist daarmee ook over de rijen met sterk bewijs.",
                markup=False,
            )
    ok = "klopt" if result.reconciled else "KLOPT NIET"
    source = f" ({result.file_rows_source})" if result.file_rows_source else ""
    if result.file_rows is None and source:
        console.print(visible(f"rijen in het bestand: niet na te tellen{source}"), markup=False)
    elif result.file_rows is not None and (source or result.header_rows):
        console.print(
            visible(
                f"rijen onder de kop in het bestand{source} = kopregels van de enquêtetool + "
                f"gelezen: {result.file_rows} = {result.header_rows} + {result.rows_read}"
            ),
            markup=False,
        )
    console.print(
        f"gelezen = geldig + quarantaine + uitgesloten: {result.rows_read} = {result.valid} + "
        f"{result.quarantined} + {result.excluded} ({ok})"
    )


def run(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    register = load_register(register_path(codebook))
    settings = load_settings_for(codebook.source_path)
    check_survey_file(args.file)
    result = read_survey(args.file, codebook, register, settings.intake)
    if result.suspects and (args.confirm_tests or args.not_tests):
        _decide(result, codebook, args)
        result = read_survey(args.file, codebook, register, settings.intake)
    if args.quarantine is not None:
        write_quarantine(result, args.quarantine)
    previous = questions = None
    if args.store is not None:
        con = connect(args.store, create=False)
        try:
            previous = previous_spts(con, settings.year)
            questions = previous_questions(con, settings.year)
        finally:
            con.close()
    spt_lines = spt_set_lines(result, register, previous)
    question_lines = question_set_lines(codebook, result.absent_questions, questions)
    missing = required_missing(result, codebook, settings.intake)
    warning = f"Let op: {missing}; analyse en report stoppen hierop." if missing else None
    if args.json:
        data = summary(result, register.names) | {
            "required_missing": warning,
            "spt_changes": spt_lines,
            "question_changes": question_lines,
        }
        # ASCII escapes: no control character from the file (C0 or C1) reaches the terminal raw
        json.dump(data, sys.stdout, ensure_ascii=True, indent=1)
        sys.stdout.write("\n")
    else:
        if warning:
            print(visible(warning))
        lines = spt_lines + question_lines
        _print_human(result, register.names, args.quarantine, lines, codebook)
    return 1 if result.quarantined or result.suspects else 0


def _decide(result: IntakeResult, codebook, args: argparse.Namespace) -> None:
    path, exclude, keep = decide_suspects(codebook, result, args.confirm_tests, args.not_tests)
    if args.json:
        return
    print(
        f"Beslissing vastgelegd in {visible(path)}: {len(exclude)} rijen tellen niet mee, "
        f"{len(keep)} wel."
    )
