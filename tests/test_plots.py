"""report.plot(): the numbers each chart draws, read back from the figure (never from pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcstandards.errors import UsageError

pytest.importorskip("matplotlib", reason="the charts need the plot extra: pip install 'svcstandards[plot]'")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import PercentFormatter

from report_charts import chart_report
from svcstandards.report.plots import heatmap_figure, heatmap_table


def artist(axes, label):  # type: ignore[no-untyped-def]
    """The line or marker set of ``axes`` drawn with ``label``."""
    found = [a for a in [*axes.lines, *axes.collections] if a.get_label() == label]
    assert len(found) == 1, f"{label}: {len(found)} artists"
    return found[0]


def panels(figure):  # type: ignore[no-untyped-def]
    return {axes.get_title(): axes for axes in figure.axes if axes.get_visible()}


def test_share_chart_draws_each_groups_share_per_day_against_the_floor_and_warn_level() -> None:
    figure = chart_report().plot("share", standard="answered-20s")
    assert isinstance(figure.canvas, FigureCanvasAgg)  # never a window
    assert figure.get_suptitle() == "80% of calls answered within 20 seconds"
    by_group = panels(figure)
    assert sorted(by_group) == ["a", "b"]
    a, b = by_group["a"], by_group["b"]
    # a: 4 of 4 on Monday, 1 of 4 on Tuesday; b: 6 of 7, then 1 of 2
    assert artist(a, "share").get_ydata().tolist() == [1.0, 0.25]
    np.testing.assert_allclose(artist(b, "share").get_ydata(), [6 / 7, 0.5])
    assert artist(a, "pass").get_offsets()[:, 1].tolist() == [1.0]
    assert artist(a, "fail").get_offsets()[:, 1].tolist() == [0.25]
    np.testing.assert_allclose(artist(b, "warn").get_offsets()[:, 1], [6 / 7])
    assert artist(b, "fail").get_offsets()[:, 1].tolist() == [0.5]
    assert list(artist(a, "floor (fail) 80%").get_ydata()) == [0.8, 0.8]
    assert list(artist(a, "warn 90%").get_ydata()) == [0.9, 0.9]
    assert isinstance(a.yaxis.get_major_formatter(), PercentFormatter)
    # the axis spans the data and the levels with a margin, in 5% steps: 25% - 3% -> 20%, 100% + 3% -> 100%
    assert a.get_ylim() == pytest.approx((0.2, 1.01))
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert set(legend) == {"share", "pass", "warn", "fail", "floor (fail) 80%", "warn 90%"}


def test_share_chart_with_many_groups_keeps_the_most_failing() -> None:
    # both channels fail one day; a's pooled share is lower (5 of 8 against 7 of 9), so a is kept
    figure = chart_report().plot("share", standard="answered-20s", max_groups=1)
    assert list(panels(figure)) == [""]  # one panel, not titled
    assert figure.get_suptitle() == (
        "80% of calls answered within 20 seconds\n1 of 2 groups shown: most failing periods first"
    )
    assert artist(figure.axes[0], "share").get_ydata().tolist() == [1.0, 0.25]


def test_share_chart_without_a_period_is_a_bar_per_group() -> None:
    figure = chart_report(period=None).plot("share", standard="answered-20s")
    (axes,) = figure.axes
    widths = [patch.get_width() for patch in axes.patches]
    np.testing.assert_allclose(widths, [5 / 8, 7 / 9])  # a: 5 of 8 calls, b: 7 of 9
    assert [t.get_text() for t in axes.get_yticklabels()] == ["a (fail)", "b (fail)"]
    assert isinstance(axes.xaxis.get_major_formatter(), PercentFormatter)


def test_plot_draws_the_only_share_standard_when_none_is_named() -> None:
    figure = chart_report().plot()
    assert figure.get_suptitle() == "80% of calls answered within 20 seconds"


def test_plot_refuses_what_it_cannot_draw() -> None:
    report = chart_report()
    with pytest.raises(UsageError, match=r"'asa' is a statistic standard.*Hint: pass one of answered-20s"):
        report.plot("share", standard="asa")
    with pytest.raises(UsageError, match=r"kind='pie': the charts are 'share', 'heatmap'"):
        report.plot("pie", standard="answered-20s")
    with pytest.raises(UsageError, match=r"scored by day.*period='30min'"):
        report.plot("heatmap", standard="answered-20s")


HALF_HOURS = pd.DataFrame(
    {
        "standard": ["s", "s", "s", "s", "s", "s", "t"],
        "period": pd.to_datetime(
            [
                "2026-03-02 09:00",  # Monday
                "2026-03-09 09:00",  # the next Monday, same half-hour: pooled with the first
                "2026-03-02 09:30",
                "2026-03-03 10:15",  # Tuesday: a 15-minute period falls in the 10:00 half-hour
                "2026-03-03 10:00",  # scored nothing (n = 0): left out
                None,  # no period: left out
                "2026-03-02 09:00",  # another standard
            ]
        ).tz_localize("Europe/Ljubljana"),
        "n": [4, 6, 5, 4, 0, 3, 10],
        "met": [3, 3, 5, 1, 0, 0, 0],
    }
)


def test_heatmap_table_pools_met_and_scored_counts_by_weekday_and_half_hour() -> None:
    table = heatmap_table(HALF_HOURS, "s")
    assert list(table.index) == ["Mon", "Tue"]
    assert list(table.columns) == ["09:00", "09:30", "10:00"]
    # Monday 09:00: (3 + 3) / (4 + 6) = 60%, not the mean of 75% and 50%
    expected = [[0.6, 1.0, np.nan], [np.nan, np.nan, 0.25]]
    np.testing.assert_allclose(table.to_numpy(dtype=float), expected)


def test_heatmap_table_is_read_in_the_periods_own_time_zone() -> None:
    utc = HALF_HOURS.assign(period=HALF_HOURS["period"].dt.tz_convert("UTC"))
    assert list(heatmap_table(utc, "s").columns) == ["08:00", "08:30", "09:00"]  # 09:00 in Ljubljana is 08:00 UTC


def test_heatmap_figure_shows_the_table_on_a_percent_scale_with_the_levels() -> None:
    table = heatmap_table(HALF_HOURS, "s")
    figure = heatmap_figure(table, "Answered in 20 s", [("fail", 0.8), ("warn", 0.9)])
    axes, scale = figure.axes
    np.testing.assert_allclose(axes.images[0].get_array().filled(np.nan), table.to_numpy(dtype=float))
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Mon", "Tue"]
    assert [t.get_text() for t in axes.texts] == ["60%", "100%", "25%"]  # each cell's share, where there is one
    assert isinstance(scale.yaxis.get_major_formatter(), PercentFormatter)
    assert [line.get_ydata()[0] for line in scale.lines] == [0.8, 0.9]
    assert figure.get_suptitle() == "Answered in 20 s\nby weekday and time of day"


def test_heatmap_of_a_report_pools_its_results() -> None:
    report = chart_report()
    # Sub-day periods (period: 30min) place rows at their half-hour; here the day report is read as such,
    # to check what plot() feeds the heatmap: every period starts at 00:00.
    report._result("answered-20s").period = "30min"
    figure = report.plot("heatmap", standard="answered-20s")
    image = figure.axes[0].images[0].get_array()
    # Monday: (4 + 6) of (4 + 7); Tuesday: (1 + 1) of (4 + 2)
    np.testing.assert_allclose(image.filled(np.nan), [[10 / 11], [2 / 6]])
    assert figure.get_suptitle() == "80% of calls answered within 20 seconds\nby weekday and time of day"
