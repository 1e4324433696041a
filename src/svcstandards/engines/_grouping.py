"""The one group-by: integer keys per row, then counts with ``np.bincount``.

Rows get a key ``group code * periods + period code``; the counts of every
(key, outcome) pair come from a single ``np.bincount`` over
``key * OUTCOMES + outcome``. Statistics per key use one ``np.lexsort``
(O(n log n)); everything else is O(n).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..format.data import WEEKDAYS
from ..format.parts import NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN
from ._columns import NAT, stamps_from_ns
from ._intervals import interval_index, interval_starts, is_interval

__all__ = [
    "Grouping",
    "decided_mean",
    "factorize_column",
    "factorize_values",
    "group_rows",
    "local_ns",
    "orderable",
    "period_index",
    "period_starts",
    "period_walls",
    "statistic",
    "wall_period_index",
]

DAY_NS = 86_400 * 10**9
N_OUTCOMES = 6
NO_PERIOD = np.iinfo(np.int64).min


def local_ns(utc_ns: np.ndarray, timezone: str) -> np.ndarray:
    """Wall-clock nanoseconds in ``timezone`` (``NAT`` stays ``NAT``)."""
    if timezone == "UTC":
        return utc_ns
    wall = stamps_from_ns(utc_ns, timezone).tz_localize(None).as_unit("ns").asi8
    return np.asarray(wall, dtype=np.int64)


def period_index(utc_ns: np.ndarray, timezone: str, period: str, week_starts: str = "monday") -> np.ndarray:
    """Integer index of each row's period (intervals, days, weeks, months...) in ``timezone``.

    Intervals shorter than a day are indexed by their UTC start in minutes (see :mod:`._intervals`).

    Weeks start at local midnight of ``week_starts`` (``"monday"`` ... ``"sunday"``).
    Missing timestamps get ``NO_PERIOD``.
    """
    wall = local_ns(utc_ns, timezone)
    index = (
        interval_index(utc_ns, wall, period) if is_interval(period) else wall_period_index(wall, period, week_starts)
    )
    index = np.asarray(index, dtype=np.int64)
    np.copyto(index, NO_PERIOD, where=utc_ns == NAT)
    return index


def wall_period_index(wall: np.ndarray, period: str, week_starts: str = "monday") -> np.ndarray:
    """Integer index of the day, week, month, quarter or year of each wall clock (ns); garbage where missing."""
    if period in ("day", "week"):
        index = np.floor_divide(wall, DAY_NS)
        if period == "week":
            index += _week_shift(week_starts)
            np.floor_divide(index, 7, out=index)
    else:
        index = wall.view("datetime64[ns]").astype("datetime64[M]").astype(np.int64)  # months
        if period != "month":
            np.floor_divide(index, 3 if period == "quarter" else 12, out=index)
    return np.asarray(index, dtype=np.int64)


def _week_shift(week_starts: str) -> int:
    """Days to add to a day number (0 = 1970-01-01, a Thursday) so that weeks of 7 start on ``week_starts``."""
    return 3 - WEEKDAYS.index(week_starts)


def period_starts(index: np.ndarray, timezone: str, period: str, week_starts: str = "monday") -> pd.DatetimeIndex:
    """The local start of each period index, as aware timestamps in ``timezone``."""
    missing = index == NO_PERIOD
    if is_interval(period):
        return interval_starts(index, missing, timezone)
    wall = period_walls(np.where(missing, 0, index), period, week_starts)
    stamps = pd.DatetimeIndex(wall).tz_localize(
        timezone, ambiguous=np.ones(len(wall), dtype=bool), nonexistent="shift_forward"
    )
    return pd.DatetimeIndex(stamps.where(~missing))


def period_walls(index: np.ndarray, period: str, week_starts: str = "monday") -> np.ndarray:
    """The wall clock (``datetime64[ns]``) at which each day, week, month, quarter or year index starts."""
    if period == "day":
        return np.asarray((index * DAY_NS).view("datetime64[ns]"))
    if period == "week":
        return np.asarray(((index * 7 - _week_shift(week_starts)) * DAY_NS).view("datetime64[ns]"))
    months = index * {"month": 1, "quarter": 3, "year": 12}[period]
    return np.asarray(months.astype("datetime64[M]").astype("datetime64[ns]"))


@dataclass
class Grouping:
    """Report keys of the rows, and what each key stands for."""

    keys: np.ndarray  # per row, 0..n_keys-1
    n_keys: int
    group_values: list[np.ndarray]  # per by column, the value of each key
    period_index: np.ndarray | None  # per key


def factorize_values(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column's values and its distinct values in the column's own dtype.

    Missing values get a code too. One hashing pass, O(n).
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), uniques


def factorize_column(
    series: pd.Series, factorized: tuple[np.ndarray, pd.Index] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column's values and the values; missing values get a code too.

    ``factorized``: what :func:`factorize_values` gave for ``series``, when already known.
    """
    codes, uniques = factorized if factorized is not None else factorize_values(series)
    return codes, np.asarray(uniques, dtype=object)


