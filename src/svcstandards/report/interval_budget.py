"""Interval budgeting (``intervals: {every: 30min, floor: 80%, min_volume: 10}``): the share of intervals met.

Each interval of ``every`` (cut on the local clock, as an interval period is)
with at least ``min_volume`` decided interactions is *scored*, and *met* when
its own share reaches the interval ``floor``; an interval with interactions
but fewer decided ones is *excluded*. The standard's floor / ceiling then
applies to the share of scored intervals that were met, so the results
row's ``share``, ``status``, ``budget`` (misses left, in intervals) and
confidence band count intervals, while ``n``, ``met``, ``missed`` and the
other counts stay the interactions'. Both engines give this module the
outcome counts per (results row, interval) and nothing else: O(cells).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..engines._grouping import N_OUTCOMES, NO_PERIOD, Grouping, count_outcomes, period_index
from ..engines.outcomes import EXCLUDED, MET, MISSED, OUT_OF_SCOPE, RowOutcomes
from ..format.model import ShareStandard, StatisticStandard
from ..format.parts import IntervalBudget
from .status import summary_columns

__all__ = ["INTERVAL_COLUMNS", "by_intervals", "interval_counts", "judge_by_intervals"]

#: The results columns of a standard with ``intervals:`` (absent from the table when no standard has them).
INTERVAL_COLUMNS = ("intervals_met", "intervals_scored", "intervals_excluded")


def interval_counts(row_of_cell: np.ndarray, cells: np.ndarray, n_rows: int, budget: IntervalBudget) -> np.ndarray:
    """``(n_rows, 3)``: the intervals met, scored and excluded of each results row.

    ``cells``: the ``(n_cells, 6)`` outcome counts of each (results row, interval) cell, ``row_of_cell`` the
    results row of each cell. A cell with no row in scope is no interval (it was never seen).
    """
    decided = cells[:, MET] + cells[:, MISSED]
    seen = cells[:, :OUT_OF_SCOPE].sum(axis=1) > 0
    scored = seen & (decided >= budget.min_volume)
    floor = budget.floor.fraction
    met = scored & (cells[:, MET] * floor.denominator >= floor.numerator * decided)  # exact: met/n >= floor
    out = np.zeros((n_rows, 3), dtype=np.int64)
    for j, flags in enumerate((met, scored, seen & ~scored)):
        out[:, j] = np.bincount(row_of_cell[flags], minlength=n_rows)
    return out


def judge_by_intervals(
    standard: ShareStandard | StatisticStandard,
    table: dict[str, Any],
    intervals: np.ndarray,
    rows: RowOutcomes,
    keys: np.ndarray,
) -> dict[str, Any]:
    """``table`` (the results columns of the interactions) judged on the share of intervals met instead."""
    n_rows = len(intervals)
    counts = np.zeros((n_rows, N_OUTCOMES), dtype=np.int64)
    counts[:, MET] = intervals[:, 0]
    counts[:, MISSED] = intervals[:, 1] - intervals[:, 0]
    counts[:, EXCLUDED] = intervals[:, 2]
    judged = summary_columns(standard, rows, keys, counts, n_rows)
    out = dict(table)
    for column in ("share", "status", "budget", "share_low", "share_high"):
        out[column] = judged[column]
    for j, column in enumerate(INTERVAL_COLUMNS):
        out[column] = intervals[:, j]
    return out


def by_intervals(
    standard: ShareStandard,
    table: dict[str, Any],
    utc_ns: np.ndarray | None,
    timezone: str,
    grouping: Grouping,
    rows: RowOutcomes,
) -> dict[str, Any]:
    """The pandas engine's interval budgeting: ``grouping`` gives the rows' results rows, ``utc_ns`` their times.

    One ``pd.factorize`` of (results row, interval) over the rows and one ``np.bincount``: O(n).
    A row without a time is in no interval.
    """
    budget = standard.intervals
    assert budget is not None
    keys, n_keys = grouping.keys, grouping.n_keys
    if utc_ns is None:
        return judge_by_intervals(standard, table, np.zeros((n_keys, 3), dtype=np.int64), rows, keys)
    interval = period_index(utc_ns, timezone, budget.every)
    codes, uniques = pd.factorize(interval)
    n_intervals = max(len(uniques), 1)
    cell_of_row, cell_keys = pd.factorize(keys * n_intervals + codes)
    cell_keys = np.asarray(cell_keys, dtype=np.int64)
    cells = count_outcomes(np.asarray(cell_of_row, dtype=np.int64), rows.outcome, len(cell_keys))
    cells[np.asarray(uniques, dtype=np.int64)[cell_keys % n_intervals] == NO_PERIOD] = 0  # rows without a time
    intervals = interval_counts(cell_keys // n_intervals, cells, n_keys, budget)
    return judge_by_intervals(standard, table, intervals, rows, keys)
