"""The ``deadline`` of the rows of a lazy ``breaches()``: when each item became late.

As the pandas engine (:func:`svcstandards.report.breaches.paused_before_deadline`
and :meth:`svcstandards.engines.outcomes.RowOutcomes.deadlines`): the
start (the plan's ``deadline_from``) plus the upper limit plus the paused
time that stopped the clock before the deadline, counted on the measure's
clock. All in int64 microseconds UTC.

- Wall clock: ``start + round((limit + paused) * 1e6)``, one expression.
- Business calendar: with ``F`` the open time before an instant
  (:mod:`._calendars`), the deadline is where ``F`` reaches
  ``F(start) + amount``. The calendar's table of open intervals is built by
  the numpy calendar code for the range the deadlines can reach (one small
  query reads the smallest start, the largest start and the largest amount;
  the farthest deadline is then ``business_deadline_ns`` of the largest start
  and amount, since a deadline never comes earlier for a later start or a
  larger amount). It is sent as a small table and each row finds, by a
  backward as-of join on the table's running open time, the last interval
  whose open time before it is less than the target: the deadline lies in
  it (the first interval whose open time at its end reaches the target, as
  the numpy code picks). O(n log n) per join: one for ``F(start)``, one for
  the deadline, and for a pause span two for ``F`` of its ends and one for
  the deadline without the pause.

Pauses: a column of paused seconds counts in full (0 where missing); a
pause span (``pause: {from, to}``) counts its time from ``max(from, start)``
to ``to`` when that begins before the deadline the row would have without it.
A calendar per row: the deadline on each calendar its map can choose, each
row taking its own calendar's (null for a row without one, as the numpy
engine's ``NAT``): the joins above once per calendar.

Status pauses of an event log are not placed yet: :func:`deadline_of`
returns ``None`` for them and ``breaches()`` has no ``deadline`` column there.
On Spark the as-of joins are :func:`._spark.join_asof` (an equi-join on the
day of the key against a small broadcast table; the keys of the deadline's
join are running open time, bucketed the same way).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ...calendars._instants import _END_DAY, NS_PER_DAY
from ...calendars.arithmetic import business_calendar, business_deadline_ns
from ...calendars.business import _Table
from ...nodes import IsIn, Number, PausedColumn, PausedSpan, Stamp, Subtract, walk
from ...plan import Plan
from ._backends import Backend
from ._calendars import NS_PER_US, interval_columns, with_open_time

__all__ = ["deadline_of"]

PREFIX = "__svc_dl"


def pause_of(plan: Plan) -> Any:
    """The pause the plan's measured value subtracts (``None``: none)."""
    for node in walk(plan.measured):
        if isinstance(node, Subtract):
            return node.right
    return None


def deadline_of(
    nw: Any,
    frame: Any,
    backend: Backend,
    plan: Plan,
    rules: Any,
    high: Any,
    calendars: Mapping[str, Any],
    timezone: str,
) -> tuple[Any, Any] | None:
    """``frame`` with what the deadline needs, and the deadline as an int64 expression of microseconds UTC
    (null where there is none); ``None`` where the engine does not place it (see the module)."""
    if plan.deadline_from is None or not plan.duration:
        return None
    pause = pause_of(plan)
    if pause is not None and not isinstance(pause, PausedColumn | PausedSpan):
        return None  # status pauses of an event log
    start = nw.col(rules.instants[plan.deadline_from.column])
    limit = high.cast(nw.Float64)
    frame = frame.with_columns(**{f"{PREFIX}_limit": limit})
    if plan.calendar is None:
        paused = _paused_on_wall_clock(nw, rules, plan.deadline_from, pause, limit)
        return frame, _after(nw, start, limit + paused)
    if isinstance(plan.calendar, str):  # on a business calendar
        return _on_calendar(nw, frame, backend, plan, rules, pause, calendars[plan.calendar], timezone, "")
    # a calendar per row: the deadline on each calendar the map can choose, each row taking its own's (one
    # when per value of the map, by the same IsIn of the column as its open time); null without a calendar
    dues: dict[str, Any] = {}
    for k, name in enumerate(plan.calendar.names()):
        frame, dues[name] = _on_calendar(nw, frame, backend, plan, rules, pause, calendars[name], timezone, f"c{k}")
    chosen: Any = None
    for value, name in plan.calendar.choices:
        matches = rules.cond(IsIn(plan.calendar.column, (value,)))
        chosen = (nw.when(matches) if chosen is None else chosen.when(matches)).then(dues[name])
    fallback = nw.lit(None, dtype=nw.Int64) if plan.calendar.default is None else dues[plan.calendar.default]
    return frame, (fallback if chosen is None else chosen.otherwise(fallback))


