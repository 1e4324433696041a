"""Calls in Parquet files, scored where they lie, against hand-written DuckDB SQL (figures printed, never asserted).

Writes about ``--rows`` synthetic calls (``svcstandards.sample``) as
Parquet files of ``--chunk`` rows, one chunk in memory at a time (or
reuses the files already in ``--dir``), then scores every standard of
``standards/contact-centre.yaml`` by queue and day straight from the files:

- ``duckdb``: ``svcstandards.evaluate(standards, connection.read_parquet(glob))``,
  what the command line does with DuckDB, against the hand-written SQL of
  ``_lazy.py`` over a view of the same files;
- ``polars`` (with ``--polars``): ``svcstandards.evaluate`` on
  ``pl.scan_parquet(glob)`` (what a path becomes when Polars is installed)
  against the hand-written Polars query on the same scan.

The counts of both sides must be equal (the mean to 1e-9) before any
figure is printed. Every measurement runs in a fresh Python process: the
time is the best of ``--repeat`` runs, the peak memory the process's
resident high-water mark (the goal: under 2 GB at 100 M calls).

Usage: python benchmarks/bench_parquet.py [--rows N] [--chunk N] [--repeat N] [--dir FOLDER] [--polars]
    --rows    calls to write (default 100000000)
    --chunk   calls per Parquet file (default 5000000)
    --repeat  timed runs per measurement, the best kept (default 1)
    --dir     keep the Parquet files in FOLDER, and reuse those already there
    --polars  also the Polars scan of the same files
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _lazy import (
    BY,
    HEADER,
    PERIOD,
    STANDARDS,
    counts_of,
    duckdb_reference,
    existing,
    measure,
    megabytes,
    parquet_rows,
    peak_rss,
    polars_reference,
    report_pair,
    table_json,
    timed,
    versions,
    write_calls,
)

import svcstandards

SIDES = ("svcstandards", "reference")


def child(engine: str, side: str, pattern: str, repeat: int) -> None:
    """Time one side on one engine over the files, print the figures as JSON (in a process of its own)."""
    standards = svcstandards.load(STANDARDS)
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect()

        def work() -> Any:
            if side == "svcstandards":
                report = svcstandards.evaluate(standards, connection.read_parquet(pattern), by=BY, period=PERIOD)
                return counts_of(report)
            connection.read_parquet(pattern).create_view("calls", replace=True)
            return duckdb_reference(connection)
    else:
        import polars as pl

        def work() -> Any:
            if side == "svcstandards":
                return counts_of(svcstandards.evaluate(standards, pl.scan_parquet(pattern), by=BY, period=PERIOD))
            return polars_reference(pl.scan_parquet(pattern))

    seconds, table = timed(repeat, work)
    print(json.dumps({"seconds": seconds, "peak": peak_rss(), "table": table_json(table)}))


def main(arguments: argparse.Namespace) -> None:
    print(versions())
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(arguments.dir) if arguments.dir else Path(temporary)
        paths = existing(folder)
        if paths:
            print(f"reusing {len(paths)} Parquet files in {folder}")
        else:
            started = time.perf_counter()
            paths = write_calls(folder, arguments.rows, arguments.chunk)
            print(f"wrote {len(paths)} Parquet files in {folder} in {time.perf_counter() - started:.0f} s")
        size = sum(p.stat().st_size for p in paths)
        print(f"{parquet_rows(paths):,} calls in {len(paths)} Parquet files ({megabytes(size)}); all 5 standards")
        print(f"of {STANDARDS.name} by {BY} x {PERIOD}, best of {arguments.repeat}, one process per measurement\n")
        pattern = str(folder / "calls-*.parquet")
        engines = ("duckdb", "polars") if arguments.polars else ("duckdb",)
        print(HEADER + "  counts")
        for engine in engines:
            found = {side: measure(__file__, engine, side, pattern, str(arguments.repeat)) for side in SIDES}
            report_pair(engine, found)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--rows", type=int, default=100_000_000)
        parser.add_argument("--chunk", type=int, default=5_000_000)
        parser.add_argument("--repeat", type=int, default=1)
        parser.add_argument("--dir", default=None)
        parser.add_argument("--polars", action="store_true")
        main(parser.parse_args())
