"""Mutations a hidden export may carry, applied to the real-shaped exports of
tests/real_exports.py, each followed as a new user would (tests/follow_advice.py's `follow`).

Every mutation is a small pure function on the written file's rows (the heading rows, then the
data rows) and a plausible change a real export shows: headings swapped, reordered, cut, with
other spaces, case or accents; answer labels reworded, in another language or numbered; the
SPT misspelt, as an alias or as codes; duplicated, blank, totals and heading-like rows; test and
unfinished markers removed, changed or in Dutch. Each says what a correct reading gives
(`truth`): the demo's figures, or the demo with the change the file makes (two statements'
answers swapped by their headings, a dropped statement empty).

An outcome is 'exact' (the truth, whatever rows went to the quarantine with a reason), 'flag'
(exit 1: the valid rows are the truth's less rows the quarantine holds with a reason the user
reads, e.g. a misspelt SPT), 'stop' (exit 2 with one Dutch line saying what is needed) or
'wrong' (other figures with exit 0 or 1, or a stop sending the user back to `map` after `map`).
.sav exports are not mutated (their rows are not text); a mutation that finds nothing to change
in an export (no heading text for a code export) is 'n/a'. Run as a script (not in CI):

    .venv/bin/python tests/mutate_exports.py [MUTATION ...] [--export NAME ...] [-v]
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # this checkout's package

from corpus_definitions import DEFINITION  # noqa: E402
from follow_advice import DEMO, SURVEY, Outcome, canonical, follow, run  # noqa: E402
from real_exports import SHAPES, SHOWN, columns  # noqa: E402

from evaluation.errors import InputError  # noqa: E402
from evaluation.inputs.codebook import Codebook, load_codebook  # noqa: E402
from evaluation.inputs.register import load_register, register_path  # noqa: E402
from evaluation.inputs.settings import load_settings_for  # noqa: E402
from evaluation.intake.columns import match_key  # noqa: E402
from evaluation.intake.profiles import prepare  # noqa: E402
from evaluation.intake.readers import read_table  # noqa: E402
from evaluation.intake.result import ID, ROW  # noqa: E402
from evaluation.intake.validate import read_survey  # noqa: E402

# --- the written file as rows ---------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A written export: its rows (heading rows first), how many are headings, and how it was
    written (so a mutated copy is written the same way)."""

    rows: tuple[tuple, ...]
    heads: int
    kind: str  # 'csv' or 'xlsx'
    sep: str = ","
    encoding: str = "utf-8"
    metadata: frozenset[str] = frozenset()  # headings of the tool's own fields
    markers: frozenset[str] = frozenset()  # ... of those saying 'test' or 'unfinished'

    @property
    def data(self) -> list[tuple]:
        return list(self.rows[self.heads :])

    def with_rows(self, rows, heads: int | None = None) -> Sheet:
        return replace(
            self, rows=tuple(tuple(r) for r in rows), heads=self.heads if heads is None else heads
        )


def read_rows(path: Path) -> tuple[list[list], str, str, str]:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        rows = [["" if v is None else v for v in r] for r in wb.active.iter_rows(values_only=True)]
        return rows, "xlsx", ",", ""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    text = data.decode(encoding)
    first = text.split("\n", 1)[0]
    sep = max(("\t", ";", ","), key=first.count)
    return (
        [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)],
        "csv",
        sep,
        encoding,
    )


def write_rows(sheet: Sheet, path: Path) -> Path:
    if sheet.kind == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for r in sheet.rows:
            wb.active.append([None if v == "" else v for v in r])
        wb.save(path)
        return path
    with path.open("w", newline="", encoding=sheet.encoding) as f:
        csv.writer(f, delimiter=sheet.sep, lineterminator="\r\n").writerows(sheet.rows)
    return path


def load_sheet(path: Path, codebook: Codebook) -> Sheet | None:
    """The export's rows; its heading rows are the rows above the data rows the product counts
    in the unmutated file (every unmutated export is read right, tests/test_real_exports.py)."""
    if path.suffix not in (".csv", ".tsv", ".xlsx"):
        return None
    try:
        raw = read_table(path, codebook)
    except InputError:  # an export the product refuses as it is (title rows, Mac Roman)
        return None
    rows, kind, sep, encoding = read_rows(path)
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
    prepared = prepare(raw)  # takes the tool's heading rows off raw.rows
    data = raw.rows
    meta = frozenset(prepared.metadata)
    marks = frozenset(c for role, c in prepared.roles.items() if role != "id")
    return Sheet(tuple(tuple(r) for r in rows), len(rows) - data, kind, sep, encoding, meta, marks)


