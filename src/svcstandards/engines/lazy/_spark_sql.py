"""Spark's counting as one SQL statement per query, instead of one call into the JVM per expression.

narwhals builds a PySpark expression one call into the JVM at a time: for
a file of contact-centre standards, thousands of calls, about a second
whatever the data's size. The same queries built on DuckDB cost nothing.
So the engine runs on a stand-in of the Spark DataFrame: a DuckDB view of
the same columns and types that fails if anything reads it. Each query
that reads rows (the latest times, the counting, a ``where`` value's
spellings) is transpiled to Spark SQL by :mod:`._transpile` (the
statements of ``svcstandards sql --dialect spark``) and run by Spark on
the DataFrame, in one call.

What is not one statement on the data goes the narwhals way, as before:
- a business calendar's table;
- an event log;
- data as exported;
- a median's second query;
- a type that has no DuckDB twin, or no Spark reading.

The stand-in fails as soon as such a query would read it, and the
evaluation starts again through narwhals. ``breaches()`` of results
counted this way builds its Spark DataFrame through narwhals, when asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import DataProblem, UsageError
from ...format.model import ShareStandard, StandardSet, StatisticStandard
from ...nodes import Prepare
from ...plan import compile_plan
from ._breaches import BreachQuery
from ._calendars import calendar_pairs
from ._results import LazyResult
from ._transpile import FOREIGN, UTC_ZONES, transpile

__all__ = ["SOURCE", "by_spark_sql"]

AnyStandard = ShareStandard | StatisticStandard
#: The stand-in's name in the DuckDB SQL; each statement reads the Spark DataFrame in its place.
SOURCE = "__svc_spark_source"
_READ = re.compile(f"(?<!AS )`{SOURCE}`")
#: The Arrow types the stand-in takes (pyarrow.types' tests): numbers, text, booleans, dates and times.
_PLAIN = (
    "is_integer",
    "is_floating",
    "is_decimal",
    "is_boolean",
    "is_string",
    "is_large_string",
    "is_timestamp",
    "is_date32",
)
Evaluate = Callable[..., tuple[list[LazyResult], list[DataProblem]]]


class NotOneStatementError(Exception):
    """A query of this evaluation is not one Spark SQL statement on the data (internal: narwhals takes over)."""


def by_spark_sql(
    standard_set: StandardSet,
    selected: Sequence[AnyStandard],
    native: Any,
    evaluate: Evaluate,
    *,
    by: tuple[str, ...] | None,
    period: str | None,
    as_of_ns: int | None,
    mapping: Mapping[str, str],
    prepare: Prepare | None,
    final: bool | None,
) -> tuple[list[LazyResult], list[DataProblem]] | None:
    """The evaluation of ``selected`` on the Spark DataFrame ``native``, each query one Spark SQL statement;
    ``None`` when it is not (the caller then evaluates through narwhals)."""
    if (
        standard_set.events is not None
        or (prepare is not None and prepare.steps)
        or _on_calendars(standard_set, selected, mapping)
    ):
        return None
    try:
        import duckdb
        import narwhals.stable.v2 as nw
        from pyspark.errors import AnalysisException
        from sqlglot.errors import SqlglotError
    except ImportError:  # pragma: no cover - the [spark] extra brings them
        return None
    stand_in = _stand_in(duckdb, native)
    if stand_in is None:
        return None
    relation, aware = stand_in
    utc = native.sparkSession.conf.get("spark.sql.session.timeZone", None) in UTC_ZONES
    run = _OnSpark(nw, native, aware, utc, (UsageError, AnalysisException, SqlglotError))
    options = {"by": by, "period": period, "mapping": mapping, "prepare": prepare, "final": final}
    try:
        results, warnings = evaluate(
            standard_set, selected, relation, as_of_ns=as_of_ns, engine="duckdb", collect=run, **options
        )
    except (NotOneStatementError, duckdb.Error):
        return None
    for standard, result in zip(selected, results, strict=True):
        result.engine = "spark"
        result.breach_query = SparkRows(evaluate, standard_set, standard, native, result.as_of, options)
    return results, warnings


def _on_calendars(standard_set: StandardSet, selected: Sequence[AnyStandard], mapping: Mapping[str, str]) -> bool:
    """Whether a standard counts time on a business calendar or cuts periods on each row's clock: its query
    joins a table of the calendar's, so it is not one statement (known before Spark runs anything)."""
    plans = [compile_plan(standard_set, s, columns=mapping) for s in selected]
    return bool(calendar_pairs(plans)) or any(s.periods_in == "row" for s in selected)


def _stand_in(duckdb: Any, native: Any) -> tuple[Any, list[str]] | None:
    """A DuckDB view with the columns and types of ``native`` that fails when read, and the names of the
    instant (``TIMESTAMP``) columns; ``None`` for a type other than numbers, text, booleans, dates and times."""
    import pyarrow as pa
    from pyspark.sql import types as st
    from pyspark.sql.pandas.types import to_arrow_schema

    try:
        schema = to_arrow_schema(native.schema, timezone="UTC")
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - types Arrow has no twin of
        return None
    if not all(any(getattr(pa.types, test)(f.type) for test in _PLAIN) for f in schema):
        return None
    aware = [f.name for f in native.schema.fields if isinstance(f.dataType, st.TimestampType)]

    def unread() -> Iterator[Any]:
        raise NotOneStatementError("the stand-in of a Spark DataFrame was read")
        yield  # pragma: no cover - a generator that fails when read

    connection = duckdb.connect()
    connection.register(SOURCE, pa.RecordBatchReader.from_batches(schema, unread()))
    return connection.view(SOURCE), aware


@dataclass(frozen=True)
class _OnSpark:
    """Runs a query built on the stand-in as one Spark SQL statement on the DataFrame."""

    nw: Any
    native: Any
    aware: list[str]
    utc_session: bool  # the session's time zone is UTC (see _transpile.UTC_ZONES), read once
    refused: tuple[type[Exception], ...]  # not Spark's SQL: no Spark reading, Spark's AnalysisException, sqlglot's

    def __call__(self, query: Any) -> Any:
        text = str(query.to_native().sql_query())
        if FOREIGN.search(text):  # a table of the engine's own (a calendar's intervals)
            raise NotOneStatementError(text)
        try:
            spark_text = transpile(text, "spark", self.aware, utc_session=self.utc_session, pretty=False)
            # the DataFrame is passed by name ({data}) where the text reads the stand-in (not where it is an
            # alias); braces of the text itself are escaped for that format
            statement = _READ.sub("{data}", spark_text.replace("{", "{{").replace("}", "}}"))
            table = self.native.sparkSession.sql(statement, data=self.native).toArrow()
        except self.refused as error:  # a function without a Spark reading, a text Spark or sqlglot refuses
            raise NotOneStatementError(text) from error
        return self.nw.from_native(table, eager_only=True)


@dataclass
class SparkRows:
    """The rows of one standard counted by Spark SQL: a Spark DataFrame built through narwhals when asked."""

    evaluate: Evaluate
    standard_set: StandardSet
    standard: AnyStandard
    native: Any
    as_of_ns: int | None
    options: Mapping[str, Any]
    built: list[BreachQuery] = field(default_factory=list)

    def rows(self, outcomes: Sequence[str]) -> Any:
        if not self.built:
            self.evaluate(
                self.standard_set,
                [self.standard],
                self.native,
                as_of_ns=self.as_of_ns,
                engine="spark",
                rows_only=self.built,
                **self.options,
            )
        return self.built[0].rows(outcomes)
