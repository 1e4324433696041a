"""Intervals on the lazy engines: the wall clock they are cut by, and interval budgeting's collected counts.

An interval is cut by the wall clock *of the instant* (as the pandas engine
does). A naive time that the clocks skipped (02:10 on a spring-forward
night) is read as the first instant after the gap, whose wall clock is 03:00,
not 02:10: :func:`add_interval_walls` adds that wall clock for the naive time
columns that place rows in intervals, one more pass of the backend's zone
rules (aware columns and UTC files already have it).

Interval budgeting:
The query groups by one more key, the interval's index (the UTC minute of its
start, :func:`._periods.period_index`); the few collected cells are summed per
(results row, interval) here and handed to the pandas engine's own
:func:`svcstandards.report.interval_budget.interval_counts`. A cell of rows
without a time (no interval) is dropped. O(cells log cells) for the ``np.unique``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ...format.parts import INTERVAL_MINUTES, IntervalBudget
from ...report.interval_budget import interval_counts
from ..outcomes import OUTCOMES
from ._backends import Backend, TimeColumn

__all__ = ["INTERVAL", "add_interval_walls", "collected_intervals"]

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


def add_interval_walls(
    frame: Any,
    backend: Backend,
    zones: Mapping[str, str],
    names: Mapping[str, Any],
    plans: Sequence[Any],
    timezone: str,
) -> Any:
    """``frame`` with the wall clock of the instant of each naive time column that places rows in intervals.

    Sets the column's ``interval_wall`` name; the other columns keep their wall clock there. O(n), only when needed.
    """
    needed = {
        plan.time.column
        for plan in plans
        if plan.time is not None and (plan.period in INTERVAL_MINUTES or plan.intervals is not None)
    }
    columns = sorted(c for c in needed if zones.get(c) == "naive" and c in names)
    if timezone == "UTC" or not columns:
        return frame
    frame = backend.add_times(
        frame, [TimeColumn(f"{names[c].wall}i", names[c].instant, "local_us") for c in columns], timezone
    )
    for column in columns:
        names[column].interval_wall = f"{names[column].wall}i"
    return frame
