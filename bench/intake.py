"""Benchmark of survey intake: time and peak memory for a generated 1,000,000-row export.

Generates (once, cached in bench/out/) a ';'-separated CSV in the 2015 codebook's shape with a
sprinkling of faults, then measures in fresh subprocesses:
  1. read_survey (vectorised validation) on the whole file;
  2. the naive baseline, one Pydantic model per row (evaluation.intake.reference), on the first
     SAMPLE rows, extrapolated linearly to the whole file (stated as such in the output).
Peak memory is the subprocess's peak resident set size (VmHWM from /proc/self/status), which
includes Python and the imported libraries. Time is wall-clock; the load average is printed
because other work on the machine slows it down. The figures of the reader before the columnar
one (PREVIOUS) are printed beside the new ones.

Run: .venv/bin/python bench/intake.py [--rows 1000000] [--sample 20000]
The 1,000,000-row file (about 280 MB) is over the default input limit (200 MB): the measuring
process gets SPT_EVAL_LIMIT_INPUT_MB raised to fit it, as a user with such a file would set it.
With SPT_EVAL_BENCH_QUICK=1 (tests/test_bench.py) it runs on 2,000 rows in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
SEED = 2015
TARGET = {"seconds": 8.0, "peak_rss_mb": 1536}

# The reader before the columnar one (pandas, cells grouped by object address, a forked
# process for the second half; commit 6356502, pyarrow not installed), measured with this
# script on this file on the 2-core machine while other work ran: best of 7 runs at load
# averages of 1.9 to 2.8 (runs ranged from 9.6 to 16 s); the new reader, run alternately with
# it under the same load, took about half as long.
PREVIOUS = {"seconds": 9.57, "peak_rss_mb": 1315, "code": "6356502"}


def generate(path: Path, rows: int, seed: int = SEED) -> dict[str, int]:
    """Write the benchmark export; return the number of faults planted per kind."""
    from evaluation.inputs.codebook import load_codebook
    from evaluation.inputs.register import load_register, register_path

    codebook = load_codebook()
    register = load_register(register_path(codebook))
    rng = np.random.default_rng(seed)
    n = rows
    cols: dict[str, np.ndarray] = {}
    cols["respondent_id"] = np.char.add("R", np.arange(1, n + 1).astype(str)).astype(object)
    names = np.array([*register.names, "Rijnmond / Drechtsteden", "IJsselvechtstreek / Zwolle"])
    cols["spt"] = names[rng.integers(0, len(names), n)].astype(object)
    likert_labels = np.array(["", "helemaal mee oneens", "mee oneens", "neutraal", "mee eens"])
    for q in codebook.questions:
        if q.type == "single" and q.scale == "eens5":
            codes = rng.integers(1, 6, n).astype(str).astype(object)
            if q.id in ("werking_goed", "bekendheid"):  # two columns written as labels
                lab = rng.integers(1, 5, n)
                codes = likert_labels[lab].astype(object)
            codes[rng.random(n) < 0.03] = "weet niet"
            codes[rng.random(n) < 0.05] = ""
            cols[q.id] = codes
        elif q.type == "single" and q.scale == "janee":
            cols[q.id] = np.array(["ja", "nee", "weet niet", ""])[rng.integers(0, 4, n)].astype(
                object
            )
        elif q.type == "single":
            cols[q.id] = rng.integers(1, len(q.options or {}) + 1, n).astype(str).astype(object)
        elif q.type == "multi" and q.scale == "aangevinkt":
            for c in q.columns():
                cols[c] = np.where(rng.random(n) < 0.6, "x", "").astype(object)
        elif q.type == "multi":
            for c in q.columns():
                levels = np.array(["actief", "achtergrond", ""])
                cols[c] = levels[rng.integers(0, 3, n)].astype(object)
        elif q.type == "allocation":
            items = list(q.columns())
            p = rng.dirichlet(np.ones(len(items)))
            alloc = rng.multinomial(int(q.total), p, size=n)
            for j, c in enumerate(items):
                cols[c] = alloc[:, j].astype(str).astype(object)
        else:
            remark = np.array(["", "", "", "", "prima samenwerking", "te weinig budget"])
            cols[q.id] = remark[rng.integers(0, len(remark), n)].astype(object)
    faults = {}

    def pick(share: float) -> np.ndarray:
        return rng.choice(n, size=max(1, int(n * share)), replace=False)

    idx = pick(0.005)
    cols["ambities"][idx] = "7"
    faults["waarde buiten schaal"] = len(idx)
    idx = pick(0.002)
    cols["sect_overig"][idx] = "150"
    faults["verdeling klopt niet"] = len(idx)
    idx = pick(0.001)
    cols["respondent_id"][idx] = cols["respondent_id"][(idx + 1) % n]
    faults["dubbel respondentnummer"] = len(idx)
    idx = pick(0.0005)
    cols["spt"][idx] = "Atlantis"
    faults["onbekend servicepunt"] = len(idx)
    idx = pick(0.0005)
    cols["respondent_id"][idx] = ""
    faults["respondentnummer leeg"] = len(idx)
    pd.DataFrame(cols).to_csv(path, sep=";", index=False, lineterminator="\n")
    return faults


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux VmHWM; ru_maxrss elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_vectorised(path: Path) -> dict:
    from evaluation.inputs.codebook import load_codebook
    from evaluation.inputs.register import load_register, register_path
    from evaluation.intake.validate import read_survey

    codebook = load_codebook()
    register = load_register(register_path(codebook))
    base = peak_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    result = read_survey(path, codebook, register)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak_rss_mb()),
        "rss_before_mb": round(base),
        "rows_read": result.rows_read,
        "valid": result.valid,
        "quarantined": result.quarantined,
        "item_errors": result.item_errors,
        "reconciled": result.rows_read == result.valid + result.quarantined,
    }


def measure_naive(path: Path, sample: int) -> dict:
    from evaluation.inputs.codebook import load_codebook
    from evaluation.inputs.register import load_register, register_path
    from evaluation.intake.reference import build_response_model, validate_rows

    codebook = load_codebook()
    register = load_register(register_path(codebook))
    model = build_response_model(codebook, register)
    t0, c0 = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        rows = [row for _, row in zip(range(sample), reader, strict=False)]
        out = validate_rows(rows, model, codebook)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "sample_rows": len(out),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak_rss_mb()),
        "quarantined": sum(1 for r in out if r.model is None),
    }


QUICK = os.environ.get("SPT_EVAL_BENCH_QUICK") == "1"


def _subprocess(*args: str, size_mb: float = 0) -> dict:
    """A measuring process; its input limit raised to fit the generated file."""
    env = dict(os.environ)
    limit = int(env.get("SPT_EVAL_LIMIT_INPUT_MB") or 200)
    env["SPT_EVAL_LIMIT_INPUT_MB"] = str(max(limit, int(size_mb) + 1))
    proc = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000 if QUICK else 1_000_000)
    ap.add_argument("--sample", type=int, default=200 if QUICK else 20_000)
    ap.add_argument("--measure", choices=["vectorised", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure == "vectorised":
        print(json.dumps(measure_vectorised(args.file)))
        return
    if args.measure == "naive":
        print(json.dumps(measure_naive(args.file, args.sample)))
        return

    out = Path(tempfile.mkdtemp(prefix="bench-intake-")) if QUICK else OUT
    out.mkdir(exist_ok=True)
    path = out / f"intake_{args.rows}_{SEED}.csv"
    if not path.exists():
        t0 = time.perf_counter()
        faults = generate(path, args.rows)
        print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s; planted: {faults}")
    size_mb = path.stat().st_size / 1e6
    print(f"file: {path} ({args.rows:,} rows, {size_mb:.0f} MB)")
    vec = _subprocess("--measure", "vectorised", "--file", str(path), size_mb=size_mb)
    print(
        f"vectorised read_survey: {vec['seconds']:.2f} s wall (previous reader, "
        f"{PREVIOUS['code']}: {PREVIOUS['seconds']:.2f} s); CPU {vec['cpu_seconds']:.2f} s "
        f"over all threads; peak RSS {vec['peak_rss_mb']} MB (previous: "
        f"{PREVIOUS['peak_rss_mb']} MB), {vec['rss_before_mb']} MB of it Python + libraries "
        "before reading"
    )
    print(
        f"  rows read {vec['rows_read']:,} = valid {vec['valid']:,} + quarantined "
        f"{vec['quarantined']:,}; item errors {vec['item_errors']:,}; "
        f"reconciled: {vec['reconciled']}"
    )
    naive = _subprocess(
        "--measure", "naive", "--file", str(path), "--sample", str(args.sample), size_mb=size_mb
    )
    per_row = naive["cpu_seconds"] / naive["sample_rows"]
    print(
        f"naive one-Pydantic-model-per-row: {naive['seconds']:.2f} s wall, "
        f"{naive['cpu_seconds']:.2f} s CPU for the first {naive['sample_rows']:,} rows "
        f"(peak RSS {naive['peak_rss_mb']} MB); EXTRAPOLATED to {args.rows:,} rows: "
        f"{per_row * args.rows:.0f} s CPU "
        f"({per_row * args.rows / max(vec['seconds'], 1e-9):.0f}x the vectorised wall time)"
    )
    print(f"machine load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    met = vec["seconds"] <= TARGET["seconds"] and vec["peak_rss_mb"] <= TARGET["peak_rss_mb"]
    print(
        f"target (at most {TARGET['seconds']:.0f} s and {TARGET['peak_rss_mb'] / 1024:.1f} GB "
        f"for 1,000,000 rows): {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
