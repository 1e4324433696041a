"""Event logs: one row per event in, one row per interaction (or reply cycle) out.

Unless a test says otherwise the file's zone is Europe/Ljubljana (UTC+1 in
March 2026) and the office calendar is Monday to Friday 09:00-17:00 there,
closed on Monday 2026-03-09 (a holiday). March 2026:

    Mon 2  Tue 3  Wed 4  Thu 5  Fri 6  Sat 7  Sun 8
    Mon 9 (closed)  Tue 10  Wed 11  Thu 12  Fri 13  Sat 14  Sun 15
    Mon 16  Tue 17 ...

Event times are naive wall-clock times in that zone. Every expected number
is worked out by hand in a comment next to it.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcstandards
from svcstandards import interactions_from_events, pause_spans, sample
from svcstandards.errors import DataError
from svcstandards.events.log import _event_order, read_event_log, referenced_types, reply_cycles
from svcstandards.model import EventLog

ROOT = Path(__file__).resolve().parent.parent
ZONE = "Europe/Ljubljana"
SPEC = EventLog(id="ticket_id", time="at", type="event", status="status", paused_statuses=("pending",))
HEADER = """\
version: 1
timezone: Europe/Ljubljana
events:
  id: ticket_id
  time: at
  type: event
  status: status
  paused_statuses: [pending]
calendars:
  office:
    hours: {mon-fri: "09:00-17:00"}
    holidays: {dates: [2026-03-09]}
"""
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: The whole-log properties evaluate a log per example (the slowest tests of the suite): fewer examples each.
WHOLE_LOG = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def standards(body: str, header: str = HEADER) -> svcstandards.StandardSet:
    return svcstandards.loads(header + textwrap.dedent(body))


def event_log(*rows: tuple[Any, ...], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of (ticket_id, at, event, status, *extra columns); times are naive wall-clock strings."""
    frame = pd.DataFrame(list(rows), columns=["ticket_id", "at", "event", "status", *extra])
    frame["at"] = pd.to_datetime(frame["at"])
    return frame


def stamp(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=ZONE)


def hours(text: str) -> pd.Timedelta:
    return pd.Timedelta(text)


# -- derived columns -----------------------------------------------------------------


def test_every_derived_column_by_hand() -> None:
    # rows are deliberately out of time order: events are ordered by time, not by row
    log = event_log(
        (1, "2026-03-02 09:30", "priority_changed", None, "urgent"),
        (1, "2026-03-02 09:00", "created", "new", "normal"),
        (1, "2026-03-02 12:00", "agent_reply", "pending", None),
        (1, "2026-03-02 10:00", "agent_reply", None, None),
        (1, "2026-03-02 14:00", "customer_reply", "open", None),
        (1, "2026-03-02 11:00", "customer_reply", None, None),
        (2, "2026-03-03 08:00", "created", "new", "high"),
        extra=("priority",),
    )
    wide = interactions_from_events(log, SPEC, timezone=ZONE, types=["reopened"])
    assert list(wide["ticket_id"]) == [1, 2]  # one row per interaction, in order of first appearance
    first = wide.iloc[0]
    assert first["created_first_at"] == first["created_last_at"] == stamp("2026-03-02 09:00")
    assert first["created_count"] == 1
    # agent replies at 10:00 and 12:00
    assert (first["agent_reply_first_at"], first["agent_reply_last_at"]) == (
        stamp("2026-03-02 10:00"),
        stamp("2026-03-02 12:00"),
    )
    assert first["agent_reply_count"] == 2
    # customer replies at 11:00 and 14:00
    assert first["customer_reply_first_at"] == stamp("2026-03-02 11:00")
    assert first["customer_reply_last_at"] == stamp("2026-03-02 14:00")
    assert first["customer_reply_count"] == 2
    assert first["priority_changed_count"] == 1
    # latest non-missing value by time: the 09:30 change wins over the 09:00 creation (a later row)
    assert first["priority"] == "urgent"
    # statuses by time: new 09:00, pending 12:00, open 14:00 -> open
    assert first["status"] == "open"
    # one pause: pending 12:00 until the next event with a non-paused status, 14:00 -> 2 h
    assert first["paused_count"] == 1
    assert first["paused_seconds"] == 2 * 3600
    assert pd.isna(first["log_problem"])

    second = wide.iloc[1]
    assert second["created_first_at"] == stamp("2026-03-03 08:00")
    # types another interaction has, or the caller asks for, are NaT / 0 here
    assert pd.isna(second["agent_reply_first_at"])
    assert pd.isna(second["agent_reply_last_at"])
    assert second["agent_reply_count"] == 0
    assert pd.isna(second["reopened_first_at"])
    assert second["reopened_count"] == 0
    assert (second["priority"], second["status"]) == ("high", "new")
    assert (second["paused_count"], second["paused_seconds"]) == (0, 0.0)
    # the event log's own columns are not repeated
    assert not {"at", "event"} & set(wide.columns)


