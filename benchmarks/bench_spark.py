"""The Spark engine against hand-written Spark SQL (figures printed, never asserted; the goal: within 1.5x).

Synthetic calls (``svcstandards.sample``, written chunk by chunk to Parquet
files, as for ``bench_reference.py``) are read by a local Spark session
(``local[2]``) and cached in memory, and every standard of
``standards/contact-centre.yaml`` is scored by queue and day:

- ``svcstandards``: ``svcstandards.evaluate`` on the Spark DataFrame;
- ``reference``: one hand-written Spark SQL query (:data:`SPARK_REFERENCE`)
  computing the same counts per standard, queue and day (n, met, missed,
  pending, excluded, invalid, and the mean speed of answer) from the
  meaning of the standards.

Before any figure is printed the benchmark checks that both give the same
counts (the mean to 1e-9), and stops if they do not. Every measurement runs
in a fresh Python process of its own, with a Spark session of its own: the
session's startup (the JVM, and a first query) is timed apart and printed
on its own line; then the data is read and cached, and the work is timed
(the best of ``--repeat`` runs). Peak memory is the Python process's only
(the JVM's is not counted), so none is printed.

Usage: python benchmarks/bench_spark.py [--rows N] [--chunk N] [--repeat N] [--dir FOLDER] [--memory SIZE]
    --rows    calls to make (default 10000000)
    --chunk   calls per Parquet file (default 2000000)
    --repeat  timed runs per measurement, the best kept (default 3)
    --dir     keep the Parquet files in FOLDER, and reuse those already there
    --memory  the Spark driver's memory (default 6g)
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
    PERIOD,
    STANDARDS,
    _long,
    counts_of,
    existing,
    measure,
    megabytes,
    parquet_rows,
    same_counts,
    table_from_json,
    table_json,
    timed,
    versions,
    write_calls,
)

import svcstandards

SIDES = ("svcstandards", "reference")

#: the counts per standard, queue and day in Spark SQL, over a view named calls (the session's zone is UTC,
#: so that the microseconds of the wall-clock times are their own)
SPARK_REFERENCE = """
with latest as (
    select greatest(max(offered_at), max(answered_at), max(abandoned_at)) as as_of from calls
),
phone as (
    select
        queue, offered_at, abandoned, hold_seconds,
        answered_at - offered_at as wait,
        abandoned_at - offered_at as gave_up,
        (select as_of from latest) - offered_at as so_far,
        unix_micros(cast(answered_at as timestamp)) - unix_micros(cast(offered_at as timestamp)) as wait_us,
        offered_at is null
            or coalesce(answered_at < offered_at, false)
            or coalesce(abandoned_at < offered_at, false) as bad,
        answered_at is not null as is_answered,
        answered_at is null and abandoned_at is not null as is_abandoned,
        answered_at is null and abandoned_at is null as is_open
    from calls
    where channel = 'phone'
)
select
    queue,
    cast(offered_at as date) as period,
    count(*) filter (where not bad and is_answered and wait <= interval 20 second) as sl20_met,
    count(*) filter (where not bad and (is_answered and wait > interval 20 second
                                  or is_abandoned and gave_up >= interval 5 second
                                  or is_open and coalesce(so_far > interval 20 second, false))) as sl20_missed,
    count(*) filter (where not bad and is_open and coalesce(so_far <= interval 20 second, true)) as sl20_pending,
    count(*) filter (where not bad and is_abandoned and gave_up < interval 5 second) as sl20_excluded,
    count(*) filter (where bad) as sl20_invalid,
    count(*) filter (where not bad and is_answered and wait <= interval 2 minute) as sl120_met,
    count(*) filter (where not bad and (is_answered and wait > interval 2 minute
                                  or is_abandoned
                                  or is_open and coalesce(so_far > interval 2 minute, false))) as sl120_missed,
    count(*) filter (where not bad and is_open and coalesce(so_far <= interval 2 minute, true)) as sl120_pending,
    0 as sl120_excluded,
    count(*) filter (where bad) as sl120_invalid,
    count(*) filter (where abandoned and offered_at is not null) as aband_met,
    count(*) filter (where not abandoned and offered_at is not null) as aband_missed,
    count(*) filter (where abandoned is not null and offered_at is null) as aband_invalid,
    count(*) filter (where not bad and is_answered and wait <= interval 30 second) as asa_met,
    count(*) filter (where not bad and is_answered and wait > interval 30 second) as asa_missed,
    count(*) filter (where not bad and is_open) as asa_pending,
    count(*) filter (where not bad and is_abandoned) as asa_excluded,
    count(*) filter (where bad) as asa_invalid,
    avg(wait_us / 1e6) filter (where not bad and is_answered) as asa_value,
    count(*) filter (where hold_seconds <= 60 and offered_at is not null) as hold_met,
    count(*) filter (where hold_seconds > 60 and not isnan(hold_seconds) and offered_at is not null) as hold_missed,
    count(*) filter (where hold_seconds is not null and not isnan(hold_seconds) and offered_at is null)
        as hold_invalid
