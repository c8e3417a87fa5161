"""The store: idempotent add, replace keeps the superseded wave, interrupted adds, migrations,
newer schemas refused, pseudonyms only, the rebuilt run, remove and export."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from evaluation.cli import main
from evaluation.errors import InputError, StoreError
from evaluation.intake import readers
from evaluation.pipeline import load_inputs, run_survey
from evaluation.results import Results
from evaluation.spt_results.read import read_spt_results
from evaluation.store.db import SCHEMA_VERSION, connect
from evaluation.store.export import export_year
from evaluation.store.spt_results import add_results, stored_spt_results
from evaluation.store.waves import (
    add_wave,
    list_waves,
    remove_year,
    stored_answers,
    stored_results,
    stored_run,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO_2015 = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
DEMO_2016 = ROOT / "surveys" / "monitor_demo" / "responses_2016.csv"
KEY = b"test-key-" * 4


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    """The CLI reads the pseudonym key from the environment, never the user's key file."""
    monkeypatch.setenv("SPT_EVAL_KEY", "test-key-for-the-store-tests-0123456789")


@pytest.fixture(scope="module")
def run15():
    return run_survey(DEMO_2015, load_inputs(year=2015))


@pytest.fixture(scope="module")
def run16_as_15():
    """Another file for 2015: the 2016 demo export, analysed as 2015."""
    return run_survey(DEMO_2016, load_inputs(year=2015))


def _add(con, run, **kw) -> str:
    return add_wave(con, run.inputs, run.intake, key=KEY, results=run.results, **kw)


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_add_same_file_again_is_a_no_op(tmp_path, run15):
    con = connect(tmp_path / "s.sqlite")
    assert _add(con, run15) == "toegevoegd"
    before = _dump(tmp_path / "s.sqlite")
    assert _add(con, run15) == "ongewijzigd"
    assert _dump(tmp_path / "s.sqlite") == before
    assert [(w.year, w.status, w.valid) for w in list_waves(con)] == [(2015, "current", 47)]


def test_replace_keeps_the_superseded_wave(tmp_path, run15, run16_as_15):
    con = connect(tmp_path / "s.sqlite")
    _add(con, run15)
    with pytest.raises(StoreError, match="--replace"):
        _add(con, run16_as_15)
    assert _add(con, run16_as_15, replace=True) == "vervangen"
    waves = list_waves(con)
    assert [(w.status, w.input_sha256) for w in waves] == [
        ("superseded", run15.intake.source_sha256),
        ("current", run16_as_15.intake.source_sha256),
    ]
    assert con.execute("SELECT sum(rows) FROM answers").fetchone()[0] == 94
    assert stored_results(con, 2015).parameters.input_sha256 == run16_as_15.intake.source_sha256


def test_a_failed_add_leaves_the_store_as_it_was(tmp_path, run15, run16_as_15):
    path = tmp_path / "s.sqlite"
    con = connect(path)
    _add(con, run15)
    before = _dump(path)

    def fail():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        _add(con, run16_as_15, replace=True, on_insert=fail)
    assert _dump(path) == before


CRASH = """
import os, sys
from evaluation.pipeline import load_inputs, run_survey
from evaluation.results import Results
from evaluation.store.db import connect
from evaluation.store.waves import add_wave
con = connect(sys.argv[1])
run = run_survey(sys.argv[2], load_inputs(year=2015))
add_wave(con, run.inputs, run.intake, key=b"k" * 32, replace=True, on_insert=lambda: os._exit(9))
"""


def test_a_process_killed_mid_add_leaves_the_store_intact(tmp_path, run15):
    path = tmp_path / "s.sqlite"
    con = connect(path)
    _add(con, run15)
    con.close()
    before = _dump(path)
    done = subprocess.run([sys.executable, "-c", CRASH, str(path), str(DEMO_2016)], cwd=ROOT)
    assert done.returncode == 9  # died inside the transaction, after inserting responses
    assert _dump(path) == before
    con = connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [w.status for w in list_waves(con)] == ["current"]


