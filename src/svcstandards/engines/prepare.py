"""The numpy/pandas engine's first step: the data as exported -> the columns the plans read.

Runs a :class:`~svcstandards.plan.nodes.Prepare` step on the caller's
frame and returns a new frame: a shallow copy in which the prepared
columns are replaced (or, for times built from a date and a clock, added).
The caller's frame is never modified. Every operation is on whole columns.

Values that are present but do not read in their format become missing in
the prepared column, and their rows are listed in :attr:`Prepared.unreadable`
so that the standards using the column count them ``invalid``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import DataProblem
from ..plan.nodes import BuildTime, Prepare, ReadColumn
from ._columns import Columns

__all__ = ["Prepared", "built_time_said", "prepare", "unreadable_warnings", "value_format_hint"]

#: A clock time as exported: H:MM or H:MM:SS, with fractions of a second.
_CLOCK = r"^(\d{1,3}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$"
_HALF_DAY = np.timedelta64(12 * 3600, "s")
_ONE_DAY = np.timedelta64(1, "D")


@dataclass
class Prepared:
    """The prepared frame, and per prepared column the rows whose value did not read (with the problem said)."""

    frame: pd.DataFrame
    unreadable: dict[str, np.ndarray] = field(default_factory=dict)
    problems: dict[str, DataProblem] = field(default_factory=dict)


def prepare(data: pd.DataFrame, step: Prepare) -> Prepared:
    """Run ``step`` on ``data``; ``data`` itself is not modified.

    >>> import pandas as pd
    >>> from svcstandards.plan.nodes import BuildTime, Prepare
    >>> calls = pd.DataFrame({"date": ["2010-08-01"], "q": ["23:59:50"], "s": ["0:00:20"]})
    >>> step = Prepare((BuildTime("queued", "date", "q"), BuildTime("answered", "date", "s", after="queued")))
    >>> prepare(calls, step).frame["answered"].tolist()
    [Timestamp('2010-08-02 00:00:20')]
    """
    if not step.steps:
        return Prepared(data)
    replaced: dict[str, pd.Series] = {}
    out = Prepared(data)
    reader = Columns(data, {}, "UTC")  # for naming rows and quoting values in messages
    seen = _Seen()
    for part in step.steps:
        if isinstance(part, ReadColumn):
            if part.column not in data.columns or not isinstance(data[part.column], pd.Series):
                continue  # a missing or duplicated column is reported where the standards read it
            source = data[part.column]
            values = _without_markers(source, part.missing)
            if part.format is not None and _is_text(values):
                stamps = _parse_dates(values, part.format, part.dayfirst)
                bad = values.notna().to_numpy(dtype=bool) & stamps.isna().to_numpy(dtype=bool)
                _note(out, reader, part.column, source, bad, f"dates in the format {part.format}", part.format)
                values = stamps
            if values is not source:
                replaced[part.column] = values
        else:
            built = _build_time(data, part, replaced, out, reader, seen)
            if built is not None:
                replaced[part.name] = built
    if not replaced:
        return out
    frame = data.copy(deep=False)
    for name, values in replaced.items():
        frame[name] = values
    frame.attrs = dict(data.attrs)
    out.frame = frame
    return out


class _Seen:
    """What one run has read already: the distinct values of a column, the dates of a date column."""

    def __init__(self) -> None:
        self._distinct: dict[str, tuple[np.ndarray, pd.Series]] = {}
        self.dates: dict[tuple[str, str | None, bool], pd.Series] = {}

    def distinct(self, column: str, values: pd.Series) -> tuple[np.ndarray, pd.Series]:
        if column not in self._distinct:
            self._distinct[column] = _distinct(values)
        return self._distinct[column]


def _is_text(values: pd.Series) -> bool:
    return bool(pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype))


def _without_markers(values: pd.Series, markers: tuple[str, ...]) -> pd.Series:
    """``values`` with every marker (and empty text) missing; the same object when none is found.

    Text compares after stripping blanks; in a numeric column a marker that
    is a number compares by value (``"-1"`` marks -1.0). A text column whose
    other values are all numbers becomes numeric once its markers are gone.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = pd.to_numeric(pd.Series(markers, dtype=object), errors="coerce").dropna()
        hit = values.isin(numbers.tolist()).to_numpy(dtype=bool) if len(numbers) else None
        return values.mask(hit) if hit is not None and hit.any() else values
    if not _is_text(values):
        return values
    text = values.astype("string").str.strip()
    hit = (text.isin(markers) | (text == "")).to_numpy(dtype=bool, na_value=False)
    if not hit.any():
        return values
    kept = values.mask(hit)
    present = kept.dropna()
    if not markers or present.empty or pd.to_numeric(present.iloc[:20], errors="coerce").isna().any():
        return kept  # text that is not numbers (the first values tell, without reading them all)
    numbers = pd.to_numeric(kept, errors="coerce")
    return numbers if bool((numbers.notna() == kept.notna()).all()) else kept


