"""DuckDB's SQL in another dialect, with sqlglot: the ``svcstandards sql`` statements and Spark's counting.

The lazy engine's SQL is DuckDB's (narwhals builds it on a DuckDB relation).
sqlglot transpiles it; the rewrites here cover where sqlglot's reading
differs from DuckDB's (``AS NOT MATERIALIZED``, ``count()``, and for Spark
DuckDB's time functions, read with the same meaning whatever the session's
time zone). What has no Spark reading raises a
:class:`~svcstandards.errors.UsageError` naming it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from ...errors import InvalidArgumentError, MissingDependencyError, UsageError

__all__ = ["FOREIGN", "UTC_ZONES", "transpile"]

#: Spark session time zones that are UTC (no change of the clocks ever): ``transpile(..., utc_session=True)``.
UTC_ZONES = frozenset(
    [
        "UTC",
        "Etc/UTC",
        "GMT",
        "Etc/GMT",
        "Z",
        "+00:00",
        "Universal",
        "Etc/Universal",
        "Zulu",
        "Etc/Zulu",
        "UCT",
        "Etc/UCT",
        "GMT0",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Greenwich",
        "Etc/Greenwich",
        "UT",
    ]
)

#: A table the engine registered itself on DuckDB's connection (a calendar's intervals): not the analyst's.
FOREIGN = re.compile(r'"__duckdb_source_[0-9a-f_]+"')


def transpile(
    text: str, dialect: str, aware: Sequence[str] = (), *, utc_session: bool = False, pretty: bool = True
) -> str:
    """DuckDB's SQL in another dialect: sqlglot, with our rewrites where its reading differs from DuckDB's.

    ``utc_session``: the statement runs in a Spark session whose time zone is UTC (see :data:`UTC_ZONES`),
    where a ``TIMESTAMP_NTZ`` cast to ``TIMESTAMP`` is the instant of the same reading: exact there, and
    faster than the fields; without it the statement reads the fields, exact in any session. ``pretty``: indented, for a
    reader. The last few statements are kept: the same standards on the same data give the same text."""
    return _transpiled(text, dialect, tuple(aware), utc_session, pretty)


@functools.lru_cache(maxsize=32)
def _transpiled(text: str, dialect: str, aware: tuple[str, ...], utc_session: bool, pretty: bool) -> str:
    try:
        import sqlglot
        from sqlglot import exp
    except ImportError as exc:
        raise MissingDependencyError(
            f"--dialect {dialect} transpiles DuckDB's SQL with sqlglot: pip install 'svcstandards[sql]'"
        ) from exc
    if dialect not in sqlglot.Dialect.classes:
        raise InvalidArgumentError(
            f"--dialect {dialect}: sqlglot has no such dialect; it has {', '.join(sorted(sqlglot.Dialect.classes))}"
        )
    tree = sqlglot.parse_one(text, read="duckdb")
    for cte in tree.find_all(exp.CTE):
        cte.set("materialized", None)  # `AS NOT MATERIALIZED`: DuckDB's hint, unknown elsewhere
    for count in tree.find_all(exp.Count):
        if count.this is None:
            count.set("this", exp.Star())  # count() is count(*)
    if dialect == "spark":
        tree = tree.transform(lambda node: _spark_functions(node, frozenset(aware), utc_session))
    return str(tree.sql(dialect=dialect, pretty=pretty))


def _spark_functions(node: Any, aware: frozenset[str], utc_session: bool) -> Any:
    """DuckDB's time functions in Spark's words, with the same meaning whatever the session's time zone.

    DuckDB's engine SQL reads times only as ``epoch_us`` of a column (a naive
    column: its wall clock; an aware one: the instant), or of
    ``timezone(zone, timezone('UTC', make_timestamp(us)))`` (the wall clock in
    ``zone`` of the instant ``us``), or ``timezone(zone, aware column)``. In
    Spark a naive column is ``TIMESTAMP_NTZ``, read from its fields (its day
    since 1970 and its time of day: Spark's own differences of times convert
    through the session's zone, and so read a wall clock in that zone's
    spring-forward hour an hour late; in a UTC session the column is cast
    to ``TIMESTAMP`` and read with ``unix_micros``, exact there and the
    cheapest); an instant is read with
    ``unix_micros``, and the wall clock of an instant in a zone with
    ``unix_micros(from_utc_timestamp(instant, zone))``.
    """
    from sqlglot import exp

    if isinstance(node, exp.Contains) and isinstance(node.this, exp.Array):  # DuckDB's list contains
        if node.this.expressions:  # a list of values: Spark's IN (a set of literals), cheaper than an array
            return exp.paren(exp.In(this=node.expression, expressions=list(node.this.expressions)))
        return exp.ArrayContains(this=node.this, expression=node.expression)
    if not (isinstance(node, exp.Anonymous) and node.name.lower() == "epoch_us"):
        return node

    def call(name: str, *arguments: Any) -> Any:
        return exp.Anonymous(this=name, expressions=list(arguments))

    def number(value: int) -> Any:
        return exp.Literal.number(value)

    def wall_micros(ntz: Any) -> Any:  # day * 86400e6 + (hour * 60 + minute) * 60e6 + seconds with the fraction
        if utc_session:  # a session on UTC reads the wall clock as the instant of the same reading
            return call("UNIX_MICROS", exp.cast(ntz, "TIMESTAMP"))
        day = exp.Mul(this=call("UNIX_DATE", exp.cast(ntz.copy(), "DATE")), expression=number(86_400_000_000))
        minutes = exp.Add(
            this=exp.Mul(this=call("HOUR", ntz.copy()), expression=number(60)), expression=call("MINUTE", ntz.copy())
        )
        fraction = exp.Mul(this=call("DATE_PART", exp.Literal.string("SECOND"), ntz.copy()), expression=number(10**6))
        whole = exp.cast(exp.paren(minutes), "BIGINT")  # a day's 86.4e9 microseconds overflow an INT
        clock = exp.Add(
            this=exp.Mul(this=whole, expression=number(60_000_000)), expression=exp.cast(fraction, "BIGINT")
        )
        return exp.paren(exp.Add(this=day, expression=clock))

    def instant(value: Any) -> tuple[Any, Any] | None:  # a DuckDB TIMESTAMPTZ: (its microseconds, a Spark TIMESTAMP)
        if isinstance(value, exp.Column) and value.name in aware:
            return call("UNIX_MICROS", value), value
        if _call(value, "timezone") and value.expressions[0].name == "UTC":
            inner = value.expressions[1]
            if isinstance(inner, exp.UnixToTime):
                return inner.this, call("TIMESTAMP_MICROS", inner.this.copy())
        return None

    (value,) = node.expressions
    if isinstance(value, exp.Column) and value.name not in aware:
        return wall_micros(value)
    if (found := instant(value)) is not None:
        return found[0]
    if _call(value, "timezone") and (found := instant(value.expressions[1])) is not None:
        return call("UNIX_MICROS", call("FROM_UTC_TIMESTAMP", found[1], value.expressions[0]))
    raise UsageError(f"--dialect spark: no Spark reading of DuckDB's {node.sql(dialect='duckdb')}")


def _call(node: Any, name: str) -> bool:
    from sqlglot import exp

    return isinstance(node, exp.Anonymous) and node.name.lower() == name and len(node.expressions) == 2
