"""The outcome column: for one standard, every row gets exactly one outcome.

``met``, ``missed``, ``pending``, ``excluded``, ``invalid`` or
``out_of_scope``, plus the measured value where it has one and the limits
that applied. Which outcome a row gets is decided by the rules of the
standard's plan (:mod:`svcstandards.plan`); an engine
(:mod:`svcstandards.engines`) produces these arrays and the Report keeps
them, so drill-downs are filters.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..calendars import business_deadline_ns
from ..nodes import CalendarRef
from ._columns import NAT
from .row_calendars import PerRow, row_deadlines

__all__ = [
    "EXCLUDED",
    "INVALID",
    "MET",
    "MISSED",
    "OUTCOMES",
    "OUT_OF_SCOPE",
    "PENDING",
    "STATUSES",
    "RowOutcomes",
    "Status",
]

MET, MISSED, PENDING, EXCLUDED, INVALID, OUT_OF_SCOPE = range(6)
OUTCOMES = ("met", "missed", "pending", "excluded", "invalid", "out_of_scope")

#: The status of one results row (a standard, group and period).
Status = Literal["pass", "warn", "fail", "insufficient", "no_data"]
#: Every status, in the order a summary lists them.
STATUSES: tuple[Status, ...] = typing.get_args(Status)


@dataclass
class RowOutcomes:
    """Per-row results of one standard (arrays as long as the data)."""

    outcome: np.ndarray  # int8 codes, see OUTCOMES
    measured: np.ndarray  # seconds for durations, the value otherwise; NaN where none
    low: np.ndarray  # at_least that applied (NaN: none)
    high: np.ndarray  # within / at_most that applied (NaN: none)
    duration: bool  # measured and targets are seconds of a duration
    start: np.ndarray | None = None  # ns UTC of the duration's start, for deadlines
    calendar: CalendarRef | None = None
    as_of: int | None = None  # ns UTC used for open interactions
    business_calendar: Any = None  # the BusinessCalendar of ``calendar``, to place deadlines
    #: a calendar per row: each row's calendar code, and ``business_calendars`` the BusinessCalendar of each code
    row_calendars: PerRow | None = None
    business_calendars: tuple[Any, ...] = ()
    #: ``periods_in: row``: the zone of each calendar code, then the file's (the plan's ``period_zones``)
    period_zones: tuple[str, ...] | None = None
    #: The paused spans of an event log, as (row, start ns, end ns; end NAT while paused), when it has statuses
    pause_spans: Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None

    def deadlines(self, mask: np.ndarray, paused: np.ndarray | None = None) -> np.ndarray:
        """Ns UTC at which the upper limit of the rows in ``mask`` runs out (``NAT`` where none).

        ``paused`` (one value per row in ``mask``) is the paused time, in seconds, that stops the
        clock before the deadline: the deadline moves that much later (in open time on a business
        calendar). NaN there means the paused time is not known: no deadline.
        """
        if self.start is None:
            return np.full(int(np.count_nonzero(mask)), NAT, dtype=np.int64)
        seconds = self.high[mask]
        if paused is not None:
            seconds = seconds + paused
        return self.deadlines_from(self.start[mask], seconds, self.codes(mask))

    def codes(self, rows: np.ndarray) -> np.ndarray | None:
        """The calendar codes of ``rows`` (a mask or positions) with a calendar per row; else ``None``."""
        return None if self.row_calendars is None else self.row_calendars.codes[rows]

    def deadlines_from(self, start: np.ndarray, seconds: np.ndarray, codes: np.ndarray | None = None) -> np.ndarray:
        """Ns UTC ``seconds`` after ``start`` (ns UTC), in open time on the business calendar if any.

        ``codes``: with a calendar per row, the calendar code of each of these rows (see :meth:`codes`).
        ``NAT`` where ``start`` is ``NAT`` or ``seconds`` is NaN, or the row has no calendar.
        """
        missing = (start == NAT) | np.isnan(seconds)
        if codes is not None:
            result = row_deadlines(start, np.where(missing, np.nan, seconds), self.business_calendars, codes)
        elif self.business_calendar is None:
            result = wall_clock_deadlines(start, np.where(missing, 0.0, seconds))
        else:
            result = business_deadline_ns(start, np.where(missing, np.nan, seconds), self.business_calendar)
        return np.asarray(np.where(missing, NAT, result), dtype=np.int64)


#: Deadlines end where business deadlines do (:mod:`svcstandards.calendars`): before 2262-01-01T00:00 UTC,
#: so that every time zone can show them (pandas' last nanosecond timestamp is 2262-04-11T23:47 UTC).
_END_NS = int(np.datetime64("2262-01-01", "ns").astype(np.int64))


def wall_clock_deadlines(start: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """``start`` (ns UTC) plus ``seconds`` >= 0 rounded to the nearest ns; ``NAT`` where that is 2262 or later.

    The sum is checked rather than trusted: int64 nanoseconds wrap around past 2262-04-11,
    which would put a deadline centuries before its start.
    """
    amount = np.round(seconds * 1e9)
    huge = ~(amount < 2.0**63)  # too large for int64 ns (or NaN, inf)
    ns = np.where(huge, 0.0, amount).astype(np.int64)
    result = start + ns
    beyond = huge | (result < start) | (result >= _END_NS)  # result < start: the int64 sum wrapped around
    return np.asarray(np.where(beyond, NAT, result), dtype=np.int64)
