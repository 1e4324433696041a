"""Periods cut in each row's own time zone (``periods_in: row``, with a calendar per row).

A row's zone is the zone of the calendar its measure chose
(:class:`~svcstandards.nodes.RowCalendar`); a row without a calendar takes the
file's zone. The rows are grouped by zone (one stable sort, O(n log n)) and
each group's wall clocks come from one vectorised conversion; the period
index is then that of the wall clock, as for the file's zone. Rows of
different zones in the same local day (week, month...) share a period, so a
period's start is a wall-clock reading, not an instant: it is shown as a
naive timestamp (``2026-03-08 00:00:00``). An interval (``30min``...) is the
local half-hour on the row's own clock: the two 01:00 half-hours of a
fall-back night are one period, and a half-hour the clocks skip has no rows.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from ..format.parts import INTERVAL_MINUTES
from ._columns import NAT
from ._grouping import NO_PERIOD, local_ns, period_index, period_starts, period_walls, wall_period_index
from ._intervals import MINUTE_NS
from .row_calendars import per_calendar

__all__ = ["period_column", "periods_of", "row_period_index", "row_period_starts", "row_walls", "zone_codes"]


def zone_codes(zones: tuple[str, ...], calendar_codes: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """The distinct zones and each row's code among them.

    ``zones``: the plan's ``period_zones`` (the zone of each calendar code, then the file's for code ``-1``).
    """
    distinct = tuple(dict.fromkeys(zones))
    of_calendar = np.asarray([distinct.index(zone) for zone in zones], dtype=np.int64)  # per calendar, not per row
    return distinct, of_calendar[np.where(calendar_codes < 0, len(zones) - 1, calendar_codes)]


def row_walls(utc_ns: np.ndarray, zones: tuple[str, ...], calendar_codes: np.ndarray) -> np.ndarray:
    """Each row's wall clock (ns) in the zone of its calendar; ``NAT`` stays ``NAT``."""
    utc_ns = np.asarray(utc_ns, dtype=np.int64)
    distinct, codes = zone_codes(zones, calendar_codes)

    def walls(rows: np.ndarray, code: int) -> np.ndarray:
        return local_ns(utc_ns[rows], distinct[code])

    wall = per_calendar(codes, len(distinct), walls, NAT, np.int64)
    np.copyto(wall, NAT, where=utc_ns == NAT)
    return wall


def row_period_index(
    utc_ns: np.ndarray, zones: tuple[str, ...], calendar_codes: np.ndarray, period: str, week_starts: str = "monday"
) -> np.ndarray:
    """Integer index of each row's period on its own wall clock; ``NO_PERIOD`` where the time is missing.

    An interval's index is its wall-clock start in minutes since 1970-01-01 (the local clock, not UTC).
    """
    wall = row_walls(utc_ns, zones, calendar_codes)
    if period in INTERVAL_MINUTES:
        index = np.floor_divide(wall, INTERVAL_MINUTES[period] * MINUTE_NS) * INTERVAL_MINUTES[period]
    else:
        index = wall_period_index(wall, period, week_starts)
    np.copyto(index, NO_PERIOD, where=wall == NAT)
    return np.asarray(index, dtype=np.int64)


def row_period_starts(index: np.ndarray, period: str, week_starts: str = "monday") -> pd.DatetimeIndex:
    """The local start of each period index of :func:`row_period_index`, as naive timestamps (wall clock)."""
    missing = index == NO_PERIOD
    safe = np.where(missing, 0, index)
    if period in INTERVAL_MINUTES:
        wall = (safe * MINUTE_NS).view("datetime64[ns]")
    else:
        wall = period_walls(safe, period, week_starts)
    return pd.DatetimeIndex(pd.DatetimeIndex(wall).where(~missing))


def periods_of(
    stamps: np.ndarray, period: str, rows: Any, timezone: str, week_starts: str
) -> functools.partial[np.ndarray]:
    """The period index of every row of ``stamps`` (ns UTC), to compute when asked: in the file's ``timezone``,
    or with ``periods_in: row`` in each row's (``rows``: the standard's :class:`~.outcomes.RowOutcomes`)."""
    if rows is not None and rows.period_zones is not None and rows.row_calendars is not None:
        codes = rows.row_calendars.codes
        return functools.partial(row_period_index, stamps, rows.period_zones, codes, period, week_starts)
    return functools.partial(period_index, stamps, timezone, period, week_starts)


def period_column(
    index: np.ndarray, period: str, zones: tuple[str, ...] | None, timezone: Any, week_starts: str | None = None
) -> pd.DatetimeIndex:
    """The results' ``period`` column: aware starts in the file's ``timezone``, or (``zones``: periods cut in
    each row's zone) naive wall-clock starts. ``timezone`` may be the standard set (its zone and ``week_starts``)."""
    if not isinstance(timezone, str):
        timezone, week_starts = timezone.timezone, timezone.week_starts
    assert week_starts is not None
    if zones is not None:
        return row_period_starts(index, period, week_starts)
    return period_starts(index, timezone, period, week_starts)
