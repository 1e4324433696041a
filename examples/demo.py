"""Score a month of example data against every bundled standard.

Run it with ``make demo`` or ``python examples/demo.py``. The data is made
by :mod:`svcstandards.sample` (seeded, so every run prints the same
numbers): about 50,000 calls, chats, e-mails and social posts, and 15,000
parcels. Each file in ``standards/`` is evaluated by week and printed as a
table, followed by its verdict.
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
    failed = False
    for path in sorted(STANDARDS_DIR.glob("*.yaml")):
        standards = svcstandards.load(path)
        data = sample.ticket_events(days=28) if standards.events else {"delivery": parcels}.get(path.stem, interactions)
        report = svcstandards.evaluate(standards, data, period="week")
        print(f"== {standards.name} ({path.name}) ==")
        print(report.to_text())
        failed |= not report.passed
    print("Some standards fail on this month's data: see the rows marked fail." if failed else "All pass.")
    return 0


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.exit(main())
