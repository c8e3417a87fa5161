"""A seeded corpus of hostile and broken inputs for every command (issue 16).

`cases()` returns one `Case` per input: the files to lay out in a fresh folder, the command line
(with `{d}` for that folder), the exit codes the command documents for it, and what the test
can check independently (the data rows written, the respondent ids that must stay private).
Files are small; the expanding ones (zip bomb, /dev/zero) are capped by the limits under test.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "surveys" / "spt2015"
DEMO = SURVEY / "demo_responses.csv"
SEED = 16
ID_PREFIX = "RID7731-"  # respondent ids of the corpus: must never reach a public output
MARKUP = "[/bold][/][bold red]"
ANSI = "\x1b[31mROOD\x1b[0m\x1b]0;titel\x07"
FORMULAS = ('=HYPERLINK("http://x","klik")', "+x", "@x", "-x", "\r=1+1", "\t=2+2")


@dataclass
class Case:
    """One hostile input and the command that reads it."""

    name: str
    argv: list[str]
    files: dict[str, bytes | Callable[[], bytes]] = field(default_factory=dict)  # lazy if big
    codes: frozenset[int] = frozenset({2})
    rows: int | None = None  # data rows written: read = valid + quarantined must equal this
    links: dict[str, str] = field(default_factory=dict)  # symlink (in the folder) -> target
    slow: bool = False
    isolated: bool = False  # run in a subprocess with memory and time limits
    intake: str = ""  # reason when the fix belongs to the intake owner (expected to fail)
    sizes: dict[str, int] = field(default_factory=dict)  # files extended (sparse) to this size


def demo_table() -> tuple[list[str], list[list[str]]]:
    """The demo export's header and rows, with corpus respondent ids."""
    rows = list(csv.reader(io.StringIO(DEMO.read_text(encoding="utf-8")), delimiter=";"))
    header, body = rows[0], rows[1:]
    for i, row in enumerate(body, start=1):
        row[0] = f"{ID_PREFIX}{i:04d}"
    return header, body


