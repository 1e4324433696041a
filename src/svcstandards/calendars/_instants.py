"""Instants and amounts as the calendar functions take them, turned into int64 nanoseconds UTC."""

from __future__ import annotations

import datetime as _dt
import zoneinfo
from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import (
    DataError,
    DataProblem,
)
from ..format.units import NAT

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
