"""A seeded corpus of hostile and broken inputs for every command (issue 16).

`cases()` returns one `Case` per input: the files to lay out in a fresh folder, the command line
(with `{d}` for that folder), the exit codes the command documents for it, and what the test
can check independently (the data rows written, the respondent ids that must stay private).
Files are small; the expanding ones (zip bomb, /dev/zero) are built only when their case runs.
"""

from __future__ import annotations

import random

from hostile_builders import (
    ANSI,
    DEMO,
    FORMULAS,
    ID_PREFIX,
    MARKUP,
    ROOT,
    SEED,
    SURVEY,
    Case,
    _with,
    _xlsx,
    attachment_pdf,
    deep_yaml,
    demo_table,
    to_csv,
    zip_bomb,
)
from hostile_reports import output_cases, region_cases, verify_cases
from hostile_setup import setup_cases
from hostile_store import store_cases

__all__ = ["ID_PREFIX", "ROOT", "Case", "cases"]


def _survey_cases(rng: random.Random) -> list[Case]:
    header, rows = demo_table()
    n = len(rows)
    demo = to_csv(header, rows)
    out: list[Case] = []

    def survey(name, data, codes=frozenset({0, 1}), rows=n, file="data.csv", **kw):
        out.append(
            Case(name, ["validate", "{d}/" + file, "--json"], {file: data}, codes, rows, **kw)
        )

    survey("plain demo", demo, frozenset({0}))
    survey("markup in file name", demo, frozenset({0}), file=f"x{MARKUP}.csv")
    out.append(
        Case(
            "markup in file name, table",
            ["validate", "{d}/x[/].csv"],
            {"x[/].csv": demo},
            frozenset({0}),
            n,
        )
    )

    def extra_column(h, r):
        h.append(MARKUP)
        for row in r:
            row.append("1")

    data, k = _with(extra_column)
    out.append(
        Case(
            "markup in a column header",
            ["validate", "{d}/data.csv"],
            {"data.csv": data},
            frozenset({0}),
            k,
        )
    )

    def markup_spt(h, r):
        r[0][1] = MARKUP
        r[1][1] = ANSI
        r[2][3] = ANSI

    data, k = _with(markup_spt)
    out.append(
        Case(
            "markup and escapes in SPT names",
            ["validate", "{d}/data.csv"],
            {"data.csv": data},
            frozenset({1}),
            k,
        )
    )
    survey("markup and escapes in SPT names, json", data, frozenset({1}))

    def control_remark(h, r):
        r[0][-1] = "opmerking " + ANSI + "\x01\x0b\x0c\ufffe\x7f\x9b einde"
        r[5][-1] = "\x1b[2J" * 3
        r[9][1] = "Atlantis"  # one row quarantined: audit exits 1

    data, k = _with(control_remark)
    survey("control characters in a remark", data, frozenset({1}))
    out.append(
        Case(
            "control characters and markup in the out path, audit",
            ["audit", "{d}/data.csv", "--out", "{d}/out[/]"],
            {"data.csv": data},
            frozenset({1}),
        )
    )

    def formulas(h, r):
        for f in FORMULAS:
            h.append(f)
            for row in r:
                row.append("")
        for i, f in enumerate(FORMULAS):
            r[i][1] = "Atlantis" + str(i)  # quarantined: unknown SPT
            r[i][-1 - i] = f
            r[i][4] = f
        r[7][0] = r[6][0]  # duplicate id

    data, k = _with(formulas)
    out.append(
        Case(
            "formula headers and cells, quarantine",
            ["validate", "{d}/data.csv", "--quarantine", "{d}/out/q.csv"],
            {"data.csv": data, "out/.keep": b""},
            frozenset({1}),
            k,
        )
    )
    out.append(
        Case(
            "formula cells, analyse",
            ["analyse", "{d}/data.csv", "--out", "{d}/out"],
            {"data.csv": data},
            frozenset({1}),
            slow=True,
        )
    )

    def cr_cells(h, r):
        for i in range(11):
            r[i][1] = "Atlantis"
            r[i][-1] = f"regel\r=1+1\rnog {i}\nslot"

    data, k = _with(cr_cells)
    survey("carriage returns in quarantined cells", data, frozenset({1}))
    out.append(
        Case(
            "carriage returns, quarantine file",
            ["validate", "{d}/data.csv", "--quarantine", "{d}/q.csv"],
            {"data.csv": data},
            frozenset({1}),
            k,
        )
    )

    def dup_ids(h, r):
        for i in range(1, 6):
            r[i][0] = r[0][0]

    data, k = _with(dup_ids)
    survey("duplicate ids", data, frozenset({1}))
    out.append(
        Case(
            "duplicate ids, report",
            ["report", "{d}/data.csv", "--out", "{d}/out"],
            {"data.csv": data},
            frozenset({1}),
            slow=True,
        )
    )

    lines = demo.decode().splitlines()
    broken = "\n".join(lines[:6] + [lines[6].replace(";", ';"', 1)] + lines[7:21]) + "\n"
    survey(
        "unterminated quote",
        broken.encode(),
        rows=20,
    )
    survey(
        "NUL after 64 KiB",
        demo + b"\n" * 0 + (f"{ID_PREFIX}9999;Twente;" + "x" * 70000 + "\x00;;\n").encode(),
        rows=n + 1,
    )
    survey("only a header", lines[0].encode() + b"\n", frozenset({0, 1, 2}), rows=0)
    survey("empty file", b"", frozenset({2}), rows=None)
    survey(
        "binary garbage", bytes(rng.randrange(256) for _ in range(4096)), frozenset({2}), rows=None
    )
    survey("a PDF as survey", attachment_pdf({}), frozenset({2}), rows=None)
    survey(
        "latin-1 with odd bytes",
        demo.decode().replace("é", "\u00e9").encode("cp1252", "replace"),
        frozenset({0, 1}),
    )
    survey("semicolon-free single column", b"respondentnummer\n1\n2\n", frozenset({2}), rows=None)
    xl = _xlsx([header] + [[c if j else c for j, c in enumerate(r)] for r in rows[:12]])
    survey("xlsx", xl, frozenset({0, 1}), rows=12, file="data.xlsx")
    xf = [header] + [list(r) for r in rows[:12]]
    xf[3][4] = "=1+1"
    xf[5][-1] = '=HYPERLINK("http://x")'
    survey(
        "xlsx with formula cells",
        _xlsx(xf),
        frozenset({0, 1}),
        rows=12,
        file="f.xlsx",
    )
    survey("broken zip", b"PK\x03\x04" + bytes(200), frozenset({2}), rows=None)
    survey(
        "damaged SPSS",
        b"$FL2" + bytes(rng.randrange(256) for _ in range(500)),
        frozenset({2}),
        rows=None,
        file="data.sav",
    )
    survey("newline and markup in file name", demo, frozenset({0}), file="a\nb[/].csv")
    out.append(Case("missing file with newline", ["validate", "{d}/nope\n[/]\x1b.csv"]))
    out.append(Case("missing file", ["validate", "{d}/nope.csv"]))
    out.append(Case("a folder as survey", ["validate", "{d}/sub"], {"sub/.keep": b""}))
    out.append(Case("/dev/zero", ["validate", "/dev/zero"], isolated=True))
    out.append(
        Case(
            "xlsx zip bomb",
            ["validate", "{d}/bomb.xlsx"],
            {"bomb.xlsx": zip_bomb},
            isolated=True,
            slow=True,
        )
    )
    out.append(
        Case(
            "oversized survey",
            ["validate", "{d}/big.csv"],
            {"big.csv": demo},
            sizes={"big.csv": 300 << 20},
        )
    )
    return out