def test_events_at_the_same_time_keep_their_row_order() -> None:
    rows = [
        (1, "2026-03-02 09:00", "created", "new"),
        (1, "2026-03-02 10:00", "status_changed", "pending"),
        (1, "2026-03-02 10:00", "status_changed", "open"),
    ]
    assert interactions_from_events(event_log(*rows), SPEC).loc[0, "status"] == "open"
    rows[1], rows[2] = rows[2], rows[1]
    # now pending is the later row at 10:00: the ticket is still paused
    wide = interactions_from_events(event_log(*rows), SPEC)
    assert wide.loc[0, "status"] == "pending"
    assert wide.loc[0, "paused_count"] == 1


def test_other_columns_keep_their_type() -> None:
    log = event_log(
        (1, "2026-03-02 09:00", "created", "new", 5.0, True),
        (1, "2026-03-02 10:00", "survey_answered", None, 4.0, None),
        (2, "2026-03-02 11:00", "created", "new", np.nan, False),
        extra=("csat", "vip"),
    )
    wide = interactions_from_events(log, SPEC)
    assert wide["csat"].dtype == np.float64
    assert wide["csat"].iloc[0] == 4.0  # the latest csat of ticket 1
    assert np.isnan(wide["csat"].iloc[1])  # ticket 2 never had one
    assert list(wide["vip"]) == [True, False]


def test_priority_change_is_honoured_by_targets() -> None:
    file = standards(
        """
        standards:
          - id: first-reply
            measure: {from: created_first_at, to: agent_reply_first_at}
            targets:
              - {where: {priority: urgent}, within: 1h}
              - {within: 8h}
            floor: 90%
        """
    )
    log = event_log(
        # created normal, raised to urgent: replied after 2 h > 1 h -> missed
        (1, "2026-03-02 09:00", "created", "new", "normal"),
        (1, "2026-03-02 09:10", "priority_changed", None, "urgent"),
        (1, "2026-03-02 11:00", "agent_reply", None, None),
        # created urgent, lowered to normal: replied after 2 h <= 8 h -> met
        (2, "2026-03-02 09:00", "created", "new", "urgent"),
        (2, "2026-03-02 09:05", "priority_changed", None, "normal"),
        (2, "2026-03-02 11:00", "agent_reply", None, None),
        extra=("priority",),
    )
    report = svcstandards.evaluate(file, log)
    assert list(report.outcomes("first-reply")) == ["missed", "met"]


# -- pauses --------------------------------------------------------------------------

PAUSES = """
measures:
  resolution: {from: created_first_at, to: solved_first_at, calendar: office}
  resolution_less_pending: {from: created_first_at, to: solved_first_at, calendar: office, pause: status}
standards:
  - {id: resolved-8h, measure: resolution, within: 8h, floor: 90%}
  - {id: resolved-8h-less-pending, measure: resolution_less_pending, within: 8h, floor: 90%}
"""


def paused_tickets() -> pd.DataFrame:
    return event_log(
        # 1: over a weekend. Fri 13 10:00 -> solved Mon 16 11:00: Fri 10-17 (7h) + Mon 9-11 (2h) = 9h.
        #    Pending Fri 15:00 -> Sun 20:00 (the customer answers on Sunday): open time Fri 15-17 = 2h.
        #    9h - 2h = 7h (the wall-clock pause, 53h, would make it negative)
        (1, "2026-03-13 10:00", "created", "new"),
        (1, "2026-03-13 15:00", "agent_reply", "pending"),
        (1, "2026-03-15 20:00", "customer_reply", "open"),
        (1, "2026-03-16 11:00", "solved", "solved"),
        # 2: over a holiday. Fri 6 16:00 -> solved Tue 10 10:00: Fri 16-17 (1h) + Tue 9-10 (1h) = 2h.
        #    Pending Fri 16:30 -> Mon 9 10:00 (closed): open time Fri 16:30-17:00 = 30m. 2h - 30m = 1h30m
        (2, "2026-03-06 16:00", "created", "new"),
        (2, "2026-03-06 16:30", "agent_reply", "pending"),
        (2, "2026-03-09 10:00", "customer_reply", "open"),
        (2, "2026-03-10 10:00", "solved", "solved"),
        # 3: two pauses. Tue 10 09:00 -> solved Wed 11 12:00: Tue 9-17 (8h) + Wed 9-12 (3h) = 11h.
        #    Pause 1: Tue 11:00-13:00 = 2h. Pause 2: Tue 15:00 -> Wed 11:00 = Tue 15-17 (2h) + Wed 9-11 (2h)
        #    = 4h; the internal note at Wed 10:00 has no status, so the ticket stays pending.
        #    11h - 2h - 4h = 5h
        (3, "2026-03-10 09:00", "created", "new"),
        (3, "2026-03-10 11:00", "agent_reply", "pending"),
        (3, "2026-03-10 13:00", "customer_reply", "open"),
        (3, "2026-03-10 15:00", "agent_reply", "pending"),
        (3, "2026-03-11 10:00", "internal_note", None),
        (3, "2026-03-11 11:00", "customer_reply", "open"),
        (3, "2026-03-11 12:00", "solved", "solved"),
        # 4: still paused at as_of (Mon 16 12:00). Wed 11 09:00 -> as_of: Wed, Thu, Fri 8h each + Mon 9-12
        #    (3h) = 27h. Paused since Wed 10:00: Wed 10-17 (7h) + Thu, Fri (16h) + Mon 9-12 (3h) = 26h.
        #    27h - 26h = 1h: pending
        (4, "2026-03-11 09:00", "created", "new"),
        (4, "2026-03-11 10:00", "agent_reply", "pending"),
    )


