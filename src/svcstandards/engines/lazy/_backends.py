"""What differs between the lazy backends: reading the data, and time zones.

Everything else of the lazy engine is written once, against narwhals' lazy
API. Two things are not: opening a path (Polars, DuckDB or Spark reads it), and
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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ...errors import UsageError
from ._spark import add_times as spark_add_times
from ._spark import durations as spark_durations
from ._spark import join_asof as spark_join_asof
from ._spark import parse_times as spark_parse_times
from ._spark import read_path as spark_read_path
from ._spark import times_from_us as spark_times_from_us
from ._spark import to_spark, with_seconds
from ._spark import unsupported_on_spark as spark_unsupported_format
from ._spark import with_read_order as spark_read_order
from ._spark import with_row_order as spark_row_order

__all__ = ["ACCEPTED", "ENGINES", "Backend", "TimeColumn", "backend_name", "choose_engine", "open_lazy"]

#: What ``evaluate`` accepts as data, in words (for the message when it gets something else).
ACCEPTED = (
    "a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation, a Spark DataFrame, "
    "or the path (or glob) of Parquet or CSV files"
)

#: The engines ``evaluate(..., engine=)`` and ``svcstandards evaluate --engine`` name.
ENGINES = ("pandas", "polars", "duckdb", "spark")

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
    """``polars``, ``duckdb`` or ``spark`` for the lazy data this engine reads; ``None`` for anything else.

    ``missing`` for a Parquet or CSV path when neither is installed, ``excel`` for the path of a workbook
    (which :func:`open_lazy` refuses: the pandas engine reads workbooks). Looks at the types without
    importing Polars, DuckDB or PySpark: data of theirs means they are loaded.
    """
    polars = sys.modules.get("polars")
    if polars is not None and isinstance(data, polars.DataFrame | polars.LazyFrame):
        return "polars"
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(data, duckdb.DuckDBPyRelation):
        return "duckdb"
    if isinstance(data, str | os.PathLike) and _suffix(data) in (".xlsx", ".xlsm"):
        return "excel"
    spark = sys.modules.get("pyspark.sql.dataframe")  # classic and Spark Connect DataFrames derive from it
    if spark is not None and isinstance(data, spark.DataFrame):
        return "spark"
    if isinstance(data, str | os.PathLike) and _suffix(data) in (".parquet", ".pq", ".csv"):
        return "polars" if _installed("polars") else ("duckdb" if _installed("duckdb") else "missing")
    return None


def choose_engine(data: Any, engine: str | None) -> tuple[str, Any]:
    """The engine that scores ``data`` and the data as that engine takes it.

    ``engine`` ``None`` (or ``"auto"``) follows the data: the numpy engine for a
    pandas DataFrame, Polars, DuckDB or Spark for their own data, and for a
    path Polars when installed, else DuckDB. Naming an engine converts a
    pandas DataFrame to it (Polars, DuckDB, or Spark in the active
    SparkSession) and chooses what reads a path; data of one lazy engine is
    not moved to another (collect it yourself).
    """
    if engine is not None and engine not in (*ENGINES, "auto"):
        raise UsageError(f"engine must be auto, pandas, polars, duckdb or spark, got {engine!r}")
    name = backend_name(data)
    if isinstance(data, pd.DataFrame):
        if engine in (None, "auto", "pandas"):
            return "pandas", data
        _require(engine)
        if engine == "polars":
            import polars as pl

            return "polars", pl.from_pandas(data)
        if engine == "spark":
            return "spark", to_spark(data)
        import duckdb

        return "duckdb", duckdb.connect().from_df(data)
    if name is None:
        raise UsageError(f"data must be {ACCEPTED}, got {type(data).__name__}")
    if isinstance(data, str | os.PathLike):
        if engine in (None, "auto"):
            if name == "missing":
                raise UsageError(
                    "reading Parquet or CSV files lazily needs Polars or DuckDB; install svcstandards[polars] or "
                    "svcstandards[duckdb], read the file with pandas, or pass engine='pandas'"
                )
            return name, data
        return engine, data  # pandas: read whole, by the caller
    if engine in (None, "auto", name):
        return name, data
    kind = {"polars": "a Polars frame", "duckdb": "a DuckDB relation", "spark": "a Spark DataFrame"}[name]
    raise UsageError(
        f"engine={engine!r} cannot score {kind}: it is scored where it is, by {name}; "
        f"pass engine='{name}' (or none), or convert the data yourself (e.g. to a pandas DataFrame)"
    )


def _require(engine: str) -> None:
    module = "pyspark" if engine == "spark" else engine
    if not _installed(module):
        raise UsageError(f"engine={engine!r} needs {module}; install svcstandards[{engine}]")


def open_lazy(data: Any, engine: str | None = None, csv: Mapping[str, Any] | None = None) -> tuple[Any, Backend]:
    """The data as a narwhals LazyFrame, and its backend (a path is scanned, not read; by ``engine`` if given).

    ``csv``: how a CSV path is read (``sep``, ``encoding``, ``text`` columns, ``nulls``), see
    :func:`._prepare.csv_reading`; ``None`` scans it as before (types detected).
    """
    if backend_name(data) == "excel":
        raise UsageError(
            "Excel workbooks are read by the pandas engine: read the sheet first, "
            "e.g. svcstandards.dataio.read_data(path, sheet=...) or pandas.read_excel, and evaluate that DataFrame"
        )
    name = backend_name(data) if engine is None else engine
    if name == "missing":
        raise UsageError(
            "reading Parquet or CSV files lazily needs Polars or DuckDB; "
            "install svcstandards[polars] or svcstandards[duckdb], or read the file with pandas"
        )
    if isinstance(data, str | os.PathLike):
        _require(str(name))
    nw = _narwhals()
    if isinstance(data, str | os.PathLike):
        data = _scan(data, name, csv)
    if name == "polars" and not hasattr(data, "collect"):
        data = data.lazy()
    if name == "spark":
        return nw.from_native(with_seconds(data)), _SparkBackend()
    frame = nw.from_native(data)
    if name == "duckdb" and not isinstance(frame, nw.LazyFrame):  # pragma: no cover - narwhals reads relations lazily
        frame = frame.lazy()
    return frame, (_PolarsBackend() if name == "polars" else _DuckDBBackend())


def _narwhals() -> Any:
    try:
        import narwhals.stable.v2 as nw
    except ImportError as error:
        raise UsageError(
            "evaluating Polars, DuckDB or Spark data needs narwhals; install svcstandards[polars], "
            "svcstandards[duckdb] or svcstandards[spark]"
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


def _scan(path: str | os.PathLike[str], backend: str | None, csv: Mapping[str, Any] | None = None) -> Any:
    text, suffix = os.fspath(path), _suffix(path)
    if backend == "spark":
        return spark_read_path(text)
    if backend == "polars":
        import polars as pl

        if suffix != ".csv":
            return pl.scan_parquet(text)
        if csv is None:
            return pl.scan_csv(text, try_parse_dates=True)
        options: dict[str, Any] = {
            "separator": csv["sep"],
            "try_parse_dates": True,
            "null_values": list(csv["nulls"]),
            "schema_overrides": dict.fromkeys(csv["text"], pl.String),
        }
        if csv["encoding"] in ("utf-8", "utf-8-sig"):
            return pl.scan_csv(text, **options)
        # Polars scans UTF-8 only: another encoding is decoded by Python while reading
        return pl.read_csv(text, encoding=csv["encoding"], **options).lazy()
    import duckdb

    if suffix != ".csv":
        return duckdb.read_parquet(text)
    if csv is None:
        return duckdb.read_csv(text)
    if csv["encoding"] not in ("utf-8", "utf-8-sig"):
        raise UsageError(
            f"DuckDB scans CSV files in UTF-8, not {csv['encoding']}: install Polars (svcstandards[polars]) "
            "to scan it, or read the file with pandas"
        )
    return duckdb.read_csv(
        text,
        sep=csv["sep"],
        encoding="utf-8",
        dtype=dict.fromkeys(csv["text"], "VARCHAR"),
        na_values=list(csv["nulls"]),
    )


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
        """``frame`` with an int64 column ``name`` increasing in the order its rows are read, each row's
        number its own (the order an event log's ties of time are kept in). From 0 without gaps on Polars
        and DuckDB; with gaps on Spark: number rows for a message with :meth:`with_read_order`."""
        return _narwhals().from_native(self._row_number(frame.to_native(), name))

    def _row_number(self, native: Any, name: str) -> Any:
        raise NotImplementedError

    def materialize(self, frame: Any) -> Any:
        """``frame`` computed once and held by the engine, for a table that several queries read (an event
        log's interactions: without it, each query would group the events again). Unchanged where the engine
        has no such step."""
        return _narwhals().from_native(self._materialize(frame.to_native()))

    def _materialize(self, native: Any) -> Any:
        return native

    def with_read_order(self, frame: Any, name: str) -> Any:
        """``frame`` with an int64 column ``name`` numbering its rows from 0 without gaps in the order they
        are read, for the small queries that name rows (a column's first value, examples of unreadable
        values, events without an id): :meth:`with_row_number` where that has no gaps."""
        return self.with_row_number(frame, name)

    def unsupported_format(self, format: str) -> str | None:
        """What of a strftime ``format`` this backend does not read as pandas does (``None``: all of it),
        beyond the directives no lazy backend reads (:func:`._layouts.unsupported_format`)."""
        return None

    def durations(self, native: Any, columns: list[str]) -> Any:
        """``native`` (the backend's lazy type) with the float seconds in ``columns`` as durations (to the µs)."""
        raise NotImplementedError

    # -- reading data as exported (see ._prepare) ------------------------------------
    def parse_times(self, frame: Any, columns: Mapping[str, tuple[str, str]]) -> Any:
        """``frame`` with naive datetime columns ``name`` read from text columns in a strftime format
        (``name -> (source, format)``); null where a value does not read in it."""
        if not columns:
            return frame
        return _narwhals().from_native(self._parse(frame.to_native(), columns))

    def times_from_us(self, frame: Any, columns: Mapping[str, str]) -> Any:
        """``frame`` with naive datetime columns ``name`` from int64 microseconds since 1970 (``name -> source``)."""
        if not columns:
            return frame
        return _narwhals().from_native(self._from_us(frame.to_native(), columns))

    def _parse(self, native: Any, columns: Mapping[str, tuple[str, str]]) -> Any:
        raise NotImplementedError

    def _from_us(self, native: Any, columns: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def join_asof(self, frame: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
        """``frame`` with the columns of the small ``table`` (int64 lists, sorted by ``on``) of the last row
        whose ``on`` is at or before ``key`` (null where none is, or ``key`` is null): a backward as-of join,
        O(n log n) on the frame's n rows. The table is made on the frame's own backend (and connection)."""
        nw = _narwhals()
        return nw.from_native(self._join_asof(frame.to_native(), key, table, on))

    def _join_asof(self, native: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
        raise NotImplementedError

    def stamps(self, native: Any, columns: list[str], timezone: str) -> Any:
        """``native`` (the backend's lazy type) with the int64 microseconds UTC in ``columns`` as instants:
        Polars ``Datetime("us", timezone)``, DuckDB ``TIMESTAMPTZ``, Spark ``TIMESTAMP``."""
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

    def durations(self, native: Any, columns: list[str]) -> Any:
        import polars as pl

        micros = [(pl.col(c) * 1e6).round().cast(pl.Int64) for c in columns]
        return native.with_columns([pl.duration(microseconds=m).alias(c) for m, c in zip(micros, columns, strict=True)])

    def _parse(self, native: Any, columns: Mapping[str, tuple[str, str]]) -> Any:
        import polars as pl

        exprs = []
        for name, (source, format) in columns.items():
            # Polars writes a fraction after a dot as %.f; its %y reads 69 as 2069 where Python reads 1969
            own = format.replace(".%f", "%.f")
            parsed = pl.col(source).str.strptime(pl.Datetime("us"), own, strict=False, exact=True)
            if "%y" in format:
                parsed = pl.when(parsed.dt.year() == 2069).then(parsed - pl.duration(days=36_525)).otherwise(parsed)
            exprs.append(parsed.alias(name))
        return native.with_columns(exprs)

    def _from_us(self, native: Any, columns: Mapping[str, str]) -> Any:
        import polars as pl

        return native.with_columns([pl.from_epoch(pl.col(s), time_unit="us").alias(n) for n, s in columns.items()])

    def _join_asof(self, native: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
        import polars as pl

        small = pl.LazyFrame(table, schema=dict.fromkeys(table, pl.Int64)).set_sorted(on)
        # Polars' as-of join reads both sides in key order: a sort of the rows first (nulls last)
        return native.sort(key, nulls_last=True).join_asof(small, left_on=key, right_on=on, strategy="backward")

    def stamps(self, native: Any, columns: list[str], timezone: str) -> Any:
        import polars as pl

        def stamp(name: str) -> Any:
            utc = pl.from_epoch(pl.col(name), time_unit="us").dt.replace_time_zone("UTC")
            return utc.dt.convert_time_zone(timezone).alias(name)

        return native.with_columns([stamp(c) for c in columns])

    def _row_number(self, native: Any, name: str) -> Any:
        import polars as pl

        return native.with_row_index(name).with_columns(pl.col(name).cast(pl.Int64))

    def _materialize(self, native: Any) -> Any:
        return native.collect().lazy()  # Polars holds the table in memory


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

    def _materialize(self, native: Any) -> Any:
        # the rows, computed once and held in the client (DuckDB 1.4 and later); older versions compute it again
        held = getattr(native, "materialize", None)
        return native if held is None else held()

    def durations(self, native: Any, columns: list[str]) -> Any:
        import duckdb

        def interval(name: str) -> Any:
            micros = duckdb.FunctionExpression("round", duckdb.ColumnExpression(name) * duckdb.ConstantExpression(1e6))
            return duckdb.FunctionExpression("to_microseconds", micros.cast("BIGINT")).alias(name)

        return native.select(*[interval(c) if c in columns else duckdb.ColumnExpression(c) for c in native.columns])

    def stamps(self, native: Any, columns: list[str], timezone: str) -> Any:
        import duckdb

        def stamp(name: str) -> Any:  # microseconds -> TIMESTAMP (read as UTC) -> TIMESTAMPTZ
            made = duckdb.FunctionExpression("make_timestamp", duckdb.ColumnExpression(name))
            return duckdb.FunctionExpression("timezone", duckdb.ConstantExpression("UTC"), made).alias(name)

        return native.select(*[stamp(c) if c in columns else duckdb.ColumnExpression(c) for c in native.columns])

    def _parse(self, native: Any, columns: Mapping[str, tuple[str, str]]) -> Any:
        import duckdb

        exprs = [duckdb.StarExpression()]
        for name, (source, format) in columns.items():
            parsed = duckdb.FunctionExpression(
                "try_strptime", duckdb.ColumnExpression(source), duckdb.ConstantExpression(format)
            )
            exprs.append(parsed.alias(name))
        return native.select(*exprs)

    def _from_us(self, native: Any, columns: Mapping[str, str]) -> Any:
        import duckdb

        exprs = [duckdb.StarExpression()]
        for name, source in columns.items():
            exprs.append(duckdb.FunctionExpression("make_timestamp", duckdb.ColumnExpression(source)).alias(name))
        return native.select(*exprs)

    def _join_asof(self, native: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
        # DuckDB's ASOF LEFT JOIN, run on the relation itself (so on its own connection); the text holds
        # only names made here and integers, never anything of the data or the standards file: a key of
        # another name (a derived time of an event log, named after a type) is copied under one of ours
        import duckdb

        if not key.startswith("__svc"):
            copied = duckdb.ColumnExpression(key).alias("__svc_asof_key")
            joined = self._join_asof(native.select(duckdb.StarExpression(), copied), "__svc_asof_key", table, on)
            return joined.select(duckdb.StarExpression(exclude=["__svc_asof_key"]))
        if not all(name.startswith("__svc") for name in (key, on, *table)):  # checked under python -O too
            raise AssertionError("the as-of join's SQL takes only the engine's own column names")

        def listed(values: list[int]) -> str:
            return "[" + ",".join(str(int(v)) for v in values) + "]::BIGINT[]"

        columns = ", ".join(f'unnest({listed(values)}) AS "{name}"' for name, values in table.items())
        picked = ", ".join(f'c."{name}"' for name in table)
        query = (
            f'SELECT d.*, {picked} FROM __svc_rows AS d ASOF LEFT JOIN (SELECT {columns}) AS c ON d."{key}" >= c."{on}"'
        )
        return native.query("__svc_rows", query)


class _SparkBackend(Backend):
    name = "spark"

    def _add(self, native: Any, columns: list[TimeColumn], timezone: str) -> Any:
        return spark_add_times(native, columns, timezone)

    def durations(self, native: Any, columns: list[str]) -> Any:
        return spark_durations(native, columns)

    def stamps(self, native: Any, columns: list[str], timezone: str) -> Any:
        from pyspark.sql import functions as sf

        return native.withColumns({c: sf.timestamp_micros(sf.col(c)) for c in columns})

    def _parse(self, native: Any, columns: Mapping[str, tuple[str, str]]) -> Any:
        return spark_parse_times(native, columns)

    def _from_us(self, native: Any, columns: Mapping[str, str]) -> Any:
        return spark_times_from_us(native, columns)

    def unsupported_format(self, format: str) -> str | None:
        return spark_unsupported_format(format)

    def with_read_order(self, frame: Any, name: str) -> Any:
        return _narwhals().from_native(spark_read_order(frame.to_native(), name))

    def _row_number(self, native: Any, name: str) -> Any:
        return spark_row_order(native, name)

    def _join_asof(self, native: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
        return spark_join_asof(native, key, table, on)

    def _materialize(self, native: Any) -> Any:
        # computed now, once, and held by the executors (their memory, else their disk); the lineage is cut,
        # so every later query reads the same rows (the numbers of the events' order among them)
        from pyspark.errors import PySparkException

        try:
            return native.localCheckpoint()
        except PySparkException:  # pragma: no cover - a session that does not hold data: computed again
            return native
