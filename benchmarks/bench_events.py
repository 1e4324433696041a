"""Benchmark of event logs -> interactions (figures are printed, never asserted).

Random logs made with numpy: tickets of 1 to 13 events (7 on average): a
``created`` event, then agent and customer replies, status changes and a
``solved``, at random minutes over March 2026, in random row order (as
exports that append per-ticket histories are). Columns: ``ticket_id``
(int64), ``at`` (naive datetime64), ``event`` (text) and, for the second
timing, ``status`` (text, blank on most events) and ``priority``.

For each size, in the same run:
- the reference: the pandas group-by an analyst would write for the same
  first / last / count columns,
  ``events.groupby([id, type])[time].agg(["min", "max", "count"]).unstack()``
  (best of 3);
- ``interactions_from_events`` on the same three columns (best of 3), and
  the ratio to the reference (the goal: within 3x; it also orders events,
  localises times and checks the log);
- ``interactions_from_events`` with a status column, paused statuses and a
  priority column (latest values, pause spans), for information;
- whether the first / last / count columns agree with the reference.

Usage: python benchmarks/bench_events.py [SIZES...]   (default: 1000000 10000000)
"""

from __future__ import annotations

import gc
import sys
import time

import numpy as np
import pandas as pd
from _timing import best_of

from svcstandards import interactions_from_events
from svcstandards.model import EventLog

TYPES = np.array(["agent_reply", "customer_reply", "status_changed", "solved", "note"], dtype=object)
TYPE_SHARE = np.array([0.35, 0.25, 0.2, 0.12, 0.08])
STATUSES = np.array(["open", "pending", "solved"], dtype=object)
START = np.datetime64("2026-03-01T00:00", "ns")
SIMPLE = EventLog(id="ticket_id", time="at", type="event")
WITH_STATUS = EventLog(id="ticket_id", time="at", type="event", status="status", paused_statuses=("pending",))


def event_log(size: int, seed: int = 2026) -> pd.DataFrame:
    """About ``size`` events of ``size / 7`` tickets, rows shuffled."""
    rng = np.random.default_rng(seed)
    tickets = max(size // 7, 1)
    lengths = rng.integers(1, 14, tickets)
    lengths[-1] += size - lengths.sum() if lengths.sum() < size else 0
    owner = np.repeat(np.arange(tickets), lengths)[:size]
    n = len(owner)
    created = rng.integers(0, 31 * 24 * 60, tickets)  # minute of March
    first = np.r_[True, owner[1:] != owner[:-1]]
    offset = np.where(first, 0, rng.integers(1, 5 * 24 * 60, n))
    at = START + (created[owner] + offset).astype("timedelta64[m]")
    kind = np.where(first, "created", TYPES[rng.choice(len(TYPES), n, p=TYPE_SHARE)]).astype(object)
    status = np.where(rng.random(n) < 0.3, STATUSES[rng.integers(0, 3, n)], None)
    priority = np.where(first, np.array(["urgent", "high", "normal"], dtype=object)[rng.integers(0, 3, n)], None)
    shuffle = rng.permutation(n)
    return pd.DataFrame(
        {
            "ticket_id": owner[shuffle] + 1,
            "at": at[shuffle],
            "event": kind[shuffle],
            "status": status[shuffle],
            "priority": priority[shuffle],
        }
    )


def hand_written(events: pd.DataFrame) -> pd.DataFrame:
    """First, last and count of every event type per ticket, the idiomatic pandas way."""
    return events.groupby(["ticket_id", "event"])["at"].agg(["min", "max", "count"]).unstack()


def agree(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    mine = ours.set_index("ticket_id").sort_index()
    theirs = theirs.sort_index()
    for kind in theirs.columns.get_level_values(1).unique():
        counts = theirs[("count", kind)].fillna(0).astype(np.int64)
        if not (mine[f"{kind}_count"].to_numpy() == counts.to_numpy()).all():
            return False
        for stat, suffix in (("min", "_first_at"), ("max", "_last_at")):
            expected = theirs[(stat, kind)].to_numpy(dtype="datetime64[ns]")
            got = mine[f"{kind}{suffix}"].dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
            if not np.array_equal(expected, got, equal_nan=True):
                return False
    return True


def bench_size(size: int) -> None:
    started = time.perf_counter()
    log = event_log(size)
    simple = log[["ticket_id", "at", "event"]]
    made = time.perf_counter() - started
    megabytes = log.memory_usage(deep=True).sum() / 1e6
    tickets = log["ticket_id"].nunique()
    print(f"\n{len(log):,} events of {tickets:,} tickets ({megabytes:,.0f} MB in memory, made in {made:.1f} s)")
    runs = 3 if size <= 2_000_000 else 2
    reference = best_of(runs, lambda: hand_written(simple))
    ours = best_of(runs, lambda: interactions_from_events(simple, SIMPLE))
    full = best_of(1, lambda: interactions_from_events(log, WITH_STATUS))
    same = agree(interactions_from_events(simple, SIMPLE), hand_written(simple))
    rows = [
        ("hand-written groupby min/max/count + unstack", f"{reference:7.3f} s", "reference 1.00x"),
        ("interactions_from_events, same columns", f"{ours:7.3f} s", f"{ours / reference:.2f}x"),
        ("... with status, pauses and priority", f"{full:7.3f} s", f"{full / reference:.2f}x"),
        ("first / last / count agree with the reference", str(same), ""),
    ]
    for label, figure, ratio in rows:
        print(f"  {label:46} : {figure}  {ratio}")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000_000, 10_000_000]
    print(f"event logs -> interactions, pandas {pd.__version__}, numpy {np.__version__}")
    for size in sizes:
        bench_size(size)
        gc.collect()


if __name__ == "__main__":
    main(sys.argv[1:])
