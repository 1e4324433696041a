"""The statistics of a statistic standard on a lazy frame, the same numbers as the pandas engine's.

``mean``, ``min``, ``max`` and ``nps`` merge from partial aggregates: the
query that counts the outcomes sums (or takes the least or greatest of)
each (group, period, outcomes) cell's measured values, and the decided
cells (met or missed) are merged again in the small collected table. NPS
is two such sums: the promoters (9-10) and the detractors (0-6).

``median`` and ``pNN`` cannot merge from parts. As numpy's linear
interpolation (the pandas engine's :func:`~svcstandards.engines._grouping.statistic`)
they need the two order statistics around ``q (n - 1)`` of each (group,
period)'s decided values: a second query keeps the decided rows, numbers
them within their (group, period) by value (``row_number``, a sort per
partition: O(n log n)), keeps the two rows at ``floor(q (n - 1))`` and
the next, and collects one row per (group, period). The interpolation
between them is then numpy's own, in the same arithmetic, so the values
are those of the pandas engine to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...format.model import ShareStandard, StatisticStandard
from ...format.parts import NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN
from .._grouping import _lerp
from ..outcomes import MET, MISSED

__all__ = [
    "first_aggregates",
    "group_key",
    "is_ordered",
    "merged_values",
    "ordered_values",
    "summary_standard",
]

AnyStandard = ShareStandard | StatisticStandard


def is_ordered(name: str) -> bool:
    """Whether ``name`` (``median``, ``p90``, ...) needs the order of the values."""
    return name == "median" or name.startswith("p")


def first_aggregates(nw: Any, name: str, measured: str) -> list[Any]:
    """The partial aggregates of the measured column ``measured`` in the query that counts the outcomes."""
    value = nw.col(measured)
    if name == "mean":
        return [value.sum().alias(measured)]  # divided by the decided rows' count at the end
    if name == "min":
        return [value.min().alias(measured)]
    if name == "max":
        return [value.max().alias(measured)]
    if name == "nps":
        promoters = (value >= NPS_PROMOTER_MIN).cast(nw.Int64).sum().alias(f"{measured}_promoters")
        detractors = (value <= NPS_DETRACTOR_MAX).cast(nw.Int64).sum().alias(f"{measured}_detractors")
        return [promoters, detractors]
    return []


def merged_values(
    name: str,
    collected: Mapping[str, list[Any]],
    measured: str,
    decided: NDArray[np.bool_],
    key_of: NDArray[np.int64],
    n_keys: int,
) -> list[Any]:
    """Per (group, period) key: the value summary_columns takes (see :func:`summary_standard`), merged from the
    partial aggregates of the decided cells (met or missed) of the collected table (:func:`first_aggregates`);
    ``key_of`` is each collected row's key. NaN where a key has no decided value."""
    if name == "nps":
        # 100 (promoters - detractors), divided by the decided rows' count as a mean's sum: the pandas engine's
        # 100.0 * (promoters - detractors) / counts, in the same order of operations
        promoters = _summed(_floats(collected[f"{measured}_promoters"]), decided, key_of, n_keys)
        detractors = _summed(_floats(collected[f"{measured}_detractors"]), decided, key_of, n_keys)
        return list(100.0 * (promoters - detractors))
    values = _floats(collected[measured])
    if name == "mean":  # a mean's sum, divided by the decided rows' count at the end
        return list(_summed(values, decided, key_of, n_keys))
    merged = np.full(n_keys, np.nan)
    kept = decided & ~np.isnan(values)
    ufunc = np.fmin if name == "min" else np.fmax  # NaN (no value yet) gives way to a number
    ufunc.at(merged, key_of[kept], values[kept])
    return list(merged)


def _floats(values: list[Any]) -> NDArray[np.float64]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _summed(
    values: NDArray[np.float64], decided: NDArray[np.bool_], key_of: NDArray[np.int64], n_keys: int
) -> NDArray[np.float64]:
    """The sum of the decided, non-missing ``values`` per key (0 where there are none)."""
    total = np.zeros(n_keys)
    kept = decided & ~np.isnan(values)
    np.add.at(total, key_of[kept], values[kept])
    return total


