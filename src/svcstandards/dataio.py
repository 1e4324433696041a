"""Reading interaction data for the command line: CSV, JSON, Parquet, Excel.

Library users pass DataFrames; these helpers serve ``svcstandards validate
--columns`` and ``svcstandards evaluate``. They read files as helpdesk and
contact-centre platforms export them:

- CSV separated by ``,``, ``;``, tab or ``|`` (detected from the header
  line), in UTF-8 with or without a byte order mark (UTF-16 with one), or
  in the ``encoding`` given; with ``;``, numbers written with a decimal
  comma (``12,5``) are numbers.
- JSON lines (``.jsonl``), or a JSON array of objects (``[{...}, {...}]``).
- Parquet, with the optional ``pyarrow`` (``pip install 'svcstandards[parquet]'``).
- Excel workbooks (``.xlsx``), with the optional ``python-calamine``
  (``pip install 'svcstandards[excel]'``): the first sheet, or ``sheet``.

A file that cannot be read as its kind (bytes that are not text in its
encoding, a row with more fields than the header, broken JSON, a sheet the
workbook does not have) is a :class:`~svcstandards.errors.DataError` naming
the file and where (codes ``file_encoding``, ``file_ragged``, ``file_parse``,
``file_sheet``).

A frame read here says where its rows came from in ``frame.attrs``
(:data:`~svcstandards.engines._columns.LINES_ATTR`): data problems then name
the line of a CSV or JSON lines file (a CSV's header is line 1, so row 0 is
line 2), assuming one line per record, or the row of an Excel sheet as the
spreadsheet numbers it (the header is row 1, so row 0 is ``row 2 of sheet
Calls``). The records of a JSON array are named by position (row 0
is the array's first element).
"""

from __future__ import annotations

import codecs
import csv
import errno
import gzip
import importlib
import importlib.util
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pandas as pd

from .engines._columns import LINES_ATTR
from .errors import DataError, DataProblem, InvalidArgumentError, MissingDependencyError, did_you_mean
from .format.data import DataSection

__all__ = [
    "CHUNK_ROWS",
    "SAMPLE_ROWS",
    "SEPARATORS",
    "command_reading",
    "data_format",
    "read_column_names",
    "read_data",
    "read_for_command",
    "read_sample",
]

CHUNK_ROWS = 500_000
SAMPLE_ROWS = 100_000  # rows `validate --columns` reads to check where values
#: The CSV separators detected, in the order that breaks a tie.
SEPARATORS = (",", ";", "\t", "|")
_HEAD_BYTES = 64 * 1024  # what is read to find the header line and the encoding
_SCAN_BYTES = 1 << 20  # block size when looking for the first undecodable byte
ENCODING_HINT = (
    "a file saved by Excel or another Windows program is often in cp1252: pass its encoding, "
    "e.g. --encoding cp1252 (or --encoding latin-1)"
)
# JSON values stay as written (ISO strings are parsed when a standard uses the column). pandas 2
# still turns *_at columns into dates with dtype=False; pandas 3 does not and deprecates the keyword.
_JSON_OPTIONS: dict[str, Any] = {"dtype": False}
if int(pd.__version__.split(".")[0]) < 3:
    _JSON_OPTIONS["convert_dates"] = False
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
# a number with a decimal comma, as European spreadsheets write it: 12,5 -3 +0,25 (no thousands separators)
_DECIMAL_COMMA = r"[+-]?\d+(?:,\d+)?"


def data_format(path: str | os.PathLike[str]) -> str:
    """``csv``, ``jsonl``, ``parquet`` or ``excel``, by the file's ending (``.gz`` allowed for text).

    ``jsonl`` covers ``.json`` too: a file whose first character is ``[`` is read as a JSON array.
    """
    name = Path(path).name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return "excel"
    name = name.removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


def _file_error(path: str | os.PathLike[str], message: str, hint: str, code: str) -> DataError:
    return DataError([DataProblem("", "", f"{os.fspath(path)}: {message}", hint, code)])


# -- options -------------------------------------------------------------------------
def _separator(sep: str | None) -> str | None:
    """A separator given by the user; ``tab`` and ``\\t`` (as typed in a shell) mean a tab."""
    if sep is None:
        return None
    sep = {"tab": "\t", "\\t": "\t"}.get(sep.lower(), sep)
    if len(sep) != 1:
        raise InvalidArgumentError(f"the separator must be one character (or 'tab'), got {sep!r}")
    return sep


def _encoding(encoding: str | None) -> str | None:
    if encoding is None:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidArgumentError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1"
        ) from None
    return "utf-8-sig" if name == "utf-8" else name  # a byte order mark is never part of the first column


