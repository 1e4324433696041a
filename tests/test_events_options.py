"""The options of the events: section: times from columns, duplicates, derived types, attribute moments.

Times are naive wall-clock times, read in UTC (the spec's default zone)
unless a test says otherwise. Every expected value is worked out by hand
in a comment next to it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
import pytest

import svcstandards
from svcstandards import interactions_from_events
from svcstandards.errors import DataError, StandardsError
from svcstandards.model import EventLog


def log_of(rows: list[tuple[Any, ...]], columns: str) -> pd.DataFrame:
    """A log from rows; every column whose name ends in ``at`` is parsed as times."""
    frame = pd.DataFrame(rows, columns=columns.split())
    for column in frame.columns:
        if column.endswith("at"):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def problems(frame: pd.DataFrame) -> list[str]:
    return list(frame["log_problem"].fillna(""))


# -- times from columns -----------------------------------------------------------


INCIDENTS = log_of(
    [
        # INC1: opened at 09:00, the log starts at 09:05; resolved at 10:00, reopened, resolved again at 12:00
        ("INC1", "2026-03-02 09:05", "New", "2026-03-02 09:00", None, "3"),
        ("INC1", "2026-03-02 10:00", "Resolved", "2026-03-02 09:00", "2026-03-02 10:00", "2"),
        ("INC1", "2026-03-02 11:00", "Active", "2026-03-02 09:00", "2026-03-02 10:00", "2"),
        ("INC1", "2026-03-02 12:00", "Resolved", "2026-03-02 09:00", "2026-03-02 12:00", "1"),
        # INC2: no opened_at on any row: no creation
        ("INC2", "2026-03-02 09:30", "New", None, None, "3"),
        # INC3: an update before its opened_at
        ("INC3", "2026-03-02 08:00", "New", "2026-03-02 08:30", None, "3"),
    ],
    "number updated_at state opened_at resolved_at priority",
)
INCIDENT_SPEC = {"id": "number", "time": "updated_at", "type": "state", "created": {"column": "opened_at"}}


def test_the_creation_time_from_a_column() -> None:
    wide = interactions_from_events(INCIDENTS, EventLog.model_validate(INCIDENT_SPEC))
    assert list(wide["created_first_at"]) == [utc("2026-03-02 09:00"), pd.NaT, utc("2026-03-02 08:30")]
    # INC1's first event (09:05) is after its opening: fine; INC2 has none; INC3 was updated at 08:00 < 08:30
    assert problems(wide) == ["", "no_creation", "before_creation"]
    # the "New" events are ordinary events now: INC1's New_first_at is 09:05, not its creation
    assert wide.loc[0, "New_first_at"] == utc("2026-03-02 09:05")


def test_times_from_columns_first_last_and_distinct_values() -> None:
    spec = EventLog.model_validate({**INCIDENT_SPEC, "times": {"resolved": "resolved_at"}})
    wide = interactions_from_events(INCIDENTS, spec)
    # INC1: values by event: -, 10:00, 10:00, 12:00 -> first 10:00, last 12:00, 2 different values
    assert list(wide["resolved_first_at"]) == [utc("2026-03-02 10:00"), pd.NaT, pd.NaT]
    assert list(wide["resolved_last_at"]) == [utc("2026-03-02 12:00"), pd.NaT, pd.NaT]
    assert list(wide["resolved_count"]) == [2, 0, 0]
    # the first state event is another way to the same first resolution
    assert wide.loc[0, "Resolved_first_at"] == utc("2026-03-02 10:00")


def test_a_creation_value_that_differs_between_events_is_the_first_by_time() -> None:
    log = log_of(
        [
            ("A", "2026-03-02 10:00", "update", "2026-03-02 09:30"),
            ("A", "2026-03-02 09:50", "update", "2026-03-02 09:00"),
        ],
        "number updated_at state opened_at",
    )
    wide = interactions_from_events(log, EventLog.model_validate(INCIDENT_SPEC))
    # the event at 09:50 comes first by time: its 09:00 is the creation, with no log problem
    assert wide.loc[0, "created_first_at"] == utc("2026-03-02 09:00")
    assert wide.loc[0, "created_count"] == 2
    assert problems(wide) == [""]


def test_a_creation_column_through_the_columns_mapping_and_its_errors() -> None:
    file = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            columns: {opened: opened_at}
            events: {id: number, time: updated_at, type: state, created: {column: opened}}
            standards:
              - {id: resolved-4h, measure: {from: created_first_at, to: Resolved_first_at}, within: 4h, floor: 50%}
            """
        )
    )
    report = svcstandards.evaluate(file, INCIDENTS)
    # INC1: 09:00 -> 10:00 met; INC2 and INC3 have log problems
    assert list(report.outcomes("resolved-4h")) == ["met", "invalid", "invalid"]
    text = INCIDENTS.assign(opened_at=["soon"] * 6)
    with pytest.raises(DataError) as caught:
        svcstandards.evaluate(file, text)
    assert [(p.column, p.code) for p in caught.value.problems] == [("opened_at", "timestamp_type")]


