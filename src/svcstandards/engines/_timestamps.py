"""Timestamps of the caller's data as int64 nanoseconds UTC: reading, checking the range, differences."""

from __future__ import annotations

import functools
import numbers
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from pandas.errors import OutOfBoundsDatetime

from ..format.units import NAT

SHOWN_VALUES = 3  # bad values a message quotes
TIMESTAMP_RANGE = "1677-09-21..2262-04-11"
#: The timestamps a data column may hold, on the clock of the file's time zone (whole years of TIMESTAMP_RANGE).
COLUMN_RANGE = "1678-01-01..2261-12-31"
ISO_HINT = (
    "use datetime64 columns or ISO 8601 text such as 2026-03-02T09:15:00, 2026-03-02 09:15 or "
    "2026-03-02T09:15:00+01:00 (with an offset or Z an instant; without, wall-clock time in the file's timezone); "
    "convert other layouts with pandas.to_datetime(..., format=...)"
)
RANGE_HINT = (
    f"pandas holds timestamps from {TIMESTAMP_RANGE}, and the periods around each one must fit too; "
    "fix the year, or leave the value blank if it means 'not yet'"
)


def numpy_backed(series: pd.Series) -> pd.Series:
    """A pyarrow-backed timestamp or duration Series as numpy ``datetime64`` / ``timedelta64`` (same unit and zone).

    Other Series are returned as they are. The data are not copied where pyarrow
    allows it (no missing values); pandas' time zone and duration arithmetic then
    works on them as on any numpy-backed column.
    """
    dtype = series.dtype
    if not isinstance(dtype, pd.ArrowDtype) or dtype.kind not in "mM":
        return series
    arrow = dtype.pyarrow_dtype
    unit: Any = getattr(arrow, "unit", "ms")  # dates (date32, date64) have no unit: pandas reads them in ms
    zone = getattr(arrow, "tz", None)
    return series.astype(pd.DatetimeTZDtype(unit, zone) if zone else np.dtype(f"{dtype.kind}8[{unit}]"))


def localize_ns(values: pd.Series, timezone: str) -> np.ndarray:
    """Nanoseconds UTC of a datetime Series (naive: wall clock in ``timezone``)."""
    series = numpy_backed(values)
    if not isinstance(series.dtype, pd.DatetimeTZDtype):
        if timezone != "UTC":
            ambiguous = np.ones(len(series), dtype=bool)  # True: the first occurrence
            series = series.dt.tz_localize(timezone, ambiguous=ambiguous, nonexistent="shift_forward")
        else:
            series = series.dt.tz_localize("UTC")
    series = series.dt.tz_convert("UTC").dt.as_unit("ns")
    out = series.array.asi8 if hasattr(series.array, "asi8") else series.to_numpy("int64")
    return np.asarray(out, dtype=np.int64)


def seconds_between(
    start: np.ndarray,
    end: np.ndarray,
    *,
    missing_as_nan: bool = False,
    nan_where: np.ndarray | None = None,
    scratch: Sequence[np.ndarray] = (),
) -> np.ndarray:
    """``end - start`` in seconds (float64) without int64 overflow: spans over 292 years stay right.

    Whole seconds and the nanoseconds left over are subtracted apart, so nothing wraps around:
    ``whole + rest / 1e9`` with ``whole = end // 1e9 - start // 1e9``. The leftover
    ``rest = (end - whole * 1e9) - start`` lies within one second, so int64 arithmetic that
    wraps around on the way still gives it exactly (it is exact modulo 2**64).
    ``missing_as_nan``: NaN where either is ``NAT``; ``nan_where``: NaN where this mask is true
    (when the caller knows which are missing). ``scratch``: two int64 arrays of the result's
    size to work in (overwritten); else they are made.

    About a dozen passes, all in place: the only new memory is the result (new memory costs
    more than a pass over memory in use, and numpy copies an input that a result overwrites
    with another dtype, so no step writes floats over integers it reads).
    """
    start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
    shape = np.broadcast_shapes(start.shape, end.shape)
    whole, rest = (
        scratch
        if len(scratch) == 2 and all(a.shape == shape and a.dtype == np.int64 for a in scratch)
        else (np.empty(shape, dtype=np.int64), np.empty(shape, dtype=np.int64))
    )
    np.floor_divide(end, 10**9, out=whole)
    np.floor_divide(start, 10**9, out=rest)
    whole -= rest
    np.multiply(whole, 10**9, out=rest)
    np.subtract(end, rest, out=rest)
    rest -= start  # the leftover nanoseconds
    seconds: np.ndarray = np.divide(rest, 1e9)
    seconds += whole
    if missing_as_nan:
        nan_where = start == NAT
        nan_where |= end == NAT
    if nan_where is not None:
        _set_nan(seconds, nan_where, rest.view(np.float64))
    return seconds


