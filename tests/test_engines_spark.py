"""Spark: a Spark DataFrame scored where it is, whatever the session's time zone.

Spark's ``TIMESTAMP_NTZ`` columns are wall-clock times in the file's time
zone (as naive pandas columns), ``TIMESTAMP`` columns instants (as aware
ones). The session's own zone (``spark.sql.session.timeZone``) must change
nothing: the local days around the changes of the clocks are the same with
the session in UTC and in Asia/Tokyo, and the same as pandas'. One local
session serves the whole run (``engine_cases.spark_session``); the tests are
skipped, with the reason shown, without PySpark or Java.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from engine_cases import SPARK, T0, calls, counts, expect, load, on, spark_session, table
from svcstandards import evaluate
from svcstandards.cli import main
from svcstandards.errors import UsageError

pytestmark = list(SPARK.marks)


@pytest.fixture
def session_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The Spark session's time zone set to the test's parameter, and set back afterwards."""
    spark = spark_session()
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", request.param)
    yield request.param
    spark.conf.set("spark.sql.session.timeZone", before)


#: Per zone, the Sundays its clocks change in 2026 (forward, back) and a wall time repeated on the second.
CHANGES = {
    "Europe/Ljubljana": ("2026-03-29", "2026-10-25", "02:30:00"),
    "America/New_York": ("2026-03-08", "2026-11-01", "01:30:00"),
}

BOTH = """
version: 1
timezone: {timezone}
standards:
  - {{id: naive, measure: {{from: offered_naive, to: answered_naive}}, within: 20s, floor: 50%, period: day}}
  - {{id: aware, measure: {{from: offered_aware, to: answered_aware}}, within: 20s, floor: 50%, period: day}}
"""


@pytest.mark.parametrize("session_zone", ["UTC", "Asia/Tokyo"], indirect=True)
@pytest.mark.parametrize("timezone", ["Europe/Ljubljana", "America/New_York"])
def test_local_days_around_the_changes_of_the_clocks_do_not_depend_on_the_session_zone(
    session_zone: str, timezone: str
) -> None:
    spring, autumn, repeated = CHANGES[timezone]
    day, at = pd.Timedelta(days=1), pd.Timedelta
    s, a = pd.Timestamp(spring), pd.Timestamp(autumn)
    naive = [
        s - day + at("23:30:00"),  # Saturday before the change
        s + at("00:30:00"),  # Sunday, winter time
        s + at("02:30:00"),  # skipped: moves forward to 03:00 (and so does its answer, 10 s later: 0 s)
        s + at("23:30:00"),  # Sunday, summer time (a 23-hour day)
        a + at(repeated),  # repeated when the clocks go back: the first occurrence
        a + at("23:59:50"),  # the last minute of the 25-hour day
        a + day + at("00:00:10"),  # Monday
    ]
    # the same days as instants (the skipped and the repeated times replaced by times that exist once)
    local = [*naive[:2], s + at("03:30:00"), naive[3], a + at("00:30:00"), *naive[5:]]
    aware = pd.Series(pd.to_datetime(local)).dt.tz_localize(timezone).dt.tz_convert("UTC")
    waits = pd.to_timedelta([10, 30, 10, 10, 10, 10, 30], unit="s")
    offered = pd.Series(pd.to_datetime(naive))
    data = pd.DataFrame(
        {
            "offered_naive": offered,
            "answered_naive": offered + waits,
            "offered_aware": aware,
            "answered_aware": aware + waits,
        }
    )
    found = table("spark", load(BOTH.format(timezone=timezone)), data)
    # days: the Saturday (1 call, met), the change (3, the 30 s one missed), the change back (2, met),
    # the Monday after (1, missed); for naive and aware times alike, with the session in UTC or in Tokyo
    days = [pd.Timestamp(d, tz=timezone) for d in (s - day, s, a, a + day)]
    for standard in ("naive", "aware"):
        rows = found[found["standard"] == standard]
        assert rows["period"].tolist() == days
        assert counts(found, standard) == [
            expect(n=1, met=1, missed=0),
            expect(n=3, met=2, missed=1),
            expect(n=2, met=2, missed=0),
            expect(n=1, met=0, missed=1),
        ]


ANSWERED = """
version: 1
standards:
  - {id: answered-20s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 80%}
  - {id: abandons, measure: {flag: abandoned}, ceiling: 25%}
"""


