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
    """The fastest of ``runs`` timed calls, in seconds, as Python's ``timeit`` times them: the garbage
    collector off during each call, and no collection forced before it (which leaves the caches cold)."""
    return min(timeit.Timer(work).repeat(repeat=runs, number=1))