def _set_nan(values: np.ndarray, where: np.ndarray, scratch: np.ndarray) -> None:
    """``values[where] = NaN`` in the cheaper way: a masked write when few are set (the branch
    is then predictable), else arithmetic in ``scratch`` (a float64 array of the same size):
    ``0 / present`` is 0 (adding it changes nothing; no value here is -0.0) or NaN, given the
    usual sign bit by ``abs``. A masked write of a scattered third costs several times more.
    """
    count = int(np.count_nonzero(where))
    if count == 0:
        return
    if count * 32 < len(where):
        np.putmask(values, where, np.nan)
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(0.0, ~where, out=scratch)
    np.abs(scratch, out=scratch)
    values += scratch


def stamps_from_ns(ns: np.ndarray, timezone: str) -> pd.DatetimeIndex:
    """Aware timestamps in ``timezone`` from nanoseconds UTC (``NAT`` -> NaT); the inverse of :func:`localize_ns`."""
    ns = np.asarray(ns, dtype=np.int64)
    index = pd.DatetimeIndex(ns.view("datetime64[ns]"), tz="UTC")
    return pd.DatetimeIndex(index.where(ns != NAT)).tz_convert(timezone)


_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"
_YEAR = r"^\s*([+-]?\d{4,})-"
_MISSING_TEXT = ("", "nat", "nan")  # text pandas itself reads as a missing time


class _Parsed(NamedTuple):
    ns: np.ndarray  # ns UTC, NAT where missing or not usable
    unreadable: np.ndarray  # present, but not an ISO 8601 date-time
    outside: np.ndarray  # a date-time outside the nanosecond range
    zone: str | None  # naive, aware or mixed (None: no value present)


