"""The charts of the HTML page, written directly as SVG: small multiples of a share per period and group.

The page must cost no more than the evaluation it shows (50 standards x 30 groups), which matplotlib cannot
do (about a second per chart); these charts need no extra and draw what ``report.plot()`` draws: the share
per period against the fail and warn levels, one panel per group, each point's status as a shape (circle
pass, triangle warn, cross fail, square too few) and a colour. Each point carries its numbers
(``data-share``, ``data-status``, ``data-period``) and a tooltip.

All charts are drawn together: their points are chosen in one pass over the results table
(:func:`.chart_rows`), every point's coordinates and text are written as whole columns (object arrays of
text joined element by element, each number formatted by one ``map``), and each panel is one join of its
points' text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..format.model import ShareStandard
from ..format.parts import default_text
from ._chart_rows import chart_rows
from .plots import PALETTE, _levels, _y_range

if TYPE_CHECKING:
    from .results import StandardResult

__all__ = ["share_svgs"]

WIDTH, HEIGHT = 230, 130  # one panel
MAX_WIDTH, PER_PERIOD = 920, 4  # a panel of many periods: 4 px each, at most 920 px wide
LEFT, RIGHT, TOP, BOTTOM = 38, 8, 20, 20
#: The marker of each status, and its element; any other status is drawn as ``insufficient``.
_SHAPES = {"pass": "circle", "warn": "path", "fail": "path", "insufficient": "rect"}


def share_svgs(
    frame: pd.DataFrame, results: Sequence[StandardResult], *, max_groups: int = 12, columns: int = 4
) -> list[str]:
    """The chart of each of ``results`` (share standards scored by period) from the results table ``frame``:
    small multiples, one panel per group (at most ``max_groups``, the most failing first, as ``plot_share``),
    ``columns`` across, with a shared share axis and period axis; ``""`` for a chart with no point to draw.
    """
    rows = chart_rows(frame, results, max_groups)
    sizes = np.diff(rows.start)
    charts = np.repeat(np.arange(len(results)), sizes)
    days, stamps, midnight = _period_texts(rows.periods)
    whole = np.ones(len(results), dtype=bool)  # per chart: every period it draws starts at midnight
    np.logical_and.at(whole, charts, midnight[rows.period])
    ranges = [
        _y_range(rows.share[a:b], [level for _, level in _levels(_share(r))])
        for r, a, b in zip(results, rows.start[:-1], rows.start[1:], strict=True)
    ]
    low = np.repeat(np.asarray([r[0] for r in ranges], dtype=float), sizes)
    high = np.repeat(np.asarray([r[1] for r in ranges], dtype=float), sizes)
    # a panel is wider when it draws many periods (4 px each: a month of half-hours reads), up to MAX_WIDTH
    most = np.zeros(len(results), dtype=np.int64)
    np.maximum.at(most, charts, rows.spots)
    widths = np.clip(LEFT + RIGHT + PER_PERIOD * most, WIDTH, MAX_WIDTH)
    spread = rows.spot / np.maximum(rows.spots - 1, 1)
    x = np.round(LEFT + np.where(rows.spots > 1, spread, 0.5) * (np.repeat(widths, sizes) - LEFT - RIGHT), 1)
    y = _y(rows.share, low, high)
    label = np.where(whole[charts], days[rows.period], stamps[rows.period])
    group = _escaped(rows.names)[rows.group]
    markers = _markers(x, y, rows.share, rows.status, label, group)
    corners = _texts(x) + "," + _texts(y)
    svgs = []
    for index, result in enumerate(results):
        a, b = int(rows.start[index]), int(rows.start[index + 1])
        if a == b:
            svgs.append("")
            continue
        standard = _share(result)
        ends = [int(rows.period[a:b].min()), int(rows.period[a:b].max())]
        texts = days if bool(midnight[ends].all()) else stamps
        levels = _levels(standard)
        wide = int(widths[index])
        shared = _frame(levels, standard.floor_tiers is not None, *ranges[index], texts[ends].tolist(), wide)
        bounds = np.flatnonzero(np.r_[True, rows.group[a + 1 : b] != rows.group[a : b - 1], True]) + a
        count = len(bounds) - 1
        across = max(1, min(columns if wide == WIDTH else max(1, MAX_WIDTH // wide), count))
        panels = "".join(
            f'<g transform="translate({i % across * wide},{i // across * HEIGHT})" data-group="{group[p]}">'
            f'<text x="{LEFT}" y="12" font-weight="600">{group[p]}</text>{shared}'
            f'<polyline points="{" ".join(corners[p:q].tolist())}" fill="none" stroke="{PALETTE["share"]}" '
            f'stroke-width="1.6"/>{"".join(markers[p:q].tolist())}</g>'
            for i, (p, q) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        )
        heading = html.escape(default_text(standard.title) or standard.id)
        if count < rows.total[index]:
            heading += f" ({count} of {rows.total[index]} groups: most failing periods first)"
        width, height = across * wide, -(-count // across) * HEIGHT + 26
        svgs.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-family="system-ui,sans-serif" font-size="10" role="img" aria-label="{heading}">'
            f'<text x="4" y="16" font-size="13" font-weight="600">{heading}</text>'
            f'<g transform="translate(0,26)">{panels}</g></svg>'
        )
    return svgs


def _share(result: StandardResult) -> ShareStandard:
    standard = result.standard
    assert isinstance(standard, ShareStandard)
    return standard


def _markers(
    x: np.ndarray, y: np.ndarray, share: np.ndarray, status: np.ndarray, label: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Each point's marker: its status as a shape and a colour, its numbers as data attributes, a tooltip."""
    markers = np.empty(len(x), dtype=object)
    kinds, codes = np.unique(status.astype(str), return_inverse=True)
    for code, kind in enumerate(kinds.tolist()):
        at = codes == code
        xs, ys = _texts(x[at]), _texts(y[at])
        top, left = _texts(np.round(y[at] - 4, 1)), _texts(np.round(x[at] - 4, 1))
        if kind == "pass":
            shape = '<circle cx="' + xs + '" cy="' + ys + '" r="3.5"'
        elif kind == "warn":
            shape = '<path d="M' + xs + "," + top + ' l4.5,8 h-9 z"'
        elif kind == "fail":
            shape = '<path d="M' + left + "," + top + ' l8,8 m0,-8 l-8,8" stroke-width="2.4"'
        else:
            shape = '<rect x="' + left + '" y="' + top + '" width="7" height="7"'
        colour = PALETTE.get(kind, PALETTE["insufficient"])
        paint = f'fill="none" stroke="{colour}"' if kind == "fail" else f'fill="{colour}" stroke="white"'
        markers[at] = (
            shape
            + f' {paint} data-share="'
            + _formatted("{:.6g}", share[at])
            + f'" data-status="{kind}" data-period="'
            + label[at]
            + '"><title>'
            + group[at]
            + " "
            + label[at]
            + ": "
            + _formatted("{:.1%}", share[at])
            + f" {kind}</title></{_SHAPES.get(kind, 'rect')}>"
        )
    return markers


