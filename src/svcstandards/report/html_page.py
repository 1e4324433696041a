"""The report as HTML: the styled table of the notebook (``_repr_html_``) and a self-contained page.

One CSS block styles both, scoped to ``.svcstandards-report``: the system font, numbers right-aligned in
tabular figures, no cell ever broken (ids and dates stay whole; a wide table scrolls on a phone), the warn
level next to the fail level, and each status in its colour *and* as a word, with a legend. The page adds
the summary and the charts (inline SVG written without matplotlib: :mod:`._svg_charts`, :mod:`._svg_heatmap`)
and loads nothing from the network.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..format.model import ShareStandard, StatisticStandard
from ..format.parts import default_text
from ..format.units import Duration, format_number, seconds_of
from ._svg_charts import share_svgs
from ._svg_heatmap import heatmap_svg
from ._warnings import html_warnings
from .plots import DAY_PERIODS, _levels, heatmap_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .results import Report

__all__ = ["CSS", "STATUS_COLOURS", "html_page", "html_table", "repr_html", "summary_table", "svg_of"]

#: Text colour of each status (WCAG AA contrast on white), with the status written out beside it.
STATUS_COLOURS: dict[str, str] = {
    "pass": "#1a7f37",
    "warn": "#9a6700",
    "fail": "#cf222e",
    "insufficient": "#57606a",
    "no_data": "#57606a",
}
_MEANINGS = {
    "pass": "meets the fail and warn levels",
    "warn": "past the warn level, not the fail level",
    "fail": "past the fail level (below the floor or above the ceiling)",
    "insufficient": "too few to judge (min_volume)",
    "no_data": "nothing scored",
}
_NUMBERS = {"n", "met", "missed", "pending", "excluded", "invalid", "share", "value", "floor", "ceiling", "warn"}
_NUMBERS |= {"limit", "budget"}

CSS = """\
.svcstandards-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  color:#1f2328;line-height:1.4;max-width:100%}
.svcstandards-report table{border-collapse:collapse;font-size:0.9rem;display:block;overflow-x:auto;max-width:100%;
  margin:0.5rem 0}
.svcstandards-report th,.svcstandards-report td{padding:0.25rem 0.6rem;border-bottom:1px solid #d0d7de;
  white-space:nowrap;text-align:left;vertical-align:top}
