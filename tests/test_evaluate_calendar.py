"""Business-hours standards in the evaluator: business time, pauses, deadlines, `during:`.

The office calendar used throughout: Monday to Friday 09:00-17:00 in
Europe/Ljubljana, closed on Monday 2026-03-09 (a closed date). The data's
naive timestamps are wall-clock times in the file's zone, Europe/Ljubljana
(UTC+1 in March 2026 before the clock change on the 29th).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import svcstandards

FILE = """
version: 1
timezone: Europe/Ljubljana
calendars:
  office:
    hours: {{mon-fri: "09:00-17:00"}}
    holidays: {{dates: [2026-03-09]}}
measures:
  first_reply: {{from: created_at, to: first_reply_at, calendar: office{pause}}}
standards:
  - id: reply-8h
    measure: first_reply
    within: 8h
    floor: 90%
{extra}
"""


def standards(pause: str = "", extra: str = "") -> svcstandards.StandardSet:
    return svcstandards.loads(textwrap.dedent(FILE.format(pause=pause, extra=extra)))


def tickets() -> pd.DataFrame:
    t = pd.Timestamp
    return pd.DataFrame(
        {
            "created_at": [
                t("2026-03-06 16:00"),  # Friday, one open hour left that day
                t("2026-03-10 08:00"),  # Tuesday, before opening
                t("2026-03-11 12:00"),  # Wednesday noon
                t("2026-03-12 10:00"),  # Thursday, still open at as_of
                t("2026-03-07 10:00"),  # Saturday, still open at as_of
            ],
            "first_reply_at": [
                t("2026-03-10 10:00"),
                t("2026-03-10 17:30"),
                t("2026-03-12 12:01"),
                pd.NaT,
                pd.NaT,
            ],
            "paused_seconds": [0.0, 0.0, 120.0, 0.0, 0.0],
            "pause_from": [pd.NaT, pd.NaT, t("2026-03-11 16:00"), pd.NaT, pd.NaT],
            "pause_to": [pd.NaT, pd.NaT, t("2026-03-12 10:00"), pd.NaT, pd.NaT],
        }
    )


AS_OF = "2026-03-13 09:30"  # Friday


def test_business_time_decides_met_missed_and_pending() -> None:
    # row 0: Fri 16-17 (1h) + Mon closed + Tue 9-10 (1h) = 2h  -> met
    # row 1: Tue 9:00-17:00 = 8h exactly                         -> met (at most 8h)
    # row 2: Wed 12-17 (5h) + Thu 9:00-12:01 (3h1m) = 8h1m       -> missed
    # row 3: open; Thu 10-17 (7h) + Fri 9:00-9:30 (0.5h) = 7.5h  -> pending
    # row 4: open; Sat, Sun, Mon closed; Tue 8h reached at 17:00 -> missed
    report = svcstandards.evaluate(standards(), tickets(), as_of=AS_OF)
    row = report.to_frame().iloc[0]
    assert (row["n"], row["met"], row["missed"], row["pending"]) == (4, 2, 2, 1)
    assert row["share"] == 0.5
    assert list(report.outcomes("reply-8h")) == ["met", "met", "missed", "pending", "missed"]


def test_breaches_show_the_business_deadline() -> None:
    report = svcstandards.evaluate(standards(), tickets(), as_of=AS_OF)
    missed = report.breaches("reply-8h")
    assert list(missed.index) == [2, 4]
    # row 2: Wed 12:00 + 8 open hours = Wed 12-17 (5h) + Thu 9-12 (3h) -> Thu 12:00
    # row 4: Sat 10:00 + 8 open hours -> the first open day is Tue 10 March -> 17:00
    assert list(missed["deadline"]) == [
        pd.Timestamp("2026-03-12 12:00", tz="Europe/Ljubljana"),
        pd.Timestamp("2026-03-10 17:00", tz="Europe/Ljubljana"),
    ]
    # row 2 replied after 8h1m of open time; row 4 has waited Tue+Wed+Thu (24h) + Fri 0.5h
    assert list(missed["measured"]) == [pd.Timedelta("8h1m"), pd.Timedelta("24h30m")]
    assert list(missed["over"]) == [pd.Timedelta("1m"), pd.Timedelta("16h30m")]
    pending = report.breaches("reply-8h", outcome="pending")
    # row 3: Thu 10:00 + 8 open hours = Thu 10-17 (7h) + Fri 9-10 (1h) -> Fri 10:00
    assert list(pending["deadline"]) == [pd.Timestamp("2026-03-13 10:00", tz="Europe/Ljubljana")]


def test_pause_column_subtracts_paused_seconds() -> None:
    # row 2: 8h1m - 120 s = 7h59m -> met; the others as before
    report = svcstandards.evaluate(standards(pause=", pause: paused_seconds"), tickets(), as_of=AS_OF)
    assert list(report.outcomes("reply-8h")) == ["met", "met", "met", "pending", "missed"]


def test_pause_interval_subtracts_its_open_time_only() -> None:
    # row 2 paused Wed 16:00 to Thu 10:00: open time inside = Wed 16-17 (1h) + Thu 9-10 (1h) = 2h
    # 8h1m - 2h = 6h1m -> met (the closed night in between was never counted)
    report = svcstandards.evaluate(standards(pause=", pause: {from: pause_from, to: pause_to}"), tickets(), as_of=AS_OF)
    assert list(report.outcomes("reply-8h")) == ["met", "met", "met", "pending", "missed"]
    measured = report.breaches("reply-8h", outcome="met").loc[2, "measured"]
    assert measured == pd.Timedelta("6h1m")


def test_during_scopes_to_interactions_that_arrived_in_open_hours() -> None:
    extra = """
  - id: office-arrivals
    where: {created_at: {during: office}}
    measure: first_reply
    within: 8h
    floor: 90%
"""
    report = svcstandards.evaluate(standards(extra=extra), tickets(), as_of=AS_OF)
    # Fri 16:00, Wed 12:00 and Thu 10:00 arrived in open hours; Tue 08:00 and Sat 10:00 did not
    assert list(report.outcomes("office-arrivals")) == ["met", "out_of_scope", "missed", "pending", "out_of_scope"]


def test_three_days_on_a_business_calendar_are_72_open_hours() -> None:
    three_days = svcstandards.loads(
        textwrap.dedent(
            """
            version: 1
            calendars:
              office: {hours: {mon-fri: "09:00-17:00"}}
            standards:
              - id: resolved-3d
                measure: {from: created_at, to: resolved_at, calendar: office}
                within: 3d
                floor: 90%
            """
        )
    )
    # Monday 09:00 + 72 open hours = 9 working days of 8 hours -> Thursday of the next week, 17:00
    data = pd.DataFrame(
        {
            "created_at": [pd.Timestamp("2026-03-02 09:00")] * 2,
            "resolved_at": [pd.Timestamp("2026-03-12 17:00"), pd.Timestamp("2026-03-13 09:01")],
        }
    )
    report = svcstandards.evaluate(three_days, data)
    assert list(report.outcomes("resolved-3d")) == ["met", "missed"]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_aware_timestamps_in_any_zone_give_the_same_outcomes(zone: str) -> None:
    data = tickets()
    for column in ("created_at", "first_reply_at"):
        data[column] = data[column].dt.tz_localize("Europe/Ljubljana").dt.tz_convert(zone)
    report = svcstandards.evaluate(standards(), data, as_of=pd.Timestamp(AS_OF, tz="Europe/Ljubljana"))
    assert list(report.outcomes("reply-8h")) == ["met", "met", "missed", "pending", "missed"]
