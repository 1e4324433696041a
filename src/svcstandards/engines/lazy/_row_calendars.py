"""A calendar per row in the lazy engine (``calendar: {by: region, map: {...}, default: ...}``).

Each calendar the map can choose gets its own as-of join per timestamp column
(:func:`._calendars.add_calendar_times`, O(n log m) each, as for one calendar);
a row's open time before an instant is then the value of its own calendar,
picked by the same ``IsIn`` of the column the plan's ``invalid`` rule uses:
the first value of the map that matches, else the default, else null (no
calendar: missing, as in the numpy engine).
"""

from __future__ import annotations

from typing import Any

from ...nodes import AsOf, CalendarRef, IsIn, RowCalendar, Stamp

__all__ = ["calendar_names", "row_open_before"]


def calendar_names(calendar: CalendarRef) -> tuple[str, ...]:
    """The calendars a plan's calendar reference may use: itself, or every one a per-row calendar can choose."""
    return calendar.names() if isinstance(calendar, RowCalendar) else (calendar,)


def row_open_before(times: Any, node: Stamp | AsOf, calendar: RowCalendar, rules: Any) -> Any:
    """``F(t)`` in microseconds per row on the row's own calendar; null where missing or no calendar.

    ``times`` is the :class:`._calendars.CalendarTimes` whose ``open_before`` gives one calendar's ``F``.
    One ``when`` per value of the map: a single pass over the rows.
    """
    nw = times.nw
    chosen: Any = None
    for value, name in calendar.choices:
        matches = rules.cond(IsIn(calendar.column, (value,)))
        before = times.open_before(node, name, rules)
        chosen = nw.when(matches).then(before) if chosen is None else chosen.when(matches).then(before)
    if calendar.default is not None:
        fallback = times.open_before(node, calendar.default, rules)
    else:
        fallback = nw.lit(None, dtype=nw.Int64)
    return fallback if chosen is None else chosen.otherwise(fallback)