.svcstandards-report th{background:#f6f8fa;font-weight:600;position:sticky;top:0}
.svcstandards-report td.num,.svcstandards-report th.num{text-align:right;font-variant-numeric:tabular-nums}
.svcstandards-report td.status{font-weight:600}
.svcstandards-report td.wrap{white-space:normal;min-width:12rem}
.svcstandards-report .legend{font-size:0.85rem;color:#57606a;margin:0.25rem 0}
.svcstandards-report .legend span{margin-right:0.9rem;display:inline-block}
.svcstandards-report .swatch{display:inline-block;width:0.7rem;height:0.7rem;border-radius:2px;margin-right:0.25rem;
  vertical-align:baseline}
.svcstandards-report figure{margin:1rem 0;overflow-x:auto}
.svcstandards-report svg{max-width:100%;height:auto}
.svcstandards-report .verdict{font-weight:700}
"""
_PAGE_CSS = """\
body{margin:0;padding:1rem;background:#fff}
.svcstandards-report h1{font-size:1.4rem;margin:0 0 0.5rem}
.svcstandards-report h2{font-size:1.1rem;margin:1.5rem 0 0.5rem}
.svcstandards-report ul.summary{padding-left:1.2rem;margin:0.25rem 0}
.svcstandards-report ul.summary li{font-variant-numeric:tabular-nums}
@media (max-width:600px){body{padding:0.5rem}.svcstandards-report table{font-size:0.8rem}
  .svcstandards-report figure svg{max-width:none;width:36rem}}
"""


# -- the table ------------------------------------------------------------------------------------------------


def _warn_levels(report: Report) -> dict[str, str]:
    """Per standard, its warn level as shown: ``"90%"`` on a floor or ceiling, a duration or number on a statistic."""
    levels: dict[str, str] = {}
    for result in report.results:
        standard = result.standard
        if isinstance(standard, ShareStandard):
            tiers = standard.floor_tiers or standard.ceiling_tiers
            if tiers is not None and tiers.warn is not None:
                levels[standard.id] = f"{format_number(round(float(tiers.warn) * 100, 1))}%"
        elif isinstance(standard, StatisticStandard) and standard.statistics():
            warn = standard.statistics()[0][1].warn
            if isinstance(warn, Duration):
                levels[standard.id] = str(Duration(round(seconds_of(warn) * 1e3) * 10**6))
            elif warn is not None:
                levels[standard.id] = format_number(warn)
    return levels


_GLYPHS = {"pass": "●", "warn": "▲", "fail": "✖", "insufficient": "■", "no_data": "■"}


def _legend(shapes: bool = False) -> str:
    """What each status means, in its colour and in words; ``shapes``: with the chart's marker of each."""
    items = "".join(
        f'<span><i class="swatch" style="background:{colour}"></i><b style="color:{colour}">{status}</b>'
        f"{f' {_GLYPHS[status]}' if shapes else ''} {html.escape(_MEANINGS[status])}</span>"
        for status, colour in STATUS_COLOURS.items()
        if status != "no_data"
    )
    return f'<p class="legend">{items}</p>'


def html_table(report: Report) -> str:
    """The results table (as ``to_markdown``), with a ``warn`` column after the floor and ceiling.

    Built column by column (each distinct text escaped once) and joined once: a page of 10,000 results rows
    costs milliseconds.
    """
    shown, statuses = report._display_frame()
    at = list(shown.columns).index("ceiling") + 1 if "ceiling" in shown.columns else len(shown.columns)
    shown.insert(at, "warn", shown["standard"].map(_warn_levels(report)).fillna(""))
    head = "".join(f"<th{' class=num' if c in _NUMBERS else ''}>{html.escape(str(c))}</th>" for c in shown.columns)
    if not len(shown):
        return f"<table><thead><tr>{head}</tr></thead><tbody></tbody></table>"
    # a row is its cells' texts with the markup between them: "<tr><td>", text, "</td><td class=num>", text, ...
    # "</td></tr>", written into one array of text and joined once (no concatenation per cell)
    cells = np.empty((len(shown), 2 * len(shown.columns) + 1), dtype=object)
    cells[:, -1] = "</td></tr>"
    for index, column in enumerate(shown.columns):
        before = "<tr>" if index == 0 else "</td>"
        cells[:, 2 * index + 1] = (
            shown[column].to_numpy(dtype=object) if column in _NUMBERS else _escaped(shown[column])
        )
        if column == "status":
            codes, colours = pd.factorize(pd.Series(statuses).map(STATUS_COLOURS).fillna("inherit"))
            opening = [f'{before}<td class="status" style="color:{c};font-weight:600">' for c in colours]
            cells[:, 2 * index] = np.asarray(opening, dtype=object)[codes]
        else:
            cells[:, 2 * index] = before + ("<td class=num>" if column in _NUMBERS else "<td>")
    body = "".join(cells.ravel().tolist())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _escaped(texts: pd.Series) -> np.ndarray:
    """``html.escape`` on a column of texts (``str``): each distinct text escaped once, then spread."""
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    return np.asarray(list(map(html.escape, uniques.tolist())), dtype=object)[codes]


def _verdict(report: Report) -> str:
    if report.scored_nothing:
        return "nothing scored"
    return "passed" if report.passed else "failed"


def repr_html(report: Report) -> str:
    """The notebook's view: title and verdict, the status legend, the styled table and the warnings."""
    title = html.escape(default_text(report.standard_set.name) or "Standards")
    return (
        f'<div class="svcstandards-report"><style>{CSS}</style>'
        f'<p><b>{title}</b>: <span class="verdict">{_verdict(report)}</span></p>{_legend()}'
        f"{html_table(report)}{html_warnings(report.problems)}</div>"
    )


def summary_table(report: Report) -> str:
    """One row per standard: id, title, verdict (coloured and written), results per status, fail and warn levels."""
    table = report._placed()
    tally = (
        table.groupby(["standard", "status"])
        .size()
        .unstack("status")
        .reindex(index=[r.standard.id for r in report.results], columns=list(_COUNTED))
        .fillna(0)
    )
    warns = _warn_levels(report)
    colours = {"passed": "pass", "warned": "warn", "failed": "fail"}
    rows = []
    for result in report.results:
        standard = result.standard
        verdict = result.verdict()
        colour = STATUS_COLOURS.get(colours.get(verdict, "no_data"), "inherit")
        cells = [f"<td class=num>{int(count)}</td>" for count in tally.loc[standard.id].to_numpy()]
        why = result.why_unscored()
        title = html.escape(default_text(standard.title) or "")
        rows.append(
            f'<tr><td class="status" style="color:{colour};font-weight:600">{html.escape(verdict)}'
            f"{html.escape(f' ({why})') if why else ''}</td>"
            f"<td>{html.escape(standard.id)}</td><td class=wrap>{title}</td>"
            + "".join(cells)
            + f"<td class=num>{html.escape(_fail_level(standard))}</td>"
            f"<td class=num>{html.escape(warns.get(standard.id, ''))}</td></tr>"
        )
    head = "".join(
        f"<th{' class=num' if h not in ('standard', 'title', 'verdict') else ''}>{h}</th>"
        for h in ("verdict", "standard", "title", *_COUNTED, "fail level", "warn")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


_COUNTED = ("pass", "warn", "fail", "insufficient")


def _fail_level(standard: ShareStandard | StatisticStandard) -> str:
    """``floor 80%``, ``ceiling 5%`` or ``mean at most 30s``."""
    if isinstance(standard, ShareStandard):
        parts = [
            f"{name} {format_number(round(float(tiers.fail) * 100, 1))}%"
            for name, tiers in (("floor", standard.floor_tiers), ("ceiling", standard.ceiling_tiers))
            if tiers is not None
        ]
        return ", ".join(parts)
    for name, test in standard.statistics()[:1]:
        bound = "at most" if test.at_most is not None else "at least"
        value = test.at_most if test.at_most is not None else test.at_least
        return f"{name} {bound} {value}"
    return ""


# -- the page ---------------------------------------------------------------------------------------------------


def svg_of(figure: Figure) -> str:
    """A matplotlib figure as an inline ``<svg>`` element: text as paths (no font needed), no metadata, stable ids."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "svcstandards"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)


def _charts(report: Report, max_groups: int) -> str:
    """A chart per share standard scored by period (small multiples per group), and with periods shorter than
    a day its heatmap by weekday and time of day after it, written as SVG."""
    drawn = [r for r in report.results if isinstance(r.standard, ShareStandard) and r.scored and r.period is not None]
    if not drawn:
        return ""
    frame = report.to_frame()
    charts = share_svgs(frame, drawn, max_groups=max_groups)
    daily = {r.standard.id for r in drawn if r.period not in DAY_PERIODS}
    rows_of = dict(iter(frame[frame["standard"].isin(daily)].groupby("standard", sort=False))) if daily else {}
    parts: list[str] = []
    for result, chart in zip(drawn, charts, strict=True):
        parts.append(f"<figure>{chart}</figure>" if chart else "")
        if result.standard.id in rows_of:
            table = heatmap_table(rows_of[result.standard.id])
            standard = result.standard
            assert isinstance(standard, ShareStandard)
            title = default_text(standard.title) or standard.id
            parts.append(f"<figure>{heatmap_svg(table, title, _levels(standard))}</figure>" if table.size else "")
    return "".join(parts)


def html_page(report: Report, *, charts: bool = True, max_groups: int = 12) -> str:
    """One self-contained HTML page: summary, charts (inline SVG), the results table and the warnings.

    Nothing is loaded from the network and no extra is needed: the charts are written as SVG here (a share
    standard scored by period: the share per period, one panel per group, at most ``max_groups`` panels;
    with periods shorter than a day, its heatmap by weekday and time of day too); ``charts=False`` leaves
    them out.
    """
    title = html.escape(default_text(report.standard_set.name) or "Standards")
    summary = report._headline()
    chart_html = ""
    if charts and (chart_html := _charts(report, max_groups)):
        chart_html = f"<h2>Charts</h2>{_legend(shapes=True)}{chart_html}"
    source = report.standard_set.source or ""
    source_line = "" if source.startswith("<") else f'<p class="legend">Standards: {html.escape(source)}</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}: {_verdict(report)}</title><style>{CSS}{_PAGE_CSS}</style></head>\n"
        f'<body><main class="svcstandards-report"><h1>{title}</h1>'
        f'<p><span class="verdict">{html.escape(summary)}</span></p>'
        f"{summary_table(report)}"
        f"{source_line}"
        f"{chart_html}<h2>Results</h2>{_legend()}{html_table(report)}{html_warnings(report.problems)}"
        "</main></body></html>\n"
    )
