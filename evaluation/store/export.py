"""`store export`: one year as a bundle of CSV and JSON files another party can read.

The files and their columns are described in the bundle's schema.json and in docs/store.md;
spt_results.csv has the columns of the results-per-SPT input, so it can be read back with
`store add-results`.
"""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.disclosure.publish import disclose
from evaluation.intake.result import ID, SPT
from evaluation.safe_files import write_text
from evaluation.spt_results.rows import file_rows
from evaluation.spt_results.schema import (
    BUDGET_SOURCES,
    COLUMNS,
    COUNT_COLUMNS,
    FTE_COLUMN,
    PROJECT_COLUMNS,
)
from evaluation.store.db import SCHEMA_VERSION, reads_contents
from evaluation.store.spt_results import stored_spt_results
from evaluation.store.waves import now_text, stored_answers, stored_results, wave_row
from evaluation.writers import write_csv

EXPORT_VERSION = 1

SCHEMA = {
    "wave.json": "het jaar, de invoerbestanden (naam, SHA-256, versie) en de aantallen rijen",
    "responses.csv": {
        "respondent": "sleutel-pseudoniem van het respondentnummer (R- en 12 hexcijfers)",
        "spt": "servicepunt (naam uit het register)",
        "weight": "gewicht 1/(K n_k), volle precisie",
        "<kolom>": "de geldige antwoorden per codeboekkolom (codes; leeg = ontbrekend)",
    },
    "missing_answers.csv": {
        "respondent": "pseudoniem als in responses.csv",
        "column": "codeboekkolom",
        "answer": "het opgegeven ontbrekende antwoord, bijvoorbeeld 'weet niet'",
    },
    "problems.csv": {
        "level": "row = rij in quarantaine, item = ongeldig antwoord leeg gemaakt",
        "code": "redencode",
        "column": "kolom (bij item)",
        "reason": "reden in het Nederlands",
        "n": "aantal rijen of antwoorden",
    },
    "spt_results.csv": {
        "jaar": "jaar",
        "spt": "servicepunt",
        **COUNT_COLUMNS,
        FTE_COLUMN: "fte arbeidsmarktcoach",
        **{k: f"budget in euro van: {v}" for k, v in BUDGET_SOURCES.items()},
        **PROJECT_COLUMNS,
    },
    "results.json": "de gepubliceerde cijfers van het jaar (weggelaten cijfers null)",
    "codebook.yaml, service_points.yaml, settings.yaml": "de invoer van het jaar, letterlijk",
}


def _result_rows(year: int, records: dict) -> list[list[object]]:
    return [["" if v is None else v for v in row] for row in file_rows(year, records)]


@reads_contents
def export_year(con, year: int, out: Path) -> list[str]:
    """Write the bundle of a year into `out`; return the file names written."""
    w = wave_row(con, year)
    out.mkdir(parents=True, exist_ok=True)
    answers = stored_answers(con, year)
    df, missing = answers.responses, answers.missing
    columns = [c for c in df.columns if c not in (ID, SPT)]
    ids, spts = df[ID].tolist(), df[SPT].tolist()
    cells = df[columns].astype(object).where(df[columns].notna(), None).to_numpy().tolist()
    write_csv(
        ["respondent", "spt", "weight", *columns],
        (
            [r, s, repr(float(wt)), *row]
            for r, s, wt, row in zip(ids, spts, answers.weights, cells, strict=True)
        ),
        out / "responses.csv",
    )
    labels = missing.astype(object).where(missing.notna(), None).to_numpy().tolist()
    names = list(missing.columns)
    write_csv(
        ["respondent", "column", "answer"],
        (
            [r, c, v]
            for r, row in zip(ids, labels, strict=True)
            for c, v in sorted(zip(names, row, strict=True))
            if v is not None
        ),
        out / "missing_answers.csv",
    )
    write_csv(
        ["level", "code", "column", "reason", "n"],
        con.execute(
            "SELECT level, code, column_name, reason, n FROM problem_count WHERE wave_id = ?"
            " ORDER BY level, code, column_name",
            (w["id"],),
        ).fetchall(),
        out / "problems.csv",
    )
    records = stored_spt_results(con).get(year, {})
    write_csv(COLUMNS, _result_rows(year, records), out / "spt_results.csv")
    write_text(out / "results.json", disclose(stored_results(con, year)).to_json())
    for name, text in (
        ("codebook.yaml", w["codebook_text"]),
        ("service_points.yaml", w["register_text"]),
        ("settings.yaml", w["settings_text"]),
    ):
        write_text(out / name, text)
    wave = {
        "export_version": EXPORT_VERSION,
        "store_schema_version": SCHEMA_VERSION,
        "exported_at": now_text(),
        "year": year,
        "added_at": w["added_at"],
        "inputs": {
            "survey": {"name": Path(w["input_name"]).name, "sha256": w["input_sha256"]},
            "codebook": {
                "name": w["codebook_name"],
                "version": w["codebook_version"],
                "sha256": w["codebook_sha256"],
            },
            "register": {"name": w["register_name"], "sha256": w["register_sha256"]},
            "settings": {"name": w["settings_name"], "sha256": w["settings_sha256"]},
        },
        "counts": {
            k: w[k] for k in ("rows_read", "valid", "quarantined", "excluded", "item_errors")
        },
        "spt_results": len(records),
    }
    write_text(out / "wave.json", json.dumps(wave, indent=2, ensure_ascii=False) + "\n")
    write_text(out / "schema.json", json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n")
    return sorted(p.name for p in out.iterdir())