PAUSES_AS_OF = "2026-03-16 12:00"


def test_pause_status_subtracts_only_open_time_of_paused_spans() -> None:
    report = svcstandards.evaluate(standards(PAUSES), paused_tickets(), as_of=PAUSES_AS_OF)
    # without pauses: 9h missed, 2h met, 11h missed, open for 27h > 8h missed
    assert list(report.outcomes("resolved-8h")) == ["missed", "met", "missed", "missed"]
    assert list(report.outcomes("resolved-8h-less-pending")) == ["met", "met", "met", "pending"]
    rows = report.breaches("resolved-8h-less-pending", outcome=["met", "pending"])
    assert list(rows["measured"]) == [hours("7h"), hours("1h30m"), hours("5h"), hours("1h")]
    row = report.to_frame().set_index("standard").loc["resolved-8h-less-pending"]
    assert (row["n"], row["met"], row["pending"]) == (3, 3, 1)


def test_paused_count_and_wall_clock_paused_seconds() -> None:
    wide = interactions_from_events(paused_tickets(), SPEC, timezone=ZONE).set_index("ticket_id")
    # 1: Fri 15:00 -> Sun 20:00 = 53h; 2: Fri 16:30 -> Mon 10:00 = 65h30m;
    # 3: 2h + Tue 15:00 -> Wed 11:00 (20h) = 22h; 4: still paused, no end yet -> 0
    assert list(wide["paused_count"]) == [1, 1, 2, 1]
    assert list(wide["paused_seconds"]) == [53 * 3600, 65.5 * 3600, 22 * 3600, 0]


def test_pause_spans_lists_every_span() -> None:
    spans = pause_spans(paused_tickets(), SPEC, timezone=ZONE)
    assert list(spans.columns) == ["ticket_id", "paused_at", "resumed_at"]
    assert list(spans["ticket_id"]) == [1, 2, 3, 3, 4]
    assert list(spans["paused_at"]) == [
        stamp("2026-03-13 15:00"),
        stamp("2026-03-06 16:30"),
        stamp("2026-03-10 11:00"),
        stamp("2026-03-10 15:00"),
        stamp("2026-03-11 10:00"),
    ]
    assert list(spans["resumed_at"][:4]) == [
        stamp("2026-03-15 20:00"),
        stamp("2026-03-09 10:00"),
        stamp("2026-03-10 13:00"),
        stamp("2026-03-11 11:00"),
    ]
    assert pd.isna(spans["resumed_at"].iloc[4])  # still paused


def test_a_pause_outside_from_to_does_not_count() -> None:
    file = standards(
        """
        standards:
          - id: first-reply-1h
            measure: {from: created_first_at, to: agent_reply_first_at, calendar: office, pause: status}
            within: 1h
            floor: 90%
        """
    )
    log = event_log(
        # replied after 2h (Mon 2 9-11); the pending span starts at the reply, after [from, to]
        (1, "2026-03-02 09:00", "created", "new"),
        (1, "2026-03-02 11:00", "agent_reply", "pending"),
        (1, "2026-03-02 15:00", "customer_reply", "open"),
        # paused 09:30-10:30 inside [09:00, 11:00]: 2h - 1h = 1h -> met (at most 1h)
        (2, "2026-03-02 09:00", "created", "new"),
        (2, "2026-03-02 09:30", "status_changed", "pending"),
        (2, "2026-03-02 10:30", "status_changed", "open"),
        (2, "2026-03-02 11:00", "agent_reply", None),
    )
    report = svcstandards.evaluate(file, log)
    assert list(report.outcomes("first-reply-1h")) == ["missed", "met"]


# -- reply cycles --------------------------------------------------------------------

REPLIES = """
measures:
  next_reply: {from: customer_reply, to: agent_reply, calendar: office}
standards:
  - {id: next-reply-4h, unit: reply, measure: next_reply, within: 4h, floor: 90%}
"""


def conversation() -> pd.DataFrame:
    return event_log(
        (1, "2026-03-10 09:00", "created", "new"),
        (1, "2026-03-10 09:30", "agent_reply", None),  # the first reply: no customer message waits for it
        (1, "2026-03-10 10:00", "customer_reply", None),  # cycle A starts at the oldest unanswered message
        (1, "2026-03-10 11:00", "customer_reply", None),  # ... and this one joins it
        (1, "2026-03-10 12:30", "agent_reply", None),  # A: 10:00 -> 12:30 = 2h30m, met
        (1, "2026-03-10 15:00", "customer_reply", None),  # cycle B
        (1, "2026-03-11 12:00", "agent_reply", None),  # B: Tue 15-17 (2h) + Wed 9-12 (3h) = 5h, missed
        (1, "2026-03-11 13:00", "customer_reply", None),  # cycle C, never answered
        (2, "2026-03-12 07:30", "created", "new"),
        (2, "2026-03-12 08:00", "customer_reply", None),  # cycle D, never answered
    )


