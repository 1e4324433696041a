"""What the lazy engines' benchmarks share: calls in Parquet, hand-written references, a process per measurement.

The references compute, by hand from the meaning of the standards in
``standards/contact-centre.yaml``, the counts svcstandards reports for each
standard per queue and day: ``n``, ``met``, ``missed``, ``pending``,
``excluded``, ``invalid`` (and the mean speed of answer). They are written
once for Polars (a lazy query) and once for DuckDB (an SQL string), as an
analyst would write them; the benchmarks check that they agree with
svcstandards before printing any ratio.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from svcstandards import sample

HERE = Path(__file__).resolve().parent
STANDARDS = HERE.parent / "standards" / "contact-centre.yaml"
BY, PERIOD = "queue", "day"
COUNTS = ("n", "met", "missed", "pending", "excluded", "invalid")
#: the columns of the synthetic calls written to Parquet: those the standards and the grouping read, and an id
CALL_COLUMNS = ("interaction_id", "channel", "queue", "offered_at", "answered_at", "abandoned_at", "abandoned")
CALL_COLUMNS += ("hold_seconds",)
#: the standards of contact-centre.yaml, short names used in the references' column names
SHORT = {
    "calls-answered-20s": "sl20",
    "calls-answered-2min": "sl120",
    "abandon-rate": "aband",
    "average-speed-of-answer": "asa",
    "hold-time-60s": "hold",
}


# -- data -------------------------------------------------------------------------------------------------------


def write_calls(folder: Path, rows: int, chunk: int) -> list[Path]:
    """About ``rows`` synthetic calls as Parquet files of about ``chunk`` rows each, made one chunk at a time.

    Each file is 30 days of ``svcstandards.sample.interactions`` (its own seed),
    the files following each other in time; only one chunk is in memory at once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths, first_id, start = [], 0, np.datetime64("2026-03-02", "D")
    for index, size in enumerate(_chunks(rows, chunk)):
        calls = sample.interactions(days=30, per_day=max(round(size / 26.0), 1), start=str(start), seed=index + 1)
        calls = calls[list(CALL_COLUMNS)]
        calls["interaction_id"] += first_id
        path = folder / f"calls-{index:04d}.parquet"
        calls.to_parquet(path, index=False)
        paths.append(path)
        first_id += len(calls)
        start += np.timedelta64(30, "D")
        del calls
    return paths


def _chunks(rows: int, chunk: int) -> Iterator[int]:
    for done in range(0, rows, chunk):
        yield min(chunk, rows - done)


def existing(folder: Path, pattern: str = "calls-*.parquet") -> list[Path]:
    return sorted(folder.glob(pattern))


def parquet_rows(paths: list[Path]) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in paths)


# -- the hand-written references ---------------------------------------------------------------------------------


def polars_reference(frame: Any) -> pd.DataFrame:
    """The counts per standard, queue and day, as one hand-written Polars lazy query (plus one for ``as_of``)."""
    import polars as pl

    offered, answered, abandoned = pl.col("offered_at"), pl.col("answered_at"), pl.col("abandoned_at")
    # the default as_of: the latest time in the measured columns, over every row; open calls are judged at it
    as_of = frame.select(pl.max_horizontal(offered.max(), answered.max(), abandoned.max())).collect().item()
    wait, gave_up, so_far = answered - offered, abandoned - offered, pl.lit(as_of) - offered
    bad = offered.is_null() | (answered < offered).fill_null(False) | (abandoned < offered).fill_null(False)
    is_answered = answered.is_not_null()
    is_abandoned = answered.is_null() & abandoned.is_not_null()
    is_open = answered.is_null() & abandoned.is_null()

    def count(name: str, condition: pl.Expr) -> pl.Expr:
        return condition.sum().alias(name)

    def service_level(short: str, limit: pl.Expr, ignore_shorter: pl.Expr | None) -> list[pl.Expr]:
        quick = (gave_up < ignore_shorter) if ignore_shorter is not None else pl.lit(False)
        return [
            count(f"{short}_met", ~bad & is_answered & (wait <= limit)),
            count(
                f"{short}_missed",
                ~bad
                & (
                    (is_answered & (wait > limit))
                    | (is_abandoned & ~quick)
                    | (is_open & (so_far > limit)).fill_null(False)
                ),
            ),
            count(f"{short}_pending", ~bad & is_open & (so_far <= limit).fill_null(True)),
            count(f"{short}_excluded", ~bad & is_abandoned & quick),
            count(f"{short}_invalid", bad),
        ]

    flag, hold = pl.col("abandoned"), pl.col("hold_seconds")
    has_flag, has_hold = flag.is_not_null(), hold.is_not_null() & ~hold.is_nan()
    no_time = offered.is_null()  # a row without its time has no period: invalid
    asa_counted = ~bad & is_answered
    aggregates = [
        *service_level("sl20", pl.duration(seconds=20), pl.duration(seconds=5)),
        *service_level("sl120", pl.duration(seconds=120), None),
        count("aband_met", has_flag & ~no_time & flag),
        count("aband_missed", has_flag & ~no_time & ~flag),
        count("aband_invalid", has_flag & no_time),
        count("asa_met", asa_counted & (wait <= pl.duration(seconds=30))),
        count("asa_missed", asa_counted & (wait > pl.duration(seconds=30))),
        count("asa_pending", ~bad & is_open),
        count("asa_excluded", ~bad & is_abandoned),
        count("asa_invalid", bad),
        wait.dt.total_microseconds().filter(asa_counted).mean().alias("asa_value"),
        count("hold_met", has_hold & ~no_time & (hold <= 60)),
        count("hold_missed", has_hold & ~no_time & (hold > 60)),
        count("hold_invalid", has_hold & no_time),
    ]
    table = (
        frame.filter(pl.col("channel") == "phone")
        .group_by(pl.col(BY), offered.dt.truncate("1d").alias("period"))
        .agg(aggregates)
        .collect()
        .to_pandas()
    )
    table["asa_value"] = table["asa_value"] / 1e6
    return _long(table)