def _check_options(kind: str, sep: str | None, encoding: str | None, sheet: str | None) -> None:
    given = [
        (option, kinds)
        for option, value, kinds in (
            ("a separator (--sep)", sep, ("csv",)),
            ("an encoding (--encoding)", encoding, ("csv", "jsonl")),
            ("a sheet (--sheet)", sheet, ("excel",)),
        )
        if value is not None and kind not in kinds
    ]
    if given:
        option, kinds = given[0]
        raise InvalidArgumentError(f"{option} applies to {' and '.join(kinds)} files only, not to {kind} files")


# -- text files ----------------------------------------------------------------------
@contextmanager
def _open_binary(path: str | os.PathLike[str]) -> Iterator[tuple[IO[bytes], BinaryIO]]:
    """The file on disk (whose position says how far reading got) and its (uncompressed) content."""
    with open(path, "rb") as raw:
        if str(path).lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as content:
                yield raw, cast(BinaryIO, content)
        else:
            yield raw, raw


def _head(path: str | os.PathLike[str]) -> bytes:
    with _open_binary(path) as (_, content):
        return content.read(_HEAD_BYTES)


def _text_encoding(head: bytes, encoding: str | None) -> str:
    """The encoding given, else UTF-16 after its byte order mark, else UTF-8 (with or without one)."""
    if encoding is not None:
        return encoding
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return "utf-16"
    return "utf-8-sig"


def _decoded_head(path: str | os.PathLike[str], head: bytes, encoding: str) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        raise _encoding_error(path, encoding) from None


def _encoding_error(path: str | os.PathLike[str], encoding: str) -> DataError:
    """Where the file stops being ``encoding``: the offset (and line) of the first byte that cannot be decoded."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = newlines = 0
    bad = b""
    with _open_binary(path) as (_, content):
        while True:
            block = content.read(_SCAN_BYTES)
            pending = decoder.getstate()[0]  # bytes of an unfinished character carried over
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                data = pending + block
                offset += exc.start - len(pending)
                newlines += data[len(pending) : max(exc.start, len(pending))].count(b"\n")
                bad = data[exc.start : exc.start + 1]
                break
            if not block:  # decodes after all (a codec that fails only with pandas' buffering)
                break
            offset += len(block)
            newlines += block.count(b"\n")
    name = "UTF-8" if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") else encoding
    where = f"byte 0x{bad.hex().upper()} at offset {offset:,} (line {newlines + 1})" if bad else "a byte"
    return _file_error(path, f"is not valid {name}: {where} cannot be decoded", ENCODING_HINT, "file_encoding")


def _detect_separator(header: str) -> str:
    # Counting on the header line rather than csv.Sniffer on a sample: column names rarely hold a
    # separator, while the free text of data rows (subjects, comments with commas and semicolons)
    # misleads the Sniffer, which may also answer a letter or a space, and fails on one-column files.
    # The header is split as CSV (quotes respected) on each candidate; the most fields wins, ties go to
    # the earlier of SEPARATORS, and a single column is comma-separated.
    counts = [len(next(csv.reader([header], delimiter=sep), [])) for sep in SEPARATORS]
    return SEPARATORS[counts.index(max(counts))]


def _csv_options(path: str | os.PathLike[str], sep: str | None, encoding: str | None) -> tuple[dict[str, Any], str]:
    """pandas' options for this CSV file (separator and encoding) and its header line."""
    head = _head(path)
    chosen = _text_encoding(head, encoding)
    text = _decoded_head(path, head, chosen)
    header = text.split("\n", 1)[0].rstrip("\r").lstrip("\ufeff")
    # index_col=False: pandas would otherwise make the first column the index when line 2 has one field more
    options = {"sep": sep if sep is not None else _detect_separator(header), "encoding": chosen, "index_col": False}
    return options, header


def _read_errors(path: str | os.PathLike[str], kind: str, options: dict[str, Any]) -> Callable[[Exception], Exception]:
    """Turn what pandas raises on a broken file into a DataError naming the file and where."""

    def translate(exc: Exception) -> Exception:
        if isinstance(exc, UnicodeDecodeError):
            return _encoding_error(path, options.get("encoding", "utf-8"))
        message = str(exc).strip()
        ragged = _RAGGED.search(message)
        if kind == "csv" and (ragged or isinstance(exc, pd.errors.ParserWarning)):
            sep = {"\t": "tab"}.get(options["sep"], options["sep"])
            if ragged:
                expected, line, saw = ragged.groups()
                said = f"line {line} has {saw} fields, but the header has {expected}"
            else:  # pandas only warns (and drops values) when it is line 2
                header = read_column_names(path, sep=options["sep"], encoding=options["encoding"])
                said = f"line 2 has more fields than the header, which has {len(header)}"
            return _file_error(
                path,
                f"{said} (separator {sep!r})",
                f"quote the values that contain {sep!r}, or pass the separator the file uses with --sep",
                "file_ragged",
            )
        what = {"csv": "CSV", "jsonl": "JSON"}.get(kind, kind)
        return _file_error(
            path, f"cannot be read as {what}: {message}", "check that the file is complete", "file_parse"
        )

    return translate