def test_reply_cycles_by_hand() -> None:
    # as_of Thu 12 10:00. C: Wed 13-17 (4h) + Thu 9-10 (1h) = 5h > 4h, missed.
    # D: written before opening, Thu 9-10 = 1h, pending
    report = svcstandards.evaluate(standards(REPLIES), conversation(), as_of="2026-03-12 10:00")
    assert list(report.outcomes("next-reply-4h")) == ["met", "missed", "missed", "pending"]
    cycles = report.breaches("next-reply-4h", outcome=["met", "missed", "pending"])
    assert list(cycles["ticket_id"]) == [1, 1, 1, 2]
    assert list(cycles["cycle_start_at"]) == [
        stamp("2026-03-10 10:00"),
        stamp("2026-03-10 15:00"),
        stamp("2026-03-11 13:00"),
        stamp("2026-03-12 08:00"),
    ]
    assert list(cycles["cycle_reply_at"][:2]) == [stamp("2026-03-10 12:30"), stamp("2026-03-11 12:00")]
    assert cycles["cycle_reply_at"][2:].isna().all()
    assert list(cycles["measured"]) == [hours("2h30m"), hours("5h"), hours("5h"), hours("1h")]
    row = report.to_frame().iloc[0]
    assert (row["n"], row["met"], row["missed"], row["pending"]) == (3, 1, 2, 1)


def test_an_unanswered_cycle_is_missed_once_its_time_is_up() -> None:
    # as_of Thu 12 14:00: D has waited Thu 9-14 = 5h > 4h
    report = svcstandards.evaluate(standards(REPLIES), conversation(), as_of="2026-03-12 14:00")
    assert list(report.outcomes("next-reply-4h")) == ["met", "missed", "missed", "missed"]


def test_reply_cycles_of_a_view() -> None:
    view = read_event_log(conversation(), SPEC, ZONE)
    cycles = reply_cycles(view, "customer_reply", "agent_reply")
    # the interaction's own columns come along, with its row number in view.frame
    assert list(cycles["interaction"]) == [0, 0, 0, 1]
    assert list(cycles["customer_reply_count"]) == [4, 4, 4, 1]


# -- log problems --------------------------------------------------------------------


def test_each_log_problem_makes_the_interaction_invalid_where_it_is_in_scope() -> None:
    header = HEADER.replace(
        "paused_statuses: [pending]", "paused_statuses: [pending]\n  statuses: [new, pending, open]"
    )
    file = standards(
        """
        standards:
          - id: first-reply-1h
            where: {channel: email}
            measure: {from: created_first_at, to: agent_reply_first_at}
            within: 1h
            floor: 90%
          - id: many-replies
            measure: {column: agent_reply_count}
            at_least: 2
            ceiling: 50%
        """,
        header,
    )
    log = event_log(
        (1, "2026-03-02 09:00", "created", "new", "email"),  # fine
        (1, "2026-03-02 09:20", "agent_reply", None, "email"),
        (2, "2026-03-02 09:20", "agent_reply", None, "email"),  # no_creation
        (3, "2026-03-02 08:00", "agent_reply", None, "email"),  # before_creation
        (3, "2026-03-02 09:00", "created", "new", "email"),
        (4, "2026-03-02 09:00", "created", "new", "email"),  # duplicate_event: the same reply twice
        (4, "2026-03-02 09:20", "agent_reply", None, "email"),
        (4, "2026-03-02 09:20", "agent_reply", None, "email"),
        (5, "2026-03-02 09:00", "created", "wip", "email"),  # unknown_status: wip is not listed
        (6, "2026-03-02 09:20", "agent_reply", None, "chat"),  # no_creation, but not an e-mail
        (7, "2026-03-02 09:00", "created", "new", "email"),  # fine: same time, different status
        (7, "2026-03-02 09:20", "status_changed", "pending", "email"),
        (7, "2026-03-02 09:20", "status_changed", "open", "email"),
        (7, "2026-03-02 09:30", "agent_reply", None, "email"),
        extra=("channel",),
    )
    wide = interactions_from_events(log, file)
    expected = ["", "no_creation", "before_creation", "duplicate_event", "unknown_status", "no_creation", ""]
    assert list(wide["log_problem"].fillna("")) == expected
    report = svcstandards.evaluate(file, log)
    assert list(report.outcomes("first-reply-1h")) == [
        "met",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "out_of_scope",  # ticket 6 is a chat: not in scope, so not counted at all
        "met",
    ]
    # the value standard has no where: every broken ticket is invalid there, whatever its value
    assert list(report.outcomes("many-replies")) == [
        "missed",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "missed",
    ]
    assert report.counts().set_index("standard").loc["many-replies", "invalid"] == 5


