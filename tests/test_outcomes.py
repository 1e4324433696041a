"""The outcome column: six outcome codes, and the per-row arrays of one standard with their deadlines."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcstandards.calendars import BusinessCalendar
from svcstandards.engines.outcomes import (
    EXCLUDED,
    INVALID,
    MET,
    MISSED,
    OUT_OF_SCOPE,
    OUTCOMES,
    PENDING,
    RowOutcomes,
)

NAT = np.iinfo(np.int64).min
LJUBLJANA = "Europe/Ljubljana"
LAW = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def utc(*texts: str | None) -> np.ndarray:
    return np.array([NAT if t is None else pd.Timestamp(t, tz="UTC").value for t in texts], dtype=np.int64)


def rows(start: np.ndarray | None, high: list[float], calendar: BusinessCalendar | None = None) -> RowOutcomes:
    n = len(high)
    return RowOutcomes(
        outcome=np.full(n, PENDING, dtype=np.int8),
        measured=np.full(n, np.nan),
        low=np.full(n, np.nan),
        high=np.array(high, dtype=np.float64),
        duration=True,
        start=start,
        business_calendar=calendar,
    )


# -- the codes --------------------------------------------------------------------------------------


def test_the_six_outcomes_and_their_codes() -> None:
    assert OUTCOMES == ("met", "missed", "pending", "excluded", "invalid", "out_of_scope")
    assert (MET, MISSED, PENDING, EXCLUDED, INVALID, OUT_OF_SCOPE) == (0, 1, 2, 3, 4, 5)
    assert [OUTCOMES[code] for code in (MET, MISSED, PENDING, EXCLUDED, INVALID, OUT_OF_SCOPE)] == list(OUTCOMES)


def test_codes_fit_int8_and_name_the_outcomes_of_an_array() -> None:
    codes = np.array([OUT_OF_SCOPE, MET, INVALID], dtype=np.int8)
    assert np.asarray(OUTCOMES, dtype=object)[codes].tolist() == ["out_of_scope", "met", "invalid"]


def test_row_outcomes_defaults() -> None:
    result = RowOutcomes(np.array([MET], dtype=np.int8), np.array([3.0]), np.array([np.nan]), np.array([20.0]), True)
    assert (result.start, result.calendar, result.as_of, result.business_calendar) == (None, None, None, None)


# -- deadlines ------------------------------------------------------------------------------------------


def test_without_a_start_there_are_no_deadlines() -> None:
    deadlines = rows(None, [20.0, 20.0, 20.0]).deadlines(np.array([True, False, True]))
    assert deadlines.dtype == np.int64
    assert deadlines.tolist() == [NAT, NAT]  # one per row of the mask


def test_a_deadline_is_the_start_plus_the_upper_limit() -> None:
    start = utc("2026-03-02 09:00", "2026-03-02 09:00", "2026-03-29 00:30", "2026-03-02 09:00")
    # 20 s; half a second; an hour across the clock change (instants in UTC: 01:30 UTC); 1.6 ns rounds to 2 ns
    result = rows(start, [20.0, 0.5, 3600.0, 1.6e-9])
    assert result.deadlines(np.ones(4, dtype=bool)).tolist() == [
        *utc("2026-03-02 09:00:20", "2026-03-02 09:00:00.5", "2026-03-29 01:30"),
        utc("2026-03-02 09:00")[0] + 2,
    ]


def test_no_start_or_no_limit_means_no_deadline() -> None:
    result = rows(utc(None, "2026-03-02 09:00", "2026-03-02 09:00"), [20.0, np.nan, 60.0])
    assert result.deadlines(np.ones(3, dtype=bool)).tolist() == [NAT, NAT, *utc("2026-03-02 09:01")]


def test_deadlines_of_the_rows_in_the_mask_in_order() -> None:
    result = rows(utc("2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 11:00"), [60.0, 60.0, 60.0])
    assert (
        result.deadlines(np.array([False, True, True])).tolist() == utc("2026-03-02 10:01", "2026-03-02 11:01").tolist()
    )
    assert result.deadlines(np.zeros(3, dtype=bool)).tolist() == []


def test_on_a_calendar_the_limit_is_counted_in_open_hours() -> None:
    office = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone=LJUBLJANA)
    # Friday 27 March 16:00 CET (15:00 UTC) + 2 open hours: 16:00-17:00 on Friday, then 09:00-10:00 on
    # Monday 30 March, after the clocks went forward: 10:00 CEST = 08:00 UTC
    result = rows(utc("2026-03-27 15:00", None, "2026-03-27 15:00"), [7200.0, 7200.0, np.nan], office)
    assert result.deadlines(np.ones(3, dtype=bool)).tolist() == [*utc("2026-03-30 08:00"), NAT, NAT]


def test_a_deadline_beyond_the_nanosecond_range_does_not_wrap_around() -> None:
    start = utc("2261-12-31")
    (deadline,) = rows(start, [36_525 * 86_400.0]).deadlines(np.array([True]))  # 100 years, the longest duration
    assert deadline == NAT or deadline >= start[0]


def test_deadlines_end_before_2262_like_business_deadlines() -> None:
    # one day after 2261-12-30 is kept; one day after 2261-12-31 is 2262-01-01, which some time zones cannot show
    start = utc("2261-12-30", "2261-12-31", "2261-12-31")
    deadlines = rows(start, [86_400.0, 86_400.0, 86_399.0]).deadlines(np.ones(3, dtype=bool))
    assert deadlines.tolist() == [*utc("2261-12-31"), NAT, *utc("2261-12-31 23:59:59")]


starts = st.integers(min_value=int(utc("1990-01-01")[0]), max_value=int(utc("2100-01-01")[0])) | st.just(NAT)
limits = st.floats(min_value=0, max_value=30 * 86_400, allow_nan=False) | st.just(float("nan"))
cases = st.lists(st.tuples(starts, limits, st.booleans()), max_size=20)


@LAW
@given(cases)
def test_the_deadline_of_a_row_does_not_depend_on_the_other_rows(case: list[tuple[int, float, bool]]) -> None:
    start = np.array([s for s, _, _ in case], dtype=np.int64)
    high = [h for _, h, _ in case]
    mask = np.array([m for _, _, m in case], dtype=bool)
    result = rows(start, high)
    every = result.deadlines(np.ones(len(case), dtype=bool))
    assert result.deadlines(mask).tolist() == every[mask].tolist()
    missing = (start == NAT) | np.isnan(high)
    assert (every[missing] == NAT).all()
    expected = start[~missing] + np.round(np.array(high)[~missing] * 1e9).astype(np.int64)
    assert every[~missing].tolist() == expected.tolist()


OFFICE = BusinessCalendar({"mon-fri": "09:00-17:00", "sat": "10:00-12:00"}, timezone=LJUBLJANA)


@LAW
@given(cases)
def test_open_time_runs_out_no_sooner_than_wall_time(case: list[tuple[int, float, bool]]) -> None:
    start = np.array([s for s, _, _ in case], dtype=np.int64)
    high = np.array([h for _, h, _ in case], dtype=np.float64)
    mask = np.array([m for _, _, m in case], dtype=bool)
    result = rows(start, high.tolist(), OFFICE)
    every = result.deadlines(np.ones(len(case), dtype=bool))
    assert result.deadlines(mask).tolist() == every[mask].tolist()
    missing = (start == NAT) | np.isnan(high)
    assert (every[missing] == NAT).all()
    # an hour of open time takes at least an hour of wall time
    wall = start[~missing] + np.round(high[~missing] * 1e9).astype(np.int64)
    assert (every[~missing] >= wall).all()
