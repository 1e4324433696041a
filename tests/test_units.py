"""Durations and percentages: exact values, the way people write them, and clear errors."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcstandards.units import Duration, Percent, UnitError, format_number

SECOND = 10**9
TEN_YEARS_NS = 10 * 366 * 86_400 * SECOND


# -- Duration: parse and print ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "nanoseconds", "printed"),
    [
        ("90s", 90 * SECOND, "1m30s"),
        ("2m", 120 * SECOND, "2m"),
        ("1h30m", 5_400 * SECOND, "1h30m"),
        ("3d", 3 * 86_400 * SECOND, "3d"),
        ("1w", 7 * 86_400 * SECOND, "1w"),
        ("7d", 7 * 86_400 * SECOND, "1w"),  # whole weeks print as weeks
        ("8d", 8 * 86_400 * SECOND, "8d"),  # otherwise days, never "1w1d"
        ("PT2M", 120 * SECOND, "2m"),
        ("P1DT2H", 26 * 3_600 * SECOND, "1d2h"),
        ("P2W", 14 * 86_400 * SECOND, "2w"),
        ("1.5h", 5_400 * SECOND, "1h30m"),
        ("0.25s", 250_000_000, "0.25s"),
        ("1.000000001s", SECOND + 1, "1.000000001s"),
        ("1h 30m", 5_400 * SECOND, "1h30m"),
        (" 2m ", 120 * SECOND, "2m"),
        ("0s", 0, "0s"),
        ("PT0S", 0, "0s"),
    ],
)
def test_duration_parses_and_prints(text: str, nanoseconds: int, printed: str) -> None:
    duration = Duration.parse(text)
    assert duration.nanoseconds == nanoseconds
    assert str(duration) == printed
    assert repr(duration) == f"Duration('{printed}')"


def test_duration_from_timedelta_keeps_microseconds() -> None:
    duration = Duration.parse(dt.timedelta(minutes=2, seconds=3, microseconds=5))
    assert duration.nanoseconds == 123_000_005_000
    assert str(duration) == "2m3.000005s"
    assert duration.to_timedelta() == dt.timedelta(minutes=2, seconds=3, microseconds=5)


def test_duration_seconds_and_parse_of_a_duration() -> None:
    duration = Duration.parse("1h30m")
    assert duration.seconds == 5400.0
    assert Duration.parse(duration) is duration


def test_duration_constructor_takes_whole_nanoseconds_only() -> None:
    with pytest.raises(TypeError, match=r"use Duration\.parse"):
        Duration(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Duration(True)


# -- Duration: errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "message", "hint"),
    [
        (
            120,
            "duration_unit_missing",
            "a bare number (120) is not a duration: it needs a unit",
            "write 120s or 2m",
        ),
        (
            90,
            "duration_unit_missing",
            "a bare number (90) is not a duration: it needs a unit",
            "write 90s",  # 90 is not whole minutes, so no "or ...m"
        ),
        (
            "120",
            "duration_unit_missing",
            "'120' is not a duration: it needs a unit",
            "write 120s or 2m",
        ),
        ("2 mins", "duration_unit", "unknown unit 'mins' in '2 mins'", "write 2m"),
        ("2M", "duration_unit", "unknown unit 'M' in '2M'", "units are lower case: write 2m"),
        ("2x", "duration_unit", "unknown unit 'x' in '2x'", "units are w, d, h, m and s, e.g. 1h30m"),
        (
            "P1M",
            "duration_format",
            "'P1M' is not an ISO 8601 duration",
            "years and months have no fixed length: write days (P30D) or weeks",
        ),
        (
            "P1Y",
            "duration_format",
            "'P1Y' is not an ISO 8601 duration",
            "years and months have no fixed length: write days (P30D) or weeks",
        ),
        (
            "PT",
            "duration_format",
            "'PT' is not an ISO 8601 duration",
            "ISO 8601 durations look like PT2M, PT1H30M or P3D",
        ),
        (
            "1h1h",
            "duration_format",
            "units out of order or repeated in '1h1h'",
            "write the units largest first, each once: 1d2h30m",
        ),
        (
            "30m1h",
            "duration_format",
            "units out of order or repeated in '30m1h'",
            "write the units largest first, each once: 1d2h30m",
        ),
        (
            "-5s",
            "duration_format",
            "'-5s' is not a duration",
            "write a number with a unit: 90s, 2m, 1h30m, 3d, 1w, or ISO 8601 such as PT2M",
        ),
        ("", "duration_format", "empty duration", "write 90s, 2m, 1h30m"),
        (
            "0.0000000001s",
            "duration_format",
            "'0.0000000001s' is finer than a nanosecond",
            "round it to whole nanoseconds",
        ),
        (
            dt.timedelta(seconds=-1),
            "duration_negative",
            "a duration cannot be negative",
            "",
        ),
        (
            True,
            "duration_type",
            "expected a duration such as 2m or 90s, got True",
            "write a number with a unit: 90s, 2m, 1h30m",
        ),
        (
            None,
            "duration_type",
            "expected a duration such as 2m or 90s, got None",
            "write a number with a unit: 90s, 2m, 1h30m",
        ),
    ],
)
def test_duration_errors_say_what_to_write(value: object, code: str, message: str, hint: str) -> None:
    with pytest.raises(UnitError) as caught:
        Duration.parse(value)
    assert (caught.value.code, caught.value.message, caught.value.hint) == (code, message, hint)
    assert str(caught.value) == (f"{message} ({hint})" if hint else message)


def test_a_unit_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"write 120s or 2m"):
        Duration.parse(120)


def test_negative_nanoseconds_are_refused() -> None:
    with pytest.raises(UnitError, match="a duration cannot be negative"):
        Duration(-1)


# -- Percent: parse and print ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fraction", "printed"),
    [
        ("90%", Fraction(9, 10), "90%"),
        (" 90 % ", Fraction(9, 10), "90%"),
        ("92.5%", Fraction(37, 40), "92.5%"),
        (0.9, Fraction(9, 10), "90%"),
        (0.925, Fraction(37, 40), "92.5%"),  # exact: no binary float rounding
        ("0.9", Fraction(9, 10), "90%"),
        (1, Fraction(1), "100%"),
        (0, Fraction(0), "0%"),
        ("100%", Fraction(1), "100%"),
        ("0%", Fraction(0), "0%"),
        (Fraction(1, 8), Fraction(1, 8), "12.5%"),
    ],
)
def test_percent_parses_and_prints(value: object, fraction: Fraction, printed: str) -> None:
    percent = Percent.parse(value)
    assert percent.fraction == fraction
    assert str(percent) == printed
    assert repr(percent) == f"Percent('{printed}')"


def test_percent_float_is_the_share() -> None:
    assert float(Percent.parse("92.5%")) == 0.925


@pytest.mark.parametrize(
    ("value", "code", "message", "hint"),
    [
        (90, "percent_bare_number", "a bare number above 1 (90) is not a share", "write 90% or 0.9"),
        (90.0, "percent_bare_number", "a bare number above 1 (90) is not a share", "write 90% or 0.9"),
        ("90", "percent_bare_number", "a bare number above 1 (90) is not a share", "write 90% or 0.9"),
        (1.5, "percent_bare_number", "a bare number above 1 (1.5) is not a share", "write 1.5% or 0.015"),
        ("abc", "percent_format", "'abc' is not a percentage", "write 90% or 0.9"),
        ("-10%", "percent_format", "'-10%' is not a percentage", "write 90% or 0.9"),
        (-0.1, "percent_range", "-0.1 is negative", "a share is between 0% and 100%"),
        ("120%", "percent_range", "120% is outside 0% to 100%", "a share is between 0% and 100%"),
        (True, "percent_type", "expected a percentage such as 90%, got True", "write 90% or 0.9"),
        (None, "percent_type", "expected a percentage such as 90%, got None", "write 90% or 0.9"),
        ([90], "percent_type", "expected a percentage such as 90%, got list", "write 90% or 0.9"),
        (float("inf"), "percent_format", "inf is not a percentage", "write 90% or 0.9"),
        (float("nan"), "percent_format", "nan is not a percentage", "write 90% or 0.9"),
        ("inf", "percent_format", "'inf' is not a percentage", "write 90% or 0.9"),
    ],
)
def test_percent_errors_say_what_to_write(value: object, code: str, message: str, hint: str) -> None:
    with pytest.raises(UnitError) as caught:
        Percent.parse(value)
    assert (caught.value.code, caught.value.message, caught.value.hint) == (code, message, hint)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Fraction(5, 2), "2.5"),
        (Fraction(-7, 4), "-1.75"),
        (2, "2"),
        (0.1, "0.1"),
        (Fraction(0), "0"),
        # more digits than the default decimal precision of 28, still exact
        (Fraction(123456789012345678901234567891, 10**28), "12.3456789012345678901234567891"),
    ],
)
def test_format_number_is_exact(value: Fraction | int | float, printed: str) -> None:
    assert format_number(value) == printed


# -- laws ----------------------------------------------------------------------------

durations = st.integers(min_value=0, max_value=TEN_YEARS_NS).map(Duration)
percents = st.integers(min_value=0, max_value=40).flatmap(
    lambda j: st.integers(min_value=0, max_value=10**j).map(lambda k: Percent(Fraction(k, 10**j)))
)


@given(durations)
def test_duration_prints_what_it_parses(duration: Duration) -> None:
    assert Duration.parse(str(duration)) == duration


@given(durations)
def test_duration_through_iso_text(duration: Duration) -> None:
    # PT<seconds>S is an ISO 8601 spelling of the same length
    seconds = format_number(Fraction(duration.nanoseconds, SECOND))
    assert Duration.parse(f"PT{seconds}S") == duration


@given(percents)
def test_percent_prints_what_it_parses(percent: Percent) -> None:
    assert Percent.parse(str(percent)) == percent


@given(st.integers(min_value=0, max_value=TEN_YEARS_NS), st.integers(min_value=0, max_value=TEN_YEARS_NS))
def test_duration_order_follows_nanoseconds(a: int, b: int) -> None:
    x, y = Duration(a), Duration(b)
    assert (x < y, x <= y, x == y, x >= y, x > y) == (a < b, a <= b, a == b, a >= b, a > b)
    if a == b:
        assert hash(x) == hash(y)


@given(percents, percents)
def test_percent_order_follows_the_fraction(p: Percent, q: Percent) -> None:
    a, b = p.fraction, q.fraction
    assert (p < q, p <= q, p == q, p >= q, p > q) == (a < b, a <= b, a == b, a >= b, a > b)


def test_durations_and_percents_do_not_compare_with_plain_numbers() -> None:
    assert Duration.parse("2m") != 120
    assert Percent.parse("90%") != 0.9
    with pytest.raises(TypeError):
        _ = Duration.parse("2m") < 120  # type: ignore[operator]
