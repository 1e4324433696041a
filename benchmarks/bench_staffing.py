"""agents_needed over a week of 15-minute intervals for 50 queues, against pyworkforce's ErlangC.

33,600 solves (50 queues x 7 days x 96 intervals) of "80% answered within
20 seconds", each with its own volume and handle time: svcstandards solves
them in one call on arrays; pyworkforce (the ``bench`` extra: ``pip install
'svcstandards[bench]'``) solves one interval at a time with
``ErlangC(...).required_positions(0.8)``. Both in the same run; the answers
are compared, then each side is timed in two ways: as the ``python -m
timeit`` command times a statement (each of seven runs repeats the call
for at least 0.2 s with the garbage collector off, and the best run's time
per call counts: one call per run for pyworkforce, about a hundred for
svcstandards, so both sides are averaged over runs of about the same
length), and as the best of seven single calls, each after a forced
garbage collection (which walks every Python object and leaves the
processor's caches cold: it costs a call of a few milliseconds about a
millisecond, a call of a third of a second nothing). Both times and the
ratios are printed. Figures are printed, never asserted.

The process is pinned to one processor where the system allows it
(``os.sched_setaffinity``): on a shared two-core machine a call of a few
milliseconds that moves to the other core mid-way takes half as long again
(2 ms pinned, 2 or 3 ms unpinned, from one process to the next). Both
sides run pinned to the same processor.

Each side is measured in PROCESSES fresh processes of its own, in turn, and
the best is kept: the same call runs 1.7 times as long in some processes of
a shared virtual machine as in others (numpy's own ``exp`` over 33,600
values: 0.18 or 0.32 ms), whatever the code; the ratio of each pair of
processes is printed too.

Usage: python benchmarks/bench_staffing.py [QUEUES] [RUNS] [PROCESSES]   (defaults 50, 7 and 3)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import numpy as np
from _timing import best_of, best_of_timeit

from svcstandards.staffing import agents_needed

#: The two ways each side is timed (see the module's docstring).
WAYS = {"as timeit times it": best_of_timeit, "after a garbage collection": best_of}
INTERVAL_MINUTES = 15
WITHIN_SECONDS = 20
TARGET = 0.8


def forecast(queues: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Calls (at least 1) and handle times (seconds) per interval: queues x 7 days x 96 intervals, flattened."""
    rng = np.random.default_rng(seed)
    peak = np.exp(rng.uniform(np.log(5), np.log(300), queues))  # calls in the busiest quarter hour
    aht = rng.uniform(120, 600, queues)
    hours = np.arange(96) / 4
    day_shape = np.exp(-(((hours - 11) / 3.5) ** 2)) + 0.6 * np.exp(-(((hours - 16) / 2.5) ** 2)) + 0.02
    week = np.array([1.0, 0.95, 0.9, 0.9, 0.85, 0.4, 0.25])
    mean = peak[:, None, None] * week[None, :, None] * day_shape[None, None, :] / day_shape.max()
    calls = np.maximum(rng.poisson(mean), 1).astype(np.float64).ravel()
    handle = np.broadcast_to(aht[:, None, None] * rng.uniform(0.9, 1.1, mean.shape), mean.shape).ravel().copy()
    return calls, handle


def ours(calls: np.ndarray, aht: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    return agents_needed(calls, aht, INTERVAL_MINUTES * 60, within=WITHIN_SECONDS, floor=TARGET)  # type: ignore[no-any-return]


def theirs(calls: np.ndarray, aht: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    from pyworkforce.queuing import ErlangC

    return np.array(
        [
            ErlangC(transactions=c, aht=a / 60, asa=WITHIN_SECONDS / 60, interval=INTERVAL_MINUTES).required_positions(
                TARGET
            )["raw_positions"]
            for c, a in zip(calls.tolist(), aht.tolist(), strict=True)
        ]
    )


def pin() -> str:
    """Pin this process to the processor it runs on (Linux), and say which; else say it is not pinned."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    processor = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {processor})
    return f"pinned to processor {processor}"


def child(side: str, queues: int, runs: int) -> None:
    """Time one side both ways in this process (pinned), and print the seconds as JSON."""
    calls, aht = forecast(queues)
    pinned = pin()
    work = (lambda: ours(calls, aht)) if side == "svcstandards" else (lambda: theirs(calls, aht))
    print(json.dumps({"pinned": pinned, **{name: way(runs, work) for name, way in WAYS.items()}}))


def measure(side: str, queues: int, runs: int) -> dict[str, Any]:
    """One side's timings from a fresh process of its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", side, str(queues), str(runs)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(queues: int, runs: int = 7, processes: int = 3) -> None:
    calls, aht = forecast(queues)
    print(
        f"agents_needed: {calls.size:,} intervals ({queues} queues x 7 days x 96 quarter hours), "
        f"{TARGET:.0%} within {WITHIN_SECONDS} s; traffic {calls.min() * aht.min() / 900:.2f} "
        f"to {(calls * aht).max() / 900:.1f} Erlangs"
    )
    try:
        import pyworkforce  # noqa: F401
    except ImportError:
        timings = measure("svcstandards", queues, runs)
        for name in WAYS:
            print(f"  {name}: svcstandards {timings[name] * 1000:.2f} ms (best of {runs})")
        print("  pyworkforce is not installed (pip install 'svcstandards[bench]')")
        return
    differ = int(np.count_nonzero(ours(calls, aht) != theirs(calls, aht)))
    print(f"  answers differ in {differ} of {calls.size:,} intervals")
    sides = {"svcstandards": [], "pyworkforce": []}  # type: dict[str, list[dict[str, Any]]]
    for _ in range(processes):  # the two sides in turn, each in a fresh process
        for side, found_times in sides.items():
            found_times.append(measure(side, queues, runs))
    print(f"  best of {runs} runs in each of {processes} processes per side, {sides['svcstandards'][0]['pinned']}")
    for name in WAYS:
        mine = [t[name] for t in sides["svcstandards"]]
        base = [t[name] for t in sides["pyworkforce"]]
        each = ", ".join(f"{b / m:,.0f}x" for m, b in zip(mine, base, strict=True))
        print(
            f"  {name:28} svcstandards {min(mine) * 1000:.2f} ms   pyworkforce {min(base):.3f} s   "
            f"pyworkforce takes {min(base) / min(mine):,.0f}x as long (process by process: {each})"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        arguments = [int(a) for a in sys.argv[1:4]]
        main(*arguments) if arguments else main(50)
