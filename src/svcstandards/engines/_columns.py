"""Access to the caller's data for one evaluation: mapped names, typed arrays.

Each column is converted once per evaluation and cached (several standards
read ``offered_at``); problems are collected, never raised one by one. The
caller's DataFrame is only read.

Timestamps become int64 nanoseconds since the epoch in UTC with ``NAT`` for
missing values. Naive timestamps are wall-clock times in the file's time
zone: a time in the spring-forward gap moves forward to the first valid
instant, an ambiguous one takes the first occurrence. Timestamps must fall
in the years 1678 to 2261 on the clock of the file's time zone, so that the
day, week, month, quarter and year around each one are nanosecond
timestamps too (pandas holds 1677-09-21..2262-04-11).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pandas.errors import OutOfBoundsDatetime

from ..errors import DataProblem, did_you_mean
from ..format.units import NAT
from ..nodes import Prepare
from ._timestamps import (
    COLUMN_RANGE,
    ISO_HINT,
    RANGE_HINT,
    SHOWN_VALUES,
    TIMESTAMP_RANGE,
    _checked_ns,
    _parse_iso,
    _shown,
    _utc_ns,
    as_scalar_ns,
    beyond_ns_range,
    localize_ns,
    numpy_backed,
    seconds_between,
    stamps_from_ns,
)

T = TypeVar("T")
#: ``DataFrame.attrs`` key under which a frame read from a file says where its rows are:
#: ``{"source": "calls.csv", "first": 2, "rows": 1000}`` (row 0 is line 2 of calls.csv); a sheet of a
#: workbook adds ``"sheet": "Calls"`` (row 0 is row 2 of sheet Calls)
LINES_ATTR = "svcstandards.lines"
#: Message, hint and code of a column whose values cannot be hashed (grouped, matched, factorized).
UNHASHABLE = (
    "holds lists, dicts or other values that cannot be matched or grouped as a whole",
    "give the column single values: text (df[col].astype(str)), one element (df[col].str[0]) "
    "or one row per element (df.explode(col))",
    "unhashable_values",
)

__all__ = [
    "COLUMN_RANGE",
    "LINES_ATTR",
    "NAT",
    "TIMESTAMP_RANGE",
    "UNHASHABLE",
    "Columns",
    "as_scalar_ns",
    "beyond_ns_range",
    "localize_ns",
    "numpy_backed",
    "seconds_between",
    "stamps_from_ns",
]


class Columns:
    """The data as one evaluation sees it.

    ``problems`` stop the evaluation (:class:`~svcstandards.errors.DataError`);
    ``warnings`` end up in ``Report.problems``. A column that cannot be read
    (duplicated, wrong type, unreadable timestamps) is one problem naming every
    standard that uses it, not one problem per standard.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        mapping: Mapping[str, str],
        timezone: str,
        *,
        prepared: Prepare | None = None,
        unreadable: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self.data = data
        self.mapping = dict(mapping)
        self.timezone = timezone
        self.prepared = prepared if prepared is not None else Prepare()
        self._unreadable = dict(unreadable or {})  # per data column: rows whose value did not read in its format
        self.unreadable_users: dict[str, list[str]] = {}  # per data column: the standards that counted them invalid
        self.problems: list[DataProblem] = []
        self.warnings: list[DataProblem] = []
        self._converted: dict[tuple[str, str], Any] = {}
        self._reported: set[tuple[str, str]] = set()
        self._noted: set[DataProblem] = set()
        self._memo: dict[Hashable, Any] = {}
        self._failures: dict[str, _Failure] = {}
        self._zones: dict[str, str] = {}
        self._spare: dict[tuple[int, str], list[np.ndarray]] = {}
        self._latest: dict[str, int] = {}  # per timestamp column: its latest value (NAT: none)

    def unreadable(self, standard: str, column: str) -> np.ndarray:
        """Per row: whether the column's value did not read in its format (see :mod:`.prepare`)."""
        name = self.name(column)
        found = self._unreadable.get(name)
        if found is None or len(found) != len(self.data):
            return np.zeros(len(self.data), dtype=bool)
        users = self.unreadable_users.setdefault(name, [])
        if standard not in users:
            users.append(standard)
        return found

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute once per evaluation what several standards share (masks, group codes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result

    @contextlib.contextmanager
    def scratch(self, size: int, dtype: Any) -> Iterator[np.ndarray]:
        """An array of ``size`` values to work in (values undefined), given back for reuse when done.

        Temporaries of the row count are lent out again within the evaluation rather than
        made anew: new memory costs more than a pass over memory already in use.
        """
        spare = self._spare.setdefault((size, np.dtype(dtype).str), [])
        buffer = spare.pop() if spare else np.empty(size, dtype=dtype)
        try:
            yield buffer
        finally:
            spare.append(buffer)

    def release_scratch(self, keep: int = 0) -> None:
        """Let go of the arrays :meth:`scratch` keeps for reuse, but ``keep`` of each size and type."""
        for spare in self._spare.values():
            del spare[keep:]

    def latest(self, column: str, stamps: np.ndarray) -> int:
        """The latest of a timestamp column's ``stamps`` (``NAT`` when none): found while converting, or now."""
        name = self.name(column)
        if name not in self._latest:
            self._latest[name] = int(stamps.max(initial=NAT))
        return self._latest[name]

    def memoized(self, key: Hashable) -> Any:
        """What :meth:`memo` holds under ``key``, or ``None`` when nothing was computed for it yet."""
        return self._memo.get(key)

    def __len__(self) -> int:
        return len(self.data)

    def name(self, column: str) -> str:
        """The data column a name of the file refers to."""
        return self.mapping.get(column, column)

    def zone(self, column: str) -> str | None:
        """``naive``, ``aware`` or ``mixed`` for a timestamp column already read; ``None`` when unknown."""
        return self._zones.get(self.name(column))

    def _replay(self, standard: str, column: str) -> None:
        """Add this standard to the users of a column that already failed (or report it missing)."""
        name = self.name(column)
        failure = self._failures.get(name)
        if failure is None:
            self.series(standard, column)
        else:
            self.fail(standard, name, failure.message, failure.hint, failure.code)

    def problem(self, standard: str, column: str, message: str, hint: str = "", code: str = "invalid_data") -> None:
        """A problem of one standard with a column (reported once per standard, column and code)."""
        key = (standard, f"{column}:{code}")
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(DataProblem(standard, column, message, hint, code))

    def fail(self, standard: str, column: str, message: str, hint: str, code: str) -> None:
        """A column that cannot be used at all: one problem, naming every standard that uses the column.

        With one user the problem carries its id in ``standard``; with several,
        ``standard`` is empty and the message starts ``used by a, b: ``.
        """
        failure = self._failures.get(column)
        if failure is None:
            self._failures[column] = _Failure(message, hint, code, [standard], len(self.problems))
            self.problems.append(DataProblem(standard, column, message, hint, code))
            return
        if standard in failure.users:
            return
        failure.users.append(standard)
        users = ", ".join(failure.users)
        self.problems[failure.index] = DataProblem("", column, f"used by {users}: {failure.message}", hint, code)

    def failure_code(self, column: str) -> str | None:
        """The code of the problem that made a data column unusable, if one did."""
        failure = self._failures.get(column)
        return failure.code if failure is not None else None

    def note(self, problem: DataProblem, *, warning: bool) -> None:
        """Record a problem found by a check (the same one only once): a warning, or an error."""
        if problem in self._noted:
            return
        self._noted.add(problem)
        (self.warnings if warning else self.problems).append(problem)

    def series(self, standard: str, column: str) -> pd.Series | None:
        """The column, or ``None`` after recording why not (missing, duplicated)."""
        name = self.name(column)
        if name in self._failures and self._failures[name].code in _SHAPE_CODES:
            self._replay(standard, column)
            return None
        if name in self.data.columns:
            found = self.data[name]
            if isinstance(found, pd.DataFrame):
                self._not_one_column(standard, name, found)
                return None
            return found
        mapped = f" (mapped from the file's '{column}')" if name != column else ""
        hint = did_you_mean(name, [str(c) for c in self.data.columns]) or (
            f"map it with columns={{'{column}': '<your column>'}} or the file's columns: section"
        )
        self.problem(standard, name, f"not found in the data{mapped}", hint, "column_missing")
        return None

    def _not_one_column(self, standard: str, name: str, found: pd.DataFrame) -> None:
        copies = int((self.data.columns == name).sum()) if not isinstance(self.data.columns, pd.MultiIndex) else 1
        if copies > 1:
            self.fail(
                standard,
                name,
                f"the data has {copies} columns named '{name}'",
                "give each column its own name, or keep the first: data.loc[:, ~data.columns.duplicated()]",
                "column_duplicate",
            )
        else:
            self.fail(
                standard,
                name,
                f"'{name}' names a group of {found.shape[1]} column{'s' if found.shape[1] != 1 else ''} "
                "(the column names have several levels), not one column",
                "flatten the names, e.g. data.columns = ['_'.join(map(str, c)) for c in data.columns]",
                "column_not_single",
            )

    def row_names(self, positions: np.ndarray) -> list[str]:
        """How messages name rows: ``line N`` of a file read by the command line, else ``row N`` (0-based).

        A sheet of a workbook names ``row N of sheet S``, numbered as the spreadsheet does (the header is row 1).
        """
        lines = self.data.attrs.get(LINES_ATTR)
        index = self.data.index
        if (
            isinstance(lines, Mapping)
            and isinstance(index, pd.RangeIndex)
            and (index.start, index.step, len(index)) == (0, 1, lines.get("rows"))
        ):
            first = int(lines.get("first", 1))
            sheet = lines.get("sheet")
            if sheet is not None:
                return [f"row {first + int(p)} of sheet {sheet}" for p in positions]
            return [f"line {first + int(p)}" for p in positions]
        return [f"row {int(p)}" for p in positions]

    def described(self, values: pd.Series, mask: np.ndarray, what: tuple[str, str]) -> str:
        """``2 of 5 values are {what}: 'x' (row 1), 'y' (row 4)`` -- the first few values of ``mask``.

        ``what`` is said of one value and of several.
        """
        positions = np.flatnonzero(mask)
        present = int(values.notna().sum())
        shown = positions[:SHOWN_VALUES]
        names = self.row_names(shown)
        picked = values.iloc[shown]
        try:
            quoted = picked.tolist()
        except OutOfBoundsDatetime:  # aware times whose wall clock in their zone leaves the ns range: shown in UTC
            quoted = picked.dt.tz_convert("UTC").tolist()
        items = [f"{_shown(v)} ({n})" for v, n in zip(quoted, names, strict=True)]
        more = ", ..." if len(positions) > len(shown) else ""
        said = f"is {what[0]}" if len(positions) == 1 else f"are {what[1]}"
        return f"{len(positions):,} of {present:,} values {said}: {', '.join(items)}{more}"

    # -- typed access --------------------------------------------------------
    def typed(
        self, kind: str, standard: str, column: str, convert: Callable[[str, str, pd.Series], T | None]
    ) -> T | None:
        """A column converted once per evaluation; a failure names every standard asking."""
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
        return self.typed("timestamps", standard, column, self._to_timestamps)

    def _to_timestamps(self, standard: str, name: str, series: pd.Series) -> np.ndarray | None:
        series = numpy_backed(series)
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            self._zones[name] = "aware" if isinstance(series.dtype, pd.DatetimeTZDtype) else "naive"
            fast = _utc_ns(series, self.timezone)
            if fast is not None:
                self._latest[name] = fast[1]
                return fast[0]
            ns, outside = _checked_ns(series, self.timezone, try_fast=False)
            if outside.any():
                self._fail_timestamps(standard, name, series, np.zeros(len(series), dtype=bool), outside)
                return None
            return ns
        if series.isna().all():
            return np.full(len(series), NAT, dtype=np.int64)
        if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
            parsed = _parse_iso(series, self.timezone, dayfirst=self.prepared.dayfirst_of(name))
            if parsed.zone:
                self._zones[name] = parsed.zone
            if parsed.unreadable.any() or parsed.outside.any():
                self._fail_timestamps(standard, name, series, parsed.unreadable, parsed.outside)
                return None
            return parsed.ns
        self.fail(
            standard,
            name,
            f"expected timestamps, found {series.dtype}",
            "convert it with pandas.to_datetime (epoch numbers are ambiguous: say their unit)",
            "timestamp_type",
        )
        return None

    def _fail_timestamps(
        self, standard: str, name: str, series: pd.Series, unreadable: np.ndarray, outside: np.ndarray
    ) -> None:
        parts, hints = [], []
        if unreadable.any():
            if self.prepared.dayfirst_of(name):
                parts.append(self.described(series, unreadable, _DAY_FIRST))
                hints.append(DAY_FIRST_HINT)
            else:
                parts.append(
                    self.described(series, unreadable, ("not an ISO 8601 date-time", "not ISO 8601 date-times"))
                )
                hints.append(ISO_HINT)
        if outside.any():
            clock = f" on the clock of {self.timezone}" if self.timezone != "UTC" else ""
            outside_range = f"out of the supported range {COLUMN_RANGE}{clock}"
            parts.append(self.described(series, outside, (outside_range, outside_range)))
            hints.append(RANGE_HINT)
        code = "timestamp_type" if unreadable.any() else "timestamp_range"
        self.fail(standard, name, "expected timestamps; " + "; ".join(parts), "; ".join(hints), code)

    def numbers(self, standard: str, column: str) -> tuple[np.ndarray, bool] | None:
        """Float64 values (seconds for timedeltas) and whether they were timedeltas."""
        return self.typed("numbers", standard, column, self._to_numbers)

    def _to_numbers(self, standard: str, name: str, series: pd.Series) -> tuple[np.ndarray, bool] | None:
        series = numpy_backed(series)
        if pd.api.types.is_timedelta64_dtype(series.dtype):
            ns = series.dt.as_unit("ns").to_numpy("int64", na_value=NAT)
            values = ns.astype(np.float64) / 1e9
            values[ns == NAT] = np.nan
            return values, True
        if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
            if series.isna().all():
                return np.full(len(series), np.nan), False
            self.fail(
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
        return self.typed("flags", standard, column, self._to_flags)

    def _to_flags(self, standard: str, name: str, series: pd.Series) -> np.ndarray | None:
        missing = series.isna().to_numpy()
        if pd.api.types.is_bool_dtype(series.dtype):
            values = series.to_numpy(dtype=bool, na_value=False)
        elif pd.api.types.is_numeric_dtype(series.dtype):
            numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
            if not np.isin(numbers[~missing], (0.0, 1.0)).all():
                self.fail(
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
                self.fail(
                    standard,
                    name,
                    f"expected true/false (or 0/1), found {series.dtype} values",
                    "convert it, e.g. df[col].map({'yes': True, 'no': False})",
                    "flag_type",
                )
                return None
            # by position: a categorical without a False category cannot take False as a fill value
            values = np.zeros(len(series), dtype=bool)
            values[~missing] = present.to_numpy(dtype=object).astype(bool)
        out = values.astype(np.int8)
        out[missing] = -1
        return out


@dataclass
class _Failure:
    """A column that cannot be used, and the standards that use it."""

    message: str
    hint: str
    code: str
    users: list[str]
    index: int  # its place in Columns.problems


_SHAPE_CODES = ("column_duplicate", "column_not_single")
_DAY_FIRST = (
    "not a day-first date-time in the layout of the first value",
    "not day-first date-times in the layout of the first value",
)
DAY_FIRST_HINT = (
    "the data: section says dayfirst: true, so text such as 01-03-2016 10:00 is read as 1 March in one layout "
    "for the whole column; give the column a format: in its columns: description (e.g. %d-%m-%Y %H:%M) "
    "when the layout varies, or mark values that mean 'none' with missing:"
)
