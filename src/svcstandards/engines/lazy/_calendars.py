"""Business calendars and pauses on the lazy engine: open time as a column of cumulative open time.

The numpy engine's calendar (:mod:`svcstandards.calendars.business`) is a
table of merged open intervals with the open time before each. With
``F(t)`` the open time before the instant ``t`` (on that table),

- the open seconds from ``a`` to ``b`` are ``F(b) - F(a)``;
- ``t`` falls in open hours when it lies before the end of the last
  interval starting at or before it.

The table is built by the same numpy code, once per calendar, for the range
of the instants the plans give it (one small query reads their minimum and
maximum) and the ``as_of`` instants; it is sent to the backend as a small
frame and attached to every row by a backward as-of join on each
(timestamp column, calendar) pair (:meth:`Backend.join_asof`: a sort and a
merge, O(n log n) per pair, plus O(k) for the k intervals). ``F(as_of)`` is
a number, from the same table. Because ``F`` never decreases,
``F(max(a, b)) = max(F(a), F(b))`` and likewise for ``min``: a pause clipped
to the interaction needs no join of its own.

Pauses are subtracted as the numpy engine does
(:meth:`svcstandards.engines.numpy_rows.RowEngine._paused_seconds`): a
column of paused seconds counts 0 where missing; a pause span counts only
inside [``within_start``, ``within_end``] (an open interaction's pause runs
to its own end) and 0 where an end is missing or it is empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...calendars.arithmetic import business_calendar
from ...calendars.business import BusinessCalendar, _open_before, _Table
from ...format.model import StandardSet
from ...nodes import (
    AsOf,
    CalendarRef,
    During,
    Elapsed,
    Number,
    PausedColumn,
    PausedSpan,
    PausedStatus,
    RowCalendar,
    Stamp,
    Subtract,
    walk,
)
from ...plan import Plan
from ._backends import Backend
from ._row_calendars import calendar_names, row_open_before, row_open_during

__all__ = ["CalendarTimes", "add_calendar_times", "interval_columns", "scalar_before", "with_open_time"]

NS_PER_US = 1000


@dataclass
class _Joined:
    """The columns a join added for one (timestamp column, calendar): open time before, interval end."""

    before: str
    end: str


@dataclass
class CalendarTimes:
    """Expressions for calendar nodes and pauses, over the columns :func:`add_calendar_times` added."""

    nw: Any
    instants: Mapping[str, str]  # timestamp column -> its int64 column of microseconds UTC
    tables: dict[str, _Table | None] = field(default_factory=dict)  # calendar -> its table (None: no instants)
    joined: dict[tuple[str, str], _Joined] = field(default_factory=dict)

    # -- the hooks of RowRules -----------------------------------------------------
    def value(self, expr: Any, rules: Any) -> Any | None:
        """Float64 seconds of a calendar's elapsed time or a subtraction of pauses; ``None`` for other nodes."""
        nw = self.nw
        if isinstance(expr, Elapsed) and expr.calendar is not None:
            start = self.open_before(expr.start, expr.calendar, rules)
            end = self.open_before(expr.end, expr.calendar, rules)
            return (end - start).cast(nw.Float64) / 1e6
        if isinstance(expr, Subtract):
            return rules.value(expr.left) - self.paused(expr.right, rules)
        return None

    def cond(self, cond: Any, rules: Any = None) -> Any | None:
        """Whether the timestamp falls in open hours (false where missing); ``None`` for other conditions.

        On a calendar per row, each row's own calendar's (:func:`._row_calendars.row_open_during`)."""
        if not isinstance(cond, During):
            return None
        if isinstance(cond.calendar, RowCalendar):
            return row_open_during(self, cond.column, cond.calendar, rules)
        return self.open_during(cond.column, cond.calendar)

    def open_during(self, column: str, calendar: str) -> Any:
        """Whether the timestamp in ``column`` falls in the open hours of ``calendar`` (false where missing)."""
        nw = self.nw
        table = self.tables.get(calendar)
        if table is None or table.starts.size == 0:
            return nw.lit(False)
        joined = self.joined[(column, calendar)]
        instant = nw.col(self.instants[column])
        return (instant < nw.col(joined.end)).fill_null(False)

    # -- open time ----------------------------------------------------------------
    def open_before(self, node: Stamp | AsOf, calendar: CalendarRef, rules: Any) -> Any:
        """``F(t)`` in microseconds (int64) per row: a column, or one number for ``as_of``; null where missing."""
        if isinstance(calendar, RowCalendar):
            return row_open_before(self, node, calendar, rules)
        nw = self.nw
        table = self.tables.get(calendar)
        if isinstance(node, AsOf):
            if rules.as_of_us is None or table is None:
                return nw.lit(None, dtype=nw.Int64)
            return nw.lit(scalar_before(table, rules.as_of_us), dtype=nw.Int64)
        instant = nw.col(rules.instants[node.column])
        if table is None or table.starts.size == 0:  # never open: no open time before any instant
            return nw.when(~instant.is_null()).then(nw.lit(0, dtype=nw.Int64))
        return nw.col(self.joined[(node.column, calendar)].before)

    def paused(self, pause: Any, rules: Any) -> Any:
        """Float64 paused seconds per row, never null."""
        nw = self.nw
        if isinstance(pause, PausedColumn):
            return rules.value(Number(pause.column)).fill_null(0.0)
        assert isinstance(pause, PausedSpan), f"{type(pause).__name__} is checked as unsupported before"
        start, end = nw.col(rules.instants[pause.start.column]), nw.col(rules.instants[pause.end.column])
        within_start = nw.col(rules.instants[pause.within_start.column])
        within_end = self._instant(pause.within_end, rules)
        # the pause counts only inside [from, to]; an open interaction's pause runs to its own end
        lo = nw.max_horizontal(start, within_start)
        hi = nw.when(within_end.is_null()).then(end).otherwise(nw.min_horizontal(end, within_end))
        valid = (~start.is_null() & ~end.is_null() & ~within_start.is_null() & (hi > lo)).fill_null(False)
        if pause.calendar is None:
            seconds = (hi - lo).cast(nw.Float64) / 1e6
        else:  # F is monotonic: F(max(a, b)) = max(F(a), F(b)), and the same of min
            f_start = self.open_before(pause.start, pause.calendar, rules)
            f_end = self.open_before(pause.end, pause.calendar, rules)
            f_lo = nw.max_horizontal(f_start, self.open_before(pause.within_start, pause.calendar, rules))
            f_within_end = self.open_before(pause.within_end, pause.calendar, rules)
            f_hi = nw.when(within_end.is_null()).then(f_end).otherwise(nw.min_horizontal(f_end, f_within_end))
            seconds = (f_hi - f_lo).cast(nw.Float64) / 1e6
        return nw.when(valid).then(seconds).otherwise(nw.lit(0.0, dtype=nw.Float64))

    def _instant(self, node: Stamp | AsOf, rules: Any) -> Any:
        nw = self.nw
        if isinstance(node, AsOf):
            return nw.lit(rules.as_of_us, dtype=nw.Int64)
        return nw.col(rules.instants[node.column])


