"""Survey intake: read an export (CSV, Excel, SPSS), map its columns to the codebook, validate.

Every cell is read as text. Validation is vectorised per column: each distinct raw value of a
column is resolved once against the codebook's answer scale and the result is spread over the
rows, so a million rows take seconds (large CSVs are parsed in two halves by two processes).
Bad answers become missing items (item problems); broken rows go to the quarantine (row
problems). Rows read = valid rows + quarantined rows, always.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import io
import math
import multiprocessing
import re
import threading
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.codebook import Codebook, Question, Scale, normalise
from evaluation.errors import InputError
from evaluation.privacy import neutralise_cell
from evaluation.register import Register

ROW, REASONS = "row", "reasons"
SCALED = ("single", "multi")
ID, SPT = "respondent_id", "spt"
DELIMITERS = (";", ",", "\t", "|")
CHUNK_ROWS = 100_000  # rows parsed at a time: bounded memory, parser buffers stay warm


@dataclass(frozen=True)
class Problem:
    """One problem in one row: an item made missing ("item") or a quarantined row ("row")."""

    row: int
    column: str
    value: str
    reason: str
    level: str


@dataclass(frozen=True)
class IntakeResult:
    """Validated responses, the quarantine and every problem found, with reconciliation counts."""

    responses: pd.DataFrame
    missing: pd.DataFrame
    quarantine: pd.DataFrame
    problems: list[Problem]
    rows_read: int
    unknown_columns: list[str]
    column_map: dict[str, str]
    source_path: str
    source_sha256: str

    @property
    def valid(self) -> int:
        return len(self.responses)

    @property
    def quarantined(self) -> int:
        return len(self.quarantine)

    @property
    def item_errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "item")


# ----------------------------------------------------------------------------------------------
# Small helpers: matching keys, numbers, raw text
# ----------------------------------------------------------------------------------------------


def match_key(text: object) -> str:
    """A looser key than `normalise`: punctuation becomes a space ('O&O-fonds' ~ 'o o fonds')."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalise(text)).split())


def parse_number(text: str) -> float | None:
    """'4', '4.0', '12,5', ' 7 ', '1e1' -> float; text, NaN, infinity and '1.000,5' -> None.

    The same rule as the per-row reference model (evaluation.response_schema).
    """
    s = text.strip().replace(",", ".")
    if not s or "_" in s:
        return None
    try:
        number = float(s)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def raw_text(value: object) -> str:
    """A raw cell as text: NaN/None -> '', integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    return str(value)


# ----------------------------------------------------------------------------------------------
# Column matching
# ----------------------------------------------------------------------------------------------


def column_keys(codebook: Codebook) -> dict[str, str]:
    """Every accepted name of a codebook column (id, label, aliases) -> that column.

    Item labels shared by two questions (e.g. 'UWV', 'Weet niet') are only accepted together
    with their question ('gebruikers: UWV'); a key that would point at two columns is dropped.
    """
    names: dict[str, set[str]] = {}

    def add(col: str, *texts: str | None) -> None:
        for t in texts:
            if t:
                names.setdefault(match_key(t), set()).add(col)

    for special in (codebook.respondent_id, codebook.service_point):
        add(special.id, special.id, special.label, *special.aliases)
    for q in codebook.questions:
        if q.items:
            for col, label in q.items.items():
                add(col, col, label)
                for head in {q.id, q.label, q.title, *q.aliases}:
                    add(col, f"{head} {label}", f"{head} {col}")
        else:
            add(q.id, q.id, q.label, q.short, *q.aliases)
    # A column's own id always wins; other ambiguous keys are dropped.
    own = {match_key(c): c for c in (*codebook.column_question(), ID, SPT)}
    out = {k: next(iter(v)) for k, v in names.items() if len(v) == 1}
    out.update(own)
    return out


def match_columns(
    raw_columns: list[str], codebook: Codebook, alt_names: dict[str, list[str]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map file columns to codebook columns; return (column_map, unknown columns)."""
    keys = column_keys(codebook)
    alt_names = alt_names or {}
    column_map: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for raw in raw_columns:
        target = None
        for name in (raw, *alt_names.get(raw, [])):
            target = keys.get(match_key(name))
            if target:
                break
        if target is None or target in taken:
            unknown.append(raw)
            continue
        taken.add(target)
        column_map[raw] = target
    return column_map, unknown


# ----------------------------------------------------------------------------------------------
# Readers: each returns a _Raw table (every value as read, factorised per column)
# ----------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """A read table, factorised: per column the distinct raw values and a per-row index."""

    columns: list[str]
    codes: dict[str, np.ndarray]  # per row: index into uniques, -1 = empty cell
    uniques: dict[str, list[object]]
    rows: int
    sha256: str
    alt_names: dict[str, list[str]] = field(default_factory=dict)
    value_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> code text
    row_faults: dict[int, str] = field(default_factory=dict)  # 0-based position -> reason
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def raw_values(self, column: str) -> np.ndarray:
        """Raw text per distinct value, with '' appended for the empty index -1."""
        texts = self._texts.get(column)
        if texts is None:
            uniques = self.uniques[column]
            if all(type(u) is str for u in uniques):
                texts = np.array([*uniques, ""], dtype=object)
            else:
                texts = np.array([*(raw_text(u) for u in uniques), ""], dtype=object)
            self._texts[column] = texts
        return texts