def group_rows(
    by: Sequence[pd.Series],
    periods: np.ndarray | None,
    n_rows: int,
    factorize: Callable[[pd.Series], tuple[np.ndarray, np.ndarray]] = factorize_column,
    *,
    consume_periods: bool = False,
) -> Grouping:
    """Keys from the ``by`` columns (missing values form their own group) and periods.

    Without either, every row has key 0 and there is one key even for no rows.
    ``consume_periods``: ``periods`` may be overwritten (it becomes the period codes).
    """
    if not by and periods is None:
        return Grouping(np.zeros(n_rows, dtype=np.int64), 1, [], None)
    uniques: list[np.ndarray] = []
    sizes: list[int] = []
    codes: np.ndarray | None = None  # no column yet: every row code 0
    for series in by:
        column_codes, column_uniques = factorize(series)
        uniques.append(column_uniques)
        sizes.append(max(len(column_uniques), 1))
        codes = column_codes if codes is None else codes * sizes[-1] + column_codes
    dense_limit = max(4 * n_rows, 1024)
    period_uniques: np.ndarray | None = None
    if periods is not None:
        period_codes, period_uniques = _period_codes(periods, dense_limit, in_place=consume_periods)
        if codes is None:
            combined = period_codes
        else:
            combined = codes * max(len(period_uniques), 1)
            combined += period_codes
    else:
        assert codes is not None
        combined = codes
    n_combined = int(np.prod(sizes, dtype=np.int64)) * (len(period_uniques) if period_uniques is not None else 1)
    if n_rows and n_combined <= dense_limit:
        # small enough to count every (group, period) cell directly; empty cells are dropped later
        keys, key_uniques = combined, np.arange(max(n_combined, 1), dtype=np.int64)
    else:
        keys, key_uniques = pd.factorize(combined)
        key_uniques = np.asarray(key_uniques, dtype=np.int64)
    n_periods = len(period_uniques) if period_uniques is not None else 1
    group_of_key = key_uniques // n_periods
    group_values: list[np.ndarray] = []
    remainder = group_of_key
    for size, values in zip(reversed(sizes), reversed(uniques), strict=True):
        group_values.insert(0, values[remainder % size])
        remainder = remainder // size
    key_periods = None
    if period_uniques is not None:
        key_periods = np.asarray(period_uniques, dtype=np.int64)[key_uniques % n_periods]
    return Grouping(np.asarray(keys, dtype=np.int64), len(key_uniques), group_values, key_periods)