#: the counts per standard, queue and day in DuckDB SQL, over a table or view named calls
DUCKDB_REFERENCE = """
with latest as (  -- the default as_of: the latest time in the measured columns, over every row
    select greatest(max(offered_at), max(answered_at), max(abandoned_at)) as as_of from calls
),
phone as (
    select
        queue, offered_at, abandoned, hold_seconds,
        answered_at - offered_at as wait,
        abandoned_at - offered_at as gave_up,
        (select as_of from latest) - offered_at as so_far,
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
    date_trunc('day', offered_at) as period,
    count(*) filter (not bad and is_answered and wait <= interval 20 second) as sl20_met,
    count(*) filter (not bad and (is_answered and wait > interval 20 second
                                  or is_abandoned and gave_up >= interval 5 second
                                  or is_open and coalesce(so_far > interval 20 second, false))) as sl20_missed,
    count(*) filter (not bad and is_open and coalesce(so_far <= interval 20 second, true)) as sl20_pending,
    count(*) filter (not bad and is_abandoned and gave_up < interval 5 second) as sl20_excluded,
    count(*) filter (bad) as sl20_invalid,
    count(*) filter (not bad and is_answered and wait <= interval 2 minute) as sl120_met,
    count(*) filter (not bad and (is_answered and wait > interval 2 minute
                                  or is_abandoned
                                  or is_open and coalesce(so_far > interval 2 minute, false))) as sl120_missed,
    count(*) filter (not bad and is_open and coalesce(so_far <= interval 2 minute, true)) as sl120_pending,
    0 as sl120_excluded,
    count(*) filter (bad) as sl120_invalid,
    count(*) filter (abandoned and offered_at is not null) as aband_met,
    count(*) filter (not abandoned and offered_at is not null) as aband_missed,
    count(*) filter (abandoned is not null and offered_at is null) as aband_invalid,
    count(*) filter (not bad and is_answered and wait <= interval 30 second) as asa_met,
    count(*) filter (not bad and is_answered and wait > interval 30 second) as asa_missed,
    count(*) filter (not bad and is_open) as asa_pending,
    count(*) filter (not bad and is_abandoned) as asa_excluded,
    count(*) filter (bad) as asa_invalid,
    avg(epoch(wait)) filter (not bad and is_answered) as asa_value,
    count(*) filter (hold_seconds <= 60 and offered_at is not null) as hold_met,
    count(*) filter (hold_seconds > 60 and not isnan(hold_seconds) and offered_at is not null) as hold_missed,
    count(*) filter (hold_seconds is not null and not isnan(hold_seconds) and offered_at is null) as hold_invalid
from phone
group by all
"""


def duckdb_reference(connection: Any) -> pd.DataFrame:
    """The counts per standard, queue and day: :data:`DUCKDB_REFERENCE` run on ``connection`` (a table ``calls``)."""
    return _long(connection.sql(DUCKDB_REFERENCE).df())


def _long(wide: pd.DataFrame) -> pd.DataFrame:
    """One row per standard, queue and day with the six counts and the value (the small table, in pandas)."""
    parts = []
    for standard, short in SHORT.items():
        part = pd.DataFrame({"standard": standard, BY: wide[BY], "period": _day(wide["period"])})
        for column in COUNTS[1:]:
            name = f"{short}_{column}"
            part[column] = wide[name].fillna(0).astype("int64") if name in wide else 0
        part["n"] = part["met"] + part["missed"]
        part["value"] = wide.get(f"{short}_value", math.nan)
        parts.append(part)
    return normalised(pd.concat(parts, ignore_index=True))


