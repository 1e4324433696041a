"""Interval budgeting on the lazy engines: the collected counts per (results row, interval), judged in numpy.

The query groups by one more key, the interval's index (the UTC minute of its
start, :func:`._periods.period_index`); the few collected cells are summed per
(results row, interval) here and handed to the pandas engine's own
:func:`svcstandards.report.interval_budget.interval_counts`. A cell of rows
without a time (no interval) is dropped. O(cells log cells) for the ``np.unique``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...format.parts import IntervalBudget
from ...report.interval_budget import interval_counts
from ..outcomes import OUTCOMES

__all__ = ["INTERVAL", "collected_intervals"]

INTERVAL = "__svc_interval"


def collected_intervals(
    collected: dict[str, list[Any]],
    key_of: np.ndarray,
    n_keys: int,
    code: np.ndarray,
    size: np.ndarray,
    budget: IntervalBudget,
) -> np.ndarray:
    """``(n_keys, 3)`` intervals met, scored and excluded per results row.

    ``key_of``: each collected cell's results row; ``code`` its outcome; ``size`` its number of rows.
    """
    interval = np.array([-1 if v is None else v for v in collected[INTERVAL]], dtype=np.int64)  # the cells
    placed = np.array([v is not None for v in collected[INTERVAL]], dtype=bool)
    pairs = np.stack([key_of[placed], interval[placed]], axis=1)
    unique, cell_of = np.unique(pairs, axis=0, return_inverse=True)
    cells = np.zeros((len(unique), len(OUTCOMES)), dtype=np.int64)
    np.add.at(cells, (cell_of.reshape(-1), code[placed]), size[placed])
    return interval_counts(unique[:, 0], cells, n_keys, budget)
