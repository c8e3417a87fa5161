"""Hostile inputs of the region benchmark, of `verify` and of output folders (issue 16)."""

from __future__ import annotations

import random

from hostile_builders import (
    ANSI,
    DEMO,
    MARKUP,
    ROOT,
    Case,
    attachment_pdf,
    deep_json,
    deep_yaml,
    demo_table,
    manifest,
    tampered_report,
    to_csv,
)


def region_cases(rng: random.Random) -> list[Case]:
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


def verify_cases() -> list[Case]:
    out: list[Case] = []
    demo = DEMO.read_bytes()

    def pdf(name, files, codes=frozenset({2}), extra=()):
        argv = ["verify", "{d}/report.pdf", "--data", "{d}/data.csv", *extra]
        out.append(Case(name, argv, {"report.pdf": attachment_pdf(files), "data.csv": demo}, codes))

    out.append(
        Case(
            "verify: markup and escapes in recorded figures",
            ["verify", "{d}/report.pdf", "--data", "{d}/data.csv"],
            {
                "report.pdf": lambda: attachment_pdf(tampered_report(demo, MARKUP + ANSI)),
                "data.csv": demo,
            },
            frozenset({1}),
        )
    )
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


def output_cases() -> list[Case]:
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
            "out is a file",
            ["audit", "{d}/data.csv", "--out", "{d}/data.csv"],
            {"data.csv": demo},
            slow=True,
        ),
    ]
