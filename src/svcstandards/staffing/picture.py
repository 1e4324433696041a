"""The picture of a staffing table: agents needed by interval, one panel per queue.

Drawn from the table :func:`svcstandards.staffing.staffing` returns (``agents``, and ``staff`` with
shrinkage) or from :func:`svcstandards.staffing.observed_staffing` (``agents`` the calls needed, and the
``observed_service_level`` they got, on a second axis). Each interval's count holds for the whole interval, so
the lines are steps that end where the last interval ends, broken where intervals are missing.
matplotlib is the optional extra ``plot``; the
Figure is made on the Agg canvas and returned.

>>> import pandas as pd
>>> table = pd.DataFrame({"start": pd.to_datetime(["2026-03-02 08:00", "2026-03-02 08:30"]), "agents": [9, 15]})
>>> step_points(table["start"], table["agents"].to_numpy(), pd.Timedelta("30min"))[1].tolist()
[9.0, 9.0, 9.0, 15.0, 15.0, nan]
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..report.plots import PALETTE, _figure, _panels, _percent_axis
from .queue import Seconds
from .table import interval_seconds

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_staffing", "step_points"]

#: The colour of the staff to schedule (agents on the phones are PALETTE["share"]).
STAFF_COLOUR = "#CC79A7"


def plot_staffing(
    table: pd.DataFrame,
    *,
    standard: str | None = None,
    interval: Seconds | None = None,
    max_queues: int = 12,
    columns: int = 3,
    title: str | None = None,
) -> Figure:
    """Agents needed by interval (a step line), one panel per queue; ``staff`` dashed when the table has it.

    ``standard`` picks one standard of a table with several (required then); ``interval`` is the length of an
    interval, in seconds or as text (``"30m"``, ``"30min"``), as :func:`staffing` takes it (default: the
    shortest step between starts). With more than
    ``max_queues`` queues, the busiest (most agents at their peak) are drawn and the title says how many were
    left out. A table of :func:`observed_staffing` also shows the service level reached, as points on a
    percent axis at the right.
    """
    rows = _one_standard(table, standard)
    for column in ("start", "agents"):
        if column not in rows.columns:
            raise InvalidArgumentError(
                f"the staffing picture needs a '{column}' column, got {', '.join(map(str, rows.columns))}. "
                "Hint: draw the table staffing() or observed_staffing() returns"
            )
    if rows.empty:
        raise InvalidArgumentError("the staffing table has no rows to draw. Hint: check the forecast's intervals")
    starts = pd.to_datetime(rows["start"])
    length = pd.Timedelta(
        seconds=interval_seconds(
            starts,
            interval,
            "one interval start only: its length is not known. Hint: pass interval='30min' (or the forecast's length)",
        )
    )
    queues = rows["queue"].astype(str) if "queue" in rows.columns else pd.Series("all", index=rows.index)
    peaks = rows["agents"].groupby(queues.to_numpy(), sort=False).max()
    chosen = peaks.sort_values(ascending=False, kind="stable").index[:max_queues]
    names = [q for q in peaks.index if q in set(chosen)]  # in the table's order
    down, across = _panels(len(names), columns)
    figure = _figure(4.2 * across + 0.6, 2.8 * down + 0.8, "plot_staffing()")
    grid = figure.subplots(down, across, squeeze=False, sharex=True)
    legend: dict[str, Any] = {}
    for axes, name in zip(grid.flat, names, strict=False):
        mine = (queues == name).to_numpy()
        for handle, label in _panel(axes, rows[mine], starts[mine], length, name if "queue" in rows.columns else None):
            legend.setdefault(label, handle)
    for axes in list(grid.flat)[len(names) :]:
        axes.set_visible(False)
    # one legend for the figure, under the panels: the same lines in every panel, and no clash with the
    # date's year and month that each panel's axis writes at its lower right
    figure.legend(list(legend.values()), list(legend), loc="outside lower center", ncols=len(legend), frameon=False)
    heading = title or _heading(rows)
    if len(peaks) > len(names):
        heading += f" ({len(names)} of {len(peaks)} queues, the busiest)"
    figure.suptitle(heading)
    return figure


def step_points(starts: pd.Series, values: np.ndarray, length: pd.Timedelta) -> tuple[np.ndarray, np.ndarray]:
    """The x and y of a step line, three points per interval: its start and end at its value, then the end
    again at its value when the next interval follows on, or at NaN (a break in the line) where intervals
    are missing (a night without calls) and after the last."""
    order = np.argsort(starts.to_numpy(), kind="stable")
    begin = starts.to_numpy()[order]
    value = np.asarray(values, dtype=float)[order]
    end = begin + length.to_timedelta64()
    follows = np.append(begin[1:] == end[:-1], False)
    x = np.column_stack([begin, end, end]).reshape(-1)
    y = np.column_stack([value, value, np.where(follows, value, np.nan)]).reshape(-1)
    return x, y


def _one_standard(table: pd.DataFrame, standard: str | None) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise InvalidArgumentError(
            f"plot_staffing draws a pandas DataFrame, got {type(table).__name__}. "
            "Hint: pass the table staffing() or observed_staffing() returns"
        )
    if "standard" not in table.columns:
        return table
    ids = list(dict.fromkeys(table["standard"].astype(str)))
    if standard is None:
        if len(ids) > 1:
            raise InvalidArgumentError(
                f"the staffing table has {len(ids)} standards ({', '.join(ids)}). Hint: pass standard='{ids[0]}'"
            )
        return table
    if standard not in ids:
        raise InvalidArgumentError(f"no standard '{standard}' in the staffing table. Hint: it has {', '.join(ids)}")
    return table[table["standard"].astype(str) == standard]


def _heading(rows: pd.DataFrame) -> str:
    if "standard" in rows.columns:
        return f"Agents needed to meet {rows['standard'].iloc[0]}"
    if "observed_service_level" in rows.columns:
        return "Agents the calls needed, and the service level they got"
    return "Agents needed"


def _panel(
    axes: Any, rows: pd.DataFrame, starts: pd.Series, length: pd.Timedelta, name: str | None
) -> list[tuple[Any, str]]:
    """One queue's lines (and the service level reached, on a second axis); its legend entries."""
    import matplotlib.dates as mdates

    observed = "observed_service_level" in rows.columns
    x, agents = step_points(starts, rows["agents"].to_numpy(dtype=float, na_value=np.nan), length)
    label = "agents the calls needed" if observed else "agents on the phones"
    axes.plot(x, agents, color=PALETTE["share"], lw=2, label=label)
    top = float(np.nanmax(agents)) if np.isfinite(agents).any() else 0.0
    if "staff" in rows.columns:
        _, staff = step_points(starts, rows["staff"].to_numpy(dtype=float, na_value=np.nan), length)
        axes.plot(x, staff, color=STAFF_COLOUR, lw=1.5, ls="--", label="staff to schedule")
        top = max(top, float(np.nanmax(staff)))
    axes.set_ylim(0, max(1.0, math.ceil(top * 1.1)))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylabel("agents")
    axes.grid(axis="y", alpha=0.3)
    if name is not None:
        axes.set_title(name, fontsize="medium")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    handles, labels = axes.get_legend_handles_labels()
    if observed:
        reached = axes.twinx()
        middle = starts.to_numpy() + (length / 2).to_timedelta64()
        reached.plot(
            middle,
            rows["observed_service_level"].to_numpy(dtype=float),
            "o",
            color=PALETTE["warn"],
            ms=4,
            label="service level reached",
        )
        reached.set_ylim(0, 1.05)
        _percent_axis(reached.yaxis)
        more_handles, more_labels = reached.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    return list(zip(handles, labels, strict=True))
