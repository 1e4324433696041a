"""The status, budget and confidence band of each results row, from its counts in exact integer arithmetic."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from ..engines._grouping import (
    decided_mean,
    statistic,
)
from ..engines.outcomes import EXCLUDED, INVALID, MET, MISSED, PENDING, RowOutcomes
from ..format.model import (
    ShareStandard,
    StatisticStandard,
    Tiers,
)
from ..format.units import seconds_of

__all__ = ["summary_columns"]

AnyStandard = ShareStandard | StatisticStandard
Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def summary_columns(
    standard: AnyStandard,
    rows: RowOutcomes,
    keys: np.ndarray,
    counts: np.ndarray,
    n_keys: int,
    scratch: np.ndarray | None = None,
) -> dict[str, Any]:
    met, missed = counts[:, MET], counts[:, MISSED]
    n = met + missed
    out: dict[str, Any] = {
        "n": n,
        "met": met,
        "missed": missed,
        "pending": counts[:, PENDING],
        "excluded": counts[:, EXCLUDED],
        "invalid": counts[:, INVALID],
    }
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n > 0, met / np.maximum(n, 1), np.nan)
    low, high = _wilson(met, n)
    nan = np.full(n_keys, np.nan)
    if isinstance(standard, ShareStandard):
        floor, ceiling = standard.floor_tiers, standard.ceiling_tiers
        status, budget = _share_status(met, missed, n, floor, ceiling)
        out |= {
            "share": share,
            "value": nan,
            "floor": _level(floor, n_keys),
            "ceiling": _level(ceiling, n_keys),
            "limit": nan,
        }
    else:
        name, test = standard.statistics()[0]
        decided = rows.outcome <= MISSED  # met (0) or missed (1): one comparison per row
        if name == "mean":  # no copy of the decided rows: their count per key is known
            values = decided_mean(keys, decided, rows.measured, met + missed, out=scratch)
        else:
            values = statistic(name, keys[decided], rows.measured[decided], n_keys)
        status = _statistic_status(values, test.at_most, test.at_least, test.warn)
        limit = test.at_most if test.at_most is not None else test.at_least
        budget = pd.array([pd.NA] * n_keys, dtype="Int64")
        out |= {
            "share": nan,
            "value": values,
            "floor": nan,
            "ceiling": nan,
            "limit": np.full(n_keys, seconds_of(limit)),
        }
        low, high = nan, nan
    status = np.where(n == 0, "no_data", np.where(n < standard.min_volume, "insufficient", status))
    out |= {"status": status, "budget": budget, "share_low": low, "share_high": high}
    return out


def _level(tiers: Tiers | None, n: int) -> np.ndarray:
    return np.full(n, float(tiers.fail) if tiers else np.nan)


def _below(met: np.ndarray, n: np.ndarray, level: Fraction) -> np.ndarray:
    """met / n < level, exactly (integers only)."""
    return met * level.denominator < level.numerator * n


def _share_status(
    met: np.ndarray, missed: np.ndarray, n: np.ndarray, floor: Tiers | None, ceiling: Tiers | None
) -> tuple[np.ndarray, Any]:
    """Status and budget of share standards, in exact integer arithmetic.

    Floor f: fail when met/n < f; budget floor(n(1-f)) - missed.
    Ceiling c: fail when met/n > c; budget floor(n c) - met. A band: the worse.
    """
    fail = np.zeros(len(n), dtype=bool)
    warn = np.zeros(len(n), dtype=bool)
    budget: np.ndarray | None = None
    if floor is not None:
        f = floor.fail.fraction
        fail |= _below(met, n, f)
        if floor.warn is not None:
            warn |= _below(met, n, floor.warn.fraction)
        budget = (n * (f.denominator - f.numerator)) // f.denominator - missed
    if ceiling is not None:
        c = ceiling.fail.fraction
        above_fail = met * c.denominator > c.numerator * n
        fail |= above_fail
        if ceiling.warn is not None:
            w = ceiling.warn.fraction
            warn |= met * w.denominator > w.numerator * n
        ceiling_budget = (n * c.numerator) // c.denominator - met
        budget = ceiling_budget if budget is None else np.minimum(budget, ceiling_budget)
    status = np.where(fail, "fail", np.where(warn, "warn", "pass"))
    return status, pd.array(budget if budget is not None else [pd.NA] * len(n), dtype="Int64")


def _statistic_status(values: np.ndarray, at_most: Any, at_least: Any, warn: Any) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if at_most is not None:
            fail = values > seconds_of(at_most)
            warned = values > seconds_of(warn) if warn is not None else np.zeros(len(values), dtype=bool)
        else:
            fail = values < seconds_of(at_least)
            warned = values < seconds_of(warn) if warn is not None else np.zeros(len(values), dtype=bool)
    return np.where(fail, "fail", np.where(warned, "warn", "pass"))


def _wilson(met: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval of met / n (NaN where n = 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        nf = n.astype(np.float64)
        p = met / nf
        z2 = Z95 * Z95
        centre = (p + z2 / (2 * nf)) / (1 + z2 / nf)
        half = Z95 * np.sqrt(p * (1 - p) / nf + z2 / (4 * nf * nf)) / (1 + z2 / nf)
        low, high = centre - half, centre + half
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high
