"""`spt-eval serve`: the local web page for the annual routine, on 127.0.0.1 only.

Uploads and outputs stay in one working folder (default reports/web), one folder per run, deleted
after --bewaar-dagen days; the store is the same file `store` and `report --store` use. Stopped
with Ctrl+C or SIGTERM, which also stop a render in progress. Exit code 2 when the port is taken
or the folder cannot be used.
"""

from __future__ import annotations

import argparse
import errno
import socket
import tempfile
import webbrowser
from pathlib import Path

from evaluation.errors import ErrorCode, InputError, explained_write_errors, os_reason, visible
from evaluation.limits import MB, limits
from evaluation.store.db import DEFAULT_STORE

HOST = "127.0.0.1"  # never another interface: the page and its files are confidential


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "serve",
        help="open de monitor als webpagina in uw browser (alleen op deze computer)",
        description=(
            "Start een webpagina op deze computer (alleen bereikbaar via 127.0.0.1) waarmee u "
            "de hele jaarlijkse routine doet: export kiezen en controleren, opties, rapport en "
            "kaarten maken, opslaan in de monitor en een rapport controleren. Er gaat niets "
            "over het internet. Stoppen met Ctrl+C."
        ),
    )
    p.add_argument("--port", type=int, default=8765, metavar="POORT", help="poort (standaard 8765)")
    p.add_argument(
        "--store",
        type=Path,
        default=DEFAULT_STORE,
        metavar="PAD",
        help=f"het opslagbestand van de monitor (standaard {DEFAULT_STORE})",
    )
    p.add_argument(
        "--work",
        type=Path,
        default=Path("reports") / "web",
        metavar="MAP",
        help="werkmap voor uploads en uitvoer (standaard reports/web)",
    )
    p.add_argument(
        "--surveys",
        type=Path,
        metavar="MAP",
        help="map met de enquêtemappen (standaard surveys/ van dit programma)",
    )
    p.add_argument(
        "--max-upload-mb",
        type=int,
        metavar="MB",
        help="grootste upload in MB (standaard 50, of SPT_EVAL_LIMIT_UPLOAD_MB)",
    )
    p.add_argument(
        "--bewaar-dagen",
        dest="keep_days",
        type=int,
        default=30,
        metavar="DAGEN",
        help="uploads en runs ouder dan zoveel dagen worden bij de start verwijderd (standaard 30)",
    )
    p.add_argument("--no-browser", action="store_true", help="open geen browser, toon het adres")
    return p


def listening_socket(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:`port`; a taken or forbidden port is one Dutch line."""
    if not 0 < port < 65536:
        raise InputError(ErrorCode.PORT_RANGE, port=port)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else port - 1
            raise InputError(ErrorCode.PORT_TAKEN, port=port, other=other) from None
        raise InputError(ErrorCode.PORT_UNUSABLE, port=port, reason=os_reason(exc)) from None
    return sock


def run(args: argparse.Namespace) -> int:
    import uvicorn  # only this command loads the web stack

    from evaluation.routine.options import SURVEYS
    from evaluation.web.app import create_app, stop_all

    max_mb = args.max_upload_mb if args.max_upload_mb is not None else limits().upload_mb
    if not 1 <= args.keep_days <= 3650:
        raise InputError(ErrorCode.KEEP_DAYS_RANGE)
    if max_mb < 1:
        raise InputError(ErrorCode.UPLOAD_LIMIT_TOO_SMALL)
    with explained_write_errors(args.work):
        surveys = args.surveys if args.surveys is not None else SURVEYS
        app = create_app(
            args.work, args.store, args.port, max_mb * MB, surveys, keep_days=args.keep_days
        )
    tempfile.tempdir = str(app.state.work.tmp)  # uploads spool inside the working folder too
    sock = listening_socket(args.port)
    address = f"http://{HOST}:{args.port}/"
    print(f"De monitor draait op {address} (werkmap {visible(app.state.work.root)}).")
    print("Stoppen met Ctrl+C.", flush=True)
    if not args.no_browser:
        webbrowser.open(address)
    # the lifespan's shutdown stops every render: uvicorn runs it on Ctrl+C and SIGTERM
    config = uvicorn.Config(app, log_level="critical", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:  # reached on Ctrl+C; after SIGTERM uvicorn re-raises it and the lifespan did this
        stop_all(app.state, "de server is gestopt")
        sock.close()
    print("De monitor is gestopt.")
    return 0
