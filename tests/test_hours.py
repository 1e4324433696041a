"""Weekly open hours: day specs, intervals in minutes, overlaps across midnight and the week's end."""

from __future__ import annotations

import pytest

from svcstandards.format.hours import HoursError, overlaps, parse_days, parse_interval, weekly_intervals

DAY = 1440  # minutes


@pytest.mark.parametrize(
    ("spec", "days"),
    [
        ("mon", (0,)),
        ("sun", (6,)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("fri-mon", (0, 4, 5, 6)),  # wraps over the weekend
        ("mon,wed", (0, 2)),
        ("sat-sun,mon", (0, 5, 6)),
        ("mon-mon", (0,)),
        ("Monday", (0,)),
        (" tues , THU ", (1, 3)),
        ("wed,mon,wed", (0, 2)),
    ],
)
def test_parse_days(spec: str, days: tuple[int, ...]) -> None:
    assert parse_days(spec) == days


@pytest.mark.parametrize("spec", ["mnday", "mon-frii", "mon,,wed", ""])
def test_parse_days_refuses_what_is_not_a_day(spec: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_days(spec)
    assert caught.value.hint == ("days are mon, tue, wed, thu, fri, sat, sun; ranges like mon-fri; lists like mon,wed")


def test_parse_days_names_the_bad_day() -> None:
    with pytest.raises(HoursError) as caught:
        parse_days("mon-frii")
    assert caught.value.message == "'frii' is not a day"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("08:00-16:00", (480, 960)),
        ("8:30-9:15", (510, 555)),
        (" 08:00 - 16:00 ", (480, 960)),
        ("22:00-06:00", (1320, 1800)),  # overnight: ends 6 hours into the next day
        ("00:00-24:00", (0, 1440)),
        ("23:59-00:00", (1439, 1440)),
    ],
)
def test_parse_interval(text: str, minutes: tuple[int, int]) -> None:
    assert parse_interval(text) == minutes


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            "9-12",
            "'9-12' is not an interval of hours",
            'write "08:00-16:00"; several intervals as a list; "00:00-24:00" for a whole day',
        ),
        (
            "08:00",
            "'08:00' is not an interval of hours",
            'write "08:00-16:00"; several intervals as a list; "00:00-24:00" for a whole day',
        ),
        ("25:00-26:00", "'25:00' is not a time of day", "times run from 00:00 to 24:00"),
        ("08:00-08:60", "'08:60' is not a time of day", "times run from 00:00 to 24:00"),
        ("08:00-24:01", "'24:01' is not a time of day", "times run from 00:00 to 24:00"),
        (
            "08:00-08:00",
            "'08:00-08:00' is empty",
            'an interval needs an end after its start: "08:00-16:00"',
        ),
        ("24:00-02:00", "'24:00-02:00' starts at 24:00", "start the interval at 00:00 of the next day"),
    ],
)
def test_parse_interval_errors(text: str, message: str, hint: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_interval(text)
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert str(caught.value) == f"{message} ({hint})"


def test_an_hours_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="is not a time of day"):
        parse_interval("25:00-26:00")


def test_weekly_intervals_in_minutes_after_monday_midnight() -> None:
    hours = {
        "mon-fri": "08:00-16:00",
        "sat": "09:00-12:00",
        "sun": ["08:00-12:00", "13:00-15:00"],
    }
    assert weekly_intervals(hours) == [
        (480, 960, "mon-fri"),  # Monday
        (DAY + 480, DAY + 960, "mon-fri"),
        (2 * DAY + 480, 2 * DAY + 960, "mon-fri"),
        (3 * DAY + 480, 3 * DAY + 960, "mon-fri"),
        (4 * DAY + 480, 4 * DAY + 960, "mon-fri"),  # Friday: 6240 to 6720
        (5 * DAY + 540, 5 * DAY + 720, "sat"),  # 7740 to 7920
        (6 * DAY + 480, 6 * DAY + 720, "sun"),  # 9120 to 9360
        (6 * DAY + 780, 6 * DAY + 900, "sun"),  # 9420 to 9540
    ]


def test_a_sunday_night_shift_ends_after_the_week() -> None:
    # Sunday 22:00 is minute 6 * 1440 + 1320 = 9960; Monday 06:00 comes 480 minutes later,
    # past the week's 10080 minutes
    assert weekly_intervals({"sun": "22:00-06:00"}) == [(9960, 10440, "sun")]


def test_no_overlap_in_a_plain_week() -> None:
    hours = {"mon-fri": "08:00-16:00", "sat": "09:00-12:00", "sun": ["08:00-12:00", "13:00-15:00"]}
    assert overlaps(weekly_intervals(hours)) == []


def test_touching_intervals_do_not_overlap() -> None:
    hours = {"mon": ["08:00-12:00", "12:00-16:00"], "tue": "00:00-24:00", "wed": "00:00-06:00"}
    assert overlaps(weekly_intervals(hours)) == []


def test_overlap_between_a_range_and_a_day() -> None:
    # Friday 08:00-16:00 (from mon-fri) and Friday 15:00-18:00
    hours = {"mon-fri": "08:00-16:00", "fri": "15:00-18:00"}
    assert overlaps(weekly_intervals(hours)) == [("mon-fri", "fri")]


def test_overlap_within_one_day() -> None:
    assert overlaps(weekly_intervals({"mon": ["08:00-12:00", "11:00-13:00"]})) == [("mon", "mon")]


def test_overlap_across_midnight() -> None:
    # Monday 22:00 to Tuesday 06:00 is minute 1320 to 1800; Tuesday 05:00 is minute 1740
    assert overlaps(weekly_intervals({"mon": "22:00-06:00", "tue": "05:00-08:00"})) == [("mon", "tue")]
    assert overlaps(weekly_intervals({"mon": "22:00-06:00", "tue": "06:00-08:00"})) == []


def test_overlap_across_the_end_of_the_week() -> None:
    # Sunday 22:00 to Monday 06:00 wraps to minutes 0-360 of the week; Monday 05:00 is minute 300
    assert overlaps(weekly_intervals({"sun": "22:00-06:00", "mon": "05:00-08:00"})) == [("sun", "mon")]
    assert overlaps(weekly_intervals({"sun": "22:00-06:00", "mon": "06:00-08:00"})) == []


def test_a_whole_week_open_overlaps_nothing() -> None:
    assert overlaps(weekly_intervals({"mon-sun": "00:00-24:00"})) == []
