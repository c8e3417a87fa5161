"""`spt-eval analyse FILE --out DIR`: all figures of the report as results.json, tables.xlsx and
weights.csv, with the headline figures printed in Dutch. Exit codes as `validate`."""

from __future__ import annotations

import argparse
import csv
import os
from datetime import UTC, datetime
from pathlib import Path

from evaluation.analysis import WEIGHT, analyse, scored_frame
from evaluation.codebook import load_codebook
from evaluation.dutch import SUPPRESSED, number, round_half_up
from evaluation.errors import DesignError, InputError
from evaluation.intake import read_survey, write_quarantine
from evaluation.privacy import load_key, neutralise_cell, pseudonym
from evaluation.register import load_register, register_path
from evaluation.results import Results, Table, sheets
from evaluation.settings import Settings, load_settings


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "analyse",
        help="bereken alle cijfers: tevredenheid, stellingen, kenmerken en tabellen",
        description=(
            "Leest en controleert de enquête-export, berekent het rapportcijfer (gewogen naar "
            "SPT, met standaardfout en betrouwbaarheidsinterval), de stellingen, de kenmerken "
            "van tabel 2.2 en de tabellen van het rapport, en schrijft results.json, "
            "tables.xlsx en weights.csv (en quarantine.csv bij afgekeurde rijen) in MAP. "
            "Exitcode 0: klaar; 1: klaar, maar rijen in quarantaine; 2: invoer onbruikbaar."
        ),
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="enquête-export (CSV, XLSX of SAV)")
    p.add_argument("--out", type=Path, required=True, metavar="MAP", help="uitvoermap")
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML)")
    p.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML)")
    p.add_argument(
        "--min-n", type=int, metavar="K", dest="min_n", help="minimum aantal respondenten per cel"
    )
    p.add_argument("--key", type=Path, metavar="PAD", help="sleutelbestand voor pseudoniemen")
    return p


def settings_for(codebook_path: str, settings: Path | None, min_n: int | None) -> Settings:
    """--settings, else settings.yaml beside the codebook, else the default settings."""
    if settings is None:
        beside = Path(codebook_path).parent / "settings.yaml"
        settings = beside if beside.is_file() else None
    return load_settings(settings, min_n=min_n)


def run(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    register = load_register(register_path(codebook))
    settings = settings_for(codebook.source_path, args.settings, args.min_n)
    intake = read_survey(args.file, codebook, register)
    try:
        results = analyse(intake, codebook, register, settings)
        frame, _, _ = scored_frame(intake, codebook, register, settings)
    except DesignError as exc:
        raise InputError(f"analyse niet mogelijk: {exc}") from None
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(results.to_json(), encoding="utf-8")
        write_workbook(results, args.out / "tables.xlsx", settings)
        write_weights(frame, args.out / "weights.csv", load_key(args.key))
        if intake.quarantined:
            write_quarantine(intake, args.out / "quarantine.csv")
    except OSError as exc:
        raise InputError(f"kan niet schrijven in '{args.out}': {exc.strerror}") from None
    print(headline(results, settings))
    print(f"Geschreven in {args.out}: results.json, tables.xlsx, weights.csv", end="")
    print(", quarantine.csv" if intake.quarantined else "")
    return 1 if intake.quarantined else 0


# ---------------------------------------------------------------------------------------------


def headline(results: Results, settings: Settings) -> str:
    """The headline figures in Dutch; SPTs below the minimum n show 'x'."""
    p = results.parameters
    c = p.counts
    sat = results.satisfaction
    o = sat.overall
    level = number(settings.confidence * 100, 0)
    lines = [
        f"Ingelezen: {c.rows_read} rijen, {c.valid} geldig, {c.quarantined} in quarantaine, "
        f"{c.item_errors} ongeldige antwoorden leeg gemaakt.",
        f"Tevredenheid over de werking (1-5, gewogen naar SPT): {number(o.estimate)} "
        f"({level}%-BI {number(o.ci[0])}–{number(o.ci[1])}; n = {o.n}).",
        f"Per SPT (indeling: minstens {number(settings.band.threshold)} onder/boven het totaal; "
        f"'{SUPPRESSED}' bij minder dan {settings.min_n} respondenten):",
    ]
    width = max((len(k) for k in sat.by_spt), default=0)
    for name, g in sat.by_spt.items():
        if g.n < settings.min_n or g.estimate is None:
            lines.append(f"  {name:<{width}}  {SUPPRESSED:>3}  (n = {g.n})")
        else:
            lines.append(f"  {name:<{width}}  {number(g.estimate):>3}  {g.band}  (n = {g.n})")
    if results.traits:
        lines.append("Kenmerken (tabel 2.2), verschil ja min nee, SPT als cluster:")
        for tr in results.traits.values():
            lines.append(f"  {tr.short} {tr.test.verdict}")
    return "\n".join(lines)


def display(value, kind: str, decimals: int):
    """A cell as shown in the workbook: rounded half up, shares as percentages, flags as X."""
    if value is None:
        return None
    if kind == "flag":
        return "X" if value else None
    if isinstance(value, bool) or kind == "text":
        return neutralise_cell(str(value))
    if not isinstance(value, int | float):
        return neutralise_cell(str(value))
    if kind == "count":
        return int(value)
    if kind == "share":
        return round_half_up(100 * value, 0)
    if kind == "percent":
        return round_half_up(value, 0)
    if kind == "mean":
        return round_half_up(value, decimals)
    if kind == "se":
        return round_half_up(value, decimals + 1)
    if kind == "p":
        return round_half_up(value, 3)
    return value


FORMATS = {"count": "0", "share": "0", "percent": "0", "p": "0.000"}


def _write_sheet(ws, table: Table, decimals: int) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append([neutralise_cell(table.title)])
    ws["A1"].font = bold
    ws.append([col.label for col in table.columns])
    for cell in ws[2]:
        cell.font = bold
    mean_fmt = "0." + "0" * decimals if decimals else "0"
    se_fmt = "0." + "0" * (decimals + 1)
    formats = {**FORMATS, "mean": mean_fmt, "se": se_fmt}
    for row in table.rows:
        ws.append([display(row.get(col.key), col.kind, decimals) for col in table.columns])
        for cell, col in zip(ws[ws.max_row], table.columns, strict=True):
            if col.kind in formats and isinstance(cell.value, int | float):
                cell.number_format = formats[col.kind]
    if table.notes:
        ws.append([])
        for note in table.notes:
            if note:
                ws.append([neutralise_cell(note)])
    for i, col in enumerate(table.columns, start=1):
        width = max(len(col.label), 8) if i > 1 else 36
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = min(width + 2, 50)


def write_workbook(results: Results, path: Path, settings: Settings) -> None:
    """tables.xlsx: one sheet per table, Dutch headers, numbers as (rounded) numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, table in sheets(results):
        _write_sheet(wb.create_sheet(title=name), table, settings.rounding.decimals)
    stamp = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), tz=UTC)
    wb.properties.created = wb.properties.modified = stamp.replace(tzinfo=None)
    wb.properties.creator = "spt-eval"
    wb.save(path)


def write_weights(frame, path: Path, key: bytes) -> None:
    """weights.csv: pseudonymous respondent id, SPT, weight (full precision)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["respondent", "spt", "weight"])
        for rid, spt, w in zip(frame["respondent_id"], frame["spt"], frame[WEIGHT], strict=True):
            out.writerow([pseudonym(rid, key), neutralise_cell(spt), repr(float(w))])
