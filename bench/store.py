"""Time and peak memory of the store: adding a 100,000-row wave, and a report over 10 waves.

Targets: `store add` of a generated 100,000-row export under 10 s; `report --store` over 10
waves (the annual PDF with its trend chapter) under 30 s. Each step runs as a fresh
`spt-eval` process; peak memory is that process's peak resident set size. The nine earlier
waves are the synthetic demo exports (2015-2017, repeated as 2011-2019); the 100,000-row
export is made once by bench/intake.py's generator in bench/out/ (git-ignored). Run from the
repository root: `.venv/bin/python bench/store.py [--rows 100000]`. Prints figures only.
With SPT_EVAL_BENCH_QUICK=1 (tests/test_bench.py): 1,000 rows, 2 waves, one report.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
DEMOS = [
    ROOT / "surveys" / "spt2015" / "demo_responses.csv",
    ROOT / "surveys" / "monitor_demo" / "responses_2016.csv",
    ROOT / "surveys" / "monitor_demo" / "responses_2017.csv",
]
MEASURE = r"""
import resource, sys, time
from evaluation.cli import main
t0 = time.perf_counter()
code = main(sys.argv[1:])
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
peak = max(me.ru_maxrss, kids.ru_maxrss) / 1024
print(f"@@ {code} {time.perf_counter() - t0:.2f} {cpu:.2f} {peak:.0f}", file=sys.stderr)
"""


def step(*args: str) -> tuple[float, float, float]:
    """Run `spt-eval ARGS` in a fresh process: (wall s incl. imports, CPU s, peak MB)."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - t0
    line = [x for x in done.stderr.splitlines() if x.startswith("@@ ")]
    if not line or line[-1].split()[1] not in ("0", "1"):
        sys.exit(f"spt-eval {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    _, _, _, cpu, peak = line[-1].split()
    return wall, float(cpu), float(peak)


def demo(i: int, tmp: Path) -> Path:
    """The i-th earlier wave: a demo export, its last i // 3 rows left out so that no two
    waves are the same file (the store refuses one file for two years)."""
    lines = DEMOS[i % 3].read_text(encoding="utf-8").splitlines()
    path = tmp / f"wave_{i}.csv"
    path.write_text("\n".join(lines[: len(lines) - i // 3]) + "\n", encoding="utf-8")
    return path


def main() -> None:
    quick = os.environ.get("SPT_EVAL_BENCH_QUICK") == "1"  # tests/test_bench.py: 2 small waves
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000 if quick else 100_000)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        big = (Path(tmp) if quick else ROOT / "bench" / "out") / f"store_{args.rows}.csv"
        if not big.exists():  # made in a child: a process forked from a grown one would
            big.parent.mkdir(parents=True, exist_ok=True)  # report its size as its own peak
            make = "import sys; from pathlib import Path; from intake import generate; "
            make += "generate(Path(sys.argv[1]), int(sys.argv[2]))"
            subprocess.run(
                [sys.executable, "-c", make, str(big), str(args.rows)],
                cwd=ROOT / "bench",
                check=True,
            )
        store = ["--store", str(Path(tmp) / "bench.sqlite")]
        os.environ.setdefault("SPT_EVAL_KEY", "bench-key-not-secret-0123456789abcdef")
        earlier = range(2019, 2020) if quick else range(2011, 2020)
        for i, year in enumerate(earlier):
            step("store", "add", str(demo(i, Path(tmp))), "--year", str(year), *store)
        waves = len(earlier) + 1
        wall, cpu, peak = step("store", "add", str(big), "--year", "2020", *store)
        print(
            f"store add, {args.rows:,} rows (wave {waves}): {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"peak {peak:.0f} MB (target 10 s)"
        )
        size = (Path(tmp) / "bench.sqlite").stat().st_size / 1e6
        print(f"store file with {waves} waves: {size:.1f} MB")
        out = Path(tmp) / "report"
        for when in ("first",) if quick else ("first", "again"):  # first: earlier waves analysed
            wall, cpu, peak = step(
                "report", "--store", store[1], "--year", "2020", "--out", str(out)
            )
            print(
                f"report --store over {waves} waves ({when}; annual PDF, trend chapter): "
                f"{wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB (target 30 s)"
            )
        if quick:
            return
        wall, cpu, peak = step("store", "add", str(big), "--year", "2020", *store)
        print(f"store add, same file again (no-op): {wall:.1f} s wall")
        small = ["--store", str(Path(tmp) / "small.sqlite")]
        for i, year in enumerate(range(2011, 2021)):
            step("store", "add", str(demo(i, Path(tmp))), "--year", str(year), *small)
        wall, cpu, peak = step(
            "report", "--store", small[1], "--year", "2020", "--out", str(out), "--per-spt"
        )
        print(
            f"report --store over 10 demo waves with 10 cards: {wall:.1f} s wall, "
            f"{cpu:.1f} s CPU, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
