"""Periods cut in each row's own time zone: ``periods_in: row`` with a calendar per row (the pandas engine).

Every expected period is worked out by hand (the comments show it). New
York is UTC-5 until Sunday 2026-03-08 02:00 local (07:00 UTC), UTC-4 until
Sunday 2026-11-01 02:00 local (06:00 UTC), UTC-5 after; Ljubljana is UTC+1
until 2026-03-29 and UTC+2 after. The calendars are open every hour, so
every reply within 100 hours is met and only the periods are in question.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate
from svcstandards.errors import StandardsError
from svcstandards.plan import compile_plan, explain

HEAD = """
version: 1
timezone: Europe/Ljubljana
calendars:
  ljubljana: {timezone: Europe/Ljubljana, hours: {mon-sun: "00:00-24:00"}}
  new_york: {timezone: America/New_York, hours: {mon-sun: "00:00-24:00"}}
"""
MAPPED = "{by: region, map: {EU: ljubljana, US: new_york}}"


def _standards(period: str, calendar: str = MAPPED, periods_in: str = ", periods_in: row") -> svcstandards.StandardSet:
    return svcstandards.loads(
        HEAD
        + f"""
measures:
  reply: {{from: created_at, to: replied_at, calendar: {calendar}}}
standards:
  - {{id: r, measure: reply, within: 100h, floor: 50%, period: {period}{periods_in}}}
