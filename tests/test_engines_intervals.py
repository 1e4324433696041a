"""Periods shorter than a day on every engine: the pandas engine's results, and counts computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, load, table

STANDARDS = """
    version: 1
    timezone: Europe/Ljubljana
    standards:
      - id: sl
        measure: {{from: offered_at, to: answered_at}}
        within: 20s
        floor: 80%
        period: {period}
    """


def _every_10_minutes(first_utc: str, last_utc: str, *, naive: bool = False) -> pd.DataFrame:
    """A call every 10 minutes, answered in 10 s when its minute is 0, 10 or 20 past the hour and in 30 s otherwise."""
    offered = pd.date_range(first_utc, last_utc, freq="10min", inclusive="left", tz="UTC")
    waits = pd.to_timedelta([10 if m < 30 else 30 for m in offered.minute], unit="s")
    if naive:
        offered = offered.tz_convert("Europe/Ljubljana").tz_localize(None)
    return pd.DataFrame({"offered_at": offered, "answered_at": offered + waits})


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_the_fall_back_day_has_50_half_hours_on_every_engine(engine: str) -> None:
    # 25 hours from 2026-10-24 22:00 UTC; each half-hour holds 3 calls, all met in the first half of the hour
    # (minutes 0, 10, 20) and all missed in the second (30, 40, 50)
    found = table(
        engine, load(STANDARDS.format(period="30min")), _every_10_minutes("2026-10-24 22:00", "2026-10-25 23:00")
    )
    assert len(found) == 50
    assert found["met"].tolist() == [3, 0] * 25
    assert found["missed"].tolist() == [0, 3] * 25
    assert [str(p) for p in found["period"]][4:7] == [
        "2026-10-25 02:00:00+02:00",
        "2026-10-25 02:30:00+02:00",
        "2026-10-25 02:00:00+01:00",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_spring_forward_day_has_46_half_hours_on_every_engine(engine: str) -> None:
    found = table(
        engine, load(STANDARDS.format(period="30min")), _every_10_minutes("2026-03-28 23:00", "2026-03-29 22:00")
    )
    assert len(found) == 46  # 23 hours
    assert [str(p) for p in found["period"]][3:5] == ["2026-03-29 01:30:00+01:00", "2026-03-29 03:00:00+02:00"]


@pytest.mark.parametrize("engine", ENGINES)
def test_hours_and_quarter_hours_of_naive_wall_clocks_on_every_engine(engine: str) -> None:
    # 2026-03-02 08:00 to 10:00 UTC, naive wall clocks 09:00 to 11:00 in Ljubljana: 12 calls
    data = _every_10_minutes("2026-03-02 08:00", "2026-03-02 10:00", naive=True)
    hours = table(engine, load(STANDARDS.format(period="1h")), data)
    assert hours["met"].tolist() == [3, 3]
    assert hours["missed"].tolist() == [3, 3]
    quarters = table(engine, load(STANDARDS.format(period="15min")), data)
    # :00 and :10 (met) in the first quarter, :20 (met) in the second, :30 and :40 (missed), :50 (missed)
    assert quarters["met"].tolist() == [2, 1, 0, 0] * 2
    assert quarters["missed"].tolist() == [0, 0, 2, 1] * 2
    assert str(quarters["period"].iloc[0]) == "2026-03-02 09:00:00+01:00"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_period_argument_takes_an_interval_on_every_engine(engine: str) -> None:
    data = _every_10_minutes("2026-03-02 08:00", "2026-03-02 09:00")  # 09:00-10:00 local
    found = table(engine, load(STANDARDS.format(period="day")), data, period="20min")
    assert found["met"].tolist() == [2, 1, 0]
    assert found["missed"].tolist() == [0, 1, 2]


BUDGETED = """
    version: 1
    timezone: Europe/Ljubljana
    standards:
      - id: sl
        measure: {from: offered_at, to: answered_at}
        within: 20s
        floor: 60%
        intervals: {every: 30min, floor: 80%, min_volume: 3}
        by: queue
        period: day
    """


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_interval_budgeting_on_every_engine(engine: str) -> None:
    # queue a: 2026-03-02 09:00 to 11:00 UTC (10:00 to 12:00 local), a call every 10 minutes: 4 half-hours of 3
    # calls, met in the first half of each hour only (10 s) and missed in the second (30 s): 2 of 4 intervals met
    a = _every_10_minutes("2026-03-02 09:00", "2026-03-02 11:00")
    # queue b: only 2 calls, both in 10:00-10:30: under min_volume 3, excluded; no interval scored: no_data
    b = _every_10_minutes("2026-03-02 09:00", "2026-03-02 09:20")
    data = pd.concat([a.assign(queue="a"), b.assign(queue="b")], ignore_index=True)
    found = table(engine, load(BUDGETED), data)
    assert found["queue"].tolist() == ["a", "b"]
    assert found["intervals_met"].tolist() == [2, 0]
    assert found["intervals_scored"].tolist() == [4, 0]
    assert found["intervals_excluded"].tolist() == [0, 1]
    # a: 2 of 4 = 50% < 60%: fail, misses left floor(4 * 40%) - 2 = -1
    assert found["status"].tolist() == ["fail", "no_data"]
    assert found["budget"].tolist()[0] == -1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_naive_time_the_clocks_skipped_is_in_the_first_interval_after_the_gap(engine: str) -> None:
    # 2026-03-29 in Ljubljana: 02:00-03:00 does not exist; 02:10 and 02:40 are read as 03:00+02:00 (01:00 UTC),
    # so they fall in the 03:00 half-hour with the call of 03:10, not in half-hours of their own
    offered = pd.to_datetime(
        ["2026-03-29 01:50:00", "2026-03-29 02:10:00", "2026-03-29 02:40:00", "2026-03-29 03:10:00"]
    )
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta("5s")})
    found = table(engine, load(STANDARDS.format(period="30min")), data)
    assert [str(p) for p in found["period"]] == ["2026-03-29 01:30:00+01:00", "2026-03-29 03:00:00+02:00"]
    assert found["n"].tolist() == [1, 3]
