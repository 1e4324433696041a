"""Unusual but valid inputs, end to end through ``evaluate``: they give the numbers or the library's own error.

Times in the comments are worked out by hand from the clock changes of 2026 in
Europe/Ljubljana: +01:00 to +02:00 on 29 March at 01:00 UTC (02:00 local becomes
03:00), back on 25 October at 01:00 UTC (03:00 local becomes 02:00).
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate

LJUBLJANA = "Europe/Ljubljana"

ANSWERED = svcstandards.loads(
    textwrap.dedent(
        """\
        version: 1
        timezone: Europe/Ljubljana
        standards:
          - id: answered
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 50%
            period: day
        """
    )
)

# Naive wall-clock times in Ljubljana around both clock changes:
# - 25 Oct 02:30 happens twice; the first occurrence (CEST) is taken for both times: 15 s, met;
# - 29 Mar 02:30 does not exist and moves forward to 03:00 CEST: answered at 03:00:30, 30 s, missed.
CLOCK_CHANGES = pd.DataFrame(
    {
        "offered_at": pd.to_datetime(["2026-10-25 02:30", "2026-03-29 02:30"]),
        "answered_at": pd.to_datetime(["2026-10-25 02:30:15", "2026-03-29 03:00:30"]),
    }
)


def day_counts(report: svcstandards.Report) -> list[tuple[str, int, int, int]]:
    table = report.to_frame()
    return [
        (str(period.date()), int(n), int(met), int(missed))
        for period, n, met, missed in zip(table["period"], table["n"], table["met"], table["missed"], strict=True)
    ]


# -- pyarrow-backed columns ------------------------------------------------------------------------------------


def test_pyarrow_naive_timestamps_are_wall_clock_times_across_clock_changes() -> None:
    pytest.importorskip("pyarrow")
    data = CLOCK_CHANGES.astype("timestamp[ns][pyarrow]")
    report = evaluate(ANSWERED, data)
    assert day_counts(report) == [("2026-03-29", 1, 0, 1), ("2026-10-25", 1, 1, 0)]
    assert report.breaches("answered")["measured"].tolist() == [pd.Timedelta(seconds=30)]
    assert report.to_frame().equals(evaluate(ANSWERED, CLOCK_CHANGES).to_frame())
    assert str(data["offered_at"].dtype) == "timestamp[ns][pyarrow]"  # the caller's frame is left as it was


@pytest.mark.parametrize("zone", ["UTC", LJUBLJANA])
def test_pyarrow_aware_timestamps_are_instants(zone: str) -> None:
    pytest.importorskip("pyarrow")
    # the same instants as CLOCK_CHANGES: 25 Oct 00:30:00 -> 00:30:15 UTC (15 s), 29 Mar 01:00:00 -> 01:00:30 UTC (30 s)
    utc = pd.DataFrame(
        {
            "offered_at": pd.to_datetime(["2026-10-25 00:30", "2026-03-29 01:00"]).tz_localize("UTC"),
            "answered_at": pd.to_datetime(["2026-10-25 00:30:15", "2026-03-29 01:00:30"]).tz_localize("UTC"),
        }
    )
    data = utc.apply(lambda column: column.dt.tz_convert(zone)).astype(f"timestamp[us, tz={zone}][pyarrow]")
    report = evaluate(ANSWERED, data)
    assert day_counts(report) == [("2026-03-29", 1, 0, 1), ("2026-10-25", 1, 1, 0)]
    assert report.breaches("answered")["measured"].tolist() == [pd.Timedelta(seconds=30)]


def test_pyarrow_durations_are_durations() -> None:
    pytest.importorskip("pyarrow")
    standards = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            time: created_at
            standards:
              - {id: handled, measure: {column: handle_time}, at_most: 5m, floor: 50%}
              - {id: mean, measure: {column: handle_time}, mean: {at_most: 5m}}
            """
        )
    )
    data = pd.DataFrame(
        {
            "created_at": pd.to_datetime(["2026-03-02 09:00"] * 3),
            "handle_time": pd.Series(pd.to_timedelta(["4m", "7m", None])).astype("duration[ns][pyarrow]"),
        }
    )
    report = evaluate(standards, data)
    # 4 min is met, 7 min missed, a blank duration is out of scope; the mean is (240 + 420) / 2 = 330 s
    assert report.outcomes("handled").tolist() == ["met", "missed", "out_of_scope"]
    table = report.to_frame().set_index("standard")
    assert (table.loc["handled", "met"], table.loc["handled", "missed"]) == (1, 1)
    assert (table.loc["mean", "value"], table.loc["mean", "status"]) == (330.0, "fail")


