"""Charts of a report for people who read charts: the share per period and group, and a weekday x time heatmap.

Everything is drawn from :meth:`Report.to_frame` (which every engine returns) and the standards file (for titles
and the warn levels), so the charts are the same whichever engine scored the data. matplotlib is an optional
extra (``pip install 'svcstandards[plot]'``), imported only when a chart is drawn; figures are made on the Agg
canvas and returned, never shown in a window.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "standard": ["s", "s"],
...     "period": pd.to_datetime(["2026-03-02 09:00", "2026-03-09 09:00"]).tz_localize("Europe/Ljubljana"),
...     "n": [4, 6], "met": [3, 3],
... })
>>> heatmap_table(frame).to_dict()  # both Mondays at 09:00 pooled: (3 + 3) / (4 + 6)
{'09:00': {'Mon': 0.6}}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import MissingDependencyError, UsageError
from ..format.model import ShareStandard
from ..format.parts import default_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .results import Report

__all__ = [
    "DAY_PERIODS",
    "PALETTE",
    "STATUS_MARKERS",
    "heatmap_figure",
    "heatmap_table",
    "plot_heatmap",
    "plot_share",
    "share_table",
]

#: Okabe-Ito colours, safe for the common colour-vision deficiencies; statuses also differ by marker shape.
PALETTE: dict[str, str] = {
    "share": "#0072B2",
    "pass": "#009E73",
    "warn": "#E69F00",
    "fail": "#D55E00",
    "insufficient": "#999999",
    "no_data": "#999999",
}
#: The marker of each status on the share chart: a shape as well as a colour.
STATUS_MARKERS: dict[str, str] = {"pass": "o", "warn": "^", "fail": "X", "insufficient": "s", "no_data": "s"}
#: Periods of a day or longer: the heatmap has nothing to pool by time of day in them.
DAY_PERIODS = ("day", "week", "month", "quarter", "year")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
KINDS = ("share", "heatmap")


def _figure(width: float, height: float, feature: str = "report.plot()") -> Figure:
    """A Figure on the Agg canvas (no pyplot, no window), or a clear error naming the extra."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError.for_extra("matplotlib", "plot", feature) from exc
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


# -- tables the charts draw ----------------------------------------------------------------------------------


