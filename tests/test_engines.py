"""The same results on every engine: pandas, Polars, DuckDB and Spark (the last three lazily, through narwhals).

Each test scores one table on the pandas engine and on each installed lazy
engine, and asserts that ``report.to_frame()`` is the same (counts exactly,
shares to 1e-9); hand-computed numbers say what that table is. Polars,
DuckDB and Spark are skipped, with the reason shown, when they are not
installed. Spark (a local session, seconds per query) runs the tests marked
``WITH_SPARK``, which between them use every primitive the lazy engine runs.
Time zones are the trap: local days around the changes of the clocks are
tested in Europe/Ljubljana and America/New_York.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from engine_cases import (
    CONTACT_CENTRE,
    ENGINES,
    LAZY,
    SPARK,
    T0,
    WITH_SPARK,
    calls,
    counts,
    expect,
    load,
    on,
    table,
)
from svcstandards import DataError, StandardSet, evaluate
from svcstandards.errors import UsageError
from svcstandards.sample import interactions

# -- the bundled contact-centre standards on synthetic calls ----------------------------------------


def _contact_centre(timezone: str) -> StandardSet:
    text = CONTACT_CENTRE.read_text(encoding="utf-8").replace("timezone: UTC", f"timezone: {timezone}")
    return svcstandards.loads(text)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("timezone", ["UTC", "Europe/Ljubljana", "America/New_York"])
@pytest.mark.parametrize("period", ["day", "week", "month", "quarter", "year"])
def test_the_contact_centre_standards_by_queue_and_period(engine: str, timezone: str, period: str) -> None:
    # 45 days from 2026-03-02: both March changes of the clocks (New York 03-08, Ljubljana 03-29)
    data = interactions(days=45, per_day=150)
    found = table(engine, _contact_centre(timezone), data, by="queue", period=period)
    assert found["n"].sum() > 0
    assert set(found["standard"]) == {
        "calls-answered-20s",
        "calls-answered-2min",
        "abandon-rate",
        "average-speed-of-answer",
        "hold-time-60s",
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_the_contact_centre_standards_ungrouped_with_aware_times(engine: str) -> None:
    data = interactions(days=10, per_day=150)
    for column in ("offered_at", "answered_at", "abandoned_at"):
        data[column] = data[column].dt.tz_localize("UTC")
    found = table(engine, _contact_centre("America/New_York"), data, as_of="2026-03-12")
    assert len(found) == 5


# -- outcomes and conventions, as in test_evaluate ---------------------------------------------------


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_abandons_open_calls_and_broken_rows(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: s
            measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
            within: 20s
            floor: 80%
            abandons: {count_as: missed, ignore_shorter_than: 5s}
        """
    )
    data = calls([10, 20, 21, None, None, None, -5], [None, None, None, 3, 30, None, None])
    data.loc[7] = [pd.NaT, T0, pd.NaT]
    # 10 s, 20 s met; 21 s missed; abandoned after 3 s excluded, after 30 s missed;
    # call 5 open at as_of = T0 + 6 min (the latest time): waited 60 s > 20 s, missed;
    # answered 5 s before it was offered, and no offered time: invalid
    found = table(engine, standards, data)
    assert counts(found, "s") == [expect(n=5, met=2, missed=3, excluded=1, invalid=2)]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_open_call_within_its_limit_is_pending(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 2m, floor: 80%}
        """
    )
    # as_of T0 + 90 s: call 0 answered after 10 s (met); call 1, offered at T0 + 60 s, has waited 30 s
    found = table(engine, standards, calls([10, None]), as_of=T0 + pd.Timedelta(seconds=90))
    assert counts(found, "s") == [expect(n=1, met=1, missed=0, pending=1)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_numbers_bands_and_a_timedelta_column(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: csat, measure: {column: csat}, at_least: 4, floor: 85%}
          - {id: band, measure: {column: csat}, at_least: 2, at_most: 4, floor: 50%}
          - {id: handle, measure: {column: handle_time}, at_most: 5m, floor: 50%}
        """
    )
    data = pd.DataFrame(
        {
            "csat": [5, 4, 3, np.nan, 1, 2],
            "handle_time": pd.to_timedelta(["4m", "5m", "5m1s", None, "1s", "6m"]),
        }
    )
    found = table(engine, standards, data)
    # csat >= 4: 5, 4 met; 3, 1, 2 missed; NaN out of scope. 2..4: 4, 3, 2 met; 5, 1 missed
    assert counts(found, "csat") == [expect(n=5, met=2, missed=3)]
    assert counts(found, "band") == [expect(n=5, met=3, missed=2)]
    # 4m, 5m, 1s at most 5 m; 5m1s, 6m over
    assert counts(found, "handle") == [expect(n=5, met=3, missed=2)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_targets_first_match_wins(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: first-reply
            measure: {from: created_at, to: replied_at}
            targets:
              - {where: {priority: urgent}, within: 1h}
              - {where: {priority: [urgent, high]}, within: 4h}
              - {where: {priority: normal}, within: 8h}
            floor: 50%
        """
    )
    created = pd.Timestamp("2026-03-02 08:00")
    hours = [2, 2, 5, 7, 9, 1, 1]
    data = pd.DataFrame(
        {
            "priority": ["urgent", "high", "high", "normal", "normal", "low", None],
            "created_at": [created] * len(hours),
            "replied_at": [created + pd.Timedelta(hours=h) for h in hours],
        }
    )
    # urgent 2 h > 1 h missed; high 2 h met, 5 h missed; normal 7 h met, 9 h missed; low, none: no target
    assert counts(table(engine, standards, data), "first-reply") == [expect(n=5, met=2, missed=3)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_where_matchers_flags_presence_and_ceilings(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: abandons
            where: {channel: {not: chat}, priority: {gt: 1}}
            measure: {flag: abandoned}
            ceiling: 30%
          - id: surveyed
            where: {any: [{channel: phone}, {csat: {present: true}}]}
            measure: {present: csat}
            floor: 50%
          - id: recent
            where: {offered_at: {ge: 2026-03-02T09:02:00}}
            measure: {flag: abandoned}
            ceiling: 50%
        """
    )
    data = pd.DataFrame(
        {
            "channel": ["phone", "phone", "chat", None, "email", "phone"],
            "priority": [2, 3, 2, 2, 1, np.nan],
            "abandoned": [True, False, True, False, True, False],
            "csat": [np.nan, 4.0, 5.0, np.nan, 3.0, np.nan],
            "offered_at": [T0 + pd.Timedelta(minutes=i) for i in range(6)],
        }
    )
    found = table(engine, standards, data)
    # not chat and priority > 1: rows 0, 1, 3 (a missing channel is "not chat"); 1 of 3 abandoned
    assert counts(found, "abandons") == [expect(n=3, met=1, missed=2)]
    # phone or a csat: rows 0, 1, 2, 4, 5; csat present in 1, 2, 4
    assert counts(found, "surveyed") == [expect(n=5, met=3, missed=2)]
    # offered from 09:02: rows 2..5; abandoned 2, 4
    assert counts(found, "recent") == [expect(n=4, met=2, missed=2)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_mean_min_and_max_of_the_decided_rows(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: mean, measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}, mean: {at_most: 30s}}
          - {id: fastest, measure: {column: hold_seconds}, min: {at_most: 5}}
          - {id: slowest, by: [queue], measure: {column: hold_seconds}, max: {at_most: 60, warn: 50}}
        """
    )
    data = calls([10, 20, 60, None, None], [None, None, None, 40, None])
    data["hold_seconds"] = [3.0, np.nan, 55.0, 70.0, 8.0]
    data["queue"] = ["a", "a", "a", "b", "c"]
    found = table(engine, standards, data, as_of=T0 + pd.Timedelta(minutes=10))
    # answered after 10, 20, 60 s; the abandoned call is excluded, the open one pending: (10 + 20 + 60) / 3 = 30
    assert found.loc[found["standard"] == "mean", ["n", "value", "status"]].values.tolist() == [[3, 30.0, "pass"]]
    assert found.loc[found["standard"] == "fastest", "value"].tolist() == [3.0]
    # by queue: a 55 (warn), b 70 (fail), c 8 (pass)
    slowest = found[found["standard"] == "slowest"]
    assert slowest[["queue", "value", "status"]].values.tolist() == [
        ["a", 55.0, "warn"],
        ["b", 70.0, "fail"],
        ["c", 8.0, "pass"],
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_more_standards_than_one_query_counts(engine: str) -> None:
    # seven standards with the same group columns: two queries on a lazy engine (five, then two)
    lines = [
        f"  - {{id: s{i}, where: {{channel: phone}}, measure: {{flag: abandoned}}, ceiling: {10 * i}%}}"
        for i in range(1, 8)
    ]
    standards = svcstandards.loads("version: 1\nstandards:\n" + "\n".join(lines) + "\n")
    data = interactions(days=3, per_day=100)
    found = table(engine, standards, data, by="queue")
    assert found["standard"].unique().tolist() == [f"s{i}" for i in range(1, 8)]


# -- time zones and the changes of the clocks, by hand -------------------------------------------------


ANSWERED_20S = """
version: 1
timezone: {timezone}
time: offered_at
standards:
  - {{id: s, measure: {{from: offered_at, to: answered_at}}, within: 20s, floor: 50%}}
"""


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_naive_times_across_the_spring_change_in_ljubljana(engine: str) -> None:
    standards = svcstandards.loads(ANSWERED_20S.format(timezone="Europe/Ljubljana"))
    stamp = pd.Timestamp
    data = pd.DataFrame(
        {
            "offered_at": [stamp("2026-03-29 01:59:50"), stamp("2026-03-29 02:30:00"), stamp("2026-03-29 01:59:30")],
            "answered_at": [stamp("2026-03-29 03:00:05"), stamp("2026-03-29 03:00:10"), stamp("2026-03-29 03:00:00")],
        }
    )
    # 2026-03-29 02:00 CET -> 03:00 CEST: 01:59:50 to 03:00:05 is 15 s (met); 02:30 does not exist and
    # moves forward to 03:00, so 10 s (met); 01:59:30 to 03:00:00 is 30 s (missed). All on the day 03-29.
    found = table(engine, standards, data, period="day")
    assert counts(found, "s") == [expect(n=3, met=2, missed=1)]
    assert found["period"].tolist() == [pd.Timestamp("2026-03-29", tz="Europe/Ljubljana")]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_an_ambiguous_naive_time_is_its_first_occurrence(engine: str) -> None:
    standards = svcstandards.loads(ANSWERED_20S.format(timezone="Europe/Ljubljana"))
    stamp = pd.Timestamp
    data = pd.DataFrame(
        {
            "offered_at": [stamp("2026-10-25 02:59:55"), stamp("2026-10-25 01:59:55")],
            "answered_at": [stamp("2026-10-25 02:00:05"), stamp("2026-10-25 02:00:10")],
        }
    )
    # 2026-10-25 03:00 CEST -> 02:00 CET: 02:00-02:59 happen twice, read as the first time (CEST).
    # 02:59:55 to 02:00:05 is then 59 min 50 s *before*: answered before offered, invalid.
    # 01:59:55 to 02:00:10 (first 02:00) is 15 s: met.
    found = table(engine, standards, data, period="day")
    assert counts(found, "s") == [expect(n=1, met=1, missed=0, invalid=1)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_local_periods_of_aware_times_around_the_changes_in_new_york(engine: str, period: str) -> None:
    standards = svcstandards.loads(ANSWERED_20S.format(timezone="America/New_York"))
    utc = ["2026-03-08 05:30", "2026-03-09 03:30", "2026-03-09 04:10", "2026-11-01 03:30", "2026-11-01 04:30"]
    offered = pd.to_datetime(utc).tz_localize("UTC")
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta(seconds=10)})
    # local: 03-08 00:30 EST and 03-08 23:30 EDT (the 23-hour day), 03-09 00:10 EDT;
    # 10-31 23:30 EDT (October, a Saturday) and 11-01 00:30 EDT (November, Sunday: still the week of 10-26)
    found = table(engine, standards, data, period=period)
    starts = {
        "day": ["2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01"],
        "week": ["2026-03-02", "2026-03-09", "2026-10-26"],
        "month": ["2026-03-01", "2026-10-01", "2026-11-01"],
    }[period]
    assert found["period"].tolist() == [pd.Timestamp(s, tz="America/New_York") for s in starts]
    sizes = {"day": [2, 1, 1, 1], "week": [2, 1, 2], "month": [3, 1, 1]}[period]
    assert found["n"].tolist() == sizes


#: Per zone, the Sundays its clocks change in 2026: forward in spring, back in autumn.
CHANGES = {"Europe/Ljubljana": ("2026-03-29", "2026-10-25"), "America/New_York": ("2026-03-08", "2026-11-01")}
#: Local week starts (as each zone's dates) and sizes of the weeks of the calls of
#: test_weeks_starting_on_another_day_around_the_changes_of_the_clocks.
WEEKS = {
    ("Europe/Ljubljana", "sunday"): (["2026-03-22", "2026-03-29", "2026-10-18", "2026-10-25"], [1, 4, 1, 2]),
    ("Europe/Ljubljana", "wednesday"): (["2026-03-25", "2026-04-01", "2026-10-21"], [4, 1, 3]),
    ("America/New_York", "sunday"): (["2026-03-01", "2026-03-08", "2026-10-25", "2026-11-01"], [1, 4, 1, 2]),
    ("America/New_York", "wednesday"): (["2026-03-04", "2026-03-11", "2026-10-28"], [4, 1, 3]),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("timezone", ["Europe/Ljubljana", "America/New_York"])
@pytest.mark.parametrize("week_starts", ["sunday", "wednesday"])
@pytest.mark.parametrize("aware", [False, True], ids=["naive", "aware"])
def test_weeks_starting_on_another_day_around_the_changes_of_the_clocks(
    engine: str, timezone: str, week_starts: str, aware: bool
) -> None:
    text = ANSWERED_20S.format(timezone=timezone).replace(
        "time: offered_at", f"time: offered_at\nweek_starts: {week_starts}"
    )
    standards = svcstandards.loads(text)
    spring, autumn = (pd.Timestamp(day) for day in CHANGES[timezone])
    day, at = pd.Timedelta(days=1), pd.Timedelta
    local = [
        spring - day + at("23:30:00"),  # Saturday before the change (winter time)
        spring + at("00:30:00"),  # Sunday, still winter time
        spring + at("03:30:00"),  # Sunday, summer time
        spring + 2 * day + at("23:30:00"),  # Tuesday
        spring + 3 * day + at("00:30:00"),  # Wednesday
        autumn - day + at("23:30:00"),  # Saturday before the change back (summer time)
        autumn + at("00:30:00"),  # Sunday, still summer time
        autumn + at("04:00:00"),  # Sunday, winter time again
    ]
    offered = pd.Series(pd.to_datetime(local))
    if aware:  # the same instants, as UTC: the week is cut on the local clock, not the UTC one
        offered = offered.dt.tz_localize(timezone).dt.tz_convert("UTC")
    answered = offered + pd.to_timedelta([10, 10, 30, 10, 10, 10, 30, 10], unit="s")
    data = pd.DataFrame({"offered_at": offered, "answered_at": answered})
    # Sunday weeks: the Saturday alone in the week before; Sunday (both sides of the change) to Wednesday;
    # the Saturday before the change back; its Sunday (both sides).
    # Wednesday weeks: Saturday to Tuesday in the week of the Wednesday before the change, the Wednesday after
    # alone; the three calls around the change back in the week of the Wednesday before it.
    # (Monday weeks would be [3, 2, 3].)
    found = table(engine, standards, data, period="week")
    starts, sizes = WEEKS[(timezone, week_starts)]
    assert found["period"].tolist() == [pd.Timestamp(s, tz=timezone) for s in starts]
    assert found["n"].tolist() == sizes
    assert int(found["missed"].sum()) == 2  # the two answered after 30 s
    assert [t.day_name().lower() for t in found["period"]] == [week_starts] * len(starts)


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_a_final_extract_counts_open_calls_invalid_and_warns_once_per_standard(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {final: true}
        standards:
          - id: answered-20s
            measure: {from: offered_at, to: answered, abandoned: abandoned_at}
            within: 20s
            floor: 80%
            abandons: {count_as: missed}
          - {id: mean-wait, measure: {from: offered_at, to: answered}, mean: {at_most: 30s}}
        """
    )
    data = calls([10, 30, None, None, None, -5], [None, None, 40, None, None, None])
    data.loc[6] = [pd.NaT, pd.NaT, pd.NaT]
    # answered-20s: 10 s met; 30 s and the abandon after 40 s missed; calls 3 and 4 never ended, call 5 was
    # answered before it was offered, call 6 has no times at all: 4 invalid, 3 of them without an end (3, 4, 6).
    # mean-wait (no abandoned column): 10 s and 30 s decided, mean 20 s; the abandoned call 2 has no end
    # either: 5 invalid, 4 of them without an end (2, 3, 4, 6).
    found = table(engine, standards, data, columns={"answered": "answered_at"})
    assert counts(found, "answered-20s") == [expect(n=3, met=1, missed=2, invalid=4)]
    assert found.loc[found["standard"] == "mean-wait", ["n", "invalid", "value"]].values.tolist() == [[2, 5, 20.0]]
    report = evaluate(standards, on(engine, data), columns={"answered": "answered_at"})
    assert [(p.standard, p.column, p.code, p.message) for p in report.problems] == [
        (
            "answered-20s",
            "answered_at",
            "no_end",
            "3 rows have no answered_at and no abandoned_at in a final extract and count as invalid (no_end)",
        ),
        (
            "mean-wait",
            "answered_at",
            "no_end",
            "4 rows have no answered_at in a final extract and count as invalid (no_end)",
        ),
    ]
    # final=False: calls 3 and 4 are judged at as_of, the latest time (09:05, call 5's offer): waited 120 s
    # and 60 s, over 20 s, so missed; call 6 stays invalid (no offered_at); no warning
    not_final = table(engine, standards, data, columns={"answered": "answered_at"}, final=False)
    assert counts(not_final, "answered-20s") == [expect(n=5, met=1, missed=4, invalid=2)]
    assert evaluate(standards, on(engine, data), columns={"answered": "answered_at"}, final=False).problems == ()


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_rows_without_a_time_fall_in_no_period(engine: str) -> None:
    standards = svcstandards.loads(ANSWERED_20S.format(timezone="Europe/Ljubljana"))
    data = calls([10, 30, 5])
    data.loc[2, "offered_at"] = pd.NaT
    found = table(engine, standards, data, period="day", by=[])
    # two calls on 03-02 (one met, one missed); the one without offered_at is invalid, in a blank period
    assert counts(found, "s") == [expect(n=2, met=1, missed=1), expect(n=0, met=0, missed=0, invalid=1)]
    assert found["period"].isna().tolist() == [False, True]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_a_naive_and_an_aware_column_in_one_duration_are_warned_about(engine: str) -> None:
    standards = svcstandards.loads(ANSWERED_20S.format(timezone="Europe/Ljubljana"))
    data = calls([10, 30])
    data["answered_at"] = data["answered_at"].dt.tz_localize("Europe/Ljubljana")
    report = evaluate(standards, on(engine, data))
    assert [(p.standard, p.column, p.code) for p in report.problems] == [("s", "offered_at", "mixed_timezones")]
    assert "read as wall-clock time in Europe/Ljubljana" in report.problems[0].message


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_where_values_that_never_occur(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: fax, where: {channel: fax}, measure: {flag: abandoned}, ceiling: 30%}
          - {id: not-post, where: {channel: {not: [post, chat]}}, measure: {flag: abandoned}, ceiling: 30%}
        """
    )
    data = pd.DataFrame({"channel": ["phone", "phone", "chat", "email"], "abandoned": [True, False, False, True]})
    report = evaluate(standards, on(engine, data))
    # fax and post occur nowhere, with no close match: warnings; chat occurs
    assert [(p.standard, p.code, p.message) for p in report.problems] == [
        ("fax", "where_value_unseen", "'fax' never occurs in column 'channel'; no row matches it"),
        ("not-post", "where_value_unseen", "'post' never occurs in column 'channel'; not: excludes no row"),
    ]
    assert report.problems[0].hint == "check the value; the most frequent values are 'phone', 'chat', 'email'" or (
        report.problems[0].hint == "check the value; the most frequent values are 'phone', 'email', 'chat'"
    )
    pd.testing.assert_frame_equal(report.to_frame(), evaluate(standards, data).to_frame())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_where_value_with_a_close_match_is_an_error(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, where: {channel: Phone, priority: "2"}, measure: {flag: abandoned}, ceiling: 30%}
        """
    )
    data = pd.DataFrame({"channel": ["phone", "chat"], "priority": [2, 1], "abandoned": [True, False]})
    with pytest.raises(DataError) as caught:
        evaluate(standards, on(engine, data))
    assert [(p.standard, p.column, p.code) for p in caught.value.problems] == [
        ("s", "channel", "where_value_unknown"),  # 'Phone': did you mean 'phone'?
        ("s", "priority", "where_value_unknown"),  # the text '2' where the column holds the number 2
    ]
    assert "did you mean 'phone'?" in caught.value.problems[0].message


