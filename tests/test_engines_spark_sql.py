"""Spark counts by Spark SQL: each query that reads the rows is one statement, transpiled from DuckDB's.

The engine builds its queries on a DuckDB stand-in of the Spark DataFrame
and sends each one to Spark as one SQL statement (``engines/lazy/_spark_sql``):
the latest times and ``where`` values first, then the counting of a batch of
standards. What is not one statement on the data (a calendar's table, a
median's second query) is counted through narwhals, as before. Either way
the results are the pandas engine's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from engine_cases import CONTACT_CENTRE, SPARK, T0, calls, counts, expect, load, on, spark_session, table
from svcstandards import evaluate
from svcstandards.engines.lazy import _run
from svcstandards.errors import DataError

pytestmark = list(SPARK.marks)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements sent to Spark with the data (``spark.sql(text, data=frame)``), in order."""
    spark = spark_session()
    sent: list[str] = []
    original = type(spark).sql

    def sql(self: Any, query: str, args: Any = None, **frames: Any) -> Any:
        if "data" in frames:
            sent.append(query)
        return original(self, query, args, **frames)

    monkeypatch.setattr(type(spark), "sql", sql)
    return sent


def _contact_centre_calls() -> pd.DataFrame:
    # waits 5, 25, 130 s, an abandon after 3 s (short) and one after 40 s, one open call; two queues, two days
    frame = calls([5, 25, 130, None, None, None], [None, None, None, 3, 40, None])
    frame["channel"] = ["phone", "phone", "phone", "phone", "phone", "email"]
    frame["queue"] = ["sales", "sales", "billing", "billing", "sales", "sales"]
    frame["hold_seconds"] = [10.0, 70.0, None, 0.0, 0.0, 5.0]
    frame["abandoned"] = frame["abandoned_at"].notna()
    frame.loc[2, ["offered_at", "answered_at"]] += pd.Timedelta(days=1)
    return frame


def test_a_file_of_contact_centre_standards_is_two_statements_latest_times_then_the_counts(
    statements: list[str],
) -> None:
    standards = load(CONTACT_CENTRE.read_text())
    found = table("spark", standards, _contact_centre_calls(), by=["queue"], period="day")
    # five standards share the queue x day keys: one counting statement after the one of the latest times
    assert len(statements) == 2
    assert "GROUP BY" in statements[1]
    assert "__svc_period" in statements[1]
    # sales, day 1: waits 5 s (met) and 25 s (missed), an abandon after 40 s (missed); the e-mail is not a call
    assert counts(found[found["queue"] == "sales"], "calls-answered-20s") == [expect(3, 1, 2)]
    # billing: the abandon after 3 s is left out (short) on day 1; 130 s on day 2 is missed
    assert counts(found[found["queue"] == "billing"], "calls-answered-20s") == [expect(0, 0, 0, 0, 1), expect(1, 0, 1)]


@pytest.mark.parametrize("session_zone", ["Europe/Ljubljana", "America/New_York"], indirect=True)
def test_a_wall_clock_in_the_session_zones_spring_forward_hour_is_read_as_it_is(
    session_zone: str, statements: list[str]
) -> None:
    # the file's times are UTC wall clocks; 02:59:55 does not exist on the session zone's clocks that night:
    # Spark's own difference of times would read it an hour late, and the answer at 03:00:05 before the offer
    night = {"Europe/Ljubljana": "2026-03-29", "America/New_York": "2026-03-08"}[session_zone]
    offered = pd.Timestamp(f"{night} 02:59:55")
    data = pd.DataFrame(
        {
            "offered_at": [offered, offered + pd.Timedelta(hours=2)],
            "answered_at": [offered + pd.Timedelta(seconds=10), offered + pd.Timedelta(hours=2, seconds=30)],
        }
    )
    standards = load(
        """
        version: 1
        standards:
          - {id: answered-20s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 80%, period: day}
        """
    )
    found = table("spark", standards, data)
    assert counts(found, "answered-20s") == [expect(2, 1, 1)]  # 10 s met, 30 s missed; nothing invalid
    assert statements  # counted by Spark SQL


def test_a_where_value_with_braces_and_quotes_is_text_in_the_statement(statements: list[str]) -> None:
    data = calls([5, 30, 10])
    data["queue"] = ["{vip}'s", "{vip}'s", "other"]
    standards = load(
        """
        version: 1
        standards:
          - id: vip-20s
            measure: {from: offered_at, to: answered_at}
            where: {queue: "{vip}'s"}
            within: 20s
            floor: 80%
        """
    )
    assert counts(table("spark", standards, data), "vip-20s") == [expect(2, 1, 1)]  # the third call is another queue
    assert len(statements) == 2


def test_a_where_value_that_never_occurs_is_refused_with_the_spelling_spark_found(statements: list[str]) -> None:
    data = calls([5, 30])
    data["channel"] = ["Phone", "Phone"]
    standards = load(
        """
        version: 1
        standards:
          - {id: phone-20s, measure: {from: offered_at, to: answered_at}, where: {channel: phone}, within: 20s,
             floor: 80%}
        """
    )
    with pytest.raises(DataError) as expected:
        evaluate(standards, data)
    with pytest.raises(DataError) as found:
        evaluate(standards, on("spark", data))
    assert str(found.value) == str(expected.value)
    assert "'phone' never occurs in column 'channel'; did you mean 'Phone'?" in str(found.value)
    assert len(statements) == 2  # the latest times and where values, then the column's spellings; nothing counted


def test_a_median_is_counted_through_narwhals_with_the_pandas_numbers(
    statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    routes: list[bool] = []
    by_sql = _run.by_spark_sql

    def spy(*args: Any, **options: Any) -> Any:
        done = by_sql(*args, **options)
        routes.append(done is not None)
        return done

    monkeypatch.setattr(_run, "by_spark_sql", spy)
    standards = load(
        """
        version: 1
        standards:
          - {id: median-wait, measure: {from: offered_at, to: answered_at}, median: {at_most: 20s}}
        """
    )
    found = table("spark", standards, calls([5, 30, 10, 50]))
    assert found["value"].tolist() == [20.0]  # the median of 5, 10, 30, 50 s
    assert routes == [False]  # the second query (the decided rows by value) is not one statement on the data


def test_breaches_of_a_result_counted_by_spark_sql_are_the_pandas_rows(statements: list[str]) -> None:
    standards = load(CONTACT_CENTRE.read_text())
    data = _contact_centre_calls()
    as_of = T0 + pd.Timedelta(hours=1)
    expected = evaluate(standards, data, as_of=as_of).breaches("calls-answered-20s")
    rows = evaluate(standards, on("spark", data), as_of=as_of).breaches("calls-answered-20s")
    assert type(rows).__module__.startswith("pyspark.sql")
    found = rows.toPandas().sort_values("offered_at").reset_index(drop=True)
    expected = expected.sort_values("offered_at").reset_index(drop=True)
    assert found["offered_at"].tolist() == expected["offered_at"].tolist()
    # in order of offer: answered after 25 s (over by 5 s), abandoned after 40 s (20 s), answered after 130 s
    assert found["over"].dt.total_seconds().tolist() == [5.0, 20.0, 110.0]
    assert found["over"].tolist() == expected["over"].tolist()
