"""Charts end to end: calls scored by half-hour, drawn by report.plot() and on the HTML page, on every engine."""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import pytest

import svcstandards
from engine_cases import CONTACT_CENTRE, LAZY, on
from svcstandards import Report
from svcstandards.format.parts import default_text

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
"""
# (first call offered, calls, of which answered within 20 s; the others wait 60 s), one call a minute:
#   Monday 2 March 09:05    4 calls, 3 met  } Monday 09:00: (3 + 3) / (4 + 6) = 60%, not the mean 62.5%
#   Monday 9 March 09:10    6 calls, 3 met  }
#   Monday 2 March 09:35    1 call,  1 met    Monday 09:30: 100%
#   Tuesday 3 March 14:35   5 calls, 4 met  } Tuesday 14:30: (4 + 0) / (5 + 3) = 50%, not the mean 40%
#   Tuesday 10 March 14:40  3 calls, 0 met  }
#   Wednesday 4 March 09:00 2 calls, 2 met    Wednesday 09:00: 100%
CALLS = [
    ("2026-03-02 09:05", 4, 3),
    ("2026-03-09 09:10", 6, 3),
    ("2026-03-02 09:35", 1, 1),
    ("2026-03-03 14:35", 5, 4),
    ("2026-03-10 14:40", 3, 0),
    ("2026-03-04 09:00", 2, 2),
]


def calls() -> pd.DataFrame:
    offered = pd.DatetimeIndex(
        [pd.Timestamp(first) + pd.Timedelta(minutes=i) for first, count, _ in CALLS for i in range(count)]
    )
    waits = [10 if i < met else 60 for _, count, met in CALLS for i in range(count)]
    return pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.to_timedelta(waits, unit="s")})


def half_hours(data: object = None) -> Report:
    frame = calls() if data is None else data
    return svcstandards.evaluate(svcstandards.loads(STANDARDS), frame, period="30min")


def test_the_heatmap_of_the_plot_and_of_the_page_show_the_pooled_shares() -> None:
    pytest.importorskip("matplotlib", reason="report.plot() needs the plot extra: pip install 'svcstandards[plot]'")
    report = half_hours()
    axes = report.plot("heatmap").axes[0]
    image = axes.images[0].get_array().filled(np.nan)
    days = [t.get_text() for t in axes.get_yticklabels()]
    times = [t.get_text() for t in axes.get_xticklabels()]
    assert (days, times) == (["Mon", "Tue", "Wed"], ["09:00", "09:30", "14:30"])
    assert image[days.index("Mon"), times.index("09:00")] == pytest.approx(6 / 10)
    assert image[days.index("Tue"), times.index("14:30")] == pytest.approx(4 / 8)

    heatmap = re.search(r'<svg [^>]*aria-label="([^"]*)">((?:(?!</svg>).)*data-weekday.*?)</svg>', report.to_html())
    assert heatmap is not None
    assert heatmap.group(1) == "80% of calls answered within 20 seconds, by weekday and time of day"
    cells = re.findall(r'data-weekday="(\w+)" data-time="([\d:]+)" data-share="([^"]+)"', heatmap.group(2))
    assert cells == [
        ("Mon", "09:00", "0.6"),
        ("Mon", "09:30", "1"),
        ("Tue", "14:30", "0.5"),
        ("Wed", "09:00", "1"),
    ]
    assert "<title>Mon 09:00: 60.0%</title>" in heatmap.group(2)  # the cell's tooltip
    levels = re.findall(r'data-level="(\w+)" data-share="([^"]+)"/><text[^>]*>([^<]+)<', heatmap.group(2))
    assert levels == [("fail", "0.8", "fail 80%"), ("warn", "0.9", "warn 90%")]  # marked on the colour scale


def test_the_pages_heatmap_needs_no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    page = half_hours().to_html()
    assert page.count("<svg") == 2  # the share chart and the heatmap
    assert page.count("data-weekday=") == 4  # Monday 09:00 and 09:30, Tuesday 14:30, Wednesday 09:00


def test_a_report_by_day_or_longer_has_no_heatmap_on_the_page() -> None:
    report = svcstandards.evaluate(svcstandards.loads(STANDARDS), calls(), period="day")
    page = report.to_html()
    assert page.count("<svg") == 1  # the share chart alone
    assert "data-weekday" not in page


@pytest.mark.parametrize("engine", LAZY)
def test_the_page_of_a_lazy_engines_report_is_the_pandas_page(engine: str) -> None:
    expected = half_hours()
    page = half_hours(on(engine, calls())).to_html()
    assert page.count("<svg") == 2  # the share chart and the heatmap
    assert page == expected.to_html()


@pytest.mark.parametrize("engine", LAZY)
def test_the_plots_of_a_lazy_engines_report_are_the_pandas_plots(engine: str) -> None:
    pytest.importorskip("matplotlib", reason="report.plot() needs the plot extra: pip install 'svcstandards[plot]'")
    from svcstandards.report.html_page import svg_of

    expected = half_hours()
    report = half_hours(on(engine, calls()))
    for kind in ("share", "heatmap"):
        # the figures written as SVG (text as paths, stable ids): every mark and label in the same place
        assert svg_of(report.plot(kind)) == svg_of(expected.plot(kind)), kind


def test_the_pages_heatmap_colours_shares_on_the_cividis_scale() -> None:
    from svcstandards.report._svg_heatmap import colours

    # the ends and the middle are matplotlib's cividis at 0%, 50% and 100%; 25% lies halfway between its
    # colours at 20% (#35456c) and 30% (#4f576c): (0x35 + 0x4f) / 2 = 0x42, (0x45 + 0x57) / 2 = 0x4e, 0x6c
    assert colours(np.array([0.0, 0.5, 1.0, 0.25])).tolist() == ["#00224e", "#7d7c78", "#fee838", "#424e6c"]
    assert colours(np.array([-0.1, 1.2])).tolist() == ["#00224e", "#fee838"]  # clipped to the scale


def test_each_chart_of_the_page_draws_what_report_plot_draws() -> None:
    pytest.importorskip("matplotlib", reason="report.plot() needs the plot extra: pip install 'svcstandards[plot]'")
    from matplotlib.dates import date2num

    from svcstandards import sample

    standards = svcstandards.load(CONTACT_CENTRE)
    report = svcstandards.evaluate(standards, sample.interactions(days=10, per_day=300), by="queue", period="day")
    page = report.to_html(max_groups=2)  # of 3 queues: the 2 most failing, as the figure
    charts = re.findall(r'<svg [^>]*aria-label="([^"]*?)(?: \(2 of 3 groups[^"]*)?">(.*?)</svg>', page)
    drawn = {}
    for title, chart in charts:
        panels = re.findall(r'data-group="([^"]+)">(.*?)</g>', chart)
        drawn[title] = {group: re.findall(r'data-share="([^"]+)" data-status="(\w+)"', body) for group, body in panels}
    shares = [r.standard for r in report.results if r.standard.id != "average-speed-of-answer"]
    assert len(drawn) == len(shares) == 4  # floors and the abandon rate's ceiling
    for standard in shares:
        figure = report.plot("share", standard=standard.id, max_groups=2)
        expected = {}
        for axes in figure.axes:
            if not axes.get_visible():
                continue
            line = next(a for a in axes.lines if a.get_label() == "share")
            # each marker set is one status; a point's status is that of the marker at its date
            status_at = {float(x): c.get_label() for c in axes.collections for x in np.asarray(c.get_offsets())[:, 0]}
            days = date2num(line.get_xdata())
            expected[axes.get_title()] = [
                (f"{y:.6g}", status_at[float(x)]) for x, y in zip(days, line.get_ydata(), strict=True)
            ]
        assert len(expected) == 2  # two queues
        assert all(expected.values())  # each with its days
        assert drawn[default_text(standard.title)] == expected, standard.id