def test_migration_from_an_empty_store(tmp_path):
    con = connect(tmp_path / "new.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0]: r[1] for r in con.execute("SELECT name, sql FROM sqlite_master")}
    assert "STRICT" in tables["wave"] and "STRICT" in tables["spt_result"]
    old = tmp_path / "v1.sqlite"
    connect(old, upto=1).close()
    assert connect(old).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# The settings' line as the store of version 2 keeps it: its codebook had no success factors or
# bottlenecks (asked from 2016), so nothing else could be missing.
ASKED_FROM_2016 = (
    "  may_be_missing: [succesfactoren, knelpunten]  # question ids a published table needs but "
    "the file may lack\n                                    # (success factors and bottlenecks: "
    "asked from 2016)"
)
SETTINGS_V2_LINE = (
    "  may_be_missing: []                # question ids a published table needs but the file "
    "may lack"
)


def _v2_store(path: Path) -> Path:
    """A store of schema version 2, built from its SQL text (tests/golden/store_v2.sql)."""
    con = sqlite3.connect(path)
    con.executescript((ROOT / "tests" / "golden" / "store_v2.sql").read_text(encoding="utf-8"))
    con.close()
    return path


def _survey_folder(folder: Path, year: int) -> Path:
    """The demo's survey folder with the codebook as tests/golden/store_v2.sql keeps it for
    `year` (the store keeps the codebook of its time; the demo's own may have moved on)."""
    folder.mkdir()
    shutil.copy(DEMO_2015.parent / "service_points.yaml", folder / "service_points.yaml")
    settings = (DEMO_2015.parent / "settings.yaml").read_text(encoding="utf-8")
    (folder / "settings.yaml").write_text(settings.replace(ASKED_FROM_2016, SETTINGS_V2_LINE))
    golden = sqlite3.connect(_v2_store(folder.with_name(folder.name + "-v2.sqlite")))
    (text,) = golden.execute("SELECT codebook_text FROM wave WHERE year = ?", (year,)).fetchone()
    golden.close()
    (folder / "codebook.yaml").write_bytes(text.encode("utf-8"))
    return folder / "codebook.yaml"


def _missing_trait_export(tmp_path: Path) -> Path:
    """The export stored in tests/golden/store_v2.sql: the demo without a trait column,
    in a survey folder whose settings allow that question to be missing."""
    folder = _survey_folder(tmp_path / "spt2015", 2015).parent
    settings = folder / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("may_be_missing: []", "may_be_missing: [uitvoeringscommissies]")
    )
    frame = pd.read_csv(DEMO_2015, sep=";", dtype=str, keep_default_na=False)
    export = folder / "demo_zonder_uitvoeringscommissies.csv"
    frame.drop(columns=["uitvoeringscommissies"]).to_csv(export, sep=";", index=False)
    return export