# --- where things are in an export -----------------------------------------------------------


def text(v: object) -> str:
    return v if isinstance(v, str) else ""


def heading_cells(sheet: Sheet, j: int) -> list[object]:
    return [r[j] for r in sheet.rows[: sheet.heads] if j < len(r)]


def heading(sheet: Sheet, j: int) -> str:
    return " ".join(text(r[j]) for r in sheet.rows[: sheet.heads] if j < len(r))


def column_of(sheet: Sheet, codebook: Codebook, target: str) -> int | None:
    """The one column whose heading holds the text the respondents saw for `target`."""
    needle = next((row or asked for c, asked, row in columns(codebook) if c == target), None)
    if needle is None:
        return None
    key = f" {match_key(needle)} "
    width = max(len(r) for r in sheet.rows)
    hits = [j for j in range(width) if key in f" {match_key(heading(sheet, j))} "]
    return hits[0] if len(hits) == 1 else None


def statements(codebook: Codebook) -> list[str]:
    return [c for c, q in codebook.column_question().items() if q.scale == "eens5"]


def spt_column(sheet: Sheet, names: set[str]) -> int | None:
    counts = Counter(j for r in sheet.data for j, v in enumerate(r) if match_key(text(v)) in names)
    return counts.most_common(1)[0][0] if counts else None


def marker_columns(sheet: Sheet) -> list[int]:
    """The tool's completeness and test fields, by their headings."""
    words = {
        "status",
        "finished",
        "response type",
        "date submitted",
        "submitdate",
        "last page",
        "lastpage",
        "progress",
        "distributionchannel",
        "distribution channel",
        "token",
        "tags",
    }
    width = max(len(r) for r in sheet.rows)
    return [
        j
        for j in range(width)
        if any(match_key(text(r[j])) in words for r in sheet.rows[: sheet.heads] if j < len(r))
    ]


def take_columns(rows, order: list[int]):
    return [[r[j] if j < len(r) else "" for j in order] for r in rows]


# --- mutations -------------------------------------------------------------------------------

Mutate = Callable[[Sheet, "Context"], Sheet | None]


@dataclass(frozen=True)
class Context:
    codebook: Codebook
    spts: dict[str, str]  # folded register name -> name
    aliases: dict[str, str]  # register name -> an alias of it


@dataclass(frozen=True)
class Mutation:
    name: str
    change: Mutate
    truth: str = "same"  # 'same', 'swap:A,B', 'blank:A'
    what: str = ""


MUTATIONS: dict[str, Mutation] = {}


def mutation(truth: str = "same"):
    def register(fn: Mutate) -> Mutate:
        MUTATIONS[fn.__name__] = Mutation(fn.__name__, fn, truth, (fn.__doc__ or "").strip())
        return fn

    return register


def _map_headings(
    sheet: Sheet, fn: Callable[[str], str], only: set[int] | None = None
) -> Sheet | None:
    rows = [list(r) for r in sheet.rows]
    changed = False
    for r in rows[: sheet.heads]:
        for j, v in enumerate(r):
            if isinstance(v, str) and v.strip() and (only is None or j in only):
                new = fn(v)
                changed |= new != v
                r[j] = new
    return sheet.with_rows(rows) if changed else None


def _map_answers(sheet: Sheet, table: dict[str, str], cols: set[int] | None = None) -> Sheet | None:
    folded = {match_key(k): v for k, v in table.items()}
    rows = [list(r) for r in sheet.rows]
    changed = False
    for r in rows[sheet.heads :]:
        for j, v in enumerate(r):
            new = folded.get(match_key(text(v))) if text(v) else None
            if new is not None and (cols is None or j in cols):
                r[j] = new
                changed = True
    return sheet.with_rows(rows) if changed else None


def _question_columns(sheet: Sheet, ctx: Context) -> set[int]:
    found = {column_of(sheet, ctx.codebook, c) for c in ctx.codebook.column_question()}
    return found - {None}