def test_a_log_column_named_log_problem_is_the_user_s_own() -> None:
    # the evaluation keeps its log problems to itself: a log's own "log_problem" column is an attribute
    # like any other (latest value per ticket) and does not change which tickets are invalid
    file = standards(
        """
        standards:
          - id: first-reply-1h
            where: {log_problem: checked}
            measure: {from: created_first_at, to: agent_reply_first_at}
            within: 1h
            floor: 90%
        """
    )
    log = event_log(
        (1, "2026-03-02 09:00", "created", "new", "checked"),  # replied in 20 min: met
        (1, "2026-03-02 09:20", "agent_reply", None, "checked"),
        (2, "2026-03-02 09:20", "agent_reply", None, "checked"),  # no creation event: invalid
        (3, "2026-03-02 09:00", "created", "new", "unchecked"),  # out of scope by the user's column
        (3, "2026-03-02 11:00", "agent_reply", None, "unchecked"),
        extra=("log_problem",),
    )
    report = svcstandards.evaluate(file, log)
    assert list(report.outcomes("first-reply-1h")) == ["met", "invalid", "out_of_scope"]
    # the interactions table has one column of that name: there the clash is an error
    with pytest.raises(DataError) as caught:
        interactions_from_events(log, file)
    assert [(p.column, p.code) for p in caught.value.problems] == [("log_problem", "column_derived")]


def test_a_custom_creation_type() -> None:
    spec = EventLog(id="ticket_id", time="at", type="event", created="opened")
    log = event_log((1, "2026-03-02 09:00", "opened", None), (2, "2026-03-02 09:00", "created", None))
    assert list(interactions_from_events(log, spec)["log_problem"].fillna("")) == ["", "no_creation"]


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("ticket_id", None, "events without an id"),
        ("at", pd.NaT, "events without a time"),
        ("event", None, "events without a type"),
    ],
)
def test_events_without_id_time_or_type_are_data_errors(column: str, value: Any, what: str) -> None:
    log = event_log(
        (1, "2026-03-02 09:00", "created", "new"),
        (1, "2026-03-02 10:00", "agent_reply", None),
        (2, "2026-03-02 11:00", "created", "new"),
    )
    log[column] = log[column].astype(object)
    log.loc[[0, 2], column] = value
    with pytest.raises(DataError) as info:
        interactions_from_events(log, SPEC)
    [problem] = info.value.problems
    assert problem.column == column
    assert problem.message == f"2 {what} (rows 0, 2)"
    assert problem.code == "event_incomplete"
    # evaluate stops the same way: a row that cannot be placed is never dropped
    with pytest.raises(DataError, match=what):
        svcstandards.evaluate(standards(REPLIES), log)


def test_missing_and_unreadable_event_columns_are_data_errors() -> None:
    log = event_log((1, "2026-03-02 09:00", "created", "new"))
    with pytest.raises(DataError) as info:
        interactions_from_events(log.drop(columns="event"), SPEC)
    assert [p.column for p in info.value.problems] == ["event"]
    with pytest.raises(DataError) as info:
        interactions_from_events(log.assign(at=["yesterday"]), SPEC)
    assert [p.column for p in info.value.problems] == ["at"]


# -- with a standards file -----------------------------------------------------------------


REPLIES_WITHOUT_EVENTS = """
version: 1
standards:
  - {id: x, measure: {from: a, to: b}, within: 1h, floor: 90%}
"""


def test_interactions_from_events_with_a_standards_file() -> None:
    file = svcstandards.loads(
        textwrap.dedent(
            """
            version: 1
            timezone: Europe/Ljubljana
            columns: {at: logged_at}
            events: {id: ticket_id, time: at, type: event}
            standards:
              - {id: solved-1d, measure: {from: created_first_at, to: solved_first_at}, within: 1d, floor: 90%}
              - {id: reopen-rate, measure: {column: reopened_count}, at_least: 1, ceiling: 5%}
            """
        )
    )
    assert referenced_types(file) == ["created", "solved", "reopened"]
    log = event_log((1, "2026-03-02 09:00", "created", None)).rename(columns={"at": "logged_at"})
    wide = interactions_from_events(log, file)
    # the file's zone, its columns: mapping and the types its standards refer to, absent from the log
    assert wide.loc[0, "created_first_at"] == stamp("2026-03-02 09:00")
    assert pd.isna(wide.loc[0, "solved_first_at"])
    assert wide.loc[0, "solved_count"] == 0
    assert wide.loc[0, "reopened_count"] == 0
    report = svcstandards.evaluate(file, log, as_of="2026-03-02 12:00")
    assert list(report.outcomes("solved-1d")) == ["pending"]
    assert list(report.outcomes("reopen-rate")) == ["missed"]
    with pytest.raises(ValueError, match="no events: section"):
        interactions_from_events(log, svcstandards.loads(REPLIES_WITHOUT_EVENTS))


# -- repeat contacts -----------------------------------------------------------------

REPEATS = """
standards:
  - id: repeat-7d
    measure: {repeat_contact: {customer: customer_id, within: 7d, time: created_first_at}}
    ceiling: 20%
  - id: repeat-7d-same-topic
    measure: {repeat_contact: {customer: customer_id, within: 7d, topic: topic, time: created_first_at}}
    ceiling: 20%
"""


def contacts() -> pd.DataFrame:
    return event_log(
        (1, "2026-03-02 10:00", "created", "new", "A", "billing"),
        (2, "2026-03-05 10:00", "created", "new", "A", "delivery"),  # A again 3 days later, another topic
        (3, "2026-03-13 10:00", "created", "new", "A", "billing"),  # A again 8 days after 2, 11 after 1
        (4, "2026-03-16 09:00", "created", "new", "B", "billing"),  # B once, a day before as_of
        (5, "2026-03-10 10:00", "created", "new", "C", "billing"),
        (6, "2026-03-17 10:00", "created", "new", "C", "billing"),  # C again exactly 7 days later
        (7, "2026-03-03 10:00", "created", "new", None, "billing"),  # no customer
        extra=("customer_id", "topic"),
    )


