"""The SQL a standards file compiles to: ``svcstandards sql FILE --dialect duckdb|spark|...``.

The statements are the DuckDB engine's own counting queries (the ones
``explain --plan --engine duckdb`` shows), built on an empty table named as
the analyst's table, with the types the standards read (or the types of a
data file's columns): the rules are not written a second time. Other
dialects are DuckDB's SQL transpiled with sqlglot, plus the rewrites below
where sqlglot's reading differs from DuckDB's (Spark: ``epoch_us``, ``AS NOT
MATERIALIZED``, ``count()``). Nothing is run on data: the query on the empty
table runs, and only its text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ...errors import InvalidArgumentError, MissingDependencyError, UsageError
from ...format.model import StandardSet
from ...plan import compile_plan, compile_plans, compile_prepare
from ..outcomes import OUTCOMES
from ._calendars import calendar_pairs
from ._explain import _DTYPES, placeholder_columns
from ._run import PERIOD, evaluate_lazy
from ._transpile import FOREIGN, transpile

__all__ = ["NATIVE_DIALECTS", "sql_statements"]

#: The dialects whose SQL is tested against the engines; any other sqlglot dialect is experimental.
NATIVE_DIALECTS = ("duckdb", "spark")


def sql_statements(
    standard_set: StandardSet,
    *,
    dialect: str = "duckdb",
    standards: Sequence[str] | None = None,
    table: str = "interactions",
    data: str | None = None,
    by: Sequence[str] | None = None,
    period: str | None = None,
    as_of_ns: int | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[tuple[tuple[str, ...], str]]:
    """Per batch of standards: their ids and one SQL statement counting their outcomes in ``table``."""
    try:
        import duckdb
    except ImportError as exc:  # pragma: no cover - the [duckdb] extra
        raise MissingDependencyError("svcstandards sql needs DuckDB: pip install 'svcstandards[duckdb]'") from exc
    mapping = {**standard_set.column_map, **(columns or {})}
    ids = [s.id for s in standard_set.standards]
    unknown = [i for i in standards or () if i not in ids]
    if unknown:
        raise InvalidArgumentError(
            f"--standard {', '.join(unknown)}: no standard with that id in {standard_set.source}; "
            f"the file has {', '.join(ids)}"
        )
    selected = [s for s in standard_set.standards if not standards or s.id in standards]
    connection = duckdb.connect()
    if data is None:
        kinds = placeholder_columns(compile_plans(standard_set, columns=mapping))
        kinds.update({column: "text" for column in by or () if column not in kinds})
        frame: Any = pd.DataFrame({c: pd.Series(dtype=_DTYPES[kind]) for c, kind in kinds.items()})
    else:  # the file's columns and types; no row is read
        frame = connection.sql(
            "SELECT * FROM read_parquet(?) LIMIT 0"
            if not data.lower().endswith(".csv")
            else "SELECT * FROM read_csv(?) LIMIT 0",
            params=[data],
        ).to_arrow_table()
    connection.register(table, frame)
    types = connection.view(table).types
    aware = [c for c, kind in zip(connection.view(table).columns, types, strict=True) if "WITH TIME ZONE" in str(kind)]

    def queries(chosen: Sequence[Any]) -> list[tuple[tuple[str, ...], str]]:
        recorded: list[tuple[tuple[str, ...], Any]] = []
        evaluate_lazy(
            standard_set,
            list(chosen),
            connection.view(table),
            by=tuple(by) if by else None,
            period=period,
            as_of_ns=as_of_ns,
            mapping=mapping,
            engine="duckdb",
            record=recorded,
        )
        return [(found, str(native.sql_query()).strip()) for found, native in recorded]

    # what is not one SQL query on the analyst's table is refused by name: a business calendar (the engine
    # joins the table of its open intervals, built for the data's range), an event log (interactions built
    # and held by the engine first), data as exported (values read before the rules)
    plans = {s.id: compile_plan(standard_set, s, columns=mapping) for s in selected}
    why = {i: "it counts time on a business calendar" for i, plan in plans.items() if calendar_pairs([plan])}
    why.update(
        (i, f"its {plan.aggregate.statistic} needs a second query (the decided rows numbered by value)")
        for i, plan in plans.items()
        if plan.aggregate.kind == "statistic" and plan.aggregate.statistic not in (None, "mean", "min", "max", "nps")
    )
    if standard_set.events is not None:
        why = dict.fromkeys(plans, "the data is an event log (events:)")
    elif compile_prepare(standard_set, columns=mapping, by=by).steps:
        why = dict.fromkeys(plans, "the file describes data as exported (data: or column formats)")
    if not why:
        why = {s.id: "it reads a table the engine builds" for s in selected if _foreign(queries([s]))}
    if why:
        raise UsageError(
            "; ".join(f"{i}: not one SQL query on {table!r}: {reason}" for i, reason in why.items())
            + ". Hint: choose the others with --standard, and score these with svcstandards evaluate."
        )
    return [(found, _statement(found, text, dialect, by, period, aware)) for found, text in queries(selected)]


def _foreign(statements: Sequence[tuple[tuple[str, ...], str]]) -> bool:
    """Whether a statement reads a table of the engine's own (registered by it, not the analyst's)."""
    return any(FOREIGN.search(text) for _, text in statements)


def _statement(
    ids: Sequence[str], text: str, dialect: str, by: Sequence[str] | None, period: str | None, aware: Sequence[str]
) -> str:
    """The statement in ``dialect``, after a comment naming its standards and what each output column is."""
    lines = [f"-- standards: {', '.join(ids)}", "-- one row per combination of outcomes; its columns:"]
    lines += [f"--   {column}: the group" for column in by or ()]
    if period is not None:
        lines.append(
            f"--   {PERIOD}: the {period}, numbered from 1970 on the file's local clock"
            + (" (days since 1970-01-01)" if period == "day" else "")
        )
    codes = ", ".join(f"{code} {name}" for code, name in enumerate(OUTCOMES))
    for i, standard in enumerate(ids):
        lines.append(f"--   __svc_o{i}: the outcome of {standard} ({codes})")
        if re.search(rf'"__svc_m{i}(_promoters|_detractors)?"', text):
            lines.append(f"--   __svc_m{i}*: {standard}'s measured values, summed (mean), min, max or NPS counts")
        if f'"__svc_e{i}"' in text:
            lines.append(f"--   __svc_e{i}: {standard}'s invalid rows without an end (a final extract)")
    lines.append("--   __svc_n: the number of rows")
    if dialect != "duckdb":
        text = transpile(text, dialect, aware)
        if dialect not in NATIVE_DIALECTS:
            lines.insert(0, f"-- experimental: DuckDB's SQL transpiled to {dialect} by sqlglot, not tested")
    return "\n".join(lines) + "\n" + text.rstrip().rstrip(";") + ";"
