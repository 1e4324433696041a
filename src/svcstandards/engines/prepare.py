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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataProblem
from ..plan.nodes import BuildTime, Prepare, ReadColumn
from ._columns import Columns

__all__ = ["Prepared", "prepare"]

#: A clock time as exported: H:MM or H:MM:SS, with fractions of a second.
_CLOCK = r"^\d{1,3}:\d{2}(?::\d{2}(?:\.\d+)?)?$"
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
            built = _build_time(data, part, replaced, out, reader)
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
    numbers = pd.to_numeric(kept, errors="coerce")
    if markers and bool((numbers.notna() == kept.notna()).all()) and kept.notna().any():
        return numbers
    return kept


def _parse_dates(values: pd.Series, format: str | None, dayfirst: bool) -> pd.Series:
    """Text -> naive (or, with %z, aware) timestamps; NaT where a value does not read."""
    text = values.astype("string").str.strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns when it has to guess the layout: unread values are reported
        if format is not None:
            parsed = pd.to_datetime(text, format=format, errors="coerce")
        else:
            parsed = pd.to_datetime(text, dayfirst=dayfirst, errors="coerce")
    return pd.Series(parsed, index=values.index)


def _dates(values: pd.Series, step: BuildTime) -> tuple[pd.Series, np.ndarray]:
    """The date column as midnight timestamps (naive wall-clock), and which present values did not read."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_localize(None)
        return stamps.dt.as_unit("ns").dt.normalize(), np.zeros(len(values), dtype=bool)
    present = values.notna().to_numpy(dtype=bool)
    if not _is_text(values):
        values = values.astype("string")  # date objects, numbers: read as their text
    stamps = _parse_dates(values, step.format, step.dayfirst)
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    stamps = stamps.dt.as_unit("ns").dt.normalize()
    return stamps, present & stamps.isna().to_numpy(dtype=bool)


def _clock(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The clock column as durations since midnight, and which present values are no clock time."""
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        return values.astype("timedelta64[ns]"), np.zeros(len(values), dtype=bool)
    text = values.astype("string").str.strip()
    present = text.notna().to_numpy(dtype=bool)
    shaped = text.str.fullmatch(_CLOCK).to_numpy(dtype=bool, na_value=False)
    seconds = text.where(shaped).str.replace(r"^(\d+:\d{2})$", r"\1:00", regex=True)
    spans = pd.to_timedelta(seconds, errors="coerce").astype("timedelta64[ns]")
    return spans, present & spans.isna().to_numpy(dtype=bool)


def _build_time(
    data: pd.DataFrame, step: BuildTime, done: dict[str, pd.Series], out: Prepared, reader: Columns
) -> pd.Series | None:
    for column in (step.date, step.clock):
        if column not in data.columns or not isinstance(data[column], pd.Series):
            return None  # reported where the standards read the built time (it is then not in the data)
    date_source, clock_source = data[step.date], data[step.clock]
    dates, bad_date = _dates(_without_markers(date_source, step.missing), step)
    clocks, bad_clock = _clock(_without_markers(clock_source, step.missing))
    built = pd.Series(dates.to_numpy() + clocks.to_numpy(), index=data.index, name=step.name)
    if step.after is not None and step.after in done:
        before = done[step.after].to_numpy()
        mine = built.to_numpy()
        rolled = ~np.isnat(mine) & ~np.isnat(before) & (mine < before)
        if rolled.any():
            built = pd.Series(np.where(rolled, mine + _ONE_DAY, mine), index=data.index, name=step.name)
    bad = bad_date | bad_clock
    if bad.any():
        built = built.mask(bad)
        layout = f" in the format {step.format}" if step.format else (" (day first)" if step.dayfirst else "")
        what = f"a date{layout} in '{step.date}' and a clock time (H:MM or H:MM:SS) in '{step.clock}'"
        shown = date_source.astype("string") + " " + clock_source.astype("string")
        _note(out, reader, step.name, shown, bad, what, step.format)
    return built


def _note(
    out: Prepared, reader: Columns, column: str, values: pd.Series, bad: np.ndarray, what: str, format: str | None
) -> None:
    """The rows of ``column`` whose value did not read: kept, and said as unreadable timestamps are."""
    if not bad.any():
        return
    out.unreadable[column] = bad
    described = reader.described(values.astype(object), bad, (f"not {what}", f"not {what}"))
    hint = (
        "fix the values, mark them as missing with missing: in the column's description or the data: section, "
        "or correct the format: (a strftime pattern such as %d-%m-%Y %H:%M)"
        if format is not None
        else "fix the values, or mark them as missing with missing: in the column's description or the data: section"
    )
    message = f"{described}; those rows are invalid for the standards that use it"
    out.problems[column] = DataProblem("", column, message, hint, "value_format")