def _on_calendar(
    nw: Any, frame: Any, backend: Backend, plan: Plan, rules: Any, pause: Any, calendar: Any, timezone: str, tag: str
) -> tuple[Any, Any]:
    """``frame`` with the columns of the deadline on one business calendar (their names marked by ``tag``),
    and the deadline's int64 expression of microseconds UTC."""
    assert plan.deadline_from is not None
    start = nw.col(rules.instants[plan.deadline_from.column])
    table = _table(nw, frame, backend, plan, rules, pause, calendar, timezone)
    names = {f"{PREFIX}{tag}_start": rules.instants[plan.deadline_from.column]}
    if isinstance(pause, PausedSpan):
        ps, pe = rules.instants[pause.start.column], rules.instants[pause.end.column]
        names |= {f"{PREFIX}{tag}_ps": ps, f"{PREFIX}{tag}_pe": pe}
    for name, column in names.items():
        frame, _ = with_open_time(nw, backend, frame, column, table, f"{name}_f")
    f_start = nw.col(f"{PREFIX}{tag}_start_f")
    limit = nw.col(f"{PREFIX}_limit")
    if isinstance(pause, PausedSpan):
        frame = _open_deadline(nw, backend, frame, table, start, f_start, limit, f"without{tag}")
        without = nw.col(f"{PREFIX}_without{tag}")
        p_start, p_end = nw.col(names[f"{PREFIX}{tag}_ps"]), nw.col(names[f"{PREFIX}{tag}_pe"])
        lo = nw.max_horizontal(p_start, start)
        counts = (~p_start.is_null() & ~p_end.is_null() & ~start.is_null() & ~without.is_null()).fill_null(False)
        counts = counts & (lo < without).fill_null(False) & (p_end > lo).fill_null(False)
        f_lo = nw.max_horizontal(nw.col(f"{PREFIX}{tag}_ps_f"), f_start)  # F never decreases
        seconds = (nw.col(f"{PREFIX}{tag}_pe_f") - f_lo).cast(nw.Float64) / 1e6
        paused = nw.when(counts).then(seconds).otherwise(nw.lit(0.0, dtype=nw.Float64))
    elif isinstance(pause, PausedColumn):
        paused = rules.value(Number(pause.column)).fill_null(0.0)
    else:
        paused = nw.lit(0.0, dtype=nw.Float64)
    frame = _open_deadline(nw, backend, frame, table, start, f_start, limit + paused, f"due{tag}")
    return frame, nw.col(f"{PREFIX}_due{tag}")


def _after(nw: Any, start: Any, seconds: Any) -> Any:
    """``start`` (µs) plus ``seconds`` rounded to the µs; null where either is missing."""
    micros = (seconds * 1e6).round(0).cast(nw.Int64)
    return nw.when(~seconds.is_null() & ~seconds.is_nan()).then(start + micros)


def _paused_on_wall_clock(nw: Any, rules: Any, start_stamp: Stamp, pause: Any, limit: Any) -> Any:
    """Float64 seconds paused before the deadline on the wall clock, never null."""
    zero = nw.lit(0.0, dtype=nw.Float64)
    if pause is None:
        return zero
    if isinstance(pause, PausedColumn):
        return rules.value(Number(pause.column)).fill_null(0.0)
    start = nw.col(rules.instants[start_stamp.column])
    p_start, p_end = nw.col(rules.instants[pause.start.column]), nw.col(rules.instants[pause.end.column])
    without = _after(nw, start, limit)  # the deadline the row would have without the pause
    lo = nw.max_horizontal(p_start, start)
    counts = (~p_start.is_null() & ~p_end.is_null() & ~start.is_null() & ~without.is_null()).fill_null(False)
    counts = counts & (lo < without).fill_null(False) & (p_end > lo).fill_null(False)
    return nw.when(counts).then((p_end - lo).cast(nw.Float64) / 1e6).otherwise(zero)


