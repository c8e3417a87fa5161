"""The `spt-eval` command: wires the pipeline steps together and holds no logic of its own.

Each subcommand lives in `evaluation/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`. User errors (any SptEvalError) print one Dutch line on stderr and exit
with 2.
Only the chosen subcommand's module is imported, so `validate` does not load the PDF stack.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from evaluation import __version__
from evaluation.errors import SptEvalError, os_reason, visible

# Order in which subcommands appear in `spt-eval --help`.
COMMANDS = [
    "init",
    "map",
    "validate",
    "analyse",
    "report",
    "regions",
    "verify",
    "audit",
    "store",
    "package",
    "plan",
    "serve",
]

# argparse's own messages, in Dutch: users of this tool are not programmers.
DUTCH = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "onbekende keuze: %(value)r (kies uit %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "expected one argument": "hier hoort één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "expected at most one argument": "hier hoort hooguit één waarde bij",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "optie %(option)s is niet eenduidig: %(matches)s"
    ),
    "not allowed with argument %s": "niet samen met %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
}
argparse._ = lambda text: DUTCH.get(text, text)  # argparse looks up `_` at call time


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or (with `only`) one that knows just the chosen subcommand."""
    parser = argparse.ArgumentParser(
        prog="spt-eval",
        description=(
            "Monitor van de Servicepunten Techniek: van enquête-export tot gecontroleerd "
            "rapport in PDF. Kies een opdracht; 'spt-eval OPDRACHT --help' vertelt meer."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"spt-eval {__version__}",
        help="toon het versienummer en stop",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="opdrachten")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"evaluation.commands.{name}")
        sp = module.add_parser(sub)
        sp.set_defaults(_run=module.run)
    return parser


def _chosen(argv: list[str]) -> str | None:
    """The subcommand named on the command line, if it is a known one."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def _first_parser(only: str | None) -> argparse.ArgumentParser:
    """`build_parser`, the first time in a process with the garbage collector paused and what
    the imports made then left out of later collections (`gc.freeze`): modules, classes and
    functions live as long as the process, and without this a 100,000-row intake spends
    about 0.9 s CPU scanning them again and again. Later calls (tests) build it plainly."""
    if gc.get_freeze_count() or not gc.isenabled():
        return build_parser(only)
    gc.disable()
    try:
        return build_parser(only)
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # pyarrow (under pandas' text columns and the store's Parquet) allocates from its own pool,
    # by default mimalloc, which keeps what it freed for later: a report over a 100,000-row
    # wave peaked about 50 MB higher with it than with the system allocator, at the same CPU
    # time. Read when pyarrow first allocates, so set before the command is imported; a value
    # the user set is kept.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    parser = _first_parser(_chosen(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        build_parser().print_help()
        return 2
    try:
        return int(args._run(args))
    except SptEvalError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file the command opened itself: its reason in Dutch
        where = f" '{visible(exc.filename)}'" if exc.filename else ""
        print(f"fout: bestand{where}: {os_reason(exc)}", file=sys.stderr)
        return 2
    except RecursionError:
        print("fout: de invoer is te diep genest om te verwerken", file=sys.stderr)
        return 2
    except MemoryError:
        print("fout: onvoldoende geheugen voor deze invoer", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
