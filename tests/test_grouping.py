"""The one group-by: a period index and an integer key per row, counts per key from one bincount, statistics per key.

Day numbers are days since 1970-01-01 (a Thursday): 2026-01-01 is day
56 * 365 + 14 leap days = 20,454, and 2026-03-29 is 31 + 28 + 28 days later,
day 20,541. Weeks start on Monday: week w starts on day 7w - 3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcstandards.engines._grouping import (
    NO_PERIOD,
    Grouping,
    count_outcomes,
    factorize_column,
    group_rows,
    local_ns,
    period_index,
    period_starts,
    statistic,
)
from svcstandards.engines.outcomes import MET, MISSED, OUT_OF_SCOPE, PENDING

NAT = np.iinfo(np.int64).min
LJUBLJANA = "Europe/Ljubljana"
NEW_YORK = "America/New_York"
LAW = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def utc(*texts: str | None) -> np.ndarray:
    return np.array([NAT if t is None else pd.Timestamp(t, tz="UTC").value for t in texts], dtype=np.int64)


def same_values(a: np.ndarray | list[object], b: np.ndarray | list[object]) -> bool:
    """Equal element by element, any missing value (None, NaN, NA) equal to any other."""
    left, right = pd.Series(list(a), dtype=object), pd.Series(list(b), dtype=object)
    if len(left) != len(right):
        return False
    missing = left.isna().to_numpy()
    return bool((missing == right.isna().to_numpy()).all() and (left[~missing] == right[~missing]).all())


# -- local_ns -----------------------------------------------------------------------------------------


def test_local_ns_is_the_wall_clock_read_as_if_it_were_utc() -> None:
    ns = utc("2026-01-15 08:00", "2026-07-15 07:00", None)
    assert local_ns(ns, "UTC") is ns
    # Ljubljana: +1 h in winter, +2 h in summer; NaT stays NaT
    assert local_ns(ns, LJUBLJANA).tolist() == utc("2026-01-15 09:00", "2026-07-15 09:00", None).tolist()
    assert local_ns(ns, NEW_YORK).tolist() == utc("2026-01-15 03:00", "2026-07-15 03:00", None).tolist()


# -- period_index and period_starts ----------------------------------------------------------------------


TIMES = utc("1969-12-31 23:00", "1970-01-01 00:00", "2026-03-29 21:30", "2026-03-29 22:30", "2261-12-31 22:59", None)


@pytest.mark.parametrize(
    ("timezone", "period", "expected"),
    [
        # 2261-12-31 is day 106,650
        ("UTC", "day", [-1, 0, 20541, 20541, 106650]),
        # week (days + 3) // 7: day -1 and day 0 are both in the week of Monday 1969-12-29 (week 0)
        ("UTC", "week", [0, 0, 2934, 2934, 15236]),
        # months since January 1970: (2026 - 1970) * 12 + 2 = 674
        ("UTC", "month", [-1, 0, 674, 674, 3503]),
        ("UTC", "quarter", [-1, 0, 224, 224, 1167]),
        ("UTC", "year", [-1, 0, 56, 56, 291]),
        # 1969-12-31 23:00 UTC is midnight in Ljubljana; 22:30 UTC on 29 March is 00:30 CEST on the 30th
        (LJUBLJANA, "day", [0, 0, 20541, 20542, 106650]),
        (LJUBLJANA, "week", [0, 0, 2934, 2935, 15236]),  # 30 March 2026 is a Monday: a new week
        (LJUBLJANA, "month", [0, 0, 674, 674, 3503]),
        (LJUBLJANA, "year", [0, 0, 56, 56, 291]),
        # midnight UTC on 1 January 1970 is 19:00 on 31 December in New York
        (NEW_YORK, "day", [-1, -1, 20541, 20541, 106650]),
        (NEW_YORK, "year", [-1, -1, 56, 56, 291]),
    ],
)
def test_period_index(timezone: str, period: str, expected: list[int]) -> None:
    assert period_index(TIMES, timezone, period).tolist() == [*expected, NO_PERIOD]


@pytest.mark.parametrize(
    ("period", "index", "expected"),
    [
        ("day", 20541, "2026-03-29 00:00:00+01:00"),
        ("day", 20542, "2026-03-30 00:00:00+02:00"),  # the day after the clocks went forward
        ("week", 2934, "2026-03-23 00:00:00+01:00"),
        ("week", 0, "1969-12-29 00:00:00+01:00"),
        ("month", 674, "2026-03-01 00:00:00+01:00"),
        ("month", 680, "2026-09-01 00:00:00+02:00"),
        ("quarter", 224, "2026-01-01 00:00:00+01:00"),
        ("quarter", -1, "1969-10-01 00:00:00+01:00"),
        ("year", 56, "2026-01-01 00:00:00+01:00"),
    ],
)
def test_period_starts_are_local_midnights(period: str, index: int, expected: str) -> None:
    (start,) = period_starts(np.array([index]), LJUBLJANA, period)
    assert str(start) == expected


# Ljubljana moved its clocks from 02:00 to 03:00 on Sunday 29 March 2026 (day 20,541). A week that starts on
# Sunday has index (day - 3) // 7 and starts on day 7w + 3: week 2934 is Sunday 29 March to Saturday 4 April.
SUNDAY_WEEK = utc(
    "2026-03-28 22:59",  # 23:59 CET, Saturday 28 March: the week before (2933)
    "2026-03-28 23:00",  # 00:00 CET, Sunday 29 March: the first instant of week 2934
    "2026-03-29 01:30",  # 03:30 CEST, after the change, same week
    "2026-04-04 21:59",  # 23:59 CEST, Saturday 4 April: still week 2934
    "2026-04-04 22:00",  # 00:00 CEST, Sunday 5 April: week 2935
)


def test_a_week_that_starts_on_sunday_holds_the_change_of_the_clocks() -> None:
    assert period_index(SUNDAY_WEEK, LJUBLJANA, "week", "sunday").tolist() == [2933, 2934, 2934, 2934, 2935]
    # the same rows in Monday weeks: Saturday 28 and Sunday 29 March belong to the week of Monday 23 March
    assert period_index(SUNDAY_WEEK, LJUBLJANA, "week").tolist() == [2934, 2934, 2934, 2935, 2935]


def test_a_sunday_week_starts_at_local_midnight_on_either_side_of_the_change() -> None:
    starts = period_starts(np.array([2933, 2934, 2935]), LJUBLJANA, "week", "sunday")
    assert [str(s) for s in starts] == [
        "2026-03-22 00:00:00+01:00",
        "2026-03-29 00:00:00+01:00",  # 23 hours long on the wall clock that day
        "2026-04-05 00:00:00+02:00",
    ]


@pytest.mark.parametrize(
    ("week_starts", "start"),
    [
        ("monday", "2026-03-23"),
        ("tuesday", "2026-03-24"),
        ("wednesday", "2026-03-25"),
        ("thursday", "2026-03-26"),
        ("friday", "2026-03-27"),
        ("saturday", "2026-03-28"),
        ("sunday", "2026-03-29"),
    ],
)
def test_every_weekday_can_start_the_week(week_starts: str, start: str) -> None:
    # a week of each kind holding Sunday 29 March 2026 12:00 UTC, or starting on the last such day before it
    stamp = utc("2026-03-29 12:00")
    (index,) = period_index(stamp, "UTC", "week", week_starts)
    (first,) = period_starts(np.array([index]), "UTC", "week", week_starts)
    assert str(first) == f"{start} 00:00:00+00:00"


def test_a_row_without_a_period_has_no_start() -> None:
    starts = period_starts(np.array([NO_PERIOD, 0]), LJUBLJANA, "day")
    assert [str(s) for s in starts] == ["NaT", "1970-01-01 00:00:00+01:00"]


def test_a_day_whose_midnight_does_not_exist_starts_at_its_first_instant() -> None:
    # Sao Paulo moved its clocks from 00:00 to 01:00 on 4 November 2018
    day = int(np.datetime64("2018-11-04", "D").astype(np.int64))
    assert [str(s) for s in period_starts(np.array([day]), "America/Sao_Paulo", "day")] == ["2018-11-04 01:00:00-02:00"]


def test_a_day_whose_midnight_happens_twice_starts_at_the_first() -> None:
    # Havana moved its clocks from 01:00 back to 00:00 on 3 November 2024: 00:30 happened twice
    day = int(np.datetime64("2024-11-03", "D").astype(np.int64))
    first, second = utc("2024-11-03 04:30", "2024-11-03 05:30")  # 00:30 CDT and 00:30 CST
    assert period_index(np.array([first, second]), "America/Havana", "day").tolist() == [day, day]
    assert [str(s) for s in period_starts(np.array([day]), "America/Havana", "day")] == ["2024-11-03 00:00:00-04:00"]


PERIODS = ["day", "week", "month", "quarter", "year"]
instants = st.integers(min_value=int(utc("1678-01-02")[0]), max_value=int(utc("2261-11-30")[0]))
near_changes = st.builds(
    lambda at, offset: at + offset,
    st.sampled_from(utc("2026-03-29 01:00", "2026-10-25 01:00", "2026-03-08 07:00", "2026-11-01 06:00").tolist()),
    st.integers(min_value=-3 * 3600 * 10**9, max_value=3 * 3600 * 10**9),
)


@LAW
@given(
    st.lists(instants | near_changes, min_size=1, max_size=6),
    st.sampled_from([LJUBLJANA, NEW_YORK, "UTC", "America/Havana"]),
    st.sampled_from(PERIODS),
)
def test_every_instant_falls_in_its_period(values: list[int], timezone: str, period: str) -> None:
    ns = np.array(values, dtype=np.int64)
    index = period_index(ns, timezone, period)
    starts = period_starts(index, timezone, period).as_unit("ns").asi8
    ends = period_starts(index + 1, timezone, period).as_unit("ns").asi8
    assert (starts <= ns).all()
    assert (ns < ends).all()


# -- factorize_column ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "codes", "uniques"),
    [
        # None and NaN are both missing: one group, in order of first appearance
        (pd.Series(["a", None, np.nan, "b", "a"], dtype=object), [0, 1, 1, 2, 0], ["a", None, "b"]),
        (pd.Series([1.0, np.nan, 2.0, 1.0]), [0, 1, 2, 0], [1.0, None, 2.0]),
        (pd.Series([1, None, 2], dtype="Int64"), [0, 1, 2], [1, None, 2]),
        # categories that no row holds get no code
        (pd.Series(pd.Categorical(["a", None, "a"], categories=["z", "a"])), [0, 1, 0], ["a", None]),
        (pd.Series([], dtype=object), [], []),
    ],
)
def test_factorize_column_gives_missing_values_a_code_too(
    values: pd.Series, codes: list[int], uniques: list[object]
) -> None:
    got_codes, got_uniques = factorize_column(values)
    assert got_codes.dtype == np.int64
    assert got_codes.tolist() == codes
    assert got_uniques.dtype == object
    assert same_values(got_uniques, uniques)


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "bool[pyarrow]"])
def test_factorize_pyarrow_columns(dtype: str) -> None:
    pytest.importorskip("pyarrow")
    values = pd.Series(["x", None, "y"] if dtype.startswith("string") else [True, None, False], dtype=dtype)
    codes, uniques = factorize_column(values)
    assert codes.tolist() == [0, 1, 2]
    assert same_values(uniques, values.tolist())


column_values = st.lists(st.sampled_from(["phone", "chat", None, math.nan, "email"]), max_size=30)


@LAW
@given(column_values, st.sampled_from([object, "category", "string"]))
def test_factorize_column_maps_back_to_the_values(values: list[object], dtype: object) -> None:
    series = pd.Series(values, dtype=dtype)  # type: ignore[call-overload]
    codes, uniques = factorize_column(series)
    assert same_values(uniques[codes], series.tolist())
    assert len(uniques) == len(set(codes.tolist()))  # every unique value is used


# -- group_rows ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 3])
def test_without_by_or_periods_every_row_has_key_0_and_there_is_one_key_even_for_no_rows(n: int) -> None:
    grouping = group_rows([], None, n)
    assert isinstance(grouping, Grouping)
    assert (grouping.keys.tolist(), grouping.n_keys, grouping.group_values, grouping.period_index) == (
        [0] * n,
        1,
        [],
        None,
    )


def test_by_one_column_missing_values_form_their_own_group() -> None:
    grouping = group_rows([pd.Series(["b", "a", None, "b"], dtype=object)], None, 4)
    values = grouping.group_values[0][grouping.keys]
    assert same_values(values, ["b", "a", None, "b"])
    assert grouping.keys[0] == grouping.keys[3]
    assert len(set(grouping.keys.tolist())) == 3
    assert grouping.period_index is None


def test_by_a_column_and_periods() -> None:
    channel = pd.Series(["phone", "chat", "phone", "phone"], dtype=object)
    periods = np.array([20541, 20541, 20542, NO_PERIOD])
    grouping = group_rows([channel], periods, 4)
    assert same_values(grouping.group_values[0][grouping.keys], channel.tolist())
    assert grouping.period_index is not None
    assert grouping.period_index[grouping.keys].tolist() == periods.tolist()
    assert len(set(grouping.keys.tolist())) == 4  # four different (channel, day) pairs


def test_group_rows_uses_the_factorize_it_is_given() -> None:
    def by_length(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        lengths = series.str.len().to_numpy(dtype=np.int64)
        return lengths - 1, np.array(["short", "long"], dtype=object)

    grouping = group_rows([pd.Series(["ab", "a", "ab"])], None, 3)
    custom = group_rows([pd.Series(["ab", "a", "ab"])], None, 3, factorize=by_length)
    assert grouping.group_values[0][grouping.keys].tolist() == ["ab", "a", "ab"]
    assert custom.group_values[0][custom.keys].tolist() == ["long", "short", "long"]


numbers = st.lists(st.sampled_from([1, 2, None, 3]), max_size=30)
dense_periods = st.sampled_from([20541, 20542, 20550, NO_PERIOD])
# periods far apart leave the dense range: the keys are hashed instead
sparse_periods = st.sampled_from([-(10**9), 0, 10**9, NO_PERIOD])


@st.composite
def groupings(draw: st.DrawFn) -> tuple[list[pd.Series], np.ndarray | None, int]:
    n = draw(st.integers(min_value=0, max_value=40))
    fixed = st.lists(st.sampled_from(["phone", "chat", None, math.nan, "email"]), min_size=n, max_size=n)
    by: list[pd.Series] = []
    if draw(st.booleans()):
        by.append(pd.Series(draw(fixed), dtype=draw(st.sampled_from([object, "category"]))))
    if draw(st.booleans()):
        by.append(pd.Series(draw(st.lists(st.sampled_from([1, 2, None, 3]), min_size=n, max_size=n)), dtype=object))
    if draw(st.booleans()):
        # two columns of many values: more (group, period) cells than 1,024, so the keys are hashed
        wide = st.lists(st.integers(0, 10**6), min_size=n, max_size=n)
        by += [pd.Series(draw(wide)), pd.Series(draw(wide))]
    periods = None
    if draw(st.booleans()):
        kind = draw(st.sampled_from([dense_periods, sparse_periods]))
        periods = np.array(draw(st.lists(kind, min_size=n, max_size=n)), dtype=np.int64)
    return by, periods, n


@LAW
@given(groupings())
def test_each_key_stands_for_exactly_the_values_and_period_of_its_rows(case: tuple) -> None:  # type: ignore[type-arg]
    by, periods, n = case
    grouping = group_rows(by, periods, n)
    assert grouping.keys.shape == (n,)
    assert ((grouping.keys >= 0) & (grouping.keys < grouping.n_keys)).all()
    for column, values in zip(by, grouping.group_values, strict=True):
        assert len(values) == grouping.n_keys
        assert same_values(values[grouping.keys], column.tolist())
    if periods is None:
        assert grouping.period_index is None
    else:
        assert grouping.period_index is not None
        assert grouping.period_index[grouping.keys].tolist() == periods.tolist()
    # rows with the same values and period share a key; others do not
    rows = pd.DataFrame({f"c{i}": c.astype(object).where(c.notna(), None) for i, c in enumerate(by)})
    if periods is not None:
        rows["period"] = periods
    distinct = len(rows.drop_duplicates()) if len(rows.columns) else min(n, 1)
    assert len(set(grouping.keys.tolist())) == distinct


# -- count_outcomes -------------------------------------------------------------------------------------------


def test_count_outcomes_per_key() -> None:
    keys = np.array([0, 0, 1, 2, 0])
    outcome = np.array([MET, MISSED, MET, OUT_OF_SCOPE, MET], dtype=np.int8)
    assert count_outcomes(keys, outcome, 4).tolist() == [
        # met, missed, pending, excluded, invalid, out_of_scope
        [2, 1, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0],  # a key no row has
    ]


def test_count_outcomes_of_no_rows() -> None:
    counts = count_outcomes(np.array([], dtype=np.int64), np.array([], dtype=np.int8), 1)
    assert counts.tolist() == [[0, 0, 0, 0, 0, 0]]


@LAW
@given(
    st.integers(min_value=1, max_value=8).flatmap(
        lambda k: st.tuples(st.just(k), st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, 5)), max_size=60))
    )
)
def test_count_outcomes_conserves_rows(case: tuple[int, list[tuple[int, int]]]) -> None:
    n_keys, rows = case
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    outcome = np.array([o for _, o in rows], dtype=np.int8)
    counts = count_outcomes(keys, outcome, n_keys)
    assert counts.shape == (n_keys, 6)
    assert int(counts.sum()) == len(rows)
    assert counts.sum(axis=1).tolist() == np.bincount(keys, minlength=n_keys).tolist()
    assert counts.sum(axis=0).tolist() == np.bincount(outcome, minlength=6).tolist()
    assert counts[:, PENDING].tolist() == [
        sum(1 for k, o in rows if k == key and o == PENDING) for key in range(n_keys)
    ]


# -- statistic --------------------------------------------------------------------------------------------------


KEYS = np.array([0, 0, 0, 1, 1, 3])
VALUES = np.array([1.0, 2.0, 10.0, 5.0, 5.0, 7.0])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mean", [13 / 3, 5.0, math.nan, 7.0]),
        ("median", [2.0, 5.0, math.nan, 7.0]),
        ("min", [1.0, 5.0, math.nan, 7.0]),
        ("max", [10.0, 5.0, math.nan, 7.0]),
        # p90 of 1, 2, 10: position 0.9 * 2 = 1.8 -> 2 + 0.8 * (10 - 2) = 8.4
        ("p90", [8.4, 5.0, math.nan, 7.0]),
        # p0.1: position 0.002 -> 1 + 0.002 * (2 - 1)
        ("p0.1", [1.002, 5.0, math.nan, 7.0]),
        ("p100", [10.0, 5.0, math.nan, 7.0]),
        # nps: key 0 has one promoter (10) and two detractors (1, 2): (1 - 2) / 3 = -33.3 points;
        # key 1 two detractors (5, 5): -100; key 3 one passive (7): 0
        ("nps", [-100 / 3, -100.0, math.nan, 0.0]),
    ],
)
def test_statistic_per_key(name: str, expected: list[float]) -> None:
    got = statistic(name, KEYS, VALUES, 4)
    assert got.tolist() == pytest.approx(expected, nan_ok=True, rel=1e-12)


def test_nps_counts_9_as_promoter_and_6_as_detractor() -> None:
    # 9 promoter, 8 and 7 passive, 6 detractor: (1 - 1) / 4 = 0; then 9 and 8: 1/2 = 50 points
    keys, values = np.array([0, 0, 0, 0, 1, 1]), np.array([9.0, 8.0, 7.0, 6.0, 9.0, 8.0])
    assert statistic("nps", keys, values, 2).tolist() == [0.0, 50.0]


@pytest.mark.parametrize("name", ["mean", "median", "min", "max", "p95", "nps"])
def test_statistic_of_no_values(name: str) -> None:
    empty = np.array([], dtype=np.int64)
    assert statistic(name, empty, np.array([]), 0).tolist() == []
    assert np.isnan(statistic(name, empty, np.array([]), 2)).all()


per_key = st.lists(
    st.tuples(st.integers(0, 4), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)), min_size=0, max_size=40
)
quantiles = st.sampled_from(["median", "p50", "p90", "p95", "p99", "p99.9", "p1", "p12.5"])


@LAW
@given(per_key, quantiles)
def test_percentiles_are_numpys_linear_percentiles_exactly(rows: list[tuple[int, float]], name: str) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows], dtype=np.float64)
    got = statistic(name, keys, values, 5)
    q = 50.0 if name == "median" else float(name[1:])
    for key in range(5):
        mine = values[keys == key]
        if len(mine) == 0:
            assert math.isnan(got[key])
        else:
            assert got[key] == np.percentile(mine, q)


@LAW
@given(per_key)
def test_mean_min_max_agree_with_numpy(rows: list[tuple[int, float]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows], dtype=np.float64)
    mean, low, high = (statistic(name, keys, values, 5) for name in ("mean", "min", "max"))
    for key in range(5):
        mine = values[keys == key]
        if len(mine):
            assert mean[key] == pytest.approx(np.mean(mine), rel=1e-9, abs=1e-6)
            assert (low[key], high[key]) == (mine.min(), mine.max())
        else:
            assert np.isnan([mean[key], low[key], high[key]]).all()
