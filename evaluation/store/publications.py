"""Published years stay as published: the store records which wave version each report of a
year used, refuses to replace a published wave unless the user says `--republish`, and then
withholds in later trends every change that would single out fewer than min_n respondents.

A report from the store (`record_report`) records a publication: the year, the SHA-256 of the
wave's input and, per SPT, a fingerprint of each respondent's answers (never an answer). The
record outlives `store remove`, so removing a year and adding another file for it is a
replacement too. When a published year's current wave differs from a published version, the
respondents added or removed per SPT are counted (answers compared, not pseudonyms, which
depend on the key); `disclosure.republish` decides what of that year the trend withholds.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from evaluation.errors import ErrorCode, StoreError
from evaluation.intake.result import ID, SPT

# Schema step (see db.MIGRATIONS): no foreign key to the wave, so a publication stays known
# after the year's waves are removed.
MIGRATION = """
CREATE TABLE publication (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  input_sha256 TEXT NOT NULL,
  published_at TEXT NOT NULL,
  fingerprints TEXT NOT NULL,
  UNIQUE (year, input_sha256)
) STRICT;
"""


class YearPublished(StoreError):
    """The year was published with another file: replacing it needs `--republish`
    (`YearPublished(year=..., day=...)`, the day of that report as data)."""

    def __init__(self, code: ErrorCode = ErrorCode.YEAR_PUBLISHED, **params: object) -> None:
        super().__init__(code, **params)
        self.year = params["year"]


def fingerprints(responses: pd.DataFrame) -> dict[str, list[str]]:
    """Per SPT, a short hash of each respondent's answers (sorted; no pseudonym, no answer).

    A row's hash is SHA-256 of the JSON list of its answers as text (`astype(str)`), as
    published records keep it; each column is turned to text once per distinct value and the
    rows are joined in chunks, so a 100,000-row wave costs about a second and little memory.
    Made once per wave when it is stored (`store add`), not at every report."""
    answers = responses.drop(columns=[ID, SPT])
    columns = [_tokens(answers[c]) for c in answers.columns]  # (codes, texts) per column
    hashes: list[str] = []
    for start in range(0, len(answers), CHUNK):
        end = min(start + CHUNK, len(answers))
        tokens = [texts.take(pa.array(codes[start:end])) for codes, texts in columns]
        rows = pc.binary_join_element_wise(*tokens, ", ") if tokens else pa.nulls(end - start)
        rows = pc.binary_join_element_wise("[", rows.fill_null(""), "]", "").cast(pa.binary())
        hashes += [hashlib.sha256(row).hexdigest()[:16] for row in rows.to_pylist()]
    out: dict[str, list[str]] = {}
    for spt, digest in zip(responses[SPT].astype(str), hashes, strict=True):
        out.setdefault(spt, []).append(digest)
    return {spt: sorted(rows) for spt, rows in sorted(out.items())}


CHUNK = 5_000  # rows joined at once: bounds the memory of the row texts (faster than 20,000)


def _tokens(column: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Each value's JSON text as `json.dumps(str(value))` of the whole row would write it,
    computed once per distinct value (a missing one as the text astype(str) gives it): per
    row a code, and the texts the codes point at."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    done = _quoted(pd.Series(uniques, dtype=column.dtype).astype(str))
    lost = codes < 0
    if lost.any():  # missing values, also once per distinct text
        if column.dtype == object:  # None, NaN, NaT...: each as astype(str) writes it
            others, texts = pd.factorize(column[lost].astype(str), use_na_sentinel=False)
        else:  # a typed column has one missing value: one text for all its missing rows
            others, texts = 0, column[lost][:1].astype(str)
        codes[lost] = len(done) + others
        done = pa.concat_arrays([done, _quoted(pd.Series(texts))])
    small = np.int16 if len(done) < 2**15 else np.int32  # 142 columns of 100,000 codes
    return codes.astype(small), done


ESCAPED = r'[\x00-\x1f"\\]'  # what json.dumps(..., ensure_ascii=False) escapes


def _quoted(text: pd.Series) -> pa.Array:
    """`json.dumps(v, ensure_ascii=False)` of each value, without a Python call per value
    where a text needs no escape (then its JSON is the text in double quotes)."""
    values = text.to_numpy(dtype=object)
    strings = pa.array(values, type=pa.string(), from_pandas=True)
    if strings.null_count:  # a missing value is NaN in JSON: the per-value road
        return pa.array([json.dumps(v, ensure_ascii=False) for v in values], type=pa.string())
    out = pc.binary_join_element_wise('"', strings, '"', "")
    odd = pc.match_substring_regex(strings, ESCAPED).to_numpy(zero_copy_only=False)
    if odd.any():
        fixed = np.array(out.to_pylist(), dtype=object)
        fixed[odd] = [json.dumps(v, ensure_ascii=False) for v in values[odd]]
        out = pa.array(fixed, type=pa.string())
    return out


def record_publication(con, year: int, input_sha256: str, prints: str, when: str) -> None:
    """Remember that this wave version of `year` was published (once per version), with its
    fingerprints as JSON (`fingerprints`, kept with the wave)."""
    con.execute(
        "INSERT OR IGNORE INTO publication (year, input_sha256, published_at, fingerprints)"
        " VALUES (?, ?, ?, ?)",
        (year, input_sha256, when, prints),
    )


def _publications(con, year: int) -> list[tuple[str, str, str]]:
    return con.execute(
        "SELECT input_sha256, published_at, fingerprints FROM publication WHERE year = ?"
        " ORDER BY id",
        (year,),
    ).fetchall()


def check_replace(con, year: int, input_sha256: str, republish: bool) -> None:
    """Refuse another file for a published year unless `republish` (YearPublished)."""
    if republish:
        return
    for sha, when, _ in _publications(con, year):
        if sha != input_sha256:
            raise YearPublished(year=year, day=when[:10])


def republished(con, year: int, input_sha256: str) -> bool:
    """Whether the year was published with another version than this wave."""
    return any(sha != input_sha256 for sha, _, _ in _publications(con, year))


def changes(con, year: int, input_sha256: str, prints: str) -> list[dict[str, int]]:
    """Per published version of the year other than this wave (its input's SHA-256 and its
    fingerprints as JSON): per SPT, the respondents added plus removed (compared by answers)."""
    now = {spt: Counter(rows) for spt, rows in json.loads(prints).items()}
    out = []
    for sha, _, text in _publications(con, year):
        if sha == input_sha256:
            continue
        then = {spt: Counter(rows) for spt, rows in json.loads(text).items()}
        out.append(
            {
                spt: sum((now.get(spt, Counter()) - then.get(spt, Counter())).values())
                + sum((then.get(spt, Counter()) - now.get(spt, Counter())).values())
                for spt in now.keys() | then.keys()
            }
        )
    return out


def note(year: int, spts: int, min_n: int, national: bool) -> str:
    """The trend chapter's note about a republished year (`spts` SPTs singled out; `national`:
    the national figures withheld too); it names no SPT."""
    where = "één servicepunt" if spts == 1 else f"{spts} servicepunten"
    where = f"landelijk en bij {where}" if national else f"bij {where}"
    return (
        f"{year} is opnieuw gepubliceerd met een vervangen bestand. De cijfers van {year} die "
        f"daardoor minder dan {min_n} respondenten zouden onderscheiden ({where}) staan er "
        "niet (x)."
    )
