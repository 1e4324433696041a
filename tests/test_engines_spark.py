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

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from engine_cases import SPARK, T0, calls, counts, expect, load, on, spark_session, table
from svcstandards import evaluate
from svcstandards.cli import main
from svcstandards.engines.lazy._spark import java_pattern
from svcstandards.errors import UsageError

pytestmark = list(SPARK.marks)


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


# -- business calendars and data as exported ---------------------------------------------------------

H = 3600.0


def _by_id(found: pd.DataFrame, standard: str) -> list[float]:
    rows = found[found["standard"] == standard]
    return [float(v) for v in rows.sort_values("id")["value"]]


# each zone with one session zone (the clock-change tests above cross them all): the Spark share stays small
@pytest.mark.parametrize(
    ("session_zone", "timezone"),
    [("Asia/Tokyo", "Europe/Ljubljana"), ("UTC", "America/New_York")],
    indirect=["session_zone"],
)
def test_open_time_on_the_days_the_clocks_change_does_not_depend_on_the_session_zone(
    session_zone: str, timezone: str
) -> None:
    spring, autumn, _ = CHANGES[timezone]
    day = pd.Timedelta(days=1)
    data = pd.DataFrame(
        {
            "id": [0, 1, 2],
            "a": pd.to_datetime([f"{spring} 00:00", f"{autumn} 00:00", pd.Timestamp(spring) - day / 2]),
            "b": pd.to_datetime([f"{spring} 06:00", f"{autumn} 06:00", f"{spring} 12:00"]),
        }
    )
    standards = load(
        f"""
        version: 1
        timezone: {timezone}
        calendars:
          early: {{hours: {{mon-sun: "01:00-05:00"}}}}
          always: {{hours: {{mon-sun: "00:00-24:00"}}}}
        standards:
          - {{id: early, measure: {{from: a, to: b, calendar: early}}, max: {{at_most: 100h}}}}
          - {{id: always, measure: {{from: a, to: b, calendar: always}}, max: {{at_most: 100h}}}}
        """
    )
    found = table("spark", standards, data, by="id")
    # open 01:00-05:00 every day: 3 h when the clocks go forward, 5 h when they go back; from noon the day
    # before spring, only the spring night counts
    assert _by_id(found, "early") == [3 * H, 5 * H, 3 * H]
    # always open: the wall clock's 6 hours are 5 and 7; noon to noon over the spring night is 23 h
    assert _by_id(found, "always") == [5 * H, 7 * H, 23 * H]


@pytest.mark.parametrize("session_zone", ["Asia/Tokyo"], indirect=True)
def test_holidays_during_and_a_pause_on_a_calendar(session_zone: str) -> None:
    standards = load(
        """
        version: 1
        timezone: Europe/Ljubljana
        calendars:
          office: {hours: {mon-fri: "08:00-16:00"}, holidays: {country: SI, dates: [2026-04-07]}}
        standards:
          - {id: email, measure: {from: a, to: b, calendar: office}, within: 8h, floor: 80%}
          - {id: opened, measure: {from: a, to: b, calendar: office}, within: 8h, floor: 80%,
             where: {a: {during: office}}}
          - {id: paused, measure: {from: a, to: b, pause: {from: ps, to: pe}, calendar: office}, within: 6h,
             floor: 80%}
        """
    )
    at = pd.to_datetime
    data = pd.DataFrame(
        {
            "a": at(["2026-04-03 12:00", "2026-04-03 12:00", "2026-04-04 10:00", "2026-04-02 15:00", None]),
            "b": at(
                ["2026-04-08 11:00", "2026-04-08 13:00", "2026-04-08 08:00", "2026-04-03 15:00", "2026-04-08 00:00"]
            ),
            "ps": at(["2026-04-03 15:00", None, None, None, None]),
            "pe": at(["2026-04-08 09:00", None, None, None, None]),
        }
    )
    found = table("spark", standards, data)
    # Easter Monday 2026-04-06 is a holiday in Slovenia, Tuesday 2026-04-07 a closed date:
    # Fri 12-16 + Wed 8-11 = 7 h (met); + Wed 8-13 = 9 h (missed); Sat 10:00 to Wed 08:00 = 0 h (met);
    # Thu 15-16 + Fri 8-15 = 8 h (met); no start: invalid
    assert counts(found, "email") == [expect(n=4, met=3, missed=1, invalid=1)]
    # started in open hours: Friday 12:00 twice and Thursday 15:00 (7 h, 9 h, 8 h); Saturday is closed
    assert counts(found, "opened") == [expect(n=3, met=2, missed=1)]
    # the first row's pause Fri 15:00 to Wed 09:00 holds Fri 15-16 and Wed 8-9 open: 7 h - 2 h = 5 h (met);
    # the others have no pause: 9 h missed, 0 h met, 8 h missed; no start: invalid
    assert counts(found, "paused") == [expect(n=4, met=2, missed=2, invalid=1)]