def test_repeat_contacts_at_the_edge_of_the_data() -> None:
    report = svcstandards.evaluate(standards(REPEATS), contacts(), as_of="2026-03-17 12:00")
    # any topic: 1 -> 2 after 3 days, met; 2 -> 3 after 8 days, and its window closed on Thu 12: missed;
    # 3's window runs to Fri 20, after as_of, with no repeat yet: pending; 4 likewise (to Mon 23);
    # 5 -> 6 exactly 7 days later: met (the window includes its end); 6 pending; 7 has no customer: invalid
    assert list(report.outcomes("repeat-7d")) == ["met", "missed", "pending", "pending", "met", "pending", "invalid"]
    # same topic: 1 (billing) -> 3 (billing) after 11 days: missed; 2 (delivery) has no repeat: missed
    assert list(report.outcomes("repeat-7d-same-topic")) == [
        "missed",
        "missed",
        "pending",
        "pending",
        "met",
        "pending",
        "invalid",
    ]
    frame = report.to_frame().set_index("standard")
    assert frame.loc["repeat-7d", "share"] == 2 / 3  # met 2 of 3 decided
    assert frame.loc["repeat-7d-same-topic", "share"] == 1 / 3


def test_repeat_contact_window_closes_with_as_of() -> None:
    # a week later every window has closed: nothing is pending any more
    report = svcstandards.evaluate(standards(REPEATS), contacts(), as_of="2026-03-24 12:00")
    assert list(report.outcomes("repeat-7d")) == ["met", "missed", "missed", "missed", "met", "missed", "invalid"]


# -- surveys -------------------------------------------------------------------------

SURVEYS = """
standards:
  - id: survey-response-rate
    title: At least half of the surveys sent are answered
    where: {survey_sent_count: {ge: 1}}
    measure: {present: survey_answered_first_at}
    floor: 50%
  - id: csat
    measure: {column: csat}
    at_least: 4
    floor: 80%
  - id: ces
    measure: {column: ces}
    mean: {at_least: 5}
  - id: nps
    measure: {column: nps}
    nps: {at_least: 30}
"""


def surveyed() -> pd.DataFrame:
    rows = []
    answers = {  # ticket: (csat 1-5, ces 1-7, nps 0-10); None: not asked or not answered
        1: (5, 6, 10),
        2: (4, 5, 8),
        3: (2, 2, 3),
        4: None,  # survey sent, never answered
        5: (3, None, 9),  # answered two of the three questions
        6: "not sent",
    }
    for ticket, answer in answers.items():
        rows.append((ticket, f"2026-03-02 {8 + ticket:02d}:00", "created", "new", None, None, None))
        rows.append((ticket, f"2026-03-02 {8 + ticket:02d}:30", "solved", "solved", None, None, None))
        if answer == "not sent":
            continue
        rows.append((ticket, f"2026-03-02 {8 + ticket:02d}:31", "survey_sent", None, None, None, None))
        if isinstance(answer, tuple):
            rows.append((ticket, f"2026-03-03 {8 + ticket:02d}:00", "survey_answered", None, *answer))
    return event_log(*rows, extra=("csat", "ces", "nps"))


def test_response_rate_and_scores_count_answers_only() -> None:
    report = svcstandards.evaluate(standards(SURVEYS), surveyed())
    frame = report.to_frame().set_index("standard")
    counts = report.counts().set_index("standard")
    # response rate: surveys sent to 1-5 (6 is out of scope); answered 1, 2, 3, 5 -> 4/5
    assert list(report.outcomes("survey-response-rate")) == ["met", "met", "met", "missed", "met", "out_of_scope"]
    assert frame.loc["survey-response-rate", "share"] == 0.8
    # CSAT over the four answers: 5 and 4 are at least 4, 2 and 3 are not -> 2/4 = 50%, fail
    assert (frame.loc["csat", "n"], frame.loc["csat", "met"], frame.loc["csat", "status"]) == (4, 2, "fail")
    assert counts.loc["csat", "out_of_scope"] == 2  # 4 and 6: no answer, no score
    # CES, mean over 1, 2, 3 (5 skipped the question): (6 + 5 + 2) / 3 = 4.33 < 5
    assert frame.loc["ces", "n"] == 3
    assert frame.loc["ces", "value"] == pytest.approx(13 / 3)
    assert frame.loc["ces", "status"] == "fail"
    # NPS over 10, 8, 3, 9: promoters 2 (10, 9), detractors 1 (3) of 4 -> 50 - 25 = 25 points < 30
    assert frame.loc["nps", "n"] == 4
    assert frame.loc["nps", "value"] == pytest.approx(25.0)
    assert counts.loc["nps", "out_of_scope"] == 2


# -- the generator and the bundled standards -----------------------------------------


