"""A ticket event log in Parquet on DuckDB, against a hand-written DuckDB group-by (figures printed, never asserted).

Writes about ``--rows`` events (``created``, one to three ``agent_reply``,
and ``solved`` unless the ticket is still open; columns ``ticket_id``,
``at``, ``event``) as Parquet files of ``--chunk`` events, one chunk in
memory at a time, rows shuffled within a file, a few tickets broken on
purpose (no ``created`` event, a reply before it, an event exported twice).
The standards (:data:`STANDARDS`: an ``events:`` section and two durations
by day) are then scored from the files:

- ``reference``: hand-written DuckDB SQL (:func:`reference_sql`): one
  group-by per ticket for its creation, first agent reply and last solved
  times, then the counts per standard and day;
- ``svcstandards``: ``svcstandards.evaluate(standards, connection.read_parquet(glob))``
  (a ``UsageError``, should a standard need what DuckDB does not run, is
  printed instead of a figure).

Events exported twice are kept (``duplicates: keep``), so both sides do
the per-ticket group-by only; with ``--duplicates`` they make a ticket
invalid (the default of the format), and the reference first groups the
events by ticket, time and type to find them.

The reference is checked first (in a process of its own, not timed): its
counts must equal those of ``svcstandards.evaluate`` on a pandas DataFrame
(the numpy engine) of the first ``--check`` events of the first file.
Each measurement runs in a fresh Python process: the time is the best of
``--repeat`` runs, the peak memory the process's resident high-water mark.

Usage: python benchmarks/bench_events_duckdb.py [--rows N] [--chunk N] [--repeat N] [--check N] [--dir FOLDER]
                                                [--duplicates]
    --rows        events to write (default 100000000)
    --chunk       events per Parquet file (default 5000000)
    --repeat      timed runs per measurement, the best kept (default 1)
    --check       events (whole tickets) of the first file the reference is checked on (default 500000)
    --dir         keep the Parquet files in FOLDER, and reuse those already there
    --duplicates  events exported twice make a ticket invalid (the format's default), on both sides
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _lazy import (
    counts_of,
    existing,
    measure,
    megabytes,
    normalised,
    parquet_rows,
    peak_rss,
    same_counts,
    table_from_json,
    table_json,
    timed,
    versions,
)

import svcstandards

STANDARDS = """
version: 1
name: Ticket event log (benchmark)
timezone: UTC
time: created_first_at
events: {id: ticket_id, time: at, type: event, duplicates: DUPLICATES}
standards:
  - id: first-reply-4h
    measure: {from: created_first_at, to: agent_reply_first_at}
    within: 4h
    floor: 80%
  - id: solved-3d
    measure: {from: created_first_at, to: solved_last_at}
    within: 3d
    floor: 90%
"""
PATTERN = "events-*.parquet"
KEYS: tuple[str, ...] = ()
MINUTE = np.timedelta64(60_000_000, "us")

#: per ticket its creation, first agent reply and last solved times; FROM is the events, or PER_EVENT
TICKETS = """
tickets as (
    select
        ticket_id,
        min("at") filter (event = 'created') as created_at,
        min("at") filter (event = 'agent_reply') as replied_at,
        max("at") filter (event = 'solved') as solved_at,
        min("at") as first_event_at,
        DUPLICATED as duplicated
    from FROM
    group by ticket_id
)"""
#: with ``--duplicates``: first one group-by by ticket, time and type finds the events exported twice
PER_EVENT = """
per_event as (
    select ticket_id, "at", event, count(*) as times from events group by all
),"""
#: the counts per standard and day, from the tickets
COUNTS = """,
latest as (  -- open tickets are judged at the latest time of each measure's columns
    select
        greatest(max(created_at), max(replied_at)) as reply_as_of,
        greatest(max(created_at), max(solved_at)) as solve_as_of
    from tickets
),
judged as (
    select
        tickets.*,
        created_at is null or first_event_at < created_at or duplicated as bad,
        reply_as_of - created_at as reply_so_far,
        solve_as_of - created_at as solve_so_far
    from tickets, latest
)
select
    date_trunc('day', created_at) as period,
    count(*) filter (not bad and replied_at - created_at <= interval 4 hour) as reply_met,
    count(*) filter (not bad and (replied_at - created_at > interval 4 hour
                                  or replied_at is null and reply_so_far > interval 4 hour)) as reply_missed,
    count(*) filter (not bad and replied_at is null and reply_so_far <= interval 4 hour) as reply_pending,
    count(*) filter (bad) as reply_invalid,
    count(*) filter (not bad and solved_at - created_at <= interval 3 day) as solved_met,
    count(*) filter (not bad and (solved_at - created_at > interval 3 day
                                  or solved_at is null and solve_so_far > interval 3 day)) as solved_missed,
    count(*) filter (not bad and solved_at is null and solve_so_far <= interval 3 day) as solved_pending,
    count(*) filter (bad) as solved_invalid