from phone
group by all
"""


def child(side: str, pattern: str, repeat: int, memory: str) -> None:
    """Start Spark, read and cache the calls, time one side, print the figures as JSON (in a process of its own)."""
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("svcstandards-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).collect()  # the first query starts the executors' threads
    startup = time.perf_counter() - started
    started = time.perf_counter()
    data = spark.read.parquet(pattern).cache()
    rows = data.count()
    loading = time.perf_counter() - started
    standards = svcstandards.load(STANDARDS)
    if side == "svcstandards":

        def work() -> Any:
            return counts_of(svcstandards.evaluate(standards, data, by=BY, period=PERIOD))
    else:
        data.createOrReplaceTempView("calls")

        def work() -> Any:
            return _long(spark.sql(SPARK_REFERENCE).toPandas())

    seconds, table = timed(repeat, work)
    spark.stop()
    figures = {"seconds": seconds, "startup": startup, "loading": loading, "rows": rows, "table": table_json(table)}
    print(json.dumps(figures))


def main(arguments: argparse.Namespace) -> None:
    import pyspark

    print(f"{versions()}, pyspark {pyspark.__version__}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(arguments.dir) if arguments.dir else Path(temporary)
        paths = existing(folder)
        if paths:
            print(f"reusing {len(paths)} Parquet files in {folder}")
        else:
            paths = write_calls(folder, arguments.rows, arguments.chunk)
        size = sum(p.stat().st_size for p in paths)
        print(f"{parquet_rows(paths):,} calls in {len(paths)} Parquet files ({megabytes(size)}); all 5 standards")
        print(f"of {STANDARDS.name} by {BY} x {PERIOD}, Spark local[2], best of {arguments.repeat}, cached in memory,")
        print("one process (and Spark session) per measurement\n")
        pattern = str(folder / "calls-*.parquet")
        found = {side: measure(__file__, side, pattern, str(arguments.repeat), arguments.memory) for side in SIDES}
        report(found)


def report(found: dict[str, dict[str, Any]]) -> None:
    failed = [f"{side}: {f['error']}" for side, f in found.items() if "error" in f]
    if failed:
        print(f"spark failed: {'; '.join(failed)}")
        return
    ours, theirs = found["svcstandards"], found["reference"]
    differs = same_counts(table_from_json(ours["table"]), table_from_json(theirs["table"]))
    if differs:
        sys.exit(f"spark: the hand-written counts differ from svcstandards' ({differs}): fix the reference")
    print(f"{'side':13} {'startup':>9} {'read+cache':>11} {'scoring':>10}")
    for side in SIDES:
        f = found[side]
        print(f"{side:13} {f['startup']:7.1f} s {f['loading']:9.1f} s {f['seconds']:8.3f} s")
    print(f"\nratio (svcstandards / reference, scoring only): {ours['seconds'] / theirs['seconds']:.2f}x  counts equal")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--rows", type=int, default=10_000_000)
        parser.add_argument("--chunk", type=int, default=2_000_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--dir", default=None)
        parser.add_argument("--memory", default="6g")
        main(parser.parse_args())
