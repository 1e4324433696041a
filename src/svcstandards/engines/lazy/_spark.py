"""PySpark for the lazy engine: a Spark DataFrame scored where it is, in any SparkSession.

narwhals drives PySpark lazily, so the engine's rules, periods and counting
run on Spark unchanged; this module holds what is Spark's own: the time-zone
hook, durations for ``breaches()``, reading a path, a pandas DataFrame
made into a Spark DataFrame, the as-of join of business calendars, and the
order of rows as read (an event log's ties of time).

Spark's ``TIMESTAMP`` columns are instants (like aware pandas columns);
``TIMESTAMP_NTZ`` columns are wall-clock times in the file's time zone (like
naive pandas columns). Nothing here depends on the session's time zone
(``spark.sql.session.timeZone``): an instant is read with ``unix_micros``, a
wall clock of an NTZ column from its fields (its date and time of day, which
Spark reads without a zone), and the wall clock of an instant in the file's
zone with ``from_utc_timestamp``, all with explicit zones. Spark's interval
columns (``INTERVAL DAY TO SECOND``), which narwhals does not type, are read
as float seconds.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ._format_tokens import format_tokens

__all__ = [
    "add_times",
    "durations",
    "java_pattern",
    "join_asof",
    "parse_times",
    "read_path",
    "session",
    "times_from_us",
    "to_spark",
    "unsupported_on_spark",
    "with_read_order",
    "with_row_order",
    "with_seconds",
]

DAY_US = 86_400 * 10**6
_TIMESTAMP_TYPE = "spark.sql.timestampType"


def session() -> Any:
    """The active SparkSession, or a new one (local unless Spark is configured otherwise)."""
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() or SparkSession.builder.appName("svcstandards").getOrCreate()


def to_spark(data: pd.DataFrame, spark: Any = None) -> Any:
    """``data`` as a Spark DataFrame in ``spark`` (default: :func:`session`), with explicit types.

    Naive datetimes become ``TIMESTAMP_NTZ`` (wall-clock times), aware ones
    ``TIMESTAMP`` (instants), whatever the session's time zone; the other
    types are those Arrow gives the columns. The caller's frame is not changed.
    """
    import pyarrow as pa
    from pyspark.sql import types as st
    from pyspark.sql.pandas.types import from_arrow_type

    spark = session() if spark is None else spark
    arrow = pa.Schema.from_pandas(data, preserve_index=False)
    fields = []
    for field in arrow:
        if pa.types.is_timestamp(field.type):
            kind: Any = st.TimestampType() if field.type.tz else st.TimestampNTZType()
        elif pa.types.is_null(field.type):
            kind = st.StringType()  # a column with no value at all
        else:
            kind = from_arrow_type(field.type, prefer_timestamp_ntz=True)
        fields.append(st.StructField(str(field.name), kind, nullable=True))
    return spark.createDataFrame(data, st.StructType(fields))


def read_path(path: str | os.PathLike[str]) -> Any:
    """The Parquet or CSV file(s) at ``path`` (a glob too) as a lazy Spark DataFrame of the active session.

    A CSV's times without an offset are read as ``TIMESTAMP_NTZ`` (wall-clock
    times in the file's zone, as Polars and DuckDB read them), with an offset
    as instants.
    """
    text = os.fspath(path)
    spark = session()
    if Path(text).suffix.lower() != ".csv":
        return spark.read.parquet(text)
    # the CSV's schema is inferred now, when the reader is called: times without an offset as TIMESTAMP_NTZ
    previous = spark.conf.get(_TIMESTAMP_TYPE, None)
    spark.conf.set(_TIMESTAMP_TYPE, "TIMESTAMP_NTZ")
    try:
        return spark.read.options(header=True, inferSchema=True).csv(text)
    finally:
        if previous is None:
            spark.conf.unset(_TIMESTAMP_TYPE)
        else:
            spark.conf.set(_TIMESTAMP_TYPE, previous)


def with_seconds(native: Any) -> Any:
    """``native`` with its interval columns (``INTERVAL DAY TO SECOND``) as float seconds, same names."""
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st

    intervals = [f.name for f in native.schema.fields if isinstance(f.dataType, st.DayTimeIntervalType)]
    if not intervals:
        return native
    return native.withColumns({name: _interval_seconds(sf, sf.col(name)) for name in intervals})


def _interval_seconds(sf: Any, column: Any) -> Any:
    """Seconds of an interval, from its fields (days are 24 hours in an ``INTERVAL DAY TO SECOND``)."""

    def part(name: str) -> Any:
        return sf.date_part(sf.lit(name), column)

    whole = part("DAY").cast("long") * 86_400 + part("HOUR").cast("long") * 3_600 + part("MINUTE").cast("long") * 60
    return whole.cast("double") + part("SECOND").cast("double")


def add_times(native: Any, columns: Sequence[Any], timezone: str) -> Any:
    """``native`` with the int64 microsecond columns ``columns`` (``TimeColumn``, see :class:`Backend`)."""
    from pyspark.sql import functions as sf

    added = {}
    for column in columns:
        source = sf.col(column.source)
        if column.kind == "epoch" and _is_ntz(native, column.source):
            added[column.name] = _wall_micros(sf, source)
            continue
        if column.kind == "local_us":
            source = sf.timestamp_micros(source)
        if column.kind != "epoch":  # the instant shifted by the zone's offset: its UTC reading is the wall clock
            source = sf.from_utc_timestamp(source, timezone)
        added[column.name] = sf.unix_micros(source)
    return native.withColumns(added)


def durations(native: Any, columns: Sequence[str]) -> Any:
    """``native`` with the float seconds in ``columns`` as intervals (to the microsecond)."""
    from pyspark.sql import functions as sf

    micro = sf.lit(datetime.timedelta(microseconds=1))
    return native.withColumns({c: micro * sf.round(sf.col(c) * 1e6).cast("long") for c in columns})


def _is_ntz(native: Any, column: str) -> bool:
    from pyspark.sql import types as st

    return isinstance(native.schema[column].dataType, st.TimestampNTZType)


def _wall_micros(sf: Any, column: Any) -> Any:
    """A ``TIMESTAMP_NTZ``'s clock reading in microseconds since 1970, from its fields (no time zone involved)."""
    day = sf.unix_date(column.cast("date")).cast("long") * DAY_US
    minutes = sf.hour(column).cast("long") * 60 + sf.minute(column).cast("long")
    seconds = sf.date_part(sf.lit("SECOND"), column) * 1_000_000  # with the fraction: decimal(8, 6)
    return day + minutes * 60_000_000 + seconds.cast("long")


