"""Which year an export is from: proposed from its response dates and the store, and what speaks
against a chosen year (other dates, a year already stored, the same file stored as a wave)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evaluation.errors import ErrorCode, InputError
from evaluation.intake.readers import read_table
from evaluation.store.waves import list_waves
from evaluation.tables.raw import RawTable

DATE_HEADINGS = ("date", "datum", "time", "tijd", "stamp")  # a tool's date columns
# 2016-10-01, 2016/10/01 10:00, 01-10-2016, 10/1/2016 9:00 AM: the year as four digits
DATE = re.compile(r"^\s*(?:(\d{4})[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](\d{4}))\b")
NAMED = re.compile(r"(?<!\d)(\d{4})(?!\d)")
SHARE = 0.9  # a column counts as dates when at least this share of its filled cells are dates


@dataclass(frozen=True)
class YearEvidence:
    """The years of an export's response dates (rows per year) and the store's current waves."""

    dates: dict[int, int] = field(default_factory=dict)
    stored: dict[int, tuple[str, str]] = field(default_factory=dict)  # year -> (name, sha256)
    named: int | None = None  # the one year the user's file name holds (responses_2016.csv)

    @property
    def date_year(self) -> int | None:
        """The year most response dates fall in, or None without dates."""
        return max(self.dates, key=lambda y: (self.dates[y], y)) if self.dates else None


def response_years(path: Path, codebook) -> dict[int, int]:
    """Rows per year of the export's date column (the tool's submit or start date); the
    column with the most dates decides. Empty when the export carries no dates."""
    try:
        raw = read_table(path, codebook, any_sheet=True)
    except InputError:
        return {}
    return dated_rows(raw)


def dated_rows(raw: RawTable) -> dict[int, int]:
    """Rows per year of a table's date column, as `response_years` counts them."""
    best: Counter = Counter()
    for column in raw.columns:
        if not any(word in column.lower() for word in DATE_HEADINGS):
            continue
        years = [_year(v) for v in raw.uniques[column]]
        codes = raw.codes[column]
        filled = codes[codes >= 0]
        if not len(filled):
            continue
        per_unique = np.bincount(filled, minlength=len(years))
        counts: Counter = Counter()
        for y, n in zip(years, per_unique, strict=True):
            if y is not None and n:
                counts[y] += int(n)
        if sum(counts.values()) >= SHARE * len(filled) and sum(counts.values()) > sum(
            best.values()
        ):
            best = counts
    return dict(best)


def _year(text: str) -> int | None:
    m = DATE.match(text)
    if m is None:
        return None
    year = int(m.group(1) or m.group(2))
    return year if 1990 <= year <= 2100 else None


def year_in_name(name: str) -> int | None:
    """The year in a file name when it holds exactly one (enquete-2016.csv, 2016 export.xlsx)."""
    found = {int(y) for y in NAMED.findall(name) if 1990 <= int(y) <= 2100}
    return found.pop() if len(found) == 1 else None


def stored_waves(con) -> dict[int, tuple[str, str]]:
    """The store's current waves: year -> (file name, SHA-256)."""
    if con is None:
        return {}
    return {
        w.year: (Path(w.input_name).name, w.input_sha256)
        for w in list_waves(con)
        if w.status == "current"
    }


def propose_year(evidence: YearEvidence) -> tuple[int | None, str]:
    """The year to propose and why: the response dates first, then a year in the file's name,
    else the year after the last stored one; None when nothing tells (the user types it)."""
    year = evidence.date_year
    if year is not None:
        n, total = evidence.dates[year], sum(evidence.dates.values())
        return year, f"{n} van de {total} antwoorddatums in de export vallen in {year}"
    if evidence.named is not None:
        return evidence.named, f"de naam van het bestand noemt {evidence.named}"
    if evidence.stored:
        last = max(evidence.stored)
        basis = f"de export heeft geen antwoorddatums; {last} is het laatste jaar in de monitor"
        return last + 1, basis
    return None, "de export heeft geen antwoorddatums en de monitor heeft nog geen jaren"


def year_warnings(evidence: YearEvidence, year: int, sha256: str, shown: str) -> list[str]:
    """What speaks against storing or reporting `shown` as `year`, one Dutch sentence each."""
    out = []
    dated = evidence.date_year
    if dated is not None and year not in evidence.dates:
        out.append(f"de antwoorden in {shown} zijn gegeven in {dated}, niet in {year}")
    if evidence.named is not None and evidence.named != year and dated is None:
        out.append(f"de naam {shown} noemt {evidence.named}, niet {year}")
    for y, (name, sha) in sorted(evidence.stored.items()):
        if sha == sha256 and y != year:
            out.append(f"{shown} is hetzelfde bestand als de meting van {y} in de monitor ({name})")
    taken = evidence.stored.get(year)
    if taken is not None and taken[1] != sha256:
        out.append(f"voor {year} staat al een ander bestand in de monitor ({taken[0]})")
    return out


def refuse_wrong_year(
    con, path: Path, codebook, year: int, sha256: str, raw: RawTable | None = None
) -> None:
    """For `store add`: stop when the export's dates say another year or the same file is
    stored as another year (a year already taken is the store's own refusal). `raw`: the
    export as already read, so that it is not read twice."""
    dates = dated_rows(raw) if raw is not None else response_years(path, codebook)
    evidence = YearEvidence(dates, stored_waves(con))
    shown = path.name
    dated = evidence.date_year
    if dated is not None and year not in evidence.dates:
        raise InputError(ErrorCode.WRONG_YEAR, file=shown, dated=dated, year=year)
    for y, (name, sha) in sorted(evidence.stored.items()):
        if sha == sha256 and y != year:
            raise InputError(
                ErrorCode.SAME_FILE_OTHER_YEAR, file=shown, stored=y, name=name, year=year
            )
