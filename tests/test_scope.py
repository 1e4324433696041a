"""``where``: which rows a standard (or a target) is about.

Each test scores a flag standard whose flag is true on every row, so a row
is ``met`` exactly when the ``where`` under test keeps it and
``out_of_scope`` otherwise.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import DataError, evaluate

PEOPLE = pd.DataFrame(
    {
        "channel": pd.Series(["phone", "chat", "email", None, "phone"], dtype=object),
        "priority": [1.0, 2.0, 3.0, 4.0, np.nan],
        "vip": [True, False, True, False, False],
        "queue": pd.Series(["sales", None, "billing", "sales", "billing"], dtype=object),
    }
)


def kept(where: str, data: pd.DataFrame = PEOPLE, timezone: str = "UTC") -> list[bool]:
    """For each row of ``data``: does ``where`` keep it?"""
    standards = svcstandards.loads(
        textwrap.dedent(
            f"""
            version: 1
            timezone: {timezone}
            standards:
              - id: s
                where: {where}
                measure: {{flag: always}}
                floor: 50%
            """
        )
    )
    report = evaluate(standards, data.assign(always=True))
    outcomes = report.outcomes("s")
    assert set(outcomes) <= {"met", "out_of_scope"}
    return (outcomes == "met").tolist()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # rows:                     phone   chat   email  (none) phone
        ("{channel: phone}", [True, False, False, False, True]),
        ("{priority: 2}", [False, True, False, False, False]),
        ("{priority: 2.0}", [False, True, False, False, False]),
        ("{vip: true}", [True, False, True, False, False]),
        ("{vip: false}", [False, True, False, True, True]),
    ],
)
def test_a_scalar_matches_equal_values(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("{channel: [phone, chat]}", [True, True, False, False, True]),
        ("{priority: [1, 3]}", [True, False, True, False, False]),
        ("{channel: [fax]}", [False, False, False, False, False]),
    ],
)
def test_a_list_matches_any_of_its_values(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # a missing value is "not" anything: the row without a channel is kept
        ("{channel: {not: phone}}", [False, True, True, True, False]),
        ("{channel: {not: [phone, chat]}}", [False, False, True, True, False]),
        ("{priority: {not: 2}}", [True, False, True, True, True]),
    ],
)
def test_not_excludes_values_and_keeps_missing_ones(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # priorities 1 2 3 4 NaN; a missing value never compares
        ("{priority: {gt: 2}}", [False, False, True, True, False]),
        ("{priority: {ge: 2}}", [False, True, True, True, False]),
        ("{priority: {lt: 2}}", [True, False, False, False, False]),
        ("{priority: {le: 2}}", [True, True, False, False, False]),
        ("{priority: {gt: 1.5, le: 3}}", [False, True, True, False, False]),
        ("{priority: {ge: 2, not: 3}}", [False, True, False, True, False]),
    ],
)
def test_comparisons_on_numbers(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


CREATED = pd.DataFrame(
    {
        "created_at": pd.to_datetime(
            ["2026-03-02 09:59:59", "2026-03-02 10:00:00", "2026-03-02 10:00:01", None, "2026-03-03 00:00:00"]
        )
    }
)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # created 09:59:59, 10:00:00, 10:00:01, (none), next day 00:00
        ("{created_at: {gt: 2026-03-02T10:00:00}}", [False, False, True, False, True]),
        ("{created_at: {ge: '2026-03-02 10:00'}}", [False, True, True, False, True]),
        ("{created_at: {lt: 2026-03-02T10:00:00}}", [True, False, False, False, False]),
        ("{created_at: {le: '2026-03-02T10:00:00'}}", [True, True, False, False, False]),
        ("{created_at: {lt: 2026-03-03}}", [True, True, True, False, False]),  # a date is its midnight
        ("{created_at: {ge: 2026-03-02, lt: 2026-03-03}}", [True, True, True, False, False]),
        ("{created_at: '2026-03-02 10:00:00'}", [False, True, False, False, False]),
    ],
)
def test_comparisons_on_timestamps(where: str, expected: list[bool]) -> None:
    assert kept(where, CREATED) == expected


def test_timestamps_in_matchers_are_wall_clock_times_in_the_files_time_zone() -> None:
    aware = pd.DataFrame(
        {"created_at": pd.to_datetime(["2026-03-02T08:59:59Z", "2026-03-02T09:00:00Z", "2026-03-02T09:00:01Z"])}
    )
    # 10:00 in Ljubljana is 09:00 UTC
    where = "{created_at: {ge: 2026-03-02T10:00:00}}"
    assert kept(where, aware, timezone="Europe/Ljubljana") == [False, True, True]
    assert kept(where, aware, timezone="UTC") == [False, False, False]
    # a naive column is read in the same zone as the matcher
    naive = pd.DataFrame({"created_at": pd.to_datetime(["2026-03-02 09:59:59", "2026-03-02 10:00:00"])})
    assert kept(where, naive, timezone="Europe/Ljubljana") == [False, True]
    # a matcher with an offset is an instant
    assert kept("{created_at: {ge: '2026-03-02T09:00:00+00:00'}}", aware, "Europe/Ljubljana") == [
        False,
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("{channel: {present: true}}", [True, True, True, False, True]),
        ("{channel: {present: false}}", [False, False, False, True, False]),
        ("{priority: {present: true}}", [True, True, True, True, False]),  # NaN is missing
        ("{queue: {present: false}}", [False, True, False, False, False]),
    ],
)
def test_present(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # all column matchers must hold
        ("{channel: phone, queue: sales}", [True, False, False, False, False]),
        # any: one of the alternatives must hold
        ("{any: [{channel: chat}, {priority: {ge: 3}}]}", [False, True, True, True, False]),
        ("{any: [{channel: phone, queue: billing}, {vip: true}]}", [True, False, True, False, True]),
        # columns and any together: both must hold
        ("{queue: sales, any: [{channel: phone}, {channel: {present: false}}]}", [True, False, False, True, False]),
        # an any inside an any
        ("{any: [{channel: email}, {any: [{priority: 1}, {priority: 4}]}]}", [True, False, True, True, False]),
    ],
)
def test_all_matchers_must_hold_and_any_is_an_or(where: str, expected: list[bool]) -> None:
    assert kept(where) == expected


def test_a_where_column_that_is_missing_is_a_data_error() -> None:
    with pytest.raises(DataError) as caught:
        kept("{chanel: phone}")
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("s", "chanel", "column_missing")
    assert problem.hint == "did you mean 'channel'?"


def test_comparing_a_text_column_with_a_number_is_a_data_error() -> None:
    with pytest.raises(DataError) as caught:
        kept("{channel: {gt: 3}}")
    [problem] = caught.value.problems
    assert (problem.standard, problem.column) == ("s", "channel")


def test_targets_use_the_same_matchers() -> None:
    standards = svcstandards.loads(
        textwrap.dedent(
            """
            version: 1
            standards:
              - id: reply
                measure: {from: created_at, to: replied_at}
                targets:
                  - {where: {any: [{vip: true}, {priority: {le: 1}}]}, within: 1h}
                  - {where: {channel: {not: phone}}, within: 4h}
                floor: 50%
            """
        )
    )
    created = pd.Timestamp("2026-03-02 08:00")
    data = PEOPLE.assign(created_at=created, replied_at=created + pd.Timedelta(hours=2))
    # rows: phone vip prio 1 -> 1 h target, missed; chat -> 4 h, met; email vip -> 1 h, missed;
    # no channel -> 4 h (not phone), met; phone, not vip, no priority -> no target
    assert evaluate(standards, data).outcomes("reply").tolist() == [
        "missed",
        "met",
        "missed",
        "met",
        "out_of_scope",
    ]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("channel", "phone"),
        ("channel", "fax"),
        ("priority", "2"),  # YAML reads the number 2
        ("priority", "2.0"),
        ("priority", "9"),
        ("vip", "true"),
        ("queue", "billing"),
        ("queue", "support"),
    ],
)
def test_a_value_raises_a_warning_exactly_when_no_row_matches_it(column: str, value: str) -> None:
    # the occurrence check and the mask agree: same equality (2 == 2.0), same missing values
    standards = svcstandards.loads(
        f"version: 1\nstandards:\n  - id: s\n    where: {{{column}: {value}}}\n"
        "    measure: {flag: always}\n    floor: 50%\n"
    )
    report = evaluate(standards, PEOPLE.assign(always=True))
    matched = bool((report.outcomes("s") == "met").any())
    assert [p.code for p in report.problems] == ([] if matched else ["where_value_unseen"])