def test_ticket_events_are_deterministic_and_well_formed() -> None:
    log = sample.ticket_events(days=14, per_day=60, seed=5)
    pd.testing.assert_frame_equal(log, sample.ticket_events(days=14, per_day=60, seed=5))
    assert not log.equals(sample.ticket_events(days=14, per_day=60, seed=6))
    assert list(log.columns) == ["ticket_id", "at", "event", "status", "priority", "channel", "customer_id"]
    assert log["at"].is_monotonic_increasing
    assert log["at"].min() >= pd.Timestamp("2026-03-02")
    assert log["at"].max() < pd.Timestamp("2026-03-16")
    assert set(log["event"]) == {
        "created",
        "agent_reply",
        "customer_reply",
        "status_changed",
        "priority_changed",
        "solved",
        "reopened",
    }
    firsts = log.groupby("ticket_id", sort=False).head(1)
    assert (firsts["event"] == "created").all()  # every ticket opens with its creation
    file = svcstandards.load(ROOT / "standards" / "email-events.yaml")
    wide = interactions_from_events(log, file)
    assert wide["log_problem"].isna().all()
    assert (wide["created_count"] == 1).all()
    assert set(wide["status"]) <= {"new", "open", "pending", "solved"}


def test_bundled_event_standards_score_a_generated_log() -> None:
    file = svcstandards.load(ROOT / "standards" / "email-events.yaml")
    log = sample.ticket_events(days=14, per_day=60)
    report = svcstandards.evaluate(file, log)
    counts = report.counts().set_index("standard")
    tickets = log["ticket_id"].nunique()
    for standard in ("email-first-reply", "email-resolved-72h", "email-reopen-rate"):
        assert counts.loc[standard].iloc[:6].sum() == tickets
    cycles = counts.loc["email-next-reply"].sum()
    assert cycles > 0
    assert counts["invalid"].sum() == 0
    frame = report.to_frame().set_index("standard")
    assert 0 < frame.loc["email-reopen-rate", "share"] < 0.15


def test_event_log_example_runs() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "event_log.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "email-next-reply" in completed.stdout
    assert "customer messages waited more than 4 office hours" in completed.stdout


