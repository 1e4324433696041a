"""Timing shared by the benchmark scripts."""

from __future__ import annotations

import gc
import time
import timeit
from collections.abc import Callable
from typing import Any


def best_of(runs: int, work: Callable[[], Any]) -> float:
    """The fastest of ``runs`` timed calls, in seconds, each after a garbage collection."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def best_of_timeit(runs: int, work: Callable[[], Any]) -> float:
    """Seconds per call as the ``python -m timeit`` command measures it: each run repeats the call as many
    times as makes it last at least 0.2 s (``Timer.autorange``), with the garbage collector off; the
    best of ``runs`` runs, divided by its number of calls. A call of a third of a second is one call
    per run; a call of a few milliseconds about a hundred, so both sides of a comparison are averaged
    over runs of about the same length."""
    timer = timeit.Timer(work)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=runs, number=number)) / number