def share_table(frame: pd.DataFrame, standard_id: str, group_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of one standard the share chart draws: ``group`` (a label), ``period``, ``share``, ``status``, ``n``.

    Rows without a period (input that fell in no period) and rows that scored nothing (``n == 0``) are left out;
    ``group`` joins the group columns' values with `` / `` ("all" without groups).
    """
    rows = frame[frame["standard"] == standard_id]
    if "period" in rows.columns:
        rows = rows[rows["period"].notna()]
    rows = rows[rows["n"] > 0]
    columns = [c for c in group_columns if c in rows.columns]
    if columns:
        labels = rows[columns[0]].astype(str)
        for column in columns[1:]:
            labels = labels + " / " + rows[column].astype(str)
    else:
        labels = pd.Series("all", index=rows.index)
    table = pd.DataFrame(
        {
            "group": labels.to_numpy(),
            "period": rows["period"].array if "period" in rows.columns else None,
            "share": rows["share"].astype(float).to_numpy(),
            "status": rows["status"].to_numpy(),
            "n": rows["n"].to_numpy(),
        }
    )
    return table.sort_values(["group", "period"] if "period" in rows.columns else ["group"], kind="stable").reset_index(
        drop=True
    )


def heatmap_table(frame: pd.DataFrame, standard_id: str | None = None) -> pd.DataFrame:
    """The pooled share per weekday (rows, ``Mon``..``Sun``) and half-hour of the day (columns, ``"09:30"``).

    Results rows are placed by the local start of their ``period``; the met and scored (``n``) counts of the
    rows in the same slot are summed, so each cell is the exact pooled share ``sum(met) / sum(n)``, not a mean
    of shares. Only weekdays and half-hours that scored something appear, in order.
    """
    rows = frame if standard_id is None else frame[frame["standard"] == standard_id]
    if "period" not in rows.columns:
        raise UsageError("the heatmap needs results with a period; evaluate with period= (for example 30min)")
    rows = rows[rows["period"].notna() & (rows["n"] > 0)]
    starts = pd.to_datetime(rows["period"])
    slot = starts.dt.hour.to_numpy() * 2 + starts.dt.minute.to_numpy() // 30
    pooled = (
        pd.DataFrame(
            {"weekday": starts.dt.day_of_week.to_numpy(), "slot": slot, "met": rows["met"].to_numpy(), "n": rows["n"]}
        )
        .groupby(["weekday", "slot"])[["met", "n"]]
        .sum()
    )
    shares = (pooled["met"] / pooled["n"]).unstack("slot").sort_index().sort_index(axis=1)
    days = shares.index.to_numpy(dtype=np.int64)
    slots = shares.columns.to_numpy(dtype=np.int64)
    shares.index = pd.Index([WEEKDAYS[d] for d in days], name="weekday")
    shares.columns = pd.Index([f"{s // 2:02d}:{30 * (s % 2):02d}" for s in slots])
    return shares


# -- the charts ----------------------------------------------------------------------------------------------------


def _share_standard(report: Report, standard_id: str) -> ShareStandard:
    standard = report._result(standard_id).standard
    if not isinstance(standard, ShareStandard):
        raise UsageError(
            f"'{standard_id}' is a statistic standard; the share and heatmap charts draw share standards "
            f"(with a floor or ceiling). Hint: pass one of {', '.join(_share_ids(report)) or 'none in this report'}"
        )
    return standard


def _share_ids(report: Report) -> list[str]:
    return [r.standard.id for r in report.results if isinstance(r.standard, ShareStandard)]


def _title(standard: ShareStandard) -> str:
    return default_text(standard.title) or standard.id


def _bands(axes: Any, standard: ShareStandard) -> list[tuple[str, float]]:
    """Shade the fail and warn bands of the floor or ceiling; return the levels drawn as ``(label, share)``."""
    levels: list[tuple[str, float]] = []
    for name, tiers, below in (("floor", standard.floor_tiers, True), ("ceiling", standard.ceiling_tiers, False)):
        if tiers is None:
            continue
        fail = float(tiers.fail)
        edge = 0.0 if below else 1.0
        axes.axhspan(min(edge, fail), max(edge, fail), color=PALETTE["fail"], alpha=0.10, lw=0, zorder=0)
        axes.axhline(fail, color=PALETTE["fail"], lw=1.2, ls="--", zorder=1, label=f"{name} (fail) {fail:.0%}")
        levels.append((f"{name} {fail:.0%}", fail))
        if tiers.warn is not None:
            warn = float(tiers.warn)
            axes.axhspan(min(warn, fail), max(warn, fail), color=PALETTE["warn"], alpha=0.15, lw=0, zorder=0)
            axes.axhline(warn, color=PALETTE["warn"], lw=1.2, ls=":", zorder=1, label=f"warn {warn:.0%}")
            levels.append((f"warn {warn:.0%}", warn))
    return levels


def _panels(count: int, columns: int) -> tuple[int, int]:
    across = max(1, min(columns, count))
    return math.ceil(count / across), across


def plot_share(
    report: Report, standard: str, *, max_groups: int = 12, columns: int = 4, width: float | None = None
) -> Figure:
    """The share of ``standard`` per period (one panel per group) against its floor or ceiling and warn bands.

    Each point's marker tells its status (a cross for fail, a triangle for warn, a circle for pass, a square
    for too few to judge); the fail band is shaded red-orange, the warn band amber. With more than
    ``max_groups`` groups, the groups with the most failing periods (then the lowest pooled share) are drawn
    and the title says how many were left out. Without a period, one bar per group.
    """
    spec = _share_standard(report, standard)
    result = report._result(standard)
    table = share_table(report.to_frame(), standard, result.group_columns)
    total = int(table["group"].nunique())
    groups = _chosen_groups(table, max_groups)
    table = table[table["group"].isin(groups)]
    with_period = result.period is not None and table["period"].notna().any()
    rows, across = _panels(len(groups), columns) if with_period else (1, 1)
    figure = _figure(width or min(3.2 * across + 0.8, 14.0), 2.6 * rows + 0.9)
    title = _title(spec)
    if len(groups) < total:
        title += f"\n{len(groups)} of {total} groups shown: most failing periods first"
    figure.suptitle(title, fontsize=12, fontweight="bold")
    if not with_period:
        _share_bars(figure.add_subplot(1, 1, 1), table, spec)
        return figure
    axes_grid = figure.subplots(rows, across, sharex=True, sharey=True, squeeze=False)
    low, high = _y_range(table["share"], _levels_of(spec))
    legend: dict[str, Any] = {}
    for index, axes in enumerate(axes_grid.flat):
        if index >= len(groups):
            axes.set_visible(False)
            continue
        _share_panel(axes, table[table["group"] == groups[index]], spec, groups[index] if len(groups) > 1 else None)
        axes.set_ylim(low, high)
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            legend.setdefault(label, handle)
    if legend:
        figure.legend(
            list(legend.values()), list(legend), loc="outside lower center", ncols=min(len(legend), 7), frameon=False
        )
    return figure


def _levels_of(standard: ShareStandard) -> list[float]:
    return [level for _, level in _levels(standard)]


def _y_range(shares: pd.Series | np.ndarray, levels: list[float]) -> tuple[float, float]:
    """The share axis: the data and the levels with a margin, on whole 5% steps within 0-100%."""
    known = np.asarray(shares, dtype=float)
    values = [*known[~np.isnan(known)].tolist(), *levels]
    if not values:
        return 0.0, 1.0
    low = max(0.0, math.floor((min(values) - 0.03) * 20) / 20)
    high = min(1.0, math.ceil((max(values) + 0.03) * 20) / 20)
    return low, high + (0.01 if high == 1.0 else 0.0)


def _chosen_groups(table: pd.DataFrame, max_groups: int) -> list[str]:
    """The groups drawn: all, or the ``max_groups`` with the most fails, then the lowest pooled share."""
    codes, names = pd.factorize(table["group"].to_numpy(dtype=object), sort=True)
    if len(names) <= max_groups:
        return [str(g) for g in names]
    fails = np.bincount(codes, weights=(table["status"] == "fail").to_numpy(dtype=float), minlength=len(names))
    n = table["n"].to_numpy(dtype=float)
    met = np.bincount(codes, weights=table["share"].to_numpy(dtype=float) * n, minlength=len(names))
    pooled = met / np.maximum(np.bincount(codes, weights=n, minlength=len(names)), 1.0)
    kept = np.lexsort((pooled, -fails))[:max_groups]  # most fails first, then the lowest pooled share
    return sorted(str(g) for g in np.asarray(names, dtype=object)[kept])


def _share_panel(axes: Any, rows: pd.DataFrame, spec: ShareStandard, name: str | None) -> None:
    periods = pd.to_datetime(rows["period"])
    x = periods.dt.tz_localize(None) if periods.dt.tz is not None else periods
    axes.plot(x.to_numpy(), rows["share"].to_numpy(), color=PALETTE["share"], lw=1.6, label="share", zorder=2)
    for status, marker in STATUS_MARKERS.items():
        mask = (rows["status"] == status).to_numpy()
        if mask.any() and status != "no_data":
            axes.scatter(
                x.to_numpy()[mask],
                rows["share"].to_numpy()[mask],
                marker=marker,
                s=60 if status == "fail" else 40,
                color=PALETTE[status],
                edgecolors="white",
                linewidths=0.6,
                label=status,
                zorder=3,
            )
    _bands(axes, spec)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(maxticks=5)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    _percent_axis(axes.yaxis)
    axes.grid(axis="y", color="#dddddd", lw=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    if name is not None:
        axes.set_title(name, fontsize=10)


def _share_bars(axes: Any, table: pd.DataFrame, spec: ShareStandard) -> None:
    colours = [PALETTE.get(s, PALETTE["insufficient"]) for s in table["status"]]
    positions = np.arange(len(table))
    axes.barh(positions, table["share"].to_numpy(), color=colours, label="share")
    axes.set_yticks(positions, [f"{g} ({s})" for g, s in zip(table["group"], table["status"], strict=True)])
    axes.invert_yaxis()
    for label, level in _bands_vertical(axes, spec):
        axes.annotate(label, (level, 1.0), xycoords=("data", "axes fraction"), ha="left", va="top", fontsize=7)
    axes.set_xlim(0, 1.02)
    _percent_axis(axes.xaxis)
    axes.spines[["top", "right"]].set_visible(False)


def _bands_vertical(axes: Any, standard: ShareStandard) -> list[tuple[str, float]]:
    levels: list[tuple[str, float]] = []
    for name, tiers in (("floor", standard.floor_tiers), ("ceiling", standard.ceiling_tiers)):
        if tiers is None:
            continue
        axes.axvline(float(tiers.fail), color=PALETTE["fail"], lw=1.2, ls="--")
        levels.append((f"{name} {float(tiers.fail):.0%}", float(tiers.fail)))
        if tiers.warn is not None:
            axes.axvline(float(tiers.warn), color=PALETTE["warn"], lw=1.0, ls=":")
            levels.append((f"warn {float(tiers.warn):.0%}", float(tiers.warn)))
    return levels


def plot_heatmap(report: Report, standard: str, *, width: float | None = None) -> Figure:
    """The pooled share of ``standard`` by weekday x half-hour of the period start (see :func:`heatmap_table`).

    Needs periods shorter than a day; a report scored by day (or longer) is refused with the reason. The
    colour map is cividis (readable with every common colour-vision deficiency); each cell's share is written
    in it when the grid is small enough to read.
    """
    spec = _share_standard(report, standard)
    result = report._result(standard)
    if result.period is None or result.period in DAY_PERIODS:
        scored = "without a period" if result.period is None else f"by {result.period}"
        raise UsageError(
            f"the heatmap of '{standard}' pools results by weekday and time of day, but this report was scored "
            f"{scored}. Hint: evaluate with a period shorter than a day (for example period='30min'), or draw "
            "kind='share'"
        )
    return heatmap_figure(heatmap_table(report.to_frame(), standard), _title(spec), _levels(spec), width=width)


def heatmap_figure(
    shares: pd.DataFrame, title: str, levels: Sequence[tuple[str, float]] = (), *, width: float | None = None
) -> Figure:
    """The heatmap of a :func:`heatmap_table`: ``title`` above, ``levels`` (``("fail", 0.8)``) marked on the scale."""
    figure = _figure(width or min(1.2 + 0.32 * max(shares.shape[1], 8), 16.0), 3.4)
    axes = figure.add_subplot(1, 1, 1)
    image = axes.imshow(shares.to_numpy(dtype=float), cmap="cividis", vmin=0.0, vmax=1.0, aspect="auto")
    axes.set_yticks(np.arange(len(shares.index)), list(shares.index))
    step = max(1, len(shares.columns) // 12)
    ticks = np.arange(0, len(shares.columns), step)
    labels = [str(c) for c in shares.columns]
    axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")
    if shares.size <= 7 * 24:
        values = shares.to_numpy(dtype=float)
        for (row, column), value in np.ndenumerate(values):
            if not np.isnan(value):
                colour = "white" if value < 0.6 else "black"
                axes.text(column, row, f"{value:.0%}", ha="center", va="center", fontsize=7, color=colour)
    marked = ", ".join(f"{name} {level:.0%}" for name, level in levels)
    bar = figure.colorbar(image, ax=axes, label=f"share met ({marked})" if marked else "share met")
    _percent_axis(bar.ax.yaxis)
    for name, level in levels:  # the fail level solid, the warn level dashed, across the scale
        bar.ax.axhline(level, color="black", lw=1.4, ls="-" if name == "fail" else "--")
    figure.suptitle(title + "\nby weekday and time of day", fontsize=12, fontweight="bold")
    return figure


def _levels(standard: ShareStandard) -> list[tuple[str, float]]:
    levels = []
    for tiers in (standard.floor_tiers, standard.ceiling_tiers):
        if tiers is not None:
            levels.append(("fail", float(tiers.fail)))
            if tiers.warn is not None:
                levels.append(("warn", float(tiers.warn)))
    return levels


def plot(report: Report, kind: str = "share", *, standard: str | None = None, **options: Any) -> Figure:
    """What :meth:`Report.plot` draws: ``kind="share"`` or ``"heatmap"`` of one share standard."""
    if kind not in KINDS:
        raise UsageError(f"kind={kind!r}: the charts are {', '.join(repr(k) for k in KINDS)}")
    if standard is None:
        ids = _share_ids(report)
        if len(ids) != 1:
            raise UsageError(
                f"name the standard to draw: report.plot({kind!r}, standard=...); "
                f"the share standards of this report are {', '.join(ids) or 'none'}"
            )
        standard = ids[0]
    return plot_share(report, standard, **options) if kind == "share" else plot_heatmap(report, standard, **options)
