"""Benchmarks of the evaluator (run with ``make bench``; figures are printed, never asserted).

For each size, in the same run:
- the reference: hand-written vectorised pandas for the 80%-in-20-seconds
  standard by channel and day (the code an analyst would write);
- ``evaluate`` of that single standard, same grouping;
- ``evaluate`` of every contact-centre standard;
- peak memory traced during that evaluation, against the input frame's size.

Then the benchmarks of business time (``bench_calendar.py``) and of event
logs turned into interactions (``bench_events.py``), with the sizes given
on the command line, or else their own defaults.

Usage: python benchmarks/run.py [--evaluate-only] [--profile] [SIZES...]   (default: 1000000 10000000)

``--evaluate-only`` skips the business-time and event-log benchmarks;
``--profile`` adds, per size, where one evaluation of the single standard
spends its time (cProfile, functions by their own time).
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import runpy
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from _timing import best_of

import svcstandards
from svcstandards import sample

HERE = Path(__file__).resolve().parent
STANDARDS = HERE.parent / "standards" / "contact-centre.yaml"


def hand_written(calls: pd.DataFrame) -> pd.DataFrame:
    """80% of phone calls answered within 20 s, abandons under 5 s ignored, by channel and day."""
    phone = calls[calls["channel"] == "phone"]
    offered = phone["offered_at"]
    answered = phone["answered_at"].notna()
    waited = (phone["answered_at"] - offered).dt.total_seconds()
    gave_up = (phone["abandoned_at"] - offered).dt.total_seconds()
    valid = offered.notna() & ~(answered & (waited < 0))
    short = ~answered & (gave_up < 5)
    counted = valid & ~short & (answered | phone["abandoned_at"].notna())
    met = counted & answered & (waited <= 20)
    table = pd.DataFrame({"channel": phone["channel"], "day": offered.dt.floor("D"), "met": met, "n": counted})
    result = table.groupby(["channel", "day"], dropna=False)[["met", "n"]].sum()
    result["share"] = result["met"] / result["n"]
    return result


def bench_size(size: int, standards: svcstandards.StandardSet, *, profile: bool = False) -> None:
    single = standards.select("calls-answered-20s")
    started = time.perf_counter()
    calls = sample.interactions(days=30, per_day=round(size / 26.0), seed=1)
    generated = time.perf_counter() - started
    frame_bytes = calls.memory_usage(deep=True).sum()
    print(f"\n{len(calls):,} interactions ({frame_bytes / 1e6:,.0f} MB in memory, made in {generated:.1f} s)")

    reference = best_of(3, lambda: hand_written(calls))
    one = best_of(3, lambda: svcstandards.evaluate(single, calls, by="channel", period="day"))
    every = best_of(1, lambda: svcstandards.evaluate(standards, calls, by="channel", period="day"))
    tracemalloc.start()
    svcstandards.evaluate(standards, calls, by="channel", period="day")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    check = svcstandards.evaluate(single, calls, by="channel", period="day").to_frame()
    theirs = hand_written(calls)[["met", "n"]].sum()
    agree = (check["met"].sum(), check["n"].sum()) == (theirs["met"], theirs["n"])
    rows = [
        ("hand-written pandas, 80/20 by channel x day", f"{reference:7.3f} s", "reference 1.00x"),
        ("evaluate, same standard", f"{one:7.3f} s", f"{one / reference:.2f}x"),
        (
            f"evaluate, all {len(standards)} contact-centre standards",
            f"{every:7.3f} s",
            f"{every / reference:.2f}x",
        ),
        (
            "peak memory traced in evaluate (all)",
            f"{peak / 1e6:7.0f} MB",
            f"{peak / frame_bytes:.2f}x the input",
        ),
        ("counts agree with the hand-written code", str(agree), ""),
    ]
    for label, figure, ratio in rows:
        print(f"  {label:45} : {figure}  {ratio}")
    if profile:
        print_profile(lambda: svcstandards.evaluate(single, calls, by="channel", period="day"))


def print_profile(work: Callable[[], object], top: int = 12) -> None:
    """The functions ``work`` spends most of its own time in (cProfile; numpy calls count in their caller)."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    print("  where one evaluation of the single standard spends its time (own time, seconds):")
    for line in lines[start:]:
        print("   ", line)


def main(sizes: list[int], *, others: bool = True, profile: bool = False) -> None:
    standards = svcstandards.load(STANDARDS)
    print(f"svcstandards {svcstandards.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}")
    for size in sizes:
        bench_size(size, standards, profile=profile)
        gc.collect()
    if not others:
        return
    for other in ("bench_calendar.py", "bench_events.py"):
        path = HERE / other
        if path.exists():
            print()
            runpy.run_path(str(path), run_name="__main__")


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    unknown = flags - {"--evaluate-only", "--profile"}
    if unknown:
        sys.exit(f"unknown option {sorted(unknown)[0]}; use --evaluate-only, --profile and sizes")
    sys.argv[1:] = [a for a in sys.argv[1:] if not a.startswith("--")]  # the other benchmarks read the sizes
    main(
        [int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000],
        others="--evaluate-only" not in flags,
        profile="--profile" in flags,
    )
