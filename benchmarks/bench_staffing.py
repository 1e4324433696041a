"""agents_needed over a week of 15-minute intervals for 50 queues, against pyworkforce's ErlangC.

33,600 solves (50 queues x 7 days x 96 intervals) of "80% answered within
20 seconds", each with its own volume and handle time: svcstandards solves
them in one call on arrays; pyworkforce (the ``bench`` extra: ``pip install
'svcstandards[bench]'``) solves one interval at a time with
``ErlangC(...).required_positions(0.8)``. Both in the same run; the answers
are compared, then each side is timed as the best of the same number of
runs (three by default, each after a garbage collection), and both times,
that count and the ratio are printed. Figures are printed, never asserted.

Usage: python benchmarks/bench_staffing.py [QUEUES] [RUNS]   (defaults 50 and 3)
"""

from __future__ import annotations

import sys

import numpy as np
from _timing import best_of

from svcstandards.staffing import agents_needed

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


def main(queues: int, runs: int = 3) -> None:
    calls, aht = forecast(queues)
    print(
        f"agents_needed: {calls.size:,} intervals ({queues} queues x 7 days x 96 quarter hours), "
        f"{TARGET:.0%} within {WITHIN_SECONDS} s; traffic {calls.min() * aht.min() / 900:.2f} "
        f"to {(calls * aht).max() / 900:.1f} Erlangs"
    )
    found = ours(calls, aht)
    seconds = best_of(runs, lambda: ours(calls, aht))
    try:
        import pyworkforce  # noqa: F401
    except ImportError:
        print(
            f"  svcstandards {seconds * 1000:.2f} ms (best of {runs}); "
            "pyworkforce is not installed (pip install 'svcstandards[bench]')"
        )
        return
    expected = theirs(calls, aht)
    base = best_of(runs, lambda: theirs(calls, aht))
    differ = int(np.count_nonzero(found != expected))
    print(
        f"  best of {runs} runs each: svcstandards {seconds * 1000:.2f} ms   pyworkforce {base:.3f} s   "
        f"pyworkforce takes {base / seconds:,.0f}x as long   answers differ in {differ} of {calls.size:,} intervals"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
