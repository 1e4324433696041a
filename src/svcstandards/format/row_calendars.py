"""A calendar per row: ``calendar: {by: region, map: {EU: ljubljana, US: new_york}, default: ljubljana}``.

A duration measure's ``calendar`` names one calendar for every row, or
chooses one per row by the value of a column. Rows whose value is not in
``map`` take ``default``; without a default they are ``invalid`` (a data
problem names the standard, the column and example values). This module
holds the model, its load-time checks and its plan node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import did_you_mean
from ..nodes import RowCalendar
from .issues import Issue, KeyPath
from .parts import CalendarByColumn

__all__ = [
    "MEASURE_CALENDAR",
    "CalendarByColumn",
    "calendar_node",
    "during_issues",
    "period_zones",
    "periods_in_issues",
    "row_calendar_issues",
]


#: ``during: measure``: the open hours of the measure's own calendar (each row's, with a calendar per row),
#: unless the file defines a calendar of that name.
MEASURE_CALENDAR = "measure"


def calendar_node(calendar: str | CalendarByColumn | None, names: Callable[[str], str]) -> str | RowCalendar | None:
    """The plan's calendar: a name, a :class:`~svcstandards.nodes.RowCalendar` (its data column), or none."""
    if not isinstance(calendar, CalendarByColumn):
        return calendar
    return RowCalendar(names(calendar.by), tuple(calendar.map_.items()), calendar.default)


def period_zones(calendar: object, zone_of: Callable[[str], str], timezone: str) -> tuple[str, ...] | None:
    """With ``periods_in: row``: the time zone of each calendar of ``calendar.names()`` in order, then
    ``timezone`` (the file's) for the rows without a calendar; ``None`` without a calendar per row."""
    if not isinstance(calendar, RowCalendar):
        return None
    return (*(zone_of(name) for name in calendar.names()), timezone)


def periods_in_issues(path: KeyPath, calendar: str | CalendarByColumn | None) -> Iterator[Issue]:
    """``periods_in: row`` needs a measure that chooses a calendar (and so a time zone) per row."""
    if isinstance(calendar, CalendarByColumn):
        return
    has = "one calendar for every row" if calendar is not None else "no calendar"
    yield Issue(
        (*path, "periods_in"),
        f"periods_in: row cuts periods in the time zone of each row's calendar, but the measure has {has}",
        "give the measure calendar: {by: <column>, map: {...}}, or remove periods_in: row "
        "(periods are then cut in the file's timezone:)",
        "periods_in_row",
    )


def during_issues(
    path: KeyPath, during: str | CalendarByColumn | None, known: Iterable[str], measure_has_calendar: bool | None
) -> Iterator[Issue]:
    """``during:`` names a calendar of the file, the measure's (``measure``), or chooses one per row.

    ``measure_has_calendar``: whether the standard's measure counts on a calendar (``None``: not known)."""
    known = set(known)
    if isinstance(during, CalendarByColumn):
        yield from row_calendar_issues(path, during, known)
    elif during == MEASURE_CALENDAR and during not in known:
        if measure_has_calendar is False:
            yield Issue(
                path,
                "during: measure names the measure's calendar, but the measure has none",
                "give the measure a calendar:, or name a calendar defined under calendars:",
                "during_measure",
            )
    elif during is not None and during not in known:
        yield _undefined(path, during, sorted(known))


def _undefined(path: KeyPath, name: str, known: list[str]) -> Issue:
    hint = did_you_mean(name, known) or (
        f"define it under calendars: (defined: {', '.join(known)})" if known else "define it under calendars:"
    )
    return Issue(path, f"calendar '{name}' is not defined", hint, "undefined_calendar")


def row_calendar_issues(path: KeyPath, calendar: CalendarByColumn, known: Iterable[str]) -> Iterator[Issue]:
    """Every name in ``map`` and ``default`` must be a calendar of the file; ``map`` must not be empty."""
    known = sorted(known)
    if not calendar.map_:
        yield Issue(
            (*path, "map"),
            "the map names no calendar",
            "map each value of the column to a calendar, e.g. map: {EU: ljubljana, US: new_york}",
            "calendar_map_empty",
        )
    named = [((*path, "map", value), name) for value, name in calendar.map_.items()]
    if calendar.default is not None:
        named.append(((*path, "default"), calendar.default))
    for where, name in named:
        if name not in known:
            yield _undefined(where, name, known)
