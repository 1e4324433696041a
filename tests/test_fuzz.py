"""Fuzzing: hostile files and hostile frames end in a result or in the library's own error.

Three laws, each checked on random and mutated input (strategies in
``fuzz_strategies.py``):

1. **Files.** Any bytes or text given to :func:`svcstandards.loads` give a
   :class:`~svcstandards.StandardSet` or raise
   :class:`~svcstandards.StandardsError`, never another exception; every
   problem has a line and column of at least 1 and a message; and every set
   that loads reads back equal from :func:`svcstandards.dumps`.
2. **Frames.** Any DataFrame given to :func:`svcstandards.evaluate` with a
   fixed standards file gives a :class:`~svcstandards.Report` or raises
   :class:`~svcstandards.DataError`; the frame is never modified (values,
   dtypes, index, column names); and for every standard the outcome counts
   add up to the rows scored: the interactions, or the reply cycles of a
   ``unit: reply`` standard.
3. **Event logs.** The same for mostly well-formed event logs, which reach
   deeper into the event code than random frames do.

Profiles: the normal test run uses ``fuzz-short`` (60 examples per law, a
few seconds each). ``SVCSTANDARDS_FUZZ=long`` selects ``fuzz-long``: 20,000
examples per law, no deadline; ``SVCSTANDARDS_FUZZ=<number>`` runs that many
examples per law::

    SVCSTANDARDS_FUZZ=long python -m pytest tests/test_fuzz.py -m fuzz -p no:cacheprovider

The three laws carry the ``fuzz`` marker (``-m "not fuzz"`` leaves them out);
the regression tests at the end are plain tests.

Each failure found this way is fixed at its root and pinned by a plain
regression test with its smallest example, at the end of this module.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import svcstandards
from fuzz_strategies import (
    BASE,
    FILE_NAMES,
    FILES,
    WORDS,
    column_of,
    data_columns,
    frames,
    indexes,
    standards_texts,
)
from svcstandards import (
    DataError,
    InvalidArgumentError,
    MissingDependencyError,
    Report,
    StandardsError,
    StandardSet,
)
from svcstandards.events import read_event_log, referenced_types, reply_cycles

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example]
settings.register_profile("fuzz-short", max_examples=60, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("fuzz-long", max_examples=20_000, deadline=None, suppress_health_check=_QUIET)


def _profile() -> settings:
    chosen = os.environ.get("SVCSTANDARDS_FUZZ", "")
    if chosen == "long":
        return settings.get_profile("fuzz-long")
    if chosen.isdigit():
        return settings(settings.get_profile("fuzz-long"), max_examples=int(chosen))
    return settings.get_profile("fuzz-short")


FUZZ = _profile()
OUTCOMES = ["met", "missed", "pending", "excluded", "invalid", "out_of_scope"]
COUNTS = ["met", "missed", "pending", "excluded", "invalid"]


# -- 1. files ------------------------------------------------------------------------


def attempt(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, Exception | None]:
    """The result of a call, or the exception it raised (any, for the caller to judge)."""
    try:
        return function(*args, **kwargs), None
    except Exception as error:
        return None, error


@pytest.mark.fuzz
@FUZZ
@given(standards_texts)
def test_any_file_loads_or_raises_a_standards_error(text: str | bytes) -> None:
    standards, error = attempt(svcstandards.loads, text, source="fuzz.yaml")
    if error is not None:
        if not isinstance(error, StandardsError):
            raise error
        event(f"StandardsError: {error.problems[0].code}")
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1, problem
            assert problem.column >= 1, problem
            assert problem.message.strip(), problem
            assert problem.code, problem
            assert problem.source == "fuzz.yaml"
        return
    assert isinstance(standards, StandardSet)
    event("StandardSet")
    written = svcstandards.dumps(standards)
    assert svcstandards.loads(written) == standards, written


# -- 2. frames -----------------------------------------------------------------------

AS_OF = [
    BASE,
    BASE + pd.Timedelta(days=2),
    "2026-03-29T02:30:00",
    pd.Timestamp("2026-03-29 03:30", tz="Europe/Ljubljana"),
    dt.date(2026, 3, 30),
    pd.Timestamp.min,
    pd.Timestamp.max,
]
options = st.fixed_dictionaries(
    {},
    optional={
        "by": st.sampled_from([[], ["channel"], ["priority", "channel"], "queue", ["note"]]),
        "period": st.sampled_from(["day", "week", "month", "quarter", "year"]),
        "as_of": st.sampled_from(AS_OF),
        "columns": st.sampled_from([{"channel": "priority"}, {"offered_at": "created_at"}, {"at": "answered_at"}]),
    },
)


def snapshot(data: pd.DataFrame) -> tuple[pd.DataFrame, list[list[Any]], dict[Any, Any]]:
    """A deep copy, the very objects of object columns, and the attrs."""
    objects = [list(column.array) if column.dtype == object else [] for _, column in data.items()]
    return data.copy(deep=True), objects, dict(data.attrs)


def assert_unchanged(data: pd.DataFrame, before: tuple[pd.DataFrame, list[list[Any]], dict[Any, Any]]) -> None:
    copy, objects, attrs = before
    pd.testing.assert_frame_equal(
        data,
        copy,
        check_dtype=True,
        check_index_type=True,
        check_column_type=True,
        check_names=True,
        check_exact=True,
        check_freq=True,
        check_flags=True,
        check_categorical=True,
    )
    # None and NaN compare equal above; the objects themselves must be the same
    for i, values in enumerate(objects):
        if values:
            assert all(a is b for a, b in zip(data.iloc[:, i].array, values, strict=True)), data.columns[i]
    assert data.attrs == attrs


def rows_scored(standards: StandardSet, data: pd.DataFrame, columns: dict[str, str]) -> dict[str, int]:
    """Per standard, how many rows it scores: the interactions, or the reply cycles."""
    if standards.events is None:
        return {s.id: len(data) for s in standards}
    mapping = {**standards.column_map, **columns}
    types = referenced_types(standards, data.columns)
    view = read_event_log(data, standards.events, standards.timezone, mapping, types)
    rows = {}
    for standard in standards:
        if standard.unit == "reply":
            measure = standards.measure_of(standard)
            rows[standard.id] = len(reply_cycles(view, measure.from_, measure.to))
        else:
            rows[standard.id] = len(view.frame)
    return rows


def describe(data: pd.DataFrame) -> str:
    """The frame in full, with its dtypes and index, for a failing example's report."""
    columns = [f"  {name!r}: {column.dtype} {shown(column)}" for name, column in data.items()]
    return "\n".join([f"frame of {len(data)} rows, index {shown(data.index)}", *columns])