from judged
group by all
"""


def standards_text(duplicates: bool) -> str:
    """:data:`STANDARDS`, events exported twice making a ticket invalid (the default) or kept."""
    return STANDARDS.replace("DUPLICATES", "all_columns" if duplicates else "keep")


def reference_sql(duplicates: bool) -> str:
    """The hand-written SQL, over a table or view ``events``."""
    if duplicates:
        tickets = TICKETS.replace("DUPLICATED", "max(times) > 1").replace("FROM", "per_event")
        return "with" + PER_EVENT + tickets + COUNTS
    return "with" + TICKETS.replace("DUPLICATED", "false").replace("FROM", "events") + COUNTS


def write_events(folder: Path, rows: int, chunk: int) -> list[Path]:
    """About ``rows`` events in files of about ``chunk``, each file 30 days of tickets, made one file at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, first_ticket = [], 0
    for index, done in enumerate(range(0, rows, chunk)):
        log = _events(min(chunk, rows - done), first_ticket, np.datetime64("2026-03-02", "D") + 30 * index, index + 1)
        path = folder / f"events-{index:04d}.parquet"
        log.to_parquet(path, index=False)
        paths.append(path)
        first_ticket = int(log["ticket_id"].max())
        del log
    return paths


def _events(size: int, first_ticket: int, start: np.datetime64, seed: int) -> pd.DataFrame:
    """About ``size`` events of ``size / 3.9`` tickets created over 30 days, in random row order."""
    rng = np.random.default_rng(seed)
    tickets = max(round(size / 3.9), 1)  # 1 creation, 2 replies and 0.9 solved on average
    created = start.astype("datetime64[us]") + rng.integers(0, 30 * 24 * 60, tickets) * MINUTE
    replies = rng.integers(1, 4, tickets)  # agent replies per ticket
    solved = rng.random(tickets) < 0.9
    owner = np.repeat(np.arange(tickets), replies)
    waits = rng.exponential(120, len(owner)).astype(np.int64) + 1  # minutes between replies, in order
    reply_at = created[owner] + _running(waits, replies) * MINUTE
    last_reply = reply_at[np.cumsum(replies) - 1]  # replies are in time order within a ticket
    solved_at = last_reply[solved] + (rng.exponential(600, solved.sum()).astype(np.int64) + 1) * MINUTE
    ids = np.concatenate([np.arange(tickets), owner, np.flatnonzero(solved)])
    at = np.concatenate([created, reply_at, solved_at])
    kind = np.concatenate([np.zeros(tickets, np.int8), np.ones(len(owner), np.int8), np.full(solved.sum(), 2, np.int8)])
    # broken on purpose: no creation (its event dropped), a reply before the creation, a reply exported twice
    keep = ~((kind == 0) & (rng.random(len(kind)) < 0.002))
    early = (kind == 1) & (rng.random(len(kind)) < 0.001)
    at = np.where(early, at - 3 * 24 * 60 * MINUTE, at)
    twice = np.flatnonzero((kind == 1) & (rng.random(len(kind)) < 0.001))
    ids, at, kind = (np.concatenate([c[keep], c[twice]]) for c in (ids, at, kind))
    order = rng.permutation(len(ids))
    types = np.array(["created", "agent_reply", "solved"], dtype=object)
    return pd.DataFrame({"ticket_id": ids[order] + first_ticket + 1, "at": at[order], "event": types[kind[order]]})


