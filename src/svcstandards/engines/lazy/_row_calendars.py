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

from ...errors import DataProblem
from ...nodes import AsOf, CalendarRef, IsIn, RowCalendar, Stamp
from ..outcomes import OUTCOMES
from ..row_calendars import SHOWN, unmapped_problem

__all__ = ["calendar_names", "calendar_words", "row_open_before", "row_open_during", "unmapped_warning"]


def calendar_names(calendar: CalendarRef) -> tuple[str, ...]:
    """The calendars a plan's calendar reference may use: itself, or every one a per-row calendar can choose."""
    return calendar.names() if isinstance(calendar, RowCalendar) else (calendar,)


def calendar_words(calendar: CalendarRef) -> str:
    """``business calendar 'office'``, or ``a calendar per row (by region)``: for messages."""
    return (
        f"business calendar '{calendar}'" if isinstance(calendar, str) else f"a calendar per row (by {calendar.column})"
    )


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


def row_open_during(times: Any, column: str, calendar: RowCalendar, rules: Any) -> Any:
    """``during:`` a calendar per row: whether the time in ``column`` falls in the open hours of the row's own
    calendar; true where the row has none (the rule that makes it ``invalid`` decides it), as in the numpy
    engine. One ``when`` per value of the map: a single pass over the rows."""
    nw = times.nw
    chosen: Any = None
    for value, name in calendar.choices:
        matches = rules.cond(IsIn(calendar.column, (value,)))
        during = times.open_during(column, name)
        chosen = nw.when(matches).then(during) if chosen is None else chosen.when(matches).then(during)
    fallback = nw.lit(True) if calendar.default is None else times.open_during(column, calendar.default)
    return fallback if chosen is None else chosen.otherwise(fallback)


def unmapped_warning(query: Any) -> DataProblem | None:
    """The pandas engine's warning of rows left without a calendar (no ``default``), from two small queries.

    ``query`` is the standard's :class:`._breaches.BreachQuery`: its frame, rules and plan. One count, and
    the first few distinct values, sorted with the missing first: one pass plus a distinct and a sort.
    """
    calendar = query.plan.calendar
    if not isinstance(calendar, RowCalendar) or calendar.default is not None:
        return None
    nw, rules = query.nw, query.rules
    unmapped = ~rules.cond(IsIn(calendar.column, tuple(value for value, _ in calendar.choices)))
    rows = query.frame.filter((rules.outcome(query.plan.rules) == OUTCOMES.index("invalid")) & unmapped)
    count = int(rows.select(nw.len().alias("__svc_n")).collect().item())
    if not count:
        return None
    column = nw.col(calendar.column)
    values = (
        (rows.select(column).unique().sort(calendar.column, nulls_last=False).head(SHOWN + 1).collect())
        .get_column(calendar.column)
        .to_list()
    )
    return unmapped_problem(query.plan.standard, calendar.column, calendar, count, values)