def test_a_name_from_a_column_that_is_also_an_event_type_is_a_data_error() -> None:
    spec = EventLog.model_validate({**INCIDENT_SPEC, "times": {"Resolved": "resolved_at"}})
    with pytest.raises(DataError) as caught:
        interactions_from_events(INCIDENTS, spec)
    assert [(p.column, p.code) for p in caught.value.problems] == [("state", "column_derived")]


# -- duplicates -----------------------------------------------------------------


SAME_MINUTE = log_of(
    [
        (1, "2026-03-02 09:00", "created", "new", "alice"),
        # two different updates in the same minute, same type and status: only the assignee differs
        (1, "2026-03-02 09:10", "update", "open", "alice"),
        (1, "2026-03-02 09:10", "update", "open", "bob"),
        (2, "2026-03-02 09:00", "created", "new", "alice"),
        # the same row twice, as double exports do
        (2, "2026-03-02 09:10", "update", "open", "bob"),
        (2, "2026-03-02 09:10", "update", "open", "bob"),
    ],
    "ticket_id at event status assignee",
)


@pytest.mark.parametrize(
    ("duplicates", "expected"),
    [
        (None, ["", "duplicate_event"]),  # the default: all_columns
        ("all_columns", ["", "duplicate_event"]),
        ("same_event", ["duplicate_event", "duplicate_event"]),  # the rule before all_columns
        ("keep", ["", ""]),
    ],
)
def test_what_counts_as_a_duplicate(duplicates: str | None, expected: list[str]) -> None:
    spec: dict[str, Any] = {"id": "ticket_id", "time": "at", "type": "event", "status": "status"}
    if duplicates:
        spec["duplicates"] = duplicates
    wide = interactions_from_events(SAME_MINUTE, EventLog.model_validate(spec))
    assert problems(wide) == expected
    assert list(wide["update_count"]) == [2, 2]  # a repeat is still counted: the interaction is invalid anyway


def test_all_columns_with_lists_in_a_column_is_a_data_error() -> None:
    log = SAME_MINUTE.assign(tags=[["a"], ["a"], ["a"], ["a"], ["a"], ["a"]])
    with pytest.raises(DataError) as caught:
        interactions_from_events(log, EventLog(id="ticket_id", time="at", type="event"))
    assert [(p.column, p.code) for p in caught.value.problems] == [("tags", "unhashable_values")]


# -- derived types ---------------------------------------------------------------


TOUCHED = log_of(
    [
        (1, "2026-03-02 09:00", "created", None),
        (1, "2026-03-02 09:30", "note", None),
        (1, "2026-03-02 09:20", "assigned", "bob"),
        (1, "2026-03-02 10:00", "agent_reply", "bob"),
        (2, "2026-03-02 09:00", "created", ""),  # blank text is not a value
        (2, "2026-03-02 09:45", "agent_reply", "   "),
        (3, "2026-03-02 09:00", "created", "carol"),  # assigned at creation
    ],
    "ticket_id at event assigned_to",
)


def test_the_first_of_several_event_types() -> None:
    spec = EventLog.model_validate(
        {
            "id": "ticket_id",
            "time": "at",
            "type": "event",
            "types": {"first_touch": ["assigned", "agent_reply", "note"]},
        }
    )
    wide = interactions_from_events(TOUCHED, spec)
    # ticket 1: assigned 09:20, note 09:30, reply 10:00 -> first 09:20, last 10:00, 3 events
    # ticket 2: one reply at 09:45; ticket 3: none of them
    assert list(wide["first_touch_first_at"]) == [utc("2026-03-02 09:20"), utc("2026-03-02 09:45"), pd.NaT]
    assert list(wide["first_touch_last_at"]) == [utc("2026-03-02 10:00"), utc("2026-03-02 09:45"), pd.NaT]
    assert list(wide["first_touch_count"]) == [3, 1, 0]


def test_types_none_of_which_the_log_has() -> None:
    spec = EventLog.model_validate({"id": "ticket_id", "time": "at", "type": "event", "types": {"escalation": ["esc"]}})
    wide = interactions_from_events(TOUCHED, spec)
    assert list(wide["escalation_count"]) == [0, 0, 0]
    assert wide["escalation_first_at"].isna().all()


