"""Event logs on every engine, continued: attributes at the creation, a measure's own paused statuses,
status pauses on a business calendar. Each case equals the pandas engine's table (engine_cases.table) and
hand-computed counts."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, counts, expect, load, on, table
from svcstandards import DataError, evaluate

T0 = pd.Timestamp("2026-03-02 09:00")  # a Monday


def events(rows: list[tuple[Any, ...]], start: pd.Timestamp = T0) -> pd.DataFrame:
    """Events as (ticket, minutes after ``start``, event, status, priority, channel)."""
    frame = pd.DataFrame(rows, columns=["ticket", "minutes", "event", "status", "priority", "channel"])
    frame.insert(1, "at", start + pd.to_timedelta(frame.pop("minutes"), unit="min"))
    return frame


REPRIORITISED = [
    ("T1", 10, "update", None, "high", "phone"),
    ("T1", 0, "created", None, "low", None),
    ("T1", 0, "update", None, "normal", None),  # at the creation time, after it in row order: the value then
    ("T1", 60, "agent_reply", None, None, "email"),  # first reply after 60 min: met (within 1h)
    ("T2", 0, "created", None, None, "chat"),  # no priority by the creation
    ("T2", 30, "update", None, "high", None),
    ("T2", 90, "agent_reply", None, None, None),  # after 90 min: missed
]


@pytest.mark.parametrize("engine", WITH_SPARK)
@pytest.mark.parametrize("created", ["created", "opened_at"])
def test_attributes_at_the_creation(engine: str, created: str) -> None:
    creation = "{column: opened_at}" if created == "opened_at" else "created"
    standards = load(
        f"""
        version: 1
        events: {{id: ticket, time: at, type: event, created: {creation}, attributes: at_creation}}
        measures:
          first_reply: {{from: created_first_at, to: agent_reply_first_at}}
        standards:
          - {{id: by-priority, by: priority, measure: first_reply, within: 1h, floor: 80%}}
          - {{id: by-channel, by: channel, measure: first_reply, within: 1h, floor: 80%}}
        """
    )
    log = events(REPRIORITISED)
    # opened at 09:00 (T1) and never (T2): T2 without a creation takes each attribute's first value, and
    # its first reply is measured from nothing: invalid
    log["opened_at"] = [T0] * 4 + [pd.NaT] * 3
    if created == "opened_at":  # the type "created" is then the column's: the log's creation events are renamed
        log["event"] = log["event"].replace("created", "new")
    found = table(engine, standards, log, as_of=T0 + pd.Timedelta(hours=3))
    if created == "created":
        # priority at the creation: T1 "normal" (the 09:00 update, after the creation row), T2 none by then:
        # its first value "high"; channel: T1 none by 09:00, so its first ("phone"); T2 "chat"
        assert list(found.loc[found["standard"] == "by-priority", "priority"]) == ["high", "normal"]
        assert counts(found, "by-priority") == [expect(1, 0, 1), expect(1, 1, 0)]
        assert list(found.loc[found["standard"] == "by-channel", "channel"]) == ["chat", "phone"]
        assert counts(found, "by-channel") == [expect(1, 0, 1), expect(1, 1, 0)]
    else:
        # T1 opened 09:00: the latest by then is "normal" (the 09:10 "high" is later); reply at 60 min: met.
        # T2 never opened: first values ("high", "chat"), and no creation: invalid
        assert list(found.loc[found["standard"] == "by-priority", "priority"]) == ["high", "normal"]
        assert counts(found, "by-priority") == [expect(0, 0, 0, invalid=1), expect(1, 1, 0)]
        assert list(found.loc[found["standard"] == "by-channel", "channel"]) == ["chat", "phone"]
        assert counts(found, "by-channel") == [expect(0, 0, 0, invalid=1), expect(1, 1, 0)]


OWN_STATUSES = """
    version: 1
    events:
      id: ticket
      time: at
      type: event
      status: status
      paused_statuses: [pending]
      statuses: [new, open, pending, on_hold, solved]
    measures:
      requester_wait: {from: created_first_at, to: solved_first_at, pause: {statuses: [pending]}}
      agent_work: {from: created_first_at, to: solved_first_at, pause: {statuses: [pending, on_hold]}}
    standards:
      - {id: requester-wait-5h, measure: requester_wait, within: 5h, floor: 90%}
      - {id: agent-work-4h, measure: agent_work, within: 4h, floor: 90%}
    """


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_each_measure_pauses_in_its_own_statuses(engine: str) -> None:
    # ticket 1: created 09:00, pending 10-12, on hold 13-15, solved 16:00 (7 h); ticket 2: created 09:00, on
    # hold since 11:00, open at as_of 14:00
    rows = [
        ("T1", 0, "created", "new", None, None),
        ("T1", 60, "agent_reply", "pending", None, None),
        ("T1", 180, "customer_reply", "open", None, None),
        ("T1", 240, "status_changed", "on_hold", None, None),
        ("T1", 360, "status_changed", "open", None, None),
        ("T1", 420, "solved", "solved", None, None),
        ("T2", 0, "created", "new", None, None),
        ("T2", 120, "status_changed", "on_hold", None, None),
    ]
    log = events(rows).drop(columns=["priority", "channel"])
    found = table(engine, load(OWN_STATUSES), log, as_of=T0 + pd.Timedelta(hours=5))
    # requester wait (stops while pending): T1 7 h - 2 h = 5 h, met; T2 5 h so far, not over 5 h: pending
    assert counts(found, "requester-wait-5h") == [expect(1, 1, 0, pending=1)]
    # agent work (stops while pending or on hold): T1 7 h - 2 h - 2 h = 3 h, met; T2 2 h (on hold since
    # 11:00): pending. With the log's statuses alone it would be 5 h for both: T1 missed, T2 missed
    assert counts(found, "agent-work-4h") == [expect(1, 1, 0, pending=1)]


ON_A_CALENDAR = """
    version: 1
    timezone: Europe/Ljubljana
    events: {id: ticket, time: at, type: event, status: status, paused_statuses: [pending]}
    calendars:
      office: {hours: {mon-fri: "09:00-17:00"}}
    measures:
      resolution: {from: created_first_at, to: solved_last_at, pause: status, calendar: office}
      own: {from: created_first_at, to: solved_last_at, pause: {statuses: [pending]}, calendar: office}
    standards:
      - {id: resolution-105m, measure: resolution, within: 105m, floor: 80%}
      - {id: own-105m, measure: own, within: 105m, floor: 80%}
    """


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_status_pauses_on_a_business_calendar(engine: str) -> None:
    rows = [
        # A: Monday 16:00 to Tuesday 10:00 is 2 open hours; pending 16:30-20:00 pauses 30 open minutes: 1 h 30
        ("A", "2026-03-02 16:00", "created", "new"),
        ("A", "2026-03-02 16:30", "agent_reply", "pending"),
        ("A", "2026-03-02 20:00", "customer_reply", "open"),
        ("A", "2026-03-03 10:00", "solved", "solved"),
        # B, over the weekend the clocks go forward (29 March): Friday 16:00 to Monday 10:00 is 2 open
        # hours; pending Friday 16:15 to Monday 09:30 pauses 45 + 30 open minutes: 45 minutes
        ("B", "2026-03-27 16:00", "created", "new"),
        ("B", "2026-03-27 16:15", "agent_reply", "pending"),
        ("B", "2026-03-30 09:30", "customer_reply", "open"),
        ("B", "2026-03-30 10:00", "solved", "solved"),
        # C: still pending at as_of since Tuesday 10:00: 1 open hour so far, pending (not over 1 h 45)
        ("C", "2026-03-03 09:00", "created", "new"),
        ("C", "2026-03-03 10:00", "agent_reply", "pending"),
    ]
    log = pd.DataFrame(rows, columns=["ticket", "at", "event", "status"])
    log["at"] = pd.to_datetime(log["at"])
    found = table(engine, load(ON_A_CALENDAR), log, as_of=pd.Timestamp("2026-03-30 12:00", tz="Europe/Ljubljana"))
    # without the pauses A would take 2 h and B 2 h (missed), and C weeks of open time (missed)
    assert counts(found, "resolution-105m") == [expect(2, 2, 0, pending=1)]
    assert counts(found, "own-105m") == [expect(2, 2, 0, pending=1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_attributes_at_the_creation_for_one_column(engine: str) -> None:
    standards = load(
        """
        version: 1
        events: {id: ticket, time: at, type: event, attributes: {priority: at_creation}}
        measures:
          first_reply: {from: created_first_at, to: agent_reply_first_at}
        standards:
          - {id: by-priority, by: priority, measure: first_reply, within: 1h, floor: 80%}
          - {id: by-channel, by: channel, measure: first_reply, within: 1h, floor: 80%}
        """
    )
    found = table(engine, standards, events(REPRIORITISED), as_of=T0 + pd.Timedelta(hours=3))
    # priority at the creation: T1 "normal" (the update at 09:00 after the creation row; not the 09:10 "high"),
    # T2 none by then: its first value "high"; T1 met (60 min), T2 missed (90 min)
    assert list(found.loc[found["standard"] == "by-priority", "priority"]) == ["high", "normal"]
    assert counts(found, "by-priority") == [expect(1, 0, 1), expect(1, 1, 0)]
    # the channel keeps the default, the latest value: T1 "email" (its 10:00 reply), T2 "chat"
    assert list(found.loc[found["standard"] == "by-channel", "channel"]) == ["chat", "email"]
    assert counts(found, "by-channel") == [expect(1, 0, 1), expect(1, 1, 0)]


OVERNIGHT = """
    version: 1
    timezone: Europe/Ljubljana
    events: {id: ticket, time: at, type: event, status: status, paused_statuses: [pending]}
    calendars:
      office: {hours: {mon-fri: "09:00-17:00"}}
    measures:
      office: {from: created_first_at, to: solved_last_at, pause: {statuses: [pending, on_hold]}, calendar: office}
      wall: {from: created_first_at, to: solved_last_at, pause: {statuses: [on_hold]}}
    standards:
      - {id: office-max, by: ticket, measure: office, max: {at_most: 3h}}
      - {id: wall-max, by: ticket, measure: wall, max: {at_most: 3h}}
    """


@pytest.mark.parametrize("engine", ENGINES)
def test_own_statuses_over_a_closed_night_and_the_night_the_clocks_go_forward(engine: str) -> None:
    rows = [
        # N: Tuesday 15:00 to Wednesday 11:00, on hold from 16:00 over the closed night to 10:00
        ("N", "2026-03-03 15:00", "created", "new"),
        ("N", "2026-03-03 16:00", "status_changed", "on_hold"),
        ("N", "2026-03-04 10:00", "status_changed", "open"),
        ("N", "2026-03-04 11:00", "solved", "solved"),
        # S: Saturday 22:00 to Sunday 06:00 over the change to summer time (02:00 is 03:00), on hold
        # Sunday 01:00 to 04:00 (02:00 is 03:00 that night)
        ("S", "2026-03-28 22:00", "created", "new"),
        ("S", "2026-03-29 01:00", "status_changed", "on_hold"),
        ("S", "2026-03-29 04:00", "status_changed", "open"),
        ("S", "2026-03-29 06:00", "solved", "solved"),
        # P: Thursday 16:30, pending from 16:45 until Friday 09:15, solved Friday 09:45; on the wall clock
        # pending does not pause this measure
        ("P", "2026-03-05 16:30", "created", "new"),
        ("P", "2026-03-05 16:45", "agent_reply", "pending"),
        ("P", "2026-03-06 09:15", "customer_reply", "open"),
        ("P", "2026-03-06 09:45", "solved", "solved"),
    ]
    log = pd.DataFrame(rows, columns=["ticket", "at", "event", "status"])
    log["at"] = pd.to_datetime(log["at"])
    found = table(engine, load(OVERNIGHT), log)
    office = found[found["standard"] == "office-max"].set_index("ticket")["value"]
    wall = found[found["standard"] == "wall-max"].set_index("ticket")["value"]
    # N on the office's hours: 15-17 and 9-11 = 4 h open, on hold 16-17 and 9-10 = 2 h: 2 h (7200 s);
    # on the wall clock: 20 h, on hold 18 h: 2 h
    assert office["N"] == 7200.0
    assert wall["N"] == 7200.0
    # S: a weekend, no open time at all: 0; wall clock 21:00 to 04:00 UTC = 7 h, on hold 00:00 to 02:00
    # UTC = 2 h (not the 3 h the wall clock shows): 5 h (18000 s)
    assert office["S"] == 0.0
    assert wall["S"] == 18000.0
    # P on the office's hours: 16:30-17:00 and 09:00-09:45 = 75 min open, pending 16:45-17:00 and
    # 09:00-09:15 = 30 min: 45 min (2700 s); on the wall clock 17 h 15 min unpaused (62100 s)
    assert office["P"] == 2700.0
    assert wall["P"] == 62100.0


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("names", [["interaction"], ["cycle_start_at"], ["cycle_reply_at", "interaction"]])
def test_a_log_column_named_like_a_reply_cycle_column_is_the_same_data_error(engine: str, names: list[str]) -> None:
    standards = load(
        """
        version: 1
        events: {id: ticket, time: at, type: event}
        standards:
          - {id: next-reply, unit: reply, measure: {from: customer_reply, to: agent_reply}, within: 1h, floor: 90%}
        """
    )
    log = events([("T1", 0, "created", None, None, None), ("T1", 10, "customer_reply", None, None, None)])
    log = log.drop(columns=["status", "priority", "channel"])
    log[names] = "phone"
    with pytest.raises(DataError) as caught:
        evaluate(standards, on(engine, log)).counts()
    # one problem per column, in the log's order, each naming the column and its fix
    assert [(p.column, p.code) for p in caught.value.problems] == [(name, "column_derived") for name in names]
    assert all("rename it: interaction, cycle_start_at and cycle_reply_at" in p.hint for p in caught.value.problems)
