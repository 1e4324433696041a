"""``during:`` on a calendar per row, and reply cycles (``unit: reply``) on a calendar per row, on every engine.

``engine_cases.table`` asserts each lazy engine's results, counts and
warnings equal the pandas engine's; the expected counts are worked out by
hand. On Monday 9 and Tuesday 10 March 2026 Ljubljana is UTC+1, open
08:00-16:00; New York is UTC-4 (summer time since the 8th), open 09:00-17:00,
which is 14:00-22:00 in Ljubljana. Naive times are Ljubljana wall clock.
"""

from __future__ import annotations

import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, counts, expect, load, on, table
from svcstandards import evaluate
from test_engines_deadlines import ZONE, rows_of

CALENDARS = """
    version: 1
    timezone: Europe/Ljubljana
    calendars:
      ljubljana: {timezone: Europe/Ljubljana, hours: {mon-fri: "08:00-16:00"}}
      new_york: {timezone: America/New_York, hours: {mon-fri: "09:00-17:00"}}
"""
PER_ROW = "{by: region, map: {EU: ljubljana, US: new_york}}"


def tickets(region: list[str | None], created: list[str]) -> pd.DataFrame:
    start = pd.to_datetime(created)
    return pd.DataFrame({"region": region, "a": start, "b": start + pd.Timedelta(minutes=30)})


# Monday 9 March, Ljubljana wall clock: 15:30 both open; 17:30 New York only; 13:30 Ljubljana only
DATA = tickets(
    ["EU", "US", "EU", "US", "EU", "US", "APAC", None],
    [f"2026-03-09 {hour}" for hour in ("15:30", "15:30", "17:30", "17:30", "13:30", "13:30", "15:30", "15:30")],
)


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_during_the_rows_own_calendar(engine: str) -> None:
    standards = load(
        CALENDARS
        + f"""
    measures:
      per_row: {{from: a, to: b, calendar: {PER_ROW}}}
      wall: {{from: a, to: b}}
    standards:
      - {{id: own, measure: per_row, within: 8h, floor: 50%, where: {{a: {{during: measure}}}}}}
      - {{id: map, measure: wall, within: 8h, floor: 50%, where: {{a: {{during: {PER_ROW}}}}}}}
      - {{id: dflt, measure: wall, within: 1h, floor: 50%,
          where: {{a: {{during: {{by: region, map: {{US: new_york}}, default: ljubljana}}}}}}}}
    """
    )
    found = table(engine, standards, DATA)
    # EU 15:30 and US 15:30 open, EU 17:30 closed, US 17:30 open, EU 13:30 open, US 13:30 closed:
    # 4 in scope, met (30 min); APAC and the blank region have no calendar: invalid
    assert counts(found, "own") == [expect(4, 4, 0, invalid=2)]
    assert counts(found, "map") == [expect(4, 4, 0, invalid=2)]
    # with a default, APAC and the blank region take Ljubljana: 15:30 open, so 6 in scope
    assert counts(found, "dflt") == [expect(6, 6, 0)]
    assert [p.code for p in evaluate(standards, DATA).problems] == ["no_calendar"]  # the measure's own warning


@pytest.mark.parametrize("engine", ENGINES)
def test_during_a_calendar_per_row_in_a_target(engine: str) -> None:
    standards = load(
        CALENDARS
        + """
    measures:
      wall: {from: a, to: b}
    standards:
      - id: t
        measure: wall
        targets:
          - where: {a: {during: {by: region, map: {EU: ljubljana, US: new_york}, default: new_york}}}
            within: 10m
          - {within: 1h}
        floor: 50%
    """
    )
    # open on the row's calendar (10 min: missed): EU 15:30, US 15:30, US 17:30, EU 13:30, and APAC and blank at
    # 15:30 on New York's; closed (1 h: met): EU 17:30, US 13:30
    assert counts(table(engine, standards, DATA), "t") == [expect(8, 2, 6)]


EVENTS = """
    events: {id: ticket, time: at, type: event}
    measures:
      next_reply: {from: customer_reply, to: agent_reply, calendar: {by: region, map: {EU: ljubljana, US: new_york}}}
    standards:
      - {id: cycles, unit: reply, measure: next_reply, within: 4h, floor: 50%}
      - {id: daily, unit: reply, measure: next_reply, within: 4h, floor: 50%, period: day, periods_in: row}
"""


def event_log(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["ticket", "at", "event", "region"]).assign(at=lambda f: pd.to_datetime(f["at"]))


