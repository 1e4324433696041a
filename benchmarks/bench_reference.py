"""The lazy engines against hand-written queries (figures printed, never asserted; the goal: within 1.2x).

Synthetic calls (``svcstandards.sample``, written chunk by chunk to Parquet
files) are loaded into memory, and every standard of
``standards/contact-centre.yaml`` is scored by queue and day:

- ``polars``: ``svcstandards.evaluate`` on a Polars LazyFrame (of a
  DataFrame in memory), against one hand-written Polars lazy query;
- ``duckdb``: ``svcstandards.evaluate`` on a DuckDB relation (a table in
  an in-memory database), against one hand-written DuckDB SQL string.

The references (in ``_lazy.py``) compute the same counts per standard,
queue and day (n, met, missed, pending, excluded, invalid, and the mean
speed of answer) from the meaning of the standards; before any figure is
printed the benchmark checks that they equal svcstandards' counts (the
mean to 1e-9), and stops if they do not.

Every measurement runs in a fresh Python process of its own: it loads the
data, then times the work (the best of ``--repeat`` runs) and reports its
peak resident memory (``ru_maxrss``, loading included) and its resident
memory once the data was loaded. Ratios are svcstandards' time over the
reference's, measured in the same run.

Usage: python benchmarks/bench_reference.py [--rows N] [--chunk N] [--repeat N] [--dir FOLDER]
    --rows    calls to make (default 10000000)
    --chunk   calls per Parquet file (default 2000000)
    --repeat  timed runs per measurement, the best kept (default 3)
    --dir     keep the Parquet files in FOLDER, and reuse those already there
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
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
    resident,
    table_json,
    timed,
    versions,
    write_calls,
)

import svcstandards

ENGINES = ("polars", "duckdb")
SIDES = ("svcstandards", "reference")


def child(engine: str, side: str, pattern: str, repeat: int) -> None:
    """Load the calls, time one side on one engine, print the figures as JSON (in a process of its own)."""
    standards = svcstandards.load(STANDARDS)
    connection: Any = None
    if engine == "polars":
        import polars as pl

        data: Any = pl.read_parquet(pattern).lazy()
    else:
        import duckdb

        connection = duckdb.connect()  # a database of its own, in memory
        connection.execute("create table calls as select * from read_parquet(?)", [pattern])
        data = connection.table("calls")
    loaded = resident()
    if side == "svcstandards":

        def work() -> Any:
            return counts_of(svcstandards.evaluate(standards, data, by=BY, period=PERIOD))
    elif engine == "polars":

        def work() -> Any:
            return polars_reference(data)
    else:

        def work() -> Any:
            return duckdb_reference(connection)

    seconds, table = timed(repeat, work)
    print(json.dumps({"seconds": seconds, "peak": peak_rss(), "loaded": loaded, "table": table_json(table)}))


def main(arguments: argparse.Namespace) -> None:
    print(versions())
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(arguments.dir) if arguments.dir else Path(temporary)
        paths = existing(folder)
        if paths:
            print(f"reusing {len(paths)} Parquet files in {folder}")
        else:
            paths = write_calls(folder, arguments.rows, arguments.chunk)
        size = sum(p.stat().st_size for p in paths)
        print(f"{parquet_rows(paths):,} calls in {len(paths)} Parquet files ({megabytes(size)}); all 5 standards")
        print(f"of {STANDARDS.name} by {BY} x {PERIOD}, best of {arguments.repeat}, one process per measurement\n")
        pattern = str(folder / "calls-*.parquet")
        rows = []
        for engine in ENGINES:
            found = {side: measure(__file__, engine, side, pattern, str(arguments.repeat)) for side in SIDES}
            rows.append((engine, found))
        report(rows)


def report(rows: list[tuple[str, dict[str, dict[str, Any]]]]) -> None:
    print(HEADER + f" {'data loaded':>12}  counts")
    for engine, found in rows:
        report_pair(engine, found, loaded=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--rows", type=int, default=10_000_000)
        parser.add_argument("--chunk", type=int, default=2_000_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--dir", default=None)
        main(parser.parse_args())
