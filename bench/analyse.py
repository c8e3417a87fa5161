"""Time `spt-eval analyse` on the demo data (target: under 3 s), end to end and per step.

    .venv/bin/python bench/analyse.py [--runs 5]

End to end runs the installed command in a fresh process (imports included); the per-step
figures run in this process after a warm-up, so they show where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
TARGET = 3.0


def end_to_end(runs: int) -> list[float]:
    exe = Path(sys.executable).parent / "spt-eval"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "evaluation.cli"]
    env = {
        **os.environ,
        "SPT_EVAL_KEY": os.environ.get("SPT_EVAL_KEY", "bench-key-0123456789abcdef"),
    }
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            t = time.perf_counter()
            done = subprocess.run(
                [*cmd, "analyse", str(DEMO), "--out", out], capture_output=True, env=env
            )
            times.append(time.perf_counter() - t)
            if done.returncode != 0:
                sys.exit(f"analyse failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return times


def steps(runs: int) -> dict[str, float]:
    t = time.perf_counter()
    from evaluation.analysis.analyse import analyse
    from evaluation.analysis.frame import WEIGHTS_HEADER, scored_frame, weight_rows
    from evaluation.inputs.codebook import load_codebook
    from evaluation.inputs.register import load_register, register_path
    from evaluation.inputs.settings import load_settings
    from evaluation.intake.validate import read_survey
    from evaluation.report.sheets import sheets
    from evaluation.writers import write_csv, write_tables_workbook

    imports = time.perf_counter() - t
    cb = load_codebook()
    reg = load_register(register_path(cb))
    settings = load_settings()
    timings: dict[str, list[float]] = {}

    def clock(name, fn, *args):
        t0 = time.perf_counter()
        value = fn(*args)
        timings.setdefault(name, []).append(time.perf_counter() - t0)
        return value

    key = b"bench-key-0123456789abcdef"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(runs + 1):  # the first run warms up caches and is dropped
            intake = clock("read_survey", read_survey, DEMO, cb, reg)
            results = clock("analyse", analyse, intake, cb, reg, settings)
            clock("results.json", (out / "r.json").write_text, results.to_json())
            clock("tables.xlsx", write_tables_workbook, sheets(results), out / "t.xlsx", 1)
            frame = clock("weights", scored_frame, intake, cb, reg, settings)[0]
            clock("weights.csv", write_csv, WEIGHTS_HEADER, weight_rows(frame, key), out / "w.csv")
    median = {k: statistics.median(v[1:]) for k, v in timings.items()}
    return {"imports (analysis pipeline only)": imports, **median}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    quick = os.environ.get("SPT_EVAL_BENCH_QUICK") == "1"  # tests/test_bench.py
    parser.add_argument("--runs", type=int, default=1 if quick else 5)
    args = parser.parse_args()
    times = end_to_end(args.runs)
    print(f"spt-eval analyse, demo data (47 respondents), {args.runs} runs in a fresh process:")
    print(
        f"  median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
        f"max {max(times):.2f} s (target < {TARGET:.0f} s: "
        f"{'ok' if statistics.median(times) < TARGET else 'NOT MET'})"
    )
    print("per step, in process (median of the runs after a warm-up):")
    for name, seconds in steps(args.runs).items():
        print(f"  {name:<34} {seconds * 1000:8.1f} ms")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average during the run: {load:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
