"""What differs between the lazy backends: reading the data, and time zones.

Everything else of the lazy engine is written once, against narwhals' lazy
API. Two things are not: opening a path (Polars or DuckDB scans it), and
time-zone arithmetic, which narwhals does not offer on DuckDB (its
``convert_time_zone`` supports only the connection's zone). Time zones are
therefore one small hook per backend, :meth:`Backend.add_times`, which
adds int64 columns of microseconds computed with the backend's own
functions. The data's columns are only ever referred to by name (as column
expressions), never pasted into SQL text.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ...errors import UsageError

__all__ = ["ACCEPTED", "Backend", "TimeColumn", "backend_name", "open_lazy"]

#: What ``evaluate`` accepts as data, in words (for the message when it gets something else).
ACCEPTED = (
    "a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation, "
    "or the path (or glob) of Parquet or CSV files"
)

#: ``epoch``: a datetime column's own clock reading as microseconds since 1970 (an instant for an
#: aware column, the wall clock for a naive one); ``local``: the wall clock in the file's time zone,
#: in microseconds, of an aware datetime column; ``local_us``: the same of an int64 column of instants.
TimeKind = Literal["epoch", "local", "local_us"]


@dataclass(frozen=True)
class TimeColumn:
    """One int64 column to add: ``name`` computed from ``source`` (a column) as ``kind`` says."""

    name: str
    source: str
    kind: TimeKind


def backend_name(data: Any) -> str | None:
    """``polars`` or ``duckdb`` for the lazy data this engine reads; ``None`` for anything else.

    Looks at the types without importing Polars or DuckDB: data of theirs means they are loaded.
    """
    polars = sys.modules.get("polars")
    if polars is not None and isinstance(data, polars.DataFrame | polars.LazyFrame):
        return "polars"
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(data, duckdb.DuckDBPyRelation):
        return "duckdb"
    if isinstance(data, str | os.PathLike) and _suffix(data) in (".parquet", ".pq", ".csv"):
        return "polars" if _installed("polars") else ("duckdb" if _installed("duckdb") else "missing")
    return None


def open_lazy(data: Any) -> tuple[Any, Backend]:
    """The data as a narwhals LazyFrame, and its backend (a path is scanned, not read)."""
    name = backend_name(data)
    if name == "missing":
        raise UsageError(
            "reading Parquet or CSV files lazily needs Polars or DuckDB; "
            "install svcstandards[polars] or svcstandards[duckdb], or read the file with pandas"
        )
    nw = _narwhals()
    if isinstance(data, str | os.PathLike):
        data = _scan(data, name)
    if name == "polars" and not hasattr(data, "collect"):
        data = data.lazy()
    frame = nw.from_native(data)
    if name == "duckdb" and not isinstance(frame, nw.LazyFrame):  # pragma: no cover - narwhals reads relations lazily
        frame = frame.lazy()
    return frame, (_PolarsBackend() if name == "polars" else _DuckDBBackend())


def _narwhals() -> Any:
    try:
        import narwhals.stable.v2 as nw
    except ImportError as error:
        raise UsageError(
            "evaluating Polars or DuckDB data needs narwhals; install svcstandards[polars] or svcstandards[duckdb]"
        ) from error
    return nw


def _installed(module: str) -> bool:
    if module in sys.modules:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _suffix(path: str | os.PathLike[str]) -> str:
    return Path(os.fspath(path)).suffix.lower()


def _scan(path: str | os.PathLike[str], backend: str | None) -> Any:
    text, suffix = os.fspath(path), _suffix(path)
    if backend == "polars":
        import polars as pl

        return pl.scan_csv(text, try_parse_dates=True) if suffix == ".csv" else pl.scan_parquet(text)
    import duckdb

    return duckdb.read_csv(text) if suffix == ".csv" else duckdb.read_parquet(text)


class Backend:
    """The per-backend hook: time-zone arithmetic on the native frame."""

    name = ""

    def add_times(self, frame: Any, columns: list[TimeColumn], timezone: str) -> Any:
        """``frame`` (narwhals LazyFrame) with the int64 microsecond columns ``columns``."""
        if not columns:
            return frame
        nw = _narwhals()
        return nw.from_native(self._add(frame.to_native(), columns, timezone))

    def _add(self, native: Any, columns: list[TimeColumn], timezone: str) -> Any:
        raise NotImplementedError

    def with_row_number(self, frame: Any, name: str) -> Any:
        """``frame`` with an int64 column ``name`` numbering its rows from 0 in the order they are read
        (the order an event log's ties of time are kept in)."""
        return _narwhals().from_native(self._row_number(frame.to_native(), name))

    def _row_number(self, native: Any, name: str) -> Any:
        raise NotImplementedError


class _PolarsBackend(Backend):
    name = "polars"

    def _add(self, native: Any, columns: list[TimeColumn], timezone: str) -> Any:
        import polars as pl

        exprs = []
        for column in columns:
            source = pl.col(column.source)
            if column.kind == "local_us":
                source = pl.from_epoch(source, time_unit="us").dt.replace_time_zone("UTC")
            if column.kind != "epoch":
                source = source.dt.convert_time_zone(timezone).dt.replace_time_zone(None)
            exprs.append(source.dt.epoch("us").cast(pl.Int64).alias(column.name))
        return native.with_columns(exprs)

    def _row_number(self, native: Any, name: str) -> Any:
        import polars as pl

        return native.with_row_index(name).with_columns(pl.col(name).cast(pl.Int64))


class _DuckDBBackend(Backend):
    name = "duckdb"

    def _add(self, native: Any, columns: list[TimeColumn], timezone: str) -> Any:
        import duckdb

        def call(function: str, *args: Any) -> Any:
            return duckdb.FunctionExpression(function, *args)

        zone = duckdb.ConstantExpression(timezone)
        exprs = [duckdb.StarExpression()]
        for column in columns:
            source = duckdb.ColumnExpression(column.source)
            if column.kind == "local_us":  # microseconds -> TIMESTAMP (read as UTC) -> TIMESTAMPTZ
                source = call("timezone", duckdb.ConstantExpression("UTC"), call("make_timestamp", source))
            if column.kind != "epoch":  # TIMESTAMPTZ -> the wall clock in the zone, a TIMESTAMP
                source = call("timezone", zone, source)
            exprs.append(call("epoch_us", source).alias(column.name))
        return native.select(*exprs)

    def _row_number(self, native: Any, name: str) -> Any:
        import duckdb

        # a window over the whole relation, in the order its rows are read (DuckDB keeps the insertion order)
        number = duckdb.SQLExpression("row_number() OVER () - 1").cast(duckdb.sqltype("BIGINT"))
        return native.select(duckdb.StarExpression(), number.alias(name))
