"""The period index of a row, from its wall clock in microseconds: integer arithmetic any backend runs.

The same numbers as :func:`svcstandards.engines._grouping.period_index`:
days since 1970-01-01 on the local clock, weeks from local midnight of the
file's ``week_starts`` day (shifted day numbers cut in sevens), and months since
1970-01 (quarters and years from those). Months come from the day number by
the civil-calendar algorithm of Howard Hinnant ("chrono-compatible low-level
date algorithms"), so no backend's date functions are needed. Intervals shorter
than a day (``30min``...) are the UTC minute of their start, from the instant and
the wall clock together, as :mod:`svcstandards.engines._intervals` computes them.
"""

from __future__ import annotations

from typing import Any

from ...format.data import WEEKDAYS
from ...format.parts import INTERVAL_MINUTES

__all__ = ["period_index", "week_shift"]

DAY_US = 86_400 * 10**6
MINUTE_US = 60 * 10**6


def period_index(
    nw: Any, frame: Any, wall: str, period: str, name: str, week_starts: str = "monday", instant: str | None = None
) -> Any:
    """``frame`` with the int64 column ``name``: the index of the ``period`` of the wall clock in ``wall``.

    Weeks start at local midnight of ``week_starts`` (``"monday"`` ... ``"sunday"``). An interval
    (``"30min"``...) needs ``instant``, the same timestamps' UTC microseconds.
    """
    if period in INTERVAL_MINUTES:
        assert instant is not None, f"period {period!r} needs the instants of {wall}"
        start = nw.col(instant) - nw.col(wall) % (INTERVAL_MINUTES[period] * MINUTE_US)
        return frame.with_columns((start // MINUTE_US).cast(nw.Int64).alias(name))
    day = nw.col(wall) // DAY_US
    if period == "day":
        return frame.with_columns(day.alias(name))
    if period == "week":  # 1970-01-01 was a Thursday: day 0 is 3 days into a Monday week, 4 into a Sunday week
        return frame.with_columns(((day + week_shift(week_starts)) // 7).alias(name))
    steps = [
        {"__svc_z": day + 719_468},
        {"__svc_era": nw.col("__svc_z") // 146_097},
        {"__svc_doe": nw.col("__svc_z") - nw.col("__svc_era") * 146_097},
        {
            "__svc_yoe": (
                nw.col("__svc_doe")
                - nw.col("__svc_doe") // 1_460
                + nw.col("__svc_doe") // 36_524
                - nw.col("__svc_doe") // 146_096
            )
            // 365
        },
        {
            "__svc_mp": (
                5
                * (
                    nw.col("__svc_doe")
                    - (365 * nw.col("__svc_yoe") + nw.col("__svc_yoe") // 4 - nw.col("__svc_yoe") // 100)
                )
                + 2
            )
            // 153
        },
    ]
    for step in steps:
        frame = frame.with_columns(**step)
    march_based = nw.col("__svc_mp")  # 0 = March ... 11 = February
    year = nw.col("__svc_yoe") + nw.col("__svc_era") * 400 + (march_based >= 10).cast(nw.Int64)
    month = nw.when(march_based < 10).then(march_based + 2).otherwise(march_based - 10)  # 0 = January
    months = (year - 1970) * 12 + month
    divisor = {"month": 1, "quarter": 3, "year": 12}[period]
    return frame.with_columns((months // divisor if divisor > 1 else months).cast(nw.Int64).alias(name))


def week_shift(week_starts: str) -> int:
    """Days to add to a day number so that weeks of 7 start on ``week_starts`` (as the pandas engine's)."""
    return 3 - WEEKDAYS.index(week_starts)
