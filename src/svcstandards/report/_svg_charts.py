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
    periods = pd.DatetimeIndex(pd.to_datetime(table["period"]).dropna().unique()).sort_values()
    levels = _levels(standard)
    below = standard.floor_tiers is not None
    low, high = _y_range(table["share"], [level for _, level in levels])
    across = max(1, min(columns, len(groups)))
    down = -(-len(groups) // across)
    heading = html.escape(title)
    if len(groups) < total:
        heading += f" ({len(groups)} of {total} groups: most failing periods first)"
    panels = [
        _panel(
            table[table["group"] == group],
            group,
            periods,
            (levels, below),
            (low, high),
            index % across,
            index // across,
        )
        for index, group in enumerate(groups)
    ]
    width, height = across * WIDTH, down * HEIGHT + 26
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui,sans-serif" font-size="10" role="img" aria-label="{heading}">'
        f'<text x="4" y="16" font-size="13" font-weight="600">{heading}</text>'
        f'<g transform="translate(0,26)">{"".join(panels)}</g></svg>'
    )


def _panel(
    rows: pd.DataFrame,
    group: str,
    periods: pd.DatetimeIndex,
    levels_below: tuple[Sequence[tuple[str, float]], bool],
    low_high: tuple[float, float],
    column: int,
    row: int,
) -> str:
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    (levels, below), (low, high) = levels_below, low_high

    def y_of(share: np.ndarray | float) -> np.ndarray:
        return np.round(TOP + (high - np.asarray(share, dtype=float)) / (high - low) * inner_h, 1)

    spots = periods.searchsorted(pd.to_datetime(rows["period"]))
    xs = np.round(LEFT + (spots / (len(periods) - 1) if len(periods) > 1 else np.full(len(rows), 0.5)) * inner_w, 1)
    ys = y_of(rows["share"].to_numpy(dtype=float))
    parts = [f'<g transform="translate({column * WIDTH},{row * HEIGHT})" data-group="{html.escape(group)}">']
    parts.append(f'<text x="{LEFT}" y="12" font-weight="600">{html.escape(group)}</text>')
    parts += _bands(levels, below, float(y_of(low)), float(y_of(high)), y_of)
    for share in (low, high):
        parts.append(f'<text x="{LEFT - 4}" y="{y_of(share) + 3}" text-anchor="end">{min(share, 1.0):.0%}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{LEFT + inner_w}" y2="{TOP + inner_h}" stroke="#999"/>')
    if len(periods):
        for at, period in ((0, periods[0]), (len(periods) - 1, periods[-1])):
            x = LEFT + (at / max(len(periods) - 1, 1) if len(periods) > 1 else 0.5) * inner_w
            anchor = "start" if at == 0 else "end"
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="{anchor}">{_day(period)}</text>')
    points = " ".join(f"{x},{y}" for x, y in zip(xs.tolist(), ys.tolist(), strict=True))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE["share"]}" stroke-width="1.6"/>')
    labels = [_day(p) for p in rows["period"].tolist()]
    for x, y, share, status, label in zip(
        xs.tolist(), ys.tolist(), rows["share"].tolist(), rows["status"].tolist(), labels, strict=True
    ):
        shape = _SHAPES.get(status, _SHAPES["insufficient"]).format(x=x, y=y, top=round(y - 4, 1), left=round(x - 4, 1))
        colour = PALETTE.get(status, PALETTE["insufficient"])
        paint = f'fill="none" stroke="{colour}"' if status == "fail" else f'fill="{colour}" stroke="white"'
        parts.append(
            f'{shape} {paint} data-share="{share:.6g}" data-status="{status}" data-period="{label}">'
            f"<title>{html.escape(group)} {label}: {share:.1%} {status}</title></{shape.split()[0][1:]}>"
        )
    parts.append("</g>")
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


def _day(period: Any) -> str:
    """A period start as its date (``2026-03-02``); with sub-day periods, date and time (``2026-03-02 09:30``)."""
    stamp = pd.Timestamp(period)
    return str(stamp.date()) if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M")
