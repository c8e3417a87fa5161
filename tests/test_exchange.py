"""The public data package: valid for `frictionless`, every figure as in results.json, no
withheld value, and accepted by another store's `store add-results`."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import Package, Resource

from evaluation.cli import main
from evaluation.disclosure.audit import audit_published
from evaluation.disclosure.publish import disclose
from evaluation.errors import InputError
from evaluation.exchange.figures import conf_code, withheld_codes
from evaluation.exchange.from_store import stored_source
from evaluation.exchange.package import write_package
from evaluation.store.db import connect
from evaluation.store.export import export_year
from evaluation.store.spt_results import stored_spt_results
from evaluation.store.waves import stored_results

ROOT = Path(__file__).resolve().parents[1]
MONITOR = ROOT / "surveys" / "monitor_demo"
SURVEYS = {
    2015: ROOT / "surveys" / "spt2015" / "demo_responses.csv",
    2016: MONITOR / "responses_2016.csv",
    2017: MONITOR / "responses_2017.csv",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The three-year monitor, filled as `make monitor` fills it."""
    path = tmp_path_factory.mktemp("monitor") / "monitor.sqlite"
    for year, survey in SURVEYS.items():
        assert main(["store", "add", str(survey), "--year", str(year), "--store", str(path)]) == 0
        results = MONITOR / f"spt_results_{year}.csv"
        args = ["store", "add-results", str(results), "--year", str(year), "--store", str(path)]
        assert main(args) in (0, 1)
    return path


