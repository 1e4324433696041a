"""Open items at risk on N open tickets, against hand-written pandas computing the same deadlines.

Two standards, each on N open tickets created over the 5 days before
``as_of`` (a Friday 15:00):

- **wall clock**: replied within 8 hours. The reference is what an analyst
  writes: ``deadline = created + 8h``, ``time_left = deadline - now``, keep
  those with an hour or less left;
- **business hours**: replied within 8 open hours, Monday to Friday
  08:00-16:00. The reference is pandas' own business-hour offset,
  ``created + CustomBusinessHour(8)`` (applied element by element inside
  pandas), and the time left counted with the same offset's hours.

Both check that svcstandards' items at risk and deadlines equal the
reference's, then print the best of three timings and the ratio
(svcstandards / reference) measured in the same run. Figures are printed,
never asserted.

Usage: python benchmarks/bench_at_risk.py [N]   (default 100000)
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from _timing import best_of

import svcstandards

AS_OF = pd.Timestamp("2026-03-06 15:00")  # a Friday
WALL = """
version: 1
standards:
  - {id: reply-8h, measure: {from: created_at, to: replied_at}, within: 8h, floor: 90%}
"""
OFFICE = """
version: 1
calendars:
  office: {hours: {mon-fri: "08:00-16:00"}}
standards:
  - {id: reply-8h, measure: {from: created_at, to: replied_at, calendar: office}, within: 8h, floor: 90%}
"""


def tickets(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` open tickets created at whole minutes of the 5 days before ``AS_OF``."""
    rng = np.random.default_rng(seed)
    minutes = rng.integers(1, 5 * 24 * 60, size=n)
    created = AS_OF - pd.to_timedelta(minutes, unit="min")
    return pd.DataFrame({"ticket": np.arange(n), "created_at": created, "replied_at": pd.NaT})


def reference_wall(data: pd.DataFrame) -> pd.DataFrame:
    deadline = data["created_at"] + pd.Timedelta(hours=8)
    left = deadline - AS_OF
    open_ = left >= pd.Timedelta(0)  # "within 8h": exactly 8 h is still met, so still open
    keep = open_ & (left <= pd.Timedelta(hours=1))
    return pd.DataFrame({"ticket": data["ticket"][keep], "deadline": deadline[keep]}).sort_values("deadline")


def reference_office(data: pd.DataFrame) -> pd.DataFrame:
    hours = pd.offsets.CustomBusinessHour(start="08:00", end="16:00")
    created = pd.DatetimeIndex(data["created_at"])
    # a ticket created outside the hours starts counting at the next opening: roll forward first
    start = pd.DatetimeIndex([hours.rollforward(t) if not hours.is_on_offset(t) else t for t in created])
    deadline = start + pd.offsets.CustomBusinessHour(n=8, start="08:00", end="16:00")
    # pandas puts a deadline that falls on a closing time at the next opening (Friday 16:00 -> Monday 08:00),
    # the same moment in open time; svcstandards says the closing time: compare like with like
    opening = (deadline.hour == 8) & (deadline.minute == 0)
    closing = (deadline - pd.offsets.CustomBusinessHour(n=1, start="08:00", end="16:00")) + pd.Timedelta(hours=1)
    deadline = deadline.where(~opening, closing)
    still = pd.DatetimeIndex([hours.rollforward(AS_OF)] * len(deadline))
    keep = (deadline >= still) & (deadline <= AS_OF + pd.Timedelta(hours=1))
    found = pd.DataFrame({"ticket": data["ticket"].to_numpy()[keep], "deadline": deadline[keep]})
    return found.sort_values("deadline")


def ours(standards: svcstandards.StandardSet, data: pd.DataFrame) -> pd.DataFrame:
    report = svcstandards.evaluate(standards, data, as_of=AS_OF)
    return report.at_risk(within="1h")


def main(n: int) -> None:
    data = tickets(n)
    print(f"at_risk(within='1h') on {n:,} open tickets, as of {AS_OF} (best of 3)")
    for name, text, reference in (("wall clock", WALL, reference_wall), ("business hours", OFFICE, reference_office)):
        standards = svcstandards.loads(text)
        found = ours(standards, data)
        expected = reference(data)
        found_pairs = sorted(zip(found["deadline"].dt.tz_localize(None), found["ticket"], strict=True))
        expected_pairs = sorted(zip(expected["deadline"], expected["ticket"], strict=True))
        same = found_pairs == expected_pairs
        seconds = best_of(3, lambda s=standards: ours(s, data))
        base = best_of(3 if name == "wall clock" else 1, lambda r=reference: r(data))
        print(
            f"  {name:15} svcstandards {seconds:7.3f} s   hand-written pandas {base:7.3f} s   "
            f"ratio {seconds / base:6.2f}x   {len(found):,} at risk   same: {same}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