# -- numbers are not times -------------------------------------------------------------------------------------

CREATED = pd.DataFrame({"created_at": pd.to_datetime(["2025-03-02 09:00", "2026-03-02 09:00"]), "always": True})


@pytest.mark.parametrize(("written", "shown"), [("2026", "2026"), ("20260301", "20260301"), ("2026.5", "2026.5")])
def test_a_number_compared_with_a_timestamp_column_is_a_data_error(written: str, shown: str) -> None:
    # before, 2026 was read as 2026 ns after 1970-01-01 and {ge: 2026} kept every row
    standards = svcstandards.loads(
        "version: 1\nstandards:\n"
        f"  - {{id: s, where: {{created_at: {{ge: {written}}}}}, measure: {{flag: always}}, floor: 50%}}\n"
    )
    with pytest.raises(svcstandards.DataError) as caught:
        evaluate(standards, CREATED)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code, problem.message, problem.hint) == (
        "s",
        "created_at",
        "where_value",
        f"cannot compare timestamps with {shown}",
        "write a date or date-time such as 2026-03-01",
    )


def test_a_number_is_no_as_of_time() -> None:
    standards = svcstandards.loads(
        "version: 1\nstandards:\n  - {id: s, measure: {flag: always}, floor: 50%, time: created_at}\n"
    )
    with pytest.raises(svcstandards.InvalidArgumentError) as caught:
        evaluate(standards, CREATED, as_of=2026)
    assert str(caught.value) == "as_of must be a timestamp, got 2026"


# -- deadlines -------------------------------------------------------------------------------------------------