def _parse_dates(
    values: pd.Series, format: str | None, dayfirst: bool, found: tuple[np.ndarray, pd.Series] | None = None
) -> pd.Series:
    """Text -> naive (or, with %z, aware) timestamps; NaT where a value does not read.

    Each distinct value is read once (an export repeats its dates and times);
    ``found``: the codes and distinct values of ``values``, when known.
    """
    codes, distinct = found if found is not None else _distinct(values)
    text = distinct.astype("string").str.strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns when it has to guess the layout: unread values are reported
        if format is not None:
            parsed = pd.to_datetime(text, format=format, errors="coerce")
        else:
            parsed = pd.to_datetime(text, dayfirst=dayfirst, errors="coerce")
    return pd.Series(_spread(pd.Series(parsed), codes), index=values.index)


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Per row the code of its value (-1: missing), and the distinct values."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), pd.Series(distinct)


def _spread(per_value: pd.Series, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The values of the distinct values back on the rows (missing where the code is -1)."""
    missing = per_value.iloc[:0].reindex([0])  # one missing value of the result's type, for code -1
    spread: pd.api.extensions.ExtensionArray | np.ndarray = pd.concat([per_value, missing], ignore_index=True).array
    return spread.take(codes)


def _marked(codes: np.ndarray, distinct: pd.Series, markers: tuple[str, ...]) -> np.ndarray:
    """Per row: whether the value is a marker of a missing value or empty text (on the distinct values)."""
    text = distinct.astype("string").str.strip()
    hit = (text.isin(markers) | (text == "")).to_numpy(dtype=bool, na_value=False)
    marked: np.ndarray = np.append(hit, False)[codes]
    return marked


def _dates(values: pd.Series, step: BuildTime, seen: _Seen) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The date column as midnight timestamps (datetime64[ns], naive wall clock), which are missing,
    and which present values did not read."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_localize(None)
        day = stamps.dt.as_unit("ns").dt.normalize().to_numpy(dtype="datetime64[ns]")
        return day, np.isnat(day), np.zeros(len(values), dtype=bool)
    if not _is_text(values):
        values = values.astype("string")  # date objects, numbers: read as their text
    codes, distinct = seen.distinct(step.date, values)
    missing = (codes < 0) | _marked(codes, distinct, step.missing)
    key = (step.date, step.format, step.dayfirst)
    if key not in seen.dates:
        seen.dates[key] = _parse_dates(values, step.format, step.dayfirst, (codes, distinct))
    stamps = seen.dates[key]
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    day = stamps.dt.as_unit("ns").dt.normalize().to_numpy(dtype="datetime64[ns]")
    return day, missing, ~missing & np.isnat(day)


def _clock(values: pd.Series, step: BuildTime, seen: _Seen) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The clock column as durations since midnight (timedelta64[ns]), which are missing, and which
    present values are no clock time. Each distinct value is read once."""
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        spans = values.to_numpy(dtype="timedelta64[ns]")
        return spans, np.isnat(spans), np.zeros(len(values), dtype=bool)
    codes, distinct = seen.distinct(step.clock, values)
    missing = (codes < 0) | _marked(codes, distinct, step.missing)
    parts = distinct.astype("string").str.strip().str.extract(_CLOCK)
    hours, minutes, seconds = (pd.to_numeric(parts[i], errors="coerce").to_numpy(np.float64) for i in range(3))
    seconds = np.nan_to_num(seconds, nan=0.0)  # H:MM: no seconds
    with np.errstate(invalid="ignore"):
        valid = (minutes < 60) & (seconds < 60)  # NaN (no match) compares false
    ns = np.round((hours * 3600 + minutes * 60 + seconds) * 1e9)
    per_value = np.where(valid, ns, np.nan)
    spans = np.append(per_value, np.nan)[codes]
    spans = np.where(np.isnan(spans), np.iinfo(np.int64).min, spans).astype(np.int64).view("timedelta64[ns]")
    spans[missing] = np.timedelta64("NaT")
    return spans, missing, ~missing & np.isnat(spans)


def _build_time(
    data: pd.DataFrame, step: BuildTime, done: dict[str, pd.Series], out: Prepared, reader: Columns, seen: _Seen
) -> pd.Series | None:
    for column in (step.date, step.clock):
        if column not in data.columns or not isinstance(data[column], pd.Series):
            return None  # reported where the standards read the built time (it is then not in the data)
    date_source, clock_source = data[step.date], data[step.clock]
    day, no_day, bad_day = _dates(date_source, step, seen)
    clock, no_clock, bad_clock = _clock(clock_source, step, seen)
    bad = bad_day | bad_clock
    stamps = day + clock  # NaT where either is
    stamps[no_day | no_clock | bad] = np.datetime64("NaT")
    if step.after is not None and step.after in done:
        before = done[step.after].to_numpy(dtype="datetime64[ns]")
        # more than 12 hours earlier: it rolled over midnight; a little earlier is an error of the data, kept
        rolled = ~np.isnat(stamps) & ~np.isnat(before) & (before - stamps > _HALF_DAY)
        if rolled.any():
            stamps = np.where(rolled, stamps + _ONE_DAY, stamps)
    if bad.any():
        shown = date_source.astype("string") + " " + clock_source.astype("string")
        _note(out, reader, step.name, shown, bad, built_time_said(step), step.format)
    return pd.Series(stamps, index=data.index, name=step.name)


def _note(
    out: Prepared, reader: Columns, column: str, values: pd.Series, bad: np.ndarray, what: str, format: str | None
) -> None:
    """The rows of ``column`` whose value did not read: kept, and said as unreadable timestamps are."""
    if not bad.any():
        return
    out.unreadable[column] = bad
    described = reader.described(values.astype(object), bad, (f"not {what}", f"not {what}"))
    out.problems[column] = DataProblem("", column, described, value_format_hint(format), "value_format")


def built_time_said(step: BuildTime) -> str:
    """What a value of a built time should have been, for the message about values that did not read."""
    layout = f" in the format {step.format}" if step.format else (" (day first)" if step.dayfirst else "")
    return f"a date{layout} in '{step.date}' and a clock time (H:MM or H:MM:SS) in '{step.clock}'"


def value_format_hint(format: str | None) -> str:
    """The hint of a ``value_format`` warning."""
    if format is not None:
        return (
            "fix the values, mark them as missing with missing: in the column's description or the data: section, "
            "or correct the format: (a strftime pattern such as %d-%m-%Y %H:%M)"
        )
    return "fix the values, or mark them as missing with missing: in the column's description or the data: section"


def unreadable_warnings(problems: Mapping[str, DataProblem], users: Mapping[str, list[str]]) -> list[DataProblem]:
    """The values that did not read in their format, once per column, naming the standards that counted them invalid."""
    found = []
    for column, problem in problems.items():
        who = users.get(column, [])
        said = f"{problem.message}; those rows are invalid for the standards that use it"
        if len(who) == 1:
            found.append(replace(problem, standard=who[0], message=said))
        elif who:
            found.append(replace(problem, message=f"used by {', '.join(who)}: {said}"))
    return found