def test_a_store_of_schema_version_2_is_migrated(tmp_path):
    """A store made by the previous spt-eval (tests/golden/make_store_v2.py): its waves, results
    per SPT and answers come through the migration, and the 2015 wave, whose export lacked an
    allowed trait, now reports as its file does (version 2's store road put the trait back in
    and kept those Results: they are made again)."""
    path = tmp_path / "v2.sqlite"
    _v2_store(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    con = connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [(w.year, w.valid) for w in list_waves(con)] == [(2015, 47), (2016, 47)]
    assert sorted(stored_spt_results(con)) == [2015]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "response" not in tables  # the answers moved into one Parquet table per wave
    assert con.execute("PRAGMA freelist_count").fetchone()[0] == 0  # its pages given back
    assert con.execute("SELECT format, rows FROM answers").fetchall() == [("parquet-zstd", 47)] * 2
    absent = dict(con.execute("SELECT year, absent_json FROM wave").fetchall())
    assert absent == {2015: '["uitvoeringscommissies"]', 2016: "[]"}
    export = _missing_trait_export(tmp_path)
    from_file = run_survey(export, load_inputs(export.parent / "codebook.yaml", year=2015))
    from_store = stored_run(con, 2015)
    assert list(from_store.results.traits) == ["trekker", "manager", "stuurgroep"]
    assert _published(from_store) == _published(from_file)
    # the 2016 export as that store read it: before the success factors and bottlenecks
    frame = pd.read_csv(DEMO_2016, sep=";", dtype=str, keep_default_na=False)
    later = [c for c in frame.columns if c[:3] in ("sf_", "kp_")]
    (tmp_path / "v2").mkdir()
    export16 = tmp_path / "v2" / DEMO_2016.name
    frame.drop(columns=later).to_csv(export16, sep=";", index=False, lineterminator="\n")
    run16 = run_survey(export16, load_inputs(_survey_folder(tmp_path / "2016", 2016), year=2016))
    assert _published(stored_run(con, 2016)) == _published(run16)


def _published(run) -> dict:
    """The published result, with the export named by its file name (the store was made in
    another folder)."""
    tree = json.loads(run.published.to_json())
    tree["parameters"]["input_file"] = Path(tree["parameters"]["input_file"]).name
    return tree


def test_a_newer_store_is_refused_in_dutch(tmp_path, capsys):
    path = tmp_path / "future.sqlite"
    connect(path).execute("PRAGMA user_version = 7")
    assert main(["store", "list", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and "schemaversie 7" in err and "Werk spt-eval bij" in err


def test_other_files_are_not_a_store(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="geen SPT-opslag"):
        connect(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(InputError, match="geen SPT-opslag"):
        connect(other)


def test_only_pseudonyms_and_masked_remarks_are_stored(tmp_path, run15):
    path = tmp_path / "s.sqlite"
    con = connect(path)
    _add(con, run15)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    assert b"DEMO-0" not in data and b"j.jansen@example.nl" not in data
    stored = stored_answers(con, 2015).responses  # decoded: the answers are compressed
    ids = stored["respondent_id"].tolist()
    assert len(set(ids)) == 47 and all(i.startswith("R-") and len(i) == 14 for i in ids)
    remarks = " ".join(stored["opmerking"].dropna())
    assert "@" not in remarks and "[e-mail]" in remarks and "Goede samenwerking" in remarks


def test_the_rebuilt_run_equals_the_run_from_the_file(tmp_path, run15):
    """Added without its Results (as `store add` does), the wave is analysed on first use from
    the stored responses, with the same figures as from the export, and keeps them."""
    con = connect(tmp_path / "s.sqlite")
    add_wave(con, run15.inputs, run15.intake, key=KEY)
    assert con.execute("SELECT results_json FROM wave").fetchone()[0] is None
    again = stored_run(con, 2015)
    assert again.results.to_json() == run15.results.to_json()
    assert again.published.to_json() == run15.published.to_json()
    kept = con.execute("SELECT results_json FROM wave").fetchone()[0]
    assert Results.from_json(kept).to_json() == run15.results.to_json()
    weights = stored_answers(con, 2015).weights.tolist()
    assert sum(weights) == pytest.approx(1.0)


def test_remove_deletes_every_wave_of_the_year(tmp_path, run15, run16_as_15):
    con = connect(tmp_path / "s.sqlite")
    _add(con, run15)
    _add(con, run16_as_15, replace=True)
    assert remove_year(con, 2015) == 2
    assert list_waves(con) == []
    assert con.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
    with pytest.raises(StoreError, match="staat niet in de opslag"):
        stored_results(con, 2015)


def test_export_bundle_reads_back(tmp_path, run15):
    con = connect(tmp_path / "s.sqlite")
    _add(con, run15)
    demo = ROOT / "surveys" / "monitor_demo" / "spt_results_2015.csv"
    register = run15.inputs.register
    add_results(con, read_spt_results(demo, register, 2015), 2015)
    names = export_year(con, 2015, tmp_path / "bundle")
    assert {"wave.json", "schema.json", "responses.csv", "spt_results.csv", "results.json"} <= set(
        names
    )
    lines = (tmp_path / "bundle" / "responses.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 48 and lines[0].startswith("respondent,spt,weight,")
    back = read_spt_results(tmp_path / "bundle" / "spt_results.csv", register, 2015)
    assert back.quarantined == 0 and back.records == stored_spt_results(con)[2015]
    wave = json.loads((tmp_path / "bundle" / "wave.json").read_text(encoding="utf-8"))
    assert wave["inputs"]["survey"]["sha256"] == run15.intake.source_sha256
    published = json.loads((tmp_path / "bundle" / "results.json").read_text(encoding="utf-8"))
    assert published["disclosure"]["min_n"] == 5


def test_store_cli_add_list_remove(tmp_path, capsys, monkeypatch):
    read = []  # the export is read once for its dates and the intake; the same file again not
    table = readers.read_any_table
    monkeypatch.setattr(readers, "read_any_table", lambda *a: read.append(a[0]) or table(*a))
    store = ["--store", str(tmp_path / "s.sqlite")]
    assert main(["store", "add", str(DEMO_2015), "--year", "2015", *store]) == 0
    assert read == [DEMO_2015]
    assert main(["store", "add", str(DEMO_2015), "--year", "2015", *store]) == 0
    assert read == [DEMO_2015]
    out = capsys.readouterr().out
    assert "toegevoegd" in out and "ongewijzigd" in out
    assert main(["store", "add", str(DEMO_2016), "--year", "2015", *store]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["store", "list", *store]) == 0
    assert "2015  actueel   demo_responses.csv" in capsys.readouterr().out
    assert main(["store", "remove", "--year", "2015", *store]) == 0
    assert main(["store", "remove", "--year", "2015", *store]) == 2


FIRST_COMMAND = """
import gc, sys
from evaluation.cli import main
code = main(["store", "add", sys.argv[1], "--year", "2015", "--store", sys.argv[2]])
print(code, gc.isenabled(), gc.get_freeze_count())
"""


def test_the_first_command_keeps_its_imports_out_of_later_garbage_collections(tmp_path):
    """A process's first command imports with the collector paused, then leaves what the
    imports made out of later collections (they cost a 100,000-row add about 0.9 s CPU) and
    runs with the collector on."""
    args = [sys.executable, "-c", FIRST_COMMAND, str(DEMO_2015), str(tmp_path / "s.sqlite")]
    env = {**os.environ, "SPT_EVAL_KEY": "test-key-for-the-store-tests-0123456789"}
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    code, enabled, frozen = done.stdout.split()[-3:]
    assert (code, enabled) == ("0", "True")
    assert int(frozen) > 100_000  # pandas, pyarrow and the commands' modules


def test_store_that_does_not_exist_is_not_created_by_list(tmp_path):
    assert main(["store", "list", "--store", str(tmp_path / "nope.sqlite")]) == 2
    assert not (tmp_path / "nope.sqlite").exists()


def test_verify_accepts_a_run_rebuilt_from_the_store(tmp_path, run15):
    """What `report --store` writes (results.json, manifest.json) passes `verify` against the
    original export: the store route and the file route publish the same figures."""
    from evaluation.audit.verify import verify
    from evaluation.pipeline import record_run
    from evaluation.store.monitor import monitor_run

    con = connect(tmp_path / "s.sqlite")
    _add(con, run15)
    run, trends = monitor_run(con, 2015)
    assert trends is None  # one wave, no results per SPT: no trend chapter
    record_run(run, tmp_path / "report")
    result = verify(tmp_path / "report", data=DEMO_2015)
    assert result.ok and result.figures
