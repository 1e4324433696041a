"""A business calendar: weekly open hours in a time zone, less closed dates, plus extra open dates."""

from __future__ import annotations

import datetime as _dt
import threading
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import (
    DataError,
    DataProblem,
    ImmutableError,
    MissingDependencyError,
    Problem,
    StandardsError,
)
from ..format.hours import MINUTES_PER_DAY, HoursError, weekly_intervals
from ..format.model import Calendar
from ._instants import _END_DAY, _FIRST_DAY, NS_PER_DAY, NS_PER_MINUTE, _localize

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
        self._set_up(normalized, _weekly_schedule(normalized), timezone, closed, open_dates, country, subdivision)

    def _set_up(
        self,
        hours: dict[str, tuple[str, ...]],
        weekly: tuple[Schedule, ...],
        timezone: str,
        closed: Iterable[_dt.date],
        open_dates: Iterable[_dt.date],
        country: str | None,
        subdivision: str | None,
    ) -> None:
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
        setattr_(self, "_hours", hours)
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
        made = cls.__new__(cls)
        hours = {key: (value,) if isinstance(value, str) else tuple(value) for key, value in calendar.hours.items()}
        made._set_up(  # the model parsed its hours when it was loaded
            hours,
            _schedule_of(calendar.intervals),
            calendar.timezone or default_timezone,
            holidays.dates if holidays else (),
            calendar.open,
            holidays.country if holidays else None,
            holidays.subdivision if holidays else None,
        )
        return made

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> BusinessCalendar:
        """Open 24/7: business time equals elapsed time.

        ``timezone`` only says how naive timestamps are read.

        >>> from svcstandards import business_seconds
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
    return _schedule_of(intervals)


def _schedule_of(intervals: Iterable[tuple[int, int, str]]) -> tuple[Schedule, ...]:
    """Per weekday, the union of the week's intervals (minutes after Monday 00:00) that start on it."""
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