@pytest.mark.parametrize("session_zone", ["America/New_York"], indirect=True)
def test_a_format_markers_and_a_date_with_a_clock_as_exported(session_zone: str) -> None:
    standards = load(
        """
        version: 1
        data: {missing: "n/a"}
        columns:
          opened: {column: opened_at, format: "%d.%m.%y %I:%M %p"}
          queued: {date: day, clock: q_start}
          answered: {date: day, clock: ser_start, missing: "0:00:00", after: queued}
        standards:
          - {id: solved-20s, measure: {from: opened, to: solved_at}, within: 20s, floor: 50%}
          - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 50%}
        """
    )
    data = pd.DataFrame(
        {
            "opened_at": ["08.03.26 2:30 AM", "8.3.99 11:59 pm", "30.02.26 1:00 PM", "n/a"],
            "solved_at": pd.to_datetime(
                ["2026-03-08 02:30:15", "2000-03-09 00:00:00", "2026-03-01 00:00:00", "2026-03-01 00:00:00"]
            ),
            "day": ["2026-03-08", "2026-03-08", "n/a", "2026-03-08"],
            "q_start": ["02:30:00", "23:59:50", "10:00", "9:00"],
            "ser_start": ["2:30:10", "0:00:05", "10:00:05", "0:00:00"],
        }
    )
    found = table("spark", standards, data, as_of="2026-03-09")
    # 2:30 AM on 8 March 2026, a wall time the session's zone skips, read as it is: 15 s, met;
    # '99' is 1999 (not 2099): 8 March 1999 23:59 to 9 March 2000 is a year, missed;
    # 30 February does not read: invalid; 'n/a' marks no value: invalid
    assert counts(found, "solved-20s") == [expect(n=2, met=1, missed=1, invalid=2)]
    # 02:30:00 -> 02:30:10 is 10 s, met; 23:59:50 -> 0:00:05 (more than 12 h earlier: the next day) 15 s,
    # met; no date ('n/a'): invalid; not answered (0:00:00) by as_of: missed
    assert counts(found, "answered-20s") == [expect(n=3, met=2, missed=1, invalid=1)]


def test_a_format_becomes_a_java_pattern_with_its_literals_quoted() -> None:
    assert java_pattern("%d.%m.%y %I:%M %p") == "d'.'M'.'yy' 'h':'m' 'a"
    # a run of blanks is one blank; %f after a dot reads up to six digits; %% is a literal
    assert java_pattern("%Y-%m-%dT%H:%M:%S.%f  %%'") == "yyyy'-'M'-'d'T'H':'m':'s'.'SSSSSS' %'''"


def test_a_twelve_hour_clock_without_am_or_pm_is_refused_by_name() -> None:
    standards = load(
        """
        version: 1
        columns:
          opened: {column: opened_at, format: "%d.%m.%Y %I:%M"}
        standards:
          - {id: solved-20s, measure: {from: opened, to: solved_at}, within: 20s, floor: 50%}
        """
    )
    data = pd.DataFrame({"opened_at": ["02.03.2026 09:00"], "solved_at": pd.to_datetime(["2026-03-02 09:00:25"])})
    with pytest.raises(UsageError, match=r"the spark engine cannot read the format '%d.%m.%Y %I:%M' of 'opened_at' "):
        evaluate(standards, on("spark", data))