@mutation("swap:werking_goed,ambities")
def headings_swapped(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Two statements' headings swapped, their answers where they were."""
    a, b = (column_of(sheet, ctx.codebook, c) for c in ("werking_goed", "ambities"))
    if a is None or b is None:
        return None
    rows = [list(r) for r in sheet.rows]
    for r in rows[: sheet.heads]:
        r[a], r[b] = r[b], r[a]
    return sheet.with_rows(rows)


@mutation()
def columns_reordered(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The statement columns in reverse order (heading and answers together)."""
    cols = [column_of(sheet, ctx.codebook, c) for c in statements(ctx.codebook)]
    if None in cols:
        return None
    width = max(len(r) for r in sheet.rows)
    order = list(range(width))
    for j, k in zip(cols, reversed(cols), strict=True):
        order[j] = k
    return sheet.with_rows(take_columns(sheet.rows, order))


@mutation("blank:bekendheid")
def column_dropped(sheet: Sheet, ctx: Context) -> Sheet | None:
    """One statement column left out of the export."""
    j = column_of(sheet, ctx.codebook, "bekendheid")
    if j is None:
        return None
    width = max(len(r) for r in sheet.rows)
    return sheet.with_rows(take_columns(sheet.rows, [k for k in range(width) if k != j]))


def _extra_column(sheet: Sheet, head: str, value: Callable[[int], object]) -> Sheet:
    rows = [[*r, ""] for r in sheet.rows]
    rows[sheet.heads - 1][-1] = head
    for i, r in enumerate(rows[sheet.heads :]):
        r[-1] = value(i)
    return sheet.with_rows(rows)


@mutation()
def extra_notes_column(sheet: Sheet, ctx: Context) -> Sheet:
    """An unknown column the user added: notes on some rows."""
    notes = ("gebeld op 3 maart", "", "herinnering gestuurd", "", "", "contact via coördinator")
    return _extra_column(sheet, "Notitie onderzoeker", lambda i: notes[i % len(notes)])


@mutation()
def extra_number_column(sheet: Sheet, ctx: Context) -> Sheet:
    """An unknown column of small numbers (a weight or a wave number)."""
    return _extra_column(sheet, "Golf", lambda i: str(1 + i % 3))


def _spaces(v: str) -> str:
    words = v.split(" ")
    return "  ".join(words[:2]) + ("\u00a0" + " ".join(words[2:]) if len(words) > 2 else "") + " "


@mutation()
def headings_spaces(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Double spaces, a no-break space and a trailing space in every question heading."""
    return _map_headings(sheet, _spaces, _question_columns(sheet, ctx))


def _fold(v: str) -> str:
    plain = unicodedata.normalize("NFKD", v)
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


@mutation()
def headings_case_accents(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Every question heading in capitals and without accents ('EEN ORGANISATIE')."""
    return _map_headings(sheet, _fold, _question_columns(sheet, ctx))


@mutation()
def headings_line_breaks(sheet: Sheet, ctx: Context) -> Sheet | None:
    """A line break inside every question heading (a wrapped cell in Excel)."""

    def wrap(v: str) -> str:
        half = v.find(" ", len(v) // 2)
        return v if half < 0 else v[:half] + "\n" + v[half + 1 :]

    return _map_headings(sheet, wrap, _question_columns(sheet, ctx))


@mutation()
def headings_cut(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Every statement heading cut after 60% of its text (a tool's length limit)."""
    cols = {column_of(sheet, ctx.codebook, c) for c in statements(ctx.codebook)} - {None}
    return _map_headings(sheet, lambda v: v[: max(8, int(len(v) * 0.6))], cols)


@mutation()
def label_reworded(sheet: Sheet, ctx: Context) -> Sheet | None:
    """'Helemaal mee eens' shown as 'Zeer eens' (a questionnaire reworded by a colleague)."""
    return _map_answers(sheet, {"Helemaal mee eens": "Zeer eens"})


ENGLISH = {
    "Helemaal mee eens": "Strongly agree",
    "Mee eens": "Agree",
    "Neutraal": "Neither agree nor disagree",
    "Mee oneens": "Disagree",
    "Helemaal mee oneens": "Strongly disagree",
}


@mutation()
def labels_english(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The agreement scale in English (the tool's default language)."""
    return _map_answers(sheet, ENGLISH)


EENS5 = ["helemaal mee oneens", "mee oneens", "neutraal", "mee eens", "helemaal mee eens"]


@mutation()
def labels_numbered(sheet: Sheet, ctx: Context) -> Sheet | None:
    """'1 = Helemaal mee oneens' ... '5 = Helemaal mee eens' (number and label in one cell)."""
    return _map_answers(sheet, {SHOWN[k]: f"{i} = {SHOWN[k]}" for i, k in enumerate(EENS5, 1)})


@mutation()
def labels_numbered_reversed_gap(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Numbered the other way ('1 = Helemaal mee eens'), and 'Mee eens' only as its code 2."""
    table = {SHOWN[k]: f"{6 - i} = {SHOWN[k]}" for i, k in enumerate(EENS5, 1)}
    table[SHOWN["mee eens"]] = "2"
    return _map_answers(sheet, table)


@mutation()
def codes_reversed(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The agreement scale as the tool's codes in display order (1 = helemaal mee eens)."""
    return _map_answers(sheet, {SHOWN[k]: str(6 - i) for i, k in enumerate(EENS5, 1)})


def _misspelt(name: str) -> str:
    return name[:-2] + name[-1] + name[-2]


@mutation()
def spt_misspelt(sheet: Sheet, ctx: Context) -> Sheet | None:
    """An SPT name misspelt in three rows (letters swapped)."""
    j = spt_column(sheet, set(ctx.spts))
    if j is None:
        return None
    rows = [list(r) for r in sheet.rows]
    for r in rows[sheet.heads + 5 : sheet.heads + 8]:
        if text(r[j]):
            r[j] = _misspelt(r[j])
    return sheet.with_rows(rows)


@mutation()
def spt_alias(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Every SPT given by an alias the register holds ('SPT Achterhoek')."""
    j = spt_column(sheet, set(ctx.spts))
    if j is None:
        return None
    table = {name: alias for name, alias in ctx.aliases.items()}
    return _map_answers(sheet, table, {j})


@mutation()
def spt_codes(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The SPT column as the tool's codes 1..10 only (the list's order in the questionnaire,
    the register's, as the corpus's survey files have it)."""
    j = spt_column(sheet, set(ctx.spts))
    if j is None:
        return None
    names = list(dict.fromkeys(ctx.spts.values()))  # the register's order, as the tool's list
    return _map_answers(sheet, {n: str(i) for i, n in enumerate(names, 1)}, {j})


@mutation()
def row_duplicated(sheet: Sheet, ctx: Context) -> Sheet:
    """One response twice (two exports pasted together)."""
    rows = list(sheet.rows)
    at = sheet.heads + 10
    return sheet.with_rows([*rows[: at + 1], rows[at], *rows[at + 1 :]])


@mutation()
def id_reused(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Two different responses with the same respondent id (typed by hand)."""
    j = next(
        (
            k
            for k in range(max(len(r) for r in sheet.rows))
            if len({text(r[k]) or str(r[k]) for r in sheet.data}) == len(sheet.data)
        ),
        None,
    )
    if j is None:
        return None
    rows = [list(r) for r in sheet.rows]
    rows[sheet.heads + 12][j] = rows[sheet.heads + 11][j]
    return sheet.with_rows(rows)


@mutation()
def blank_row(sheet: Sheet, ctx: Context) -> Sheet:
    """An empty row in the middle of the data."""
    rows = list(sheet.rows)
    at = sheet.heads + 20
    width = max(len(r) for r in rows)
    return sheet.with_rows([*rows[:at], [""] * width, *rows[at:]])


@mutation()
def totals_row(sheet: Sheet, ctx: Context) -> Sheet:
    """A row 'Totaal' at the bottom with counts under the questions."""
    width = max(len(r) for r in sheet.rows)
    row = ["Totaal"] + [str(len(sheet.data)) if k % 3 == 0 else "" for k in range(1, width)]
    return sheet.with_rows([*sheet.rows, row])


@mutation()
def heading_repeated(sheet: Sheet, ctx: Context) -> Sheet:
    """The heading row again under the heading (an export appended to a copy of itself)."""
    rows = list(sheet.rows)
    return sheet.with_rows([*rows[: sheet.heads], rows[sheet.heads - 1], *rows[sheet.heads :]])


@mutation()
def numbers_row(sheet: Sheet, ctx: Context) -> Sheet:
    """A row of column numbers 1..n under the heading: a second heading that looks like data."""
    width = max(len(r) for r in sheet.rows)
    rows = list(sheet.rows)
    return sheet.with_rows(
        [*rows[: sheet.heads], [str(k) for k in range(1, width + 1)], *rows[sheet.heads :]]
    )


@mutation()
def first_row_without_metadata(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The first response with its tool fields (dates, IP, durations) empty, its id and test
    or completeness fields kept: a data row that looks like a heading row."""
    width = max(len(r) for r in sheet.rows)
    heads = sheet.rows[: sheet.heads]
    meta = [
        j
        for j in range(width)
        if any(text(r[j]).strip() in sheet.metadata - sheet.markers for r in heads)
    ]
    unique = [k for k in meta if len({str(r[k]) for r in sheet.data}) == len(sheet.data)]
    named = [k for k in unique if re.search(r"id\b|#", heading(sheet, k).lower())]
    ident = (named or unique or [None])[0]
    rows = [list(r) for r in sheet.rows]
    changed = False
    for j in meta:
        if j != ident and j < len(rows[sheet.heads]) and rows[sheet.heads][j] != "":
            rows[sheet.heads][j] = ""
            changed = True
    return sheet.with_rows(rows) if changed else None


def _is_question(sheet: Sheet, ctx: Context, j: int) -> bool:
    return j in _question_columns(sheet, ctx)


@mutation()
def markers_removed(sheet: Sheet, ctx: Context) -> Sheet | None:
    """The tool's completeness and test fields (Status, Finished, submitdate, token) left out."""
    drop = set(marker_columns(sheet))
    if not drop:
        return None
    width = max(len(r) for r in sheet.rows)
    return sheet.with_rows(take_columns(sheet.rows, [k for k in range(width) if k not in drop]))


@mutation()
def markers_changed(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Test markers in another of the tool's words (Status 'Survey Test', token 'TEST')."""
    table = {"Survey Preview": "Survey Test", "preview": "test", "test": "TEST"}
    return _map_answers(sheet, table, set(marker_columns(sheet)))


@mutation()
def markers_dutch(sheet: Sheet, ctx: Context) -> Sheet | None:
    """Markers in Dutch (a Dutch interface or an Excel re-save): 'Voorbeeld', 'WAAR'/'ONWAAR'."""
    table = {
        "Survey Preview": "Voorbeeld",
        "Survey Test": "Testantwoord",
        "True": "WAAR",
        "False": "ONWAAR",
        "test": "voorbeeld",
        "partial": "gedeeltelijk",
        "completed": "voltooid",
    }
    return _map_answers(sheet, table, set(marker_columns(sheet)))


# --- measure ---------------------------------------------------------------------------------


def truth_frame(codebook: Codebook) -> pd.DataFrame:
    r = read_survey(DEMO, codebook, load_register(register_path(codebook)))
    return pd.concat([r.responses.drop(columns=[ROW, ID]), r.missing.add_suffix("#m")], axis=1)


def expected_for(frame: pd.DataFrame, truth: str) -> list[tuple]:
    frame = frame.copy()
    kind, _, arg = truth.partition(":")
    if kind == "swap":
        a, b = arg.split(",")
        for suffix in ("", "#m"):
            frame[[a + suffix, b + suffix]] = frame[[b + suffix, a + suffix]].to_numpy()
    elif kind == "blank":
        frame[arg] = float("nan")
        frame[arg + "#m"] = None
    rows = [tuple("" if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]
    return sorted(rows, key=repr)


def flagged(path: Path, survey: Path, expected: list[tuple]) -> bool:
    """Exit 1 whose valid rows are the truth's less rows the quarantine holds with a reason."""
    codebook = load_codebook(survey / "codebook.yaml")
    rules = load_settings_for(codebook.source_path).intake
    r = read_survey(path, codebook, load_register(register_path(codebook)), rules)
    valid = Counter(canonical(r.responses, r.missing))
    lost = Counter(expected) - valid
    return (
        r.reconciled
        and not (valid - Counter(expected))
        and 0 < sum(lost.values()) <= r.quarantined
        and any(p.level == "row" for p in r.problems)
    )


def report_stop(path: Path, survey: Path) -> str:
    """The stop `analyse` and `report` make on a question the figures need and the file lacks
    (validate shows it as a warning): no figures come out, so the outcome is a stop."""
    code, out, _ = run("validate", path, "--codebook", survey / "codebook.yaml", "--json")
    return (json.loads(out).get("required_missing") or "") if code != 2 else ""


@dataclass
class Result:
    kind: str  # exact, flag, stop, wrong, n/a
    outcome: Outcome | None = None


def measure(mutations: list[str], exports: list[str], verbose: bool = False) -> dict:
    out: dict[tuple[str, str], Result] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        codebook = load_codebook(SURVEY / "codebook.yaml")
        register = load_register(register_path(codebook))
        ctx = Context(
            codebook,
            {match_key(sp.name): sp.name for sp in register.service_points},
            {sp.name: sp.aliases[0] for sp in register.service_points if sp.aliases},
        )
        frame = truth_frame(codebook)
        for name in exports:
            origin = base / "origin" / name
            origin.mkdir(parents=True)
            path = SHAPES[name](origin, codebook)
            sheet = load_sheet(path, codebook)
            print(name, file=sys.stderr, flush=True)
            for m in mutations:
                mut = MUTATIONS[m]
                changed = sheet and mut.change(sheet, ctx)
                if not changed:
                    out[m, name] = Result("n/a")
                    continue
                folder = base / m / name
                survey = folder / "survey"
                shutil.copytree(SURVEY, survey)
                (folder / "export").mkdir()
                cb = load_codebook(survey / "codebook.yaml")
                target = write_rows(changed, folder / "export" / path.name)
                given = DEFINITION[name](folder / "export", cb) if name in DEFINITION else None
                expected = expected_for(frame, mut.truth)
                try:
                    o = follow(target, survey, expected, given)
                except Exception as exc:  # a traceback where a Dutch line belongs
                    o = Outcome("wrong", [], f"crash: {exc!r}")
                kind = o.kind
                if kind == "wrong" and not o.first_clean and "spt-eval map" not in o.message:
                    kind = "flag" if flagged(target, survey, expected) else "wrong"
                    stop = report_stop(target, survey) if kind == "wrong" else ""
                    if stop:
                        kind, o = "stop", replace(o, kind="stop", message=f"(report) {stop}")
                out[m, name] = Result(kind, o)
                if verbose and kind == "wrong":
                    print(f"  wrong: {m} x {name}: steps={o.steps} {o.counts} {o.message[:160]}")
    return out


KINDS = ("exact", "flag", "stop", "wrong", "n/a")


def table(results: dict, mutations: list[str]) -> list[str]:
    lines = ["| mutation | exact | flag | stop | wrong | n/a |", "|---|---|---|---|---|---|"]
    total = Counter()
    for m in mutations:
        c = Counter(r.kind for (mm, _), r in results.items() if mm == m)
        total += c
        lines.append(f"| {m} | " + " | ".join(str(c[k]) for k in KINDS) + " |")
    lines.append("| all | " + " | ".join(str(total[k]) for k in KINDS) + " |")
    return lines


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    exports = [a for i, a in enumerate(argv) if i and argv[i - 1] == "--export"]
    mutations = [a for a in argv if a not in exports and a != "--export"] or list(MUTATIONS)
    exports = exports or [n for n in SHAPES]
    results = measure(mutations, exports, verbose)
    for (m, name), r in results.items():
        if r.kind in ("stop", "wrong") and r.outcome is not None:
            o = r.outcome
            steps = ",".join(o.steps) or "-"
            print(f"{m:28s} {name:32s} {r.kind:5s} {steps:16s} {o.counts} {o.message[:140]}")
    print("\n".join(table(results, mutations)))


if __name__ == "__main__":
    main(sys.argv[1:])


def write_case(mutation_name: str, export: str, folder: Path) -> Path:
    """The mutated export and a copy of the survey folder in `folder`, to look at by hand."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "export").mkdir(parents=True)
    shutil.copytree(SURVEY, folder / "survey")
    codebook = load_codebook(folder / "survey" / "codebook.yaml")
    register = load_register(register_path(codebook))
    ctx = Context(
        codebook,
        {match_key(sp.name): sp.name for sp in register.service_points},
        {sp.name: sp.aliases[0] for sp in register.service_points if sp.aliases},
    )
    (folder / "origin").mkdir()
    path = SHAPES[export](folder / "origin", codebook)
    changed = MUTATIONS[mutation_name].change(load_sheet(path, codebook), ctx)
    return write_rows(changed, folder / "export" / path.name)