def shown(values: pd.Series | pd.Index) -> str:
    try:
        return repr(list(values))
    except pd.errors.OutOfBoundsDatetime:  # an aware time that its zone's wall clock cannot show
        return f"ns UTC {list(values.array.asi8)!r}"


def check_evaluation(standards: StandardSet, data: pd.DataFrame, kwargs: dict[str, Any]) -> None:
    note(describe(data))
    before = snapshot(data)
    report, error = attempt(svcstandards.evaluate, standards, data, **kwargs)
    assert_unchanged(data, before)
    if isinstance(error, DataError):
        assert error.problems
        assert all(p.message.strip() and p.code for p in error.problems), error
        event(f"DataError: {min(p.code for p in error.problems)}")
        return
    if isinstance(error, MissingDependencyError):  # an optional package (holidays) is not installed
        return
    if isinstance(error, InvalidArgumentError) and str(error).startswith("as_of must be a timestamp, got "):
        # the error evaluate documents for an as_of it cannot use (one out of range in the file's zone)
        assert "as_of" in kwargs
        event("ValueError: as_of")
        return
    if error is not None:
        raise error
    assert isinstance(report, Report)
    event("Report")
    assert_unchanged(data, before)
    counts = report.counts().set_index("standard")
    assert list(counts.index) == [s.id for s in standards]
    expected = rows_scored(standards, data, kwargs.get("columns", {}))
    # met + missed + pending + excluded + invalid + out_of_scope = rows scored, per standard
    assert counts[OUTCOMES].sum(axis=1).to_dict() == expected
    table = report.to_frame()
    assert (table["n"] == table["met"] + table["missed"]).all()
    summed = table.groupby("standard")[COUNTS].sum().reindex(counts.index, fill_value=0)
    pd.testing.assert_frame_equal(summed.astype(np.int64), counts[COUNTS].astype(np.int64), check_names=False)
    assert_unchanged(data, before)


