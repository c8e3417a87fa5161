"""Time and peak memory of the PDF reports: the demo report end to end (cold) and 100 SPT cards.

Targets: demo report under 10 s cold (a fresh `spt-eval report` process: imports, intake,
analysis, disclosure, workbook, PDF); 100 per-SPT cards under 40 s on the 2-core build machine.
The machine is shared, so the CPU seconds per card are printed beside the wall time: they move
less with the load (2 cores x 40 s / 100 cards = 0.8 CPU-s per card when nothing else runs).
Run from the repository root:
`.venv/bin/python bench/report.py [--cards N] [--cards-only] [--stock-text]`; with
`--stock-text` the cards are rendered a second time with WeasyPrint's own per-letter SVG text
(what any release but the one evaluation/report/svg_text.py was checked against draws).
Prints figures, checks nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
CARDS = 100
CARD_TARGET_S = 40

CARD_SCRIPT = r"""
import importlib, json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from evaluation.pipeline import load_inputs, run_survey
from evaluation.report.file_names import slug
from evaluation.report.jobs import RENDERERS, CardJob, render_jobs
from evaluation.routine.produce import audit_block
from evaluation.report import svg_text
for name in RENDERERS:  # loaded in the setup, not timed (and before `uninstall` below)
    importlib.import_module(name)

demo, out, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if sys.argv[4] == "stock":
    svg_text.uninstall()  # the workers are forked: they draw stock text too
d = run_survey(demo, load_inputs(year=2015)).published
files = {"results.json": d.to_json().encode()}
audit = audit_block(demo.name, files["results.json"], None)
names = sorted(d.results.satisfaction.by_spt)
jobs = [CardJob(d, names[i % len(names)], audit,
                out / f"spt-{slug(names[i % len(names)])}-{i:03d}.pdf", files)
        for i in range(count)]
def cpu():
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime
t1, c1 = time.perf_counter(), cpu()
written = render_jobs(jobs)
t2, c2 = time.perf_counter(), cpu()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"setup_s": t1 - t0, "cards_s": t2 - t1, "cpu_s": c2 - c1,
                  "files": len(written), "peak_mib": peak / 1024,
                  "per_run_text": svg_text.installed()}))
"""


def demo_report(out: Path) -> dict:
    """A cold `spt-eval report` on the demo data, as `make report` runs it (with --per-spt)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1448150400")}
    cmd = [sys.executable, "-m", "evaluation.cli", "report", str(DEMO), "--year", "2015"]
    results, cpu = {}, {}
    for label, extra in (("jaarrapport", []), ("jaarrapport + 10 kaarten", ["--per-spt"])):
        target = out / label.replace(" ", "")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "--out", str(target), *extra], cwd=ROOT, env=env, capture_output=True
        )
        results[label] = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[label] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if proc.returncode not in (0, 1):
            sys.exit(f"report failed: {proc.stderr.decode()[-400:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": results, "cpu": cpu, "peak_mib": peak}


def cards(out: Path, count: int = CARDS, text: str = "patched") -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1448150400")}
    proc = subprocess.run(
        [sys.executable, "-c", CARD_SCRIPT, str(DEMO), str(out), str(count), text],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        sys.exit(f"cards failed: {proc.stderr[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = os.environ.get("SPT_EVAL_BENCH_QUICK") == "1"  # tests/test_bench.py: 2 cards only
    parser.add_argument(
        "--cards", type=int, default=2 if quick else CARDS, help="number of cards (100)"
    )
    parser.add_argument(
        "--cards-only", action="store_true", default=quick, help="skip the demo report"
    )
    parser.add_argument(
        "--stock-text", action="store_true", help="the cards also with stock WeasyPrint text"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.cards_only:
            demo = demo_report(Path(tmp))
            for label, seconds in demo["seconds"].items():
                print(
                    f"demo report, cold ({label}): {seconds:.1f} s wall (target < 10 s), "
                    f"{demo['cpu'][label]:.1f} s CPU; load average {os.getloadavg()[0]:.1f}"
                )
            print(f"  peak memory (largest process): {demo['peak_mib']:.0f} MiB")
        for text in ("patched", "stock") if args.stock_text else ("patched",):
            load = os.getloadavg()[0]
            c = cards(Path(tmp) / f"cards-{text}", args.cards, text)
            n = c["files"]
            target = CARD_TARGET_S * n / CARDS
            how = "per-run SVG text (svg_text)" if c["per_run_text"] else "stock SVG text"
            print(
                f"{n} SPT cards, {how}: {c['cards_s']:.1f} s wall (target < {target:.0f} s), "
                f"{c['cards_s'] / n:.2f} s per card; {c['cpu_s']:.1f} s CPU "
                f"({c['cpu_s'] / n:.2f} CPU-s per card, target < {2 * CARD_TARGET_S / CARDS:.2f}: "
                f"{c['cpu_s'] / 2:.1f} s on 2 free cores); setup {c['setup_s']:.1f} s; "
                f"peak memory {c['peak_mib']:.0f} MiB; {os.cpu_count()} CPUs, "
                f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after"
            )


if __name__ == "__main__":
    main()