def summary_standard(standard: AnyStandard) -> AnyStandard:
    """The standard summary_columns is given with one value per (group, period).

    A mean's value is its sum (divided by the decided rows' count there); min, max, medians and
    percentiles of one value are that value. An NPS of one value is not, so it stands as a mean of
    ``100 (promoters - detractors)``, with the same test.
    """
    if not isinstance(standard, StatisticStandard) or standard.nps is None:
        return standard
    return standard.model_copy(update={"nps": None, "mean": standard.nps})


def _quantile(name: str) -> float:
    return 0.5 if name == "median" else float(name[1:]) / 100.0


def ordered_values(
    nw: Any,
    frame: Any,
    name: str,
    code: str,
    measured: str,
    group: Sequence[str],
    columns: Mapping[str, list[Any]],
) -> list[float | None]:
    """The median or percentile ``name`` of the decided rows' ``measured`` values per row of ``columns``.

    ``frame`` has the outcome column ``code`` and the measured column; ``columns`` the collected
    (group, period) keys and their outcome counts (``"0"`` met, ``"1"`` missed).
    """
    q = _quantile(name)
    decided = frame.filter(nw.col(code) <= MISSED)
    rank = nw.col(measured).rank(method="ordinal") - 1  # 0 for the smallest value of the (group, period)
    size = nw.col(measured).count()
    decided = decided.with_columns(
        __svc_rank=rank.over(*group) if group else rank,
        __svc_size=size.over(*group) if group else size,
    )
    # the pandas engine's positions: floor(q (n - 1)) and the next (the last at most), in float64
    low = ((nw.col("__svc_size").cast(nw.Float64) - 1.0) * q).floor().cast(nw.Int64)
    decided = decided.with_columns(__svc_low=low)
    high = nw.when(nw.col("__svc_low") + 1 < nw.col("__svc_size")).then(nw.col("__svc_low") + 1)
    decided = decided.with_columns(__svc_high=high.otherwise(nw.col("__svc_low")))
    rank_column = nw.col("__svc_rank")
    kept = decided.filter((rank_column == nw.col("__svc_low")) | (rank_column == nw.col("__svc_high")))
    lows = nw.when(rank_column == nw.col("__svc_low")).then(nw.col(measured)).max().alias("low")
    highs = nw.when(rank_column == nw.col("__svc_high")).then(nw.col(measured)).max().alias("high")
    found = (kept.group_by(*group).agg(lows, highs) if group else kept.select(lows, highs)).collect()
    table = found.to_dict(as_series=False)
    at = {group_key(values): i for i, values in enumerate(zip(*(table[k] for k in group), strict=True))}
    if not group:
        at = {(): 0} if table["low"] and table["low"][0] is not None else {}
    n_rows = len(columns[str(MET)])
    keys = list(zip(*(columns[k] for k in group), strict=True)) if group else [()] * n_rows
    result: list[float | None] = []
    for i, key in enumerate(keys):  # a loop over the groups and periods, not the rows
        n = columns[str(MET)][i] + columns[str(MISSED)][i]
        j = at.get(group_key(key))
        if n == 0 or j is None:
            result.append(None)
            continue
        position = q * (np.float64(n) - 1)
        fraction = np.array([position - np.floor(position)])
        pair = np.array([table["low"][j]], dtype=np.float64), np.array([table["high"][j]], dtype=np.float64)
        result.append(float(_lerp(pair[0], pair[1], fraction)[0]))
    return result


def group_key(values: Sequence[Any]) -> tuple[Any, ...]:
    """A group key that finds itself again: NaN (which equals nothing) as a marker."""
    return tuple(("nan",) if isinstance(v, float) and math.isnan(v) else v for v in values)
