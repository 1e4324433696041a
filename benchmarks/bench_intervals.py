"""Half-hour periods against day periods, on pandas and DuckDB (figures and ratios printed, never asserted).

Builds ``--rows`` synthetic calls spread over ``--days`` days (naive wall
clocks in Europe/Ljubljana, the file's zone, so each run converts them to
instants), then scores one service-level standard with ``period: day`` and
with ``period: 30min`` on each engine. The goal: half-hours cost at most
1.3x a day. The 30-minute index is two more integer passes over the rows
(the wall clock's remainder, subtracted from the instant); the number of
results rows grows 48-fold but stays small (1,440 for 30 days).

Usage: python benchmarks/bench_intervals.py [--rows N] [--days N] [--repeat N] [--engines pandas,duckdb]
    --rows     calls (default 10000000)
    --days     days they spread over (default 30)
    --repeat   timed runs per measurement, the best kept (default 3)
    --engines  comma-separated engines (default pandas,duckdb)
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Any

import numpy as np
import pandas as pd
from _timing import best_of

import svcstandards

STANDARDS = """
version: 1
timezone: Europe/Ljubljana
standards:
  - id: service-level
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
"""


def calls(rows: int, days: int, seed: int = 1) -> pd.DataFrame:
    """``rows`` calls at random seconds of ``days`` days from 2026-03-02, answered after 0 to 60 s."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-03-02T00:00:00", "ns")
    offered = start + rng.integers(0, days * 86_400, rows).astype("timedelta64[s]")
    answered = offered + rng.integers(0, 61, rows).astype("timedelta64[s]")
    return pd.DataFrame({"offered_at": offered, "answered_at": answered})


def on(engine: str, frame: pd.DataFrame) -> Any:
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        connection.register("calls", frame)
        return connection.table("calls")
    return frame


def _run(standards: svcstandards.StandardSet, data: Any, period: str, sizes: dict[str, int]) -> None:
    sizes[period] = len(svcstandards.evaluate(standards, data, period=period).to_frame())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="pandas,duckdb")
    args = parser.parse_args(argv)
    standards = svcstandards.loads(STANDARDS)
    frame = calls(args.rows, args.days)
    print(f"{args.rows:,} calls over {args.days} days; best of {args.repeat}")
    print(f"{'engine':<8} {'day s':>8} {'30min s':>8} {'ratio':>6} {'rows day':>9} {'rows 30min':>10}")
    for engine in args.engines.split(","):
        data = on(engine, frame)
        seconds, sizes = {}, {}
        for period in ("day", "30min"):
            seconds[period] = best_of(args.repeat, functools.partial(_run, standards, data, period, sizes))
        ratio = seconds["30min"] / seconds["day"]
        print(
            f"{engine:<8} {seconds['day']:>8.2f} {seconds['30min']:>8.2f} {ratio:>6.2f}"
            f" {sizes['day']:>9,} {sizes['30min']:>10,}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