def _running(waits: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Running totals of ``waits`` restarting at each ticket (``lengths`` values each)."""
    totals = np.cumsum(waits)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    return totals - np.repeat(totals[starts] - waits[starts], lengths)


def reference(connection: Any, duplicates: bool) -> pd.DataFrame:
    """The hand-written SQL on ``connection`` (a table or view ``events``), one row per standard and day."""
    wide = connection.sql(reference_sql(duplicates)).df()
    parts = []
    for standard, short in (("first-reply-4h", "reply"), ("solved-3d", "solved")):
        part = pd.DataFrame({"standard": standard, "period": _days(wide["period"])})
        for column in ("met", "missed", "pending", "invalid"):
            part[column] = wide[f"{short}_{column}"].astype("int64")
        part["excluded"] = 0
        part["n"] = part["met"] + part["missed"]
        part["value"] = float("nan")
        parts.append(part)
    return normalised(pd.concat(parts, ignore_index=True), KEYS)


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").fillna("")


def child(side: str, pattern: str, repeat: int, check: int, duplicates: bool) -> None:
    """One measurement (or the check of the reference), printed as JSON, in a process of its own."""
    import duckdb

    standards = svcstandards.loads(standards_text(duplicates))
    connection = duckdb.connect()
    if side == "check":
        first = pd.read_parquet(sorted(Path(pattern).parent.glob(PATTERN))[0])
        log = first[first["ticket_id"] < first["ticket_id"].min() + check // 4]  # whole tickets, about ``check`` events
        connection.register("events", log)
        theirs = reference(connection, duplicates)
        ours = counts_of(svcstandards.evaluate(standards, log, period="day"), KEYS)
        print(json.dumps({"events": len(log), "svcstandards": table_json(ours), "reference": table_json(theirs)}))
        return
    if side == "svcstandards":

        def work() -> Any:
            return counts_of(svcstandards.evaluate(standards, connection.read_parquet(pattern), period="day"), KEYS)
    else:

        def work() -> Any:
            connection.read_parquet(pattern).create_view("events", replace=True)
            return reference(connection, duplicates)

    try:
        seconds, table = timed(repeat, work)
    except svcstandards.UsageError as error:
        print(json.dumps({"unsupported": str(error).splitlines()[0]}))
        return
    print(json.dumps({"seconds": seconds, "peak": peak_rss(), "table": table_json(table)}))


def main(arguments: argparse.Namespace) -> None:
    print(versions())
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(arguments.dir) if arguments.dir else Path(temporary)
        paths = existing(folder, PATTERN)
        if paths:
            print(f"reusing {len(paths)} Parquet files in {folder}")
        else:
            started = time.perf_counter()
            paths = write_events(folder, arguments.rows, arguments.chunk)
            print(f"wrote {len(paths)} Parquet files in {folder} in {time.perf_counter() - started:.0f} s")
        size = sum(p.stat().st_size for p in paths)
        print(f"{parquet_rows(paths):,} events in {len(paths)} Parquet files ({megabytes(size)}); 2 standards by day")
        pattern = str(folder / PATTERN)

        mode = "duplicates" if arguments.duplicates else "keep"
        checked = measure(__file__, "check", pattern, "1", str(arguments.check), mode)
        if "error" in checked:
            sys.exit(f"the check of the reference failed: {checked['error']}")
        differs = same_counts(
            table_from_json(checked["svcstandards"], KEYS), table_from_json(checked["reference"], KEYS)
        )
        if differs:
            sys.exit(f"the hand-written counts differ from svcstandards' on pandas ({differs}): fix the reference")
        print(f"the reference's counts equal svcstandards' (pandas) on {checked['events']:,} events of the first file")
        print(f"best of {arguments.repeat}, one process per measurement\n")

        found = {
            side: measure(__file__, side, pattern, str(arguments.repeat), "0", mode)
            for side in ("reference", "svcstandards")
        }
        report(found)


def report(found: dict[str, dict[str, Any]]) -> None:
    theirs, ours = found["reference"], found["svcstandards"]
    print(f"{'on duckdb':34} {'seconds':>9} {'ratio':>7} {'peak memory':>12}")
    if "error" in theirs:
        sys.exit(f"the reference failed: {theirs['error']}")
    print(
        f"{'hand-written SQL (reference)':34} {theirs['seconds']:7.3f} s {'1.00x':>7} {megabytes(theirs['peak']):>12}"
    )
    label = "svcstandards.evaluate"
    if "unsupported" in ours:
        print(f"{label:34} skipped: not supported yet ({ours['unsupported']})")
    elif "error" in ours:
        print(f"{label:34} failed: {ours['error']}")
    else:
        differs = same_counts(table_from_json(ours["table"], KEYS), table_from_json(theirs["table"], KEYS))
        agree = "counts equal" if not differs else f"COUNTS DIFFER ({differs})"
        ratio = f"{ours['seconds'] / theirs['seconds']:.2f}x"
        print(f"{label:34} {ours['seconds']:7.3f} s {ratio:>7} {megabytes(ours['peak']):>12}  {agree}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "duplicates")
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--rows", type=int, default=100_000_000)
        parser.add_argument("--chunk", type=int, default=5_000_000)
        parser.add_argument("--repeat", type=int, default=1)
        parser.add_argument("--check", type=int, default=500_000)
        parser.add_argument("--dir", default=None)
        parser.add_argument("--duplicates", action="store_true")
        main(parser.parse_args())
