"""The HTML views: the notebook's styled table and the self-contained page (`evaluate --format html`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from report_charts import STANDARDS, calls, chart_report
from svcstandards.cli import main
from svcstandards.errors import MissingDependencyError


def markers(page: str, group: str) -> list[tuple[str, str, str]]:
    """``(period, share, status)`` of each point the page's chart draws for ``group``."""
    panel = re.search(rf'<g transform="[^"]*" data-group="{group}">(.*?)</g>', page, flags=re.DOTALL)
    assert panel is not None
    found = re.findall(r'data-share="([^"]+)" data-status="([^"]+)" data-period="([^"]+)"', panel.group(1))
    return [(period, share, status) for share, status, period in found]


def test_the_page_is_one_self_contained_document_readable_on_a_phone() -> None:
    page = chart_report().to_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count("<style>") == 1
    style = page[page.index("<style>") : page.index("</style>")]
    for rule in ("font-family:system-ui", "font-variant-numeric:tabular-nums", "white-space:nowrap"):
        assert rule in style
    assert "<title>Phone team: failed</title>" in page


def test_the_page_loads_nothing_from_the_network() -> None:
    page = chart_report().to_html()
    assert re.findall(r'(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', page) == []
    assert "url(" not in page
    assert "@import" not in page
    # the only addresses are the SVG namespace, which names the element and is never fetched
    assert set(re.findall(r"https?://[^\"'\s)]+", page)) == {"http://www.w3.org/2000/svg"}
    assert page.count('xmlns="http://www.w3.org/2000/svg"') == page.count("<svg")


def test_the_page_charts_each_groups_share_per_day_with_its_levels() -> None:
    page = chart_report().to_html()
    assert page.count("<svg") == 1  # one share standard scored by day; asa is a statistic
    assert markers(page, "a") == [("2026-03-02", "1", "pass"), ("2026-03-03", "0.25", "fail")]
    assert markers(page, "b") == [("2026-03-02", "0.857143", "warn"), ("2026-03-03", "0.5", "fail")]
    levels = re.findall(r'data-level="(\w+)" data-share="([^"]+)"', page)
    assert levels == [("fail", "0.8"), ("warn", "0.9")] * 2  # in each of the two panels
    assert "<title>a 2026-03-03: 25.0% fail</title>" in page  # the tooltip


def test_the_page_keeps_the_most_failing_groups_when_there_are_many() -> None:
    page = chart_report().to_html(max_groups=1)
    assert "(1 of 2 groups: most failing periods first)" in page
    assert re.findall(r'data-group="(\w+)"', page) == ["a"]  # a's pooled share is lower: 5 of 8 against 7 of 9


def test_the_page_without_charts_has_the_summary_and_the_table() -> None:
    page = chart_report().to_html(charts=False)
    assert "<svg" not in page
    assert "<h2>Results</h2>" in page


def test_the_summary_gives_each_standards_verdict_levels_and_results_by_status() -> None:
    page = chart_report().to_html(charts=False)
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    assert re.sub(r"<[^>]+>", "|", rows[0]) == (
        "|verdict||standard||title||pass||warn||fail||insufficient||fail level||warn|"
    )
    cells = [re.findall(r">([^<]*)</td>", row) for row in rows[1:3]]
    # answered-20s: pass a Monday, warn b Monday, fail both Tuesdays
    title = "80% of calls answered within 20 seconds"
    assert cells[0] == ["failed", "answered-20s", title, "1", "1", "2", "0", "floor 80%", "90%"]
    # asa, the mean wait: a Monday 10 s, b Monday (6 x 10 + 60) / 7 = 17.1 s pass; a Tuesday (10 + 3 x 60) / 4 =
    # 47.5 s and b Tuesday (10 + 60) / 2 = 35 s fail
    assert cells[1] == ["failed", "asa", "", "2", "0", "2", "0", "mean at most 30s", "25s"]


def test_the_results_table_shows_the_warn_level_next_to_the_fail_level() -> None:
    html = chart_report()._repr_html_()
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", html.split("<table>")[1])
    assert head is not None
    headers = re.findall(r">([^<]+)</th>", head.group(1))
    assert headers[headers.index("floor") : headers.index("floor") + 4] == ["floor", "ceiling", "warn", "limit"]
    first = re.search(r"<tbody><tr>(.*?)</tr>", html)
    assert first is not None
    assert first.group(1) == (
        "<td>answered-20s</td><td>a</td><td>2026-03-02</td><td class=num>4</td><td class=num>4</td>"
        "<td class=num>0</td><td class=num>0</td><td class=num>0</td><td class=num>0</td><td class=num>100%</td>"
        "<td class=num></td><td class=num>80%</td><td class=num></td><td class=num>90%</td><td class=num></td>"
        '<td class="status" style="color:#1a7f37;font-weight:600">pass</td><td class=num>0</td>'
    )


def test_the_notebook_view_has_the_styling_and_a_status_legend_in_words() -> None:
    html = chart_report()._repr_html_()
    assert html.startswith('<div class="svcstandards-report"><style>.svcstandards-report{font-family:system-ui')
    legend = re.search(r'<p class="legend">(.*?)</p>', html)
    assert legend is not None
    assert re.sub(r"<[^>]+>", "", legend.group(1)) == (
        "pass meets the fail and warn levels"
        "warn past the warn level, not the fail level"
        "fail past the fail level (below the floor or above the ceiling)"
        "insufficient too few to judge (min_volume)"
    )


def test_text_from_the_data_is_escaped() -> None:
    report = chart_report(data=calls().assign(channel=lambda d: d["channel"].map({"a": "<b>&", "b": "b"})))
    page = report.to_html()
    assert "<b>&" not in page
    assert "<td>&lt;b&gt;&amp;</td>" in page
    assert 'data-group="&lt;b&gt;&amp;"' in page


def test_the_page_needs_no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    report = chart_report()
    assert report.to_html().count("<svg") == 1
    with pytest.raises(MissingDependencyError, match=r"pip install 'svcstandards\[plot\]'"):
        report.plot("share", standard="answered-20s")


def test_evaluate_writes_the_page_with_format_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "standards.yaml").write_text(STANDARDS, encoding="utf-8")
    calls().to_csv(tmp_path / "calls.csv", index=False)
    out = tmp_path / "report.html"
    arguments = ["evaluate", str(tmp_path / "standards.yaml"), str(tmp_path / "calls.csv")]
    code = main([*arguments, "--by", "channel", "--period", "day", "--format", "html", "--output", str(out)])
    assert code == 1  # a standard failed, as with every format
    assert capsys.readouterr().out == ""
    page = out.read_text(encoding="utf-8")
    source = f'<p class="legend">Standards: {tmp_path / "standards.yaml"}</p>'
    assert source in page
    assert page.replace(source, "") == chart_report().to_html()  # the same page as from Python


def test_a_chart_of_many_periods_is_wider_so_that_each_keeps_4_px() -> None:
    import pandas as pd

    import svcstandards

    # 100 half-hours with one call each: a panel of 38 + 8 + 100 x 4 = 446 px (230 px up to 46 periods)
    offered = pd.date_range("2026-03-02 00:00", periods=100, freq="30min", tz="Europe/Ljubljana")
    data = pd.DataFrame({"offered_at": offered, "answered_at": offered + pd.Timedelta("10s")})
    page = svcstandards.evaluate(svcstandards.loads(STANDARDS), data, period="30min").to_html()
    assert re.search(r'<svg [^>]*viewBox="0 0 446 156" width="446"', page)
    assert '<line x1="38" y1="110.0" x2="438" y2="110.0" stroke="#999"/>' in page  # the axis spans the panel