@pytest.mark.fuzz
@FUZZ
@given(
    st.sampled_from(FILE_NAMES).flatmap(lambda name: st.tuples(st.just(name), frames(data_columns(FILES[name])))),
    options,
)
def test_any_frame_gives_a_report_or_a_data_error(named: tuple[str, pd.DataFrame], kwargs: dict[str, Any]) -> None:
    name, data = named
    check_evaluation(FILES[name], data, kwargs)


# -- 3. event logs -------------------------------------------------------------------

EVENTS_FILE = FILES["email-events.yaml"]


@st.composite
def event_logs(draw: st.DrawFn) -> pd.DataFrame:
    """Mostly well-formed logs: a few tickets, ties in time, unknown statuses; now and then a bad column."""
    n = draw(st.integers(0, 14))
    ticket = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    minutes = draw(st.lists(st.integers(0, 3 * 24 * 60) | st.integers(0, 3), min_size=n, max_size=n))
    types = st.sampled_from([*WORDS["event"], "created", "customer_reply", "agent_reply"])
    kinds = draw(st.lists(types, min_size=n, max_size=n))
    status = draw(st.lists(st.sampled_from([None, *WORDS["status"], "Open", ""]), min_size=n, max_size=n))
    at = pd.Series([BASE + pd.Timedelta(minutes=m) for m in minutes], dtype="datetime64[ns]")
    if draw(st.booleans()):
        at = at.dt.tz_localize("UTC").dt.tz_convert(draw(st.sampled_from(["Europe/London", "Asia/Kathmandu", "UTC"])))
    parts: dict[str, pd.Series] = {
        "ticket_id": pd.Series(ticket, dtype=draw(st.sampled_from(["int64", "category", object]))),
        "at": at,
        "event": pd.Series(kinds, dtype=draw(st.sampled_from([object, "category", "string"]))),
        "status": pd.Series(status, dtype=object),
        "channel": pd.Series(
            draw(st.lists(st.sampled_from(["email", "email", "phone", None]), min_size=n, max_size=n))
        ),
        "priority": pd.Series(draw(st.lists(st.sampled_from(["urgent", "high", "low", None]), min_size=n, max_size=n))),
    }
    for name in draw(st.lists(st.sampled_from(sorted(parts)), max_size=2, unique=True)):
        parts[name] = draw(column_of(name, n, chaos=draw(st.booleans())))
    if draw(st.integers(0, 4)) == 0:  # a column named like a derived one
        name = draw(st.sampled_from(["solved_last_at", "reopened_count", "log_problem", "paused_seconds"]))
        parts[name] = draw(column_of(name, n, chaos=True))
    index = draw(indexes(n))
    frame = pd.DataFrame({name: series.set_axis(index) for name, series in parts.items()}, index=index)
    if draw(st.integers(0, 19)) == 0:
        twin = draw(st.sampled_from(sorted(parts)))
        frame = pd.concat([frame, draw(column_of(twin, n, chaos=True)).set_axis(index).rename(twin)], axis=1)
    return frame


@pytest.mark.fuzz
@FUZZ
@given(event_logs(), options)
def test_any_event_log_gives_a_report_or_a_data_error(data: pd.DataFrame, kwargs: dict[str, Any]) -> None:
    check_evaluation(EVENTS_FILE, data, kwargs)


# -- regressions: the smallest examples the fuzzing found ------------------------------

DELIVERY = FILES["delivery.yaml"]


def data_problems(standards: StandardSet, data: pd.DataFrame, **kwargs: Any) -> list[tuple[str, str, str, str]]:
    """(standard, column, code, message) of every problem; the evaluation must fail."""
    try:
        svcstandards.evaluate(standards, data, **kwargs)
    except DataError as error:
        return [(p.standard, p.column, p.code, p.message) for p in error.problems]
    raise AssertionError("expected a DataError")


