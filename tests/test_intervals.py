"""Periods shorter than a day (``15min``, ``30min``, ``1h``...) on the pandas engine, counted by hand."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate
from svcstandards.errors import InvalidArgumentError, StandardsError
from svcstandards.handbook import describe


def _standards(period: str, timezone: str = "Europe/Ljubljana") -> svcstandards.StandardSet:
    return svcstandards.loads(
        textwrap.dedent(
            f"""\
            version: 1
            timezone: {timezone}
            standards:
              - id: sl
                measure: {{from: offered_at, to: answered_at}}
                within: 20s
                floor: 80%
                period: {period}
            """
        )
    )


def _every_10_minutes(first_utc: str, last_utc: str, wait: str = "10s") -> pd.DataFrame:
    """A call offered every 10 minutes (UTC, aware) from ``first_utc`` up to ``last_utc`` excluded."""
    offered = pd.date_range(first_utc, last_utc, freq="10min", inclusive="left", tz="UTC")
    return pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta(wait)})


def test_the_fall_back_day_has_50_half_hours_and_two_of_them_start_at_0200() -> None:
    # 2026-10-25 in Ljubljana: 00:00+02:00 is 2026-10-24 22:00 UTC, the next midnight (+01:00) is 23:00 UTC:
    # 25 hours, 150 calls, 3 in each of 50 half-hours
    data = _every_10_minutes("2026-10-24 22:00", "2026-10-25 23:00")
    found = evaluate(_standards("30min"), data).to_frame()
    assert len(found) == 50
    assert found["n"].tolist() == [3] * 50
    shown = [str(p) for p in found["period"]]
    assert shown[:8] == [
        "2026-10-25 00:00:00+02:00",
        "2026-10-25 00:30:00+02:00",
        "2026-10-25 01:00:00+02:00",
        "2026-10-25 01:30:00+02:00",
        "2026-10-25 02:00:00+02:00",  # 00:00 UTC
        "2026-10-25 02:30:00+02:00",
        "2026-10-25 02:00:00+01:00",  # 01:00 UTC: the clocks went back, the same wall clock once more
        "2026-10-25 02:30:00+01:00",
    ]
    assert shown[-1] == "2026-10-25 23:30:00+01:00"


def test_the_spring_forward_day_has_46_half_hours_and_none_at_0200() -> None:
    # 2026-03-29: 00:00+01:00 is 2026-03-28 23:00 UTC, the next midnight (+02:00) is 22:00 UTC: 23 hours
    data = _every_10_minutes("2026-03-28 23:00", "2026-03-29 22:00")
    found = evaluate(_standards("30min"), data).to_frame()
    assert len(found) == 46
    shown = [str(p) for p in found["period"]]
    assert shown[2:6] == [
        "2026-03-29 01:00:00+01:00",
        "2026-03-29 01:30:00+01:00",  # 00:30 UTC; 01:00 UTC reads 03:00+02:00
        "2026-03-29 03:00:00+02:00",
        "2026-03-29 03:30:00+02:00",
    ]


def test_a_day_of_hours_and_of_quarter_hours_across_the_fall_back() -> None:
    data = _every_10_minutes("2026-10-24 22:00", "2026-10-25 23:00")
    hours = evaluate(_standards("1h"), data).to_frame()
    assert len(hours) == 25
    assert hours["n"].tolist() == [6] * 25
    quarters = evaluate(_standards("15min"), data).to_frame()
    # calls at :00, :10, :20, :30, :40, :50: the quarters hold 2, 1, 2, 1 of them, 100 quarters in 25 hours
    assert len(quarters) == 100
    assert quarters["n"].tolist()[:4] == [2, 1, 2, 1]


def test_each_interval_is_judged_on_its_own_share() -> None:
    offered = pd.to_datetime(
        [
            "2026-03-02 09:00:00",  # 09:00-09:30: answered in 10 s, 30 s, 5 s -> 2 of 3 met, 66.7% < 80%: fail
            "2026-03-02 09:10:00",
            "2026-03-02 09:29:59",
            "2026-03-02 09:30:00",  # 09:30-10:00: 10 s, 10 s -> 2 of 2 met: pass
            "2026-03-02 09:59:00",
            "2026-03-02 11:15:00",  # 11:00-11:30: 25 s -> 0 of 1 met: fail; 10:00-11:00 has no call and no row
        ]
    )
    waits = pd.to_timedelta([10, 30, 5, 10, 10, 25], unit="s")
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + waits})
    found = evaluate(_standards("30min"), data).to_frame()
    assert [str(p) for p in found["period"]] == [
        "2026-03-02 09:00:00+01:00",
        "2026-03-02 09:30:00+01:00",
        "2026-03-02 11:00:00+01:00",
    ]
    assert found["met"].tolist() == [2, 2, 0]
    assert found["missed"].tolist() == [1, 0, 1]
    assert found["status"].tolist() == ["fail", "pass", "fail"]


def test_intervals_start_on_the_local_clock_where_the_offset_is_not_whole_hours() -> None:
    # Kathmandu is UTC+05:45: local half-hours start at :15 and :45 past the UTC hour
    offered = pd.to_datetime(["2026-03-02 03:14", "2026-03-02 03:15", "2026-03-02 03:44", "2026-03-02 03:45"], utc=True)
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta("5s")})
    found = evaluate(_standards("30min", "Asia/Kathmandu"), data).to_frame()
    # 03:14 UTC = 08:59 local (08:30 interval); 03:15 and 03:44 = 09:00 and 09:29; 03:45 = 09:30
    assert [str(p) for p in found["period"]] == [
        "2026-03-02 08:30:00+05:45",
        "2026-03-02 09:00:00+05:45",
        "2026-03-02 09:30:00+05:45",
    ]
    assert found["n"].tolist() == [1, 2, 1]


def test_naive_timestamps_are_wall_clocks_of_the_file_zone() -> None:
    offered = pd.to_datetime(["2026-03-02 09:14", "2026-03-02 09:15", "2026-03-02 10:59"])
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta("5s")})
    found = evaluate(_standards("15min"), data).to_frame()
    assert [str(p) for p in found["period"]] == [
        "2026-03-02 09:00:00+01:00",
        "2026-03-02 09:15:00+01:00",
        "2026-03-02 10:45:00+01:00",
    ]


def test_the_period_argument_takes_an_interval_and_refuses_a_length_that_does_not_divide_an_hour() -> None:
    data = _every_10_minutes("2026-03-02 08:00", "2026-03-02 09:00")  # 09:00-10:00 in Ljubljana, 6 calls
    found = evaluate(_standards("day"), data, period="20min").to_frame()
    assert found["n"].tolist() == [2, 2, 2]
    with pytest.raises(InvalidArgumentError, match="45min"):
        evaluate(_standards("day"), data, period="45min")


def test_an_interval_that_does_not_divide_an_hour_is_refused_at_load_with_its_place() -> None:
    with pytest.raises(StandardsError) as caught:
        _standards("45min")
    message = str(caught.value)
    assert "<string>:8:13: standards[0].period" in message
    assert "'30min', '1h'" in message
    assert "got '45min'" in message


def test_the_handbook_says_each_interval_is_judged_on_its_own() -> None:
    pytest.importorskip("babel")
    standards = _standards("15min")
    text = describe(standards.standards[0], standards)
    assert "Each 15-minute interval of the day is judged on its own, in Ljubljana time." in text


BUDGETED = """\
version: 1
timezone: Europe/Ljubljana
standards:
  - id: sl
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 60%
    intervals: {every: 30min, floor: 80%, min_volume: 2}
    period: day
