"""Business time: open hours of a calendar, counted exactly across clock changes.

A :class:`BusinessCalendar` is weekly open hours in an IANA time zone, less
closed dates (public holidays and extra dates), plus extra open dates. The
functions of this module work on whole arrays at once:

- :func:`business_seconds` -- open seconds between two instants;
- :func:`business_deadline` -- when a given amount of open time has elapsed;
- :func:`is_open` -- whether an instant falls in open hours.

Each has a twin ending in ``_ns`` for callers that hold instants as int64
nanoseconds since the epoch (UTC), the column primitive an evaluator composes.
Instants from 1678 to the end of 2261 are supported (pandas' nanosecond
range in whole years); a deadline beyond that is NaT.

How it works: the calendar is turned into a sorted table of its open
intervals as absolute instants (int64 nanoseconds since the epoch, UTC),
with the running total of open time at the start of each interval. The open
time up to an instant ``t`` is then

    B(t) = total[i] + clip(t - start[i], 0, end[i] - start[i])

with ``i`` the last interval starting at or before ``t`` (a binary search),
and the business time from ``a`` to ``b`` is ``B(b) - B(a)``. Working on
instants makes the arithmetic exact across clock changes, and the lookup is
an as-of join that other engines (SQL, Spark) can run as well. The table is
built lazily for the range the data needs, with vectorised time-zone
conversion per local date, and kept inside the calendar for later calls.

Open hours are wall-clock hours of the calendar's zone on every date. An
interval start that falls in a spring-forward gap moves forward to the first
valid instant; an ambiguous start (the autumn repeat) takes the first
occurrence and an ambiguous end the last one. So an interval covering the
repeated hour is longer that day, and one in the skipped hour shorter.

Example: 8 office hours from a Friday afternoon fall due on Monday.

>>> import pandas as pd
>>> from svcstandards.calendars import BusinessCalendar, business_deadline, business_seconds, is_open
>>> office = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="Europe/Ljubljana")
>>> start = pd.Series(pd.to_datetime(["2026-03-06 16:00", "2026-03-09 08:00"]))
>>> end = pd.Series(pd.to_datetime(["2026-03-09 10:00", "2026-03-09 08:30"]))
>>> business_seconds(start, end, office).tolist()  # Fri 16-17 + Mon 9-10; Mon before opening
[7200.0, 0.0]
>>> business_deadline(pd.Timestamp("2026-03-06 16:00"), 8 * 3600, office)  # Mon 16:00 CET
Timestamp('2026-03-09 15:00:00+0000', tz='UTC')
>>> is_open(pd.Timestamp("2026-03-09 16:59:59"), office)
True
"""

from __future__ import annotations

from ._instants import Amount, Amounts, Instant, Instants
from .arithmetic import (
    business_calendar,
    business_deadline,
    business_deadline_ns,
    business_seconds,
    business_seconds_ns,
    is_open,
    is_open_ns,
)
from .business import AnyCalendar, BusinessCalendar

__all__ = [
    "Amount",
    "Amounts",
    "AnyCalendar",
    "BusinessCalendar",
    "Instant",
    "Instants",
    "business_calendar",
    "business_deadline",
    "business_deadline_ns",
    "business_seconds",
    "business_seconds_ns",
    "is_open",
    "is_open_ns",
]