def _texts(values: np.ndarray) -> np.ndarray:
    """Numbers as Python writes them (``38.0``), as an object array of text."""
    return np.asarray(list(map(repr, values.tolist())), dtype=object)


def _formatted(spec: str, values: np.ndarray) -> np.ndarray:
    """Numbers written with ``spec`` (``"{:.1%}"``), as an object array of text."""
    return np.asarray(list(map(spec.format, values.tolist())), dtype=object)


def _escaped(texts: np.ndarray) -> np.ndarray:
    """``html.escape`` of each text, as an object array."""
    return np.asarray(list(map(html.escape, texts.tolist())), dtype=object)


def _y(share: Any, low: Any, high: Any) -> Any:
    """The height of a share on the panel (``low`` and ``high``: the share axis, numbers or a column of each)."""
    return np.round(TOP + (high - np.asarray(share, dtype=float)) / (high - low) * (HEIGHT - TOP - BOTTOM), 1)


def _frame(
    levels: Sequence[tuple[str, float]], below: bool, low: float, high: float, ends: list[str], wide: int = WIDTH
) -> str:
    """What every panel of a chart shares: the bands and levels, the share axis labels, the first and last period."""
    bottom, top = float(_y(low, low, high)), float(_y(high, low, high))
    parts = _bands(levels, below, bottom, top, lambda share: _y(share, low, high), wide)
    for share, y in ((low, bottom), (high, top)):
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3}" text-anchor="end">{min(share, 1.0):.0%}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{wide - RIGHT}" y2="{bottom}" stroke="#999"/>')
    if ends:
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}">{ends[0]}</text>')
        parts.append(f'<text x="{wide - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{ends[-1]}</text>')
    return "".join(parts)


def _bands(
    levels: Sequence[tuple[str, float]], below: bool, bottom: float, top: float, y_of: Any, wide: int = WIDTH
) -> list[str]:
    """The fail band shaded red-orange, the warn band amber; the fail level dashed, the warn level dotted."""
    parts = []
    fail = next((level for name, level in levels if name == "fail"), None)
    for name, level in levels:
        y = float(y_of(level))
        colour, dash = (PALETTE["fail"], "5,3") if name == "fail" else (PALETTE["warn"], "2,2")
        edge = float(y_of(fail)) if name == "warn" and fail is not None else (bottom if below else top)
        y0, y1 = sorted((min(max(y, top), bottom), min(max(edge, top), bottom)))
        parts.append(
            f'<rect x="{LEFT}" y="{y0:.1f}" width="{wide - LEFT - RIGHT}" height="{y1 - y0:.1f}" fill="{colour}" '
            f'fill-opacity="{0.12 if name == "fail" else 0.18}" data-band="{name}"/>'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{wide - RIGHT}" y2="{y}" stroke="{colour}" stroke-dasharray="{dash}" '
            f'data-level="{name}" data-share="{level:.6g}"/>'
            f'<text x="{wide - RIGHT}" y="{y - 2}" text-anchor="end" font-size="8" fill="#444">'
            f"{name} {level:.0%}</text>"
        )
    return parts


def _period_texts(periods: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each period start as a date (``2026-03-02``), as date and time (``2026-03-02 09:30``), and whether it
    starts at midnight: a chart writes dates when all the periods it draws start at midnight."""
    return (
        np.asarray(periods.strftime("%Y-%m-%d"), dtype=object),
        np.asarray(periods.strftime("%Y-%m-%d %H:%M"), dtype=object),
        np.asarray(periods == periods.normalize(), dtype=bool),
    )
