"""Each measure its own paused statuses: ``pause: {statuses: [...]}`` (Zendesk's requester wait vs agent work time).

Ticket 1, Monday 2026-03-02 (UTC): created 09:00 (new), agent reply 10:00 (pending), customer reply 12:00
(open), put on hold 13:00 (on_hold), back 15:00 (open), solved 16:00. 7 hours in all.
- requester wait stops only while the ticket is pending: 7 h - 2 h (10-12) = 5 h;
- agent work stops while pending and on hold: 7 h - 2 h - 2 h (13-15) = 3 h;
- ``pause: status`` takes the log's ``paused_statuses`` ([pending]): 5 h, as before.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate

STANDARDS = textwrap.dedent(
    """
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
      resolution: {from: created_first_at, to: solved_first_at, pause: status}
    standards:
      - {id: requester-wait-6h, measure: requester_wait, within: 6h, floor: 90%}
      - {id: agent-work-3h, measure: agent_work, within: 3h, floor: 90%}
      - {id: resolution-5h, measure: resolution, within: 5h, floor: 90%}
    """
)


def _log() -> pd.DataFrame:
    rows = [
        (1, "09:00", "created", "new"),
        (1, "10:00", "agent_reply", "pending"),
        (1, "12:00", "customer_reply", "open"),
        (1, "13:00", "status_changed", "on_hold"),
        (1, "15:00", "status_changed", "open"),
        (1, "16:00", "solved", "solved"),
        (2, "09:00", "created", "new"),
        (2, "11:00", "status_changed", "on_hold"),
    ]
    frame = pd.DataFrame(rows, columns=["ticket", "at", "event", "status"])
    frame["at"] = pd.to_datetime("2026-03-02 " + frame["at"])
    return frame


def test_each_measure_stops_its_clock_in_its_own_statuses() -> None:
    report = evaluate(svcstandards.loads(STANDARDS), _log(), as_of="2026-03-02 14:00")
    measured = {
        standard: report.breaches(standard, outcome="met")["measured"].tolist()
        for standard in ("requester-wait-6h", "agent-work-3h", "resolution-5h")
    }
    assert measured == {
        "requester-wait-6h": [pd.Timedelta(hours=5)],
        "agent-work-3h": [pd.Timedelta(hours=3)],
        "resolution-5h": [pd.Timedelta(hours=5)],
    }


def test_an_open_ticket_on_hold_is_paused_for_agent_work_only() -> None:
    # ticket 2 at 14:00: on hold since 11:00. Requester wait runs on (5 h used of 6 h, 1 h left);
    # agent work stopped at 11:00 after 2 h of its 3 h, and is paused: no deadline yet
    report = evaluate(svcstandards.loads(STANDARDS), _log(), as_of="2026-03-02 14:00")
    items = report.open_items().set_index("standard")
    assert items.loc["requester-wait-6h", "time_left"] == pd.Timedelta(hours=1)
    assert items.loc["requester-wait-6h", "deadline"] == pd.Timestamp("2026-03-02 15:00", tz="UTC")
    assert not items.loc["requester-wait-6h", "paused"]
    assert items.loc["agent-work-3h", "paused"]
    assert items.loc["agent-work-3h", "elapsed"] == pytest.approx(2 / 3)
    assert pd.isna(items.loc["agent-work-3h", "deadline"])


def test_the_plan_and_the_handbook_name_the_statuses() -> None:
    standards = svcstandards.loads(STANDARDS)
    plan = svcstandards.plan.explain(svcstandards.plan.compile_plan(standards, standards.standards[1]))
    assert "the event log's spans in status pending, on_hold inside it" in plan
    handbook = " ".join(standards.handbook().split())
    assert "Time in the status “pending” and “on_hold” is not counted." in handbook


@pytest.mark.parametrize(
    ("events", "pause", "expected"),
    [
        (
            "events: {id: ticket, time: at, type: event, status: status, statuses: [new, open, pending]}\n",
            "[pendng]",
            ["standards[0].measure.pause.statuses[0]: paused status 'pendng' is not one of the statuses"],
        ),
        (
            "events: {id: ticket, time: at, type: event}\n",
            "[pending]",
            ["standards[0].measure.pause.statuses: paused statuses are read from an event log's status column"],
        ),
    ],
)
def test_paused_statuses_are_checked_against_the_log(events: str, pause: str, expected: list[str]) -> None:
    text = (
        "version: 1\n"
        + events
        + "standards:\n  - id: s\n    measure: {from: created_first_at, to: solved_first_at, pause: {statuses: "
        + pause
        + "}}\n    within: 1h\n    floor: 90%\n"
    )
    with pytest.raises(svcstandards.StandardsError) as caught:
        svcstandards.loads(text)
    found = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert found == expected