class _Merger:
    """Joins the factorised chunks of one column into one index over its distinct values."""

    def __init__(self) -> None:
        self.index: dict[object, int] = {}
        self.uniques: list[object] = []
        self.parts: list[np.ndarray] = []

    def add(self, codes: np.ndarray, uniques: list[object]) -> None:
        to_global = np.full(len(uniques) + 1, -1, dtype=np.int32)
        if len(uniques) > 1000:  # nearly unique (ids, remarks): append, don't look up
            isna = pd.isna(np.array(uniques, dtype=object))
            keep = [u for u, na in zip(uniques, isna, strict=True) if not na]
            to_global[:-1][~isna] = np.arange(len(self.uniques), len(self.uniques) + len(keep))
            self.uniques.extend(keep)
            self.parts.append(to_global[codes])
            return
        for i, u in enumerate(uniques):
            if u is None or (isinstance(u, float) and math.isnan(u)):
                continue
            g = self.index.get(u)
            if g is None:
                g = self.index[u] = len(self.uniques)
                self.uniques.append(u)
            to_global[i] = g
        self.parts.append(to_global[codes])

    def result(self) -> tuple[np.ndarray, list[object]]:
        codes = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int32)
        return _small(codes), self.uniques


def _factorise_frames(frames, sha256: str, **extra: object) -> _Raw:
    """Factorise a table given as one or more row chunks (DataFrames with the same columns)."""
    columns: list[str] | None = None
    mergers: dict[str, _Merger] = {}
    rows = 0
    for chunk in frames:
        if columns is None:
            columns = [str(c) for c in chunk.columns]
            mergers = {c: _Merger() for c in columns}
        for c, series in zip(
            columns, (chunk.iloc[:, j] for j in range(chunk.shape[1])), strict=True
        ):
            mergers[c].add(*_factorize(series))
        rows += len(chunk)
    columns = columns or []
    codes, uniques = {}, {}
    for c in columns:
        codes[c], uniques[c] = mergers[c].result()
    return _Raw(columns, codes, uniques, rows, sha256, **extra)


def _decode(data: bytes, name: str) -> tuple[bytes, str]:
    """Return the bytes as UTF-8 (BOM removed, cp1252 and UTF-16 converted) and the encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"'{name}' is geen leesbaar UTF-16-tekstbestand") from None
    if b"\x00" in data[:65536]:
        raise InputError(
            f"'{name}' is geen tekstbestand (CSV) en ook geen Excel- of SPSS-bestand; "
            "exporteer de enquête als CSV, .xlsx of .sav"
        )
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(
            f"'{name}' heeft een onbekende tekencodering (geen UTF-8 of Windows-1252)"
        ) from None


def _sniff_delimiter(sample: str, codebook: Codebook) -> str:
    """Pick the delimiter whose header splits into the most codebook columns (then most cells)."""
    keys = column_keys(codebook)
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), [])
        except csv.Error:
            continue
        known = sum(1 for h in header if match_key(h) in keys)
        score = (known, len(header))
        if score > best_score:
            best, best_score = delim, score
    return best


def _plain_object_strings():
    """Read text columns as plain object arrays, not pandas 3's 'str' dtype.

    The 'str' dtype validates every cell again after parsing, which costs seconds on a
    million rows; intake only factorises these columns. The option is deprecated in pandas 3
    and will go in pandas 4; then this falls back to the default.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.get_option("future.infer_string")
        return _quiet_option("future.infer_string", False)
    except (KeyError, pd.errors.OptionError):
        return contextlib.nullcontext()


@contextlib.contextmanager
def _quiet_option(name: str, value: object):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pd.option_context(name, value):
            yield


def _read_csv(data: bytes, name: str, codebook: Codebook) -> _Raw:
    """Read a CSV export of any common dialect; large files are parsed in two halves at once."""
    if not data[:65536].strip() and not data.strip():
        raise InputError(f"het bestand '{name}' is leeg")
    utf8, _encoding = _decode(data, name)
    sample = utf8[:65536].decode("utf-8", errors="ignore")
    delim = _sniff_delimiter(sample, codebook)
    try:
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), [])
    except csv.Error:
        header = []
    if not any(h.strip() for h in header):
        raise InputError(f"'{name}' heeft geen kopregel met kolomnamen")
    # Every cell is read as text, so the quarantine shows exactly what the file says.
    options = {"sep": delim, "dtype": object}
    split = _split_point(utf8) if len(utf8) >= PARALLEL_BYTES and _can_fork() else None
    try:
        if split is None:
            # The checksum runs in a thread while the file is parsed (hashlib releases the GIL).
            with ThreadPoolExecutor(max_workers=1) as pool:
                digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
                raw = _parse_part([utf8], options)
                raw.sha256 = digest.result()
            return raw
        header_end, cut = split
        global _FORK_SHARED
        _FORK_SHARED = (utf8[:header_end], utf8, cut, options)
        context = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                second = pool.submit(_parse_second_half)  # forks now, before any thread starts
                _FORK_SHARED = None
                with ThreadPoolExecutor(max_workers=1) as threads:
                    digest = threads.submit(lambda: hashlib.sha256(data).hexdigest())
                    first = _parse_part([memoryview(utf8)[:cut]], options)
                    return _join_parts(first, second.result(), digest.result())
        except (OSError, BrokenProcessPool):  # no helper process possible: one pass instead
            _FORK_SHARED = None
            raw = _parse_part([utf8], options)
            raw.sha256 = hashlib.sha256(data).hexdigest()
            return raw
    except pd.errors.ParserError:
        raw = _read_csv_ragged(utf8.decode("utf-8"), delim, "")
        raw.sha256 = hashlib.sha256(data).hexdigest()
        return raw
    except (ValueError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"'{name}' kan niet als CSV worden gelezen: {exc}") from None


