"""Read a table by content: CSV (delimiter and encoding sniffed), XLSX and SPSS .sav."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import multiprocessing
import threading
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.errors import InputError
from evaluation.inputs.codebook import Codebook
from evaluation.intake.cells import _factorize, _small, raw_text
from evaluation.intake.columns import column_keys, match_columns, match_key
from evaluation.intake.result import ID

DELIMITERS = (";", ",", "\t", "|")

CHUNK_ROWS = 100_000  # rows parsed at a time: bounded memory, parser buffers stay warm


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
