"""Text timestamps on the lazy engine: ISO 8601 text, or day-first text, read as the pandas engine reads them.

The pandas engine reads a text column used as timestamps as ISO 8601 (with
an offset an instant, without one the wall clock in the file's time zone),
or, with ``dayfirst: true``, in the layout pandas guesses from the column's
first value. The lazy engine reads what it can read the same way:

- ISO 8601 without an offset: ``2026-03-02``, ``2026-03-02 09:15``,
  ``2026-03-02T09:15:00`` and fractions of a second to six digits, read by
  the backend's strptime in that layout; other ISO forms (an offset, ``Z``,
  a week date, ...) are refused with a :class:`~svcstandards.errors.UsageError`
  naming the column and showing the first such value;
- day-first text: the layout pandas' own guesser finds in the first value
  (one row is fetched), then read as a ``format:`` is; a value with an
  offset is refused.

A value that has the shape but does not read (``2026-02-30``) is the pandas
engine's ``timestamp_type`` problem, in its words (the evaluation stops).
Text pandas reads as no time (empty, ``NaT``, ``nan``) is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...errors import DataProblem, UsageError
from ...nodes import Prepare
from .._columns import _DAY_FIRST, DAY_FIRST_HINT
from .._timestamps import ISO_HINT
from ._backends import Backend
from ._layouts import described_rows, first_value, guessed_layout, in_layout, strip

__all__ = ["read_text_times"]

#: The ISO 8601 text the lazy engine reads as pandas does (no offset; ``T`` or a blank between date and time).
ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?$"
#: A time with an offset or ``Z`` at the end (the pandas engine's test of an aware value).
OFFSET = r"[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"
#: Text pandas reads as no time (compared stripped and in lower case).
MISSING_TEXT = ("", "nat", "nan")
#: The layouts of ISO text by its length (``T`` read as a blank); longer text has a fraction of a second.
_ISO_LAYOUTS = {10: "%Y-%m-%d", 16: "%Y-%m-%d %H:%M", 19: "%Y-%m-%d %H:%M:%S"}
_FRACTION = "%Y-%m-%d %H:%M:%S.%f"
_ISO_WORDS = ("not an ISO 8601 date-time", "not ISO 8601 date-times")
_TEMPORARY = ("__svc_tx", "__svc_tp", "__svc_tr", "__svc_tf")


def read_text_times(
    nw: Any,
    frame: Any,
    backend: Backend,
    step: Prepare,
    users: Mapping[str, Sequence[str]],
    *,
    lines: int | None = None,
) -> tuple[Any, list[DataProblem]]:
    """``frame`` with its text columns ``users`` names (each with the standards reading it as timestamps, in
    order) read as naive datetimes, and the pandas engine's problems where they do not read (the evaluation
    stops); a :class:`~svcstandards.errors.UsageError` for text it cannot read as pandas does."""
    if not users:
        return frame, []
    columns = list(users)
    dayfirst = {column: step.dayfirst_of(column) for column in columns}
    facts = frame.select(
        **{f"o{i}": _offset(nw, column).cast(nw.Int64).sum() for i, column in enumerate(columns)},
        **{f"u{i}": _unknown(nw, column).cast(nw.Int64).sum() for i, column in enumerate(columns)},
    )
    row = facts.collect().rows(named=True)[0]
    refused: list[str] = []
    layouts: dict[str, str] = {}
    for i, column in enumerate(columns):
        if row[f"o{i}"]:
            first = first_value(nw, frame, backend, column, ~_offset(nw, column))
            refused.append(f"'{column}' has times with an offset or Z ({first!r})")
        elif dayfirst[column]:
            first = first_value(nw, frame, backend, column)
            layout = None if first is None else guessed_layout(first, dayfirst=True)
            if first is not None and layout is None:
                refused.append(f"'{column}' is read day first, and its first value {first!r} has no layout it reads")
            layouts[column] = layout or "%d-%m-%Y"
        elif row[f"u{i}"]:
            first = first_value(nw, frame, backend, column, ~_unknown(nw, column))
            refused.append(f"'{column}' has text that is not ISO 8601 as it reads it ({first!r})")
    if refused:
        raise UsageError(
            f"the {backend.name} engine reads text timestamps as YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.ffffff]] "
            f"(or with T), or day first in one layout: {'; '.join(refused)}; give the column a format: in the "
            "file's columns: (e.g. {column: offered_at, format: '%d/%m/%Y %H:%M'}), convert it to datetimes, "
            "or use a pandas DataFrame"
        )
    texts: dict[str, Any] = {}
    parse: dict[str, tuple[str, str]] = {}
    parsed: dict[str, list[str]] = {}
    for i, column in enumerate(columns):
        raw = nw.col(column)
        if dayfirst[column]:
            texts[f"__svc_tx{i}"] = in_layout(nw, strip(raw), layouts[column])
            parse[f"__svc_tp{i}"] = (f"__svc_tx{i}", layouts[column])
            parsed[column] = [f"__svc_tp{i}"]
            continue
        iso = raw.str.replace_all("T", " ", literal=True)
        shaped = raw.str.contains(ISO).fill_null(False)
        parsed[column] = []
        for length, layout in (*_ISO_LAYOUTS.items(), (0, _FRACTION)):
            size = iso.str.len_chars()
            fits = size > 19 if length == 0 else size == length
            name = f"__svc_tx{i}_{length}"
            texts[name] = nw.when(shaped & fits.fill_null(False)).then(iso)
            parse[f"__svc_tp{i}_{length}"] = (name, layout)
            parsed[column].append(f"__svc_tp{i}_{length}")
    frame = frame.with_columns(**texts)
    frame = backend.parse_times(frame, parse)
    read = {f"__svc_tr{i}": nw.coalesce(*[nw.col(p) for p in parsed[column]]) for i, column in enumerate(columns)}
    frame = frame.with_columns(**read)
    flags = {
        f"__svc_tf{i}": _present(nw, column) & nw.col(f"__svc_tr{i}").is_null() for i, column in enumerate(columns)
    }
    frame = frame.with_columns(**flags)
    found = described_rows(
        nw,
        frame,
        backend,
        [
            (f"__svc_tf{i}", nw.col(column), ~nw.col(column).is_null(), _DAY_FIRST if dayfirst[column] else _ISO_WORDS)
            for i, column in enumerate(columns)
        ],
        lines,
    )
    problems = []
    for column, message in zip(columns, found, strict=True):
        if message is None:
            continue
        hint = DAY_FIRST_HINT if dayfirst[column] else ISO_HINT
        said = f"expected timestamps; {message}"
        who = list(users[column])
        if len(who) == 1:
            problems.append(DataProblem(who[0], column, said, hint, "timestamp_type"))
        else:
            problems.append(DataProblem("", column, f"used by {', '.join(who)}: {said}", hint, "timestamp_type"))
    frame = frame.with_columns(**{column: nw.col(f"__svc_tr{i}") for i, column in enumerate(columns)})
    return frame.drop(*[name for name in frame.collect_schema() if name.startswith(_TEMPORARY)]), problems


def _blank(nw: Any, column: str) -> Any:
    """Text pandas reads as no time."""
    return strip(nw.col(column)).str.to_lowercase().is_in(list(MISSING_TEXT)).fill_null(False)


def _present(nw: Any, column: str) -> Any:
    return ~nw.col(column).is_null() & ~_blank(nw, column)


def _offset(nw: Any, column: str) -> Any:
    return _present(nw, column) & nw.col(column).str.contains(OFFSET).fill_null(False)


def _unknown(nw: Any, column: str) -> Any:
    """Present text that is not ISO 8601 in a form the lazy engine reads (nor an offset's, counted apart)."""
    raw = nw.col(column)
    return _present(nw, column) & ~raw.str.contains(ISO).fill_null(False) & ~raw.str.contains(OFFSET).fill_null(False)