PARALLEL_BYTES = 32 * 2**20  # files this large are parsed by two processes (two halves)
_FORK_SHARED: tuple | None = None


def _can_fork() -> bool:
    """Forking is safe only where available and while this process runs a single thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _split_point(utf8: bytes) -> tuple[int, int] | None:
    """(end of the header line, start of the second half): a line start outside quotes."""
    header_end = utf8.find(b"\n") + 1
    if header_end <= 0 or b'"' in utf8[:header_end]:
        return None
    pos = utf8.find(b"\n", len(utf8) // 2)
    quotes = utf8.count(b'"', 0, pos) if pos != -1 else 0
    while pos != -1 and quotes % 2:  # inside a quoted cell: move to the next line end
        nxt = utf8.find(b"\n", pos + 1)
        if nxt != -1:
            quotes += utf8.count(b'"', pos, nxt)
        pos = nxt
    if pos == -1 or pos + 1 >= len(utf8):
        return None
    return header_end, pos + 1


def _parse_second_half() -> _Raw:
    """Runs in the forked child: parse the header plus the second half of the file."""
    header, utf8, cut, options = _FORK_SHARED
    return _parse_part([header, memoryview(utf8)[cut:]], options)


class _Segments(io.RawIOBase):
    """A read-only stream over pieces of one buffer, so no half of the file is copied."""

    def __init__(self, pieces: list[bytes | memoryview]) -> None:
        self._pieces = [memoryview(p) for p in pieces]
        self._at = (0, 0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece, offset = self._at
        while piece < len(self._pieces) and offset >= len(self._pieces[piece]):
            piece, offset = piece + 1, 0
        if piece == len(self._pieces):
            return 0
        chunk = self._pieces[piece][offset : offset + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._at = (piece, offset + len(chunk))
        return len(chunk)


def _parse_part(pieces: list[bytes | memoryview], options: dict) -> _Raw:
    with _plain_object_strings():
        reader = pd.read_csv(
            io.BufferedReader(_Segments(pieces), buffer_size=1 << 20),
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            encoding="utf-8",
            engine="c",
            chunksize=CHUNK_ROWS,
            **options,
        )
        with reader:
            return _factorise_frames(reader, "")


def _join_parts(first: _Raw, second: _Raw, sha256: str) -> _Raw:
    """Concatenate two factorised halves of one table (same header)."""
    if first.columns != second.columns:
        raise pd.errors.ParserError("halves differ")  # cannot happen with one header; be safe
    codes, uniques = {}, {}
    for c in first.columns:
        merger = _Merger()
        for part in (first, second):
            merger.add(part.codes[c], part.uniques[c])
        codes[c], uniques[c] = merger.result()
    return _Raw(first.columns, codes, uniques, first.rows + second.rows, sha256)


def _read_csv_ragged(text: str, delim: str, sha: str) -> _Raw:
    """Slow path for rows with more cells than the header: keep them, quarantine them."""
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim) if r]
    except csv.Error as exc:
        raise InputError(f"het bestand kan niet als CSV worden gelezen: {exc}") from None
    header, body = rows[0], rows[1:]
    width = len(header)
    faults: dict[int, str] = {}
    cells = []
    for i, r in enumerate(body):
        if len(r) > width:
            extra = [c for c in r[width:] if c.strip()]
            if extra:
                faults[i] = (
                    f"rij heeft {len(r)} cellen, de kopregel {width}; "
                    f"extra cellen: {', '.join(extra[:3])}"
                )
        cells.append((r + [""] * width)[:width])
    frame = pd.DataFrame(cells, columns=_unique_names(header), dtype=object)
    frame = frame.replace("", np.nan)
    return _factorise_frames([frame], sha, row_faults=faults)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = n or "Unnamed"
        k = seen.get(n, 0)
        out.append(n if k == 0 else f"{n}.{k}")
        seen[n] = k + 1
    return out


def _as_raw_strings(series: pd.Series) -> pd.Series:
    """Excel/SPSS cells as text (NaN stays NaN) so they go through the same checks as CSV."""
    values = series.to_numpy(dtype=object)
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = np.nan if v is None or (isinstance(v, float) and math.isnan(v)) else raw_text(v)
    return pd.Series(out, index=series.index, dtype=object)


def _read_excel(path: Path, data: bytes, codebook: Codebook) -> _Raw:
    sha = hashlib.sha256(data).hexdigest()
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object, header=0)
    except Exception as exc:  # openpyxl raises many kinds of errors on a broken file
        raise InputError(f"Excel-bestand '{path.name}' kan niet worden gelezen: {exc}") from None
    for frame in sheets.values():
        frame.columns = _unique_names([raw_text(c).strip() for c in frame.columns])
        column_map, _ = match_columns(list(frame.columns), codebook)
        if ID in column_map.values():
            frame = frame.dropna(how="all").reset_index(drop=True)
            for c in frame.columns:
                frame[c] = _as_raw_strings(frame[c])
            return _factorise_frames([frame], sha)
    raise InputError(
        f"Excel-bestand '{path.name}' heeft geen blad met een kolom respondentnummer "
        f"(bladen: {', '.join(map(str, sheets)) or 'geen'})"
    )


def _read_sav(path: Path, data: bytes) -> _Raw:
    """SPSS: value labels become the raw text (codes as fallback); user-missing codes kept."""
    import pyreadstat

    sha = hashlib.sha256(data).hexdigest()
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    except Exception as exc:  # pyreadstat raises ReadstatError and others
        raise InputError(f"SPSS-bestand '{path.name}' kan niet worden gelezen: {exc}") from None
    labels_of = meta.variable_value_labels or {}
    user_missing = meta.missing_user_values or {}
    ranges = meta.missing_ranges or {}
    alt = {c: [lab] for c, lab in zip(meta.column_names, meta.column_labels, strict=False) if lab}
    value_codes: dict[str, dict[str, str]] = {}
    for col in frame.columns:
        labels = {raw_text(k): str(v) for k, v in labels_of.get(col, {}).items()}
        discrete = {raw_text(v) for v in user_missing.get(col, [])}
        spans = [(r["lo"], r["hi"]) for r in ranges.get(col, [])]

        def is_user_missing(v: object, discrete=discrete, spans=spans) -> bool:
            if raw_text(v) in discrete:
                return True
            return isinstance(v, float) and any(lo <= v <= hi for lo, hi in spans)

        out = []
        for v in frame[col].tolist():
            text = raw_text(v)
            if text in labels:
                out.append(labels[text])
            elif not text or is_user_missing(v):
                out.append(np.nan)  # empty, or user-missing without a label: not answered
            else:
                out.append(text)
        if labels:
            value_codes[col] = {lab: code for code, lab in labels.items()}
        frame[col] = pd.Series(out, index=frame.index, dtype=object)
    return _factorise_frames([frame], sha, alt_names=alt, value_codes=value_codes)


def read_table(path: str | Path, codebook: Codebook) -> _Raw:
    """Read a survey export by its content (CSV, .xlsx or .sav), whatever the extension says."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(f"'{p}' is een map, geen bestand") from None
    except OSError as exc:
        raise InputError(f"bestand '{p}' kan niet worden gelezen: {exc.strerror}") from None
    if data.startswith(b"PK\x03\x04"):
        return _read_excel(p, data, codebook)
    if data.startswith((b"$FL2", b"$FL3")):
        return _read_sav(p, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"'{p.name}' is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV")
    return _read_csv(data, p.name, codebook)


