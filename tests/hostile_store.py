"""Hostile inputs of the multi-year store (`store ...`, `report --store`) and of the results per
SPT (issue 16): stores that are no SQLite, truncated, damaged, from a newer schema or tampered
with; symbolic links at the store path; odd years; results files with formulas, control
characters, huge numbers and broken quotes."""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import tempfile
from pathlib import Path

from hostile_builders import ANSI, MARKUP, ROOT, Case, _with, _xlsx, deep_yaml, demo_table, to_csv

SURVEY = ROOT / "surveys" / "spt2015"
RESULTS = ROOT / "surveys" / "monitor_demo" / "spt_results_2015.csv"
KEY = "corpus-key-0123456789"  # the test sets SPT_EVAL_KEY to this
HUGE_YEAR = "99999999999999999999"


def _corpus_export() -> bytes:
    return to_csv(*demo_table())


@functools.cache
def demo_store() -> bytes:
    """A store with the corpus export as the 2015 wave (not yet analysed) and the demo results
    per SPT of 2015 (built once per process)."""
    from evaluation.intake.validate import read_survey
    from evaluation.pipeline import load_inputs
    from evaluation.spt_results.read import read_spt_results
    from evaluation.store.db import connect
    from evaluation.store.spt_results import add_results
    from evaluation.store.waves import add_wave

    inputs = load_inputs(year=2015)
    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "data.csv"
        survey.write_bytes(_corpus_export())
        intake = read_survey(survey, inputs.codebook, inputs.register, inputs.settings.intake)
        con = connect(Path(tmp) / "s.sqlite")
        add_wave(con, inputs, intake, key=KEY.encode())
        add_results(con, read_spt_results(RESULTS, inputs.register, 2015), 2015)
        con.close()
        return (Path(tmp) / "s.sqlite").read_bytes()


