"""Reading interaction data for the command line: CSV, JSON lines, Parquet.

Library users pass DataFrames; these helpers serve ``svcstandards validate
--columns`` and ``svcstandards evaluate``. Parquet needs the optional
``pyarrow`` (``pip install 'svcstandards[parquet]'``).

A frame read here says where its rows came from in ``frame.attrs``
(:data:`~svcstandards._columns.LINES_ATTR`): data problems then name the
line of a CSV or JSON lines file (a CSV's header is line 1, so row 0 is
line 2), assuming one line per record.
"""

from __future__ import annotations

import csv
import errno
import gzip
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from .engines._columns import LINES_ATTR
from .errors import MissingDependencyError

__all__ = ["CHUNK_ROWS", "SAMPLE_ROWS", "data_format", "read_column_names", "read_data", "read_sample"]

CHUNK_ROWS = 500_000
SAMPLE_ROWS = 100_000  # rows `validate --columns` reads to check where values
# JSON values stay as written (ISO strings are parsed when a standard uses the column). pandas 2
# still turns *_at columns into dates with dtype=False; pandas 3 does not and deprecates the keyword.
_JSON_OPTIONS: dict[str, Any] = {"dtype": False}
if int(pd.__version__.split(".")[0]) < 3:
    _JSON_OPTIONS["convert_dates"] = False


def data_format(path: str | os.PathLike[str]) -> str:
    """``csv``, ``jsonl`` or ``parquet``, by the file's ending (``.gz`` allowed for text)."""
    name = Path(path).name.lower().removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


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


def read_column_names(path: str | os.PathLike[str]) -> list[str]:
    """The column names of a data file, reading only its header (or schema)."""
    kind = data_format(path)
    if kind == "parquet":
        schema = _parquet(_pyarrow_parquet().read_schema, path)
        names = list(schema.names)
        # a named index that pandas stored as metadata only (a RangeIndex): read_data makes it a column
        for index in (schema.pandas_metadata or {}).get("index_columns", []):
            if isinstance(index, dict) and index.get("name") is not None and index["name"] not in names:
                names.append(index["name"])
        return names
    if kind == "jsonl":
        with _open_text(path) as handle:
            first = handle.readline()
        record = json.loads(first) if first.strip() else {}
        return list(record) if isinstance(record, dict) else []
    with _open_text(path) as handle:
        return next(csv.reader(handle), [])


def _open_text(path: str | os.PathLike[str]) -> TextIO:
    if str(path).lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")  # caller closes it
    return open(path, encoding="utf-8-sig", newline="")


def read_data(
    path: str | os.PathLike[str], progress: Callable[[str], None] | None = None, after_seconds: float = 2.0
) -> pd.DataFrame:
    """Read a CSV, JSON lines or Parquet file into a DataFrame.

    Text files are read in chunks; when reading takes longer than
    ``after_seconds``, ``progress`` is called with a line such as
    ``"read 1,500,000 rows of calls.csv (310 MB)"``. Timestamps stay as
    read (ISO strings are parsed when a standard uses the column). A named
    index that pandas stored in a Parquet file comes back as a column.
    """
    kind = data_format(path)
    if kind == "parquet":
        table: pd.DataFrame = _parquet(_pyarrow_parquet().read_table, path).to_pandas()
        if any(name is not None for name in table.index.names):
            table = table.reset_index()
        return table
    size = os.path.getsize(path)
    started = time.perf_counter()
    chunks: list[pd.DataFrame] = []
    rows = 0
    reader = (
        pd.read_json(path, lines=True, chunksize=CHUNK_ROWS, **_JSON_OPTIONS)
        if kind == "jsonl"
        else pd.read_csv(path, chunksize=CHUNK_ROWS, low_memory=False)
    )
    with reader as chunked:
        for chunk in chunked:
            chunks.append(chunk)
            rows += len(chunk)
            if progress is not None and time.perf_counter() - started > after_seconds:
                progress(f"read {rows:,} rows of {Path(path).name} ({size / 1e6:,.0f} MB)")
    if not chunks:
        return pd.read_csv(path) if kind == "csv" else pd.DataFrame()
    frame: pd.DataFrame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return _with_lines(frame, path, kind)


def read_sample(path: str | os.PathLike[str], rows: int | None = None) -> tuple[pd.DataFrame, bool]:
    """The first ``rows`` rows (default :data:`SAMPLE_ROWS`) of a data file, and whether that is the whole file."""
    rows = SAMPLE_ROWS if rows is None else rows
    kind = data_format(path)
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
    if kind == "jsonl":
        frame = pd.read_json(path, lines=True, nrows=rows + 1, **_JSON_OPTIONS)
    else:
        frame = pd.read_csv(path, nrows=rows + 1, low_memory=False)
    whole = len(frame) <= rows
    return _with_lines(frame.iloc[:rows].reset_index(drop=True), path, kind), whole


def _with_lines(frame: pd.DataFrame, path: str | os.PathLike[str], kind: str) -> pd.DataFrame:
    """Note in ``frame.attrs`` which line of the file row 0 is (CSV: after the header)."""
    if kind in ("csv", "jsonl") and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0:
        frame.attrs[LINES_ATTR] = {"source": Path(path).name, "first": 2 if kind == "csv" else 1, "rows": len(frame)}
    return frame
