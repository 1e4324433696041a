"""The data as one evaluation sees it: timestamps as int64 ns UTC, numbers, flags, and the problems of each column.

Times in the comments are worked out by hand from the clock changes of 2026:
Europe/Ljubljana goes from +01:00 to +02:00 on 29 March at 01:00 UTC (02:00 local
becomes 03:00) and back on 25 October at 01:00 UTC (03:00 local becomes 02:00);
America/New_York goes from -05:00 to -04:00 on 8 March at 07:00 UTC and back on
1 November at 06:00 UTC (02:00 local becomes 01:00).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcstandards.engines._columns import (
    COLUMN_RANGE,
    LINES_ATTR,
    NAT,
    TIMESTAMP_RANGE,
    Columns,
    as_scalar_ns,
    beyond_ns_range,
    localize_ns,
    seconds_between,
    stamps_from_ns,
)
from svcstandards.errors import DataProblem

LJUBLJANA = "Europe/Ljubljana"
NEW_YORK = "America/New_York"
HOUR = 3600 * 10**9
LAW = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def utc(*texts: str | None) -> np.ndarray:
    """Int64 ns of UTC wall-clock texts (``None`` -> ``NAT``)."""
    return np.array([NAT if t is None else pd.Timestamp(t, tz="UTC").value for t in texts], dtype=np.int64)


def naive(*texts: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)))


def columns_of(timezone: str = "UTC", **data: pd.Series) -> Columns:
    return Columns(pd.DataFrame(data), {}, timezone)


def codes(columns: Columns) -> list[tuple[str, str, str]]:
    return [(p.standard, p.column, p.code) for p in columns.problems]


# -- constants -------------------------------------------------------------------------------------


def test_nat_is_the_smallest_int64() -> None:
    assert NAT == -(2**63)
    assert np.datetime64("NaT").astype(np.int64) == NAT


def test_the_ranges_in_messages() -> None:
    assert TIMESTAMP_RANGE == "1677-09-21..2262-04-11"
    assert COLUMN_RANGE == "1678-01-01..2261-12-31"


# -- seconds_between ---------------------------------------------------------------------------------


def test_seconds_between_is_end_minus_start_in_seconds() -> None:
    start = utc("2026-03-02 09:00:00", "2026-03-02 09:00:00", "2026-03-02 09:00:30")
    end = utc("2026-03-02 09:00:20", "2026-03-02 09:00:00.5", "2026-03-02 09:00:00")
    assert seconds_between(start, end).tolist() == [20.0, 0.5, -30.0]
    assert seconds_between(start, end).dtype == np.float64


def test_seconds_between_instants_either_side_of_the_epoch() -> None:
    # -1 ns is 1969-12-31 23:59:59.999999999: floor division gives -1 s and 999,999,999 ns,
    # so 1 whole second less 0.999999998 s: 2 ns up to float rounding (5e-17 s here)
    assert seconds_between(np.array([-1]), np.array([1])).tolist() == [pytest.approx(2e-9, abs=1e-16)]
    assert seconds_between(np.array([-(10**9) - 1]), np.array([0])).tolist() == [pytest.approx(1.000000001, abs=1e-15)]


def test_seconds_between_spans_longer_than_292_years_do_not_wrap_around() -> None:
    start, end = utc("1678-01-01"), utc("2261-12-31")
    # int64 ns subtraction would overflow: the span is more than 2**63 ns (292.3 years); Python ints do not
    exact = (int(end[0]) - int(start[0])) / 1e9
    assert int(end[0]) - int(start[0]) > 2**63
    assert seconds_between(start, end).tolist() == [pytest.approx(exact, rel=1e-15)]
    assert seconds_between(end, start).tolist() == [pytest.approx(-exact, rel=1e-15)]


def test_seconds_between_empty_arrays() -> None:
    out = seconds_between(np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert out.shape == (0,)
    assert out.dtype == np.float64


instants = st.integers(min_value=int(utc("1678-01-01")[0]), max_value=int(utc("2261-12-31")[0]))


@LAW
@given(instants, instants)
def test_seconds_between_is_antisymmetric(a: int, b: int) -> None:
    forward = seconds_between(np.array([a]), np.array([b]))
    backward = seconds_between(np.array([b]), np.array([a]))
    assert forward.tolist() == (-backward).tolist()


@LAW
@given(instants, instants)
def test_seconds_between_is_the_exact_difference_to_float_precision(a: int, b: int) -> None:
    got = float(seconds_between(np.array([a]), np.array([b]))[0])
    assert math.isclose(got, (b - a) / 1e9, rel_tol=1e-15, abs_tol=1e-12)
    assert (got > 0) == (b > a)
    assert (got == 0) == (b == a)


@LAW
@given(instants, instants, instants)
def test_seconds_between_is_additive(a: int, b: int, c: int) -> None:
    ab, bc, ac = (seconds_between(np.array([x]), np.array([y]))[0] for x, y in ((a, b), (b, c), (a, c)))
    # each term is rounded once to float64 (about 2e-6 s at 292 years); the sum is exact up to that
    assert math.isclose(ab + bc, ac, rel_tol=0, abs_tol=1e-5)


# -- localize_ns and stamps_from_ns ---------------------------------------------------------------------


def test_naive_times_are_wall_clock_times_in_the_zone() -> None:
    values = naive("2026-01-15 09:00", "2026-07-15 09:00", None)
    assert localize_ns(values, "UTC").tolist() == utc("2026-01-15 09:00", "2026-07-15 09:00", None).tolist()
    # Ljubljana: +01:00 in January, +02:00 in July
    assert localize_ns(values, LJUBLJANA).tolist() == utc("2026-01-15 08:00", "2026-07-15 07:00", None).tolist()
    # New York: -05:00 in January, -04:00 in July
    assert localize_ns(values, NEW_YORK).tolist() == utc("2026-01-15 14:00", "2026-07-15 13:00", None).tolist()


@pytest.mark.parametrize(
    ("timezone", "wall", "expected"),
    [
        # the skipped hour moves forward to the first valid instant: 03:00 CEST = 01:00 UTC
        (LJUBLJANA, "2026-03-29 02:30", "2026-03-29 01:00"),
        (LJUBLJANA, "2026-03-29 02:00", "2026-03-29 01:00"),
        (LJUBLJANA, "2026-03-29 01:59:59.999999999", "2026-03-29 00:59:59.999999999"),  # just before the gap
        # the repeated hour is read as its first occurrence, still on summer time: 02:30 CEST = 00:30 UTC
        (LJUBLJANA, "2026-10-25 02:30", "2026-10-25 00:30"),
        (LJUBLJANA, "2026-10-25 03:00", "2026-10-25 02:00"),  # after the fold: 03:00 CET
        # New York: 02:30 does not exist on 8 March -> 03:00 EDT = 07:00 UTC
        (NEW_YORK, "2026-03-08 02:30", "2026-03-08 07:00"),
        # 01:30 happens twice on 1 November: the first, 01:30 EDT = 05:30 UTC
        (NEW_YORK, "2026-11-01 01:30", "2026-11-01 05:30"),
    ],
)
def test_naive_times_across_clock_changes(timezone: str, wall: str, expected: str) -> None:
    assert localize_ns(naive(wall), timezone).tolist() == utc(expected).tolist()


def test_aware_times_keep_their_instant_whatever_the_zone() -> None:
    values = pd.Series(pd.to_datetime(["2026-03-02T09:15:00+01:00", "2026-10-25T02:30:00+01:00"], utc=True))
    expected = utc("2026-03-02 08:15", "2026-10-25 01:30").tolist()
    for zone in ("UTC", LJUBLJANA, NEW_YORK):
        assert localize_ns(values, zone).tolist() == expected
        assert localize_ns(values.dt.tz_convert(NEW_YORK), zone).tolist() == expected


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_every_unit_becomes_nanoseconds(unit: str) -> None:
    values = naive("2026-03-02 09:15:00", None).dt.as_unit(unit)
    assert localize_ns(values, LJUBLJANA).tolist() == utc("2026-03-02 08:15", None).tolist()


def test_localize_an_empty_series() -> None:
    out = localize_ns(pd.Series([], dtype="datetime64[ns]"), LJUBLJANA)
    assert out.dtype == np.int64
    assert out.shape == (0,)


def test_stamps_from_ns_are_aware_timestamps_in_the_zone() -> None:
    stamps = stamps_from_ns(utc("2026-03-29 00:30", "2026-03-29 01:30", None), LJUBLJANA)
    assert str(stamps.dtype) == "datetime64[ns, Europe/Ljubljana]"
    # 00:30 UTC is 01:30 CET; an hour later the clock has jumped: 03:30 CEST
    assert [str(s) for s in stamps] == ["2026-03-29 01:30:00+01:00", "2026-03-29 03:30:00+02:00", "NaT"]


def test_stamps_from_ns_of_nothing_and_of_lists() -> None:
    assert len(stamps_from_ns(np.array([], dtype=np.int64), NEW_YORK)) == 0
    assert [str(s) for s in stamps_from_ns([0], NEW_YORK)] == ["1969-12-31 19:00:00-05:00"]  # type: ignore[arg-type]


def test_the_edges_of_the_nanosecond_range_survive_a_round_trip() -> None:
    edges = utc("1678-01-01", "2261-12-31 23:59:59.999999999")
    for zone in ("UTC", LJUBLJANA, NEW_YORK):
        assert localize_ns(pd.Series(stamps_from_ns(edges, zone)), zone).tolist() == edges.tolist()


# clock changes of both zones, and times within three hours of them
TRANSITIONS = utc(
    "2026-03-29 01:00",
    "2026-10-25 01:00",
    "2026-03-08 07:00",
    "2026-11-01 06:00",
    "1990-03-25 01:00",
    "2200-10-26 01:00",
)
near_changes = st.builds(
    lambda at, offset: at + offset,
    st.sampled_from(TRANSITIONS.tolist()),
    st.integers(min_value=-3 * HOUR, max_value=3 * HOUR),
)
some_instants = st.lists(near_changes | instants, min_size=0, max_size=8)
zones = st.sampled_from([LJUBLJANA, NEW_YORK, "UTC"])


@LAW
@given(some_instants, zones, st.booleans())
def test_aware_stamps_come_back_to_the_same_instant(values: list[int], zone: str, with_nat: bool) -> None:
    ns = np.array([*values, NAT] if with_nat else values, dtype=np.int64)
    assert localize_ns(pd.Series(stamps_from_ns(ns, zone)), zone).tolist() == ns.tolist()


@LAW
@given(some_instants, zones)
def test_a_wall_clock_time_comes_back_as_its_first_occurrence(values: list[int], zone: str) -> None:
    ns = np.array(values, dtype=np.int64)
    wall = pd.Series(stamps_from_ns(ns, zone).tz_localize(None))
    back = localize_ns(wall, zone)
    # the same instant, or (in the repeated hour) the instant an hour earlier with the same wall clock
    assert np.all((back == ns) | (ns - back == HOUR))
    assert stamps_from_ns(back, zone).tz_localize(None).equals(pd.DatetimeIndex(wall))


walls = st.builds(
    lambda at, offset: pd.Timestamp(at) + pd.Timedelta(offset),
    st.sampled_from(["2026-03-29 02:00", "2026-10-25 02:00", "2026-03-08 02:00", "2026-11-01 01:00", "2026-06-01"]),
    st.integers(min_value=-2 * HOUR, max_value=2 * HOUR),
)


@LAW
@given(st.lists(walls, min_size=1, max_size=8), st.sampled_from([LJUBLJANA, NEW_YORK]))
def test_a_wall_clock_time_in_the_gap_moves_forward_to_the_end_of_the_gap(
    values: list[pd.Timestamp], zone: str
) -> None:
    wall = pd.Series(pd.DatetimeIndex(values).as_unit("ns"))
    again = stamps_from_ns(localize_ns(wall, zone), zone).tz_localize(None)
    moved = again != pd.DatetimeIndex(wall)
    # a time that does not exist reads as 03:00 exactly, less than an hour after it
    assert (again[moved] > pd.DatetimeIndex(wall)[moved]).all()
    assert ((again[moved] - pd.DatetimeIndex(wall)[moved]) <= pd.Timedelta(hours=1)).all()
    assert all(t.hour == 3 and t.minute == 0 and t.second == 0 and t.nanosecond == 0 for t in again[moved])


# -- pyarrow-backed timestamps ---------------------------------------------------------------------------


def test_a_pyarrow_naive_timestamp_column_in_utc() -> None:
    pytest.importorskip("pyarrow")
    values = naive("2026-03-02 09:15", None).astype("timestamp[ns][pyarrow]")
    assert localize_ns(values, "UTC").tolist() == utc("2026-03-02 09:15", None).tolist()


def test_a_pyarrow_naive_timestamp_column_in_a_zone_with_clock_changes() -> None:
    pytest.importorskip("pyarrow")
    values = naive("2026-10-25 02:30", None).astype("timestamp[ns][pyarrow]")
    assert localize_ns(values, LJUBLJANA).tolist() == utc("2026-10-25 00:30", None).tolist()


@pytest.mark.parametrize("zone", ["UTC", LJUBLJANA])
def test_a_pyarrow_aware_timestamp_column(zone: str) -> None:
    pytest.importorskip("pyarrow")
    values = pd.Series(pd.to_datetime(["2026-03-02T09:15Z", None], utc=True)).astype("timestamp[ns, tz=UTC][pyarrow]")
    columns = columns_of(zone, t=values)
    assert columns.timestamps("s", "t") is not None
    assert columns.timestamps("s", "t").tolist() == utc("2026-03-02 09:15", None).tolist()  # type: ignore[union-attr]


# -- as_scalar_ns and beyond_ns_range --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "timezone", "expected"),
    [
        ("2026-03-01", "UTC", "2026-03-01 00:00"),
        ("2026-03-01", LJUBLJANA, "2026-02-28 23:00"),  # midnight CET
        (dt.date(2026, 7, 1), LJUBLJANA, "2026-06-30 22:00"),  # midnight CEST
        (dt.datetime(2026, 3, 1, 9, 0), NEW_YORK, "2026-03-01 14:00"),
        ("2026-03-01T09:00:00+01:00", NEW_YORK, "2026-03-01 08:00"),  # an offset wins over the zone
        ("2026-03-29 02:30", LJUBLJANA, "2026-03-29 01:00"),  # in the gap: moves forward
        ("2026-10-25 02:30", LJUBLJANA, "2026-10-25 00:30"),  # in the fold: the first occurrence
        (pd.Timestamp("2026-03-01 09:00", tz=LJUBLJANA), "UTC", "2026-03-01 08:00"),
    ],
)
def test_a_matcher_value_as_nanoseconds_utc(value: object, timezone: str, expected: str) -> None:
    assert as_scalar_ns(value, timezone) == utc(expected)[0]


@pytest.mark.parametrize("value", [None, float("nan"), pd.NaT, np.datetime64("NaT"), "not a date", True, "1600-01-01"])
def test_a_matcher_value_that_is_no_usable_timestamp_is_none(value: object) -> None:
    assert as_scalar_ns(value, LJUBLJANA) is None


@pytest.mark.parametrize("value", [2026, 2026.5, 20260301])
def test_a_number_is_not_a_timestamp_to_compare_with(value: object) -> None:
    assert as_scalar_ns(value, "UTC") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1600-01-01", True),
        (dt.date(3000, 1, 1), True),
        ("2262-04-12", True),
        ("2262-04-11", False),
        ("1677-09-22", False),
        ("1677-09-21 00:00", True),  # pandas' first nanosecond timestamp is 1677-09-21 00:12:43
        ("2262-04-11T23:00:00-05:00", True),  # 2262-04-12 04:00 UTC
        ("2026-03-01", False),
        ("not a date", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_beyond_the_nanosecond_range(value: object, expected: bool) -> None:
    assert beyond_ns_range(value) is expected


# -- Columns: names, memo, problems ------------------------------------------------------------------------


def test_names_of_the_file_are_mapped_to_data_columns() -> None:
    columns = Columns(pd.DataFrame({"call_start": [1, 2, 3]}), {"offered_at": "call_start"}, "UTC")
    assert len(columns) == 3
    assert columns.name("offered_at") == "call_start"
    assert columns.name("answered_at") == "answered_at"
    assert columns.series("s", "offered_at").tolist() == [1, 2, 3]  # type: ignore[union-attr]


def test_memo_computes_once_per_key() -> None:
    columns = columns_of(a=pd.Series([1]))
    calls: list[str] = []
    assert columns.memo("k", lambda: calls.append("x") or 1) == 1
    assert columns.memo("k", lambda: calls.append("y") or 2) == 1
    assert calls == ["x"]


def test_a_missing_column_is_one_problem_per_standard_with_a_hint() -> None:
    columns = Columns(pd.DataFrame({"answered_at": [1]}), {"offered_at": "call_start"}, "UTC")
    assert columns.series("a", "answerd_at") is None
    assert columns.series("a", "answerd_at") is None  # asked again: not reported again
    assert columns.series("b", "offered_at") is None
    assert columns.problems == [
        DataProblem("a", "answerd_at", "not found in the data", "did you mean 'answered_at'?", "column_missing"),
        DataProblem(
            "b",
            "call_start",
            "not found in the data (mapped from the file's 'offered_at')",
            "map it with columns={'offered_at': '<your column>'} or the file's columns: section",
            "column_missing",
        ),
    ]


def test_a_duplicated_column_is_one_problem_naming_every_standard() -> None:
    data = pd.DataFrame([[1, 2]], columns=["x", "x"])
    columns = Columns(data, {}, "UTC")
    assert columns.series("a", "x") is None
    assert [(p.standard, p.code, p.message) for p in columns.problems] == [
        ("a", "column_duplicate", "the data has 2 columns named 'x'")
    ]
    assert columns.numbers("b", "x") is None
    assert columns.series("a", "x") is None
    (problem,) = columns.problems
    assert (problem.standard, problem.column, problem.message) == (
        "",
        "x",
        "used by a, b: the data has 2 columns named 'x'",
    )
    assert columns.failure_code("x") == "column_duplicate"
    assert columns.failure_code("y") is None


def test_a_name_that_is_a_group_of_columns() -> None:
    data = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("x", "a"), ("x", "b")]))
    columns = Columns(data, {}, "UTC")
    assert columns.series("s", "x") is None
    assert [(p.code, p.message) for p in columns.problems] == [
        (
            "column_not_single",
            "'x' names a group of 2 columns (the column names have several levels), not one column",
        )
    ]


def test_problem_is_reported_once_per_standard_column_and_code() -> None:
    columns = columns_of()
    columns.problem("s", "c", "first")
    columns.problem("s", "c", "again")
    columns.problem("s", "c", "other code", code="where_value")
    columns.problem("t", "c", "other standard")
    assert [(p.standard, p.message, p.code) for p in columns.problems] == [
        ("s", "first", "invalid_data"),
        ("s", "other code", "where_value"),
        ("t", "other standard", "invalid_data"),
    ]


def test_note_keeps_each_problem_once_as_a_warning_or_an_error() -> None:
    columns = columns_of()
    warning, error = DataProblem("s", "c", "w"), DataProblem("s", "c", "e")
    columns.note(warning, warning=True)
    columns.note(warning, warning=True)
    columns.note(error, warning=False)
    assert (columns.warnings, columns.problems) == ([warning], [error])


def test_rows_are_named_by_line_when_the_frame_comes_from_a_file() -> None:
    data = pd.DataFrame({"x": [1, 2, 3]})
    data.attrs[LINES_ATTR] = {"source": "calls.csv", "first": 2, "rows": 3}
    assert Columns(data, {}, "UTC").row_names(np.array([0, 2])) == ["line 2", "line 4"]
    # once rows are filtered or reordered, lines no longer match: rows by position
    assert Columns(data.iloc[1:], {}, "UTC").row_names(np.array([0])) == ["row 0"]
    assert Columns(data.iloc[::-1], {}, "UTC").row_names(np.array([0])) == ["row 0"]
    assert Columns(pd.DataFrame({"x": [1]}), {}, "UTC").row_names(np.array([0])) == ["row 0"]


def test_described_quotes_the_first_three_values() -> None:
    columns = columns_of()
    values = pd.Series(["a", "b", None, "c", "d", "e"], dtype=object)
    mask = np.array([True, True, False, True, True, False])
    # 5 values present, 4 marked, 3 quoted
    assert (
        columns.described(values, mask, ("odd", "odd"))
        == "4 of 5 values are odd: 'a' (row 0), 'b' (row 1), 'c' (row 3), ..."
    )
    assert columns.described(values, mask & [False, True, False, False, False, False], ("a B", "Bs")) == (
        "1 of 5 values is a B: 'b' (row 1)"
    )


# -- Columns.timestamps ------------------------------------------------------------------------------------


def test_timestamps_of_datetime_columns() -> None:
    columns = columns_of(
        LJUBLJANA, n=naive("2026-01-15 09:00", None), a=naive("2026-01-15 09:00", None).dt.tz_localize("UTC")
    )
    assert columns.timestamps("s", "n").tolist() == utc("2026-01-15 08:00", None).tolist()  # type: ignore[union-attr]
    assert columns.timestamps("s", "a").tolist() == utc("2026-01-15 09:00", None).tolist()  # type: ignore[union-attr]
    assert (columns.zone("n"), columns.zone("a"), columns.zone("other")) == ("naive", "aware", None)
    assert columns.problems == []


def test_timestamps_of_iso_text() -> None:
    text = pd.Series(
        ["2026-03-02T09:15:00", "2026-03-02 09:15", "2026-03-02T09:15:00+01:00", "2026-03-02T09:15Z", None]
    )
    columns = columns_of(LJUBLJANA, t=text)
    # without offset: 09:15 CET = 08:15 UTC; +01:00 likewise; Z is UTC
    expected = utc("2026-03-02 08:15", "2026-03-02 08:15", "2026-03-02 08:15", "2026-03-02 09:15", None)
    assert columns.timestamps("s", "t").tolist() == expected.tolist()  # type: ignore[union-attr]
    assert columns.zone("t") == "mixed"
    assert columns.problems == []


@pytest.mark.parametrize(
    ("text", "zone"),
    [(["2026-03-02 09:15"], "naive"), (["2026-03-02T08:15Z", None], "aware"), ([None, None], None)],
)
def test_the_zone_of_text_timestamps(text: list[str | None], zone: str | None) -> None:
    columns = columns_of(t=pd.Series(text, dtype=object))
    assert columns.timestamps("s", "t") is not None
    assert columns.zone("t") == zone


@pytest.mark.parametrize("dtype", [object, "string", "string[pyarrow]"])
def test_text_that_pandas_reads_as_a_missing_time_is_missing(dtype: object) -> None:
    if dtype == "string[pyarrow]":
        pytest.importorskip("pyarrow")
    columns = columns_of(t=pd.Series(["2026-03-02 09:15", "", "nan", " NaT ", None], dtype=dtype))  # type: ignore[call-overload]
    assert columns.timestamps("s", "t").tolist() == utc("2026-03-02 09:15", None, None, None, None).tolist()  # type: ignore[union-attr]
    assert columns.problems == []


def test_timestamps_of_python_objects() -> None:
    values = pd.Series([pd.Timestamp("2026-03-02 09:15"), dt.datetime(2026, 3, 2, 10, 0), None, np.nan], dtype=object)
    columns = columns_of(LJUBLJANA, t=values)
    assert columns.timestamps("s", "t").tolist() == utc("2026-03-02 08:15", "2026-03-02 09:00", None, None).tolist()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "values",
    [pd.Series([np.nan, np.nan]), pd.Series([None, None], dtype=object), pd.Series([pd.NA, pd.NA], dtype="string")],
)
def test_a_column_with_no_values_is_all_nat(values: pd.Series) -> None:
    assert columns_of(t=values).timestamps("s", "t").tolist() == [NAT, NAT]  # type: ignore[union-attr]


def test_unreadable_text_is_a_timestamp_type_problem_quoting_the_values() -> None:
    columns = columns_of(t=pd.Series(["2026-03-02 09:15", "02/03/2026", "soon", None]))
    assert columns.timestamps("s", "t") is None
    (problem,) = columns.problems
    assert (problem.standard, problem.column, problem.code) == ("s", "t", "timestamp_type")
    assert problem.message == (
        "expected timestamps; 2 of 3 values are not ISO 8601 date-times: '02/03/2026' (row 1), 'soon' (row 2)"
    )
    assert problem.hint.startswith("use datetime64 columns or ISO 8601 text")


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ([1, "2026-03-02 09:15", None], "1 of 2 values is not an ISO 8601 date-time: 1 (row 0)"),
        # not the year 2026 (before, ISO 8601 parsing read it so): a number is no time
        ([2026, "2026-03-02 09:15"], "1 of 2 values is not an ISO 8601 date-time: 2026 (row 0)"),
        (["2026-03-02 09:15", 1.5], "1 of 2 values is not an ISO 8601 date-time: 1.5 (row 1)"),
        ([np.int64(20260302), dt.datetime(2026, 3, 2)], "1 of 2 values is not an ISO 8601 date-time: 20260302 (row 0)"),
        ([True, "2026-03-02 09:15"], "1 of 2 values is not an ISO 8601 date-time: True (row 0)"),
    ],
)
def test_numbers_among_text_are_unreadable_and_never_reach_to_datetime(values: list[object], said: str) -> None:
    columns = columns_of(t=pd.Series(values, dtype=object))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas warns when to_datetime with a format is given numbers
        assert columns.timestamps("s", "t") is None
    (problem,) = columns.problems
    assert (problem.code, problem.message) == ("timestamp_type", f"expected timestamps; {said}")


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1, 2]),
        pd.Series([1.5, np.nan]),
        pd.Series([True, False]),
        pd.Series(["2026-03-02 09:15"], dtype="category"),  # categoricals are not read as times
        pd.Series(pd.to_datetime(["2026-03-02"])).astype("category"),
    ],
)
def test_other_types_are_a_timestamp_type_problem(values: pd.Series) -> None:
    columns = columns_of(t=values)
    assert columns.timestamps("s", "t") is None
    (problem,) = columns.problems
    assert (problem.code, problem.message) == ("timestamp_type", f"expected timestamps, found {values.dtype}")
    assert problem.hint == "convert it with pandas.to_datetime (epoch numbers are ambiguous: say their unit)"


@pytest.mark.parametrize(
    ("timezone", "values", "outside"),
    [
        ("UTC", ["1678-01-01 00:00", "2261-12-31 23:59:59"], []),
        ("UTC", ["1677-12-31 23:59", "2262-01-01 00:00"], [0, 1]),
        (LJUBLJANA, ["1678-01-01 00:00", "2261-12-31 23:59"], []),
        (LJUBLJANA, ["2262-01-01 00:00"], [0]),
        # aware: 23:30 UTC on the last day is 00:30 on 1 January 2262 in Ljubljana
        (LJUBLJANA, ["2261-12-31T23:30:00Z"], [0]),
        ("UTC", ["2261-12-31T23:30:00Z"], []),
        # 02:00 UTC on 1 January 1678 is still 1677 in New York (local mean time, -04:56:02)
        (NEW_YORK, ["1678-01-01T02:00:00Z"], [0]),
        ("UTC", ["1678-01-01T02:00:00Z"], []),
        ("UTC", ["10000-01-01", "2026-01-01"], [0]),
    ],
)
def test_text_timestamps_must_fall_in_1678_to_2261_on_the_files_clock(
    timezone: str, values: list[str], outside: list[int]
) -> None:
    columns = columns_of(timezone, t=pd.Series(values))
    result = columns.timestamps("s", "t")
    if not outside:
        assert result is not None
        assert columns.problems == []
        return
    assert result is None
    (problem,) = columns.problems
    assert problem.code == "timestamp_range"
    clock = f" on the clock of {timezone}" if timezone != "UTC" else ""
    assert f"out of the supported range 1678-01-01..2261-12-31{clock}: " in problem.message
    assert [f"(row {i})" in problem.message for i in range(len(values))] == [i in outside for i in range(len(values))]


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
def test_datetime_columns_beyond_the_range_in_coarse_units(unit: str) -> None:
    values = pd.Series(np.array(["3000-01-01", "2026-01-01", "2262-01-01", "NaT"], dtype=f"datetime64[{unit}]"))
    columns = columns_of(LJUBLJANA, t=values)
    assert columns.timestamps("s", "t") is None
    (problem,) = columns.problems
    assert problem.code == "timestamp_range"
    assert problem.message.startswith("expected timestamps; 2 of 3 values are out of the supported range")


def test_a_column_is_converted_once_and_a_failure_names_every_standard() -> None:
    columns = columns_of(good=naive("2026-03-02"), bad=pd.Series(["soon"]))
    first = columns.timestamps("a", "good")
    assert columns.timestamps("b", "good") is first
    assert columns.timestamps("a", "bad") is None
    assert columns.timestamps("b", "bad") is None
    (problem,) = columns.problems
    assert (problem.standard, problem.code) == ("", "timestamp_type")
    assert (
        problem.message
        == "used by a, b: expected timestamps; 1 of 1 values is not an ISO 8601 date-time: 'soon' (row 0)"
    )


def test_reading_columns_never_changes_the_callers_frame() -> None:
    data = pd.DataFrame(
        {
            "t": naive("2026-10-25 02:30", None),
            "s": ["2026-03-29 02:30", None],
            "n": pd.to_timedelta(["1s", None]),
            "f": pd.Series([True, None], dtype=object),
        }
    )
    before = data.copy(deep=True)
    columns = Columns(data, {}, LJUBLJANA)
    columns.timestamps("x", "t"), columns.timestamps("x", "s"), columns.numbers("x", "n"), columns.flags("x", "f")
    pd.testing.assert_frame_equal(data, before)


# -- Columns.numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected", "timedelta"),
    [
        (pd.Series([1, 2, 3]), [1.0, 2.0, 3.0], False),
        (pd.Series([1.5, np.nan]), [1.5, math.nan], False),
        (pd.Series([1, None], dtype="Int64"), [1.0, math.nan], False),
        (pd.Series(pd.to_timedelta(["1s", None, "1500ms", "-2m"])), [1.0, math.nan, 1.5, -120.0], True),
        (pd.Series([None, None], dtype=object), [math.nan, math.nan], False),
    ],
)
def test_numbers_are_float64_and_timedeltas_are_seconds(
    values: pd.Series, expected: list[float], timedelta: bool
) -> None:
    result = columns_of(v=values).numbers("s", "v")
    assert result is not None
    numbers, is_timedelta = result
    assert numbers.dtype == np.float64
    np.testing.assert_array_equal(numbers, expected)
    assert is_timedelta is timedelta


def test_pyarrow_integers_are_numbers() -> None:
    pytest.importorskip("pyarrow")
    numbers, _ = columns_of(v=pd.Series([1, None, 3], dtype="int64[pyarrow]")).numbers("s", "v")  # type: ignore[misc]
    np.testing.assert_array_equal(numbers, [1.0, math.nan, 3.0])


def test_pyarrow_durations_are_seconds() -> None:
    pytest.importorskip("pyarrow")
    values = pd.Series(pd.to_timedelta(["1s", None])).astype("duration[ns][pyarrow]")
    result = columns_of(v=values).numbers("s", "v")
    assert result is not None
    np.testing.assert_array_equal(result[0], [1.0, math.nan])
    assert result[1] is True


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([True, False]),
        pd.Series([True, None], dtype="boolean"),
        pd.Series(["1", "2"]),
        pd.Series([1, 2.5, None], dtype=object),
    ],
)
def test_booleans_and_text_are_not_numbers(values: pd.Series) -> None:
    columns = columns_of(v=values)
    assert columns.numbers("s", "v") is None
    (problem,) = columns.problems
    assert (problem.code, problem.message, problem.hint) == (
        "number_type",
        f"expected numbers, found {values.dtype}",
        "scores and amounts must be numeric",
    )


# -- Columns.flags ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (pd.Series([True, False]), [1, 0]),
        (pd.Series([True, None, False], dtype="boolean"), [1, -1, 0]),
        (pd.Series([0.0, 1.0, np.nan]), [0, 1, -1]),
        (pd.Series([0, 1, None], dtype="Int64"), [0, 1, -1]),
        (pd.Series([True, None, np.False_, np.nan], dtype=object), [1, -1, 0, -1]),
        (pd.Series([True, None, True], dtype="category"), [1, -1, 1]),  # no False category: filled by position
        (pd.Series([], dtype=object), []),
    ],
)
def test_flags_are_1_true_0_false_minus_1_missing(values: pd.Series, expected: list[int]) -> None:
    flags = columns_of(v=values).flags("s", "v")
    assert flags is not None
    assert flags.dtype == np.int8
    assert flags.tolist() == expected


def test_pyarrow_booleans_are_flags() -> None:
    pytest.importorskip("pyarrow")
    values = pd.Series([True, None, False], dtype="bool[pyarrow]")
    assert columns_of(v=values).flags("s", "v").tolist() == [1, -1, 0]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (pd.Series([0, 1, 2]), "expected true/false (or 0/1); found other numbers"),
        (pd.Series(["yes", "no"]), "expected true/false (or 0/1), found str values"),
        (pd.Series([True, "no"], dtype=object), "expected true/false (or 0/1), found object values"),
    ],
)
def test_other_values_are_not_flags(values: pd.Series, message: str) -> None:
    columns = columns_of(v=values)
    assert columns.flags("s", "v") is None
    assert [(p.code, p.message) for p in columns.problems] == [("flag_type", message)]