"""


def _budgeted_calls() -> pd.DataFrame:
    rows = [
        ("2026-03-02 09:00:00", 10),  # 09:00-09:30: 2 of 3 met = 66.7% < 80%: scored, not met
        ("2026-03-02 09:10:00", 30),
        ("2026-03-02 09:20:00", 10),
        ("2026-03-02 09:40:00", 10),  # 09:30-10:00: 1 decided < min_volume 2: excluded
        ("2026-03-02 10:05:00", 10),  # 10:00-10:30: 2 of 2 met: met
        ("2026-03-02 10:06:00", 10),
        ("2026-03-02 11:00:00", 10),  # 11:00-11:30: 1 decided: excluded
        ("2026-03-03 09:00:00", 10),  # next day 09:00-09:30: 4 of 5 met = 80%: met (the floor is reached)
        ("2026-03-03 09:01:00", 10),
        ("2026-03-03 09:02:00", 10),
        ("2026-03-03 09:03:00", 10),
        ("2026-03-03 09:04:00", 25),
    ]
    offered = pd.to_datetime([r[0] for r in rows])
    waits = pd.to_timedelta([r[1] for r in rows], unit="s")
    return pd.DataFrame({"offered_at": offered, "answered_at": offered + waits})


def test_interval_budgeting_judges_the_share_of_intervals_met_and_counts_the_excluded() -> None:
    found = evaluate(svcstandards.loads(BUDGETED), _budgeted_calls()).to_frame()
    assert found["intervals_met"].tolist() == [1, 1]
    assert found["intervals_scored"].tolist() == [2, 1]
    assert found["intervals_excluded"].tolist() == [2, 0]
    # day 1: 1 of 2 intervals met = 50% < 60%: fail; misses left floor(2 * 40%) - 1 = -1
    # day 2: 1 of 1 = 100%: pass; misses left floor(1 * 40%) - 0 = 0
    assert found["share"].tolist() == [0.5, 1.0]
    assert found["status"].tolist() == ["fail", "pass"]
    assert found["budget"].tolist() == [-1, 0]
    # the interaction counts stay the interactions': 7 calls, 6 met on day 1; 5 calls, 4 met on day 2
    assert found["n"].tolist() == [7, 5]
    assert found["met"].tolist() == [6, 4]


def test_interval_budgeting_without_a_period_judges_the_whole_range() -> None:
    found = evaluate(svcstandards.loads(BUDGETED.replace("    period: day\n", "")), _budgeted_calls()).to_frame()
    # 2 of 3 scored intervals met = 66.7% >= 60%: pass; misses left floor(3 * 40%) - 1 = 0
    assert found["intervals_met"].tolist() == [2]
    assert found["intervals_scored"].tolist() == [3]
    assert found["intervals_excluded"].tolist() == [2]
    assert found["status"].tolist() == ["pass"]
    assert found["budget"].tolist() == [0]


def test_without_interval_budgeting_the_interval_columns_are_absent() -> None:
    found = evaluate(_standards("day"), _budgeted_calls()).to_frame()
    assert "intervals_met" not in found.columns


def test_interval_budgeting_needs_a_time_column_at_load() -> None:
    text = """\
version: 1
standards:
  - id: answered
    measure: {flag: answered}
    floor: 60%
    intervals: {every: 30min, floor: 80%}
"""
    with pytest.raises(StandardsError, match="intervals need a time column"):
        svcstandards.loads(text)


def test_an_interval_budget_every_must_be_an_interval() -> None:
    with pytest.raises(StandardsError, match=r"standards\[0\]\.intervals\.every"):
        svcstandards.loads(BUDGETED.replace("every: 30min", "every: day"))


def test_the_text_views_show_an_interval_with_its_time_and_offset() -> None:
    data = _every_10_minutes("2026-10-24 23:50", "2026-10-25 01:10")  # 01:50+02:00 to 02:00+01:00 (01:00 UTC)
    shown = evaluate(_standards("30min"), data).to_markdown()
    # the first row starts at 01:30+02:00; the two 02:00 half-hours differ by their offset
    assert "| 2026-10-25 01:30+02:00 |" in shown
    assert "| 2026-10-25 02:00+02:00 |" in shown
    assert "| 2026-10-25 02:00+01:00 |" in shown