def _period_codes(periods: np.ndarray, dense_limit: int, *, in_place: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..P-1 of the period indexes and the index of each code (``NO_PERIOD`` first).

    Periods are consecutive integers, so a dense range needs no hashing.
    ``in_place``: the codes may take the place of ``periods``.
    """
    missing = periods == NO_PERIOD
    n_missing = int(np.count_nonzero(missing))
    if n_missing < len(periods):
        high = int(periods.max())  # NO_PERIOD is the smallest int64
        low = int(periods.min()) if not n_missing else int(np.min(periods, where=~missing, initial=high))
        if high - low + 2 <= dense_limit:
            codes = np.subtract(periods, low - 1, out=periods if in_place else None)
            if n_missing:
                np.copyto(codes, 0, where=missing)
            return codes, np.r_[NO_PERIOD, np.arange(low, high + 1, dtype=np.int64)]
    codes, uniques = pd.factorize(periods)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=np.int64)


def count_outcomes(keys: np.ndarray, outcome: np.ndarray, n_keys: int, out: np.ndarray | None = None) -> np.ndarray:
    """``(n_keys, 6)`` counts of each outcome per key: one ``np.bincount``.

    ``out``: an int64 array as long as ``keys`` to hold the combined keys (overwritten).
    """
    flat = np.multiply(keys, N_OUTCOMES, out=out)
    flat += outcome
    return np.bincount(flat, minlength=n_keys * N_OUTCOMES).reshape(n_keys, N_OUTCOMES)


def decided_mean(
    keys: np.ndarray, decided: np.ndarray, values: np.ndarray, counts: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """``statistic("mean", keys[decided], values[decided], len(counts))`` without copying the decided rows.

    ``counts``: the decided rows of each key. One weighted ``np.bincount`` over
    ``key * 2 + (not decided)``: each key's decided values are added in row order,
    as over the copy, so the sums are the same to the last bit; the other rows
    fall in bins of their own. ``out``: an int64 array as long as ``keys`` to work in. O(n).
    """
    n_keys = len(counts)
    bins = np.multiply(keys, 2, out=out)
    bins += ~decided
    sums = np.bincount(bins, weights=values, minlength=2 * n_keys)[0::2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(sums / counts.astype(np.float64), dtype=np.float64)


def statistic(name: str, keys: np.ndarray, values: np.ndarray, n_keys: int) -> np.ndarray:
    """One statistic of ``values`` per key (NaN for keys without values).

    ``mean``, ``median``, ``min``, ``max``, ``pNN`` (linear interpolation, as
    numpy's default), ``nps`` (% of 9-10 minus % of 0-6, in points).
    """
    counts = np.bincount(keys, minlength=n_keys).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        if name == "mean":
            return np.bincount(keys, weights=values, minlength=n_keys) / counts
        if name == "nps":
            promoters = np.bincount(keys, weights=(values >= NPS_PROMOTER_MIN).astype(np.float64), minlength=n_keys)
            detractors = np.bincount(keys, weights=(values <= NPS_DETRACTOR_MAX).astype(np.float64), minlength=n_keys)
            return 100.0 * (promoters - detractors) / counts
    order = np.lexsort((values, keys))
    ordered = values[order]
    starts = np.concatenate(([0], np.cumsum(counts[:-1]))).astype(np.int64)
    result = np.full(n_keys, np.nan)
    has = counts > 0
    if name == "min":
        result[has] = ordered[starts[has]]
        return result
    if name == "max":
        result[has] = ordered[starts[has] + counts[has].astype(np.int64) - 1]
        return result
    q = 0.5 if name == "median" else float(name[1:]) / 100.0
    position = q * (counts[has] - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, counts[has].astype(np.int64) - 1)
    fraction = position - low
    low_values = ordered[starts[has] + low]
    high_values = ordered[starts[has] + high]
    result[has] = _lerp(low_values, high_values, fraction)
    return result


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Linear interpolation computed as numpy's percentile does, for identical results."""
    diff = b - a
    out = a + diff * t
    upper = t >= 0.5
    out[upper] = (b - diff * (1 - t))[upper]
    return np.asarray(out, dtype=np.float64)


def orderable(values: pd.Series) -> pd.Series:
    """Group values that always compare: by type name, then as text (a ``sort_values`` key when a group column
    mixes values that do not compare; a loop over the groups, not the rows)."""
    if values.dtype != object:
        return values
    return values.map(lambda value: f"{type(value).__name__}:{value}", na_action="ignore")