def _yaml_cases() -> list[Case]:
    cb = (SURVEY / "codebook.yaml").read_bytes()
    reg = (SURVEY / "service_points.yaml").read_bytes()
    st = (SURVEY / "settings.yaml").read_bytes()
    demo = DEMO.read_bytes()
    out: list[Case] = []

    def cbcase(name, files, codes=frozenset({2}), extra=()):
        argv = ["validate", "{d}/data.csv", "--codebook", "{d}/cb/codebook.yaml", *extra]
        base = {
            "data.csv": demo,
            "cb/codebook.yaml": cb,
            "cb/service_points.yaml": reg,
            "cb/settings.yaml": st,
        }
        out.append(Case(name, argv, {**base, **files}, codes))

    cbcase("deep codebook", {"cb/codebook.yaml": deep_yaml()})
    cbcase("deep register", {"cb/service_points.yaml": deep_yaml()})
    cbcase(
        "alias bomb codebook",
        {
            "cb/codebook.yaml": b"a: &a [x,x,x,x,x,x,x,x,x]\n"
            + b"".join(
                f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n".encode()
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
        },
    )
    cbcase("huge codebook", {"cb/codebook.yaml": b"# " + b"x" * 30_000_000 + b"\n"})
    cbcase("codebook is a list", {"cb/codebook.yaml": b"- 1\n- 2\n"})
    cbcase(
        "codebook with a python tag",
        {"cb/codebook.yaml": b"a: !!python/object/apply:os.system ['echo hi']\n"},
    )
    cbcase(
        "register_file absolute",
        {
            "cb/codebook.yaml": cb.replace(
                b"register_file: service_points.yaml", b"register_file: /etc/passwd"
            )
        },
    )
    cbcase(
        "register_file climbs",
        {
            "cb/codebook.yaml": cb.replace(
                b"register_file: service_points.yaml", b"register_file: ../../../../etc/hostname"
            )
        },
    )
    cbcase(
        "markup in register",
        {"cb/service_points.yaml": reg.replace(b"name: Achterhoek", b"name: '[/bold]\x1b[31m'")},
        frozenset({0, 1, 2}),
    )
    argv = ["analyse", "{d}/data.csv", "--settings", "{d}/s.yaml", "--out", "{d}/out"]
    out.append(Case("deep settings", argv, {"data.csv": demo, "s.yaml": deep_yaml()}))
    out.append(Case("settings not a mapping", argv, {"data.csv": demo, "s.yaml": b"[1, 2]\n"}))
    return out


def cases() -> list[Case]:
    """Every case of the corpus, in a fixed order (seeded, so the bytes never change)."""
    rng = random.Random(SEED)
    return (
        _survey_cases(rng)
        + _yaml_cases()
        + region_cases(rng)
        + verify_cases()
        + output_cases()
        + store_cases()
        + setup_cases()
    )
