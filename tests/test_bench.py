"""Every benchmark still runs: `make bench` lists every script in bench/, and each one, made tiny
by SPT_EVAL_BENCH_QUICK=1, starts, finishes and prints its figures. The figures themselves are
not checked (they depend on the machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_scripts() -> list[str]:
    """The scripts `make bench` runs, in its order (read from the Makefile's recipe)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^bench:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "no bench target in the Makefile"
    return re.findall(r"^\t\$\(BIN\)/python (bench/\w+\.py)$", recipe.group(1), re.MULTILINE)


def test_make_bench_runs_every_script_in_bench():
    assert sorted(bench_scripts()) == sorted(f"bench/{p.name}" for p in ROOT.glob("bench/*.py"))


@pytest.mark.parametrize("script", bench_scripts())
def test_each_bench_starts_and_prints(script, tmp_path):
    env = {
        **os.environ,
        "SPT_EVAL_BENCH_QUICK": "1",
        "SPT_EVAL_KEY": "bench-key-not-secret-0123456789abcdef",
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"\d", done.stdout), f"no figures printed: {done.stdout!r}"
    assert "Traceback" not in done.stderr