def _is_json_array(path: str | os.PathLike[str], encoding: str | None) -> bool:
    head = _head(path)[:4096].decode(encoding or "utf-8-sig", errors="ignore")
    return head.lstrip().startswith("[")


def _read_json_array(path: str | os.PathLike[str], encoding: str | None) -> pd.DataFrame:
    options = {"encoding": encoding or "utf-8"}
    try:
        with _open_binary(path) as (_, content):
            frame: pd.DataFrame = pd.read_json(content, orient="records", encoding=options["encoding"], **_JSON_OPTIONS)
    except ValueError as exc:
        raise _read_errors(path, "jsonl", options)(exc) from None
    return frame


def _decimal_commas(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of text that are all numbers with a decimal comma (``12,5``), as numbers (in place).

    pandas' ``decimal=","`` is not used: it turns ``12.5`` into text, and would decide per chunk.
    A column converts only when every value is such a number and one has a comma; text, dates and
    times (``02.03.2026``, ``09:15,5``) stay as they are.
    """
    for name in frame.columns[[pd.api.types.is_string_dtype(t) for t in frame.dtypes]]:
        column = frame[name]
        present = column.dropna()
        if present.empty:
            continue
        text = present.astype(str)
        if bool(text.str.fullmatch(_DECIMAL_COMMA).all()) and bool(text.str.contains(",", regex=False).any()):
            # from the text of each value: chunks read apart may have left some as numbers already
            numbers = pd.to_numeric(text.str.replace(",", ".", regex=False)).astype("float64")
            frame[name] = numbers.reindex(frame.index)
    return frame


def _progress_bar(total: int, name: str, delay: float) -> Any:
    """A tqdm bar on standard error, shown after ``delay`` seconds; None without a terminal or tqdm."""
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()) or importlib.util.find_spec("tqdm") is None:
        return None
    tqdm = importlib.import_module("tqdm").tqdm
    return tqdm(
        total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=f"reading {name}", file=sys.stderr, delay=delay
    )


# -- Parquet and Excel ---------------------------------------------------------------
def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError.for_extra("pyarrow", "parquet", "Reading Parquet") from exc
    return pq


def _parquet(read: Callable[[Any], Any], path: str | os.PathLike[str]) -> Any:
    """Call a pyarrow reader; a missing file raises the usual FileNotFoundError."""
    try:
        return read(path)
    except FileNotFoundError as exc:
        if exc.filename is not None:
            raise
        # pyarrow's own message is just the path
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(path)) from None


def _read_excel(path: str | os.PathLike[str], sheet: str | None, rows: int | None = None) -> tuple[pd.DataFrame, str]:
    """A sheet of a workbook (the first by default), through python-calamine, and the sheet's name."""
    if importlib.util.find_spec("python_calamine") is None:
        raise MissingDependencyError.for_extra("python-calamine", "excel", "Reading Excel workbooks")
    if not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(path))
    try:
        with pd.ExcelFile(path, engine="calamine") as book:
            names = [str(name) for name in book.sheet_names]
            chosen = names[0] if sheet is None else sheet
            if chosen not in names:
                close = did_you_mean(chosen, names)
                raise _file_error(
                    path,
                    f"the workbook has no sheet named {chosen!r}; its sheets are {', '.join(map(repr, names))}",
                    close or "pass one of its sheets with --sheet",
                    "file_sheet",
                )
            frame: pd.DataFrame = pd.read_excel(book, sheet_name=chosen, nrows=rows)
    except DataError:
        raise
    except Exception as exc:  # calamine's own errors for a file that is not a workbook
        raise _file_error(
            path,
            f"cannot be read as an Excel workbook: {exc}",
            "check that the file is an .xlsx workbook",
            "file_parse",
        ) from None
    return frame, chosen