# ----------------------------------------------------------------------------------------------
# Value resolution: each distinct raw value of a column is resolved once
# ----------------------------------------------------------------------------------------------


def describe_scale(scale: Scale) -> str:
    """'1-5 of de antwoordtekst; 9 = weet niet' for use in a reason."""
    codes = sorted(scale.codes)
    if codes == list(range(codes[0], codes[-1] + 1)) and len(codes) > 2:
        text = f"{codes[0]}-{codes[-1]}"
    else:
        text = ", ".join(map(str, codes))
    text += " of de antwoordtekst"
    if scale.missing:
        text += "; " + ", ".join(f"{c} = {lab}" for c, lab in sorted(scale.missing.items()))
    return text


@dataclass
class _Resolver:
    """Resolves raw answers of one scale: code, declared missing label, or a Dutch reason."""

    scale: Scale
    lookup: dict[str, tuple[int, bool]] = field(init=False)
    loose: dict[str, tuple[int, bool]] = field(init=False)

    def __post_init__(self) -> None:
        self.lookup = self.scale.lookup()
        self.loose = {match_key(k): v for k, v in self.lookup.items() if match_key(k)}

    def _hit(self, hit: tuple[int, bool]) -> tuple[float, str | None, str | None]:
        code, is_missing = hit
        if is_missing:
            return math.nan, self.scale.missing[code], None
        return float(code), None, None

    def resolve(
        self, raw: object, fallback: str | None = None
    ) -> tuple[float, str | None, str | None]:
        """(code or NaN, missing label or None, reason or None) for one raw value."""
        if isinstance(raw, float | int | np.integer | np.floating) and not isinstance(raw, bool):
            number = float(raw)
            if math.isnan(number):
                return math.nan, None, None
            text = raw_text(raw)
        else:
            text = str(raw).strip()
            if not text:
                return math.nan, None, None
            hit = self.lookup.get(normalise(text))
            if hit is not None:
                return self._hit(hit)
            if fallback is not None:
                return self.resolve(fallback)
            number = parse_number(text)
        if number is not None:
            if number.is_integer():
                code = int(number)
                if code in self.scale.codes:
                    return float(code), None, None
                if code in self.scale.missing:
                    return math.nan, self.scale.missing[code], None
            return (
                math.nan,
                None,
                (f"waarde '{text}' ligt buiten de schaal (geldig: {describe_scale(self.scale)})"),
            )
        hit = self.loose.get(match_key(text))
        if hit is not None:
            return self._hit(hit)
        return (
            math.nan,
            None,
            (f"onbekend antwoord '{text}' (geldig: {describe_scale(self.scale)})"),
        )


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Integer codes per row and the distinct raw values (NaN among them = empty cell).

    Text columns from the CSV parser hold one shared string object per distinct value, so
    they are factorised by object address (an integer hash, ~10x faster than hashing text);
    the few distinct objects are then fetched back by address while `values` keeps them
    alive. Equal strings in different objects just become two entries resolved alike. A
    column with many distinct objects (ids, Excel cells) is factorised by value.
    """
    n = len(series)
    if series.dtype == object and n:
        values = np.ascontiguousarray(series.to_numpy(dtype=object))
        address = np.ctypeslib.as_array(
            ctypes.cast(values.ctypes.data, ctypes.POINTER(ctypes.c_ssize_t)), shape=(n,)
        )
        codes, distinct = pd.factorize(address)
        if len(distinct) <= 4096:
            uniques = [ctypes.cast(int(a), ctypes.py_object).value for a in distinct]
            return codes, uniques
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def _small(codes: np.ndarray) -> np.ndarray:
    top = int(codes.max()) if len(codes) else 0
    small = np.int8 if top < 127 else np.int16 if top < 32767 else np.int32
    return codes.astype(small, copy=False)


@dataclass
class _Column:
    """One resolved column: per-row index into per-value arrays; the last entry is 'empty'."""

    raw_name: str
    idx: np.ndarray
    value: np.ndarray  # float64 code per distinct value
    missing: np.ndarray  # object: declared missing label or None
    error: np.ndarray  # object: reason or None
    raw: list[str]  # raw text per distinct value

    def usable_values(self) -> np.ndarray:
        """Per distinct value: a valid code or a declared missing answer."""
        return ~np.isnan(self.value) | np.array([m is not None for m in self.missing], dtype=bool)

    @property
    def usable(self) -> np.ndarray:
        return self.usable_values()[self.idx]

    def error_rows(self) -> np.ndarray:
        bad = np.flatnonzero(np.array([e is not None for e in self.error]))
        if bad.size == 0:
            return bad
        return np.flatnonzero(np.isin(self.idx, bad))


def _resolve_column(raw: _Raw, raw_name: str, resolve) -> _Column:
    """Resolve every distinct value of one raw column once."""
    uniques = raw.uniques[raw_name]
    fallbacks = raw.value_codes.get(raw_name, {})
    value, missing, error = [], [], []
    for u in uniques:
        v, m, e = resolve(u, fallbacks.get(u)) if isinstance(u, str) else resolve(u, None)
        value.append(v)
        missing.append(m)
        error.append(e)
    value.append(math.nan)
    missing.append(None)
    error.append(None)
    return _Column(
        raw_name,
        raw.codes[raw_name],
        np.array(value, dtype=float),
        np.array(missing, dtype=object),
        np.array(error, dtype=object),
        list(raw.raw_values(raw_name)),
    )


def _number_resolver(total: float | None):
    def resolve(raw: object, _fallback: str | None = None) -> tuple[float, None, str | None]:
        if isinstance(raw, str):
            text = raw.strip()
            if not text:
                return math.nan, None, None
            number = parse_number(text.rstrip("%").strip())
            if number is None:
                return math.nan, None, f"'{text}' is geen getal (percentage verwacht)"
        else:
            number = float(raw)
            text = raw_text(raw)
            if math.isnan(number):
                return math.nan, None, None
        if number < 0 or (total is not None and number > total):
            return math.nan, None, f"percentage '{text}' ligt buiten 0-{raw_text(total)}"
        return number, None, None

    return resolve


def _text_resolver(max_length: int | None):
    def resolve(raw: object, _fallback: str | None = None) -> tuple[float, None, str | None]:
        text = raw_text(raw).strip()
        if max_length is not None and len(text) > max_length:
            return math.nan, None, f"tekst is langer dan {max_length} tekens ({len(text)})"
        return (0.0 if text else math.nan), None, None

    return resolve


# ----------------------------------------------------------------------------------------------
# read_survey
# ----------------------------------------------------------------------------------------------


def _empty_column(n: int, raw_name: str = "") -> _Column:
    nan_obj = np.array([None], dtype=object)
    return _Column(raw_name, np.full(n, -1, np.int8), np.array([math.nan]), nan_obj, nan_obj, [""])


@dataclass
class _ItemErrors:
    """Item problems of one column or allocation question, sparse over rows."""

    order: int
    column: str
    rows: np.ndarray  # 0-based positions
    values: list[str]
    reasons: list[str]


def read_survey(path: str | Path, codebook: Codebook, register: Register) -> IntakeResult:
    """Read and validate a survey export; raise InputError if it is not a usable export."""
    raw = read_table(path, codebook)
    return validate_table(raw, codebook, register, source_path=str(path))


def validate_table(
    raw: _Raw, codebook: Codebook, register: Register, source_path: str = ""
) -> IntakeResult:
    """Validate a table read by `read_table`: map columns, check rows and items, split."""
    column_map, unknown = match_columns(raw.columns, codebook, raw.alt_names)
    by_target = {target: rawname for rawname, target in column_map.items()}
    if ID not in by_target:
        raise InputError(
            f"geen kolom met het respondentnummer gevonden (verwacht bijvoorbeeld "
            f"'{ID}' of '{codebook.respondent_id.label}'); is dit een export van de enquête?"
        )
    if SPT not in by_target:
        raise InputError(
            f"geen kolom met het servicepunt gevonden (verwacht bijvoorbeeld "
            f"'{SPT}' of '{codebook.service_point.label}')"
        )
    ident = _identities(raw, by_target[ID])
    spt_col = _service_points(raw, by_target[SPT], register)
    answers = _answers(raw, codebook, by_target)

    spt_bad = np.array([e is not None for e in spt_col.error])[spt_col.idx]
    no_answer = ~answers.usable
    parse_fault = np.zeros(raw.rows, dtype=bool)
    parse_fault[list(raw.row_faults)] = True
    quarantined = ident.empty | ident.duplicate | spt_bad | no_answer | parse_fault
    q_rows = np.flatnonzero(quarantined)
    keep = np.flatnonzero(~quarantined)

    # Row faults of quarantined rows; item faults of kept rows (a quarantined row lists its
    # item faults among its reasons, so one round of fixing is enough).
    problems: list[tuple[int, int, Problem]] = []
    reasons: dict[int, list[str]] = {int(i): [] for i in q_rows}

    def row_problem(pos: int, column: str, value: str, reason: str) -> None:
        reasons[pos].append(reason)
        problems.append((pos, -1, Problem(pos + 1, column, value, reason, "row")))

    for pos in q_rows.tolist():
        if pos in raw.row_faults:
            row_problem(pos, "", "", raw.row_faults[pos])
        if ident.empty[pos]:
            row_problem(pos, ident.column, "", "respondentnummer ontbreekt")
        elif ident.duplicate[pos]:
            rid, first = ident.ids[pos], int(ident.first_row[pos]) + 1
            row_problem(
                pos, ident.column, rid, f"respondentnummer '{rid}' komt al voor in rij {first}"
            )
        if spt_bad[pos]:
            value = spt_col.idx[pos]
            row_problem(pos, spt_col.raw_name, spt_col.raw[value], spt_col.error[value])
        if no_answer[pos]:
            row_problem(pos, "", "", "geen enkele vraag (geldig) beantwoord")
    for errs in answers.item_errors:
        for pos, value, reason in zip(errs.rows.tolist(), errs.values, errs.reasons, strict=True):
            if quarantined[pos]:
                reasons[pos].append(f"{errs.column}: {reason}")
            else:
                problem = Problem(pos + 1, errs.column, value, reason, "item")
                problems.append((pos, errs.order, problem))
    problems.sort(key=lambda t: (t[0], t[1]))

    quarantine = pd.concat(
        [
            pd.DataFrame(
                {
                    ROW: (q_rows + 1).astype(np.int64),
                    REASONS: pd.Series(["; ".join(reasons[int(i)]) for i in q_rows], dtype=object),
                }
            ),
            pd.DataFrame({c: _raw_cells(raw, c, q_rows) for c in raw.columns}, dtype=object),
        ],
        axis=1,
    )
    responses, missing = _valid_responses(codebook, answers, keep)
    responses.insert(0, SPT, pd.Series(spt_col.missing[spt_col.idx[keep]], dtype=object))
    responses[SPT] = responses[SPT].astype(str)
    responses.insert(0, ID, pd.Series(ident.ids[keep], dtype=object).astype(str))
    responses.insert(0, ROW, (keep + 1).astype(np.int64))
    return IntakeResult(
        responses=responses,
        missing=missing,
        quarantine=quarantine,
        problems=[p for _, _, p in problems],
        rows_read=raw.rows,
        unknown_columns=unknown,
        column_map=column_map,
        source_path=source_path,
        source_sha256=raw.sha256,
    )


@dataclass
class _Identities:
    column: str
    ids: np.ndarray  # stripped respondent number per row ('' when empty)
    empty: np.ndarray
    duplicate: np.ndarray  # second and later occurrences
    first_row: np.ndarray  # 0-based position of each id's first occurrence


def _identities(raw: _Raw, column: str) -> _Identities:
    """Respondent numbers, compared after trimming spaces; the first occurrence is kept."""
    n = raw.rows
    stripped = [u.strip() if type(u) is str else raw_text(u).strip() for u in raw.uniques[column]]
    ids = np.array([*stripped, ""], dtype=object)[raw.codes[column]]
    empty = ids == ""
    groups, _ = pd.factorize(ids)
    first = np.full(int(groups.max()) + 1 if n else 0, -1, dtype=np.int64)
    first[groups[::-1]] = np.arange(n - 1, -1, -1)  # the last write wins: the first row
    first_row = first[groups] if n else np.zeros(0, np.int64)
    duplicate = (first_row != np.arange(n)) & ~empty
    return _Identities(column, ids, empty, duplicate, first_row)


def _service_points(raw: _Raw, column: str, register: Register) -> _Column:
    """Resolve SPT names and aliases to the register's canonical name (kept in `.missing`)."""
    lookup = register.lookup()
    loose = {match_key(k): v for k, v in lookup.items()}

    def resolve(value: object, _fallback: str | None = None):
        text = raw_text(value).strip()
        if not text:
            return math.nan, None, "servicepunt ontbreekt"
        name = lookup.get(normalise(text)) or loose.get(match_key(text))
        if name is None:
            return math.nan, None, f"onbekend servicepunt '{text}'"
        return 0.0, name, None

    col = _resolve_column(raw, column, resolve)
    col.error[-1] = "servicepunt ontbreekt"  # the empty cell
    return col


