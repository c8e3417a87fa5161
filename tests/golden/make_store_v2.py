"""Make store_v2.sql: a store as spt-eval kept it at schema version 2 (commit f927eb5), written
as SQL text for the migration tests (which build the .sqlite from it in a temporary folder).
Run with that commit's code checked out, from the repository root:
`python tests/golden/make_store_v2.py tests/golden/store_v2.sql`.

It holds 2015 (the demo export without 'uitvoeringscommissies', which its settings allow to be
missing; analysed on first use, so its kept Results are those of version 2's store road),
2016 (the second demo export, added without Results) and the 2015 results per SPT.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import pandas as pd

from evaluation.pipeline import load_inputs, run_survey
from evaluation.spt_results.read import read_spt_results
from evaluation.store.db import connect
from evaluation.store.spt_results import add_results
from evaluation.store.waves import add_wave, stored_results

KEY = b"test-key-" * 4
ROOT = Path.cwd()


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "v2.sqlite"
        make_store(store)
        con = sqlite3.connect(store)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        dump = "\n".join(con.iterdump())
        con.close()
    target.write_text(f"PRAGMA user_version = {version};\n{dump}\n", encoding="utf-8")


def make_store(target: Path) -> None:
    src = ROOT / "surveys" / "spt2015"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "spt2015"
        folder.mkdir()
        for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
            shutil.copy(src / name, folder / name)
        settings = folder / "settings.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("may_be_missing: []", "may_be_missing: [uitvoeringscommissies]")
        )
        frame = pd.read_csv(src / "demo_responses.csv", sep=";", dtype=str, keep_default_na=False)
        export = folder / "demo_zonder_uitvoeringscommissies.csv"
        frame.drop(columns=["uitvoeringscommissies"]).to_csv(export, sep=";", index=False)
        target.unlink(missing_ok=True)
        con = connect(target)
        run = run_survey(export, load_inputs(folder / "codebook.yaml", year=2015))
        add_wave(con, run.inputs, run.intake, key=KEY)
        stored_results(con, 2015)  # analysed on first use and kept, as version 2 did
        other = run_survey(
            ROOT / "surveys" / "monitor_demo" / "responses_2016.csv",
            load_inputs(src / "codebook.yaml", year=2016),
        )
        add_wave(con, other.inputs, other.intake, key=KEY)
        results = ROOT / "surveys" / "monitor_demo" / "spt_results_2015.csv"
        add_results(con, read_spt_results(results, run.inputs.register, 2015), 2015)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("VACUUM")
        con.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