def tampered_store(*statements: str) -> bytes:
    """The demo store with SQL run on it (as a user editing the file by hand would)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.sqlite"
        path.write_bytes(demo_store())
        con = sqlite3.connect(path)
        for sql in statements:
            con.execute(sql)
        con.commit()
        con.execute("PRAGMA journal_mode = DELETE")
        con.close()
        return path.read_bytes()


def damaged_store() -> bytes:
    """The demo store with bytes overwritten from a third of the file on (schema intact)."""
    data = bytearray(demo_store())
    rng = random.Random(16)
    for i in range(len(data) // 3, len(data), 61):
        data[i] = rng.randrange(256)
    return bytes(data)


def _store_cases() -> list[Case]:
    out: list[Case] = []
    store = "{d}/s.sqlite"
    outside = {"outside/target.txt": b"ongewijzigd\n"}

    def case(name, argv, files=None, codes=frozenset({2}), **kw):
        out.append(Case(name, argv, files or {}, codes, **kw))

    listing = ["store", "list", "--store", store]
    case("store list: not SQLite", listing, {"s.sqlite": b"hallo, geen database\n" * 50})
    case("store list: empty file", listing, {"s.sqlite": b""}, frozenset({0}))
    case("store list: truncated", listing, {"s.sqlite": lambda: demo_store()[:20000]})
    case("store list: damaged pages", listing, {"s.sqlite": damaged_store})
    case(
        "store list: newer schema",
        listing,
        {"s.sqlite": lambda: tampered_store("PRAGMA user_version = 99")},
    )
    case(
        "store list: another program's database",
        listing,
        {"s.sqlite": lambda: _other_database()},
    )
    case("store list: store is a folder", listing, {"s.sqlite/.keep": b""})
    case("store list: missing store", ["store", "list", "--store", "{d}/nope.sqlite"])
    case(
        "store list: markup and escapes in stored names",
        listing,
        {
            "s.sqlite": lambda: tampered_store(
                f"UPDATE wave SET input_name = '{MARKUP}{ANSI}.csv', codebook_version = '{ANSI}'",
                f"UPDATE spt_results_file SET input_name = '{ANSI}[/]'",
            )
        },
        frozenset({0}),
    )
    case(
        "store remove: symlink at the store path",
        ["store", "remove", "--year", "2015", "--store", store],
        {"outside/s.sqlite": demo_store},
        links={"s.sqlite": "outside/s.sqlite"},
    )
    case(
        "store add: symlink at the store path",
        ["store", "add", "{d}/data.csv", "--year", "2015", "--store", store],
        {"data.csv": _corpus_export(), **outside},
        links={"s.sqlite": "outside/target.txt"},
    )
    case(
        "store list: symlink at the store's journal",
        listing,
        {"s.sqlite": demo_store, **outside},
        links={"s.sqlite-wal": "outside/target.txt"},
    )
    case(
        "store add: dangling symlink at the store path",
        ["store", "add", "{d}/data.csv", "--year", "2015", "--store", store],
        {"data.csv": _corpus_export(), "outside/.keep": b""},
        links={"s.sqlite": "outside/new.sqlite"},
    )
    add = ["store", "add", "{d}/data.csv", "--store", store, "--year"]
    for year in (HUGE_YEAR, "-5", "0", "30000"):
        case(f"store add: year {year}", [*add, year], {"data.csv": _corpus_export()})
    for action in (["remove"], ["export", "--out", "{d}/out"], ["add-results", "{d}/r.csv"]):
        case(
            f"store {action[0]}: year {HUGE_YEAR}",
            ["store", *action, "--year", HUGE_YEAR, "--store", store],
            {"s.sqlite": demo_store, "r.csv": RESULTS.read_bytes()},
        )
    case(
        "store add: store in a read-only system folder",
        ["store", "add", "{d}/data.csv", "--year", "2015", "--store", "/proc/spt-corpus.sqlite"],
        {"data.csv": _corpus_export()},
    )
    readonly = frozenset({0}) if os.geteuid() == 0 else frozenset({2})  # root may write anyway
    case(
        "store remove: read-only store and folder",
        ["store", "remove", "--year", "2015", "--store", "{d}/ro/s.sqlite"],
        {"ro/s.sqlite": demo_store},
        readonly,
        modes={"ro/s.sqlite": 0o444, "ro": 0o555},
    )

    def markup_values(h, r):
        r[0][1] = "Atlantis" + MARKUP + ANSI  # quarantined: unknown SPT
        r[1][-1] = "opmerking " + ANSI + '=HYPERLINK("x")'

    data, k = _with(markup_values)
    case(
        "store add: markup and escapes in the file name and values",
        ["store", "add", "{d}/x[/]\x1b[2J.csv", "--year", "2015", "--store", store],
        {"x[/]\x1b[2J.csv": data},
        frozenset({1}),
        rows=k,
    )
    odd_store = "{d}/o[/]" + ANSI + ".sqlite"
    case(
        "store add: markup and escapes in the store path",
        ["store", "add", "{d}/data.csv", "--year", "2015", "--store", odd_store],
        {"data.csv": _corpus_export()},
        frozenset({0}),
        rows=len(demo_table()[1]),
    )
    case("store list: missing store with escapes", ["store", "list", "--store", odd_store])
    cb = ["--codebook", "{d}/cb/codebook.yaml"]
    case(
        "store add: deep codebook",
        [*add, "2015", *cb],
        {"data.csv": _corpus_export(), "cb/codebook.yaml": deep_yaml()},
    )
    case(
        "store add: binary garbage",
        [*add, "2015"],
        {"data.csv": bytes(random.Random(7).randrange(256) for _ in range(3000))},
    )
    export = ["store", "export", "--year", "2015", "--store", store, "--out", "{d}/out"]
    case(
        "store export: year not stored",
        [*export[:3], "2016", *export[4:]],
        {"s.sqlite": demo_store},
    )
    case("store export: damaged pages", export, {"s.sqlite": damaged_store})
    case(
        "store export: tampered JSON in the store",
        export,
        {"s.sqlite": lambda: tampered_store("UPDATE wave SET columns_json = '[1, 2'")},
    )
    case(
        "store export: symlink in the bundle folder",
        export,
        {"s.sqlite": demo_store, **outside},
        links={"out/responses.csv": "outside/target.txt"},
    )
    case("store export: out is a file", export, {"s.sqlite": demo_store, "out": b"bestand\n"})
    case(
        "store export: formulas and escapes in stored values",
        export,
        {"s.sqlite": lambda: _formula_store()},
        frozenset({0}),
        slow=True,  # analyses the wave first (about 3 CPU seconds)
    )
    case(
        "store remove: year not stored",
        ["store", "remove", "--year", "2016", "--store", store],
        {"s.sqlite": demo_store},
    )
    return out


def _other_database() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sqlite"
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE klant (naam TEXT)")
        con.commit()
        con.close()
        return path.read_bytes()


def _formula_store() -> bytes:
    sql = "UPDATE spt_result SET record = json_set(record, '$.projects', json(?))"
    projects = '[{"name": "=HYPERLINK(\\"x\\")\\u001b[31m", "participants": 3, "placements": 1}]'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.sqlite"
        path.write_bytes(demo_store())
        con = sqlite3.connect(path)
        con.execute(sql, (projects,))
        con.execute("UPDATE problem_count SET reason = '@SUM(1)' WHERE rowid = 1")
        con.commit()
        con.execute("PRAGMA journal_mode = DELETE")
        con.close()
        return path.read_bytes()


def _report_cases() -> list[Case]:
    argv = ["report", "--store", "{d}/s.sqlite", "--year", "2015", "--out", "{d}/out"]
    return [
        Case("report --store: store missing", argv),
        Case("report --store: year missing", argv[:3] + argv[5:], {"s.sqlite": b""}),
        Case(
            "report --store: year not stored",
            [*argv[:4], "2016", *argv[5:]],
            {"s.sqlite": demo_store},
        ),
        Case(
            "report --store: huge year", [*argv[:4], HUGE_YEAR, *argv[5:]], {"s.sqlite": demo_store}
        ),
        Case("report --store: not SQLite", argv, {"s.sqlite": b"%PDF-1.4 geen opslag\n"}),
        Case("report --store: truncated", argv, {"s.sqlite": lambda: demo_store()[:30000]}),
        Case("report --store: damaged pages", argv, {"s.sqlite": damaged_store}),
        Case(
            "report --store: tampered answers",
            argv,
            {"s.sqlite": lambda: tampered_store("UPDATE answers SET data = x'504152310000'")},
        ),
        Case(
            "report --store: answers of another wave's count",
            argv,
            {"s.sqlite": lambda: tampered_store("UPDATE answers SET rows = rows + 1")},
        ),
        Case(
            "report --store: tampered settings",
            argv,
            {"s.sqlite": lambda: tampered_store("UPDATE wave SET settings_json = 'nope'")},
        ),
        Case(
            "report --store: tampered codebook",
            argv,
            {"s.sqlite": lambda: tampered_store("UPDATE wave SET codebook_text = 'a: ['")},
        ),
        Case(
            "report --store: tampered file names",
            argv,
            {
                "s.sqlite": lambda: tampered_store(
                    "UPDATE wave SET codebook_name = '../../../../../../../../tmp/x16.yaml',"
                    " register_name = '/proc/self/x', codebook_text = 'a: ['"
                )
            },
        ),
        Case(
            "report --store: symlink at the store path",
            argv,
            {"elders/s.sqlite": demo_store},
            links={"s.sqlite": "elders/s.sqlite"},
        ),
        Case(
            "report --store: a stored year",
            argv,
            {"s.sqlite": demo_store},
            frozenset({0}),
            slow=True,
        ),
    ]


def _results_cases() -> list[Case]:
    header = RESULTS.read_text(encoding="utf-8").splitlines()[0]
    argv = ["store", "add-results", "{d}/r.csv", "--year", "2015", "--store", "{d}/s.sqlite"]
    out: list[Case] = []

    def results(name, lines, codes=frozenset({1}), rows=None, file="r.csv", head=header):
        data = (
            (head + "\n" + "\n".join(lines) + "\n").encode() if isinstance(lines, list) else lines
        )
        out.append(
            Case(
                name,
                [*argv[:2], "{d}/" + file, *argv[3:]],
                {file: data},
                codes,
                rows=len(lines) if rows is None and isinstance(lines, list) else rows,
            )
        )

    results(
        "add-results: formulas, markup and escapes",
        [
            "2015;Twente;1;1;1;1;1;1;;;;;;;",
            '2015;Twente;;;;;;;;;;;"=HYPERLINK(""http://x"")";3;1',
            f"2015;Twente;;;;;;;;;;;{ANSI}{MARKUP};3;1",
            f"2015;Twente;;;;;;;;;;;{ANSI}{MARKUP};3;1",  # twice: quarantined, name echoed
            f"2015;{ANSI}Atlantis;1;1;1;1;1;1;;;;;;;",
        ],
        head=header + ";=cmd|' /C calc'!A0;\x1b[2J" + MARKUP,
    )
    big = "9" * 5000
    results(
        "add-results: huge and odd numbers",
        [
            f"2015;Twente;{big};1;1;1;1;1;;;;;;;",
            "2015;Achterhoek;1;1;1;nan;inf;-inf;;;;;;;",
            "2015;Noord-Holland;1e400;1;1;1;1e999;1;;;;;;;",
            "2015;Rijnmond;1;1;1;1;1;1;;;;;x;99999999999999999999;1",
            "2015;Stedendriehoek;1;1;1;Infinity;1;1;;;;;;;",
        ],
    )
    results(
        "add-results: unterminated quote",
        [
            "2015;Twente;1;1;1;1;1;1;;;;;;;",
            '2015;"Achterhoek;1;1;1;1;1;1;;;;;;;',
            "2015;Noord-Holland;1;1;1;1;1;1;;;;;;;",
            "2015;Rijnmond;1;1;1;1;1;1;;;;;;;",
        ],
    )
    results(
        "add-results: long cell and NUL",
        [f"2015;Twente;;;;;;;;;;;{'x' * 200_000};3;1", "2015;Achterhoek;;;;;;;;;;;a\x00b;3;1"],
    )
    results("add-results: empty file", b"", frozenset({2}))
    results(
        "add-results: binary garbage",
        bytes(random.Random(5).randrange(256) for _ in range(2000)),
        frozenset({2}),
    )
    results("add-results: broken xlsx", b"PK\x03\x04" + bytes(300), frozenset({2}), file="r.xlsx")
    xl = [header.split(";"), ["2015", "Twente", "=1+1", 1, 1, 1, 1, 1], ["2015", "@x", 1]]
    results("add-results: xlsx with formulas", _xlsx(xl), frozenset({1}), rows=2, file="r.xlsx")
    out.append(
        Case(
            "add-results: /dev/zero", [*argv[:2], "/dev/zero", *argv[3:]], isolated=True, slow=True
        )
    )
    out.append(Case("add-results: missing file", [*argv[:2], "{d}/nope.csv", *argv[3:]]))
    out.append(
        Case(
            "add-results: deep codebook",
            [*argv, "--codebook", "{d}/cb/codebook.yaml"],
            {"r.csv": RESULTS.read_bytes(), "cb/codebook.yaml": deep_yaml()},
        )
    )
    out.append(
        Case(
            "add-results: another file for a stored year",
            argv,
            {"r.csv": RESULTS.read_bytes().replace(b";23;", b";24;"), "s.sqlite": demo_store},
        )
    )
    return out + _package_cases(argv)


def _descriptor(path: str) -> bytes:
    resource = {"name": "spt_results", "path": path, "format": "csv"}
    return json.dumps({"resources": [resource]}).encode()


def _package_cases(argv: list[str]) -> list[Case]:
    """A received data package (issue 25): its descriptor and table are as hostile as a file."""
    pkg = [*argv[:2], "{d}/p", *argv[3:]]
    table = RESULTS.read_bytes()
    formulas = table.splitlines()[0] + b"\n2015;=HYPERLINK(1);1;1;1;1;1\n2015;Twente;@x;1;1\n"
    return [
        Case("add-results: package descriptor not JSON", pkg, {"p/datapackage.json": b"{nope"}),
        Case("add-results: package descriptor too deep", pkg, {"p/datapackage.json": b"[" * 5000}),
        Case(
            "add-results: package table outside its folder",
            pkg,
            {"p/datapackage.json": _descriptor("../r.csv"), "r.csv": table},
        ),
        Case(
            "add-results: package table as a web address",
            pkg,
            {"p/datapackage.json": _descriptor("https://example.org/r.csv")},
        ),
        Case(
            "add-results: package table through a link out of its folder",
            pkg,
            {"p/datapackage.json": _descriptor("t.csv"), "r.csv": table},
            links={"p/t.csv": "../r.csv"},
        ),
        Case(
            "add-results: package with formulas in its table",
            pkg,
            {"p/datapackage.json": _descriptor("t.csv"), "p/t.csv": formulas},
            frozenset({1}),
            rows=2,
        ),
        Case(
            "package: the output folder is a link",
            ["package", "--year", "2015", "--store", "{d}/s.sqlite", "--out", "{d}/out"],
            {"s.sqlite": demo_store},
            links={"out": "elsewhere"},
            slow=True,
        ),
    ]


def store_cases() -> list[Case]:
    return _store_cases() + _report_cases() + _results_cases()