@dataclass
class _Answers:
    columns: dict[str, _Column]  # single, multi and text columns
    allocations: dict[str, np.ndarray]  # final per-row shares of every allocation item
    item_errors: list[_ItemErrors]
    usable: np.ndarray  # row has at least one usable answer


def _answers(raw: _Raw, codebook: Codebook, by_target: dict[str, str]) -> _Answers:
    """Resolve every answer column; collect item errors sparsely."""
    n = raw.rows
    order = {c: i for i, c in enumerate(codebook.column_question())}
    out = _Answers({}, {}, [], np.zeros(n, dtype=bool))
    for q in codebook.questions:
        if q.type == "allocation":
            finals, errs = _allocation(q, raw, by_target, n)
            out.allocations.update(finals)
            for v in finals.values():
                out.usable |= ~np.isnan(v)
            if errs is not None:
                errs.order = order[next(iter(q.columns()))]
                out.item_errors.append(errs)
            continue
        if q.type == "text":
            resolve = _text_resolver(q.max_length)
        else:
            resolve = _Resolver(codebook.scale_of(q)).resolve
        for c in q.columns():
            rawname = by_target.get(c)
            if rawname is None:
                out.columns[c] = _empty_column(n)
                continue
            col = out.columns[c] = _resolve_column(raw, rawname, resolve)
            out.usable |= col.usable
            rows = col.error_rows()
            if rows.size:
                shown = [col.raw[i][:60] for i in col.idx[rows]]
                reasons = [col.error[i] for i in col.idx[rows]]
                out.item_errors.append(_ItemErrors(order[c], rawname, rows, shown, reasons))
    return out


