"""PySpark for the lazy engine: a Spark DataFrame scored where it is, in any SparkSession.

narwhals drives PySpark lazily, so the engine's rules, periods and counting
run on Spark unchanged; this module holds what is Spark's own: the time-zone
hook, durations for ``breaches()``, reading a path, and a pandas DataFrame
made into a Spark DataFrame.

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

__all__ = ["add_times", "durations", "read_path", "session", "to_spark", "with_seconds"]

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