LOG = event_log(
    [
        # A (EU): a message Monday 15:00, answered Tuesday 09:00: Mon 15-16 + Tue 08-09 = 2h, met
        ("A", "2026-03-09 09:00", "created", "EU"),
        ("A", "2026-03-09 15:00", "customer_reply", "EU"),
        ("A", "2026-03-10 09:00", "agent_reply", "EU"),
        # B (US): Monday 15:00 (10:00 in New York) to Tuesday 09:00 (04:00 there): 10:00-17:00 = 7h, missed;
        # Tuesday 16:00 to 17:00 (11:00-12:00 there): 1h, met;
        # Wednesday 03:00 to 04:00 (Tuesday 22:00-23:00 in New York, closed): 0h, met
        ("B", "2026-03-09 09:00", "created", "US"),
        ("B", "2026-03-09 15:00", "customer_reply", "US"),
        ("B", "2026-03-10 09:00", "agent_reply", "US"),
        ("B", "2026-03-10 16:00", "customer_reply", "US"),
        ("B", "2026-03-10 17:00", "agent_reply", "US"),
        ("B", "2026-03-11 03:00", "customer_reply", "US"),
        ("B", "2026-03-11 04:00", "agent_reply", "US"),
        # C (APAC): no calendar, no default: its cycle is invalid
        ("C", "2026-03-09 09:00", "created", "APAC"),
        ("C", "2026-03-09 10:00", "customer_reply", "APAC"),
        ("C", "2026-03-09 11:00", "agent_reply", "APAC"),
    ]
)


@pytest.mark.parametrize("engine", ENGINES)
def test_reply_cycles_count_on_each_rows_calendar(engine: str) -> None:
    standards = load(CALENDARS + EVENTS)
    found = table(engine, standards, LOG)
    assert counts(found, "cycles") == [expect(4, 3, 1, invalid=1)]
    # days of each cycle's start on its calendar's clock: A and B's first Monday 9th; C (no calendar) in the
    # file's zone, Monday 9th; B's second the 10th, and its third (Wednesday 03:00 in Ljubljana) is Tuesday
    # 22:00 in New York: the 10th too
    assert counts(found, "daily") == [expect(2, 1, 1, invalid=1), expect(2, 2, 0)]
    daily = found[found["standard"] == "daily"]
    assert [str(p) for p in daily["period"]] == ["2026-03-09 00:00:00", "2026-03-10 00:00:00"]
    assert [p.code for p in evaluate(standards, LOG).problems] == ["no_calendar", "no_calendar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_open_reply_cycles_are_judged_at_as_of_on_their_calendar(engine: str) -> None:
    standards = load(CALENDARS + EVENTS)
    # the events before Tuesday 09:00, judged at Tuesday 12:00: A's cycle (EU) has run Mon 15-16 + Tue 08-12
    # = 5h > 4h, missed; B's first (US) Monday 10:00-17:00 in New York = 7h (Tuesday 07:00 there is before
    # opening), missed; C is invalid
    data = LOG[LOG["at"] < pd.Timestamp("2026-03-10 09:00")]
    found = table(engine, standards, data, as_of="2026-03-10 12:00")
    assert counts(found, "cycles") == [expect(2, 0, 2, invalid=1)]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_breaches_place_each_rows_deadline_on_its_own_calendar(engine: str) -> None:
    standards = load(
        CALENDARS.replace('"08:00-16:00"}', '"08:00-16:00"}, holidays: {dates: [2026-03-10]}')
        + f"""
    measures:
      first_reply: {{from: a, to: b, calendar: {PER_ROW}, pause: {{from: p, to: q}}}}
    standards:
      - {{id: r, measure: first_reply, within: 8h, floor: 90%}}
    """
    )
    data = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "region": ["EU", "US", "EU", "US", "APAC"],
            "a": pd.to_datetime(["2026-03-06 15:00", "2026-03-06 15:00"] + ["2026-03-10 10:00"] * 3),
            "b": pd.to_datetime(["2026-03-09 17:00", "2026-03-09 15:00", "2026-03-12 10:00", "2026-03-12 10:00", None]),
            "p": pd.to_datetime([None, "2026-03-06 16:00", "2026-03-11 09:00", None, None]),
            "q": pd.to_datetime([None, "2026-03-06 17:00", "2026-03-11 10:00", None, None]),
        }
    )
    report = evaluate(standards, on(engine, data), as_of="2026-03-12 12:00")
    found = rows_of(report.breaches("r", outcome=["met", "missed", "invalid"]), "id")
    assert found["deadline"].tolist() == [
        # EU, Friday 15:00: Fri 15-16 + Mon 08-15 = 8h
        pd.Timestamp("2026-03-09 15:00", tz=ZONE),
        # US, Friday 09:00 in New York, paused 10:00-11:00 there (1h before the deadline): 9h of open time,
        # Fri 09-17 EST + Mon 09-10 EDT: Monday 14:00 UTC
        pd.Timestamp("2026-03-09 15:00", tz=ZONE),
        # EU, Tuesday 10 March (a holiday in Ljubljana), paused Wed 09-10: 9h, Wed 08-16 + Thu 08-09
        pd.Timestamp("2026-03-12 09:00", tz=ZONE),
        # US, Tuesday 05:00 in New York: Tue 09-17 EDT, 17:00 EDT = 22:00 in Ljubljana
        pd.Timestamp("2026-03-10 22:00", tz=ZONE),
        # APAC: no calendar, no deadline (and invalid)
        pd.NaT,
    ]
    assert found["outcome"].tolist() == ["missed", "met", "missed", "missed", "invalid"]