# -- business calendars: the backward as-of join -------------------------------------
def join_asof(native: Any, key: str, table: dict[str, list[int]], on: str) -> Any:
    """``native`` with the columns of the small ``table`` (sorted by ``on``) of its last row at or before ``key``.

    Spark has no as-of join: each row is joined to the interval ``on <= key < next on`` by an equi-join on
    the day of ``key`` (clamped to the table's days) against a small table, broadcast, that lists per day
    the rows starting that day and the last row starting before it. A hash join: O(n) for the n rows
    (each probes the rows of its day, a handful) and O(k + days) to build the small table; null where
    ``key`` is null or before the first row.
    """
    import numpy as np
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st

    starts = np.asarray(table[on], dtype=np.int64)
    if starts.size == 0:
        return native.withColumns({name: sf.lit(None).cast("long") for name in table})
    following = np.append(starts[1:], np.iinfo(np.int64).max)
    first, last = int(starts[0] // DAY_US), int(starts[-1] // DAY_US)
    days = np.arange(first, last + 1, dtype=np.int64)
    carried = np.searchsorted(starts, days * DAY_US, side="left") - 1  # the last row starting before each day
    has = carried >= 0
    bucket = np.concatenate([days[has], starts // DAY_US])
    index = np.concatenate([carried[has], np.arange(starts.size)])
    columns = {"__svc_jday": bucket, "__svc_jnext": following[index]}
    columns.update({name: np.asarray(values, dtype=np.int64)[index] for name, values in table.items()})
    schema = st.StructType([st.StructField(name, st.LongType(), True) for name in columns])
    small = native.sparkSession.createDataFrame(pd.DataFrame(columns), schema)
    day = sf.least(sf.greatest(sf.floor(sf.col(key) / DAY_US).cast("long"), sf.lit(first)), sf.lit(last))
    rows = native.withColumn("__svc_jkey", day)
    condition = (
        (rows["__svc_jkey"] == small["__svc_jday"]) & (small[on] <= rows[key]) & (rows[key] < small["__svc_jnext"])
    )
    joined = rows.join(sf.broadcast(small), condition, "left")
    return joined.select(*[rows[c] for c in native.columns], *[small[name] for name in table])


# -- data as exported ------------------------------------------------------------------
#: The strftime directives of a ``format:`` (those :mod:`._layouts` accepts) as Java datetime pattern letters.
_PATTERN = {"Y": "yyyy", "m": "M", "d": "d", "H": "H", "M": "m", "S": "s", "y": "yy", "I": "h", "p": "a", "b": "MMM"}
#: Spark reads a fraction of up to six digits (more digits do not read: the value is unreadable).
_FRACTION = "SSSSSS"
#: What Python's ``str.isspace()`` holds for (the blanks a blank of a layout matches a run of).
_BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def java_pattern(format: str) -> str:
    """``format`` (a strftime layout of the directives :mod:`._layouts` accepts) as a Java datetime pattern.

    Every other character is a quoted literal; a run of blanks is one blank (the text's runs of blanks are
    made one blank before it is read, as Python's strptime lets a blank match any run of them).
    """
    parts: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            parts.append("'" + "".join(literal).replace("'", "''") + "'")
            literal.clear()

    for kind, char in format_tokens(format):
        if kind == "directive" and char != "%":  # %% is a literal %
            flush()
            parts.append(_FRACTION if char == "f" else _PATTERN[char])
        else:
            literal.append("%" if kind == "directive" else char)
    flush()
    return "".join(parts)


def unsupported_on_spark(format: str) -> str | None:
    """What of ``format`` Spark does not read as pandas does (``None``: all of it), for a refusal by name."""
    if "%p" in format and "%I" not in format:
        return "%p without %I"
    if "%I" in format and "%p" not in format:
        return "%I without %p"
    return None


def parse_times(native: Any, columns: Any) -> Any:
    """``native`` with ``TIMESTAMP_NTZ`` columns ``name`` read from text in a strftime layout (``name ->
    (source, format)``) by Spark's own parser, null where a value does not read.

    The text is read with an offset of +0000 appended (``try_to_timestamp``, then its microseconds), so the
    session's time zone plays no part; Spark's ``yy`` reads 69 to 99 as 2069 to 2099 where Python reads
    1969 to 1999: those are moved back a century.
    """
    from pyspark.sql import functions as sf

    added = {}
    for name, (source, format) in columns.items():
        text = sf.regexp_replace(sf.col(source), f"[{_BLANKS}]+", " ")
        pattern = sf.lit(java_pattern(format) + " xx")
        read = sf.try_to_timestamp(sf.concat(text, sf.lit(" +0000")), pattern)
        parsed = _ntz(sf, sf.unix_micros(read))
        if "%y" in format:
            parsed = sf.when(sf.year(parsed) >= 2069, sf.timestamp_add("YEAR", sf.lit(-100), parsed)).otherwise(parsed)
        added[name] = parsed
    return native.withColumns(added)


def _ntz(sf: Any, micros: Any) -> Any:
    """A ``TIMESTAMP_NTZ`` from microseconds since 1970 of its clock (no time zone involved)."""
    return sf.timestamp_add("MICROSECOND", micros, sf.lit("1970-01-01 00:00:00").cast("timestamp_ntz"))


def times_from_us(native: Any, columns: Any) -> Any:
    """``native`` with ``TIMESTAMP_NTZ`` columns ``name`` from int64 microseconds since 1970 (``name -> source``)."""
    from pyspark.sql import functions as sf

    return native.withColumns({name: _ntz(sf, sf.col(source)) for name, source in columns.items()})


def with_row_order(native: Any, name: str) -> Any:
    """``native`` with an int64 column ``name`` increasing in the order Spark reads its rows, one pass, no
    shuffle: ``monotonically_increasing_id`` (the partition's index in the upper bits, the row's place in its
    partition in the lower ones), unique and in the order of the partitions, with gaps between partitions.

    An event log's events are ordered by (time, this number) within an interaction, so events with the
    same time keep the order of the files (of their partitions); the number also tells rows apart (each
    interaction's first event, each reply cycle's start), so it must be the same each time the DataFrame
    is computed: true of files and of local data, not of rows out of a shuffle (see docs/engines.md).
    """
    from pyspark.sql import functions as sf

    return native.withColumn(name, sf.monotonically_increasing_id())


def with_read_order(native: Any, name: str) -> Any:
    """``native`` with an int64 column ``name`` numbering its rows from 0 in the order Spark reads them
    (``monotonically_increasing_id`` follows the partitions in order). A window over all rows in one
    partition: O(n log n), for the few small queries that name rows (a first value, examples)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as sf

    marked = with_row_order(native, "__svc_mono")
    number = sf.row_number().over(Window.orderBy("__svc_mono")).cast("long") - 1
    return marked.withColumn(name, number).drop("__svc_mono")