def test_a_column_name_twice_is_a_data_error() -> None:
    # once a crash: data["shipped_at"] is then a DataFrame, which has no dtype
    data = pd.DataFrame([[None, None]], columns=["shipped_at", "shipped_at"]).iloc[:0]
    assert data_problems(DELIVERY, data) == [
        ("delivered-3d", "shipped_at", "column_duplicate", "the data has 2 columns named 'shipped_at'"),
        ("delivered-3d", "delivered_at", "column_missing", "not found in the data"),
    ]


def test_a_timestamp_beyond_the_nanosecond_range_is_a_data_error() -> None:
    # once a crash: a datetime64[s] column holds the year 1000, nanoseconds cannot (OutOfBoundsDatetime)
    data = pd.DataFrame(
        {
            "shipped_at": pd.Series(["1000-01-01"], dtype="datetime64[s]"),
            "delivered_at": pd.Series(["2026-03-02"], dtype="datetime64[s]"),
        }
    )
    message = (
        "expected timestamps; 1 of 1 values is out of the supported range 1678-01-01..2261-12-31: "
        "1000-01-01 00:00:00 (row 0)"
    )
    assert data_problems(DELIVERY, data) == [("delivered-3d", "shipped_at", "timestamp_range", message)]


def test_a_naive_timestamp_that_leaves_the_range_in_utc_is_a_data_error() -> None:
    # pd.Timestamp.max is 2262-04-11 23:47 on the wall clock of New York: 04:47 the next day in UTC
    standards = svcstandards.loads(
        "version: 1\ntimezone: America/New_York\n"
        "standards:\n  - {id: d, measure: {from: shipped_at, to: delivered_at}, within: 3d, floor: 95%}\n"
    )
    data = pd.DataFrame({"shipped_at": [pd.Timestamp("2026-03-02")], "delivered_at": [pd.Timestamp.max]})
    message = (
        "expected timestamps; 1 of 1 values is out of the supported range 1678-01-01..2261-12-31 "
        "on the clock of America/New_York: 2262-04-11 23:47:16.854775807 (row 0)"
    )
    assert data_problems(standards, data) == [("d", "delivered_at", "timestamp_range", message)]


def test_a_timestamp_whose_wall_clock_leaves_the_range_is_a_data_error() -> None:
    # 2262-04-12 00:00 in Ljubljana is 2262-04-11 22:00 UTC, a nanosecond timestamp, but its local day
    # (for period: week) is not
    standards = svcstandards.loads(
        "version: 1\ntimezone: Europe/Ljubljana\n"
        "standards:\n  - {id: d, measure: {from: shipped_at, to: delivered_at}, within: 3d, floor: 95%}\n"
    )
    data = pd.DataFrame({"shipped_at": ["2262-04-12T00:00:00"], "delivered_at": [None]})
    message = (
        "expected timestamps; 1 of 1 values is out of the supported range 1678-01-01..2261-12-31 "
        "on the clock of Europe/Ljubljana: '2262-04-12T00:00:00' (row 0)"
    )
    assert data_problems(standards, data, period="week") == [("d", "shipped_at", "timestamp_range", message)]


def test_an_aware_time_its_own_zone_cannot_show_is_quoted_in_utc() -> None:
    # once a crash: quoting the bad value put it on the wall clock of Ljubljana, past the last
    # nanosecond timestamp (OutOfBoundsDatetime)
    standards = svcstandards.loads(
        "version: 1\ntimezone: Europe/Ljubljana\n"
        "standards:\n  - {id: d, measure: {from: shipped_at, to: delivered_at}, within: 3d, floor: 95%}\n"
    )
    last = pd.DatetimeIndex([pd.Timestamp.max.tz_localize("UTC")]).tz_convert("Europe/Ljubljana")
    data = pd.DataFrame({"shipped_at": [pd.Timestamp("2026-03-02")], "delivered_at": pd.Series(last)})
    message = (
        "expected timestamps; 1 of 1 values is out of the supported range 1678-01-01..2261-12-31 "
        "on the clock of Europe/Ljubljana: 2262-04-11 23:47:16.854775807+00:00 (row 0)"
    )
    assert data_problems(standards, data) == [("d", "delivered_at", "timestamp_range", message)]