def _day(values: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(values)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps.dt.strftime("%Y-%m-%d").fillna("")


def counts_of(report: Any, keys: tuple[str, ...] = (BY,)) -> pd.DataFrame:
    """svcstandards' results table, reduced to what the references compute."""
    table = report.to_frame()
    found = pd.DataFrame({"standard": table["standard"].astype(str)})
    for key in keys:
        found[key] = table[key].astype(str)
    found["period"] = _day(table["period"])
    for column in COUNTS:
        found[column] = table[column].astype("int64")
    found["value"] = table["value"].astype(float)
    return normalised(found, keys)


def normalised(table: pd.DataFrame, keys: tuple[str, ...] = (BY,)) -> pd.DataFrame:
    """Rows with a count (a group and day where a standard saw nothing is not compared), in one order."""
    table = table[table[list(COUNTS[1:])].sum(axis=1) > 0]
    table = table.astype({**dict.fromkeys(keys, str), "period": str})
    order = ["standard", *keys, "period"]
    return table.sort_values(order).reset_index(drop=True)[[*order, *COUNTS, "value"]]


def same_counts(found: pd.DataFrame, expected: pd.DataFrame) -> str:
    """'' when the counts are equal and the values equal to 1e-9, else what differs."""
    labels = [c for c in found.columns if c not in (*COUNTS, "value")]
    if len(found) != len(expected) or not (found[labels].to_numpy() == expected[labels].to_numpy()).all():
        return f"different rows: {len(found)} against {len(expected)}"
    for column in COUNTS:
        if not (found[column].to_numpy() == expected[column].to_numpy()).all():
            return f"column {column} differs"
    if not np.allclose(found["value"], expected["value"], rtol=1e-9, atol=0, equal_nan=True):
        return "the mean speed of answer differs"
    return ""


def table_json(table: pd.DataFrame) -> str:
    return table.to_json(orient="split", double_precision=15)


def table_from_json(text: str, keys: tuple[str, ...] = (BY,)) -> pd.DataFrame:
    import io

    table = pd.read_json(io.StringIO(text), orient="split", dtype=False)
    table["period"] = table["period"].fillna("")
    return normalised(table.astype(dict.fromkeys(COUNTS, "int64")).astype({"value": float}), keys)


# -- one process per measurement ----------------------------------------------------------------------------------


def timed(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs of ``work`` (seconds) and the last run's result."""
    best, result = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def peak_rss() -> int:
    """The high-water mark of this process's resident memory, in bytes.

    Linux's ``VmHWM``: ``ru_maxrss`` would not do, as it keeps the parent's
    resident memory at the fork across the ``exec`` of the new Python.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def resident() -> int:
    """This process's resident memory now, in bytes (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize()


def measure(script: str, *arguments: str) -> dict[str, Any]:
    """Run ``script --child ARGUMENTS`` in a fresh Python and return the JSON it prints last.

    A failure is returned as ``{"error": ...}``; a ``UsageError`` as ``{"unsupported": ...}``.
    """
    done = subprocess.run([sys.executable, script, "--child", *arguments], capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = [line for line in done.stderr.strip().splitlines() if line[:1].isalnum()]  # not the traceback's
        return {"error": tail[-1] if tail else f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


def versions() -> str:
    import duckdb
    import narwhals
    import polars

    import svcstandards

    return (
        f"svcstandards {svcstandards.__version__}, polars {polars.__version__}, duckdb {duckdb.__version__}, "
        f"narwhals {narwhals.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}"
    )


HEADER = f"{'engine':8} {'svcstandards':>13} {'reference':>11} {'ratio':>7} {'peak (svc)':>11} {'peak (ref)':>11}"


def report_pair(engine: str, found: dict[str, dict[str, Any]], *, loaded: bool = False) -> None:
    """One line of a benchmark table: svcstandards against the hand-written reference, counts checked equal.

    Stops the run when the counts differ (the reference is then wrong, or svcstandards is).
    ``loaded``: add the memory the data took before the measurement.
    """
    failed = [f"{side}: {f['error']}" for side, f in found.items() if "error" in f]
    if failed:
        print(f"{engine:8} failed: {'; '.join(failed)}")
        return
    ours, theirs = found["svcstandards"], found["reference"]
    differs = same_counts(table_from_json(ours["table"]), table_from_json(theirs["table"]))
    if differs:
        sys.exit(f"{engine}: the hand-written counts differ from svcstandards' ({differs}): fix the reference")
    extra = f" {megabytes(ours['loaded']):>12}" if loaded else ""
    print(
        f"{engine:8} {ours['seconds']:11.3f} s {theirs['seconds']:9.3f} s "
        f"{ours['seconds'] / theirs['seconds']:6.2f}x "
        f"{megabytes(ours['peak']):>11} {megabytes(theirs['peak']):>11}{extra}  equal"
    )
