"""Periods cut in each row's own time zone in the lazy engine (``periods_in: row``).

The numpy engine's rule (:mod:`svcstandards.engines.row_periods`): a row's
zone is that of the calendar its measure chose, picked by the same ``IsIn`` of
the column the calendar per row uses (the first value of the map that
matches, else the default, else the file's zone); the period is that of the
row's wall clock in it. Each distinct zone adds one wall-clock column (the
backend's zone rules, as for the file's zone: :meth:`._backends.Backend.add_times`),
and one ``when`` per value of the map picks the row's: a single pass over the
rows. An interval's index is then the local start in minutes (the wall clock
stands in for the instant in :func:`._periods.period_index`).
"""

from __future__ import annotations

from typing import Any

from ...nodes import IsIn, RowCalendar
from ...plan import Plan
from ._backends import Backend, TimeColumn

__all__ = ["ROW_WALL", "RowWall", "add_row_wall", "row_zones_key"]

ROW_WALL = "__svc_rw"


class RowWall:
    """The time names :func:`._periods.period_index` reads, all the row's own wall clock."""

    instant = wall = interval_wall = ROW_WALL


def row_zones_key(plan: Plan) -> tuple[Any, ...] | None:
    """What decides a row's zone when ``plan`` cuts periods in each row's zone (standards sharing it share a
    query); ``None`` when periods are cut in the file's zone."""
    if plan.period_zones is None or not isinstance(plan.calendar, RowCalendar):
        return None
    return (plan.calendar, plan.period_zones)


def add_row_wall(nw: Any, frame: Any, backend: Backend, plan: Plan, instant: str, rules: Any) -> Any:
    """``frame`` with the int64 column :data:`ROW_WALL`: the wall clock (µs) of ``instant`` in each row's zone."""
    calendar, zones = plan.calendar, plan.period_zones
    assert isinstance(calendar, RowCalendar)
    assert zones is not None
    distinct = list(dict.fromkeys(zones))
    for k, zone in enumerate(distinct):  # one column per zone: the backend's zone rules, a single pass
        frame = backend.add_times(frame, [TimeColumn(f"__svc_rz{k}", instant, "local_us")], zone)
    zone_of = dict(zip(calendar.names(), zones, strict=False))

    def wall(zone: str) -> Any:
        return nw.col(f"__svc_rz{distinct.index(zone)}")

    chosen: Any = None
    for value, name in calendar.choices:
        matches = rules.cond(IsIn(calendar.column, (value,)))
        chosen = (nw.when(matches) if chosen is None else chosen.when(matches)).then(wall(zone_of[name]))
    fallback = wall(zones[-1] if calendar.default is None else zone_of[calendar.default])
    return frame.with_columns((fallback if chosen is None else chosen.otherwise(fallback)).alias(ROW_WALL))
