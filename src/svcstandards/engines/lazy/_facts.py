"""What one small query tells before the counting: the latest instants, and ``where`` values that never occur."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...errors import DataProblem
from ...nodes import AsOf, NoAsOf, walk
from ...plan import Plan
from ._backends import Backend, TimeColumn
from ._where_values import WhereValues

__all__ = ["Collect", "facts", "on_engine"]

#: What runs a query that reads the rows: a narwhals LazyFrame in, its (eager) narwhals DataFrame out.
Collect = Callable[[Any], Any]


def on_engine(query: Any) -> Any:
    """A narwhals LazyFrame's rows, computed by its own engine."""
    return query.collect()


def facts(
    nw: Any,
    frame: Any,
    plans: Sequence[Plan],
    instants: Mapping[str, str],
    where_values: WhereValues,
    *,
    latest: bool,
    backend: Backend,
    epochs: frozenset[str] = frozenset(),
    collect: Collect = on_engine,
) -> tuple[dict[str, int | None], list[tuple[DataProblem, bool]]]:
    """What one small query tells before the counting: the latest instant (microseconds) of each column a
    default ``as_of`` is taken from, and the values of ``where``s that never occur (problem, is a warning)."""
    wanted = sorted({c for plan in plans if needs_as_of(plan) for c in plan.as_of_columns}) if latest else []
    occurs = where_values.occurs(nw)
    if not wanted and not occurs:
        return {}, []
    # the latest of a timestamp column read as it is: its raw maximum, converted alone (the conversion keeps the
    # order of instants), instead of converting every row first
    raw = [c for c in wanted if c in epochs]
    latest_of = [nw.col(c).max().alias(c) if c in epochs else nw.col(instants[c]).max().alias(c) for c in wanted]
    query = frame.select(*latest_of, **occurs)
    if raw:
        query = backend.add_times(query, [TimeColumn(f"__svc_f{i}", c, "epoch") for i, c in enumerate(raw)], "UTC")
        query = query.with_columns(**{c: nw.col(f"__svc_f{i}") for i, c in enumerate(raw)})
    row = collect(query).rows(named=True)[0]
    findings: list[tuple[DataProblem, bool]] = []
    for finding in where_values.findings(nw, frame, row, collect):
        if finding not in findings:
            findings.append(finding)
    return {c: (None if row[c] is None else int(row[c])) for c in wanted}, findings


def needs_as_of(plan: Plan) -> bool:
    """Whether the plan's outcomes depend on ``as_of`` (open items are judged at it)."""
    return any(isinstance(node, AsOf | NoAsOf) for node in walk((plan.rules, plan.measured)))
