"""`spt-eval regions`: region benchmark for kwartiermakers as PDF, workbook and JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.commands.common import inputs_from
from evaluation.pipeline import run_survey
from evaluation.regions.produce import produce_regions

DEFAULT_OUT = Path("reports") / "regions"


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "regions",
        help="regiobenchmark: technische werkgelegenheid, SPT-dekking en clusters",
        description=(
            "Zet de arbeidsmarktregio's naast elkaar op omvang en aandeel van de technische "
            "werkgelegenheid, toont welke regio's al een SPT hebben, vat clusters van regio's "
            "samen en markeert signalen volgens vaste regels. Schrijft regions.pdf, "
            "regions.xlsx en regions.json."
        ),
    )
    p.add_argument(
        "--data",
        type=Path,
        metavar="BESTAND",
        help="regiobestand (CSV, zelfde kolommen als surveys/labour_market/regions_2014.csv)",
    )
    p.add_argument("--clusters", type=Path, metavar="BESTAND", help="clusterbestand (YAML)")
    p.add_argument("--rules", type=Path, metavar="BESTAND", help="drempels van de signalen (YAML)")
    p.add_argument(
        "--survey",
        type=Path,
        metavar="BESTAND",
        help="enquête-export: voegt per SPT cijfer, positie, type en activiteit toe",
    )
    p.add_argument("--codebook", type=Path, metavar="PAD", help="codeboek (YAML) bij --survey")
    p.add_argument("--settings", type=Path, metavar="PAD", help="instellingen (YAML) bij --survey")
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="MAP", help="uitvoermap (reports/regions)"
    )
    return p


def run(args: argparse.Namespace) -> int:
    inputs = inputs_from(args)
    survey = None
    if args.survey is not None:
        survey = run_survey(args.survey, inputs, what="analyse van de enquête")
    files = produce_regions(
        Path(args.out),
        inputs.register,
        data=args.data,
        clusters_path=args.clusters,
        rules_path=args.rules,
        survey=survey,
        survey_name=args.survey.name if args.survey is not None else None,
    )
    print(
        f"geschreven: {files.pdf}, {files.workbook}, {files.json}, "
        f"{files.manifest} (kenmerk {files.manifest_hash})"
    )
    return 0
