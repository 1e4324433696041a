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

import datetime as _dt
import threading
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ._columns import NAT
from .errors import (
    DataError,
    DataProblem,
    ImmutableError,
    InvalidArgumentError,
    MissingDependencyError,
    Problem,
    StandardsError,
    UsageError,
)
from .hours import MINUTES_PER_DAY, HoursError, weekly_intervals
from .model import Calendar

__all__ = [
    "AnyCalendar",
    "BusinessCalendar",
    "business_calendar",
    "business_deadline",
    "business_deadline_ns",
    "business_seconds",
    "business_seconds_ns",
    "is_open",
    "is_open_ns",
]

#: A single instant: naive values are wall-clock times in the calendar's zone.
Instant: TypeAlias = "pd.Timestamp | _dt.datetime | np.datetime64"
#: Many instants, other than a Series (one-dimensional).
Instants: TypeAlias = "pd.DatetimeIndex | NDArray[Any] | Sequence[Instant | str | None]"
#: A single amount of open time: seconds, or a timedelta.
Amount: TypeAlias = "float | np.floating[Any] | np.integer[Any] | pd.Timedelta | _dt.timedelta | np.timedelta64"
#: Many amounts of open time, other than a Series (one-dimensional).
Amounts: TypeAlias = "pd.TimedeltaIndex | NDArray[Any] | Sequence[float | None]"