def _table(
    nw: Any, frame: Any, backend: Backend, plan: Plan, rules: Any, pause: Any, calendar: Any, timezone: str
) -> _Table:
    """The calendar's open intervals for every instant and deadline the rows can reach (one small query)."""
    assert plan.deadline_from is not None
    start = nw.col(rules.instants[plan.deadline_from.column])
    columns = [start]
    amount = nw.col(f"{PREFIX}_limit")
    if isinstance(pause, PausedSpan):
        p_start, p_end = nw.col(rules.instants[pause.start.column]), nw.col(rules.instants[pause.end.column])
        columns += [p_start, p_end]
        # the open time of a pause is at most its wall-clock time
        amount = amount + ((p_end - p_start).cast(nw.Float64) / 1e6).fill_null(0.0).clip(lower_bound=0.0)
    elif isinstance(pause, PausedColumn):
        amount = amount + rules.value(Number(pause.column)).fill_null(0.0)
    bounds: dict[str, Any] = {"amount": amount.max(), "last": start.max()}
    for k, column in enumerate(columns):
        bounds[f"lo{k}"], bounds[f"hi{k}"] = column.min(), column.max()
    row = frame.select(**bounds).collect().rows(named=True)[0]
    lows = [int(row[f"lo{k}"]) for k in range(len(columns)) if row[f"lo{k}"] is not None]
    highs = [int(row[f"hi{k}"]) for k in range(len(columns)) if row[f"hi{k}"] is not None]
    made = business_calendar(calendar, timezone=timezone)
    end = _END_DAY * NS_PER_DAY
    if not lows:
        return made._table_for(0, 0)
    lo, hi = min(lows) * NS_PER_US, max(highs) * NS_PER_US
    most = row["amount"]
    if row["last"] is not None and most is not None and not np.isnan(most):
        farthest = business_deadline_ns([int(row["last"]) * NS_PER_US], [max(float(most), 0.0)], made)[0]
        hi = max(hi, int(farthest) if farthest != np.iinfo(np.int64).min else end)
    return made._table_for(lo, min(hi + NS_PER_DAY, end))


def _open_deadline(
    nw: Any, backend: Backend, frame: Any, table: _Table, start: Any, f_start: Any, seconds: Any, name: str
) -> Any:
    """``frame`` with the int64 column ``{PREFIX}_{name}``: when ``seconds`` of open time have run from ``start``
    (µs UTC; ``F(start)`` in ``f_start``); the start itself for no time; null where unknown or past the table."""
    prefix = f"{PREFIX}_{name}"
    micros = (seconds * 1e6).round(0).cast(nw.Int64)
    known = ~start.is_null() & ~seconds.is_null() & ~seconds.is_nan()
    target = f_start + micros
    frame = frame.with_columns(**{f"{prefix}_key": nw.when(known).then(target - 1)})
    if table.starts.size == 0:  # never open: only no time at all runs
        return frame.with_columns(**{prefix: nw.when(known & (micros <= 0)).then(start)})
    small = interval_columns(table, {"before": f"{prefix}_b", "start": f"{prefix}_s", "end": f"{prefix}_e"})
    # the last interval with less open time before it than the target: the deadline falls in it
    frame = backend.join_asof(frame, f"{prefix}_key", small, f"{prefix}_b")
    due = nw.col(f"{prefix}_s") + (target - nw.col(f"{prefix}_b"))
    inside = (due <= nw.col(f"{prefix}_e")).fill_null(False) & (due <= table.hi_ns // NS_PER_US)
    placed = nw.when(micros <= 0).then(start).otherwise(nw.when(inside).then(due))
    return frame.with_columns(**{prefix: nw.when(known).then(placed)})