STATUS_LOG = """
    events: {id: ticket, time: at, type: event, status: status, paused_statuses: [pending]}
    measures:
      resolution:
        from: created_first_at
        to: solved_last_at
        pause: status
        calendar: {by: region, map: {EU: ljubljana, US: new_york}}
    standards:
      - {id: solved-5h, measure: resolution, within: 5h, floor: 50%}
      - {id: hours, measure: resolution, max: {at_most: 100h}, by: ticket}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_status_pauses_count_the_open_time_of_each_rows_calendar(engine: str) -> None:
    rows = [
        # A (EU): Mon 09:00-15:00 open in Ljubljana = 6h, pending 10:00-12:00 = 2h: 4h, met
        ("A", "2026-03-09 09:00", "created", "new", "EU"),
        ("A", "2026-03-09 10:00", "status_changed", "pending", "EU"),
        ("A", "2026-03-09 12:00", "status_changed", "open", "EU"),
        ("A", "2026-03-09 15:00", "solved", "solved", "EU"),
        # B (US): Mon 15:00 (10:00 in New York) to Tue 16:00 (11:00 there): Mon 10-17 + Tue 09-11 = 9h; pending
        # from Mon 11:00 to Tue 04:00 in New York: Mon 11-17 = 6h open: 3h, met
        ("B", "2026-03-09 15:00", "created", "new", "US"),
        ("B", "2026-03-09 16:00", "status_changed", "pending", "US"),
        ("B", "2026-03-10 09:00", "status_changed", "open", "US"),
        ("B", "2026-03-10 16:00", "solved", "solved", "US"),
        # C (APAC): no calendar: invalid
        ("C", "2026-03-09 09:00", "created", "new", "APAC"),
        ("C", "2026-03-09 10:00", "solved", "solved", "APAC"),
        # D (US): Tue 14:00 (09:00 in New York), pending from 10:00 there and still at as_of (Tue 20:00 = 15:00
        # there): 6h less 5h paused = 1h so far: pending
        ("D", "2026-03-10 14:00", "created", "new", "US"),
        ("D", "2026-03-10 15:00", "status_changed", "pending", "US"),
        # E (EU): Mon 09:00-16:00 = 7h, pending 09:30-10:00: 6.5h, missed
        ("E", "2026-03-09 09:00", "created", "new", "EU"),
        ("E", "2026-03-09 09:30", "status_changed", "pending", "EU"),
        ("E", "2026-03-09 10:00", "status_changed", "open", "EU"),
        ("E", "2026-03-09 16:00", "solved", "solved", "EU"),
    ]
    data = pd.DataFrame(rows, columns=["ticket", "at", "event", "status", "region"])
    data["at"] = pd.to_datetime(data["at"])
    standards = load(CALENDARS + STATUS_LOG)
    found = table(engine, standards, data, as_of="2026-03-10 20:00")
    assert counts(found, "solved-5h") == [expect(3, 2, 1, pending=1, invalid=1)]
    hours = found[found["standard"] == "hours"].set_index("ticket")["value"]
    assert hours[["A", "B", "E"]].tolist() == [4 * 3600.0, 3 * 3600.0, 6.5 * 3600.0]
