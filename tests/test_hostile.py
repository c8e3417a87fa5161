"""Every command on every hostile input of the corpus (issue 16): no traceback, a documented exit
code, one Dutch `fout:` line on exit 2, rows reconciled, no formula and no raw id in an output,
nothing written through a planted symlink. Slow cases carry `@pytest.mark.slow`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from hostile_corpus import ID_PREFIX, ROOT, Case, cases

from evaluation.cli import main

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PUBLIC = re.compile(r"(\.pdf|results\.json|manifest\.json|tables\.xlsx|regions\.\w+)$")
# Words of library messages in English: none may end up in a `fout:` line.
ENGLISH = re.compile(
    r"\b(the|no such|not|none|error|errno|nonetype|stream|ended|unexpectedly|invalid|cannot|"
    r"failed|denied|expected|while|scanning|could|directory|recursion|maximum|exceeded|"
    r"is not|has no|attribute|subscriptable|traceback)\b",
    re.IGNORECASE,
)
SECONDS = 30  # CPU seconds per case (this process and its children): a shared machine's load
WALL_SECONDS = 120  # does not count; a hang still fails on the wall clock
MEGABYTES = 1024
ALL = cases()


def _param(case: Case):
    marks = [pytest.mark.slow] if case.slow else []
    if case.intake:
        marks.append(pytest.mark.xfail(reason=f"intake owner: {case.intake}", strict=True))
    if case.xfail:
        marks.append(pytest.mark.xfail(reason=f"fix needed in {case.xfail}", strict=True))
    return pytest.param(case, id=case.name, marks=marks)


def _lay_out(case: Case, d: Path) -> list[str]:
    for name, data in case.files.items():
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_bytes(_bytes(data))
    for name, size in case.sizes.items():
        os.truncate(d / name, size)
    for link, target in case.links.items():
        (d / link).parent.mkdir(parents=True, exist_ok=True)
        (d / link).symlink_to(d / target)
    for name, mode in sorted(case.modes.items(), key=lambda m: -len(m[0])):  # files first
        (d / name).chmod(mode)
    return [a.replace("{d}", str(d)) for a in case.argv]


def _isolated(argv: list[str], d: Path) -> tuple[int, str, str, float]:
    """Run in a child process capped at 3 GB of address space; peak memory must stay < 1 GB."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "from evaluation.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print(f'PEAK {peak}', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    started, cpu = time.monotonic(), _cpu()
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        cwd=d,
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    err = done.stderr
    peak = re.search(r"PEAK (\d+)\n?\Z", err)
    assert peak, f"no peak memory reported (killed?): {err[-2000:]}"
    assert int(peak.group(1)) < MEGABYTES, f"peak memory {peak.group(1)} MB"
    seconds = time.monotonic() - started
    assert seconds < WALL_SECONDS
    return done.returncode, done.stdout, err[: peak.start()], _cpu() - cpu


def _cpu() -> float:
    """User and system seconds of this process and its finished children."""
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# Warnings Python shows a command-line user by default (library noise like pyreadstat's).
SHOWN = (UserWarning, RuntimeWarning, FutureWarning, SyntaxWarning)


def _in_process(argv, capsys) -> tuple[int, str, str, float]:
    started, cpu = time.monotonic(), _cpu()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse
            rc = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    shown = [w for w in caught if issubclass(w.category, SHOWN)]
    err = (
        "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in shown)
        + err
    )
    assert time.monotonic() - started < WALL_SECONDS
    return rc, out, err, _cpu() - cpu


def _cells_of(path: Path):
    """Every text cell of a written CSV or workbook."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        sep = ";" if text.split("\n", 1)[0].count(";") else ","
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        width = len(records[0])
        for i, rec in enumerate(records):
            assert len(rec) == width, f"{path.name}: record {i} has {len(rec)} of {width} fields"
            yield from rec
    elif path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                yield from (c.value for c in row if c.data_type == "s")


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _public_text(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        parts = [page.extract_text() or "" for page in reader.pages]
        parts += [bytes(v[0]).decode("utf-8", "replace") for v in reader.attachments.values()]
        return "\n".join(parts)
    if path.suffix == ".xlsx":
        return "\n".join(str(v) for v in _cells_of(path))
    return path.read_text(encoding="utf-8", errors="replace")


def _check_outputs(case: Case, d: Path) -> None:
    for link, target in case.links.items():
        if target in case.files:
            assert (d / target).read_bytes() == _bytes(case.files[target]), f"through {link}"
        else:
            assert not (d / target).exists(), f"created through {link}"
    for path in sorted(p for p in d.rglob("*") if p.is_file() and not p.is_symlink()):
        name = str(path.relative_to(d))
        if name in case.files:
            continue
        for cell in _cells_of(path):
            text = str(cell)
            assert not (text.startswith(TRIGGERS) and not _is_number(text)), (name, text)
        if PUBLIC.search(path.name):
            assert ID_PREFIX not in _public_text(path), f"raw respondent id in {name}"


def _check_messages(case: Case, rc: int, out: str, err: str) -> None:
    both = out + err
    assert "Traceback" not in both, both[-3000:]
    assert "\x1b" not in both and "\x00" not in both, "raw control characters echoed"
    assert rc in case.codes, f"exit {rc}, expected {sorted(case.codes)}: {both[-1500:]}"
    if rc == 2:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        fouts = [ln for ln in lines if ln.startswith(("fout:", "spt-eval: fout:"))]
        assert len(fouts) == 1 and len(lines) == 1, err
        english = ENGLISH.search(fouts[0].split(":", 1)[1].replace(str(Path.cwd()), ""))
        assert not english, f"English in the message: {fouts[0]!r}"


# The reconciliation line of `store add` and `store add-results`.
READ_LINE = re.compile(
    r"^Ingelezen: (\d+) rijen = (\d+) geldig \+ (\d+) in quarantaine(?: \+ (\d+) niet meegeteld)?$",
    re.MULTILINE,
)


def _check_rows(case: Case, rc: int, out: str) -> None:
    if case.rows is None or rc == 2:
        return
    if "--json" in case.argv:
        data = json.loads(out)
        read, valid, quarantined = data["rows_read"], data["valid"], data["quarantined"]
        excluded = data.get("excluded", 0)
    elif case.argv[0] == "store":
        line = READ_LINE.search(out)
        assert line, f"no reconciliation line: {out[-1500:]}"
        read, valid, quarantined, excluded = (int(g or 0) for g in line.groups())
    else:
        return  # the table output of validate: its counts are checked in --json cases
    assert read == valid + quarantined + excluded
    assert read == case.rows, f"read {read} of {case.rows} rows"


def _bytes(data) -> bytes:
    return data() if callable(data) else data


@pytest.mark.parametrize("case", [_param(c) for c in ALL])
def test_hostile_input(case: Case, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SPT_EVAL_KEY", "corpus-key-0123456789")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    monkeypatch.chdir(tmp_path)
    argv = _lay_out(case, tmp_path)
    if case.isolated:
        rc, out, err, seconds = _isolated(argv, tmp_path)
    else:
        rc, out, err, seconds = _in_process(argv, capsys)
    try:
        _check_messages(case, rc, out, err)
        _check_rows(case, rc, out)
        if case.then:  # what the command wrote is read back by the next one
            then = [a.replace("{d}", str(tmp_path)) for a in case.then]
            rc2, out2, err2, more = _in_process(then, capsys)
            _check_messages(Case(case.name, case.then, codes=frozenset({0, 1})), rc2, out2, err2)
            seconds += more
        _check_outputs(case, tmp_path)
    finally:
        for name in case.modes:  # writable again, so the folder can be cleaned up
            (tmp_path / name).chmod(0o755)
    assert seconds < SECONDS, f"{seconds:.1f} CPU seconds"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    assert peak < MEGABYTES, f"test process peaked at {peak} MB"
