"""Business time when each row has its own calendar (``calendar: {by: region, map: ...}``).

The rows are grouped by calendar with one stable sort, O(n log n); each
group runs the vectorised code of its one calendar
(:mod:`svcstandards.calendars`), and the results go back to the rows' places.
A row with no calendar (code ``-1``) gets a missing value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ..calendars import business_deadline_ns, business_seconds_ns
from ..errors import DataProblem
from ..nodes import RowCalendar
from ._columns import NAT, Columns

#: How many values without a calendar a warning shows.
SHOWN = 3

__all__ = [
    "PerRow",
    "attach_row_calendars",
    "calendar_codes",
    "per_calendar",
    "row_deadlines",
    "row_seconds",
    "unmapped_problem",
]


@dataclass(frozen=True)
class PerRow:
    """The calendar of each row: ``codes`` index ``names``; ``-1`` is no calendar."""

    names: tuple[str, ...]
    codes: np.ndarray

    def take(self, rows: np.ndarray) -> PerRow:
        """The calendars of the rows at ``rows`` (positions, or a boolean mask)."""
        return PerRow(self.names, self.codes[rows])


def calendar_codes(calendar: RowCalendar, equals: Callable[[tuple[Any, ...]], np.ndarray], n: int) -> PerRow:
    """Each row's calendar: the first choice whose value ``equals`` the row's, else the default, else ``-1``.

    ``equals(values)`` is the engine's own ``IsIn`` of the column (the same
    comparison the ``invalid`` rule of an unmapped row makes). O(n) per choice.
    """
    names = calendar.names()
    code = {name: index for index, name in enumerate(names)}
    default = -1 if calendar.default is None else code[calendar.default]
    codes = np.full(n, default, dtype=np.int64)
    undecided = np.ones(n, dtype=bool)
    for value, name in calendar.choices:
        hit = undecided & equals((value,))
        codes[hit] = code[name]
        undecided &= ~hit
    return PerRow(names, codes)


def per_calendar(
    codes: np.ndarray, count: int, compute: Callable[[np.ndarray, int], np.ndarray], fill: Any, dtype: Any
) -> np.ndarray:
    """``compute(rows, code)`` for the rows of each calendar code, put back in place; ``fill`` where ``-1``."""
    out = np.full(len(codes), fill, dtype=dtype)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(count + 1))
    for code in range(count):  # one vectorised call per calendar, never per row
        rows = order[bounds[code] : bounds[code + 1]]
        if len(rows):
            out[rows] = compute(rows, code)
    return out


def row_seconds(start: np.ndarray, end: np.ndarray, calendars: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    """Open seconds in ``[start, end)`` on each row's calendar; NaN where either is missing or no calendar."""
    start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)

    def seconds(rows: np.ndarray, code: int) -> np.ndarray:
        return np.asarray(business_seconds_ns(start[rows], end[rows], calendars[code]), dtype=np.float64)

    result = per_calendar(codes, len(calendars), seconds, np.nan, np.float64)
    result[(start == NAT) | (end == NAT)] = np.nan
    return result


def row_deadlines(start: np.ndarray, seconds: np.ndarray, calendars: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    """Ns UTC when ``seconds`` of open time on each row's calendar have elapsed; ``NAT`` where none."""

    def deadline(rows: np.ndarray, code: int) -> np.ndarray:
        return np.asarray(business_deadline_ns(start[rows], seconds[rows], calendars[code]), dtype=np.int64)

    return per_calendar(codes, len(calendars), deadline, NAT, np.int64)


class _Rows(Protocol):
    """What :func:`attach_row_calendars` reads and sets of a :class:`~.outcomes.RowOutcomes`."""

    outcome: np.ndarray
    calendar: Any
    row_calendars: PerRow | None
    business_calendars: tuple[Any, ...]


def attach_row_calendars(
    rows: _Rows, invalid: int, calendar_of: Callable[[str], Any], columns: Columns, standard: str
) -> None:
    """Give ``rows`` the BusinessCalendar of each calendar code, and warn of rows without a calendar.

    Those rows are ``invalid`` (outcome code ``invalid``; the plan's rule): without ``default``, a
    value missing from ``map`` is an error of the data or of the map. The warning names the
    standard, the column, the count and the first few values.
    """
    per_row, calendar = rows.row_calendars, rows.calendar
    if per_row is None or not isinstance(calendar, RowCalendar):
        return
    rows.business_calendars = tuple(calendar_of(name) for name in per_row.names)
    mask = (per_row.codes < 0) & (rows.outcome == invalid)
    count = int(np.count_nonzero(mask))
    series = columns.series(standard, calendar.column)
    if count and series is not None:
        values = series[mask].drop_duplicates().sort_values(na_position="first").head(SHOWN + 1).tolist()
        columns.note(unmapped_problem(standard, calendar.column, calendar, count, values), warning=True)


def unmapped_problem(standard: str, column: str, calendar: RowCalendar, count: int, values: list[Any]) -> DataProblem:
    """The warning of ``count`` rows without a calendar; ``values``: the first few, sorted, missing first."""
    shown = ", ".join("blank" if pd.isna(value) else repr(value) for value in values[:SHOWN])
    more = ", ..." if len(values) > SHOWN else ""
    mapped = ", ".join(repr(value) for value, _ in calendar.choices)
    message = (
        f"{count:,} row{'s' if count != 1 else ''} matched no value of the calendar's map ({mapped}) "
        f"and there is no default, so {'they are' if count != 1 else 'it is'} invalid; values: {shown}{more}"
    )
    hint = "add these values to calendar: map:, or give calendar: a default:"
    return DataProblem(standard, column, message, hint, "no_calendar")