NS_PER_SECOND = 1_000_000_000
NS_PER_MINUTE = 60 * NS_PER_SECOND
NS_PER_DAY = 86_400 * NS_PER_SECOND
# Supported instants: whole years inside pandas' nanosecond range, with room
# for the local dates around them.
_FIRST_DAY = int(np.datetime64("1678-01-01", "D").astype(np.int64))
_END_DAY = int(np.datetime64("2262-01-01", "D").astype(np.int64))
_MAX_SECONDS = float(np.iinfo(np.int64).max // NS_PER_SECOND - 1)  # amounts are int64 ns

Schedule: TypeAlias = tuple[tuple[int, int], ...]
#: A calendar the functions take: a :class:`BusinessCalendar`, or a file's
#: :class:`~svcstandards.model.Calendar` as loaded (``standard_set.calendars["office"]``).
AnyCalendar: TypeAlias = "BusinessCalendar | Calendar"


# -- the calendar ----------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """Merged open intervals (ns UTC) that are exact on UTC days ``[first_day, end_day)``."""

    first_day: int
    end_day: int
    starts: NDArray[np.int64]
    ends: NDArray[np.int64]
    before: NDArray[np.uint64]  # open ns before each interval, counted from the table's first
    after: NDArray[np.uint64]  # open ns up to each interval's end

    @property
    def lo_ns(self) -> int:
        return self.first_day * NS_PER_DAY

    @property
    def hi_ns(self) -> int:
        return self.end_day * NS_PER_DAY

    def covers(self, lo_ns: int, hi_ns: int) -> bool:
        return self.lo_ns <= lo_ns and hi_ns <= self.hi_ns


class BusinessCalendar:
    """Weekly open hours in a time zone, less closed dates, plus extra open dates.

    ``hours`` maps day specs (``mon-fri``, ``sat``, ``mon,wed``) to one
    interval (``"08:00-16:00"``) or a list of them; days not named are
    closed, ``"00:00-24:00"`` is a whole day and ``"22:00-06:00"`` runs into
    the next day but belongs to the day it starts. Overlapping hours count
    once.

    Dates are local dates of the calendar's zone:

    - a *closed* date (``closed``, or a public holiday of ``country`` /
      ``subdivision`` from the optional ``holidays`` package) removes the
      intervals that *start* on it: a night shift that starts the evening
      before a holiday is still worked, one that starts on the holiday is not;
    - an *open* date (``open_dates``) is worked with the hours of a normal
      working day, whatever its weekday: the weekday schedule shared by the
      most open weekdays of the calendar (ties: the earliest weekday, Monday
      first; days without hours do not count). An open date that is also
      closed is open: listing it says the office works that day.

    Public holidays are looked up lazily, only for the years whose dates the
    requested instants need. The calendar is immutable and safe to share
    between threads: it keeps its table of open intervals as a cache, widened
    when a later call needs a wider range, which never changes a result.

    >>> office = BusinessCalendar(
    ...     {"mon-fri": "08:00-16:00", "sat": "09:00-12:00"},
    ...     timezone="Europe/Ljubljana",
    ...     closed=[_dt.date(2026, 12, 24)],
    ... )
    >>> office.normal_day  # minutes after midnight
    ((480, 960),)
    """

    __slots__ = (
        "_closed",
        "_country",
        "_holiday_days",
        "_hours",
        "_lock",
        "_normal_day",
        "_open",
        "_subdivision",
        "_table",
        "_timezone",
        "_weekly",
        "_zone",
    )

    _closed: frozenset[_dt.date]
    _country: str | None
    _holiday_days: dict[int, NDArray[np.int64]]
    _hours: dict[str, tuple[str, ...]]
    _lock: threading.Lock
    _normal_day: Schedule
    _open: frozenset[_dt.date]
    _subdivision: str | None
    _table: _Table | None
    _timezone: str
    _weekly: tuple[Schedule, ...]
    _zone: zoneinfo.ZoneInfo

    def __init__(
        self,
        hours: Mapping[str, str | Sequence[str]],
        timezone: str = "UTC",
        closed: Iterable[_dt.date] = (),
        open_dates: Iterable[_dt.date] = (),
        country: str | None = None,
        subdivision: str | None = None,
    ) -> None:
        normalized = {key: (value,) if isinstance(value, str) else tuple(value) for key, value in hours.items()}
        weekly = _weekly_schedule(normalized)
        if subdivision is not None and country is None:
            raise _invalid(
                "holidays.subdivision",
                "a subdivision needs a country",
                "add country, e.g. country='US', subdivision='CA'",
                "holidays_subdivision",
            )
        if country is not None:
            _check_country(country, subdivision)
        setattr_ = object.__setattr__
        setattr_(self, "_zone", _zone(timezone))
        setattr_(self, "_timezone", timezone)
        setattr_(self, "_hours", normalized)
        setattr_(self, "_weekly", weekly)
        setattr_(self, "_normal_day", _normal_day(weekly))
        setattr_(self, "_closed", frozenset(_as_date(d, "holidays.dates") for d in closed))
        setattr_(self, "_open", frozenset(_as_date(d, "open") for d in open_dates))
        setattr_(self, "_country", country)
        setattr_(self, "_subdivision", subdivision)
        setattr_(self, "_holiday_days", {})
        setattr_(self, "_table", None)
        setattr_(self, "_lock", threading.Lock())

    @classmethod
    def from_model(cls, calendar: Calendar, default_timezone: str = "UTC") -> BusinessCalendar:
        """The calendar of a standards file; ``default_timezone`` is the file's zone.

        >>> from svcstandards.model import Calendar
        >>> model = Calendar.model_validate({"hours": {"mon-fri": "08:00-16:00"}})
        >>> BusinessCalendar.from_model(model, "Europe/Ljubljana").timezone
        'Europe/Ljubljana'
        """
        holidays = calendar.holidays
        return cls(
            calendar.hours,
            timezone=calendar.timezone or default_timezone,
            closed=holidays.dates if holidays else (),
            open_dates=calendar.open,
            country=holidays.country if holidays else None,
            subdivision=holidays.subdivision if holidays else None,
        )

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> BusinessCalendar:
        """Open 24/7: business time equals elapsed time.

        ``timezone`` only says how naive timestamps are read.

        >>> business_seconds(
        ...     pd.Timestamp("2026-03-28 12:00"), pd.Timestamp("2026-03-29 12:00"),
        ...     BusinessCalendar.always_open("Europe/Ljubljana"),
        ... )  # the night the clocks go forward has 23 hours
        82800.0
        """
        return cls({"mon-sun": "00:00-24:00"}, timezone=timezone)

    # -- what it is --------------------------------------------------------
    @property
    def timezone(self) -> str:
        """The IANA zone of the open hours and of naive timestamps."""
        return self._timezone

    @property
    def hours(self) -> dict[str, tuple[str, ...]]:
        """The open hours as given (a copy)."""
        return dict(self._hours)

    @property
    def weekly(self) -> tuple[Schedule, ...]:
        """Per weekday (Monday first) the merged open intervals, in minutes after midnight."""
        return self._weekly

    @property
    def normal_day(self) -> Schedule:
        """The hours of a normal working day, used on open dates (empty if never open)."""
        return self._normal_day

    @property
    def closed_dates(self) -> frozenset[_dt.date]:
        """Extra closed dates (public holidays come on top)."""
        return self._closed

    @property
    def open_dates(self) -> frozenset[_dt.date]:
        """Extra open dates, worked with the hours of :attr:`normal_day`."""
        return self._open

    @property
    def country(self) -> str | None:
        """Country code of the public holidays, if any."""
        return self._country

    @property
    def subdivision(self) -> str | None:
        """Subdivision code of the public holidays, if any."""
        return self._subdivision

    def __setattr__(self, name: str, value: object) -> None:
        raise ImmutableError(f"BusinessCalendar is immutable; cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise ImmutableError(f"BusinessCalendar is immutable; cannot delete '{name}'")

    def _key(self) -> tuple[object, ...]:
        return (
            self._timezone,
            self._weekly,
            self._closed,
            self._open,
            self._country,
            self._subdivision,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        args = (self._hours, self._timezone, sorted(self._closed), sorted(self._open))
        return (type(self), (*args, self._country, self._subdivision))

    def __repr__(self) -> str:
        hours = {k: v[0] if len(v) == 1 else list(v) for k, v in self._hours.items()}
        extras = "".join(
            f", {name}={value!r}"
            for name, value in (
                ("closed", sorted(self._closed)),
                ("open_dates", sorted(self._open)),
                ("country", self._country),
                ("subdivision", self._subdivision),
            )
            if value
        )
        return f"BusinessCalendar({hours!r}, timezone={self._timezone!r}{extras})"

    # -- the table of open intervals ----------------------------------------
    def _table_for(self, lo_ns: int, hi_ns: int) -> _Table:
        """A table exact on ``[lo_ns, hi_ns]``: the cached one, or a wider one built now."""
        table = self._table
        if table is not None and table.covers(lo_ns, hi_ns):
            return table
        if lo_ns < _FIRST_DAY * NS_PER_DAY or hi_ns > _END_DAY * NS_PER_DAY:
            raise DataError(
                [
                    DataProblem(
                        "",
                        "",
                        f"timestamps from {pd.Timestamp(lo_ns, tz='UTC')} to {pd.Timestamp(hi_ns, tz='UTC')} "
                        "reach outside the years business time supports",
                        "business time works from 1678 up to the end of 2261",
                        "timestamp_range",
                    )
                ]
            )
        with self._lock:
            table = self._table
            if table is not None and table.covers(lo_ns, hi_ns):
                return table
            first, end = lo_ns // NS_PER_DAY, hi_ns // NS_PER_DAY + 1
            if table is not None:
                first, end = min(first, table.first_day), max(end, table.end_day)
            # Whole UTC years: holidays come by the year, and a year of intervals is cheap.
            first = max(_year_start(first), _FIRST_DAY)
            end = min(_year_start(end - 1, 1), _END_DAY)
            table = self._build(first, end)
            object.__setattr__(self, "_table", table)
            return table

    def _build(self, first_day: int, end_day: int) -> _Table:
        """The open intervals that meet UTC days ``[first_day, end_day)``, merged.

        Local dates from ``first_day - 2`` to ``end_day`` are enough: no
        zone is a day or more away from UTC, and an interval ends less than
        two days after its date's midnight.
        """
        days = np.arange(first_day - 2, end_day + 1, dtype=np.int64)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
        open_days = _days_of(self._open)
        on_open_date = np.isin(days, open_days)
        day_parts: list[NDArray[np.int64]] = []
        minute_parts: list[tuple[int, int, int]] = []
        for day_of_week, schedule in enumerate(self._weekly):
            selected = days[(weekday == day_of_week) & ~on_open_date]
            for start, end in schedule:
                day_parts.append(selected)
                minute_parts.append((start, end, selected.size))
        for start, end in self._normal_day:
            day_parts.append(days[on_open_date])
            minute_parts.append((start, end, day_parts[-1].size))
        day_of = np.concatenate(day_parts) if day_parts else np.empty(0, np.int64)
        start_minute = np.repeat([m[0] for m in minute_parts], [m[2] for m in minute_parts])
        end_minute = np.repeat([m[1] for m in minute_parts], [m[2] for m in minute_parts])
        midnight = day_of * NS_PER_DAY
        starts = _localize(midnight + start_minute.astype(np.int64) * NS_PER_MINUTE, self._zone, first=True)
        ends = _localize(midnight + end_minute.astype(np.int64) * NS_PER_MINUTE, self._zone, first=False)
        ends = np.maximum(ends, starts)
        keep = (ends > starts) & (starts < end_day * NS_PER_DAY) & (ends > first_day * NS_PER_DAY)
        closed = np.setdiff1d(self._closed_days(day_of[keep]), open_days)
        keep &= ~np.isin(day_of, closed)
        return _merged_table(first_day, end_day, starts[keep], ends[keep])

    def _closed_days(self, needed: NDArray[np.int64]) -> NDArray[np.int64]:
        """Closed local dates (days since the epoch) among the years of ``needed``."""
        closed = _days_of(self._closed)
        if self._country is None or needed.size == 0:
            return closed
        years = np.unique(needed.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
        missing = [int(y) for y in years if int(y) not in self._holiday_days]
        if missing:
            found = _holidays_module().country_holidays(self._country, subdiv=self._subdivision, years=missing)
            # Keep each year's own dates, so a result never depends on which years were asked first.
            for year in missing:
                self._holiday_days[year] = _days_of(d for d in found if d.year == year)
        return np.concatenate([closed, *(self._holiday_days[int(y)] for y in years)])


def _merged_table(first_day: int, end_day: int, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> _Table:
    """Sort, merge overlapping or touching intervals, and add the running total."""
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends) if ends.size else ends
    head = np.ones(starts.size, dtype=bool)
    head[1:] = starts[1:] > reach[:-1]
    heads = np.flatnonzero(head)
    lasts = np.append(heads[1:] - 1, starts.size - 1)[: heads.size]
    merged_starts, merged_ends = starts[heads], reach[lasts]
    durations = (merged_ends - merged_starts).astype(np.uint64)
    # Unsigned: the open time of 584 years still fits, and differences wrap back exactly.
    after = np.cumsum(durations, dtype=np.uint64)
    return _Table(first_day, end_day, merged_starts, merged_ends, after - durations, after)


def _open_before(table: _Table, t: NDArray[np.int64]) -> NDArray[np.uint64]:
    """``B(t)``: open ns from the table's start up to each instant (all inside the table)."""
    if table.starts.size == 0:
        return np.zeros(t.shape, dtype=np.uint64)
    i = np.searchsorted(table.starts, t, side="right") - 1
    np.maximum(i, 0, out=i)
    inside = np.clip(t - table.starts[i], 0, table.ends[i] - table.starts[i])
    result: NDArray[np.uint64] = table.before[i] + inside.astype(np.uint64)
    return result


# -- building blocks -------------------------------------------------------------


def _invalid(path: str, message: str, hint: str, code: str) -> StandardsError:
    return StandardsError([Problem("<calendar>", 0, 0, path, message, hint, code)])


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, IsADirectoryError) as exc:
        raise _invalid(
            "timezone",
            f"'{name}' is not an IANA time zone",
            "write a name such as Europe/Ljubljana, America/New_York or UTC",
            "timezone",
        ) from exc


def _weekly_schedule(hours: Mapping[str, tuple[str, ...]]) -> tuple[Schedule, ...]:
    """Per weekday, the union of its intervals in minutes after that day's midnight."""
    try:
        intervals = weekly_intervals(hours)
    except HoursError as exc:
        raise _invalid("hours", exc.message, exc.hint, "hours") from exc
    per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for start, end, _key in intervals:
        day = start // MINUTES_PER_DAY
        base = day * MINUTES_PER_DAY
        per_day[day].append((start - base, end - base))
    return tuple(_union(sorted(day)) for day in per_day)


def _union(intervals: list[tuple[int, int]]) -> Schedule:
    merged: list[tuple[int, int]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _normal_day(weekly: tuple[Schedule, ...]) -> Schedule:
    """The schedule shared by the most open weekdays; ties go to the earliest weekday."""
    counts = Counter(schedule for schedule in weekly if schedule)
    if not counts:
        return ()
    most = max(counts.values())
    return next(schedule for schedule in weekly if schedule and counts[schedule] == most)


def _as_date(value: object, path: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _invalid(path, f"{value!r} is not a date", "write dates as 2026-12-24", "date")


def _days_of(dates: Iterable[_dt.date]) -> NDArray[np.int64]:
    """Dates as sorted days since 1970-01-01."""
    return np.sort(np.array(list(dates), dtype="datetime64[D]").astype(np.int64))


def _year_start(day: int, years_later: int = 0) -> int:
    """The first day of the year of ``day`` (plus ``years_later`` years)."""
    year = np.datetime64(day, "D").astype("datetime64[Y]") + np.timedelta64(years_later, "Y")
    return int(year.astype("datetime64[D]").astype(np.int64))


def _holidays_module() -> Any:
    try:
        import holidays
    except ImportError as exc:
        raise MissingDependencyError.for_extra("holidays", "holidays", "Public holidays") from exc
    return holidays


def _check_country(country: str, subdivision: str | None) -> None:
    module = _holidays_module()
    supported: dict[str, list[str]] = module.list_supported_countries()
    if country not in supported:
        raise _invalid(
            "holidays.country",
            f"'{country}' is not a country code the holidays package knows",
            "use an ISO 3166 code such as SI, HR, PL, US",
            "holidays_country",
        )
    if subdivision is not None and subdivision not in supported[country]:
        known = ", ".join(supported[country][:12]) or "none"
        raise _invalid(
            "holidays.subdivision",
            f"'{subdivision}' is not a subdivision of {country}",
            f"known subdivisions: {known}",
            "holidays_subdivision",
        )


def _localize(wall_ns: NDArray[np.int64], zone: zoneinfo.ZoneInfo, *, first: bool) -> NDArray[np.int64]:
    """Wall-clock ns of ``zone`` -> ns UTC.

    A time in a spring-forward gap moves forward to the first valid instant;
    an ambiguous one takes the first occurrence (``first``) or the last.
    NaT stays NaT.
    """
    wall = pd.DatetimeIndex(wall_ns.view("datetime64[ns]"))
    aware = wall.tz_localize(zone, ambiguous=np.full(wall_ns.size, first, dtype=bool), nonexistent="NaT")
    out = np.asarray(aware.asi8, dtype=np.int64).copy()
    gap = (out == NAT) & (wall_ns != NAT)
    if gap.any():
        out[gap] = _end_of_gap(wall_ns[gap], zone)
    return out


def _end_of_gap(wall_ns: NDArray[np.int64], zone: zoneinfo.ZoneInfo) -> NDArray[np.int64]:
    """The first instant whose wall-clock time is at or after each (nonexistent) wall time.

    pandas' own ``shift_forward`` assumes clock changes of whole hours and
    lands half an hour late on Lord Howe Island, so the instant is found here
    by bisection over whole seconds (time zone transitions fall on whole
    seconds), vectorised over the rows in a gap.
    """
    window = 16 * 3600  # every UTC offset is less than 16 hours
    lo = wall_ns // NS_PER_SECOND - window  # shows an earlier wall time
    hi = -(-wall_ns // NS_PER_SECOND) + window  # shows a later one
    while np.any(hi - lo > 1):
        mid = (lo + hi) // 2
        utc = pd.DatetimeIndex((mid * NS_PER_SECOND).view("datetime64[ns]")).tz_localize("UTC")
        shown = utc.tz_convert(zone).tz_localize(None).asi8
        later = shown >= wall_ns
        hi, lo = np.where(later, mid, hi), np.where(later, lo, mid)
    return hi * NS_PER_SECOND


def _data_error(message: str, hint: str, code: str = "invalid_timestamps") -> DataError:
    return DataError([DataProblem("", "", message, hint, code)])


def _is_scalar(value: object) -> bool:
    return value is None or value is pd.NaT or isinstance(value, _dt.date | np.datetime64 | str)


def _instants_ns(values: Any, zone: zoneinfo.ZoneInfo, what: str) -> NDArray[np.int64]:
    """Timestamps of any accepted kind -> int64 ns UTC (NaT as ``NAT``)."""
    if _is_scalar(values):
        try:
            values = pd.DatetimeIndex([pd.Timestamp(values)])
        except (ValueError, TypeError) as exc:
            raise _data_error(f"{what} cannot be read as a timestamp: {exc}", "pass a datetime") from exc
    if isinstance(values, np.ndarray | pd.Series | pd.Index) and values.dtype.kind in "iufb":
        raise _data_error(
            f"{what} holds numbers, not timestamps",
            "pass datetimes; for int64 nanoseconds since the epoch use the *_ns functions",
        )
    try:
        if isinstance(values, pd.DatetimeIndex):
            index = values
        elif isinstance(values, pd.Series | np.ndarray) and values.dtype.kind == "M":
            index = pd.DatetimeIndex(values)
        else:
            try:
                index = pd.DatetimeIndex(pd.to_datetime(values, format="ISO8601"))
            except ValueError as exc:
                if "utc=True" not in str(exc):
                    raise
                index = _mixed_zones(values)
        if index.tz is None:
            return _localize(np.asarray(index.as_unit("ns").asi8, dtype=np.int64), zone, first=True)
        return np.asarray(index.as_unit("ns").asi8, dtype=np.int64)
    except (ValueError, TypeError, OverflowError) as exc:
        raise _data_error(
            f"{what} cannot be read as timestamps: {exc}",
            "pass datetimes: a datetime Series or DatetimeIndex, datetime64 values or Timestamps",
        ) from exc


def _mixed_zones(values: Any) -> pd.DatetimeIndex:
    """Aware timestamps in several zones; naive ones among them are an error, not UTC."""
    stamps = [pd.Timestamp(value) for value in values]  # pandas too reads such a mix one by one
    if any(stamp.tzinfo is None and not pd.isna(stamp) for stamp in stamps):
        raise ValueError("cannot mix timestamps with and without a time zone")
    return pd.DatetimeIndex(pd.to_datetime(stamps, utc=True))


def _seconds_to_ns(seconds: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Seconds -> whole ns (nearest) and a mask of amounts that are missing or beyond reach."""
    missing = ~np.isfinite(seconds) | (seconds > _MAX_SECONDS)
    if np.any(seconds < 0):
        raise _data_error(
            "business_deadline needs amounts of open time >= 0",
            "a deadline before the start is not defined; check the sign of the amounts",
            "negative_amount",
        )
    safe = np.where(missing, 0.0, seconds)
    whole = np.floor(safe)
    # Whole seconds convert exactly; only the fraction is rounded to the nearest ns.
    ns = whole.astype(np.int64) * NS_PER_SECOND + np.rint((safe - whole) * NS_PER_SECOND).astype(np.int64)
    return ns, missing


def _amounts_ns(values: Any) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Seconds or timedeltas -> ns and a mask of missing (or unreachable) amounts."""
    if isinstance(values, pd.Timedelta | _dt.timedelta | np.timedelta64):
        values = pd.TimedeltaIndex([values])
    elif isinstance(values, pd.Series | np.ndarray) and values.dtype.kind == "m":
        values = pd.TimedeltaIndex(values)
    if isinstance(values, pd.TimedeltaIndex):
        ns = np.asarray(values.as_unit("ns").asi8, dtype=np.int64)
        missing = ns == NAT
        if np.any(ns[~missing] < 0):
            raise _data_error(
                "business_deadline needs amounts of open time >= 0",
                "a deadline before the start is not defined; check the sign of the amounts",
                "negative_amount",
            )
        return ns, missing
    try:
        if isinstance(values, pd.Series | pd.Index):
            values = values.to_numpy(dtype=np.float64, na_value=np.nan)
        seconds = np.atleast_1d(np.asarray(values, dtype=np.float64))
    except (ValueError, TypeError) as exc:
        raise _data_error(f"amounts cannot be read as seconds: {exc}", "pass numbers of seconds or timedeltas") from exc
    return _seconds_to_ns(seconds)


def _series_index(*values: object) -> pd.Index | None:
    """The index of the Series among the inputs; two Series must share it."""
    indexes = [v.index for v in values if isinstance(v, pd.Series)]
    if len(indexes) == 2 and not indexes[0].equals(indexes[1]):
        raise _data_error(
            "the two Series have different indexes",
            "pass columns of one DataFrame, or align them first",
            "index_mismatch",
        )
    return indexes[0] if indexes else None


def _broadcast(a: NDArray[np.int64], b: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    if a.ndim != 1 or b.ndim != 1:
        raise _data_error("expected one-dimensional values", "pass a Series, an index or a 1-d array")
    if a.size != b.size and 1 not in (a.size, b.size):
        raise _data_error(f"got {a.size} and {b.size} values", "pass the same number of each, or a single value")
    x, y = np.broadcast_arrays(a, b)
    return np.array(x, dtype=np.int64), np.array(y, dtype=np.int64)


def _span(*arrays: NDArray[np.int64]) -> tuple[int, int] | None:
    """Smallest and largest instant that is not NaT, or None."""
    present = [a[a != NAT] for a in arrays]
    present = [a for a in present if a.size]
    if not present:
        return None
    return min(int(a.min()) for a in present), max(int(a.max()) for a in present)


# -- the primitives on int64 nanoseconds -------------------------------------------


def business_seconds_ns(
    start: ArrayLike, end: ArrayLike, calendar: AnyCalendar, *, timezone: str | None = None
) -> NDArray[np.float64]:
    """Open seconds in ``[start, end)`` for int64 ns UTC instants; NaN where either is NaT.

    The primitive under :func:`business_seconds`, for callers that already
    hold instants as int64 nanoseconds since the epoch. Negative when
    ``end < start``.

    >>> ns = pd.DatetimeIndex(["2026-03-06 15:00", "2026-03-09 09:00"], tz="UTC").as_unit("ns").asi8
    >>> business_seconds_ns(ns[:1], ns[1:], BusinessCalendar({"mon-fri": "09:00-17:00"}))  # Fri 15-17
    array([7200.])
    """
    calendar = business_calendar(calendar, timezone=timezone)
    starts, ends = _broadcast(np.atleast_1d(np.asarray(start)), np.atleast_1d(np.asarray(end)))
    missing = (starts == NAT) | (ends == NAT)
    out = np.full(starts.shape, np.nan)
    span = _span(starts[~missing], ends[~missing])
    if span is None:
        return out
    table = calendar._table_for(*span)
    ok = ~missing
    # The difference of two unsigned totals wraps back to the signed difference.
    diff = (_open_before(table, ends[ok]) - _open_before(table, starts[ok])).view(np.int64)
    out[ok] = diff.astype(np.float64) / NS_PER_SECOND
    return out


def _deadline_ns(
    start: NDArray[np.int64],
    amount: NDArray[np.int64],
    missing: NDArray[np.bool_],
    calendar: BusinessCalendar,
) -> NDArray[np.int64]:
    starts, amounts = _broadcast(start, amount)
    missing = np.broadcast_to(missing, starts.shape) | (starts == NAT)
    out = np.full(starts.shape, NAT, dtype=np.int64)
    span = _span(starts[~missing])
    if span is None:
        return out
    out[~missing] = starts[~missing]  # no open time to wait for: the start itself
    todo = np.flatnonzero(~missing & (amounts > 0))
    if todo.size == 0 or not any(calendar.weekly):
        return np.where(missing | (amounts > 0), NAT, out)
    lo, hi = span
    table = calendar._table_for(lo, hi)
    while True:
        begin = starts[todo]
        want = amounts[todo].astype(np.uint64)
        done = np.zeros(todo.size, dtype=bool)
        if table.starts.size:
            before = _open_before(table, begin)
            reachable = want <= table.after[-1] - before
            target = before + np.where(reachable, want, 0).astype(np.uint64)
            j = np.minimum(np.searchsorted(table.after, target, side="left"), table.starts.size - 1)
            due = table.starts[j] + (target - table.before[j]).astype(np.int64)
            done = reachable & (due <= table.hi_ns)
            out[todo[done]] = due[done]
        todo = todo[~done]
        if todo.size == 0 or table.end_day >= _END_DAY:
            break
        # Not within the table yet: double the range (a loop over ranges, not rows).
        wider = min(table.hi_ns + max(table.hi_ns - table.lo_ns, 366 * NS_PER_DAY), _END_DAY * NS_PER_DAY)
        table = calendar._table_for(lo, wider)
    out[todo] = NAT  # beyond the supported years
    return out


def business_deadline_ns(
    start: ArrayLike, seconds: ArrayLike, calendar: AnyCalendar, *, timezone: str | None = None
) -> NDArray[np.int64]:
    """When ``seconds`` of open time have elapsed since int64 ns UTC ``start``; int64 ns UTC.

    The primitive under :func:`business_deadline`. NaT starts and NaN
    amounts give NaT; amounts are rounded to the nearest nanosecond.

    >>> ns = pd.DatetimeIndex(["2026-03-06 16:00"], tz="UTC").as_unit("ns").asi8
    >>> due = business_deadline_ns(ns, [7200.0], BusinessCalendar({"mon-fri": "09:00-17:00"}))
    >>> pd.DatetimeIndex(due, tz="UTC")[0]
    Timestamp('2026-03-09 10:00:00+0000', tz='UTC')
    """
    calendar = business_calendar(calendar, timezone=timezone)
    amount, missing = _seconds_to_ns(np.atleast_1d(np.asarray(seconds, dtype=np.float64)))
    return _deadline_ns(np.atleast_1d(np.asarray(start, dtype=np.int64)), amount, missing, calendar)


def is_open_ns(times: ArrayLike, calendar: AnyCalendar, *, timezone: str | None = None) -> NDArray[np.bool_]:
    """Whether each int64 ns UTC instant falls in open hours; NaT is not open.

    >>> ns = pd.DatetimeIndex(["2026-03-09 08:59", "2026-03-09 09:00"], tz="UTC").as_unit("ns").asi8
    >>> is_open_ns(ns, BusinessCalendar({"mon-fri": "09:00-17:00"}))
    array([False,  True])
    """
    calendar = business_calendar(calendar, timezone=timezone)
    stamps = np.atleast_1d(np.asarray(times, dtype=np.int64))
    present = stamps != NAT
    out = np.zeros(stamps.shape, dtype=bool)
    span = _span(stamps)
    if span is None:
        return out
    table = calendar._table_for(*span)
    if table.starts.size == 0:
        return out
    t = stamps[present]
    i = np.searchsorted(table.starts, t, side="right") - 1
    out[present] = (i >= 0) & (t < table.ends[np.maximum(i, 0)])
    return out


# -- the public functions on timestamps ------------------------------------------------


_FROM_MODELS: dict[tuple[int, str], tuple[Calendar, BusinessCalendar]] = {}
_FROM_MODELS_LOCK = threading.Lock()


def business_calendar(calendar: AnyCalendar, *, timezone: str | None = None) -> BusinessCalendar:
    """The :class:`BusinessCalendar` of what the functions of this module take as a calendar.

    A ``BusinessCalendar`` is itself. A file's ``Calendar`` (as loaded:
    ``standard_set.calendars["office"]``) counts in its own ``timezone`` when it
    sets one, else in ``timezone``: pass the file's, ``timezone=standard_set.timezone``.
    A calendar without either raises :class:`~svcstandards.errors.InvalidArgumentError`.
    The calendar made from a model is kept for the next call with the same one,
    with its table of open intervals.

    >>> from svcstandards.model import Calendar
    >>> office = Calendar.model_validate({"hours": {"mon-fri": "09:00-17:00"}})
    >>> business_calendar(office, timezone="Europe/Ljubljana").timezone
    'Europe/Ljubljana'
    """
    if isinstance(calendar, BusinessCalendar):
        return calendar
    if not isinstance(calendar, Calendar):
        raise UsageError(
            f"expected a BusinessCalendar or a Calendar of a standards file, got {type(calendar).__name__}"
        )
    zone = calendar.timezone or timezone
    if zone is None:
        raise InvalidArgumentError(
            "this calendar sets no timezone of its own, and none was given: "
            "pass the file's, e.g. timezone=standard_set.timezone"
        )
    key = (id(calendar), zone)
    with _FROM_MODELS_LOCK:
        cached = _FROM_MODELS.get(key)
        if cached is not None and cached[0] is calendar:
            return cached[1]
    made = BusinessCalendar.from_model(calendar, zone)
    with _FROM_MODELS_LOCK:
        if len(_FROM_MODELS) >= 64:  # a few calendars in use at a time; forget the oldest
            del _FROM_MODELS[next(iter(_FROM_MODELS))]
        _FROM_MODELS[key] = (calendar, made)
    return made


@overload
def business_seconds(
    start: pd.Series[Any],
    end: pd.Series[Any] | Instant | Instants,
    calendar: AnyCalendar,
    *,
    timezone: str | None = None,
) -> pd.Series[float]: ...
@overload
def business_seconds(
    start: Instant | Instants, end: pd.Series[Any], calendar: AnyCalendar, *, timezone: str | None = None
) -> pd.Series[float]: ...
@overload
def business_seconds(start: Instant, end: Instant, calendar: AnyCalendar, *, timezone: str | None = None) -> float: ...
@overload
def business_seconds(
    start: Instants, end: Instant | Instants, calendar: AnyCalendar, *, timezone: str | None = None
) -> NDArray[np.float64]: ...
@overload
def business_seconds(
    start: Instant, end: Instants, calendar: AnyCalendar, *, timezone: str | None = None
) -> NDArray[np.float64]: ...
def business_seconds(start: Any, end: Any, calendar: AnyCalendar, *, timezone: str | None = None) -> Any:
    """Open seconds of ``calendar`` in ``[start, end)``, per row.

    ``start`` and ``end`` are Series, DatetimeIndexes, datetime64 arrays,
    lists of Timestamps or single timestamps (a single one pairs with every
    row of the other). Naive values are wall-clock times in the calendar's
    zone: one in the spring-forward gap moves forward to the first valid
    instant, an ambiguous one takes the first occurrence. Aware values may be
    in any zone.

    The result is negative when ``end < start`` (minus the reverse) and NaN
    where either is missing; sub-second precision is kept. Given a Series it
    is a float Series with that index; given two single timestamps, a float;
    otherwise a float64 array.

    >>> office = BusinessCalendar({"mon-fri": "09:00-17:00"})
    >>> business_seconds(pd.Timestamp("2026-03-06 16:59:59.5"), pd.Timestamp("2026-03-09 09:00:01"), office)
    1.5
    >>> business_seconds(pd.Timestamp("2026-03-09 09:00:01"), pd.Timestamp("2026-03-06 16:59:59.5"), office)
    -1.5
    """
    calendar = business_calendar(calendar, timezone=timezone)
    index = _series_index(start, end)
    zone = calendar._zone
    seconds = business_seconds_ns(_instants_ns(start, zone, "start"), _instants_ns(end, zone, "end"), calendar)
    if index is not None:
        return pd.Series(seconds, index=index, dtype=np.float64)
    if _is_scalar(start) and _is_scalar(end):
        return float(seconds[0])
    return seconds


@overload
def business_deadline(
    start: pd.Series[Any],
    seconds: pd.Series[Any] | Amount | Amounts,
    calendar: AnyCalendar,
    *,
    timezone: str | None = None,
) -> pd.Series[pd.Timestamp]: ...
@overload
def business_deadline(
    start: Instant | Instants, seconds: pd.Series[Any], calendar: AnyCalendar, *, timezone: str | None = None
) -> pd.Series[pd.Timestamp]: ...
@overload
def business_deadline(
    start: Instant, seconds: Amount, calendar: AnyCalendar, *, timezone: str | None = None
) -> pd.Timestamp: ...
@overload
def business_deadline(
    start: Instants, seconds: Amount | Amounts, calendar: AnyCalendar, *, timezone: str | None = None
) -> pd.DatetimeIndex: ...
@overload
def business_deadline(
    start: Instant, seconds: Amounts, calendar: AnyCalendar, *, timezone: str | None = None
) -> pd.DatetimeIndex: ...
def business_deadline(start: Any, seconds: Any, calendar: AnyCalendar, *, timezone: str | None = None) -> Any:
    """The earliest instant ``>= start`` at which ``seconds`` of open time have elapsed.

    ``seconds`` is a number of seconds (or a timedelta), single or per row,
    and must not be negative; it is rounded to the nearest nanosecond. An
    amount of zero gives ``start`` itself, even when closed; a deadline that
    is reached at the end of an interval is that end, not the next opening.
    Missing starts (NaT) and amounts (NaN) give NaT. ``start`` is read as in
    :func:`business_seconds`. The result is in UTC: a Series with the input's
    index when given a Series, a Timestamp for a single start and amount, a
    DatetimeIndex otherwise. ``business_seconds(start, business_deadline(start,
    x)) == x`` for every amount of whole nanoseconds.

    >>> office = BusinessCalendar({"mon-fri": "09:00-17:00"})
    >>> business_deadline(pd.Timestamp("2026-03-09 09:00"), 8 * 3600, office)
    Timestamp('2026-03-09 17:00:00+0000', tz='UTC')
    >>> due = business_deadline(pd.Timestamp("2026-03-07 10:00"), [0, 60], office)  # a Saturday
    >>> [str(t) for t in due]
    ['2026-03-07 10:00:00+00:00', '2026-03-09 09:01:00+00:00']
    """
    calendar = business_calendar(calendar, timezone=timezone)
    index = _series_index(start, seconds)
    amount, missing = _amounts_ns(seconds)
    due = _deadline_ns(_instants_ns(start, calendar._zone, "start"), amount, missing, calendar)
    result = pd.DatetimeIndex(due.view("datetime64[ns]")).tz_localize("UTC")
    if index is not None:
        return pd.Series(result, index=index)
    scalar_amount = np.ndim(seconds) == 0 and not isinstance(seconds, pd.Series | pd.Index)
    if _is_scalar(start) and scalar_amount:
        return result[0]
    return result


@overload
def is_open(times: pd.Series[Any], calendar: AnyCalendar, *, timezone: str | None = None) -> pd.Series[bool]: ...
@overload
def is_open(times: Instant, calendar: AnyCalendar, *, timezone: str | None = None) -> bool: ...
@overload
def is_open(times: Instants, calendar: AnyCalendar, *, timezone: str | None = None) -> NDArray[np.bool_]: ...
def is_open(times: Any, calendar: AnyCalendar, *, timezone: str | None = None) -> Any:
    """Whether each instant falls in open hours (an interval's ``[start, end)``).

    Timestamps are read as in :func:`business_seconds`; NaT is not open.
    A Series gives a bool Series with its index, a single timestamp a bool.

    >>> office = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="Europe/Ljubljana")
    >>> is_open(pd.to_datetime(["2026-03-09 09:00", "2026-03-09 17:00"]), office)
    array([ True, False])
    """
    calendar = business_calendar(calendar, timezone=timezone)
    result = is_open_ns(_instants_ns(times, calendar._zone, "times"), calendar)
    if isinstance(times, pd.Series):
        return pd.Series(result, index=times.index, dtype=bool)
    if _is_scalar(times):
        return bool(result[0])
    return result
