"""Draw the charts shown in docs/reports.md and docs/staffing.md into docs/img/ from made-up, seeded calls.

    PYTHONPATH=src python scripts/make_doc_images.py [PAGE.html]   (needs the plot extra: pip install -e '.[plot]')

With PAGE.html, also writes the report's HTML page there (to look at, or to check with scripts/check_html.py).

The share chart and the page come from a real evaluation (by channel and week). The heatmap needs results by
half-hour; it is drawn here from a results-shaped table counted with pandas from the same calls, through the
same functions the report uses (``heatmap_table`` and ``heatmap_figure``). The staffing picture is the table of
docs/staffing.md (examples/forecast.csv, 30% shrinkage) through ``plot_staffing``.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import pandas as pd

import svcstandards
from svcstandards.report.html_page import svg_of
from svcstandards.report.plots import heatmap_figure, heatmap_table
from svcstandards.staffing import plot_staffing, staffing

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"

STANDARDS = """\
version: 1
name: Contact centre
timezone: Europe/Ljubljana
time: offered_at
measures:
  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - id: answered-20s
    title: 80% of calls answered within 20 seconds
    measure: time_to_answer
    within: 20s
    floor: {fail: 80%, warn: 85%}
  - id: abandon-rate
    title: At most 5% of calls abandoned
    measure: {flag: abandoned}
    ceiling: {fail: 5%, warn: 3%}
"""


def calls(count: int = 20_000, seed: int = 7) -> pd.DataFrame:
    """Calls over eight weeks, 08:00-18:00 local, slower to answer on Mondays and at lunchtime."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-01-05", tz="Europe/Ljubljana")
    day = rng.integers(0, 56, count)
    minute = rng.integers(8 * 60, 18 * 60, count)
    offered = start + pd.to_timedelta(day, unit="D") + pd.to_timedelta(minute, unit="min")
    channel = rng.choice(np.array(["phone", "callback", "vip"]), count, p=[0.6, 0.3, 0.1])
    busy = (offered.day_of_week == 0) | ((minute >= 12 * 60) & (minute < 13 * 60 + 30))
    wait = rng.exponential(np.where(busy, 24.0, 8.0) * np.where(channel == "vip", 0.5, 1.0))
    wait = wait * (1 + 0.06 * (day // 7 == 5))  # a bad sixth week
    abandoned = rng.random(count) < np.where(busy, 0.07, 0.025)
    answered = offered + pd.to_timedelta(np.round(wait, 1), unit="s")
    return pd.DataFrame(
        {
            "offered_at": offered,
            "answered_at": answered.where(~abandoned),
            "abandoned_at": answered.where(abandoned),
            "abandoned": abandoned,
            "channel": channel,
        }
    )


def half_hour_results(data: pd.DataFrame, standard_set: svcstandards.StandardSet) -> pd.DataFrame:
    """``answered-20s`` counted per half-hour with pandas: the columns of ``to_frame()`` the heatmap reads."""
    answered = data["abandoned"].eq(False)
    met = answered & (data["answered_at"] - data["offered_at"] <= pd.Timedelta(seconds=20))
    slots = data["offered_at"].dt.floor("30min")
    counts = pd.DataFrame({"period": slots, "met": met, "n": 1}).groupby("period", as_index=False).sum()
    return counts.assign(standard="answered-20s")


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    standard_set = svcstandards.loads(STANDARDS)
    data = calls()
    report = svcstandards.evaluate(standard_set, data, by="channel", period="week")
    for name, figure in (
        ("share-by-channel.svg", report.plot("share", standard="answered-20s")),
        ("abandon-rate.svg", report.plot("share", standard="abandon-rate", columns=3)),
        (
            "heatmap.svg",
            heatmap_figure(
                heatmap_table(half_hour_results(data, standard_set)),
                "80% of calls answered within 20 seconds",
                [("fail", 0.8), ("warn", 0.85)],
            ),
        ),
        (
            "staffing-agents.svg",
            plot_staffing(
                staffing(
                    ROOT / "standards" / "contact-centre.yaml",
                    pd.read_csv(ROOT / "examples" / "forecast.csv"),
                    standard="calls-answered-20s",
                    shrinkage="30%",
                )
            ),
        ),
    ):
        (IMG / name).write_text(svg_of(figure), encoding="utf-8")
        print(f"wrote docs/img/{name}")
    if len(sys.argv) > 1:  # a page to look at: python scripts/make_doc_images.py report.html
        pathlib.Path(sys.argv[1]).write_text(report.to_html(), encoding="utf-8")
        print(f"wrote {sys.argv[1]}")


if __name__ == "__main__":
    main()