# -- what the lazy engines take and refuse ---------------------------------------------------------------


NO_LAZY_ENGINE = importlib.util.find_spec("narwhals") is None or not (
    importlib.util.find_spec("polars") or importlib.util.find_spec("duckdb")
)


@pytest.mark.skipif(NO_LAZY_ENGINE, reason="neither polars nor duckdb (with narwhals) is installed")
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_path_of_files_is_scanned(suffix: str, tmp_path: Path) -> None:
    data = calls([10, 30, None], [None, None, 40], channel=["phone", "phone", "chat"])
    for part in (0, 1):  # two files, read through one glob
        piece = data.iloc[[part]] if part == 0 else data.iloc[1:]
        path = tmp_path / f"calls-{part}{suffix}"
        if suffix == ".csv":
            piece.to_csv(path, index=False, date_format="%Y-%m-%dT%H:%M:%S")
        else:
            piece.to_parquet(path)
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%}
        """
    )
    found = evaluate(standards, str(tmp_path / f"calls-*{suffix}")).to_frame()
    # 10 s met, 30 s missed; the third is open at as_of, the latest time (its own offer, 09:02): pending
    assert counts(found, "s") == [expect(n=2, met=1, missed=1, pending=1)]


@pytest.mark.skipif(importlib.util.find_spec("polars") is None, reason="polars not installed")
def test_a_polars_lazy_frame_is_counted_without_collecting_the_rows() -> None:
    import polars as pl

    standards = _contact_centre("Europe/Ljubljana")
    data = interactions(days=5, per_day=100)
    lazy = pl.from_pandas(data).lazy()
    found = evaluate(standards, lazy, by="channel", period="day").to_frame()
    expected = evaluate(standards, data, by="channel", period="day").to_frame()
    pd.testing.assert_frame_equal(found, expected, check_exact=False, rtol=1e-9, atol=0)


@pytest.mark.parametrize("engine", ENGINES)
def test_data_as_exported_runs_with_a_final_extract_and_sunday_weeks(engine: str) -> None:
    standards = load(
        """
        version: 1
        week_starts: sunday
        data: {final: true}
        columns:
          offered: {column: offered_at, format: "%Y-%m-%d %H:%M:%S"}
        standards:
          - {id: answered-20s, measure: {from: offered, to: answered_at}, within: 20s, floor: 80%, period: week}
        """
    )
    data = calls([10, 30, None])
    data["offered_at"] = data["offered_at"].dt.strftime("%Y-%m-%d %H:%M:%S")  # text, read in its format
    found = table(engine, standards, data)
    # the week from Sunday 1 March 2026: 10 s met, 30 s missed, never answered in a final extract: invalid
    assert list(found["period"]) == [pd.Timestamp("2026-03-01", tz="UTC")]
    assert counts(found, "answered-20s") == [expect(n=2, met=1, missed=1, invalid=1)]


@pytest.mark.parametrize("engine", [*LAZY, SPARK])
def test_outcomes_need_the_rows(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%}
        """
    )
    report = evaluate(standards, on(engine, calls([10, 30])))
    assert report.counts().to_dict("records") == [
        {"standard": "s", "met": 1, "missed": 1, "pending": 0, "excluded": 0, "invalid": 0, "out_of_scope": 0}
    ]
    with pytest.raises(UsageError, match=f"stayed in {engine}: only their counts"):
        report.outcomes("s")


@pytest.mark.parametrize("engine", [*LAZY, SPARK])
def test_missing_and_mistyped_columns_are_data_errors(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answerd_at}, within: 20s, floor: 50%}
          - {id: hold, measure: {column: channel}, at_most: 60, floor: 50%}
        """
    )
    with pytest.raises(DataError) as caught:
        evaluate(standards, on(engine, calls([10], channel=["phone"])))
    problems = {(p.standard, p.column, p.code) for p in caught.value.problems}
    assert problems == {("s", "answerd_at", "column_missing"), ("hold", "channel", "number_type")}
    assert "did you mean 'answered_at'" in str(caught.value)


def test_other_data_is_refused_naming_what_is_accepted() -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%}
        """
    )
    with pytest.raises(UsageError) as caught:
        evaluate(standards, [{"offered_at": T0}])
    assert str(caught.value) == (
        "data must be a pandas DataFrame, a Polars DataFrame or LazyFrame, a DuckDB relation, a Spark DataFrame, "
        "or the path (or glob) of Parquet or CSV files, got list"
    )
