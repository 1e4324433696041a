"""What the engine tests share: the engines to run on, data in each engine's type, and the comparison.

``table(engine, standards, data)`` scores ``data`` on the pandas engine and on
``engine`` and asserts the results tables, counts and problems are the same
(counts exactly, shares and statistics to 1e-9). Lazy engines whose extra is
not installed are skipped with the reason shown.

Spark starts one local session per test run (:func:`spark_session`, about
20 s); it runs a subset of the engine tests (``SPARK``, with every primitive)
and its own time-zone tests, and is skipped when PySpark or Java is missing.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import svcstandards
from svcstandards import StandardSet, evaluate

HERE = Path(__file__).parent
CONTACT_CENTRE = HERE.parent / "standards" / "contact-centre.yaml"
T0 = pd.Timestamp("2026-03-02 09:00:00")  # a Monday
COUNTS = ["n", "met", "missed", "pending", "excluded", "invalid"]


def _engine(name: str) -> Any:
    missing = [m for m in (name, "narwhals") if importlib.util.find_spec(m) is None]
    reason = f"{' and '.join(missing)} not installed (pip install svcstandards[{name}])"
    return pytest.param(name, marks=pytest.mark.skipif(bool(missing), reason=reason))


def _spark() -> Any:
    missing = [m for m in ("pyspark", "narwhals") if importlib.util.find_spec(m) is None]
    reason = f"{' and '.join(missing)} not installed (pip install svcstandards[spark])"
    if not missing and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing, reason = ["java"], "Spark needs Java (OpenJDK 17): java is not on PATH and JAVA_HOME is not set"
    return pytest.param("spark", marks=pytest.mark.skipif(bool(missing), reason=reason))


LAZY = [_engine("polars"), _engine("duckdb")]
ENGINES = [pytest.param("pandas"), *LAZY]
#: Spark alone (skipped visibly without PySpark or Java), and the engines with Spark for the tests Spark runs too.
SPARK = _spark()
WITH_SPARK = [*ENGINES, SPARK]


@functools.cache
def spark_session() -> Any:
    """One local Spark session for the whole test run: two cores, no web UI, few shuffle partitions."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("svcstandards-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_frame(data: pd.DataFrame) -> Any:
    """``data`` as a Spark DataFrame with explicit types: naive datetimes ``TIMESTAMP_NTZ``, aware ``TIMESTAMP``."""
    from pyspark.sql import types as st

    def spark_type(column: pd.Series) -> Any:
        dtype = column.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return st.TimestampType()
        if pd.api.types.is_datetime64_dtype(dtype):
            return st.TimestampNTZType()
        if pd.api.types.is_timedelta64_dtype(dtype):
            return st.DayTimeIntervalType()
        if pd.api.types.is_bool_dtype(dtype):
            return st.BooleanType()
        if pd.api.types.is_integer_dtype(dtype):
            return st.LongType()
        if pd.api.types.is_float_dtype(dtype):
            return st.DoubleType()
        values = column.dropna()
        if len(values) and values.map(lambda v: isinstance(v, bool)).all():
            return st.BooleanType()
        return st.StringType()

    schema = st.StructType([st.StructField(str(name), spark_type(data[name]), True) for name in data.columns])
    return spark_session().createDataFrame(data, schema)


def on(engine: str, data: pd.DataFrame) -> Any:
    """``data`` as the engine takes it."""
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(data)
    if engine == "duckdb":
        import duckdb

        return duckdb.from_df(data)
    if engine == "spark":
        return spark_frame(data)
    return data


def load(text: str) -> StandardSet:
    return svcstandards.loads(textwrap.dedent(text))


def table(engine: str, standards: StandardSet, data: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """The engine's results table, asserted equal to the pandas engine's (and so its outcome counts and warnings)."""
    expected = evaluate(standards, data, **options)
    report = evaluate(standards, on(engine, data), **options)
    found = report.to_frame()
    pd.testing.assert_frame_equal(found, expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    pd.testing.assert_frame_equal(report.counts(), expected.counts())
    assert report.problems == expected.problems
    return found


def counts(found: pd.DataFrame, standard: str) -> list[dict[str, Any]]:
    rows = found[found["standard"] == standard]
    return [{c: int(row[c]) for c in COUNTS} for _, row in rows.iterrows()]


def expect(n: int, met: int, missed: int, pending: int = 0, excluded: int = 0, invalid: int = 0) -> dict[str, int]:
    return {"n": n, "met": met, "missed": missed, "pending": pending, "excluded": excluded, "invalid": invalid}


def calls(answered: list[float | None], abandoned: list[float | None] | None = None, **extra: Any) -> pd.DataFrame:
    """Call i is offered at T0 + i minutes, answered / abandoned that many seconds later."""
    offered = [T0 + pd.Timedelta(minutes=i) for i in range(len(answered))]
    abandoned = abandoned if abandoned is not None else [None] * len(answered)

    def after(seconds: float | None, start: pd.Timestamp) -> Any:
        return pd.NaT if seconds is None else start + pd.Timedelta(seconds=seconds)

    return pd.DataFrame(
        {
            "offered_at": pd.to_datetime(offered),
            "answered_at": pd.to_datetime([after(s, o) for s, o in zip(answered, offered, strict=True)]),
            "abandoned_at": pd.to_datetime([after(s, o) for s, o in zip(abandoned, offered, strict=True)]),
            **extra,
        }
    )