def scalar_before(table: _Table, us: int) -> int:
    """``F(us)`` in microseconds on ``table`` (which covers it)."""
    ns = np.array([us * NS_PER_US], dtype=np.int64)
    assert table.covers(int(ns[0]), int(ns[0])), "the table was built for every as_of"
    return int(_open_before(table, ns)[0]) // NS_PER_US


def calendar_pairs(plans: Sequence[Plan]) -> list[tuple[str, str]]:
    """The (timestamp column, calendar) pairs whose open time the plans need, in the plans' order."""
    pairs: list[tuple[str, str]] = []

    def add(node: Any, calendar: CalendarRef) -> None:
        for name in calendar_names(calendar):  # a calendar per row: every calendar it can choose
            if isinstance(node, Stamp) and (node.column, name) not in pairs:
                pairs.append((node.column, name))

    for plan in plans:
        for node in walk((plan.scope, plan.limits, plan.rules, plan.measured)):
            if isinstance(node, Elapsed) and node.calendar is not None:
                add(node.start, node.calendar)
                add(node.end, node.calendar)
            elif isinstance(node, During):
                add(Stamp(node.column), node.calendar)
            elif isinstance(node, PausedSpan) and node.calendar is not None:
                for stamp in (node.start, node.end, node.within_start, node.within_end):
                    add(stamp, node.calendar)
            elif isinstance(node, PausedStatus) and node.calendar is not None:  # the spans' own: see _events
                for stamp in (node.within_start, node.within_end):
                    add(stamp, node.calendar)
    return pairs