@pytest.fixture(scope="module")
def packages(store, tmp_path_factory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("packages")
    folders = {}
    for year in SURVEYS:
        folders[year] = out / str(year)
        args = ["package", "--year", str(year), "--store", str(store), "--out", str(folders[year])]
        assert main([*args, "--excel"] if year == 2015 else args) == 0
    folders["all"] = out / "all"
    args = ["package", "--all-years", "--store", str(store), "--out", str(folders["all"])]
    assert main(args) == 0
    return folders


def _published(store: Path, year: int) -> dict:
    con = connect(store, create=False)
    try:
        return json.loads(disclose(stored_results(con, year)).to_json())
    finally:
        con.close()


def _at(tree: dict, pointer: str):
    node = tree
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _figures(folder: Path, name: str = "figures") -> list[dict]:
    """The rows as frictionless reads them; its numbers (Decimal) as the floats they spell."""
    package = Package(str(folder / "datapackage.json"))
    return [
        {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}
        for row in package.get_resource(name).read_rows()
    ]


@pytest.mark.parametrize("year", [*sorted(SURVEYS), "all"])
def test_frictionless_validates_the_package_of_every_year(packages, year):
    report = Package(str(packages[year] / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("year", [2015, 2017])
def test_every_figure_reads_back_as_in_results_json(store, packages, year):
    tree = _published(store, year)
    rows = _figures(packages[year])
    assert len(rows) > 300
    for row in rows:
        parent = row["pointer"].rsplit("/", 1)[0]
        node = _at(tree, parent)
        assert row["obs_value"] == _at(tree, row["pointer"]), row["pointer"]
        assert row["time_period"] == year
        if row["conf_status"] != "F":
            assert (row["obs_value"], row["n"], row["lower"]) == (None, None, None)
            assert row["obs_status"] == "O"
            continue
        if row["indicator"] == "respondenten":
            assert row["n"] is None
        elif row["indicator"] == "verschil_rapportcijfer_kenmerk":
            assert [row["lower"], row["upper"]] == node["ci"]
        else:
            assert row["n"] == (
                tree["response"]["n"] if row["indicator"] == "respons" else node["n"]
            )
            if "ci" in node:
                assert [row["lower"], row["upper"]] == node["ci"]
    # every SPT's grade and every statement's national share are there, published or not
    grades = {
        r["ref_area"] for r in rows if r["indicator"] == "rapportcijfer" and not r["breakdown"]
    }
    assert grades == {"landelijk", *tree["satisfaction"]["by_spt"]}
    agree = {r["breakdown"] for r in rows if r["indicator"] == "aandeel_eens"}
    assert agree == set(tree["items"])


def test_the_excel_twin_holds_the_same_figures(packages):
    machine = _figures(packages[2015])
    excel = _figures(packages[2015], "figures_excel")
    assert machine == excel
    text = (packages[2015] / "excel" / "figures.csv").read_text(encoding="utf-8")
    assert ";2,894814814814816;43;" in text  # the demo's national grade, 2,9 in the report


def test_no_withheld_value_is_in_the_public_package(store, packages):
    """The package's figures put back into results.json pass the disclosure audit, and every
    value the disclosure withheld is an empty cell coded confidential."""
    tree = _published(store, 2015)
    con = connect(store, create=False)
    raw = json.loads(stored_results(con, 2015).model_dump_json())
    con.close()
    codes = withheld_codes(tree)
    rows = _figures(packages[2015])
    rebuilt = json.loads(json.dumps(tree))
    withheld = 0
    for row in rows:
        parent, key = row["pointer"].rsplit("/", 1)
        _at(rebuilt, parent)[key] = row["obs_value"]
        if conf_code(codes, row["pointer"]):
            withheld += 1
            assert row["obs_value"] is None and row["conf_status"] in ("A", "D", "C")
            assert _at(raw, row["pointer"]) is not None or row["indicator"] != "rapportcijfer"
    assert withheld >= 20  # the demo's two one-person SPTs and what would give them away
    audit = audit_published(rebuilt)
    assert audit.ok, audit.summary()
    assert rebuilt == tree


def test_the_public_route_never_writes_beside_a_confidential_export(store, tmp_path):
    con = connect(store, create=False)
    try:
        export_year(con, 2015, tmp_path / "bundle")
        source = stored_source(con, 2015)
    finally:
        con.close()
    with pytest.raises(InputError, match="vertrouwelijke export"):
        write_package([source], tmp_path / "bundle")
    assert not (tmp_path / "bundle" / "datapackage.json").exists()


def test_a_package_of_one_store_is_accepted_by_another(store, packages, tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    args = ["store", "add-results", str(packages[2016]), "--year", "2016", "--store", str(other)]
    assert main(args) == 0
    assert "Ingelezen: " in capsys.readouterr().out
    theirs, ours = connect(other, create=False), connect(store, create=False)
    try:
        assert stored_spt_results(theirs)[2016] == stored_spt_results(ours)[2016]
    finally:
        theirs.close(), ours.close()


def test_the_package_of_all_years_holds_each_years_figures(store, packages, tmp_path):
    rows = _figures(packages["all"])
    for year in SURVEYS:
        tree = _published(store, year)
        mine = [r for r in rows if r["time_period"] == year]
        assert mine == _figures(packages[year])
        assert all(r["obs_value"] == _at(tree, r["pointer"]) for r in mine)
    names = [r.name for r in Package(str(packages["all"] / "datapackage.json")).resources]
    assert names == [
        "figures",
        "register",
        "parameters",
        "spt_results_2015",
        "spt_results_2016",
        "spt_results_2017",
    ]
    other = tmp_path / "other.sqlite"
    args = ["store", "add-results", str(packages["all"]), "--year", "2017", "--store", str(other)]
    assert main(args) == 0
    theirs, ours = connect(other, create=False), connect(store, create=False)
    try:
        assert stored_spt_results(theirs)[2017] == stored_spt_results(ours)[2017]
    finally:
        theirs.close(), ours.close()


def test_a_received_package_goes_through_quarantine(packages, tmp_path, capsys):
    folder = tmp_path / "received"
    shutil.copytree(packages[2017], folder)
    table = folder / "spt_results.csv"
    with table.open("a", encoding="utf-8", newline="") as fh:
        fh.write("2017,Atlantis,3,,,,,,,,,,,\r\n")
    args = ["store", "add-results", str(folder / "datapackage.json"), "--year", "2017"]
    assert main([*args, "--store", str(tmp_path / "s.sqlite")]) == 1
    out = capsys.readouterr().out
    rows = len(table.read_text(encoding="utf-8").splitlines()) - 1
    assert "onbekend servicepunt" in out
    assert f"Ingelezen: {rows} rijen = {rows - 1} geldig + 1 in quarantaine" in out


def test_a_package_pointing_outside_its_folder_is_refused(packages, tmp_path, capsys):
    folder = tmp_path / "hostile"
    shutil.copytree(packages[2017], folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["name"] == "spt_results":
            r["path"] = "../../etc/passwd"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    args = ["store", "add-results", str(folder), "--year", "2017"]
    assert main([*args, "--store", str(tmp_path / "s.sqlite")]) == 2
    assert "buiten de map" in capsys.readouterr().err


def test_withheld_codes_come_from_the_disclosure_log():
    tree = {
        "disclosure": {
            "suppressed": [
                {"path": "/satisfaction/by_spt/A", "rule": "primair", "fields": ["estimate"]},
                {
                    "path": "/items/q/distribution_by_spt/B",
                    "rule": "secundair",
                    "fields": ["categories.share"],
                },
            ]
        }
    }
    codes = withheld_codes(tree)
    assert conf_code(codes, "/satisfaction/by_spt/A/estimate") == "A"
    assert conf_code(codes, "/satisfaction/by_spt/AB/estimate") is None
    assert conf_code(codes, "/items/q/distribution_by_spt/B/categories/2/share") == "D"
    assert conf_code(codes, "/items/q/distribution_by_spt/B/weet_niet/share") is None
    assert Resource  # the frictionless API the docs show


def test_a_year_not_in_the_store_is_one_dutch_line(store, tmp_path, capsys):
    args = ["package", "--year", "2019", "--store", str(store), "--out", str(tmp_path / "p")]
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("fout: ")
    assert not (tmp_path / "p").exists()