def _valid_responses(
    codebook: Codebook, answers: _Answers, keep: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The kept rows: one float block for all codes and shares, text and labels beside it."""
    questions = codebook.column_question()
    float_cols = [c for c, q in questions.items() if q.type != "text"]
    coded_cols = [c for c, q in questions.items() if q.type in SCALED]
    codes = np.empty((len(keep), len(float_cols)), order="F")
    labels = np.empty((len(keep), len(coded_cols)), dtype=object, order="F")  # all None
    position = {c: j for j, c in enumerate(float_cols)}
    label_position = {c: j for j, c in enumerate(coded_cols)}
    copies: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (values, index, out column)
    for q in codebook.questions:
        if q.type == "allocation":
            for c in q.columns():
                copies.append((answers.allocations[c], keep, codes[:, position[c]]))
        elif q.type in SCALED:
            cols = {c: answers.columns[c] for c in q.columns()}
            per_row = {c: col.idx[keep] for c, col in cols.items()}
            if q.type == "multi" and 0 in codebook.scale_of(q).codes:
                _fill_unticked(cols, per_row)
            for c, col in cols.items():
                copies.append((col.value, per_row[c], codes[:, position[c]]))
                given = np.array([m is not None for m in col.missing], dtype=bool)
                if given.any():  # labels start as None: write only the declared missing answers
                    rows = np.flatnonzero(given[per_row[c]])
                    labels[rows, label_position[c]] = col.missing[per_row[c][rows]]
    # numpy releases the GIL for numeric takes: two threads fill the float block twice as fast.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda t: np.take(t[0], t[1], out=t[2]), copies))
    responses = pd.DataFrame(codes, columns=float_cols, copy=False)
    for j, (c, q) in enumerate(questions.items()):
        if q.type == "text":
            col = answers.columns[c]
            texts = np.array([r.strip() or None for r in col.raw], dtype=object)
            texts[np.array([e is not None for e in col.error], dtype=bool)] = None
            responses.insert(j, c, pd.Series(texts[col.idx[keep]], dtype=object))
    return responses, pd.DataFrame(labels, columns=coded_cols, dtype=object, copy=False)


def _raw_cells(raw: _Raw, column: str, rows: np.ndarray) -> np.ndarray:
    """Raw text of some rows of one column (without converting all distinct values)."""
    uniques = raw.uniques[column]
    if len(uniques) <= 4 * len(rows) + 1000:
        return raw.raw_values(column)[raw.codes[column][rows]]
    return np.array(
        [raw_text(uniques[i]) if i >= 0 else "" for i in raw.codes[column][rows].tolist()],
        dtype=object,
    )


def _fill_unticked(cols: dict[str, _Column], per_row: dict[str, np.ndarray]) -> None:
    """In a multi question someone answered, an empty option counts as 'not ticked' (code 0).

    A code-0 entry is inserted just before each column's 'empty' entry (which stays last, so
    index -1 keeps meaning 'empty'); empty cells of answering rows are pointed at it.
    """
    answered = None
    for c, col in cols.items():
        hit = col.usable_values()[per_row[c]]
        answered = hit if answered is None else answered | hit
    for c, col in cols.items():
        if not col.raw_name:  # not in the file at all: unknown, not 'not ticked'
            continue
        empty = np.array([not r.strip() for r in col.raw], dtype=bool)
        zero = len(col.value) - 1
        col.value = np.concatenate([col.value[:-1], [0.0], col.value[-1:]])
        col.missing = np.concatenate([col.missing[:-1], [None], col.missing[-1:]])
        col.error = np.concatenate([col.error[:-1], [None], col.error[-1:]])
        col.raw = [*col.raw[:-1], "", col.raw[-1]]
        idx = per_row[c]
        if zero > np.iinfo(idx.dtype).max:
            idx = idx.astype(np.int32)
        else:
            idx = idx.copy()
        idx[answered & empty[idx]] = zero
        per_row[c] = idx


def _allocation(
    q: Question, raw: _Raw, by_target: dict[str, str], n: int
) -> tuple[dict[str, np.ndarray], _ItemErrors | None]:
    """Check one allocation question; a bad cell or wrong total empties the whole question."""
    resolve = _number_resolver(q.total)
    shares: dict[str, np.ndarray] = {}  # per item: the share, 0 where empty
    answered = np.zeros(n, dtype=bool)
    total = np.zeros(n)
    bad: dict[int, tuple[str, str]] = {}  # row -> (raw value, reason) of its first bad cell
    for c in q.columns():
        rawname = by_target.get(c)
        if rawname is None:
            shares[c] = np.zeros(n)
            continue
        col = _resolve_column(raw, rawname, resolve)
        share = col.value[col.idx]
        answered |= ~np.isnan(share)
        np.nan_to_num(share, copy=False, nan=0.0)
        total += share
        shares[c] = share
        for pos in col.error_rows().tolist():
            if pos not in bad:
                i = col.idx[pos]
                bad[pos] = (col.raw[i], f"{rawname}: {col.error[i]}")
    has_bad = np.zeros(n, dtype=bool)
    has_bad[list(bad)] = True
    answered |= has_bad
    wrong_sum = answered & ~has_bad & (np.abs(total - float(q.total)) > q.tolerance + 1e-9)
    broken = has_bad | wrong_sum
    not_ok = ~answered | broken
    for share in shares.values():
        share[not_ok] = np.nan
    rows = np.flatnonzero(broken)
    if rows.size == 0:
        return shares, None
    title = q.title
    values, reasons = [], []
    for pos in rows.tolist():
        if pos in bad:
            value, reason = bad[pos]
            values.append(value)
            reasons.append(f"{reason}; daarom telt de hele verdeling '{title}' niet mee")
        else:
            summed = raw_text(round(float(total[pos]), 6))
            values.append(summed)
            reasons.append(
                f"verdeling '{title}' telt op tot {summed} in plaats van {raw_text(q.total)} "
                f"(±{raw_text(q.tolerance)}); de {len(shares)} onderdelen tellen niet mee"
            )
    return shares, _ItemErrors(0, q.id, rows, values, reasons)


def write_quarantine(result: IntakeResult, path: str | Path) -> None:
    """Write the quarantine as a ';'-CSV for Excel (UTF-8 with BOM), formula cells neutralised.

    Columns: 'rij' (data row number in the input), 'redenen', then the raw columns as read.
    When the input was itself a fixed quarantine file, its old 'rij'/'redenen' columns are
    replaced by the new ones.
    """
    stale = [c for c in ("rij", "redenen") if c in result.unknown_columns]
    q = result.quarantine.drop(columns=stale).rename(columns={ROW: "rij", REASONS: "redenen"})
    q = q.astype(object).map(lambda v: neutralise_cell(raw_text(v)))
    try:
        q.to_csv(Path(path), sep=";", index=False, encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            f"quarantainebestand '{path}' kan niet worden geschreven: {exc.strerror}"
        ) from None
