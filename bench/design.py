"""Benchmark SurveyDesign on 1,000,000 rows in 500 strata with fpc and a two-level domain.

Prints the time and peak memory of building the design plus mean, mean(by=) and ttest, and,
when Rscript with the survey package is available, the same four steps in R survey on the same
numbers (passed as raw float64 files), with the ratio and the largest relative difference.

    .venv/bin/python bench/design.py [--rows 1000000] [--strata 500] [--no-r]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from evaluation.estimation.design import SurveyDesign

R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(TRUE)
dir <- args[1]; n <- as.integer(args[2])
rd <- function(name) readBin(file.path(dir, paste0(name, ".f64")), "double", n = n, size = 8)
df <- data.frame(stratum = rd("stratum"), w = rd("w"), N = rd("N"), y = rd("y"),
                 g = factor(ifelse(rd("g") > 0, "b", "a")))
cpu <- function() sum(proc.time()[c("user.self", "sys.self")])
c0 <- cpu(); t0 <- proc.time()[["elapsed"]]
d <- svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~N, data = df)
t1 <- proc.time()[["elapsed"]]
m <- svymean(~y, d)
t2 <- proc.time()[["elapsed"]]
b <- svyby(~y, ~g, d, svymean)
t3 <- proc.time()[["elapsed"]]
tt <- svyttest(y ~ g, d)
t4 <- proc.time()[["elapsed"]]; c4 <- cpu()
cat(sprintf('{"build": %.3f, "mean": %.3f, "by": %.3f, "ttest": %.3f, "cpu": %.3f, ',
            t1 - t0, t2 - t1, t3 - t2, t4 - t3, c4 - c0))
cat(sprintf('"values": [%.17g, %.17g, %.17g, %.17g, %.17g, %.17g, %.17g, %.17g]}\n',
            coef(m), SE(m), coef(b)[1], SE(b)[1], coef(b)[2], SE(b)[2],
            unname(tt$estimate), unname(tt$estimate / tt$statistic)))
"""


STEPS = ("build", "mean", "by", "ttest")


def _wall(times: dict[str, float]) -> float:
    return sum(times[k] for k in STEPS)


def make_data(rows: int, strata: int, seed: int = 1) -> pd.DataFrame:
    """Strata of unequal size, fpc = 2-20 times the stratum's sample, a stratum effect in y."""
    rng = np.random.default_rng(seed)
    stratum = np.sort(rng.integers(0, strata, rows))
    n_h = np.bincount(stratum, minlength=strata)
    N_h = n_h * rng.uniform(2, 20, strata).round(0)
    effect = rng.normal(0, 1, strata)
    return pd.DataFrame(
        {
            "stratum": stratum,
            "w": (N_h / n_h)[stratum],
            "N": N_h[stratum],
            "y": 50 + 5 * effect[stratum] + rng.normal(0, 10, rows),
            "g": np.where(rng.random(rows) < 0.4, "b", "a"),
        }
    )


def run(df: pd.DataFrame) -> tuple[dict[str, float], list[float]]:
    c0 = time.process_time()
    t0 = time.perf_counter()
    d = SurveyDesign(df, weights="w", strata="stratum", fpc="N")
    t1 = time.perf_counter()
    m = d.mean("y")
    t2 = time.perf_counter()
    by = d.mean("y", by="g")
    t3 = time.perf_counter()
    tt = d.ttest("y", by="g")
    t4 = time.perf_counter()
    times = {"build": t1 - t0, "mean": t2 - t1, "by": t3 - t2, "ttest": t4 - t3}
    times["cpu"] = time.process_time() - c0
    values = [m.estimate, m.se, by["a"].estimate, by["a"].se, by["b"].estimate, by["b"].se]
    return times, values + [tt.difference, tt.se]


def run_r(df: pd.DataFrame) -> dict | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("stratum", "w", "N", "y"):
            df[name].to_numpy(dtype="<f8").tofile(Path(tmp) / f"{name}.f64")
        (df["g"] == "b").to_numpy(dtype="<f8").tofile(Path(tmp) / "g.f64")
        script = Path(tmp) / "bench.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        proc = subprocess.run(
            ["Rscript", str(script), tmp, str(len(df))], capture_output=True, text=True
        )
    if proc.returncode != 0:
        print("R survey niet beschikbaar of mislukt:", proc.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    quick = os.environ.get("SPT_EVAL_BENCH_QUICK") == "1"  # tests/test_bench.py: tiny, no R
    parser.add_argument("--rows", type=int, default=2_000 if quick else 1_000_000)
    parser.add_argument("--strata", type=int, default=20 if quick else 500)
    parser.add_argument("--repeat", type=int, default=1 if quick else 3)
    parser.add_argument("--no-r", action="store_true", default=quick)
    args = parser.parse_args()
    df = make_data(args.rows, args.strata)
    print(f"data: {len(df):,} rows, {args.strata} strata with fpc, domain 'g' with 2 levels")

    best: dict[str, float] | None = None
    for _ in range(args.repeat):
        gc.collect()
        times, values = run(df)
        if best is None or _wall(times) < _wall(best):
            best = times
    assert best is not None
    total = _wall(best)
    parts = ", ".join(f"{k} {best[k] * 1000:.0f} ms" for k in STEPS)
    print(f"python: {total:.3f} s wall, {best['cpu']:.3f} s CPU (best of {args.repeat}): {parts}")

    tracemalloc.start()
    run(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"python: peak memory of the four steps {peak / 2**20:.0f} MB (tracemalloc); "
        f"process peak RSS {rss:.0f} MB including the data"
    )

    if args.no_r:
        return 0
    r = run_r(df)
    if r is None:
        return 0
    r_total = _wall(r)
    r_parts = ", ".join(f"{k} {r[k]:.2f} s" for k in STEPS)
    print(f"R survey: {r_total:.2f} s wall, {r['cpu']:.2f} s CPU: {r_parts}")
    print(f"ratio R / python: {r_total / total:.0f}x wall, {r['cpu'] / best['cpu']:.0f}x CPU")
    diff = max(abs(a - b) / abs(b) for a, b in zip(values, r["values"], strict=True))
    print(f"largest relative difference python vs R (means, SEs, t-test): {diff:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