def _data() -> pd.DataFrame:
    # waits 5, 30, 50, 10 s and one open call; abandoned: calls 1 and 3
    frame = calls([5, 30, 50, 10, None])
    frame["abandoned"] = [False, True, False, True, False]
    return frame


@pytest.mark.parametrize("session_zone", ["Asia/Tokyo"], indirect=True)
def test_breaches_are_a_spark_dataframe_with_the_pandas_rows_and_columns(session_zone: str) -> None:
    as_of = T0 + pd.Timedelta(minutes=10)
    expected = evaluate(load(ANSWERED), _data(), as_of=as_of)
    report = evaluate(load(ANSWERED), on("spark", _data()), as_of=as_of)
    rows = report.breaches("answered-20s")
    assert type(rows).__module__.startswith("pyspark.sql")  # nothing collected yet
    found = rows.toPandas().sort_values("offered_at", kind="stable").reset_index(drop=True)
    # calls 1 and 2 missed by 10 s and 30 s; the open call missed at as_of, 6 min after it was offered (over 5m40s)
    assert found["over"].dt.total_seconds().tolist() == [10.0, 30.0, 340.0]
    wanted = expected.breaches("answered-20s").reset_index(drop=True)
    # a Spark TIMESTAMP comes back as the session zone's wall clock
    found["deadline"] = found["deadline"].dt.tz_localize(session_zone).dt.tz_convert("UTC")
    pd.testing.assert_frame_equal(found, wanted, check_dtype=False)
    text = report.breaches_text("answered-20s", limit=1)  # the furthest over only
    assert "missed   6m 00s    20s     5m 40s  2026-03-02 18:04:20" in text.splitlines()[1]  # deadline: Tokyo


def test_a_pandas_frame_or_a_file_is_scored_in_the_active_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spark_session()  # the active session: evaluate(engine="spark") and the command line use it
    standards = load(ANSWERED)
    as_of = "2026-03-02T09:10:00"
    # 2 of 4 decided within 20 s, the open call (offered 09:04, judged at 09:10) missed: 2 met of 5
    wanted = [
        {"standard": "answered-20s", "n": 5, "met": 2, "missed": 3},
        {"standard": "abandons", "n": 5, "met": 2, "missed": 3},
    ]
    report = evaluate(standards, _data(), engine="spark", as_of=as_of)
    assert report.results[0].engine == "spark"  # type: ignore[attr-defined]
    assert report.to_frame()[["standard", "n", "met", "missed"]].to_dict("records") == wanted
    _data().to_parquet(tmp_path / "calls.parquet")
    _data().to_csv(tmp_path / "calls.csv", index=False, date_format="%Y-%m-%dT%H:%M:%S")
    for name in ("calls.parquet", "calls.csv"):
        found = evaluate(standards, str(tmp_path / name), engine="spark", as_of=as_of).to_frame()
        assert found[["standard", "n", "met", "missed"]].to_dict("records") == wanted, name
    path = tmp_path / "standards.yaml"
    path.write_text(ANSWERED)
    argv = ["evaluate", str(path), str(tmp_path / "calls.parquet"), "--as-of", as_of, "--format", "csv"]
    assert main([*argv, "--engine", "spark", "--fail-on", "never"]) == 0
    spark_out = capsys.readouterr().out
    main([*argv, "--engine", "pandas", "--fail-on", "never"])
    assert spark_out == capsys.readouterr().out


def test_a_spark_dataframe_is_not_moved_to_another_engine() -> None:
    frame: Any = on("spark", _data())
    with pytest.raises(UsageError, match="engine='polars' cannot score a Spark DataFrame: it is scored where it is"):
        evaluate(load(ANSWERED), frame, engine="polars")


def test_business_calendars_are_refused_by_name_on_spark() -> None:
    standards = load(
        """
        version: 1
        calendars:
          office: {hours: {mon-fri: "09:00-17:00"}}
        standards:
          - {id: office, measure: {from: offered_at, to: answered_at, calendar: office}, within: 1h, floor: 80%}
        """
    )
    with pytest.raises(UsageError, match=r"not yet supported on the spark engine: business calendars \(calendar:"):
        evaluate(standards, on("spark", calls([10, 30])))