def _checked_ns(stamps: pd.Series, timezone: str, *, try_fast: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Ns UTC of a datetime Series of any unit, and which values lie outside :data:`COLUMN_RANGE` (``NAT`` there).

    The range is on the clock of ``timezone``: 2262-04-12T00:00 in Ljubljana is a nanosecond
    timestamp in UTC, but its day, week or month is not. ``try_fast``: try :func:`_utc_ns` first.
    """
    fast = _utc_ns(stamps, timezone) if try_fast else None
    if fast is not None:
        return fast[0], np.zeros(len(stamps), dtype=bool)
    try:  # pandas converts every value (it raises when one does not fit)
        ns = localize_ns(stamps, timezone)
        far = np.zeros(len(stamps), dtype=bool)
    except (OutOfBoundsDatetime, OverflowError, ValueError):
        # values beyond these are outside in every time zone; those between may be converted to UTC safely
        low, high = pd.Timestamp("1677-12-30"), pd.Timestamp("2262-01-03")
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            low, high = low.tz_localize("UTC"), high.tz_localize("UTC")
        far = np.array(((stamps < low) | (stamps > high)).to_numpy(dtype=bool, na_value=False))
        ns = localize_ns(stamps.where(~far) if far.any() else stamps, timezone)
    first, end = _wall_clock_range(timezone)
    outside = far | ((ns != NAT) & ((ns < first) | (ns >= end)))
    return np.where(outside, NAT, ns), outside


_UNIT_NS = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


def _utc_ns(stamps: pd.Series, timezone: str) -> tuple[np.ndarray, int] | None:
    """Ns UTC of datetime64 values held in UTC (aware, or naive read in UTC) when all lie in the range,
    and the latest of them (``NAT`` when none is present).

    The usual case, in a few passes over the stored int64 values: the range is
    checked in the column's own unit, then the values are scaled to
    nanoseconds. ``None`` when this does not apply (naive times of another
    zone, other storage, a value out of range): :func:`_checked_ns` then takes
    the general path through pandas, which gives the same numbers.
    """
    values = stamps.array
    if not isinstance(values, pd.arrays.DatetimeArray) or values.unit not in _UNIT_NS:
        return None
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype) and timezone != "UTC":
        return None
    stored = np.asarray(values.view("i8"), dtype=np.int64)  # a view: int64 in the column's unit, UTC, NAT at NaT
    scale = _UNIT_NS[values.unit]
    first, end = _wall_clock_range(timezone)
    # v * scale < first exactly when v < ceil(first / scale); NAT lies below every bound
    low, high = -(-first // scale), -(-end // scale)
    missing = stored == NAT
    n_missing = int(np.count_nonzero(missing))
    top = int(stored.max(initial=NAT))  # NAT when no value is present
    if np.count_nonzero(stored < low) != n_missing or top >= high:
        return None
    latest = NAT if top == NAT else top * scale
    if scale == 1:
        return stored.copy(), latest  # never a view of the caller's data
    ns = np.multiply(stored, scale)
    if n_missing:
        # NAT * scale wraps around to 0 (NAT is -2**63 and every scale is even); setting the
        # sign bit makes it NAT again. The bit is or-ed into the top byte of each value: one
        # pass, no new int64 array and no masked write (which costs several times more).
        sign = ns.view(np.uint8).reshape(len(ns), 8)[:, 7 if sys.byteorder == "little" else 0]
        sign |= missing.view(np.uint8) << 7
    return ns, latest


@functools.cache
def _wall_clock_range(timezone: str) -> tuple[int, int]:
    """Ns UTC of 1678-01-01T00:00 and of 2262-01-01T00:00 on the clock of ``timezone``.

    Every day, week, month, quarter and year of a time between them starts and
    ends inside the nanosecond range, in any time zone.
    """
    first, end = (
        pd.Timestamp(f"{year}-01-01").tz_localize(timezone, ambiguous=True, nonexistent="shift_forward").value
        for year in (1678, 2262)
    )
    return int(first), int(end)


def _parse_iso(series: pd.Series, timezone: str, *, dayfirst: bool = False) -> _Parsed:
    """ISO 8601 strings to ns UTC: with an offset as written, without one in ``timezone``.

    ``dayfirst``: text without an offset is read day first (``01-03-2016 10:00``
    is 1 March), in the layout of its first value.
    """
    n = len(series)
    text = series.astype("string")
    present = np.array(text.notna(), dtype=bool)  # a copy: missing-looking text is set aside below
    aware = text.str.contains(_OFFSET, regex=True, na=False).to_numpy(dtype=bool) & present
    readable = present & ~_numbers_among(series)  # numbers are no times: they stay unread (NAT), so unreadable
    ns = np.full(n, NAT, dtype=np.int64)
    outside = np.zeros(n, dtype=bool)
    for part, utc in ((aware & readable, True), (readable & ~aware, False)):
        if not part.any():
            continue
        if dayfirst and not utc:
            stamps = _day_first(text[part])
        else:
            try:
                stamps = pd.to_datetime(series[part], format="ISO8601", utc=utc, errors="coerce")
            except (ValueError, TypeError):  # values of mixed Python types: read them as text
                stamps = pd.to_datetime(text[part], format="ISO8601", utc=utc, errors="coerce")
        ns[part], outside[part] = _checked_ns(pd.Series(stamps), timezone)
    unreadable = present & (ns == NAT) & ~outside
    if unreadable.any():
        # text pandas reads as a missing time is missing, not bad (looked at only where nothing was read)
        blank = text[unreadable].str.strip().str.lower().isin(_MISSING_TEXT).to_numpy(dtype=bool, na_value=False)
        present[np.flatnonzero(unreadable)[blank]] = False
        unreadable &= present
    if unreadable.any():
        # pandas versions that read only nanosecond times leave far years unread rather than out of range
        rows = np.flatnonzero(unreadable)
        years = pd.to_numeric(text.iloc[rows].str.extract(_YEAR, expand=False), errors="coerce")
        year = years.to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            far = rows[(year <= 1677) | (year >= 2262)]
        outside[far] = True
        unreadable[far] = False
    zone = None
    if present.any():
        zone = "aware" if aware[present].all() else ("mixed" if aware.any() else "naive")
    return _Parsed(ns, unreadable, outside, zone)


def _day_first(text: pd.Series) -> pd.Series:
    """Text read day first in the layout pandas infers from the first value; NaT where a value does not fit it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the layout is guessed: values that do not fit are reported as unreadable
        return pd.Series(pd.to_datetime(text.str.strip(), dayfirst=True, errors="coerce"), index=text.index)


#: What ``pd.api.types.infer_dtype`` says of values among which there is no number.
_NO_NUMBERS = ("empty", "string", "bytes", "datetime", "datetime64", "date", "time", "timedelta", "period")


def _numbers_among(series: pd.Series) -> np.ndarray:
    """Which values of a column of Python objects are numbers (ints, floats, bools, Decimals).

    pandas would read them as nanoseconds since 1970 (and warns that ``to_datetime`` with a
    format will), so they never reach it. Columns of text alone are recognised in one pass.
    """
    if pd.api.types.infer_dtype(series, skipna=True) in _NO_NUMBERS:
        return np.zeros(len(series), dtype=bool)
    kinds = series.map(type)
    number_kinds = [kind for kind in pd.unique(kinds) if issubclass(kind, numbers.Number)]  # a few distinct types
    return np.asarray(kinds.isin(number_kinds).to_numpy(dtype=bool))


def _shown(value: Any) -> str:
    """A data value in a message: text quoted, times and numbers as they read."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, pd.Timestamp):
        return str(value)
    return repr(value) if not isinstance(value, np.generic) else repr(value.item())


def beyond_ns_range(value: Any) -> bool:
    """A date or date-time that is valid but outside the timestamps pandas holds in nanoseconds."""
    try:
        stamp = pd.Timestamp(value)
    except OutOfBoundsDatetime:
        return True
    except (ValueError, TypeError):
        return False
    if pd.isna(stamp):
        return False
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return bool(stamp < pd.Timestamp.min or stamp > pd.Timestamp.max)


def as_scalar_ns(value: Any, timezone: str) -> int | None:
    """A matcher value as nanoseconds UTC, for comparing with timestamps (``None``: not usable).

    A number is not a time: pandas would read ``2026`` as 2026 ns after 1970.
    """
    if isinstance(value, numbers.Number | np.bool_):
        return None
    try:
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")
        return int(stamp.tz_convert("UTC").as_unit("ns").value)
    except (ValueError, TypeError, OverflowError):  # unreadable, or outside the nanosecond range
        return None