def test_a_deadline_after_2261_is_missing_not_wrapped_around() -> None:
    standards = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            timezone: Asia/Tokyo
            standards:
              - {id: delivered, measure: {from: shipped_at, to: delivered_at}, within: 36525d, floor: 50%}
            """
        )
    )
    data = pd.DataFrame(
        {
            "shipped_at": pd.to_datetime(["2261-06-01 09:00", "2161-03-02 09:00"]),
            "delivered_at": pd.to_datetime([None, None]),
        }
    )
    report = evaluate(standards, data, as_of="2261-12-31")
    breaches = report.breaches("delivered", ["pending", "missed"])
    assert breaches["outcome"].tolist() == ["pending", "missed"]
    # 2261-06-01 + 36,525 days is in 2361: no deadline (before, int64 ns wrapped around to 1777);
    # 2161-03-02 + 36,525 days: 100 years with 24 leap days (2164..2260 without 2200) are 36,524 days,
    # so 2261-03-02, and one more day
    assert breaches["deadline"].isna().tolist() == [True, False]
    assert breaches["deadline"].iloc[1] == pd.Timestamp("2261-03-03 09:00", tz="Asia/Tokyo")


# -- where operators without a value ---------------------------------------------------------------------------


def test_an_operator_without_a_value_stops_the_evaluation(tmp_path: Path) -> None:
    # before, {not: } passed the checks and kept every row
    path = tmp_path / "calls.yaml"
    path.write_text(
        "version: 1\n"
        "standards:\n"
        "  - id: s\n"
        "    where: {channel: {not: }}\n"
        "    measure: {flag: always}\n"
        "    floor: 50%\n",
        encoding="utf-8",
    )
    data = pd.DataFrame({"channel": ["phone", "email"], "always": True})
    with pytest.raises(svcstandards.StandardsError) as caught:
        evaluate(path, data)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path, problem.code) == (
        4,
        23,
        "standards[0].where.channel.not",
        "where_empty",
    )
    assert problem.message == "the operator not: has no value; it would match every row"
    assert (
        problem.hint
        == "give the value to leave out, e.g. not: phone; or write present: true for rows that have a value"
    )


# -- the JSON document ------------------------------------------------------------------------------------------

BY_G = svcstandards.loads("version: 1\nstandards:\n  - {id: s, measure: {flag: ok}, floor: 50%, by: [g]}\n")


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (pd.to_timedelta(["1m", "90s"]), [60.0, 90.0]),  # durations are seconds, as everywhere in the document
        (pd.Series(pd.to_timedelta(["1500ms", None])), [1.5, None]),
        ([decimal.Decimal("1.5"), decimal.Decimal("2")], [1.5, 2.0]),
        (pd.period_range("2026-01", periods=2, freq="M"), ["2026-01", "2026-02"]),
        (np.array(["2026-01-01", "2026-01-02"], dtype="datetime64[s]"), ["2026-01-01T00:00:00", "2026-01-02T00:00:00"]),
        ([datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)], ["2026-01-01", "2026-01-02"]),
        ([datetime.time(9, 0), datetime.time(17, 30)], ["09:00:00", "17:30:00"]),
        ([(1, "a"), (2, pd.Timedelta(seconds=1))], [[1, "a"], [2, 1.0]]),
        ([1.0, math.inf], [1.0, None]),  # json.dumps would write Infinity, which JSON does not have
        (pd.Series([pd.Interval(0, 1), pd.Interval(1, 2)]), ["(0, 1]", "(1, 2]"]),
        (pd.Series([1, 2], dtype="uint8"), [1, 2]),
        (np.array(["a", "b"], dtype=np.str_), ["a", "b"]),
    ],
    ids=[
        "timedelta",
        "timedelta-missing",
        "decimal",
        "period",
        "datetime64",
        "date",
        "time",
        "tuple",
        "infinity",
        "interval",
        "uint8",
        "numpy-text",
    ],
)
def test_every_group_value_is_plain_json(groups: object, expected: list[object]) -> None:
    data = pd.DataFrame({"g": groups, "ok": [True, False]})
    text = evaluate(BY_G, data).to_json()
    rows = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))["standards"][0]["rows"]
    assert [row["g"] for row in rows] == expected
    assert [row["n"] for row in rows] == [1, 1]


def test_a_timedelta_group_reads_as_a_timedelta_in_the_text_views() -> None:
    data = pd.DataFrame({"g": pd.to_timedelta(["1m", "90s"]), "ok": [True, False]})
    assert "s [g=0 days 00:01:30]: 0% met of 1" in evaluate(BY_G, data).to_junit()


# -- numbers in a timestamp column ------------------------------------------------------------------------------


def test_numbers_in_a_column_of_iso_text_are_a_data_error_without_pandas_warnings() -> None:
    data = pd.DataFrame(
        {
            "offered_at": pd.Series(["2026-03-02 09:00", 1772442000, 2026.0, None], dtype=object),
            "answered_at": pd.to_datetime(["2026-03-02 09:00:10"] * 4),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter(
            "error"
        )  # before, pandas warned that to_datetime with a format will read numbers as epochs
        with pytest.raises(svcstandards.DataError) as caught:
            evaluate(ANSWERED, data)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("answered", "offered_at", "timestamp_type")
    assert problem.message == (
        "expected timestamps; 2 of 3 values are not ISO 8601 date-times: 1772442000 (row 1), 2026.0 (row 2)"
    )
