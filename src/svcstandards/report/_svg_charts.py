"""The charts of the HTML page, written directly as SVG: small multiples of a share per period and group.

The page must cost no more than the evaluation it shows (50 standards x 30 groups in about a second), which
matplotlib cannot do (about a second per chart); these charts need no extra and draw what ``report.plot()``
draws: the share per period against the fail and warn levels, one panel per group, each point's status as
a shape (circle pass, triangle warn, cross fail, square too few) and a colour. Each point carries its
numbers (``data-share``, ``data-status``, ``data-period``) and a tooltip.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..format.model import ShareStandard
from .plots import PALETTE, _chosen_groups, _levels, _y_range

__all__ = ["share_svg"]

WIDTH, HEIGHT = 230, 130  # one panel
LEFT, RIGHT, TOP, BOTTOM = 38, 8, 20, 20
_SHAPES = {
    "pass": '<circle cx="{x}" cy="{y}" r="3.5"',
    "warn": '<path d="M{x},{top} l4.5,8 h-9 z"',
    "fail": '<path d="M{left},{top} l8,8 m0,-8 l-8,8" stroke-width="2.4"',
    "insufficient": '<rect x="{left}" y="{top}" width="7" height="7"',
    "no_data": '<rect x="{left}" y="{top}" width="7" height="7"',
}


def share_svg(
    table: pd.DataFrame, standard: ShareStandard, title: str, *, max_groups: int = 12, columns: int = 4
) -> str:
    """Small multiples of a :func:`~.plots.share_table`: one panel per group (at most ``max_groups``, the most
    failing first, as ``plot_share``), ``columns`` across, with a shared share axis and period axis."""
    total = int(table["group"].nunique())
    groups = _chosen_groups(table, max_groups)
    table = table[table["group"].isin(groups)]
    starts = pd.to_datetime(table["period"])
    periods = pd.DatetimeIndex(starts.dropna().unique()).sort_values()
    levels = _levels(standard)
    low, high = _y_range(table["share"], [level for _, level in levels])
    inner_w = WIDTH - LEFT - RIGHT
    spots = periods.searchsorted(starts)
    span = max(len(periods) - 1, 1)
    points = Points(
        x=np.round(LEFT + (spots / span if len(periods) > 1 else np.full(len(spots), 0.5)) * inner_w, 1),
        y=_y(table["share"].to_numpy(dtype=float), low, high),
        share=table["share"].to_numpy(dtype=float),
        status=table["status"].to_numpy(dtype=object),
        label=np.asarray(_days(periods), dtype=object)[np.minimum(spots, len(periods) - 1)],
    )
    frame = _frame(levels, standard.floor_tiers is not None, low, high, _days(periods[[0, -1]]))
    across = max(1, min(columns, len(groups)))
    down = -(-len(groups) // across)
    heading = html.escape(title)
    if len(groups) < total:
        heading += f" ({len(groups)} of {total} groups: most failing periods first)"
    names = table["group"].to_numpy(dtype=object)
    panels = []
    for index, group in enumerate(groups):  # one panel per group drawn (at most max_groups)
        at = np.flatnonzero(names == group)
        where = f"translate({index % across * WIDTH},{index // across * HEIGHT})"
        panels.append(
            f'<g transform="{where}" data-group="{html.escape(group)}">'
            f'<text x="{LEFT}" y="12" font-weight="600">{html.escape(group)}</text>{frame}'
            f"{_line(points, at, html.escape(group))}</g>"
        )
    width, height = across * WIDTH, down * HEIGHT + 26
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui,sans-serif" font-size="10" role="img" aria-label="{heading}">'
        f'<text x="4" y="16" font-size="13" font-weight="600">{heading}</text>'
        f'<g transform="translate(0,26)">{"".join(panels)}</g></svg>'
    )


@dataclass(frozen=True)
class Points:
    """The points of a chart, as whole columns: position, share, status and the period's label."""

    x: np.ndarray
    y: np.ndarray
    share: np.ndarray
    status: np.ndarray
    label: np.ndarray


def _y(share: Any, low: float, high: float) -> Any:
    return np.round(TOP + (high - np.asarray(share, dtype=float)) / (high - low) * (HEIGHT - TOP - BOTTOM), 1)


def _frame(levels: Sequence[tuple[str, float]], below: bool, low: float, high: float, ends: list[str]) -> str:
    """What every panel of a chart shares: the bands and levels, the share axis labels, the first and last period."""
    bottom, top = float(_y(low, low, high)), float(_y(high, low, high))
    parts = _bands(levels, below, bottom, top, lambda share: _y(share, low, high))
    for share, y in ((low, bottom), (high, top)):
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3}" text-anchor="end">{min(share, 1.0):.0%}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#999"/>')
    if ends:
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}">{ends[0]}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{ends[-1]}</text>')
    return "".join(parts)


def _line(points: Points, at: np.ndarray, group: str) -> str:
    """One group's share as a line, and a marker per period with its numbers and a tooltip."""
    xs, ys = points.x[at].tolist(), points.y[at].tolist()
    line = " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
    parts = [f'<polyline points="{line}" fill="none" stroke="{PALETTE["share"]}" stroke-width="1.6"/>']
    for x, y, share, status, label in zip(
        xs, ys, points.share[at].tolist(), points.status[at].tolist(), points.label[at].tolist(), strict=True
    ):
        shape = _SHAPES.get(status, _SHAPES["insufficient"]).format(x=x, y=y, top=round(y - 4, 1), left=round(x - 4, 1))
        colour = PALETTE.get(status, PALETTE["insufficient"])
        paint = f'fill="none" stroke="{colour}"' if status == "fail" else f'fill="{colour}" stroke="white"'
        parts.append(
            f'{shape} {paint} data-share="{share:.6g}" data-status="{status}" data-period="{label}">'
            f"<title>{group} {label}: {share:.1%} {status}</title></{shape.split()[0][1:]}>"
        )
    return "".join(parts)


def _bands(levels: Sequence[tuple[str, float]], below: bool, bottom: float, top: float, y_of: Any) -> list[str]:
    """The fail band shaded red-orange, the warn band amber; the fail level dashed, the warn level dotted."""
    parts = []
    fail = next((level for name, level in levels if name == "fail"), None)
    for name, level in levels:
        y = float(y_of(level))
        colour, dash = (PALETTE["fail"], "5,3") if name == "fail" else (PALETTE["warn"], "2,2")
        edge = float(y_of(fail)) if name == "warn" and fail is not None else (bottom if below else top)
        y0, y1 = sorted((min(max(y, top), bottom), min(max(edge, top), bottom)))
        parts.append(
            f'<rect x="{LEFT}" y="{y0:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{y1 - y0:.1f}" fill="{colour}" '
            f'fill-opacity="{0.12 if name == "fail" else 0.18}" data-band="{name}"/>'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{colour}" stroke-dasharray="{dash}" '
            f'data-level="{name}" data-share="{level:.6g}"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y - 2}" text-anchor="end" font-size="8" fill="#444">'
            f"{name} {level:.0%}</text>"
        )
    return parts


def _days(periods: pd.DatetimeIndex) -> list[str]:
    """Period starts as dates (``2026-03-02``); with sub-day periods, date and time (``2026-03-02 09:30``)."""
    whole_days = bool((periods == periods.normalize()).all())
    return list(periods.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M"))
