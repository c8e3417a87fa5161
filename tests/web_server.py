"""Start `spt-eval serve` as a user would, on a free port, with its own working folder, store
and a copy of the 2015 survey folder (so accepting a mapping never touches surveys/)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SURVEY = ROOT / "surveys" / "spt2015"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(tmp: Path, max_upload_mb: int = 1):
    """Yield (base address, working folder, surveys folder, store path, process) while it runs."""
    surveys = tmp / "surveys"
    shutil.copytree(SURVEY, surveys / "spt2015", ignore=shutil.ignore_patterns("mapping.yaml"))
    work, store, port = tmp / "work", tmp / "monitor.sqlite", free_port()
    command = [sys.executable, "-m", "evaluation.cli", "serve", "--no-browser"]
    command += ["--port", str(port), "--work", str(work), "--store", str(store)]
    command += ["--surveys", str(surveys), "--max-upload-mb", str(max_upload_mb)]
    env = {**os.environ, "SPT_EVAL_KEY": "0" * 64, "PYTHONPATH": str(ROOT)}
    log = open(tmp / "serve.out", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "serve.out").read_text())
            time.sleep(0.2)
        yield base, work, surveys, store, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