def test_the_first_and_last_moments_of_the_range_are_placed_in_their_years() -> None:
    data = pd.DataFrame(
        {
            "shipped_at": pd.to_datetime(["1678-01-01 00:00:00", "2261-12-31 23:59:59"]),
            "delivered_at": pd.to_datetime(["1678-01-02 00:00:00", "2262-01-01 00:00:00"]),
        }
    )
    # the second parcel is delivered at the first moment past the range
    message = (
        "expected timestamps; 1 of 2 values is out of the supported range 1678-01-01..2261-12-31: "
        "2262-01-01 00:00:00 (row 1)"
    )
    assert data_problems(DELIVERY, data) == [("delivered-3d", "delivered_at", "timestamp_range", message)]
    data.loc[1, "delivered_at"] = pd.Timestamp("2261-12-31 23:59:59")
    table = svcstandards.evaluate(DELIVERY, data, period="year").to_frame()
    assert table["period"].dt.year.tolist() == [1678, 2261]
    assert table["met"].tolist() == [1, 1]


def log_of(**extra: Any) -> pd.DataFrame:
    """One ticket created at 09:00, with ``extra`` columns."""
    at = pd.Timestamp("2026-03-02 09:00")
    return pd.DataFrame({"ticket_id": [1], "at": [at], "event": ["created"], "status": ["new"], **extra})


def test_an_event_log_with_a_column_name_twice_is_a_data_error() -> None:
    # once a crash: IndexError while taking the latest value of the doubled column
    log = pd.concat([log_of(channel=["email"]), pd.Series(["phone"], name="channel")], axis=1)
    assert data_problems(EVENTS_FILE, log) == [
        ("events", "channel", "column_duplicate", "the data has 2 columns named 'channel'"),
    ]


def test_an_event_log_column_named_like_a_derived_one_is_a_data_error() -> None:
    # once a crash: the interactions had two created_count columns (ValueError: operands could not be broadcast)
    log = log_of(log_problem=[False], created_count=[3])
    hint = "has the name of a column the interactions get from the log"
    # log_problem is kept by the evaluation, not in the data: the log's own column of that name is an attribute
    assert data_problems(EVENTS_FILE, log) == [("events", "created_count", "column_derived", hint)]


LJUBLJANA = """\
version: 1
timezone: Europe/Ljubljana
standards:
  - id: d
    where: {shipped_at: {ge: 1677-09-21T00:30:00}}
    measure: {from: shipped_at, to: delivered_at}
    within: 3d
    floor: 95%
"""


def test_a_where_timestamp_that_leaves_the_range_in_utc_is_a_data_error() -> None:
    # once a crash: 00:30 in Ljubljana on 1677-09-21 is 23:31:56 UTC the day before, before the
    # first nanosecond timestamp (OutOfBoundsDatetime)
    data = pd.DataFrame({"shipped_at": [pd.Timestamp("2026-03-02")], "delivered_at": [pd.Timestamp("2026-03-03")]})
    message = "cannot compare timestamps with datetime.datetime(1677, 9, 21, 0, 30)"
    assert data_problems(svcstandards.loads(LJUBLJANA), data) == [("d", "shipped_at", "where_value", message)]


def test_an_as_of_that_leaves_the_range_in_utc_is_refused() -> None:
    # once a crash: OutOfBoundsDatetime; now the ValueError evaluate gives every as_of it cannot read
    data = pd.DataFrame({"shipped_at": [pd.Timestamp("2026-03-02")], "delivered_at": [pd.Timestamp("2026-03-03")]})
    expected = r"^as_of must be a timestamp, got Timestamp\('1677-09-21 00:12:43.145224193'\)$"
    with pytest.raises(ValueError, match=expected):
        svcstandards.evaluate(svcstandards.loads(LJUBLJANA), data, as_of=pd.Timestamp.min)


UNHASHABLE = "holds lists, dicts or other values that cannot be matched or grouped as a whole"