def test_events_page_examples() -> None:
    result = doctest.testfile(
        str(ROOT / "docs" / "events.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        encoding="utf-8",
        report=False,
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/events.md failed"


# -- laws ----------------------------------------------------------------------------

LAWS = """
calendars:
  office: {hours: {mon-fri: "09:00-17:00"}}
measures:
  first_reply: {from: created_first_at, to: agent_reply_first_at, calendar: office}
  resolution: {from: created_first_at, to: solved_first_at}
standards:
  - {id: first-reply-2h, measure: first_reply, within: 2h, floor: 80%, by: channel, period: day}
  - {id: last-reply-1d, measure: {from: created_first_at, to: agent_reply_last_at}, within: 1d, floor: 80%}
  - {id: solved-8h, measure: resolution, within: 8h, floor: 80%, by: channel}
  - {id: one-reply, measure: {column: agent_reply_count}, at_most: 1, floor: 50%, period: week}
"""
EVENTS_SECTION = "events: {id: ticket_id, time: at, type: event}\n"
LAWS_HEADER = "version: 1\ntimezone: Europe/Ljubljana\ntime: created_first_at\n"
BASE = pd.Timestamp("2026-03-02 00:00")
AS_OF = BASE + pd.Timedelta(days=12)

minutes = st.integers(min_value=0, max_value=60 * 24 * 10)
tickets_strategy = st.lists(
    st.tuples(
        minutes,  # created, minutes after BASE
        st.lists(st.integers(min_value=0, max_value=60 * 30), max_size=3, unique=True),  # reply delays
        st.one_of(st.none(), st.integers(min_value=0, max_value=60 * 48)),  # solved delay
        st.sampled_from(["email", "chat"]),
    ),
    min_size=1,
    max_size=25,
)


def wide_and_log(tickets: list[tuple[int, list[int], int | None, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same tickets as a wide table (one row each) and as an event log (one row per event)."""
    rows, events = [], []
    for number, (created, replies, solved, channel) in enumerate(tickets, start=1):
        at = BASE + pd.Timedelta(minutes=created)
        reply_times = sorted(at + pd.Timedelta(minutes=m) for m in replies)
        solved_at = at + pd.Timedelta(minutes=solved) if solved is not None else pd.NaT
        rows.append(
            {
                "ticket_id": number,
                "channel": channel,
                "created_first_at": at,
                "agent_reply_first_at": reply_times[0] if reply_times else pd.NaT,
                "agent_reply_last_at": reply_times[-1] if reply_times else pd.NaT,
                "agent_reply_count": len(reply_times),
                "solved_first_at": solved_at,
            }
        )
        events.append((number, at, "created", channel))
        events.extend((number, t, "agent_reply", channel) for t in reply_times)
        if solved is not None:
            events.append((number, solved_at, "solved", channel))
    log = pd.DataFrame(events, columns=["ticket_id", "at", "event", "channel"])
    return pd.DataFrame(rows), log.sort_values("at", kind="stable").reset_index(drop=True)


@WHOLE_LOG
@given(tickets_strategy)
def test_a_wide_table_and_its_event_log_give_the_same_report(tickets: list[Any]) -> None:
    wide, log = wide_and_log(tickets)
    from_wide = svcstandards.evaluate(svcstandards.loads(LAWS_HEADER + LAWS), wide, as_of=AS_OF)
    from_log = svcstandards.evaluate(svcstandards.loads(LAWS_HEADER + EVENTS_SECTION + LAWS), log, as_of=AS_OF)
    pd.testing.assert_frame_equal(from_log.to_frame(), from_wide.to_frame())


@WHOLE_LOG
@given(tickets_strategy, st.randoms(use_true_random=False))
def test_shuffling_the_events_changes_nothing(tickets: list[Any], random: Any) -> None:
    _, log = wide_and_log(tickets)
    order = list(range(len(log)))
    random.shuffle(order)
    shuffled = log.iloc[order]
    file = svcstandards.loads(LAWS_HEADER + EVENTS_SECTION + LAWS)

    def tidy(frame: pd.DataFrame) -> pd.DataFrame:
        # rows follow the ids' first appearance and columns the types': compare in one order
        frame = frame.sort_values("ticket_id").reset_index(drop=True)
        return frame[sorted(frame.columns)]

    pd.testing.assert_frame_equal(
        tidy(interactions_from_events(shuffled, file)), tidy(interactions_from_events(log, file))
    )
    pd.testing.assert_frame_equal(
        svcstandards.evaluate(file, shuffled, as_of=AS_OF).to_frame(),
        svcstandards.evaluate(file, log, as_of=AS_OF).to_frame(),
    )


@FAST
@given(
    st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=60),
    st.sampled_from([1, 1_000, 60_000_000_000, 86_400_000_000_000]),  # ns, us, minutes, days
    st.data(),
)
def test_events_are_ordered_by_interaction_time_and_row(owners: list[int], unit: int, data: Any) -> None:
    # ns over ~80 years do not fit one int64 key with the interaction: the fallback sort is used
    steps = st.integers(min_value=0, max_value=3 if unit > 1 else 2**61)
    times = np.array([data.draw(steps) for _ in owners], dtype=np.int64) * unit
    interaction = np.array(owners, dtype=np.int64)
    expected = np.lexsort((np.arange(len(owners)), times, interaction))
    assert np.array_equal(_event_order(interaction, times, 6), expected)


@WHOLE_LOG
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=8),  # ticket
            st.integers(min_value=0, max_value=600),  # minutes after BASE (ties are common)
            st.sampled_from(["created", "agent_reply", "customer_reply", "solved"]),
            st.sampled_from([None, "open", "pending"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_no_event_is_lost(events: list[tuple[int, int, str, str | None]]) -> None:
    log = pd.DataFrame(events, columns=["ticket_id", "minutes", "event", "status"])
    log["at"] = BASE + pd.to_timedelta(log["minutes"], unit="m")
    wide = interactions_from_events(log, SPEC)
    # every event's interaction is in the output, once
    assert sorted(wide["ticket_id"]) == sorted(log["ticket_id"].unique())
    for kind, count in log["event"].value_counts().items():
        assert wide[f"{kind}_count"].sum() == count
        per_ticket = log[log["event"] == kind].groupby("ticket_id")["at"].agg(["min", "max"])
        mine = wide.set_index("ticket_id").loc[per_ticket.index]
        assert (mine[f"{kind}_first_at"].dt.tz_localize(None) == per_ticket["min"]).all()
        assert (mine[f"{kind}_last_at"].dt.tz_localize(None) == per_ticket["max"]).all()
    # a pause never lasts longer than the events around it
    spans = pause_spans(log, SPEC)
    assert (spans["resumed_at"].isna() | (spans["resumed_at"] >= spans["paused_at"])).all()
    assert (wide["paused_count"] >= 0).all()
    # every reply cycle gets exactly one outcome
    report = svcstandards.evaluate(standards(REPLIES), log, as_of=BASE + pd.Timedelta(days=1))
    cycles = reply_cycles(read_event_log(log, SPEC), "customer_reply", "agent_reply")
    # a cycle starts at each customer message that does not follow another one (by time, then row)
    messages = log[log["event"].isin(["customer_reply", "agent_reply"])].reset_index()
    messages = messages.sort_values(["ticket_id", "at", "index"])
    previous = messages.groupby("ticket_id")["event"].shift()
    starts = (messages["event"] == "customer_reply") & (previous != "customer_reply")
    assert report.counts().iloc[0, 1:].sum() == len(cycles) == starts.sum()


def test_a_log_column_named_like_a_reply_cycle_column_is_a_data_error() -> None:
    # found by the fuzz tests: a log column "interaction" clashed with the cycles' own column
    standards = svcstandards.loads(
        """
        version: 1
        events: {id: ticket_id, time: at, type: event}
        standards:
          - {id: next-reply, unit: reply, measure: {from: customer_reply, to: agent_reply}, within: 1h, floor: 90%}
        """
    )
    log = pd.DataFrame(
        {
            "ticket_id": [1, 1, 1],
            "at": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:10", "2026-03-02 09:30"]),
            "event": ["created", "customer_reply", "agent_reply"],
            "interaction": ["phone", "phone", "phone"],
        }
    )
    with pytest.raises(svcstandards.DataError) as caught:
        svcstandards.evaluate(standards, log)
    assert [(p.column, p.code) for p in caught.value.problems] == [("interaction", "column_derived")]
