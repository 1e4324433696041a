"""The points of every share chart of the HTML page, found in one pass over the results table.

The page draws a chart per share standard scored by period. Filtering, labelling, sorting and choosing the
groups of each chart separately costs pandas' overhead fifty times for fifty standards; here it is done once
for all charts, as whole columns: the rows drawn (a period, ``n > 0``), their group labels (as
:func:`~.plots.share_table`), one stable sort by chart, group and period, the groups kept per chart (as
:func:`~.plots._chosen_groups`: the most fails, then the lowest pooled share) and each point's place on the
period axis. Each chart is then a contiguous slice of the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .results import StandardResult

__all__ = ["ChartRows", "chart_rows"]


@dataclass(frozen=True)
class ChartRows:
    """The points of all charts, sorted by chart, group and period; chart ``c`` is ``rows[start[c]:start[c + 1]]``.

    ``group`` indexes ``names`` (the group labels, sorted), ``period`` indexes ``periods`` (sorted); ``spot`` is
    the point's place among its chart's periods and ``spots`` the number of those periods (on each row); ``total``
    is the number of groups of each chart before ``max_groups`` kept the most failing.
    """

    start: np.ndarray
    total: np.ndarray
    group: np.ndarray
    period: np.ndarray
    share: np.ndarray
    status: np.ndarray
    spot: np.ndarray
    spots: np.ndarray
    names: np.ndarray
    periods: pd.DatetimeIndex


def chart_rows(frame: pd.DataFrame, results: Sequence[StandardResult], max_groups: int) -> ChartRows:
    """The points the charts of ``results`` (share standards scored by period) draw from ``frame``."""
    chart = pd.Index([r.standard.id for r in results]).get_indexer(pd.Index(frame["standard"].to_numpy(dtype=object)))
    keep = (chart >= 0) & frame["period"].notna().to_numpy(dtype=bool) & (frame["n"].to_numpy() > 0)
    rows = frame[keep]
    chart = chart[keep]
    group, names = pd.factorize(_labels(rows, chart, results), sort=True)
    period, periods = pd.factorize(pd.to_datetime(rows["period"]), sort=True)
    order = np.lexsort((period, group, chart))  # stable: as share_table's sort by group and period
    chart, group, period = chart[order], group[order], period[order]
    share = rows["share"].to_numpy(dtype=float)[order]
    status = rows["status"].to_numpy(dtype=object)[order]
    n = rows["n"].to_numpy(dtype=float)[order]

    # one (chart, group) pair per panel: its fails and pooled share, ranked within its chart
    first = np.r_[True, (chart[1:] != chart[:-1]) | (group[1:] != group[:-1])] if len(chart) else np.zeros(0, bool)
    pair = np.cumsum(first) - 1
    pair_chart = chart[first]
    fails = np.bincount(pair, weights=(status == "fail").astype(float), minlength=len(pair_chart))
    met = np.bincount(pair, weights=share * n, minlength=len(pair_chart))
    pooled = met / np.maximum(np.bincount(pair, weights=n, minlength=len(pair_chart)), 1.0)
    total = np.bincount(pair_chart, minlength=len(results))
    ranked = np.lexsort((pooled, -fails, pair_chart))  # per chart: most fails first, then the lowest pooled share
    rank = np.empty(len(ranked), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked)) - np.searchsorted(pair_chart[ranked], pair_chart[ranked])
    kept = (rank < max_groups)[pair]
    chart, group, period, share, status = chart[kept], group[kept], period[kept], share[kept], status[kept]

    # each point's place among the periods its chart draws
    count = max(len(periods), 1)
    drawn = np.unique(chart * count + period)
    low = np.searchsorted(drawn, chart * count)
    spot = np.searchsorted(drawn, chart * count + period) - low
    spots = np.searchsorted(drawn, (chart + 1) * count) - low
    return ChartRows(
        start=np.searchsorted(chart, np.arange(len(results) + 1)),
        total=total,
        group=group,
        period=period,
        share=share,
        status=status,
        spot=spot,
        spots=spots,
        names=np.asarray(names, dtype=object),
        periods=pd.DatetimeIndex(periods),
    )


def _labels(rows: pd.DataFrame, chart: np.ndarray, results: Sequence[StandardResult]) -> np.ndarray:
    """Each row's group: its group columns' values joined with `` / `` (``"all"`` without groups)."""
    labels = np.full(len(rows), "all", dtype=object)
    for columns in {r.group_columns for r in results}:
        present = [c for c in columns if c in rows.columns]
        if not present:
            continue
        mask = np.isin(chart, [i for i, r in enumerate(results) if r.group_columns == columns])
        subset = rows[mask]
        text = subset[present[0]].astype(str)
        for column in present[1:]:
            text = text + " / " + subset[column].astype(str)
        labels[mask] = text.to_numpy(dtype=object)
    return labels
