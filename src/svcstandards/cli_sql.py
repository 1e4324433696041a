"""``svcstandards sql STANDARDS --dialect duckdb|spark``: the SQL the standards compile to, to read or run.

One statement per batch of standards: the DuckDB engine's counting query on
a table named by ``--table``, in DuckDB's SQL, or transpiled to Spark SQL
(or, experimentally, another sqlglot dialect). Exit codes, from
:class:`svcstandards.cli.ExitCode`: 0 written, 2 a usage or input error.
"""

from __future__ import annotations

import argparse
from typing import Any

from .cli_staff import write_output
from .engines.lazy._sql import sql_statements
from .errors import InvalidArgumentError, UsageError
from .evaluate import _as_of_ns
from .format.loader import load
from .format.model import PERIODS

__all__ = ["add_sql", "run_sql"]


def add_sql(commands: Any) -> None:
    """The ``sql`` command's arguments."""
    command = commands.add_parser(
        "sql",
        help="print the SQL the standards compile to (DuckDB or Spark; other sqlglot dialects experimental)",
    )
    command.add_argument("standards", metavar="STANDARDS", help="the standards file")
    command.add_argument(
        "--dialect",
        default="duckdb",
        metavar="NAME",
        help="duckdb (the engine's own SQL, default) or spark (transpiled with sqlglot and tested); any other "
        "sqlglot dialect (postgres, snowflake, bigquery, ...) is experimental: transpiled, not tested",
    )
    command.add_argument("--standard", action="append", metavar="ID", help="only this standard (repeatable)")
    command.add_argument(
        "--table", default="interactions", metavar="NAME", help="the table the SQL reads (default: interactions)"
    )
    command.add_argument(
        "--data",
        metavar="PATH",
        help="build the SQL on the column types of this Parquet or CSV file (default: the types the standards "
        "read: naive timestamps, numbers, booleans, text); no row is read",
    )
    command.add_argument("--by", action="append", metavar="COL", help="group by this column (repeatable)")
    command.add_argument("--period", choices=PERIODS)
    command.add_argument(
        "--as-of",
        metavar="TS",
        help="judge open interactions at this time (ISO 8601; default: they stay pending, as the SQL cannot "
        "know the data's latest time)",
    )
    command.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="NAME=COL",
        help="map a name used in the file to a column of the table (repeatable)",
    )
    command.add_argument("--output", metavar="FILE", help="write the SQL here instead of standard output")


def run_sql(args: argparse.Namespace, mapping: dict[str, str], out: Any) -> int:
    """Run ``sql``; returns the exit code (0; errors raise, a UsageError as an InvalidArgumentError: exit code 2)."""
    standard_set = load(args.standards)
    try:
        statements = sql_statements(
            standard_set,
            dialect=args.dialect.lower(),
            standards=args.standard,
            table=args.table,
            data=args.data,
            by=args.by,
            period=args.period,
            as_of_ns=None if args.as_of is None else _as_of_ns(args.as_of, standard_set.timezone),
            columns=mapping,
        )
    except UsageError as exc:
        raise InvalidArgumentError(str(exc)) from exc
    rendered = "\n\n".join(text for _, text in statements) + "\n"
    write_output(rendered, args.output, out)
    return 0
