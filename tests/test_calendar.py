"""Business time on calendars: worked examples, clock changes, holidays, laws.

Times are written as local wall-clock times of the calendar unless a zone is
given. Hours are counted by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import doctest
import pickle
import sys
import zoneinfo
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcstandards
import svcstandards.calendars as calendar_module
from svcstandards.calendars import (
    BusinessCalendar,
    business_calendar,
    business_deadline,
    business_deadline_ns,
    business_seconds,
    business_seconds_ns,
    is_open,
    is_open_ns,
)
from svcstandards.errors import DataError, InvalidArgumentError, MissingDependencyError, StandardsError, UsageError
from svcstandards.format.units import NAT
from svcstandards.model import Calendar

LJUBLJANA = "Europe/Ljubljana"
NEW_YORK = "America/New_York"
LORD_HOWE = "Australia/Lord_Howe"
HOUR = 3600.0

try:
    import holidays
except ImportError:  # an optional extra: only the tests of public holidays need it
    holidays = None

needs_holidays = pytest.mark.skipif(holidays is None, reason="needs the optional 'holidays' package")


def at(text: str, tz: str | None = None) -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


def hours(start: str, end: str, calendar: BusinessCalendar) -> float:
    return business_seconds(at(start), at(end), calendar) / HOUR


def always(tz: str) -> BusinessCalendar:
    return BusinessCalendar({"mon-sun": "00:00-24:00"}, timezone=tz)


OFFICE = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone=LJUBLJANA)


def si_office() -> BusinessCalendar:
    return BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, country="SI")


# -- worked examples published by helpdesk vendors ------------------------------------


def test_24_office_hours_from_friday_1655_fall_due_wednesday_1655() -> None:
    # Fri 16:55-17:00 = 5 min; Mon 8 h; Tue 8 h -> 16 h 05 min; Wed 09:00 + 7 h 55 min = 16:55
    due = business_deadline(at("2026-03-06 16:55"), 24 * HOUR, OFFICE)
    assert due == at("2026-03-11 16:55", LJUBLJANA)
    assert business_seconds(at("2026-03-06 16:55"), due, OFFICE) == 24 * HOUR


def test_16_hours_from_monday_1100_with_short_tuesday_and_closed_wednesday() -> None:
    calendar = BusinessCalendar({"mon": "09:00-17:00", "tue": "09:00-16:00", "thu": "08:00-17:00"}, timezone=LJUBLJANA)
    # Mon 11-17 = 6 h; Tue 9-16 = 7 h -> 13 h; Wed closed; Thu 08:00 + 3 h = 11:00
    due = business_deadline(at("2026-03-02 11:00"), 16 * HOUR, calendar)
    assert due == at("2026-03-05 11:00", LJUBLJANA)


# -- clock changes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "expected_hours"),
    [
        (LJUBLJANA, "2026-03-29", 23.0),  # 02:00 CET -> 03:00 CEST
        (LJUBLJANA, "2026-10-25", 25.0),  # 03:00 CEST -> 02:00 CET
        (NEW_YORK, "2026-03-08", 23.0),  # 02:00 EST -> 03:00 EDT
        (NEW_YORK, "2026-11-01", 25.0),  # 02:00 EDT -> 01:00 EST
        (LORD_HOWE, "2026-10-04", 23.5),  # 02:00 +10:30 -> 02:30 +11
        (LORD_HOWE, "2026-04-05", 24.5),  # 02:00 +11 -> 01:30 +10:30
        ("UTC", "2026-03-29", 24.0),
    ],
)
def test_a_whole_day_lasts_as_long_as_the_clock_says(tz: str, day: str, expected_hours: float) -> None:
    next_day = str((pd.Timestamp(day) + pd.Timedelta(days=1)).date())
    assert hours(day, next_day, always(tz)) == expected_hours


@pytest.mark.parametrize(
    ("tz", "interval", "day", "expected_hours"),
    [
        # Ljubljana, spring: 02:00 does not exist; the start moves to 03:00 CEST, open until 04:00
        (LJUBLJANA, "02:00-04:00", "2026-03-29", 1.0),
        # an interval inside the skipped hour vanishes
        (LJUBLJANA, "02:15-02:45", "2026-03-29", 0.0),
        # autumn: from the first 02:00 (00:00 UTC) to 04:00 CET (03:00 UTC)
        (LJUBLJANA, "02:00-04:00", "2026-10-25", 3.0),
        # from the first 02:15 (CEST, 00:15 UTC) to the last 02:45 (CET, 01:45 UTC)
        (LJUBLJANA, "02:15-02:45", "2026-10-25", 1.5),
        # New York, spring: 01:30 EST (06:30 UTC) to 03:30 EDT (07:30 UTC)
        (NEW_YORK, "01:30-03:30", "2026-03-08", 1.0),
        # autumn: 01:30 EDT (05:30 UTC) to 02:30 EST (07:30 UTC)
        (NEW_YORK, "01:30-02:30", "2026-11-01", 2.0),
        # 01:00 EDT (05:00 UTC) to the last 01:30, EST (06:30 UTC)
        (NEW_YORK, "01:00-01:30", "2026-11-01", 1.5),
        # Lord Howe, spring: 02:00-02:30 does not exist; 02:15 moves to 02:30 (+11)
        (LORD_HOWE, "02:15-03:00", "2026-10-04", 0.5),
        # autumn: 01:30-02:00 repeats; first 01:30 (+11, 14:30 UTC) to 02:30 (+10:30, 16:00 UTC)
        (LORD_HOWE, "01:30-02:30", "2026-04-05", 1.5),
    ],
)
def test_hours_in_the_skipped_or_repeated_hour(tz: str, interval: str, day: str, expected_hours: float) -> None:
    calendar = BusinessCalendar({"mon-sun": interval}, timezone=tz)
    end = str((pd.Timestamp(day) + pd.Timedelta(days=1)).date())
    assert business_seconds(at(day, tz), at(end, tz), calendar) / HOUR == expected_hours


def test_a_night_shift_across_the_clock_changes() -> None:
    night = BusinessCalendar({"sat": "22:00-06:00"}, timezone=LJUBLJANA)
    # Sat 22:00 CET (21:00 UTC) to Sun 06:00 CEST (04:00 UTC): 7 h
    assert hours("2026-03-28", "2026-03-30", night) == 7.0
    # Sat 22:00 CEST (20:00 UTC) to Sun 06:00 CET (05:00 UTC): 9 h
    assert hours("2026-10-24", "2026-10-26", night) == 9.0
    # an ordinary weekend: 8 h
    assert hours("2026-03-21", "2026-03-23", night) == 8.0


def test_naive_times_in_the_gap_move_forward_and_ambiguous_ones_take_the_first() -> None:
    clock = always(LJUBLJANA)
    # 02:30 does not exist on 2026-03-29: it is read as 03:00 CEST; to 04:00 = 1 h
    assert hours("2026-03-29 02:30", "2026-03-29 04:00", clock) == 1.0
    # 02:30 on 2026-10-25 is the first one (CEST, 00:30 UTC); 03:00 CET is 02:00 UTC: 1.5 h
    assert hours("2026-10-25 02:30", "2026-10-25 03:00", clock) == 1.5


def test_a_24_7_calendar_counts_elapsed_time() -> None:
    clock = BusinessCalendar.always_open(NEW_YORK)
    start, end = at("2026-01-01 00:00:00.25", "UTC"), at("2026-12-31 13:00", "UTC")
    assert business_seconds(start, end, clock) == (end - start).total_seconds()
    assert business_deadline(start, 1e6, clock) == start + pd.Timedelta(seconds=1e6)


# -- holidays, closed and open dates ----------------------------------------------------


def test_a_holiday_on_a_monday_given_as_a_closed_date() -> None:
    closed = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, closed=[dt.date(2026, 4, 6)])
    plain = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA)
    # Fri 15-16 = 1 h, Mon closed, Tue 8-9 = 1 h
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", closed) == 2.0
    # without the holiday Monday counts 8 h
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", plain) == 10.0


@needs_holidays
def test_easter_monday_is_a_public_holiday_in_slovenia() -> None:
    # 2026-04-06 is Easter Monday: Fri 15-16 + Tue 8-9 = 2 h
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", si_office()) == 2.0
    # 24 h from Thu 2026-04-02 08:00: Thu 8 h, Fri 8 h, Tue 8 h -> Tue 16:00
    due = business_deadline(at("2026-04-02 08:00"), 24 * HOUR, si_office())
    assert due == at("2026-04-07 16:00", LJUBLJANA)


def test_a_night_shift_starting_the_evening_before_a_holiday_still_counts() -> None:
    nights = BusinessCalendar({"sun-thu": "22:00-06:00"}, timezone=LJUBLJANA, closed=[dt.date(2026, 4, 6)])
    # Sun 22:00 -> Mon 06:00 counts (it starts on Sunday): 8 h;
    # Mon 22:00 -> Tue 06:00 starts on the closed Monday: 0 h
    assert hours("2026-04-05 12:00", "2026-04-07 12:00", nights) == 8.0


def test_an_open_sunday_is_worked_with_normal_hours() -> None:
    calendar = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone=LJUBLJANA, open_dates=[dt.date(2026, 3, 8)])
    # Sat closed; Sun 2026-03-08 open 09:00-17:00: 8 h over the weekend
    assert hours("2026-03-07", "2026-03-09", calendar) == 8.0
    assert hours("2026-03-14", "2026-03-16", calendar) == 0.0


def test_the_normal_day_is_the_schedule_most_weekdays_share() -> None:
    # Mon 9-17 once, Tue-Fri 8-16 four times: 8-16 is a normal day
    calendar = BusinessCalendar({"mon": "09:00-17:00", "tue-fri": "08:00-16:00"})
    assert calendar.normal_day == ((480, 960),)
    # a tie (two days each): the earlier weekday's schedule, Monday's
    tie = BusinessCalendar({"mon-tue": "09:00-17:00", "wed-thu": "08:00-12:00", "sun": "10:00-11:00"})
    assert tie.normal_day == ((540, 1020),)
    # days without hours do not count, however many there are
    assert BusinessCalendar({"sat": "10:00-12:00"}).normal_day == ((600, 720),)
    assert BusinessCalendar({}).normal_day == ()


@needs_holidays
def test_an_open_date_overrides_a_public_holiday() -> None:
    calendar = BusinessCalendar(
        {"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, country="SI", open_dates=[dt.date(2026, 4, 6)]
    )
    # Easter Monday is worked after all: Fri 1 h + Mon 8 h + Tue 1 h
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", calendar) == 10.0


@needs_holidays
def test_holidays_are_looked_up_only_for_the_years_the_data_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[int]] = []
    original = holidays.country_holidays

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(sorted(kwargs.get("years") or []))  # type: ignore[call-overload]
        return original(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", spy)
    calendar = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, country="SI")
    assert asked == []  # nothing until business time is asked for
    hours("2026-04-03 15:00", "2026-04-07 09:00", calendar)
    assert asked == [[2026]]
    hours("2026-05-01 00:00", "2026-05-04 00:00", calendar)  # same year: from the cache
    assert asked == [[2026]]
    hours("2027-01-01 00:00", "2027-01-05 00:00", calendar)
    assert asked == [[2026], [2027]]


def test_public_holidays_need_the_holidays_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)  # import holidays now fails
    with pytest.raises(MissingDependencyError, match=r"svcstandards\[holidays\]"):
        BusinessCalendar({"mon-fri": "08:00-16:00"}, country="SI")
    BusinessCalendar({"mon-fri": "08:00-16:00"}, closed=[dt.date(2026, 1, 1)])  # no country: fine


# -- reading timestamps -------------------------------------------------------------------


def test_a_start_outside_open_hours_waits_for_the_opening() -> None:
    # Sat 10:00 -> Mon 10:00: only Mon 09-10 counts
    assert hours("2026-03-07 10:00", "2026-03-09 10:00", OFFICE) == 1.0
    assert business_deadline(at("2026-03-07 10:00"), HOUR, OFFICE) == at("2026-03-09 10:00", LJUBLJANA)
    # before opening on a weekday
    assert business_deadline(at("2026-03-09 06:00"), 60, OFFICE) == at("2026-03-09 09:01", LJUBLJANA)


def test_aware_timestamps_in_any_zone() -> None:
    office = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA)
    # 07:00 UTC is 08:00 CET, 15:00 UTC is 16:00 CET: the whole day, 8 h
    start = pd.Series(pd.to_datetime(["2026-03-02 07:00", "2026-03-02 12:00"]).tz_localize("UTC"))
    end = pd.Series(pd.to_datetime(["2026-03-02 15:00", "2026-03-02 10:00"]).tz_localize(NEW_YORK))
    # row 2: 12:00 UTC (13:00 CET) to 10:00 EST = 15:00 UTC (16:00 CET): 3 h
    assert business_seconds(start, end, office).tolist() == [8 * HOUR, 3 * HOUR]
    # naive values are read in the calendar's zone: 08:00 to 16:00 CET
    assert hours("2026-03-02 08:00", "2026-03-02 16:00", office) == 8.0
    mixed = [at("2026-03-02 07:00", "UTC"), at("2026-03-02 09:00", LJUBLJANA)]
    assert business_seconds(mixed, at("2026-03-02 10:00", LJUBLJANA), office).tolist() == [7200.0, 3600.0]


def test_missing_values_propagate() -> None:
    start = pd.Series(pd.to_datetime(["2026-03-02 09:00", None, "2026-03-02 09:00"]), index=[10, 11, 12])
    end = pd.Series(pd.to_datetime(["2026-03-02 10:00", "2026-03-02 10:00", None]), index=[10, 11, 12])
    got = business_seconds(start, end, OFFICE)
    assert got.index.tolist() == [10, 11, 12]
    assert got.iloc[0] == HOUR
    assert got.iloc[1:].isna().all()
    due = business_deadline(start, pd.Series([HOUR, HOUR, np.nan], index=[10, 11, 12]), OFFICE)
    assert due.iloc[0] == at("2026-03-02 10:00", LJUBLJANA)
    assert due.iloc[1:].isna().all()
    assert str(due.dtype) == "datetime64[ns, UTC]"
    assert is_open(start, OFFICE).tolist() == [True, False, True]
    assert np.isnan(business_seconds(pd.NaT, at("2026-03-02 10:00"), OFFICE))


def test_negative_when_end_is_before_start() -> None:
    a, b = at("2026-03-06 16:00"), at("2026-03-09 10:00")
    # Fri 16-17 + Mon 9-10 = 2 h, either way round with the sign flipped
    assert business_seconds(a, b, OFFICE) == 2 * HOUR
    assert business_seconds(b, a, OFFICE) == -2 * HOUR


def test_sub_second_precision_is_kept() -> None:
    # 0.5 s before Fri 17:00 and 1 s after Mon 09:00
    assert business_seconds(at("2026-03-06 16:59:59.5"), at("2026-03-09 09:00:01"), OFFICE) == 1.5
    # two nanoseconds
    start, end = at("2026-03-06 16:59:59.999999999"), at("2026-03-09 09:00:00.000000001")
    assert business_seconds(start, end, OFFICE) == 2e-9
    assert business_deadline(start, 2e-9, OFFICE) == end.tz_localize(LJUBLJANA)


def test_inputs_of_every_kind() -> None:
    start = ["2026-03-06 16:00", "2026-03-09 09:00"]
    end = "2026-03-09 10:00"
    expected = [2 * HOUR, HOUR]
    as_index = pd.DatetimeIndex(start)
    as_numpy = np.array(start, dtype="datetime64[s]")
    as_list = [pd.Timestamp(s) for s in start]
    for values in (as_index, as_numpy, as_list, pd.Series(as_index)):
        got = business_seconds(values, at(end), OFFICE)
        assert list(got) == expected
    assert business_seconds(at(start[0]), [at(end), at(end)], OFFICE).tolist() == [2 * HOUR] * 2
    assert isinstance(business_seconds(at(start[0]), at(end), OFFICE), float)
    due = business_deadline(as_index, [HOUR, 2 * HOUR], OFFICE)
    assert isinstance(due, pd.DatetimeIndex)
    # Fri 16:00 + 1 h = Fri 17:00; Mon 09:00 + 2 h = Mon 11:00
    assert list(due) == [at("2026-03-06 17:00", LJUBLJANA), at("2026-03-09 11:00", LJUBLJANA)]
    # timedeltas are exact amounts
    assert business_deadline(at(start[0]), pd.Timedelta(hours=2), OFFICE) == at(end, LJUBLJANA)
    assert business_deadline(as_index, pd.to_timedelta(["1h", "2h"]).to_numpy(), OFFICE).equals(due)


def test_a_series_gets_its_index_back_and_two_series_must_agree() -> None:
    start = pd.Series(pd.to_datetime(["2026-03-09 09:00"]), index=["t-1"])
    assert business_seconds(start, at("2026-03-09 10:00"), OFFICE).to_dict() == {"t-1": HOUR}
    other = pd.Series(pd.to_datetime(["2026-03-09 10:00"]), index=["t-2"])
    with pytest.raises(DataError, match="different indexes"):
        business_seconds(start, other, OFFICE)


def test_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(DataError, match="numbers, not timestamps"):
        business_seconds(np.arange(3), np.arange(3), OFFICE)
    with pytest.raises(DataError, match=">= 0"):
        business_deadline(at("2026-03-09 10:00"), -1.0, OFFICE)
    with pytest.raises(DataError, match="got 2 and 3 values"):
        business_seconds([at("2026-03-09")] * 2, [at("2026-03-10")] * 3, OFFICE)
    with pytest.raises(DataError, match="with and without a time zone"):
        business_seconds([at("2026-03-09"), at("2026-03-09", "UTC")], at("2026-03-10"), OFFICE)


def test_is_open_is_half_open() -> None:
    times = ["2026-03-09 08:59:59", "2026-03-09 09:00", "2026-03-09 16:59:59", "2026-03-09 17:00"]
    assert is_open(times, OFFICE).tolist() == [False, True, True, False]
    assert is_open(at("2026-03-07 12:00"), OFFICE) is False


def test_a_deadline_at_the_end_of_an_interval_is_that_end() -> None:
    # 8 h from Monday 09:00 is Monday 17:00, not Tuesday 09:00
    assert business_deadline(at("2026-03-09 09:00"), 8 * HOUR, OFFICE) == at("2026-03-09 17:00", LJUBLJANA)
    # nothing to wait for: the start itself, even when closed
    assert business_deadline(at("2026-03-07 12:00"), 0, OFFICE) == at("2026-03-07 12:00", LJUBLJANA)


def test_a_far_deadline_extends_the_table() -> None:
    calendar = BusinessCalendar({"mon-fri": "09:00-17:00"})
    # 10,000 h = 1,250 days of 8 h = 250 weeks; the 1,250th day is the Friday
    # of the 250th week: Mon 2026-01-05 + 249 weeks + 4 days, at 17:00
    due = business_deadline(at("2026-01-05 09:00"), 10_000 * HOUR, calendar)
    assert due == at("2026-01-05 17:00", "UTC") + pd.Timedelta(weeks=249, days=4)
    assert business_seconds(at("2026-01-05 09:00"), due, calendar) == 10_000 * HOUR
    # beyond the supported years: NaT, not an endless search
    assert pd.isna(business_deadline(at("2026-01-05 09:00"), 1e10, calendar))


def test_a_calendar_that_is_never_open() -> None:
    closed = BusinessCalendar({})
    assert business_seconds(at("2026-01-01"), at("2026-02-01"), closed) == 0.0
    due = business_deadline(at("2026-01-01"), [0, 1], closed)
    assert due[0] == at("2026-01-01", "UTC")
    assert pd.isna(due[1])


def test_the_nanosecond_primitives() -> None:
    ns = pd.DatetimeIndex(["2026-03-06 15:00", "2026-03-09 10:00"], tz=LJUBLJANA).as_unit("ns").asi8
    starts, ends = np.array([ns[0], NAT]), np.array([ns[1], ns[1]])
    # Fri 15-17 + Mon 9-10 = 3 h
    assert business_seconds_ns(starts, ends, OFFICE).tolist()[0] == 3 * HOUR
    assert np.isnan(business_seconds_ns(starts, ends, OFFICE)[1])
    due = business_deadline_ns(starts, np.array([3 * HOUR, 1.0]), OFFICE)
    assert due.tolist() == [ns[1], NAT]
    assert is_open_ns(np.array([ns[0], ns[1], NAT]), OFFICE).tolist() == [True, True, False]


# -- the calendar object ----------------------------------------------------------------


@needs_holidays
def test_from_model() -> None:
    model = Calendar.model_validate(
        {
            "hours": {"mon-fri": "08:00-16:00", "sat": "09:00-12:00"},
            "holidays": {"country": "SI", "dates": ["2026-12-24"]},
            "open": ["2026-12-27"],
        }
    )
    calendar = BusinessCalendar.from_model(model, default_timezone=LJUBLJANA)
    assert calendar.timezone == LJUBLJANA
    assert calendar.country == "SI"
    assert calendar.closed_dates == frozenset({dt.date(2026, 12, 24)})
    assert calendar.open_dates == frozenset({dt.date(2026, 12, 27)})
    # Wed 23rd 8 h, Thu 24th closed, Fri 25th and Sat 26th holidays, Sun 27th open 8-16: 16 h
    assert hours("2026-12-23", "2026-12-28", calendar) == 16.0
    own_zone = Calendar.model_validate({"timezone": NEW_YORK, "hours": {"mon": "09:00-10:00"}})
    assert BusinessCalendar.from_model(own_zone, LJUBLJANA).timezone == NEW_YORK


@needs_holidays
def test_configuration_errors() -> None:
    with pytest.raises(StandardsError, match="IANA"):
        BusinessCalendar({"mon": "09:00-17:00"}, timezone="Mars/Olympus")
    with pytest.raises(StandardsError, match="not a day"):
        BusinessCalendar({"mo-fr": "09:00-17:00"})
    with pytest.raises(StandardsError, match="not a country code"):
        BusinessCalendar({"mon": "09:00-17:00"}, country="XX")
    with pytest.raises(StandardsError, match="needs a country"):
        BusinessCalendar({"mon": "09:00-17:00"}, subdivision="CA")


def test_immutable_comparable_picklable() -> None:
    calendar = BusinessCalendar({"mon-fri": ["09:00-12:00", "12:00-17:00"]}, timezone=LJUBLJANA)
    with pytest.raises(AttributeError):
        calendar.timezone = "UTC"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        calendar._table = None
    assert calendar == OFFICE  # the same open hours, written differently
    assert hash(calendar) == hash(OFFICE)
    assert calendar != BusinessCalendar({"mon-fri": "09:00-17:00"})  # another zone
    holiday = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, closed=[dt.date(2026, 4, 6)])
    copy = pickle.loads(pickle.dumps(holiday))
    assert copy == holiday
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", copy) == 2.0
    assert repr(holiday) == (
        "BusinessCalendar({'mon-fri': '08:00-16:00'}, timezone='Europe/Ljubljana', closed=[datetime.date(2026, 4, 6)])"
    )


@needs_holidays
def test_widening_the_cached_range_never_changes_a_result() -> None:
    calendar = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, country="SI")
    before = hours("2026-04-03 15:00", "2026-04-07 09:00", calendar)
    hours("2031-06-01", "2031-06-30", calendar)
    hours("1999-01-01", "1999-01-30", calendar)
    assert hours("2026-04-03 15:00", "2026-04-07 09:00", calendar) == before == 2.0


@needs_holidays
def test_safe_to_share_between_threads() -> None:
    calendar = BusinessCalendar({"mon-fri": "08:00-16:00"}, timezone=LJUBLJANA, country="SI")
    starts = [pd.Timestamp(f"{year}-04-01") for year in range(2000, 2040)]

    def one(start: pd.Timestamp) -> float:
        return business_seconds(start, start + pd.Timedelta(days=30), calendar)

    with ThreadPoolExecutor(max_workers=8) as pool:
        shared = list(pool.map(one, starts))
    alone = [business_seconds(s, s + pd.Timedelta(days=30), si_office()) for s in starts]
    assert shared == alone


def test_the_examples_in_the_docstrings_run() -> None:
    assert doctest.testmod(calendar_module).failed == 0


# -- laws, on random calendars ------------------------------------------------------------

# The clock changes of 2026 in each zone: random times are drawn around them.
TRANSITIONS = {
    LJUBLJANA: ["2026-03-29 01:00", "2026-10-25 01:00"],
    NEW_YORK: ["2026-03-08 07:00", "2026-11-01 06:00"],
    LORD_HOWE: ["2026-04-04 15:00", "2026-10-03 15:30"],
    "UTC": ["2026-06-01 00:00"],
}
MINUTE_NS = 60 * 10**9
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def schedules(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    """One day's intervals in minutes after midnight; one may run past midnight."""
    out: list[tuple[int, int]] = []
    cursor = 0
    for _ in range(draw(st.integers(1, 2))):
        if cursor > 1425:
            break
        # half of the starts fall between 01:00 and 03:30, where the clocks change
        near_change = st.integers(max(cursor // 15, 4), 14) if cursor <= 14 * 15 else st.nothing()
        start = draw(st.integers(cursor // 15, 95) | near_change) * 15
        length = draw(st.integers(1, 95)) * 15
        out.append((start, start + length))
        cursor = start + length + 15
    return tuple(out)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[BusinessCalendar, dict[str, object]]:
    """A random calendar and the plain description the reference reads."""
    tz = draw(st.sampled_from(sorted(TRANSITIONS)))
    pool = [draw(schedules()) for _ in range(2)] + [()]
    weekly = [draw(st.sampled_from(pool)) for _ in range(7)]
    if not any(weekly):  # never open: see test_a_calendar_that_is_never_open
        weekly[draw(st.integers(0, 6))] = pool[0]
    center = pd.Timestamp(draw(st.sampled_from(TRANSITIONS[tz])), tz="UTC")
    first = (center.tz_convert(tz) - pd.Timedelta(days=4)).date()
    nearby = st.integers(0, 8).map(lambda k: first + dt.timedelta(days=k))
    closed = draw(st.frozensets(nearby, max_size=3))
    open_dates = draw(st.frozensets(nearby, max_size=2))
    hours_ = {
        DAYS[day]: [f"{clock(s)}-{clock(e % 1440 if e != 1440 else 1440)}" for s, e in schedule]
        for day, schedule in enumerate(weekly)
        if schedule
    }
    calendar = BusinessCalendar(hours_, timezone=tz, closed=closed, open_dates=open_dates)
    spec = {"tz": tz, "weekly": weekly, "closed": closed, "open": open_dates, "center": center}
    return calendar, spec


def wall_to_utc(wall: dt.datetime, zone: zoneinfo.ZoneInfo, *, first: bool) -> dt.datetime:
    """The instant a wall-clock time stands for, by the calendar's rules.

    An ambiguous time is its first occurrence (``fold=0``) for a start and
    its last (``fold=1``) for an end. A time that does not exist (the clock
    skips it) becomes the first instant at which the clock shows a later
    time, found by stepping minute by minute (every change here is on a
    whole minute).
    """
    utc = wall.replace(tzinfo=zone, fold=0 if first else 1).astimezone(dt.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == wall:
        return utc
    utc = wall.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)  # an instant before the skip
    while utc.astimezone(zone).replace(tzinfo=None) < wall:
        utc += dt.timedelta(minutes=1)
    return utc


def reference_open_minutes(spec: dict[str, object], first_minute: int, count: int) -> list[bool]:
    """Whether each UTC minute from ``first_minute`` (minutes since the epoch) is open.

    Written plainly from the rules: each local date's intervals (its weekday
    hours; none when closed; a normal day's when open), turned into instants,
    then each minute checked against all of them.
    """
    zone = zoneinfo.ZoneInfo(str(spec["tz"]))
    weekly: list[tuple[tuple[int, int], ...]] = spec["weekly"]  # type: ignore[assignment]
    closed: frozenset[dt.date] = spec["closed"]  # type: ignore[assignment]
    open_dates: frozenset[dt.date] = spec["open"]  # type: ignore[assignment]
    counts = Counter(s for s in weekly if s)
    normal = next((s for s in weekly if s and counts[s] == max(counts.values())), ())

    def day_schedule(day: dt.date) -> tuple[tuple[int, int], ...]:
        if day in open_dates:
            return normal
        if day in closed:
            return ()
        return weekly[day.weekday()]

    first = dt.datetime.fromtimestamp(first_minute * 60, dt.UTC)
    windows = []
    day = first.astimezone(zone).date() - dt.timedelta(days=2)
    while day <= (first + dt.timedelta(minutes=count)).astimezone(zone).date():
        midnight = dt.datetime.combine(day, dt.time())
        for s, e in day_schedule(day):
            begin = wall_to_utc(midnight + dt.timedelta(minutes=s), zone, first=True)
            end = wall_to_utc(midnight + dt.timedelta(minutes=e), zone, first=False)
            windows.append((begin, end))
        day += dt.timedelta(days=1)
    minutes = (first + dt.timedelta(minutes=i) for i in range(count))
    return [any(begin <= minute < end for begin, end in windows) for minute in minutes]


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(calendars(), st.integers(-30 * 60 + 1, 0), st.data())
def test_equal_to_a_minute_by_minute_reference(
    case: tuple[BusinessCalendar, dict[str, object]], offset: int, data: st.DataObject
) -> None:
    calendar, spec = case
    center: pd.Timestamp = spec["center"]  # type: ignore[assignment]
    first_minute = int(center.value // MINUTE_NS) + offset  # 30 hours that include the change
    count = 30 * 60
    expected = reference_open_minutes(spec, first_minute, count)
    minutes_ns = (np.arange(first_minute, first_minute + count, dtype=np.int64)) * MINUTE_NS
    assert is_open_ns(minutes_ns, calendar).tolist() == expected
    a = data.draw(st.integers(0, count - 1))
    b = data.draw(st.integers(a, count))
    start, end = (
        pd.Timestamp(minutes_ns[0] + a * MINUTE_NS, tz="UTC"),
        pd.Timestamp(minutes_ns[0] + b * MINUTE_NS, tz="UTC"),
    )
    assert business_seconds(start, end, calendar) == 60.0 * sum(expected[a:b])


def instants(spec: dict[str, object], data: st.DataObject, unit: int = 10**9) -> pd.Timestamp:
    """A random instant within three weeks of the zone's clock change, in ``unit`` steps."""
    center: pd.Timestamp = spec["center"]  # type: ignore[assignment]
    span = 21 * 86_400 * 10**9 // unit
    return pd.Timestamp((center.value // unit + data.draw(st.integers(-span, span))) * unit, tz="UTC")


@FAST
@given(calendars(), st.data())
def test_business_time_is_additive(case: tuple[BusinessCalendar, dict[str, object]], data: st.DataObject) -> None:
    calendar, spec = case
    a, b, c = (instants(spec, data) for _ in range(3))
    # whole seconds: every sum below is exact in floating point
    assert business_seconds(a, c, calendar) == business_seconds(a, b, calendar) + business_seconds(b, c, calendar)


@FAST
@given(calendars(), st.data())
def test_business_time_is_between_zero_and_wall_time_and_grows_with_the_end(
    case: tuple[BusinessCalendar, dict[str, object]], data: st.DataObject
) -> None:
    calendar, spec = case
    a, b, c = sorted(instants(spec, data, unit=1) for _ in range(3))
    ab, ac = business_seconds(a, b, calendar), business_seconds(a, c, calendar)
    assert 0 <= ab <= (b - a).value / 1e9
    assert ab <= ac


@FAST
@given(calendars(), st.data())
def test_the_deadline_is_the_inverse_of_business_time(
    case: tuple[BusinessCalendar, dict[str, object]], data: st.DataObject
) -> None:
    calendar, spec = case
    start = instants(spec, data, unit=1)  # any nanosecond
    amount_ns = data.draw(st.integers(0, 14 * 86_400 * 10**9))
    amount = amount_ns / 1e9
    due = business_deadline(start, amount, calendar)
    assert due >= start
    assert business_seconds(start, due, calendar) == amount
    if amount_ns:  # the earliest such instant: a nanosecond less is not enough
        assert business_seconds(start, due - pd.Timedelta(1, "ns"), calendar) < amount


@pytest.mark.parametrize(
    ("tz", "change"), [(tz, change) for tz, changes in TRANSITIONS.items() if tz != "UTC" for change in changes]
)
def test_every_quarter_hour_around_the_clock_changes(tz: str, change: str) -> None:
    # One interval a day starting at each quarter hour from 00:30 to 03:30,
    # 30 or 90 minutes long: starts and ends before, in and after the changed hour.
    first_minute = int(pd.Timestamp(change, tz="UTC").value // MINUTE_NS) - 6 * 60
    minutes_ns = np.arange(first_minute, first_minute + 12 * 60, dtype=np.int64) * MINUTE_NS
    for start in range(30, 211, 15):
        for length in (30, 90):
            schedule = ((start, start + length),)
            calendar = BusinessCalendar({"mon-sun": f"{clock(start)}-{clock(start + length)}"}, timezone=tz)
            spec = {"tz": tz, "weekly": [schedule] * 7, "closed": frozenset(), "open": frozenset()}
            expected = reference_open_minutes(spec, first_minute, 12 * 60)
            assert is_open_ns(minutes_ns, calendar).tolist() == expected, (start, length)


# -- the calendars of a loaded file -----------------------------------------------------------------

DOCS_CALENDARS = Path(__file__).resolve().parent.parent / "docs" / "calendars.md"


def test_a_files_calendar_counts_in_the_timezone_given() -> None:
    office = Calendar.model_validate({"hours": {"mon-fri": "09:00-17:00"}})
    made = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone=LJUBLJANA)
    start = pd.Series(pd.to_datetime(["2026-03-06 16:00", "2026-03-09 08:00"]))
    end = pd.Series(pd.to_datetime(["2026-03-09 10:00", "2026-03-09 09:30"]))
    # Fri 16-17 + Mon 9-10 = 2 h; Mon 9:00-9:30 = 30 min, on Ljubljana's wall clock
    assert business_seconds(start, end, office, timezone=LJUBLJANA).tolist() == [7200.0, 1800.0]
    assert (
        business_seconds(start, end, office, timezone=LJUBLJANA).tolist() == business_seconds(start, end, made).tolist()
    )
    assert business_deadline(pd.Timestamp("2026-03-06 16:00"), 8 * HOUR, office, timezone=LJUBLJANA) == pd.Timestamp(
        "2026-03-09 15:00", tz="UTC"
    )  # Mon 16:00 CET
    assert is_open(pd.Timestamp("2026-03-09 16:59"), office, timezone=LJUBLJANA) is True
    assert is_open(pd.Timestamp("2026-03-09 16:59", tz="UTC"), office, timezone=LJUBLJANA) is False  # 17:59 there


def test_a_files_calendar_with_its_own_timezone_keeps_it() -> None:
    new_york = Calendar.model_validate({"timezone": NEW_YORK, "hours": {"mon-fri": "09:00-17:00"}})
    nine_am = pd.Timestamp("2026-03-09 13:00", tz="UTC")  # 09:00 EDT (clocks went forward on March 8)
    assert is_open(nine_am, new_york) is True
    assert is_open(nine_am, new_york, timezone=LJUBLJANA) is True  # the calendar's own zone wins
    assert is_open(pd.Timestamp("2026-03-09 12:59", tz="UTC"), new_york) is False


def test_a_files_calendar_without_a_timezone_needs_one() -> None:
    office = Calendar.model_validate({"hours": {"mon-fri": "09:00-17:00"}})
    with pytest.raises(InvalidArgumentError, match=r"pass the file's, e\.g\. timezone=standard_set\.timezone"):
        is_open(pd.Timestamp("2026-03-09 10:00"), office)
    with pytest.raises(ValueError, match="sets no timezone of its own"):
        business_seconds(pd.Timestamp("2026-03-09"), pd.Timestamp("2026-03-10"), office)
    with pytest.raises(InvalidArgumentError):
        business_deadline(pd.Timestamp("2026-03-09"), 60, office)


def test_the_ns_primitives_take_a_files_calendar_too() -> None:
    office = Calendar.model_validate({"hours": {"mon-fri": "09:00-17:00"}})
    ns = pd.DatetimeIndex(["2026-03-06 15:00", "2026-03-09 09:00"], tz="UTC").as_unit("ns").asi8
    assert business_seconds_ns(ns[:1], ns[1:], office, timezone="UTC").tolist() == [7200.0]  # Fri 15-17
    assert is_open_ns(ns, office, timezone="UTC").tolist() == [True, True]
    due = business_deadline_ns(ns[:1], [7200.0], office, timezone="UTC")
    # two open hours from Fri 15:00 end at the close, Fri 17:00, not at Monday's opening
    assert pd.DatetimeIndex(due, tz="UTC")[0] == pd.Timestamp("2026-03-06 17:00", tz="UTC")


def test_something_else_as_a_calendar_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="expected a BusinessCalendar or a Calendar of a standards file, got dict"):
        is_open(pd.Timestamp("2026-03-09 10:00"), {"mon-fri": "09:00-17:00"})  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        business_calendar("office")  # type: ignore[arg-type]


def test_the_calendar_made_from_a_files_calendar_is_kept() -> None:
    office = Calendar.model_validate({"hours": {"mon-fri": "09:00-17:00"}})
    first = business_calendar(office, timezone=LJUBLJANA)
    assert business_calendar(office, timezone=LJUBLJANA) is first
    assert business_calendar(office, timezone=NEW_YORK).timezone == NEW_YORK
    assert first == BusinessCalendar.from_model(office, LJUBLJANA)


def test_a_loaded_files_calendar_with_holidays_and_open_dates() -> None:
    text = """\
version: 1
timezone: Europe/Ljubljana
calendars:
  office:
    hours: {mon-fri: "09:00-17:00"}
    holidays: {dates: [2026-03-09]}
    open: [2026-03-08]
standards:
  - {id: a, measure: {from: s, to: e, calendar: office}, within: 8h, floor: 90%}
"""
    standards = svcstandards.loads(text)
    office = standards.calendars["office"]
    # Sun 8 March is worked (9-17), Mon 9 March is closed: Sat noon to Tue 10:00 is 8 h + 1 h
    seconds = business_seconds(
        pd.Timestamp("2026-03-07 12:00"), pd.Timestamp("2026-03-10 10:00"), office, timezone=standards.timezone
    )
    assert seconds == 9 * HOUR


def test_the_calendars_page_examples_run() -> None:
    result = doctest.testfile(
        str(DOCS_CALENDARS), module_relative=False, optionflags=doctest.ELLIPSIS, encoding="utf-8", report=False
    )
    assert result.attempted >= 7
    assert result.failed == 0
