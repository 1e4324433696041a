"""Business time on whole arrays: open seconds between instants, deadlines, and whether an instant is open."""

from __future__ import annotations

import threading
from typing import Any, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import (
    InvalidArgumentError,
    UsageError,
)
from ..format.model import Calendar
from ..format.units import NAT
from ._instants import (
    _END_DAY,
    NS_PER_DAY,
    NS_PER_SECOND,
    Amount,
    Amounts,
    Instant,
    Instants,
    _amounts_ns,
    _broadcast,
    _instants_ns,
    _is_scalar,
    _seconds_to_ns,
    _series_index,
    _span,
)
from .business import AnyCalendar, BusinessCalendar, _open_before


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
