"""The engines side by side: the numpy engine on pandas against Polars and DuckDB (figures printed, never asserted).

For each size (synthetic calls of ``svcstandards.sample``, written once to
a Parquet file), and each engine in a process of its own:

- ``numpy``: the default engine, on a pandas DataFrame in memory;
- ``polars``: a Polars DataFrame in memory; ``duckdb``: an Arrow table in
  memory, read by DuckDB;
- ``polars-scan``, ``duckdb-scan``: the Parquet file itself, scanned lazily.

Two workloads, both by queue x day: the 80%-in-20-seconds standard alone,
and all five contact-centre standards (four share standards and the mean
speed of answer), which the lazy engine runs too. Times are the best of
three (after the first evaluation); ratios are against the numpy engine in the same run.
Peak memory is the growth of the process's resident memory during its
first evaluation of the five standards, before any other (Linux:
``/proc/self/clear_refs`` then ``VmHWM``), so memory of Polars' and
DuckDB's own allocators counts too. ``agree`` says whether the
results table equals the numpy engine's (counts exact, shares to 1e-9).

Usage: python benchmarks/bench_engines.py [SIZES...]   (default: 1000000 10000000)
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
from _timing import best_of

import svcstandards
from svcstandards import sample

HERE = Path(__file__).resolve().parent
STANDARDS = HERE.parent / "standards" / "contact-centre.yaml"
ENGINES = ("numpy", "polars", "duckdb", "polars-scan", "duckdb-scan")
SINGLE = "calls-answered-20s"


def _standards() -> tuple[svcstandards.StandardSet, svcstandards.StandardSet]:
    standards = svcstandards.load(STANDARDS)
    return standards.select(SINGLE), standards


def _data(engine: str, path: str) -> Any:
    if engine == "numpy":
        return pd.read_parquet(path)
    if engine == "polars":
        import polars as pl

        return pl.read_parquet(path)
    if engine == "duckdb":
        import duckdb
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        return duckdb.from_arrow(table), table  # the relation reads the table, which must stay alive
    if engine == "duckdb-scan":
        import duckdb

        return duckdb.read_parquet(path)  # what a path becomes when Polars is not installed
    return path  # polars-scan: a path, scanned lazily by Polars


def _memory(field: str) -> int:
    """A field of /proc/self/status in bytes (0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def child(engine: str, path: str) -> None:
    """Time one engine and print its figures as JSON (runs in a process of its own)."""
    single, shares = _standards()
    loaded = _data(engine, path)
    data = loaded[0] if isinstance(loaded, tuple) else loaded
    options: dict[str, Any] = {"by": "queue", "period": "day"}
    # memory first, in a fresh process: allocators that keep freed memory would hide a later peak
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak resident memory (VmHWM)
    before = _memory("VmRSS")
    table = svcstandards.evaluate(shares, data, **options).to_frame()
    figures: dict[str, Any] = {"peak": max(_memory("VmHWM") - before, 0)}
    for name, standards in (("single", single), ("all", shares)):
        figures[name] = best_of(3, lambda standards=standards: svcstandards.evaluate(standards, data, **options))
    figures["table"] = table.to_json(orient="split", date_format="iso", double_precision=15)
    print(json.dumps(figures))


def _run_child(engine: str, path: str) -> dict[str, Any] | str:
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine, path], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _agree(table: str, reference: str) -> bool:
    found, expected = (pd.read_json(io.StringIO(t), orient="split", dtype=False) for t in (table, reference))
    try:
        pd.testing.assert_frame_equal(found, expected, check_exact=False, rtol=1e-9, check_dtype=False)
    except AssertionError:
        return False
    return True


def bench_size(size: int, folder: Path) -> None:
    started = time.perf_counter()
    calls = sample.interactions(days=30, per_day=round(size / 26.0), seed=1)
    path = folder / f"calls-{size}.parquet"
    calls.to_parquet(path)
    in_memory = calls.memory_usage(deep=True).sum()
    print(
        f"\n{len(calls):,} interactions ({in_memory / 1e6:,.0f} MB as pandas, {path.stat().st_size / 1e6:,.0f} MB "
        f"Parquet, made in {time.perf_counter() - started:.1f} s); by queue x day"
    )
    del calls
    figures = {engine: _run_child(engine, str(path)) for engine in ENGINES}
    reference = figures["numpy"]
    print(f"  {'engine':12} {'one standard':>20} {'all 5 standards':>22} {'peak memory':>13}  agree")
    for engine, found in figures.items():
        if isinstance(found, str):
            print(f"  {engine:12} failed: {found}")
            continue
        ratios = ["", ""]
        if isinstance(reference, dict):
            ratios = [f"{found[k] / reference[k]:.2f}x" for k in ("single", "all")]
        agree = _agree(found["table"], reference["table"]) if isinstance(reference, dict) else "?"
        print(
            f"  {engine:12} {found['single']:8.3f} s {ratios[0]:>9} {found['all']:10.3f} s {ratios[1]:>9} "
            f"{found['peak'] / 1e6:9.0f} MB  {agree}"
        )


def main(sizes: list[int]) -> None:
    import duckdb
    import narwhals
    import polars

    print(
        f"svcstandards {svcstandards.__version__}, pandas {pd.__version__}, polars {polars.__version__}, "
        f"duckdb {duckdb.__version__}, narwhals {narwhals.__version__}, python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            bench_size(size, Path(folder))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000])
