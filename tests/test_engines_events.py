"""Event logs (an ``events:`` section) on every engine: the same interactions, log problems, reply cycles and pauses.

Each test scores a small log on the pandas engine and on Polars and DuckDB
(``table`` asserts the three results tables, counts and warnings equal) and
checks the counts against numbers worked out by hand. Spark runs the cases
marked ``WITH_SPARK`` (first / last / count, status pauses, reply cycles, log
problems, ties of time), its read order across partitions in
tests/test_engines_spark_events.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

import svcstandards
from engine_cases import COUNTS, ENGINES, LAZY, WITH_SPARK, counts, expect, load, on, table
from svcstandards import DataError, evaluate
from svcstandards.engines.prepare import prepare
from svcstandards.plan import compile_prepare
from test_presets import reference_resolution

T0 = pd.Timestamp("2026-03-02 09:00")  # a Monday
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "servicenow_incident_events_sample.csv"

TICKETS = """
    version: 1
    events:
      id: ticket
      time: at
      type: event
      status: status
      paused_statuses: [pending]
      statuses: [new, open, pending, solved]
    measures:
      first_reply: {from: created_first_at, to: agent_reply_first_at}
      next_reply: {from: customer_reply, to: agent_reply}
      resolution: {from: created_first_at, to: solved_last_at, pause: status}
    standards:
      - {id: first-reply-1h, by: channel, measure: first_reply, within: 1h, floor: 80%}
      - {id: resolution-4h, measure: resolution, within: 4h, floor: 80%}
      - {id: next-reply-2h, unit: reply, measure: next_reply, within: 2h, floor: 80%}
      - {id: reopen-rate, measure: {column: reopened_count}, at_least: 1, ceiling: 50%}
    """


def log(rows: list[tuple[Any, ...]], start: pd.Timestamp = T0) -> pd.DataFrame:
    """Events as (ticket, minutes after ``start``, event, status, channel)."""
    frame = pd.DataFrame(rows, columns=["ticket", "minutes", "event", "status", "channel"])
    frame.insert(1, "at", start + pd.to_timedelta(frame.pop("minutes"), unit="min"))
    return frame


def ticket_log() -> pd.DataFrame:
    rows = [
        # A: first reply after 20 min; customer messages at 60 and 90 (one cycle) answered at 150; pending
        # 150-210 (60 min paused); solved 240, reopened 260, solved again 280; a last message at 210 unanswered
        ("A", 0, "created", "new", "email"),
        ("A", 20, "agent_reply", "open", None),
        ("A", 60, "customer_reply", None, None),
        ("A", 90, "customer_reply", None, None),
        ("A", 150, "agent_reply", "pending", None),
        ("A", 210, "customer_reply", "open", None),
        ("A", 240, "solved", "solved", None),
        ("A", 260, "reopened", "open", None),
        ("A", 280, "solved", "solved", None),
        # B: created at 60, first reply at 150 (90 min); cycle 170 -> 200; pending from 200 on, never solved
        ("B", 60, "created", "new", "chat"),
        ("B", 150, "agent_reply", "open", None),
        ("B", 170, "customer_reply", "open", None),
        ("B", 200, "agent_reply", "pending", None),
        # C: a reply before the creation (before_creation)
        ("C", 100, "agent_reply", "open", "email"),
        ("C", 110, "created", "new", None),
        ("C", 130, "customer_reply", "open", None),
        ("C", 140, "agent_reply", "open", None),
        # D: the same reply twice at the same time (duplicate_event)
        ("D", 30, "created", "new", "email"),
        ("D", 45, "agent_reply", "open", None),
        ("D", 45, "agent_reply", "open", None),
        # E: a status the file does not list (unknown_status)
        ("E", 0, "created", "new", "chat"),
        ("E", 10, "agent_reply", "waiting", None),
        # F: no creation event (no_creation)
        ("F", 20, "agent_reply", "open", "chat"),
    ]
    frame = log(rows)
    return frame.iloc[::-1].reset_index(drop=True)  # newest first: events are ordered by time, not by row


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_a_ticket_log_is_scored_per_interaction_and_per_reply_cycle(engine: str) -> None:
    as_of = T0 + pd.Timedelta(minutes=600)
    found = table(engine, load(TICKETS), ticket_log(), as_of=as_of)
    # first reply by channel (the latest channel given): chat B 90 min missed, E and F invalid;
    # email A 20 min met, C and D invalid
    assert counts(found, "first-reply-1h") == [expect(1, 0, 1, invalid=2), expect(1, 1, 0, invalid=2)]
    assert list(found.loc[found["standard"] == "first-reply-1h", "channel"]) == ["chat", "email"]
    # resolution less pending: A 280 - 60 = 220 min met; B open at 600: (600 - 60) - (600 - 200) = 140 min
    # pending; C, D, E, F invalid
    assert counts(found, "resolution-4h") == [expect(1, 1, 0, pending=1, invalid=4)]
    # cycles: A 60 -> 150 (90 min) met, A 210 -> none (390 min at 600) missed, B 170 -> 200 met, C invalid
    assert counts(found, "next-reply-2h") == [expect(3, 2, 1, invalid=1)]
    # reopened: A once (met), B never (missed), the other four invalid
    assert counts(found, "reopen-rate") == [expect(2, 1, 1, invalid=4)]


@pytest.mark.parametrize("engine", ENGINES)
def test_log_problems_are_one_warning_naming_example_ids(engine: str) -> None:
    report = evaluate(load(TICKETS), on(engine, ticket_log()), as_of=T0 + pd.Timedelta(hours=10))
    (warning,) = [p for p in report.problems if p.code == "log_problems"]
    assert warning.column == "ticket"
    assert warning.message == (
        "4 of 6 interactions have log problems and count as invalid: 1 no_creation (F), "
        "1 before_creation (C), 1 unknown_status (E), 1 duplicate_event (D)"
    )


#: One reply standard on an event log: each customer message answered by an agent within an hour.
REPLIES = """
    version: 1
    events: {id: ticket, time: at, type: event}
    measures:
      next_reply: {from: customer_reply, to: agent_reply}
    standards:
      - {id: next-reply-1h, unit: reply, measure: next_reply, within: 1h, floor: 80%}
    """


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_events_at_the_same_time_keep_their_row_order(engine: str) -> None:
    standards = load(REPLIES)
    events = log(
        [
            # G: the message comes first in the rows, then the reply at the same minute: answered in 0 s
            ("G", 0, "created", None, None),
            ("G", 10, "customer_reply", None, None),
            ("G", 10, "agent_reply", None, None),
            # H: the reply comes first: the message waits for a reply that never comes
            ("H", 0, "created", None, None),
            ("H", 10, "agent_reply", None, None),
            ("H", 10, "customer_reply", None, None),
        ]
    )
    found = table(engine, standards, events, as_of=T0 + pd.Timedelta(minutes=40))
    # G met; H's message is 30 min old at as_of: pending
    assert counts(found, "next-reply-1h") == [expect(1, 1, 0, pending=1)]


NEW_YORK = """
    version: 1
    timezone: America/New_York
    time: created_first_at
    events: {id: ticket, time: at, type: event, status: status, paused_statuses: [pending]}
    measures:
      first_reply: {from: created_first_at, to: agent_reply_first_at}
      next_reply: {from: customer_reply, to: agent_reply}
      resolution: {from: created_first_at, to: solved_first_at, pause: status}
    standards:
      - {id: first-reply-1h, by: channel, measure: first_reply, within: 1h, floor: 80%, period: day}
      - {id: next-reply-1h, unit: reply, measure: next_reply, within: 1h, floor: 80%, period: day}
      - {id: resolution-1h, measure: resolution, within: 1h, floor: 80%, period: day}
    """


def new_york_log() -> pd.DataFrame:
    """Naive wall-clock times in New York, around the change to summer time (2026-03-08 02:00 -> 03:00)."""
    rows = [
        ("N1", "2026-03-07 23:30", "created", "new", "email"),
        ("N1", "2026-03-08 00:10", "agent_reply", "open", None),
        ("N2", "2026-03-08 01:30", "created", "new", "email"),
        ("N2", "2026-03-08 03:10", "agent_reply", "pending", None),
        ("N2", "2026-03-08 03:40", "customer_reply", "open", None),
        ("N2", "2026-03-08 03:55", "solved", "solved", None),
        ("N3", "2026-03-08 04:00", "created", "new", "chat"),
        ("N3", "2026-03-08 05:30", "agent_reply", "open", None),
        ("N3", "2026-03-08 06:00", "customer_reply", "open", None),
        ("N3", "2026-03-08 06:30", "agent_reply", "open", None),
    ]
    frame = pd.DataFrame(rows, columns=["ticket", "at", "event", "status", "channel"])
    frame["at"] = pd.to_datetime(frame["at"])
    return frame


@pytest.mark.parametrize("engine", ENGINES)
def test_groups_and_local_days_across_the_change_to_summer_time(engine: str) -> None:
    found = table(engine, load(NEW_YORK), new_york_log(), as_of=pd.Timestamp("2026-03-09 00:00"))
    # first reply: N1 40 min (day 7th) met; N2 01:30 EST -> 03:10 EDT is 40 min (not 100) met; N3 90 min missed
    rows = found[found["standard"] == "first-reply-1h"]
    assert [(r.channel, r.period.strftime("%m-%d %z"), r.met, r.missed) for r in rows.itertuples()] == [
        ("chat", "03-08 -0500", 0, 1),
        ("email", "03-07 -0500", 1, 0),
        ("email", "03-08 -0500", 1, 0),
    ]
    # cycles: N2 03:40 -> no reply after it (missed: 20 h at as_of), N3 06:00 -> 06:30 met; both on the 8th
    assert counts(found, "next-reply-1h") == [expect(2, 1, 1)]
    # N2: 01:30 EST -> 03:55 EDT is 85 min, less pending 03:10 -> 03:40 (30 min): 55 min, met (the wall clock
    # would say 145 - 30 = 115); N1 and N3 never solved: 24 h and more at as_of, missed
    assert counts(found, "resolution-1h") == [expect(1, 0, 1), expect(2, 1, 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_derived_types_and_attributes_of_the_events_section(engine: str) -> None:
    standards = load(
        """
        version: 1
        events:
          id: ticket
          time: at
          type: event
          created: {column: opened_at}
          types: {reply: [agent_reply, macro_reply]}
          when_set: {assigned: agent}
          attributes: {channel: first}
          duplicates: keep
        measures:
          first_reply: {from: created_first_at, to: reply_first_at}
          first_assignment: {from: created_first_at, to: assigned_first_at}
        standards:
          - {id: first-reply-30m, by: channel, measure: first_reply, within: 30m, floor: 80%}
          - {id: assigned-10m, measure: first_assignment, within: 10m, floor: 80%}
        """
    )
    events = log(
        [
            ("P", 5, "update", None, "email"),
            ("P", 20, "macro_reply", None, "chat"),  # the first reply (a macro) 20 min after opening at 0
            ("P", 40, "agent_reply", None, None),
            ("Q", 0, "update", None, "chat"),
            ("Q", 0, "update", None, "chat"),  # repeated, but duplicates: keep
            ("Q", 50, "agent_reply", None, None),  # 50 min after opening at 0: missed
        ]
    )
    events["opened_at"] = T0
    events["agent"] = ["", "ann", None, " ", "bob", "bob"]  # blank is no agent: P at 20 min, Q at 0 min
    found = table(engine, standards, events, as_of=T0 + pd.Timedelta(hours=2))
    # channel is each ticket's first: P email (met), Q chat (missed)
    assert counts(found, "first-reply-30m") == [expect(1, 0, 1), expect(1, 1, 0)]
    assert list(found.loc[found["standard"] == "first-reply-30m", "channel"]) == ["chat", "email"]
    # assigned: P 20 min missed, Q 0 min met
    assert counts(found, "assigned-10m") == [expect(2, 1, 1)]


@pytest.mark.parametrize("engine", LAZY)
def test_an_event_without_a_time_is_a_data_error(engine: str) -> None:
    events = ticket_log()
    events.loc[2, "at"] = pd.NaT
    with pytest.raises(DataError) as caught:
        evaluate(load(TICKETS), on(engine, events))
    (problem,) = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("events", "at", "event_incomplete")
    assert problem.message == "1 events without a time (rows 2)"


def servicenow() -> tuple[svcstandards.StandardSet, pd.DataFrame]:
    """The servicenow-events preset, with its columns read as it reads them (formats, '?' for none) by the
    pandas engine's prepare step, and the preset without that step (the lazy engines do not run it yet)."""
    preset = svcstandards.load_preset("servicenow-events")
    raw = pd.read_csv(SAMPLE, keep_default_na=False)
    prepared = prepare(raw, compile_prepare(preset))
    assert not prepared.problems
    text = (Path(svcstandards.__file__).parent / "presets" / "servicenow-events.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    del data["data"]
    data["columns"] = {"reopens": "reopen_count"}
    return svcstandards.loads(yaml.safe_dump(data)), prepared.frame


@pytest.mark.parametrize("engine", ENGINES)
def test_the_shipped_servicenow_sample_with_the_servicenow_events_preset(engine: str) -> None:
    standards, prepared = servicenow()
    found = table(engine, standards, prepared)
    # resolution by priority as a plain pandas reference computes it from the raw export
    expected = reference_resolution(SAMPLE)
    got = found[found["standard"] == "resolution-by-priority"].set_index("priority")[["n", "met", "missed", "invalid"]]
    pd.testing.assert_frame_equal(got.astype("int64"), expected.astype("int64"), check_names=False)
    # and it is what the preset gives on the export itself
    whole = evaluate(svcstandards.load_preset("servicenow-events"), pd.read_csv(SAMPLE)).to_frame()
    pd.testing.assert_frame_equal(found, whole, check_exact=False, rtol=1e-9)


def test_a_duckdb_relation_of_any_connection() -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    events = ticket_log()
    relation = duckdb.connect().from_df(events)  # not the default connection: every join stays on this one
    as_of = T0 + pd.Timedelta(minutes=600)
    found = evaluate(load(TICKETS), relation, as_of=as_of).to_frame()
    pd.testing.assert_frame_equal(found, evaluate(load(TICKETS), events, as_of=as_of).to_frame())
    assert counts(found, "next-reply-2h") == [expect(3, 2, 1, invalid=1)]  # as in the test above


RANDOM = """
    version: 1
    timezone: Europe/Ljubljana
    time: created_first_at
    events:
      id: ticket
      time: at
      type: event
      status: status
      paused_statuses: [pending, hold]
      statuses: [new, open, pending, hold, solved]
      duplicates: {duplicates}
    measures:
      first_reply: {{from: created_first_at, to: agent_reply_first_at}}
      next_reply: {{from: customer_reply, to: agent_reply}}
      resolution: {{from: created_first_at, to: solved_last_at, pause: status}}
    standards:
      - {{id: first-reply, by: channel, measure: first_reply, within: 1h, floor: 80%, period: day}}
      - {{id: next-reply, unit: reply, measure: next_reply, within: 2h, floor: 80%, by: channel}}
      - {{id: resolution, measure: resolution, within: 8h, floor: 80%, period: day}}
      - {{id: resolution-mean, measure: resolution, mean: {{at_most: 8h}}}}
      - {{id: paused, measure: {{column: paused_seconds}}, at_most: 3600, floor: 50%}}
    """


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("duplicates", ["all_columns", "same_event", "keep"])
def test_random_logs_around_a_clock_change_score_alike(engine: str, duplicates: str) -> None:
    rng = np.random.default_rng(7)
    standards = load(RANDOM.format(duplicates=duplicates))
    for _ in range(5):  # events every 15 min from Saturday 20:00 over the night the clocks go forward: many ties
        size = int(rng.integers(20, 80))
        events = pd.DataFrame(
            {
                "ticket": rng.integers(0, 8, size),
                "at": pd.Timestamp("2026-03-28 20:00") + pd.to_timedelta(rng.integers(0, 40, size) * 15, unit="min"),
                "event": rng.choice(["created", "agent_reply", "customer_reply", "solved", "reopened", "note"], size),
                "status": rng.choice(["new", "open", "pending", "hold", "solved", None, "odd"], size),
                "channel": rng.choice(["email", "chat", None], size),
            }
        )
        found = table(engine, standards, events, as_of=pd.Timestamp("2026-03-29 12:00"))
        # every interaction has exactly one outcome in a standard without a where (none is out of scope)
        scored = sum(sum(row[c] for c in COUNTS[1:]) for row in counts(found, "first-reply"))
        assert scored == events["ticket"].nunique()
