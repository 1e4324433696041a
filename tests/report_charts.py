"""The report the chart and HTML page tests draw: two channels over two days, hand-counted."""

from __future__ import annotations

import pandas as pd

import svcstandards
from svcstandards import Report, evaluate

STANDARDS = """\
version: 1
name: Phone team
timezone: Europe/Ljubljana
time: offered_at
measures:
  time_to_answer: {from: offered_at, to: answered_at}
standards:
  - id: answered-20s
    title: 80% of calls answered within 20 seconds
    measure: time_to_answer
    within: 20s
    floor: {fail: 80%, warn: 90%}
  - id: asa
    measure: time_to_answer
    mean: {at_most: 30s, warn: 25s}
"""
MONDAY, TUESDAY = "2026-03-02", "2026-03-03"
# (channel, day, calls, of which answered within 20 s); the others wait 60 s.
#   a Monday  4 of 4 = 100%   pass
#   a Tuesday 1 of 4 =  25%   fail
#   b Monday  6 of 7 = 85.7%  warn (below the warn level 90%, above the floor 80%)
#   b Tuesday 1 of 2 =  50%   fail
CELLS = [("a", MONDAY, 4, 4), ("a", TUESDAY, 4, 1), ("b", MONDAY, 7, 6), ("b", TUESDAY, 2, 1)]


def calls() -> pd.DataFrame:
    rows = []
    for channel, day, count, met in CELLS:
        for index in range(count):
            offered = pd.Timestamp(f"{day} 09:00") + pd.Timedelta(minutes=index)
            wait = pd.Timedelta(seconds=10 if index < met else 60)
            rows.append({"channel": channel, "offered_at": offered, "answered_at": offered + wait})
    return pd.DataFrame(rows)


def chart_report(**options: object) -> Report:
    data = options.pop("data", None)
    data = calls() if data is None else data
    return evaluate(svcstandards.loads(STANDARDS), data, **{"by": "channel", "period": "day", **options})