def to_csv(header: list[str], rows: list[list[str]], sep: str = ";") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _with(edit) -> tuple[bytes, int]:
    header, rows = demo_table()
    edit(header, rows)
    return to_csv(header, rows), len(rows)


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb(expanded_mb: int = 300) -> bytes:
    """An .xlsx-shaped zip whose sheet XML expands to `expanded_mb` MB of blank cells."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            block = b"<row><c><v>1</v></c></row>" * 40000
            for _ in range(expanded_mb * 1_000_000 // len(block)):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def deep_yaml(depth: int = 5000) -> bytes:
    return ("a: " + "[" * depth + "]" * depth + "\n").encode()


def deep_json(depth: int = 100_000) -> bytes:
    return ('{"a": ' + "[" * depth + "]" * depth + "}").encode()


def attachment_pdf(files: dict[str, bytes]) -> bytes:
    """A one-page PDF carrying `files` as embedded files (as a report does)."""
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    for name, data in sorted(files.items()):
        w.add_attachment(name, data)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def manifest(**over: object) -> bytes:
    base = {
        "inputs": {"survey": {"name": "data.csv", "sha256": "0" * 64}},
        "outputs": {"results.json": {"sha256": "0" * 64}},
        "parameters": {"settings": {}},
    }
    base.update(over)
    return json.dumps(base).encode()


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

    data, k = _with(control_remark)
    survey("control characters in a remark", data)
    out.append(
        Case(
            "control characters, audit",
            ["audit", "{d}/data.csv", "--out", "{d}/out"],
            {"data.csv": data},
            frozenset({0, 1}),
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
        intake="count physical records; an unterminated quote is a row fault",
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


def _region_cases(rng: random.Random) -> list[Case]:
    data = (ROOT / "surveys" / "labour_market" / "regions_2014.csv").read_bytes()
    argv = ["regions", "--data", "{d}/r.csv", "--out", "{d}/out"]
    out = [
        Case(
            "regions: binary garbage",
            argv,
            {"r.csv": bytes(rng.randrange(256) for _ in range(3000))},
        ),
        Case("regions: NUL bytes", argv, {"r.csv": data.replace(b",", b"\x00,", 3)}),
        Case("regions: huge integer", argv, {"r.csv": data.replace(b"19078", b"9" * 5000)}),
        Case("regions: huge float", argv, {"r.csv": data.replace(b",53,", b",1e999,", 1)}),
        Case("regions: nan share", argv, {"r.csv": data.replace(b",53,", b",nan,", 1)}),
        Case("regions: unterminated quote", argv, {"r.csv": data.replace(b"Achterhoek,", b'"A,')}),
        Case("regions: missing file", ["regions", "--data", "{d}/nope.csv", "--out", "{d}/o"]),
    ]
    rules = ["regions", "--rules", "{d}/rules.yaml", "--out", "{d}/out"]
    for name, text in [
        ("huge", b"small_size: " + b"9" * 400 + b"\n"),
        ("infinite", b"profile_min_points: .inf\n"),
        ("nan", b"high_share: .nan\n"),
        ("deep", deep_yaml()),
    ]:
        out.append(Case(f"regions: {name} rule", rules, {"rules.yaml": text}))
    clusters = ["regions", "--clusters", "{d}/c.yaml", "--out", "{d}/out"]
    out.append(Case("regions: deep clusters", clusters, {"c.yaml": deep_yaml()}))
    return out


def _verify_cases() -> list[Case]:
    out: list[Case] = []
    demo = DEMO.read_bytes()

    def pdf(name, files, codes=frozenset({2}), extra=()):
        argv = ["verify", "{d}/report.pdf", "--data", "{d}/data.csv", *extra]
        out.append(Case(name, argv, {"report.pdf": attachment_pdf(files), "data.csv": demo}, codes))

    results = b'{"parameters": {}}'
    for key in ("inputs", "outputs", "survey"):
        for bad in ([1, 2], "tekst", None):
            m = manifest(**{key: bad}) if key != "survey" else manifest(inputs={"survey": bad})
            pdf(
                f"verify: {key} is {type(bad).__name__}",
                {"manifest.json": m, "results.json": results},
            )
    pdf(
        "verify: markup in manifest",
        {
            "manifest.json": manifest(inputs={"survey": {"name": MARKUP, "sha256": ANSI}}),
            "results.json": results,
        },
    )
    pdf("verify: deep manifest", {"manifest.json": deep_json(), "results.json": results})
    pdf("verify: deep results", {"manifest.json": manifest(), "results.json": deep_json()})
    pdf("verify: manifest not JSON", {"manifest.json": b"\xff\xfe{", "results.json": results})
    pdf("verify: no attachments", {})
    out.append(
        Case(
            "verify: big attachment",
            ["verify", "{d}/report.pdf", "--data", "{d}/data.csv"],
            {
                "report.pdf": lambda: attachment_pdf(
                    {"manifest.json": manifest(), "results.json": b" " * 120_000_000}
                ),
                "data.csv": demo,
            },
            isolated=True,
            slow=True,
        )
    )
    out.append(
        Case(
            "verify: folder climbs with ../",
            ["verify", "{d}/rep"],
            {
                "rep/manifest.json": manifest(
                    inputs={"survey": {"name": "../../../../etc/hostname", "sha256": "0"}}
                ),
                "rep/results.json": results,
            },
        )
    )
    out.append(
        Case("verify: damaged PDF", ["verify", "{d}/x.pdf"], {"x.pdf": b"%PDF-1.7\n" + bytes(300)})
    )
    out.append(Case("verify: missing report", ["verify", "{d}/nope.pdf"]))
    out.append(
        Case(
            "verify: markup in path",
            ["verify", "{d}/[/bold].pdf"],
            {"[/bold].pdf": b"%PDF-1.4 kapot"},
        )
    )
    return out


def _output_cases() -> list[Case]:
    demo = DEMO.read_bytes()
    header, rows = demo_table()
    rows[0][1] = "Atlantis"
    faulty = to_csv(header, rows)
    outside = {"outside/target.txt": b"ongewijzigd\n"}
    return [
        Case(
            "symlink quarantine target",
            ["validate", "{d}/data.csv", "--quarantine", "{d}/out/q.csv"],
            {"data.csv": faulty, **outside},
            frozenset({2}),
            links={"out/q.csv": "outside/target.txt"},
        ),
        Case(
            "symlink in audit --out",
            ["audit", "{d}/data.csv", "--out", "{d}/out"],
            {"data.csv": demo, **outside},
            frozenset({2}),
            links={"out/audit-2015.xlsx": "outside/target.txt"},
        ),
        Case(
            "symlink in analyse --out",
            ["analyse", "{d}/data.csv", "--out", "{d}/out"],
            {"data.csv": faulty, **outside},
            frozenset({2}),
            links={
                "out/quarantine.csv": "outside/target.txt",
                "out/results.json": "outside/target.txt",
            },
            slow=True,
        ),
        Case(
            "symlink in regions --out",
            ["regions", "--out", "{d}/out"],
            dict(outside),
            frozenset({2}),
            links={"out/regions.json": "outside/target.txt"},
            slow=True,
        ),
        Case(
            "out is a file", ["audit", "{d}/data.csv", "--out", "{d}/data.csv"], {"data.csv": demo}
        ),
        Case(
            "markup in out path",
            ["audit", "{d}/data.csv", "--out", "{d}/[/]"],
            {"data.csv": faulty},
            frozenset({1}),
        ),
    ]


def cases() -> list[Case]:
    """Every case of the corpus, in a fixed order (seeded, so the bytes never change)."""
    rng = random.Random(SEED)
    return (
        _survey_cases(rng)
        + _yaml_cases()
        + _region_cases(rng)
        + _verify_cases()
        + (_output_cases())
    )