def add_calendar_times(
    nw: Any,
    frame: Any,
    backend: Backend,
    standard_set: StandardSet,
    plans: Sequence[Plan],
    instants: Mapping[str, str],
    as_ofs: Sequence[int | None],
) -> tuple[Any, CalendarTimes]:
    """``frame`` with the open time before each instant of every (column, calendar) pair the plans need.

    One small query reads the smallest and largest instant of the columns involved; with the ``as_of``
    instants (microseconds) they give each calendar's range. Then one as-of join per pair.
    """
    times = CalendarTimes(nw, dict(instants))
    pairs = calendar_pairs(plans)
    if not pairs:
        return frame, times
    columns = sorted({column for column, _ in pairs})
    bounds = {}
    for column in columns:
        name = instants[column]
        bounds[f"lo_{name}"] = nw.col(name).min()
        bounds[f"hi_{name}"] = nw.col(name).max()
    row = frame.select(**bounds).collect().rows(named=True)[0]
    known = [us for us in as_ofs if us is not None]
    for calendar in dict.fromkeys(calendar for _, calendar in pairs):
        found = [row[f"{side}_{instants[c]}"] for c, cal in pairs if cal == calendar for side in ("lo", "hi")]
        values = [int(v) for v in found if v is not None] + known
        if not values:
            times.tables[calendar] = None
            continue
        made: BusinessCalendar = business_calendar(standard_set.calendars[calendar], timezone=standard_set.timezone)
        times.tables[calendar] = made._table_for(min(values) * NS_PER_US, max(values) * NS_PER_US)
    for k, (column, calendar) in enumerate(pairs):
        table = times.tables[calendar]
        if table is None or table.starts.size == 0:
            continue
        frame, end = with_open_time(nw, backend, frame, instants[column], table, f"__svc_cf{k}")
        assert end is not None, "the calendar has open intervals"
        times.joined[(column, calendar)] = _Joined(f"__svc_cf{k}", end)
    return frame, times


def interval_columns(table: _Table, names: Mapping[str, str]) -> dict[str, list[int]]:
    """A calendar's open intervals as the small table an as-of join sends to the engine: int64 microseconds of
    each interval's ``start`` and ``end`` and the open time ``before`` it, under the column ``names`` given."""
    return {
        names["start"]: (table.starts // NS_PER_US).tolist(),
        names["end"]: (table.ends // NS_PER_US).tolist(),
        names["before"]: (table.before // NS_PER_US).astype(np.int64).tolist(),
    }


def with_open_time(
    nw: Any, backend: Backend, frame: Any, instant: str, table: _Table | None, name: str
) -> tuple[Any, str | None]:
    """``frame`` with the int64 column ``name``: ``F`` of the instants in ``instant`` on ``table`` (null where the
    instant is), by one backward as-of join; and the name of the column of the end of the interval it falls in
    (or ``None`` for a calendar never open: ``F`` is then 0)."""
    value = nw.col(instant)
    if table is None or table.starts.size == 0:  # never open: no open time before any instant
        return frame.with_columns(nw.when(~value.is_null()).then(nw.lit(0, dtype=nw.Int64)).alias(name)), None
    names = {"start": f"{name}_s", "end": f"{name}_e", "before": f"{name}_b"}
    frame = backend.join_asof(frame, instant, interval_columns(table, names), names["start"])
    start = nw.col(names["start"])
    within = nw.min_horizontal(value - start, nw.col(names["end"]) - start)
    # before the table's first interval: no open time yet
    before = nw.when(start.is_null()).then(nw.lit(0, dtype=nw.Int64)).otherwise(nw.col(names["before"]) + within)
    return frame.with_columns(nw.when(~value.is_null()).then(before).cast(nw.Int64).alias(name)), names["end"]