def test_the_first_time_a_column_takes_a_value() -> None:
    spec = EventLog.model_validate(
        {"id": "ticket_id", "time": "at", "type": "event", "when_set": {"assigned": "assigned_to"}}
    )
    log = TOUCHED.replace({"event": {"assigned": "update"}})  # no event type named like the derived one
    wide = interactions_from_events(log, spec)
    # ticket 1: assignee first at 09:20 (the 09:30 note has none), last at 10:00, on 2 events
    # ticket 2: only blanks; ticket 3: at its creation
    assert list(wide["assigned_first_at"]) == [utc("2026-03-02 09:20"), pd.NaT, utc("2026-03-02 09:00")]
    assert list(wide["assigned_last_at"]) == [utc("2026-03-02 10:00"), pd.NaT, utc("2026-03-02 09:00")]
    assert list(wide["assigned_count"]) == [2, 0, 1]


def test_a_standard_on_a_derived_type() -> None:
    file = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            events:
              id: ticket_id
              time: at
              type: event
              types: {first_touch: [assigned, agent_reply, note]}
            standards:
              - {id: touched-30m, measure: {from: created_first_at, to: first_touch_first_at}, within: 30m, floor: 50%}
            """
        )
    )
    report = svcstandards.evaluate(file, TOUCHED, as_of="2026-03-02 12:00")
    # 1: 20 min, met; 2: 45 min, missed; 3: untouched for 3 h at as_of, missed
    assert list(report.outcomes("touched-30m")) == ["met", "missed", "missed"]


# -- attribute moments ----------------------------------------------------------------


REPRIORITISED = log_of(
    [
        (1, "2026-03-02 09:10", "update", "high", "phone"),
        (1, "2026-03-02 09:00", "created", "low", None),
        (1, "2026-03-02 09:00", "update", "normal", None),  # at the creation time, after it in row order
        (1, "2026-03-02 10:00", "update", None, "email"),
        (2, "2026-03-02 09:00", "created", None, "chat"),  # no priority at creation
        (2, "2026-03-02 09:30", "update", "high", None),
    ],
    "ticket_id at event priority channel",
)


@pytest.mark.parametrize(
    ("attributes", "priority", "channel"),
    [
        ("latest", ["high", "high"], ["email", "chat"]),
        ("first", ["low", "high"], ["phone", "chat"]),
        # 1: the latest value at or before 09:00 is "normal" (same time, later row); 2: none that early,
        # so its first value; channel: 1 has none by 09:00, so its first (phone)
        ("at_creation", ["normal", "high"], ["phone", "chat"]),
        ({"priority": "at_creation"}, ["normal", "high"], ["email", "chat"]),
    ],
)
def test_attribute_values_at_a_chosen_moment(attributes: Any, priority: list[str], channel: list[str]) -> None:
    spec = EventLog.model_validate({"id": "ticket_id", "time": "at", "type": "event", "attributes": attributes})
    wide = interactions_from_events(REPRIORITISED, spec)
    assert list(wide["priority"]) == priority
    assert list(wide["channel"]) == channel


def test_attributes_at_creation_from_a_creation_column() -> None:
    spec = EventLog.model_validate({**INCIDENT_SPEC, "attributes": {"priority": "at_creation"}})
    wide = interactions_from_events(INCIDENTS, spec)
    # INC1 opened at 09:00 before its first update (priority 3): the first value; INC2 has no creation: first
    assert list(wide["priority"]) == ["3", "3", "3"]


def test_an_attribute_choice_for_a_column_the_log_lacks_is_a_data_error() -> None:
    spec = EventLog.model_validate(
        {"id": "ticket_id", "time": "at", "type": "event", "attributes": {"urgency": "first"}}
    )
    with pytest.raises(DataError) as caught:
        interactions_from_events(REPRIORITISED, spec)
    assert [(p.column, p.code) for p in caught.value.problems] == [("urgency", "column_missing")]


# -- the file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("duplicates: twice", [("6:15", "literal_error")]),
        ("attributes: {priority: last}", [("6:26", "literal_error")]),
        # {column: ...} misspelt: column is missing (at the mapping) and col unknown (at the key)
        ("created: {col: opened_at}", [("6:12", "missing"), ("6:13", "extra_forbidden")]),
        ("types: {touch: []}", [("6:18", "too_short")]),
        # a name defined twice: the section's place (its first key)
        ("times: {touch: a}\n  when_set: {touch: b}", [("3:3", "events_name")]),
    ],
)
def test_the_section_s_keys_are_checked_with_their_place(section: str, expected: list[tuple[str, str]]) -> None:
    text = (
        f"version: 1\nevents:\n  id: i\n  time: t\n  type: k\n  {section}\n"
        "standards:\n  - {id: s, measure: {column: v}, at_least: 1, floor: 50%}\n"
    )
    with pytest.raises(StandardsError) as caught:
        svcstandards.loads(text)
    found = [(f"{p.line}:{p.column}", p.code) for p in caught.value.problems]
    assert found == expected


# -- the warning ----------------------------------------------------------------------


def test_log_problems_are_counted_in_one_warning_with_example_ids() -> None:
    file = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            events: {id: number, time: updated_at, type: state, created: {column: opened_at}}
            standards:
              - {id: resolved-4h, measure: {from: created_first_at, to: Resolved_first_at}, within: 4h, floor: 50%}
            """
        )
    )
    more = log_of(
        [(f"INC{n}", "2026-03-02 09:00", "New", None, None, "3") for n in range(4, 8)],
        "number updated_at state opened_at resolved_at priority",
    )
    report = svcstandards.evaluate(file, pd.concat([INCIDENTS, more], ignore_index=True))
    warnings = [p for p in report.problems if p.code == "log_problems"]
    assert len(warnings) == 1
    # INC2 and INC4-INC7 have no opened_at (5, three shown); INC3 an update before it
    assert warnings[0].message == (
        "6 of 7 interactions have log problems and count as invalid: "
        "5 no_creation (INC2, INC4, INC5, ...), 1 before_creation (INC3)"
    )
    assert warnings[0].column == "number"
    assert report.to_dict()["problems"][0]["code"] == "log_problems"
    assert "5 no\\_creation (INC2, INC4, INC5, ...)" in report.to_markdown()  # Markdown escapes the _