# -- public ----------------------------------------------------------------------------
def read_column_names(
    path: str | os.PathLike[str], *, sep: str | None = None, encoding: str | None = None, sheet: str | None = None
) -> list[str]:
    """The column names of a data file, reading only its header (or schema, or first record)."""
    kind = data_format(path)
    sep, encoding = _separator(sep), _encoding(encoding)
    _check_options(kind, sep, encoding, sheet)
    if kind == "parquet":
        schema = _parquet(_pyarrow_parquet().read_schema, path)
        names = list(schema.names)
        # a named index that pandas stored as metadata only (a RangeIndex): read_data makes it a column
        for index in (schema.pandas_metadata or {}).get("index_columns", []):
            if isinstance(index, dict) and index.get("name") is not None and index["name"] not in names:
                names.append(index["name"])
        return names
    if kind == "excel":
        return [str(name) for name in _read_excel(path, sheet, rows=0)[0].columns]
    if kind == "jsonl":
        if _is_json_array(path, encoding):
            return [str(name) for name in _read_json_array(path, encoding).columns]
        head = _head(path)
        text = _decoded_head(path, head, _text_encoding(head, encoding))
        first = text.split("\n", 1)[0]
        try:
            record = json.loads(first) if first.strip() else {}
        except json.JSONDecodeError:  # a first line longer than the head read: read the file
            return [str(name) for name in read_data(path, encoding=encoding).columns]
        return list(record) if isinstance(record, dict) else []
    options, header = _csv_options(path, sep, encoding)
    return next(csv.reader([header], delimiter=options["sep"]), [])


def command_reading(path: str, section: DataSection | None, args: Any) -> dict[str, Any]:
    """How a command reads a data file: its ``--sep``, ``--encoding`` and ``--sheet`` (``args``), else the
    standards file's ``data:`` section."""
    return reading_options(path, section, sep=args.sep, encoding=args.encoding, sheet=args.sheet)


def read_for_command(path: str, section: DataSection | None, args: Any) -> pd.DataFrame:
    """A data file for a command, read as :func:`command_reading` says."""
    return read_data(path, **command_reading(path, section, args))


