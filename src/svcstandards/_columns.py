"""Access to the caller's data for one evaluation: mapped names, typed arrays.

Each column is converted once per evaluation and cached (several standards
read ``offered_at``); problems are collected, never raised one by one. The
caller's DataFrame is only read.

Timestamps become int64 nanoseconds since the epoch in UTC with ``NAT`` for
missing values. Naive timestamps are wall-clock times in the file's time
zone: a time in the spring-forward gap moves forward to the first valid
instant, an ambiguous one takes the first occurrence.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .errors import DataProblem, did_you_mean

NAT = np.iinfo(np.int64).min
T = TypeVar("T")

__all__ = ["NAT", "Columns", "localize_ns", "stamps_from_ns"]


def localize_ns(values: pd.Series, timezone: str) -> np.ndarray:
    """Nanoseconds UTC of a datetime Series (naive: wall clock in ``timezone``)."""
    series = values
    if not isinstance(series.dtype, pd.DatetimeTZDtype):
        if timezone != "UTC":
            ambiguous = np.ones(len(series), dtype=bool)  # True: the first occurrence
            series = series.dt.tz_localize(timezone, ambiguous=ambiguous, nonexistent="shift_forward")
        else:
            series = series.dt.tz_localize("UTC")
    series = series.dt.tz_convert("UTC").dt.as_unit("ns")
    out = series.array.asi8 if hasattr(series.array, "asi8") else series.to_numpy("int64")
    return np.asarray(out, dtype=np.int64)


def stamps_from_ns(ns: np.ndarray, timezone: str) -> pd.DatetimeIndex:
    """Aware timestamps in ``timezone`` from nanoseconds UTC (``NAT`` -> NaT); the inverse of :func:`localize_ns`."""
    ns = np.asarray(ns, dtype=np.int64)
    index = pd.DatetimeIndex(ns.view("datetime64[ns]"), tz="UTC")
    return pd.DatetimeIndex(index.where(ns != NAT)).tz_convert(timezone)


class Columns:
    """The data as one evaluation sees it."""

    def __init__(self, data: pd.DataFrame, mapping: Mapping[str, str], timezone: str) -> None:
        self.data = data
        self.mapping = dict(mapping)
        self.timezone = timezone
        self.problems: list[DataProblem] = []
        self._converted: dict[tuple[str, str], Any] = {}
        self._reported: set[tuple[str, str]] = set()
        self._memo: dict[Hashable, Any] = {}
        self._failures: dict[str, tuple[str, str, str]] = {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute once per evaluation what several standards share (masks, group codes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result

    def __len__(self) -> int:
        return len(self.data)

    def name(self, column: str) -> str:
        """The data column a name of the file refers to."""
        return self.mapping.get(column, column)

    def _replay(self, standard: str, column: str) -> None:
        """Report again, for this standard, the problem a column already had."""
        name = self.name(column)
        failure = self._failures.get(name)
        if failure is None:
            self.series(standard, column)
        else:
            self.problem(standard, name, *failure)

    def problem(self, standard: str, column: str, message: str, hint: str = "", code: str = "invalid_data") -> None:
        if code != "column_missing":
            self._failures[column] = (message, hint, code)
        key = (standard, f"{column}:{code}")
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(DataProblem(standard, column, message, hint, code))

    def series(self, standard: str, column: str) -> pd.Series | None:
        """The column, or ``None`` after recording a 'not found' problem."""
        name = self.name(column)
        if name in self.data.columns:
            return self.data[name]
        mapped = f" (mapped from the file's '{column}')" if name != column else ""
        hint = did_you_mean(name, [str(c) for c in self.data.columns]) or (
            f"map it with columns={{'{column}': '<your column>'}} or the file's columns: section"
        )
        self.problem(standard, name, f"not found in the data{mapped}", hint, "column_missing")
        return None

    # -- typed access --------------------------------------------------------
    def _typed(
        self, kind: str, standard: str, column: str, convert: Callable[[str, str, pd.Series], T | None]
    ) -> T | None:
        """A column converted once per evaluation; a failure is reported for every standard asking."""
        name = self.name(column)
        key = (kind, name)
        if key in self._converted:
            cached: T | None = self._converted[key]
            if cached is None:
                self._replay(standard, column)
            return cached
        series = self.series(standard, column)
        result = None if series is None else convert(standard, name, series)
        self._converted[key] = result
        return result

    def timestamps(self, standard: str, column: str) -> np.ndarray | None:
        """Int64 nanoseconds UTC (``NAT`` where missing), or ``None`` on a problem."""
        return self._typed("timestamps", standard, column, self._to_timestamps)

    def _to_timestamps(self, standard: str, name: str, series: pd.Series) -> np.ndarray | None:
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return localize_ns(series, self.timezone)
        if series.isna().all():
            return np.full(len(series), NAT, dtype=np.int64)
        if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
            parsed = _parse_iso_ns(series, self.timezone)
            if parsed is not None:
                return parsed
            self.problem(
                standard,
                name,
                "expected timestamps; some values are not ISO 8601 date-times",
                "use datetime64 columns or ISO strings such as 2026-03-02T09:15:00",
                "timestamp_type",
            )
            return None
        self.problem(
            standard,
            name,
            f"expected timestamps, found {series.dtype}",
            "convert it with pandas.to_datetime (epoch numbers are ambiguous: say their unit)",
            "timestamp_type",
        )
        return None

    def numbers(self, standard: str, column: str) -> tuple[np.ndarray, bool] | None:
        """Float64 values (seconds for timedeltas) and whether they were timedeltas."""
        return self._typed("numbers", standard, column, self._to_numbers)

    def _to_numbers(self, standard: str, name: str, series: pd.Series) -> tuple[np.ndarray, bool] | None:
        if pd.api.types.is_timedelta64_dtype(series.dtype):
            ns = series.dt.as_unit("ns").to_numpy("int64", na_value=NAT)
            values = ns.astype(np.float64) / 1e9
            values[ns == NAT] = np.nan
            return values, True
        if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
            if series.isna().all():
                return np.full(len(series), np.nan), False
            self.problem(
                standard,
                name,
                f"expected numbers, found {series.dtype}",
                "scores and amounts must be numeric",
                "number_type",
            )
            return None
        return series.to_numpy(dtype=np.float64, na_value=np.nan), False

    def flags(self, standard: str, column: str) -> np.ndarray | None:
        """Int8: 1 true, 0 false, -1 missing; ``None`` when not boolean (or 0/1)."""
        return self._typed("flags", standard, column, self._to_flags)

    def _to_flags(self, standard: str, name: str, series: pd.Series) -> np.ndarray | None:
        missing = series.isna().to_numpy()
        if pd.api.types.is_bool_dtype(series.dtype):
            values = series.to_numpy(dtype=bool, na_value=False)
        elif pd.api.types.is_numeric_dtype(series.dtype):
            numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
            if not np.isin(numbers[~missing], (0.0, 1.0)).all():
                self.problem(
                    standard,
                    name,
                    "expected true/false (or 0/1); found other numbers",
                    "a flag column holds booleans",
                    "flag_type",
                )
                return None
            values = numbers == 1.0
        else:
            present = series[~missing]
            is_bool = present.map(type).isin([bool, np.bool_]).all() if len(present) else True
            if not is_bool:
                self.problem(
                    standard,
                    name,
                    f"expected true/false (or 0/1), found {series.dtype} values",
                    "convert it, e.g. df[col].map({'yes': True, 'no': False})",
                    "flag_type",
                )
                return None
            values = present.reindex(series.index, fill_value=False).to_numpy(dtype=bool)
        out = values.astype(np.int8)
        out[missing] = -1
        return out


_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


def _parse_iso_ns(series: pd.Series, timezone: str) -> np.ndarray | None:
    """ISO 8601 strings to ns UTC: with an offset as written, without one in ``timezone``.

    ``None`` when any present value does not parse.
    """
    text = series.astype("string")
    aware = text.str.contains(_OFFSET, regex=True, na=False).to_numpy(dtype=bool)
    out = np.full(len(series), NAT, dtype=np.int64)
    try:
        if aware.any():
            parsed = pd.to_datetime(series[aware], format="ISO8601", utc=True)
            out[aware] = parsed.dt.as_unit("ns").to_numpy("int64", na_value=NAT)
        if (~aware).any():
            out[~aware] = localize_ns(pd.to_datetime(series[~aware], format="ISO8601"), timezone)
    except (ValueError, TypeError):
        return None
    return out


def as_scalar_ns(value: Any, timezone: str) -> int | None:
    """A matcher value as nanoseconds UTC, for comparing with timestamps."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")
    return int(stamp.tz_convert("UTC").as_unit("ns").value)
