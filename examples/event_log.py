"""Score e-mail tickets straight from a helpdesk's event log.

Run it with ``python examples/event_log.py``. The log is made by
:func:`svcstandards.sample.ticket_events` (seeded, so every run prints the
same numbers): one row per event (created, agent_reply, customer_reply,
status_changed, priority_changed, solved, reopened) for a month of e-mail
tickets. ``standards/email-events.yaml`` has an ``events:`` section, so
``evaluate`` turns the log into one row per ticket itself, and scores the
next-reply standard (``unit: reply``) per reply cycle: each customer message
(several in a row count as one) against the agent reply that answered it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import svcstandards
from svcstandards import sample

STANDARDS_FILE = Path(__file__).resolve().parent.parent / "standards" / "email-events.yaml"


def main() -> int:
    log = sample.ticket_events(days=28, start="2026-03-02")
    print(f"Event log: {len(log):,} events of {log['ticket_id'].nunique():,} tickets, 2-29 March 2026")
    print(log["event"].value_counts().to_string(), end="\n\n")

    standards = svcstandards.load(STANDARDS_FILE)
    report = svcstandards.evaluate(standards, log, period="week")
    print(report.to_text(), end="\n\n")

    # one ticket as the evaluator sees it: columns derived from its events
    tickets = svcstandards.interactions_from_events(log, standards)
    columns = ["ticket_id", "priority", "status", "created_first_at", "agent_reply_first_at", "solved_last_at"]
    columns += ["customer_reply_count", "paused_count", "paused_seconds", "reopened_count"]
    print("Tickets built from the log (first three):")
    print(tickets[columns].head(3).to_string(index=False), end="\n\n")

    # the reply standard is scored per cycle: its breaches are customer messages answered late
    late = report.breaches("email-next-reply")
    shown = ["ticket_id", "priority", "cycle_start_at", "cycle_reply_at", "measured", "over"]
    print(f"{len(late):,} customer messages waited more than 4 office hours for a reply; the ten longest:")
    print(report.breaches_text("email-next-reply", columns=shown, limit=10))
    unanswered = report.breaches("email-next-reply", outcome="pending")
    print(f"{len(unanswered):,} messages are still waiting for a reply and within 4 office hours (pending).")
    return 0


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.exit(main())
