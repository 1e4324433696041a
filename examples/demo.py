"""Score a month of example data against every bundled standard.

Run it with ``make demo`` or ``python examples/demo.py``. The data is made
by :mod:`svcstandards.sample` (seeded, so every run prints the same
numbers): about 46,000 calls, chats, e-mails and social posts, and 14,000
parcels. Each file in ``standards/`` is evaluated by week and printed as a
table, followed by its summary: a verdict per standard, the rows that fail
or warn, and the rows the sample leaves without a time, which fall in no
week and are counted as invalid ("INVALID ... 31 rows without offered_at").
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import svcstandards
from svcstandards import sample

STANDARDS_DIR = Path(__file__).resolve().parent.parent / "standards"


def main() -> int:
    interactions = sample.interactions(days=28, start="2026-03-02")
    parcels = sample.parcels(days=28, start="2026-03-02")
    print(f"Example data: {len(interactions):,} interactions and {len(parcels):,} parcels, 2-29 March 2026\n")
    failed = unscored = False
    for path in sorted(STANDARDS_DIR.glob("*.yaml")):
        standards = svcstandards.load(path)
        data = sample.ticket_events(days=28) if standards.events else {"delivery": parcels}.get(path.stem, interactions)
        report = svcstandards.evaluate(standards, data, period="week")
        print(f"== {standards.name} ({path.name}) ==")
        print(report.to_text())
        failed |= not report.passed and not report.scored_nothing
        unscored |= bool(report.unscored)
    if failed:
        print("Some standards fail on this month's data: see the rows marked fail.")
    if unscored:
        print("Some standards scored nothing on this data: see the lines marked NO DATA.")
    if not failed and not unscored:
        print("All pass.")
    return 0


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.exit(main())
