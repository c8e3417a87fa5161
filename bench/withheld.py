"""Print what the demo and the 40-row case withhold (results.json `disclosure.suppressed`):
the count, the SPTs and combined figures withheld, and with --list every entry with its
fields and reason, so a change to the disclosure rules can be compared before and after.

    .venv/bin/python bench/withheld.py [--list]

The 40-row case is the demo export without Rijk van Nijmegen, Rijnmond, Zuid-Limburg and
Zuidoost-Brabant (tests/test_publication.py). It also prints the CPU time of the decision.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from evaluation.disclosure.publish import disclose
from evaluation.pipeline import load_inputs, run_survey

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
DROPPED = {"Rijk van Nijmegen", "Rijnmond", "Zuid-Limburg", "Zuidoost-Brabant"}


def forty(folder: Path) -> Path:
    """The demo export without the four SPTs of DROPPED (40 rows)."""
    spt_of_row = run_survey(DEMO, load_inputs()).intake.responses.set_index("row")["spt"]
    with DEMO.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    kept = [rows[0]] + [r for i, r in enumerate(rows[1:], 1) if spt_of_row[i] not in DROPPED]
    path = folder / "forty.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(kept)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="every withheld entry")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in (("demo", DEMO), ("40-row case", forty(Path(tmp)))):
            run = run_survey(path, load_inputs())
            start = time.process_time()
            pub = disclose(run.results)
            cpu = time.process_time() - start
            d = pub.decision
            print(f"{name}: {len(pub.log)} withheld (decision {cpu:.2f} CPU-s)")
            print(f"  primary SPTs: {', '.join(sorted(d.primary)) or '-'}")
            print(f"  secondary SPTs: {', '.join(sorted(d.secondary)) or '-'}")
            for (kind, unit), _ in sorted(d.units.items()):
                print(f"  combined: {kind} {unit}")
            if args.list:
                for s in pub.log:
                    print(f"    {s.path} [{s.rule}] {','.join(s.fields)}: {s.reason}")


if __name__ == "__main__":
    main()