def reading_options(
    path: str | os.PathLike[str],
    section: DataSection | None,
    *,
    sep: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> dict[str, Any]:
    """How to read a data file: the options given, else the standards file's ``data:`` section.

    The section's values apply to the files they fit (a separator to CSV, a
    sheet to Excel); an option given always applies.
    """
    kind = data_format(path)
    own = section or DataSection()
    return {
        "sep": sep if sep is not None else (own.sep if kind == "csv" else None),
        "encoding": encoding if encoding is not None else (own.encoding if kind in ("csv", "jsonl") else None),
        "sheet": sheet if sheet is not None else (own.sheet if kind == "excel" else None),
    }


def read_data(
    path: str | os.PathLike[str],
    progress: Callable[[str], None] | None = None,
    after_seconds: float = 2.0,
    *,
    sep: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Read a CSV, JSON lines, JSON, Parquet or Excel file into a DataFrame.

    ``sep`` and ``encoding`` (CSV; ``encoding`` also JSON) replace what is
    detected; ``sheet`` names the sheet of a workbook. Text files are read in
    chunks. When ``progress`` is given and reading takes longer than
    ``after_seconds``, a progress bar is drawn on standard error if it is a
    terminal and tqdm is installed (``svcstandards[progress]``); otherwise
    ``progress`` is called after each chunk with a line such as ``"read
    1,500,000 rows of calls.csv (310 MB)"``. Either way it is called at the
    end with ``"read 42,078 rows from calls.csv"``. Timestamps stay as read
    (ISO strings are parsed when a standard uses the column). A named index
    that pandas stored in a Parquet file comes back as a column.
    """
    kind = data_format(path)
    sep, encoding = _separator(sep), _encoding(encoding)
    _check_options(kind, sep, encoding, sheet)
    name = Path(path).name
    started = time.perf_counter()
    if kind == "parquet":
        table: pd.DataFrame = _parquet(_pyarrow_parquet().read_table, path).to_pandas()
        if any(index is not None for index in table.index.names):
            table = table.reset_index()
        return _finished(table, name, progress, started, after_seconds)
    if kind == "excel":
        book, chosen = _read_excel(path, sheet)
        return _finished(_with_lines(book, path, kind, chosen), name, progress, started, after_seconds)
    if kind == "jsonl" and _is_json_array(path, encoding):
        return _finished(_read_json_array(path, encoding), name, progress, started, after_seconds)
    options = {"encoding": encoding or "utf-8"} if kind == "jsonl" else _csv_options(path, sep, encoding)[0]
    size = os.path.getsize(path)
    chunks: list[pd.DataFrame] = []
    rows = 0
    translate = _read_errors(path, kind, options)
    bar = _progress_bar(size, name, after_seconds) if progress is not None else None
    try:
        with warnings.catch_warnings(), _open_binary(path) as (raw, content):
            warnings.simplefilter("error", pd.errors.ParserWarning)
            reader = (
                pd.read_json(content, lines=True, chunksize=CHUNK_ROWS, **options, **_JSON_OPTIONS)
                if kind == "jsonl"
                else pd.read_csv(content, chunksize=CHUNK_ROWS, low_memory=False, **options)
            )
            with reader as chunked:
                for chunk in chunked:
                    chunks.append(chunk)
                    rows += len(chunk)
                    if bar is not None:
                        bar.update(raw.tell() - bar.n)
                    elif progress is not None and time.perf_counter() - started > after_seconds:
                        progress(f"read {rows:,} rows of {name} ({size / 1e6:,.0f} MB)")
            if not chunks and kind == "csv":  # only a header: its columns, no rows
                with _open_binary(path) as (_, again):
                    chunks.append(pd.read_csv(again, nrows=0, **options))
    except DataError:
        raise
    except (ValueError, pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        raise translate(exc) from None
    finally:
        if bar is not None:
            bar.close()
    frame: pd.DataFrame = (
        pd.DataFrame() if not chunks else pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    )
    if options.get("sep") == ";":
        frame = _decimal_commas(frame)
    return _finished(_with_lines(frame, path, kind), name, progress, started, after_seconds)


def _finished(
    frame: pd.DataFrame, name: str, progress: Callable[[str], None] | None, started: float, after_seconds: float
) -> pd.DataFrame:
    if progress is not None and time.perf_counter() - started > after_seconds:
        progress(f"read {len(frame):,} row{'s' if len(frame) != 1 else ''} from {name}")
    return frame


def read_sample(
    path: str | os.PathLike[str],
    rows: int | None = None,
    *,
    sep: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> tuple[pd.DataFrame, bool]:
    """The first ``rows`` rows (default :data:`SAMPLE_ROWS`) of a data file, and whether that is the whole file."""
    rows = SAMPLE_ROWS if rows is None else rows
    kind = data_format(path)
    sep, encoding = _separator(sep), _encoding(encoding)
    _check_options(kind, sep, encoding, sheet)
    if kind == "parquet":
        pq = _pyarrow_parquet()
        file = _parquet(pq.ParquetFile, path)
        total = file.metadata.num_rows
        batches, count = [], 0
        for batch in file.iter_batches(batch_size=max(rows, 1)):  # batches end at row groups: gather enough
            batches.append(batch)
            count += batch.num_rows
            if count >= rows:
                break
        import pyarrow as pa

        table = pa.Table.from_batches(batches, schema=file.schema_arrow).to_pandas()
        if any(name is not None for name in table.index.names):
            table = table.reset_index()
        return table.iloc[:rows].reset_index(drop=True), total <= rows
    chosen: str | None = None
    if kind == "excel":
        frame, chosen = _read_excel(path, sheet, rows=rows + 1)
    elif kind == "jsonl" and _is_json_array(path, encoding):
        kind = "json"  # records named by position, not line
        frame = _read_json_array(path, encoding)
    else:
        options = {"encoding": encoding or "utf-8"} if kind == "jsonl" else _csv_options(path, sep, encoding)[0]
        try:
            with warnings.catch_warnings(), _open_binary(path) as (_, content):
                warnings.simplefilter("error", pd.errors.ParserWarning)
                if kind == "jsonl":
                    frame = pd.read_json(content, lines=True, nrows=rows + 1, **options, **_JSON_OPTIONS)
                else:
                    frame = pd.read_csv(content, nrows=rows + 1, low_memory=False, **options)
        except (ValueError, pd.errors.ParserError, pd.errors.ParserWarning) as exc:
            raise _read_errors(path, kind, options)(exc) from None
        if options.get("sep") == ";":
            frame = _decimal_commas(frame)
    whole = len(frame) <= rows
    return _with_lines(frame.iloc[:rows].reset_index(drop=True), path, kind, chosen), whole


def _with_lines(frame: pd.DataFrame, path: str | os.PathLike[str], kind: str, sheet: str | None = None) -> pd.DataFrame:
    """Note in ``frame.attrs`` which line of the file row 0 is (CSV: after the header; Excel: the sheet row).

    For a workbook, ``sheet`` is the sheet's name: messages then say ``row 3 of sheet Calls``.
    """
    if kind in ("csv", "jsonl", "excel") and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0:
        first = 1 if kind == "jsonl" else 2
        where: dict[str, Any] = {"source": Path(path).name, "first": first, "rows": len(frame)}
        if kind == "excel" and sheet is not None:
            where["sheet"] = sheet
        frame.attrs[LINES_ATTR] = where
    return frame
