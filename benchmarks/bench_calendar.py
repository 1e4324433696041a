"""Benchmark of business time on a calendar (figures are printed, never asserted).

Random intervals: starts uniform over 2026, durations log-uniform from one
minute to ten days, in whole seconds, as timezone-aware UTC columns. The
calendar: Europe/Ljubljana, Mon-Fri 08:00-16:00, Slovenian public holidays.

For each size, in the same run:
- ``business_seconds`` on a new calendar (best of 3; includes building the
  table of open intervals and looking up the holidays) and on a calendar
  that has already answered once (best of 3);
- if ``businesstimedelta`` is importable (a benchmark-only dependency:
  ``pip install businesstimedelta``), its ``Rules.difference`` row by row on
  the first 20,000 intervals, the speed ratio, and the number of intervals
  on which the two disagree (it keeps whole seconds, hence whole-second data).

Usage: python benchmarks/bench_calendar.py [SIZES...]   (default: 100000 1000000)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

import numpy as np
import pandas as pd
from _timing import best_of

from svcstandards.calendar import BusinessCalendar, business_seconds

TIMEZONE = "Europe/Ljubljana"
HOURS = {"mon-fri": "08:00-16:00"}
COMPARED_ROWS = 20_000


def intervals(size: int, seed: int = 2026) -> tuple[pd.Series[Any], pd.Series[Any]]:
    rng = np.random.default_rng(seed)
    year_start = pd.Timestamp("2026-01-01", tz="UTC")
    seconds_in_year = 365 * 86_400
    starts = year_start + pd.to_timedelta(rng.integers(0, seconds_in_year, size), unit="s")
    durations = np.rint(np.exp(rng.uniform(np.log(60), np.log(10 * 86_400), size)))
    ends = starts + pd.to_timedelta(durations, unit="s")
    return pd.Series(starts).dt.as_unit("ns"), pd.Series(ends).dt.as_unit("ns")


def calendar() -> BusinessCalendar:
    return BusinessCalendar(HOURS, timezone=TIMEZONE, country="SI")


def businesstimedelta_rule() -> Any | None:
    try:
        import businesstimedelta
        import holidays
        import pytz
    except ImportError:
        return None
    zone = pytz.timezone(TIMEZONE)
    workday = businesstimedelta.WorkDayRule(
        start_time=dt.time(8), end_time=dt.time(16), working_days=[0, 1, 2, 3, 4], tz=zone
    )
    public = businesstimedelta.HolidayRule(holidays.country_holidays("SI", years=range(2025, 2028)), tz=zone)
    return businesstimedelta.Rules([workday, public])


def compare(starts: pd.Series[Any], ends: pd.Series[Any], ours_per_second: float) -> None:
    rule = businesstimedelta_rule()
    if rule is None:
        print("  businesstimedelta: not installed (pip install businesstimedelta); comparison skipped")
        return
    first = [t.to_pydatetime() for t in starts.iloc[:COMPARED_ROWS]]
    last = [t.to_pydatetime() for t in ends.iloc[:COMPARED_ROWS]]
    started = time.perf_counter()
    theirs = np.array([rule.difference(a, b).timedelta.total_seconds() for a, b in zip(first, last, strict=True)])
    elapsed = time.perf_counter() - started
    theirs_per_second = len(first) / elapsed
    ours = business_seconds(starts.iloc[:COMPARED_ROWS], ends.iloc[:COMPARED_ROWS], calendar()).to_numpy()
    mismatches = np.flatnonzero(ours != theirs)
    print(
        f"  businesstimedelta, row by row on {len(first):,}: {elapsed:.2f} s, "
        f"{theirs_per_second:,.0f} intervals/s; svcstandards is {ours_per_second / theirs_per_second:,.0f}x faster"
    )
    print(f"  intervals where the two disagree: {mismatches.size} of {len(first):,}")
    for i in mismatches[:5]:
        print(
            f"    {starts.iloc[i]} -> {ends.iloc[i]}: svcstandards {ours[i]:.0f} s, businesstimedelta {theirs[i]:.0f} s"
        )


def bench_size(size: int, with_comparison: bool) -> None:
    starts, ends = intervals(size)
    print(f"{size:,} intervals on {TIMEZONE} Mon-Fri 08:00-16:00 with Slovenian holidays")
    cold = best_of(3, lambda: business_seconds(starts, ends, calendar()))
    warm_calendar = calendar()
    business_seconds(starts, ends, warm_calendar)
    warm = best_of(3, lambda: business_seconds(starts, ends, warm_calendar))
    print(f"  business_seconds, new calendar:  {cold:.3f} s, {size / cold:,.0f} intervals/s")
    print(f"  business_seconds, warm calendar: {warm:.3f} s, {size / warm:,.0f} intervals/s")
    if with_comparison:
        compare(starts, ends, size / cold)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [100_000, 1_000_000]
    for index, size in enumerate(sizes):
        bench_size(size, with_comparison=index == 0)


if __name__ == "__main__":
    main(sys.argv[1:])
