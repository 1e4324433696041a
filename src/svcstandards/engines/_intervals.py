"""Periods shorter than a day (``15min``, ``30min``, ``1h``...): intervals of the local clock, exact across DST.

An interval starts where the wall clock in the file's time zone reads a
multiple of its length (00:00, 00:30, 01:00... for ``30min``). Its index is
the UTC instant of that start in whole minutes since 1970-01-01:
``(instant - wall % length) // 1 minute``. The instant, not the wall clock,
keeps apart the two 02:00 half-hours of a fall-back night (02:00+02:00 and
02:00+01:00), and a half-hour the clocks skip (02:00 on a spring-forward
night in Central Europe) gets no index because no instant reads it: a local
day has 46, 48 or 50 half-hours. Every length divides an hour, and time
zones change their offset on whole hours or half-hours, so no interval
straddles a change of the clocks. Two integer passes, O(n).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..format.parts import INTERVAL_MINUTES

__all__ = ["MINUTE_NS", "interval_index", "interval_starts", "is_interval"]

MINUTE_NS = 60 * 10**9


def is_interval(period: str | None) -> bool:
    """Whether ``period`` is shorter than a day (``"30min"``, ``"1h"``...)."""
    return period in INTERVAL_MINUTES


def interval_index(utc_ns: np.ndarray, wall_ns: np.ndarray, period: str) -> np.ndarray:
    """The UTC start of each row's interval in minutes since the epoch (``wall_ns``: the same instants' wall clocks).

    Missing timestamps come out as garbage: the caller masks them.
    """
    length = INTERVAL_MINUTES[period] * MINUTE_NS
    start = np.remainder(wall_ns, length)
    np.subtract(utc_ns, start, out=start)
    np.floor_divide(start, MINUTE_NS, out=start)
    return np.asarray(start, dtype=np.int64)


def interval_starts(minutes: np.ndarray, missing: np.ndarray, timezone: str) -> pd.DatetimeIndex:
    """The start of each interval (minutes since the epoch, UTC) as aware timestamps in ``timezone``.

    The two 02:00 intervals of a fall-back night differ by their offset (``+02:00`` then ``+01:00``).
    """
    utc = (np.where(missing, 0, minutes) * MINUTE_NS).view("datetime64[ns]")
    stamps = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(timezone)
    return pd.DatetimeIndex(stamps.where(~missing))
