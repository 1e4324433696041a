"""Benchmark of the HTML page against the evaluation it shows (figures are printed, never asserted).

50 share standards (answered within 10 s, 15 s, ... with a floor and a warn level) scored by 30 queues and by
week over made-up calls; in the same run, best of 3 each:
- the evaluation (``svcstandards.evaluate``);
- ``report.to_html(charts=False)``: summary and tables;
- ``report.to_html()``: with the charts, a share chart per standard (12 queue panels each, the default
  ``max_groups``), written as inline SVG (no extra needed);
and each as a ratio of the evaluation's time, and the charts alone (the difference of the two).

Usage: python benchmarks/bench_html.py [--rows N] [--standards N] [--groups N]   (default 1000000 50 30)
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from _timing import best_of

import svcstandards


def standards(count: int) -> str:
    lines = [
        "version: 1",
        "name: Queues",
        "timezone: Europe/Ljubljana",
        "time: offered_at",
        "measures:",
        "  time_to_answer: {from: offered_at, to: answered_at}",
        "standards:",
    ]
    for index in range(count):
        lines += [
            f"  - id: answered-{10 + index}s",
            f"    title: 80% of calls answered within {10 + index} seconds",
            "    measure: time_to_answer",
            f"    within: {10 + index}s",
            "    floor: {fail: 80%, warn: 85%}",
        ]
    return "\n".join(lines) + "\n"


def calls(rows: int, groups: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    offered = pd.Timestamp("2026-01-05", tz="Europe/Ljubljana") + pd.to_timedelta(
        rng.integers(0, 8 * 7 * 86_400, rows), unit="s"
    )
    queue = rng.integers(0, groups, rows)
    wait = rng.exponential(10.0 + queue, rows)
    return pd.DataFrame(
        {
            "offered_at": offered,
            "answered_at": offered + pd.to_timedelta(np.round(wait, 1), unit="s"),
            "queue": pd.Categorical.from_codes(queue, [f"queue-{q:02d}" for q in range(groups)]),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="The HTML page against the evaluation it shows")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--standards", type=int, default=50)
    parser.add_argument("--groups", type=int, default=30)
    args = parser.parse_args()
    standard_set = svcstandards.loads(standards(args.standards))
    data = calls(args.rows, args.groups)
    report = svcstandards.evaluate(standard_set, data, by="queue", period="week")
    results = len(report.to_frame())
    print(
        f"{args.standards} standards x {args.groups} groups x 8 weeks = {results:,} results rows, {args.rows:,} calls"
    )
    evaluation = best_of(3, lambda: svcstandards.evaluate(standard_set, data, by="queue", period="week"))
    print(f"evaluate                  {evaluation:8.2f} s   1.00x")
    times = {}
    for label, charts in (("to_html(charts=False)", False), ("to_html() with charts", True)):
        times[charts] = seconds = best_of(3, lambda charts=charts: report.to_html(charts=charts))
        size = len(report.to_html(charts=charts))
        print(f"{label:25} {seconds:8.2f} s   {seconds / evaluation:.2f}x   ({size / 1e6:.1f} MB)")
    charts_alone = max(times[True] - times[False], 0.0)
    print(f"{'the charts (difference)':25} {charts_alone:8.2f} s   {charts_alone / evaluation:.2f}x")


if __name__ == "__main__":
    main()