"""
    )


def _tickets(regions: list[str | None], created_utc: list[str]) -> pd.DataFrame:
    created = pd.to_datetime(created_utc, utc=True)
    return pd.DataFrame({"region": regions, "created_at": created, "replied_at": created + pd.Timedelta(minutes=10)})


def _periods(report: svcstandards.Report) -> list[tuple[str, int, int]]:
    """(period start as written, decided rows ``n``, invalid rows) of each results row."""
    frame = report.to_frame()
    return [(str(p), int(n), int(i)) for p, n, i in zip(frame["period"], frame["n"], frame["invalid"], strict=True)]


def test_half_past_eleven_in_new_york_is_the_7th_for_us_rows_and_the_8th_for_eu_rows() -> None:
    # 2026-03-08 04:30 UTC is Saturday 7 March 23:30 in New York (UTC-5) and Sunday 8 March 05:30 in Ljubljana
    data = _tickets(["US", "EU"], ["2026-03-08 04:30", "2026-03-08 04:30"])
    assert _periods(evaluate(_standards("day"), data)) == [
        ("2026-03-07 00:00:00", 1, 0),
        ("2026-03-08 00:00:00", 1, 0),
    ]
    # without periods_in: both rows in the file's day, shown with its offset
    assert _periods(evaluate(_standards("day", periods_in=""), data)) == [("2026-03-08 00:00:00+01:00", 2, 0)]


def test_new_yorks_23_hour_day_starts_and_ends_on_its_own_clock() -> None:
    data = _tickets(
        ["US"] * 4,
        [
            "2026-03-08 04:59",  # 7 March 23:59 EST
            "2026-03-08 05:00",  # 8 March 00:00 EST: the day starts at 05:00 UTC
            "2026-03-09 03:59",  # 8 March 23:59 EDT (the clocks went forward at 02:00)
            "2026-03-09 04:00",  # 9 March 00:00 EDT: the next day starts at 04:00 UTC, 23 hours later
        ],
    )
    assert _periods(evaluate(_standards("day"), data)) == [
        ("2026-03-07 00:00:00", 1, 0),
        ("2026-03-08 00:00:00", 2, 0),
        ("2026-03-09 00:00:00", 1, 0),
    ]


def test_the_repeated_half_hour_of_a_fall_back_night_is_one_period_of_the_local_clock() -> None:
    # New York goes back from 02:00 EDT to 01:00 EST on 1 November 2026 (06:00 UTC)
    data = _tickets(
        ["US", "US", "US", "EU"],
        [
            "2026-11-01 05:10",  # 01:10 EDT
            "2026-11-01 06:10",  # 01:10 EST: the same half-hour of the local clock
            "2026-11-01 06:40",  # 01:40 EST
            "2026-11-01 05:10",  # 06:10 CET in Ljubljana
        ],
    )
    assert _periods(evaluate(_standards("30min"), data)) == [
        ("2026-11-01 01:00:00", 2, 0),
        ("2026-11-01 01:30:00", 1, 0),
        ("2026-11-01 06:00:00", 1, 0),
    ]


def test_a_spring_forward_night_has_no_half_hour_at_two() -> None:
    # New York skips 02:00-03:00 on 8 March 2026: 06:50 UTC is 01:50 EST, 07:10 UTC is 03:10 EDT
    data = _tickets(["US", "US"], ["2026-03-08 06:50", "2026-03-08 07:10"])
    assert _periods(evaluate(_standards("1h"), data)) == [
        ("2026-03-08 01:00:00", 1, 0),
        ("2026-03-08 03:00:00", 1, 0),
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 2026-03-01 23:30 UTC: Monday 2 March 00:30 in Ljubljana, Sunday 1 March 18:30 in New York
        ("week", [("2026-02-23 00:00:00", 1, 0), ("2026-03-02 00:00:00", 1, 0)]),
        # 2026-03-01 02:00 UTC: Sunday 1 March 03:00 in Ljubljana, Saturday 28 February 21:00 in New York
        ("month", [("2026-02-01 00:00:00", 1, 0), ("2026-03-01 00:00:00", 1, 0)]),
    ],
)
def test_weeks_and_months_follow_the_rows_clock(period: str, expected: list[tuple[str, int, int]]) -> None:
    at = "2026-03-01 23:30" if period == "week" else "2026-03-01 02:00"
    assert _periods(evaluate(_standards(period), _tickets(["EU", "US"], [at, at]))) == expected


def test_the_default_calendars_zone_and_rows_without_a_calendar_in_the_files_zone() -> None:
    data = _tickets(["APAC", "APAC"], ["2026-03-08 04:30", "2026-03-08 04:30"])  # 7 March in New York
    defaulted = "{by: region, map: {EU: ljubljana, US: new_york}, default: new_york}"
    assert _periods(evaluate(_standards("day", defaulted), data)) == [("2026-03-07 00:00:00", 2, 0)]
    # no default: no calendar, invalid, and in the file's day (8 March in Ljubljana)
    report = evaluate(_standards("day"), data)
    assert _periods(report) == [("2026-03-08 00:00:00", 0, 2)]  # n counts the decided rows only
    assert [p.code for p in report.problems] == ["no_calendar"]


def test_json_writes_the_local_start_without_an_offset() -> None:
    data = _tickets(["US"], ["2026-03-08 04:30"])
    rows = json.loads(json.dumps(evaluate(_standards("day"), data).to_dict()))["standards"][0]["rows"]
    assert [row["period"] for row in rows] == ["2026-03-07T00:00:00"]


def test_a_missing_time_is_in_no_period() -> None:
    data = _tickets(["US", "EU"], ["2026-03-08 04:30", "2026-03-08 04:30"])
    data.loc[1, "created_at"] = pd.NaT
    # the EU row has no time: invalid (its measure has no start), in the blank period
    assert _periods(evaluate(_standards("day"), data)) == [("2026-03-07 00:00:00", 1, 0), ("NaT", 0, 1)]


def test_the_plan_says_which_zones_cut_the_periods() -> None:
    standards = _standards("day")
    plan = compile_plan(standards, standards.get("r"))
    assert plan.period_zones == ("Europe/Ljubljana", "America/New_York", "Europe/Ljubljana")
    assert "per day of created_at in the zone of each row's calendar (Europe/Ljubljana, America/New_York)" in explain(
        plan
    )


@pytest.mark.parametrize(
    ("calendar", "has"),
    [("ljubljana", "one calendar for every row"), ("null", "no calendar")],
)
def test_periods_in_row_needs_a_calendar_per_row(calendar: str, has: str) -> None:
    with pytest.raises(StandardsError) as caught:
        _standards("day", calendar)
    assert (
        "<string>:11:80: standards[0].periods_in: periods_in: row cuts periods in the time zone of each row's "
        f"calendar, but the measure has {has}"
    ) in str(caught.value)


def test_the_handbook_says_periods_follow_each_items_calendar() -> None:
    text = " ".join(_standards("day").describe("r").split())
    assert "Each day is judged on its own, in each item's calendar's time." in text
    assert "Vsak dan se ocenjuje posebej (po času koledarja posameznega zapisa)." in " ".join(
        _standards("day").describe("r", "sl").split()
    )
