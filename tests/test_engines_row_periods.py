"""Periods cut in each row's own time zone (``periods_in: row``) give the same results on every engine.

``engine_cases.table`` asserts each lazy engine's results, counts and
warnings equal the pandas engine's (Spark's too, in two of them); the expected periods are worked out by
hand (New York is UTC-5 until 2026-03-08 07:00 UTC, then UTC-4 until
2026-11-01 06:00 UTC; Ljubljana is UTC+1 in winter, UTC+2 from 2026-03-29
01:00 UTC). The calendars are open every hour: every reply within 100 hours
is met, so only the periods are in question.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, load, table

HEAD = """
    version: 1
    timezone: Europe/Ljubljana
    calendars:
      ljubljana: {timezone: Europe/Ljubljana, hours: {mon-sun: "00:00-24:00"}}
      new_york: {timezone: America/New_York, hours: {mon-sun: "00:00-24:00"}}
    measures:
      reply: {from: a, to: b, calendar: {by: region, map: {EU: ljubljana, US: new_york}}}
      defaulted: {from: a, to: b, calendar: {by: region, map: {EU: ljubljana}, default: new_york}}
    standards:
"""


def standards(*lines: str) -> Any:
    return load(HEAD + "".join(f"      - {line}\n" for line in lines))


def rows(region: list[str | None], utc: list[str | None]) -> pd.DataFrame:
    start = pd.to_datetime(utc, utc=True)
    return pd.DataFrame({"region": region, "a": start, "b": start + pd.Timedelta(minutes=5)})


def periods(found: pd.DataFrame, standard: str) -> list[tuple[str, int, int]]:
    """(period start, decided rows, invalid rows) of each results row of ``standard``."""
    mine = found[found["standard"] == standard]
    return [(str(p), int(n), int(i)) for p, n, i in zip(mine["period"], mine["n"], mine["invalid"], strict=True)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_days_on_each_rows_clock_beside_the_files_days(engine: str) -> None:
    found = table(
        engine,
        standards(
            "{id: own, measure: reply, within: 100h, floor: 50%, period: day, periods_in: row}",
            "{id: file, measure: reply, within: 100h, floor: 50%, period: day}",
            "{id: other, measure: defaulted, within: 100h, floor: 50%, period: day, periods_in: row}",
        ),
        # 2026-03-08 04:30 UTC: 7 March 23:30 in New York, 8 March 05:30 in Ljubljana; None: no calendar in
        # `reply` (invalid, the file's day) and New York's by default in `defaulted`
        rows(["US", "EU", None, "US"], ["2026-03-08 04:30"] * 3 + [None]),
    )
    assert periods(found, "own") == [
        ("2026-03-07 00:00:00", 1, 0),
        ("2026-03-08 00:00:00", 1, 1),  # EU, and the row without a calendar (file's zone)
        ("NaT", 0, 1),  # no time: in no period
    ]
    assert periods(found, "file") == [("2026-03-08 00:00:00+01:00", 2, 1), ("NaT", 0, 1)]
    # defaulted: US and the blank region take New York (the 7th), EU Ljubljana (the 8th)
    assert periods(found, "other") == [("2026-03-07 00:00:00", 2, 0), ("2026-03-08 00:00:00", 1, 0), ("NaT", 0, 1)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_half_hours_of_the_local_clock_on_a_fall_back_night(engine: str) -> None:
    found = table(
        engine,
        standards("{id: h, measure: reply, within: 100h, floor: 50%, period: 30min, periods_in: row}"),
        rows(
            ["US", "US", "US", "EU"],
            # 01:10 EDT, 01:10 EST (one half-hour of the local clock), 01:40 EST; 06:10 CET in Ljubljana
            ["2026-11-01 05:10", "2026-11-01 06:10", "2026-11-01 06:40", "2026-11-01 05:10"],
        ),
    )
    assert periods(found, "h") == [
        ("2026-11-01 01:00:00", 2, 0),
        ("2026-11-01 01:30:00", 1, 0),
        ("2026-11-01 06:00:00", 1, 0),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_new_yorks_23_hour_day_and_its_skipped_hour(engine: str) -> None:
    data = rows(
        ["US"] * 5,
        [
            "2026-03-08 04:59",  # 7 March 23:59 EST
            "2026-03-08 05:00",  # 8 March 00:00 EST
            "2026-03-08 06:50",  # 01:50 EST
            "2026-03-08 07:10",  # 03:10 EDT: 02:00-03:00 never happened
            "2026-03-09 04:00",  # 9 March 00:00 EDT, 23 hours after the 8th began
        ],
    )
    days = standards("{id: d, measure: reply, within: 100h, floor: 50%, period: day, periods_in: row}")
    assert periods(table(engine, days, data), "d") == [
        ("2026-03-07 00:00:00", 1, 0),
        ("2026-03-08 00:00:00", 3, 0),
        ("2026-03-09 00:00:00", 1, 0),
    ]
    hours = standards("{id: h, measure: reply, within: 100h, floor: 50%, period: 1h, periods_in: row}")
    assert periods(table(engine, hours, data), "h") == [
        ("2026-03-07 23:00:00", 1, 0),
        ("2026-03-08 00:00:00", 1, 0),
        ("2026-03-08 01:00:00", 1, 0),
        ("2026-03-08 03:00:00", 1, 0),
        ("2026-03-09 00:00:00", 1, 0),
    ]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("period", "at", "expected"),
    [
        # Monday 2 March 00:30 in Ljubljana; Sunday 1 March 18:30 in New York (a week from Monday 23 February)
        ("week", "2026-03-01 23:30", ["2026-02-23 00:00:00", "2026-03-02 00:00:00"]),
        # Sunday 1 March 03:00 in Ljubljana; Saturday 28 February 21:00 in New York
        ("month", "2026-03-01 02:00", ["2026-02-01 00:00:00", "2026-03-01 00:00:00"]),
        # Thursday 1 January 2026 00:30 in Ljubljana; Wednesday 31 December 2025 18:30 in New York
        ("quarter", "2025-12-31 23:30", ["2025-10-01 00:00:00", "2026-01-01 00:00:00"]),
        ("year", "2025-12-31 23:30", ["2025-01-01 00:00:00", "2026-01-01 00:00:00"]),
    ],
)
def test_weeks_months_quarters_and_years_on_the_rows_clock(
    engine: str, period: str, at: str, expected: list[str]
) -> None:
    rule = f"{{id: p, measure: reply, within: 100h, floor: 50%, period: {period}, periods_in: row}}"
    found = table(engine, standards(rule), rows(["EU", "US"], [at, at]))
    assert periods(found, "p") == [(start, 1, 0) for start in expected]


@pytest.mark.parametrize("engine", ENGINES)
def test_naive_times_are_read_in_the_files_zone_then_cut_in_the_rows(engine: str) -> None:
    data = rows(["US", "EU"], [None, None])
    data["a"] = pd.to_datetime(["2026-03-08 05:30"] * 2)  # Ljubljana wall clock: 04:30 UTC
    data["b"] = data["a"] + pd.Timedelta(minutes=5)
    found = table(
        engine, standards("{id: d, measure: reply, within: 100h, floor: 50%, period: day, periods_in: row}"), data
    )
    assert periods(found, "d") == [("2026-03-07 00:00:00", 1, 0), ("2026-03-08 00:00:00", 1, 0)]


@pytest.mark.parametrize("engine", ENGINES)
def test_random_rows_over_new_yorks_spring_forward_score_alike(engine: str) -> None:
    rng = np.random.default_rng(3)
    size = 400  # four days from Saturday 7 March 00:00 UTC, over the night New York moves its clocks
    created = pd.Timestamp("2026-03-07 00:00", tz="UTC") + pd.to_timedelta(rng.integers(0, 4 * 24 * 60, size), "min")
    data = pd.DataFrame(
        {
            "region": rng.choice(["EU", "US", "XX", None], size),
            "queue": rng.choice(["a", "b"], size),
            "a": created,
            "b": created + pd.to_timedelta(rng.integers(0, 40, size), unit="min"),
        }
    )
    found = table(
        engine,
        standards(
            "{id: b, measure: defaulted, within: 20m, floor: 50%, period: day, periods_in: row,"
            " intervals: {every: 1h, floor: 50%, min_volume: 1}}",
            "{id: m, measure: reply, median: {at_most: 20m}, period: week, periods_in: row, by: queue}",
            "{id: p, measure: reply, p90: {at_most: 20m}, period: 30min, periods_in: row}",
        ),
        data,
    )
    # every row lands in exactly one results row of each standard (the invalid ones without a calendar too)
    for standard in ("b", "m", "p"):
        mine = found[found["standard"] == standard]
        assert int(mine[["n", "pending", "excluded", "invalid"]].to_numpy().sum()) == size
