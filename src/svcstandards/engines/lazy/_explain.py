"""The queries the lazy engine runs for a standards file: ``svcstandards explain --plan --engine duckdb``.

The counting queries depend on the data's column types, so they are built
on the data's schema when data is given, and otherwise on an empty table
whose columns have the types the plans read them as (timestamps, numbers,
booleans, text; a ``where`` on numbers makes its column numeric). Nothing is
run on the data: the queries are only shown (DuckDB's SQL, Polars' plan).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ...format.model import StandardSet
from ...nodes import Compare, IsIn, walk
from ...plan import Plan, compile_plans
from ._run import evaluate_lazy
from ._support import column_uses

__all__ = ["explain_queries", "placeholder_columns"]

_DTYPES = {"time": "datetime64[us]", "number": "float64", "flag": "boolean", "text": "string"}


def explain_queries(
    standard_set: StandardSet,
    engine: str,
    data: Any = None,
    *,
    columns: Mapping[str, str] | None = None,
) -> str:
    """The counting queries of every standard of the set on ``engine`` (``duckdb`` or ``polars``), as text."""
    mapping = {**standard_set.column_map, **(columns or {})}
    plans = compile_plans(standard_set, columns=mapping)
    if data is None:
        frame = pd.DataFrame({c: pd.Series(dtype=_DTYPES[kind]) for c, kind in placeholder_columns(plans).items()})
        data = _empty(frame, engine)
        source = "an empty table with the columns the standards read"
    else:
        source = "the data's columns"
    queries: list[tuple[tuple[str, ...], Any]] = []
    evaluate_lazy(
        standard_set,
        list(standard_set.standards),
        data,
        by=None,
        period=None,
        as_of_ns=None,
        mapping=mapping,
        engine=engine,
        record=queries,
    )
    count = f"{len(queries)} quer{'y' if len(queries) == 1 else 'ies'}"
    lines = [f"The {engine} engine counts the standards in {count} (built on {source}):"]
    for number, (ids, native) in enumerate(queries, start=1):
        lines += ["", f"-- query {number}: {', '.join(ids)}", _text(native, engine)]
    return "\n".join(lines) + "\n"


def placeholder_columns(plans: Sequence[Plan]) -> dict[str, str]:
    """Each column the plans read and its kind: ``time``, ``number``, ``flag`` or ``text``."""
    found: dict[str, str] = {}
    for plan in plans:
        for column, use in column_uses(plan):
            found.setdefault(column, {"value": "text"}.get(use, use))
        for node in walk((plan.scope, plan.limits, plan.rules, plan.measured)):
            values = node.values if isinstance(node, IsIn) else (node.value,) if isinstance(node, Compare) else ()
            named = getattr(node, "column", None)
            if named is None or found.get(named) != "text" or not values:
                continue
            if all(isinstance(v, bool) for v in values):
                found[named] = "flag"
            elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
                found[named] = "number"
    return found


def _empty(frame: pd.DataFrame, engine: str) -> Any:
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(frame).lazy()
    import duckdb

    return duckdb.connect().from_df(frame)


def _text(native: Any, engine: str) -> str:
    if engine == "duckdb":
        return str(native.sql_query()).strip() + ";"
    return str(native.explain()).strip()
