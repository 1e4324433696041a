"""The weekday x time-of-day heatmap of the HTML page, written directly as SVG (no extra needed).

It draws what ``report.plot("heatmap")`` draws, from the same :func:`~.plots.heatmap_table`: a cell per
weekday and half-hour that scored something, coloured by its pooled share on the cividis scale (readable
with every common colour-vision deficiency), with the fail and warn levels marked on the scale below. Each
cell carries its numbers (``data-weekday``, ``data-time``, ``data-share``) and a tooltip. Cells are written
as whole columns of text, one join per chart.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["CIVIDIS", "colours", "heatmap_svg"]

#: matplotlib's cividis colour map at 0%, 10%, ... 100%; shares between are interpolated linearly.
CIVIDIS = (
    "#00224e",
    "#083370",
    "#35456c",
    "#4f576c",
    "#666970",
    "#7d7c78",
    "#948e77",
    "#aea371",
    "#c8b866",
    "#e5cf52",
    "#fee838",
)
CELL_W, CELL_H = 14, 16
LEFT, TOP = 40, 52
SCALE_W, SCALE_STEPS = 200, 20
_RGB = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CIVIDIS], dtype=float)
_HEX = np.array([f"{i:02x}" for i in range(256)], dtype=object)


def colours(shares: np.ndarray) -> np.ndarray:
    """The cividis colour of each share (0 to 1), as ``#rrggbb`` text."""
    at = np.clip(np.asarray(shares, dtype=float), 0.0, 1.0) * (len(CIVIDIS) - 1)
    low = np.minimum(at.astype(np.int64), len(CIVIDIS) - 2)
    rgb = np.rint(_RGB[low] + (_RGB[low + 1] - _RGB[low]) * (at - low)[:, None]).astype(np.int64)
    text: np.ndarray = "#" + _HEX[rgb[:, 0]] + _HEX[rgb[:, 1]] + _HEX[rgb[:, 2]]
    return text


def heatmap_svg(shares: pd.DataFrame, title: str, levels: Sequence[tuple[str, float]] = ()) -> str:
    """A :func:`~.plots.heatmap_table` as SVG: weekdays down, half-hours across, ``levels`` on the scale."""
    values = shares.to_numpy(dtype=float)
    days = np.asarray([html.escape(str(d)) for d in shares.index], dtype=object)
    times = np.asarray([html.escape(str(t)) for t in shares.columns], dtype=object)
    row, column = np.nonzero(~np.isnan(values))
    share = values[row, column]
    cells = "".join(
        (
            '<rect x="'
            + _texts(LEFT + column * CELL_W)
            + '" y="'
            + _texts(TOP + row * CELL_H)
            + f'" width="{CELL_W - 1}" height="{CELL_H - 1}" fill="'
            + colours(share)
            + '" data-weekday="'
            + days[row]
            + '" data-time="'
            + times[column]
            + '" data-share="'
            + _formatted("{:.6g}", share)
            + '"><title>'
            + days[row]
            + " "
            + times[column]
            + ": "
            + _formatted("{:.1%}", share)
            + "</title></rect>"
        ).tolist()
    )
    labels = [
        f'<text x="{LEFT - 4}" y="{TOP + i * CELL_H + 11}" text-anchor="end">{day}</text>' for i, day in enumerate(days)
    ]
    step = max(3, len(times) // 12)  # a time every ``step`` columns (at least 42 px apart)
    labels += [f'<text x="{LEFT + i * CELL_W}" y="{TOP - 4}">{times[i]}</text>' for i in range(0, len(times), step)]
    bottom = TOP + len(days) * CELL_H + 14
    heading = html.escape(title)
    width = max(LEFT + len(times) * CELL_W, LEFT + SCALE_W + 80, round(7.5 * len(heading))) + 8
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {bottom + 40}" width="{width}" '
        f'height="{bottom + 40}" font-family="system-ui,sans-serif" font-size="10" role="img" '
        f'aria-label="{heading}, by weekday and time of day">'
        f'<text x="4" y="16" font-size="13" font-weight="600">{heading}</text>'
        f'<text x="4" y="32" font-size="11">by weekday and time of day</text>'
        f"{''.join(labels)}{cells}{_scale(bottom, levels)}</svg>"
    )


def _scale(top: int, levels: Sequence[tuple[str, float]]) -> str:
    """The colour scale from 0% to 100% under the cells, the fail level solid and the warn level dashed."""
    step = SCALE_W // SCALE_STEPS
    middles = (np.arange(SCALE_STEPS) + 0.5) / SCALE_STEPS
    parts = [
        "".join(
            (
                '<rect x="' + _texts(LEFT + np.arange(SCALE_STEPS) * step) + f'" y="{top}" width="{step}" height="8" '
                'fill="' + colours(middles) + '"/>'
            ).tolist()
        ),
        f'<text x="{LEFT - 4}" y="{top + 8}" text-anchor="end">0%</text>',
        f'<text x="{LEFT + SCALE_W + 4}" y="{top + 8}">100% share met</text>',
    ]
    for name, level in levels:
        x = round(LEFT + level * SCALE_W, 1)
        dash = "" if name == "fail" else ' stroke-dasharray="3,2"'
        parts.append(
            f'<line x1="{x}" y1="{top - 3}" x2="{x}" y2="{top + 11}" stroke="black" stroke-width="1.4"{dash} '
            f'data-level="{name}" data-share="{level:.6g}"/>'
            f'<text x="{x}" y="{top + 22}" text-anchor="middle" font-size="8">{name} {level:.0%}</text>'
        )
    return "".join(parts)


def _texts(values: np.ndarray) -> np.ndarray:
    return np.asarray(list(map(str, np.asarray(values).tolist())), dtype=object)


def _formatted(spec: str, values: np.ndarray) -> np.ndarray:
    return np.asarray(list(map(spec.format, values.tolist())), dtype=object)