def test_lists_in_a_group_column_are_a_data_error() -> None:
    # once a crash: TypeError: unhashable type: 'list' while grouping by the column
    data = pd.DataFrame(
        {
            "shipped_at": [pd.Timestamp("2026-03-02")] * 2,
            "delivered_at": [pd.Timestamp("2026-03-03")] * 2,
            "region": pd.Series([["north"], "south"], dtype=object),
        }
    )
    assert data_problems(DELIVERY, data, by="region") == [("delivered-3d", "region", "unhashable_values", UNHASHABLE)]


def test_dicts_in_the_customer_column_of_a_repeat_contact_measure_are_a_data_error() -> None:
    standards = svcstandards.loads(
        "version: 1\nstandards:\n  - id: repeat\n"
        "    measure: {repeat_contact: {customer: customer_id, within: 7d, time: created_at}}\n    ceiling: 10%\n"
    )
    data = pd.DataFrame(
        {"customer_id": pd.Series([{"id": 1}, 2], dtype=object), "created_at": [pd.Timestamp("2026-03-02")] * 2}
    )
    assert data_problems(standards, data) == [("repeat", "customer_id", "unhashable_values", UNHASHABLE)]


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("ticket_id", [[1], 1]),
        ("event", [["created"], "created"]),
        # statuses are hashed only where two events of a ticket share their time
        ("status", [["new"], ["new"]]),
    ],
)
def test_lists_in_the_id_type_or_status_column_of_an_event_log_are_a_data_error(column: str, values: list) -> None:
    log = pd.concat([log_of(), log_of()], ignore_index=True)
    log[column] = pd.Series(values, dtype=object)
    assert data_problems(EVENTS_FILE, log) == [("events", column, "unhashable_values", UNHASHABLE)]


def test_a_group_column_mixing_dates_numbers_and_text_gives_one_row_per_value() -> None:
    # once a crash: sorting the results by a column holding a Timestamp and a float raised TypeError
    data = pd.DataFrame(
        {
            "shipped_at": [pd.Timestamp("2026-03-02")] * 4,
            "delivered_at": [pd.Timestamp("2026-03-03")] * 4,
            "region": pd.Series([pd.Timestamp("2026-03-02"), 1.5, "north", None], dtype=object),
        }
    )
    table = svcstandards.evaluate(DELIVERY, data, by="region").to_frame()
    # ordered by type name, then as text ("Timestamp:..." < "float:1.5" < "str:north"); the missing value last
    assert table["region"].tolist()[:3] == [pd.Timestamp("2026-03-02"), 1.5, "north"]
    assert table["region"].isna().tolist() == [False, False, False, True]
    assert table["n"].tolist() == [1, 1, 1, 1]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # (met, missed, out_of_scope): a missing flag is out of scope
        ([None], (0, 0, 1)),  # once a crash: the fill value False is not a category (TypeError)
        ([True, None], (1, 0, 1)),
        ([True, None, False], (1, 1, 1)),
    ],
)
def test_a_categorical_flag_column_with_missing_values(values: list, expected: tuple[int, int, int]) -> None:
    standards = svcstandards.loads("version: 1\nstandards:\n  - {id: f, measure: {flag: reopened}, ceiling: 5%}\n")
    data = pd.DataFrame({"reopened": pd.Series(values, dtype="category")})
    counts = svcstandards.evaluate(standards, data).counts().iloc[0]
    assert (counts["met"], counts["missed"], counts["out_of_scope"]) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # once crashes inside PyYAML: AttributeError, KeyError and IndexError
        ("!!timestamp 1", "'1' looks like a date but is not one: it is not written YYYY-MM-DD"),
        ("!!bool abc", "'abc' cannot be read as bool"),
        ('!!int ""', "'' cannot be read as int"),
    ],
)
def test_a_value_that_does_not_fit_its_explicit_tag_is_a_yaml_value_problem(value: str, message: str) -> None:
    text = f"version: 1\nname: {value}\nstandards:\n  - {{id: f, measure: {{flag: reopened}}, ceiling: 5%}}\n"
    with pytest.raises(StandardsError) as caught:
        svcstandards.loads(text, source="s.yaml")
    assert [(p.line, p.column, p.code, p.message) for p in caught.value.problems] == [(2, 7, "yaml_value", message)]
