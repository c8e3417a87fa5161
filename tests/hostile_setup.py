"""Hostile inputs of the commands that set up a year (issue 16): `init` (odd years, broken or
escaping source folders, markup in the new folder's name) and `map` (headers a YAML file cannot
hold, markup and escapes, broken exports), and an SPSS file in an odd encoding."""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

from hostile_builders import ANSI, MARKUP, ROOT, Case, deep_yaml, demo_table, to_csv

SURVEY = ROOT / "surveys" / "spt2015"
SOURCE = {
    f"old/{n}": (SURVEY / n).read_bytes()
    for n in ("codebook.yaml", "service_points.yaml", "settings.yaml")
}


def _init_cases() -> list[Case]:
    argv = ["init", "2016", "--from", "{d}/old", "--to", "{d}/new"]
    out: list[Case] = []

    def case(name, args, files=None, codes=frozenset({2}), **kw):
        out.append(Case(name, args, {**SOURCE, **(files or {})}, codes, **kw))

    case("init: next year", argv, codes=frozenset({0}))
    for year in ("99999999999999999999", "-5", "0"):
        case(f"init: year {year}", [argv[0], year, *argv[2:]])
    case(
        "init: markup and escapes in the new folder",
        [*argv[:-1], "{d}/n" + MARKUP + ANSI],
        codes=frozenset({0}),
    )
    case("init: source missing", [*argv[:3], "{d}/nope", *argv[4:]])
    case("init: deep codebook", argv, {"old/codebook.yaml": deep_yaml()})
    case(
        "init: codebook not UTF-8",
        argv,
        {"old/codebook.yaml": SOURCE["old/codebook.yaml"].replace(b"Achter", b"\xff\xfe")},
    )
    case("init: deep settings", argv, {"old/settings.yaml": deep_yaml()})
    case("init: target exists", argv, {"new/.keep": b""})
    case("init: target under a file", [*argv[:-1], "{d}/old/codebook.yaml/new"])
    case("init: target a dangling symlink", argv, links={"new": "elders/new"})
    case("init: target in a system folder", [*argv[:-1], "/proc/spt-corpus-new"])
    case(
        "init: mapping.yaml links out of the folder",
        argv,
        {"outside/geheim.yaml": b'columns:\n  "geheim": spt\n'},
        links={"old/mapping.yaml": "outside/geheim.yaml"},
    )
    case(
        "init: register_file climbs",
        argv,
        {
            "old/codebook.yaml": SOURCE["old/codebook.yaml"].replace(
                b"register_file: service_points.yaml", b"register_file: ../../../etc/hostname"
            )
        },
    )
    return out


def _export_with_headers(heads: dict[int, str]) -> bytes:
    header, rows = demo_table()
    for i, text in heads.items():
        header[i] = text
    return to_csv(header, rows)


def _map_cases() -> list[Case]:
    cb = {
        f"cb/{n}": (SURVEY / n).read_bytes()
        for n in ("codebook.yaml", "service_points.yaml", "settings.yaml")
    }
    argv = ["map", "{d}/m.csv", "--codebook", "{d}/cb/codebook.yaml", "--accept"]
    again = ["validate", "{d}/m.csv", "--codebook", "{d}/cb/codebook.yaml", "--json"]
    out = [
        Case(
            "map: markup, escapes and formulas in headers",
            argv,
            {
                **cb,
                "m.csv": _export_with_headers(
                    {3: "[/bold]" + ANSI, 4: '=HYPERLINK("x")', 5: "a: b # c", 6: "- [x]"}
                ),
            },
            frozenset({0, 1}),
            then=again,
        ),
        Case(
            "map: line breaks and C1 controls in headers, read back",
            argv,
            {**cb, "m.csv": _export_with_headers({3: "x\u2028  evil: y", 4: "z\x85w", 5: "\x9bq"})},
            frozenset({0, 1}),
            then=again,
        ),
        Case(
            "map: a line break in the export's name, read back",
            [argv[0], "{d}/m\u2028x: 1.csv", *argv[2:]],
            {**cb, "m\u2028x: 1.csv": _export_with_headers({3: "onbekend"})},
            frozenset({0, 1}),
            then=[again[0], "{d}/m\u2028x: 1.csv", *again[2:]],
        ),
        Case("map: binary garbage", argv, {**cb, "m.csv": bytes(range(256)) * 8}),
        Case("map: /dev/zero", [argv[0], "/dev/zero", *argv[2:]], cb),
        Case(
            "map: deep codebook",
            argv,
            {**cb, "m.csv": to_csv(*demo_table()), "cb/codebook.yaml": deep_yaml()},
        ),
        Case(
            "map: symlink at mapping.yaml",
            argv,
            {
                **cb,
                "m.csv": _export_with_headers({3: "onbekend"}),
                "outside/m.yaml": b"columns: {}\n",
            },
            links={"cb/mapping.yaml": "outside/m.yaml"},
        ),
    ]
    return out


def odd_encoding_sav() -> bytes:
    """An SPSS file that says its text is UTF-16 while it is UTF-8: two variable names then
    read as the same name (pyreadstat renames one, with an English warning)."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "respondentnummer": ["RID7731-0001", "RID7731-0002"],
            "spa": ["Twente", "Achterhoek"],
            "spb": ["x", "y"],
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "o.sav"
        pyreadstat.write_sav(frame, str(path))
        data = path.read_bytes()
    record, encoding = b"\x05\x00\x00\x00UTF-8", b"UTF-16"
    at = data.index(record)
    return data[:at] + struct.pack("<i", len(encoding)) + encoding + data[at + len(record) :]


def sav_cases() -> list[Case]:
    return [
        Case(
            "SPSS in an odd encoding",
            ["validate", "{d}/o.sav", "--json"],
            {"o.sav": odd_encoding_sav},
        ),
        Case(
            "SPSS in an odd encoding, subprocess",
            ["validate", "{d}/o.sav"],
            {"o.sav": odd_encoding_sav},
            isolated=True,
            slow=True,
        ),
    ]


def setup_cases() -> list[Case]:
    return _init_cases() + _map_cases() + sav_cases()
