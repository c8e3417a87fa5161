"""The `spt-eval` command: wires the pipeline steps together and holds no logic of its own.

Each subcommand lives in `evaluation/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`. User errors (InputError) print one Dutch line on stderr and exit with 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from evaluation import __version__
from evaluation.errors import InputError

# Order in which subcommands appear in `spt-eval --help`.
COMMANDS = ["validate", "analyse", "report", "regions", "verify", "audit"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spt-eval",
        description=(
            "Monitor van de Servicepunten Techniek: van enquête-export tot gecontroleerd "
            "rapport in PDF. Kies een opdracht; 'spt-eval OPDRACHT --help' vertelt meer."
        ),
    )
    parser.add_argument("--version", action="version", version=f"spt-eval {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="opdrachten")
    for name in COMMANDS:
        module = importlib.import_module(f"evaluation.commands.{name}")
        sp = module.add_parser(sub)
        sp.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args))
    except InputError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