def test_no_warning_without_log_problems() -> None:
    file = svcstandards.loads(
        "version: 1\nevents: {id: ticket_id, time: at, type: event}\n"
        "standards:\n  - {id: touched, measure: {present: agent_reply_first_at}, floor: 50%}\n"
    )
    report = svcstandards.evaluate(file, TOUCHED)
    assert [p.code for p in report.problems] == []


# -- a log as exported, read through the file ---------------------------------------------

RAW_LOG = pd.DataFrame(
    {
        "number": ["INC1", "INC1", "INC2", "INC2"],
        "updated": ["02-03-2026 09:05", "02-03-2026 10:30", "03-03-2026 08:00", "03-03-2026 09:00"],
        "state": ["New", "Resolved", "New", "Active"],
        "opened": ["02-03-2026 09:00", "02-03-2026 09:00", "?", "?"],
        "reopen_count": [0, 1, 0, 0],
    }
)
RAW_FILE = textwrap.dedent(
    """\
    version: 1
    data: {missing: "?", dayfirst: true}
    events: {id: number, time: updated, type: state, created: {column: opened}}
    standards:
      - id: resolved-2h
        measure: {from: created_first_at, to: Resolved_first_at}
        within: 2h
        floor: 50%
      - id: reopened
        measure: {column: reopen_count}
        at_least: 1
        ceiling: 10%
    """
)


def test_interactions_from_events_reads_the_log_as_the_file_describes_it() -> None:
    wide = interactions_from_events(RAW_LOG, svcstandards.loads(RAW_FILE))
    # 02-03-2026 is 2 March (dayfirst); '?' is no opened time, so INC2 has no creation
    assert list(wide["created_first_at"]) == [utc("2026-03-02 09:00"), pd.NaT]
    assert list(wide["Resolved_first_at"]) == [utc("2026-03-02 10:30"), pd.NaT]
    assert problems(wide) == ["", "no_creation"]


def test_a_column_of_the_log_named_like_a_count_is_that_column() -> None:
    report = svcstandards.evaluate(svcstandards.loads(RAW_FILE), RAW_LOG)
    counts = report.to_frame().set_index("standard")
    # reopen_count is the log's own column (latest value: INC1 1, INC2 0), not the count of a type 'reopen':
    # INC1 reopened (met); INC2 has no creation, a log problem: invalid in every standard of the log
    assert tuple(counts.loc["reopened", ["met", "missed", "invalid"]]) == (1, 0, 1)
    # INC1 resolved 90 minutes after opening: met
    assert (counts.loc["resolved-2h", "met"], counts.loc["resolved-2h", "invalid"]) == (1, 1)
