"""Data as exported, on a lazy frame: the plan's :class:`~svcstandards.plan.nodes.Prepare` step in narwhals.

The same step as the pandas engine's (:mod:`svcstandards.engines.prepare`),
on whole columns inside Polars or DuckDB:

- missing markers and empty text (compared after stripping blanks, as
  Python's ``str.strip`` does) become null; a number that is a marker is
  null in a numeric column; a text column whose other values are all plain
  numbers becomes a float column once a marker was found;
- text read in a ``format:`` becomes a naive datetime column (the
  backend's own strptime, a hook of :mod:`._backends`); the directives
  whose reading is the same as pandas' on both backends are accepted
  (``%Y %m %d %H %M %S %y %I %p %b``, ``.%f`` and ``%%``), others are
  refused by name;
- a time built from a date and a clock time (``H:MM[:SS]`` text or a
  duration) is integer microseconds of the wall clock, one day later where
  it reads more than 12 hours earlier than the time it comes ``after``.
  Dates without a ``format:`` are read as pandas reads them: in the layout
  pandas guesses from the column's first value (pandas' own guesser, on
  that one value); a first value it finds no layout for is refused;
- values that are present but do not read become null, and a boolean
  column says which rows those are, for the :class:`~svcstandards.nodes.Unreadable`
  rule (the row is ``invalid``). The ``value_format`` warning has the
  pandas engine's words and examples: the counts come from one small
  aggregation, the first three examples from a query of three rows.

Small queries run before the counting, none returns rows: whether a text
column with markers holds only numbers (one row of counts), the first
value of a date column without a format (one row per column), the counts
of unreadable values (one row) and, only where there are some, their
first three examples (the row position is a window over the rows in
DuckDB, ``row_number() over ()``, one pass).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...errors import DataProblem, UsageError
from ...nodes import BuildTime, Prepare, ReadColumn, Unreadable, walk
from ...plan import Plan
from ..prepare import built_time_said, value_format_hint
from ._backends import Backend, TimeColumn
from ._layouts import described_rows, first_value, guessed_layout, in_layout, is_marked, strip, unsupported_format

__all__ = ["LazyPrepared", "prepare_lazy", "unreadable_users"]

#: A clock time as exported, as the pandas engine reads it: H:MM or H:MM:SS, with fractions of a second.
CLOCK = r"^([0-9]{1,3}):([0-9]{2})(?::([0-9]{2}(?:\.[0-9]+)?))?$"
#: Text that pandas' ``to_numeric`` reads as a number (not NaN).
NUMBER = r"^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity))$"
DAY_US = 86_400 * 10**6
HALF_DAY_US = DAY_US // 2


@dataclass
class LazyPrepared:
    """The prepared frame; per prepared column the boolean column of its unreadable rows, and its warning."""

    frame: Any
    unreadable: dict[str, str] = field(default_factory=dict)
    problems: dict[str, DataProblem] = field(default_factory=dict)


@dataclass
class _Check:
    """A prepared column whose values may not read: its flag column, the values shown, what they should be."""

    column: str
    flag: str
    shown: Any
    present: Any
    what: str
    format: str | None


def prepare_lazy(nw: Any, frame: Any, backend: Backend, step: Prepare, *, lines: int | None = None) -> LazyPrepared:
    """Run ``step`` on the lazy ``frame``: the columns it prepares replaced, the built times added.

    ``lines``: the line of the file that row 0 is (a CSV file given as a path), for naming rows in messages.
    """
    if not step.steps:
        return LazyPrepared(frame)
    schema = dict(frame.collect_schema())
    _refuse(nw, step, schema, backend)
    text = {name for name, dtype in schema.items() if dtype == nw.String}
    reads = [s for s in step.steps if isinstance(s, ReadColumn) and s.column in schema]
    builds = [s for s in step.steps if isinstance(s, BuildTime) and s.date in schema and s.clock in schema]
    numeric = _becoming_numbers(nw, frame, [r for r in reads if r.column in text and r.missing])
    layouts = _guessed_layouts(nw, frame, backend, [b for b in builds if b.format is None and b.date in text])
    replaced: dict[str, Any] = {}
    stripped: dict[str, Any] = {}  # each step a column of its own: DuckDB would compute a repeated part again
    marks: dict[str, Any] = {}
    temps: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    parse: dict[str, tuple[str, str]] = {}
    checks: list[_Check] = []
    for i, read in enumerate(reads):
        column = nw.col(read.column)
        if read.column in text:
            stripped[f"__svc_s{i}"] = strip(column)
            marks[f"__svc_k{i}"] = ~is_marked(nw, nw.col(f"__svc_s{i}"), read.missing)
            unmarked = nw.col(f"__svc_k{i}")
            kept = nw.when(unmarked).then(column)
            if read.column in numeric:
                replaced[read.column] = nw.when(unmarked).then(nw.col(f"__svc_s{i}")).cast(nw.Float64)
            elif read.format is not None:
                temps[f"__svc_x{i}"] = in_layout(nw, nw.when(unmarked).then(nw.col(f"__svc_s{i}")), read.format)
                parse[f"__svc_p{i}"] = (f"__svc_x{i}", read.format)
                flag = f"__svc_u{i}"
                checks.append(_Check(read.column, flag, column, ~column.is_null(), _format_said(read), read.format))
                flags[flag] = ~kept.is_null() & nw.col(f"__svc_p{i}").is_null()
                replaced[read.column] = nw.col(f"__svc_p{i}")
            else:
                replaced[read.column] = kept
        elif schema[read.column].is_numeric() and schema[read.column] != nw.Boolean:
            numbers = pd.to_numeric(pd.Series(read.missing, dtype=object), errors="coerce").dropna().tolist()
            if numbers:
                replaced[read.column] = nw.when(~column.cast(nw.Float64).is_in(numbers).fill_null(False)).then(column)
    frame = frame.with_columns(**stripped) if stripped else frame
    frame = frame.with_columns(**marks) if marks else frame
    frame = frame.with_columns(**temps) if temps else frame
    frame = backend.parse_times(frame, parse)
    frame = frame.with_columns(**flags) if flags else frame
    frame, built = _build_times(nw, frame, backend, builds, schema, layouts, checks)
    replaced.update(built)
    prepared = LazyPrepared(frame)
    if checks:
        prepared.problems = _problems(nw, frame, backend, checks, lines)
        prepared.unreadable = {check.column: check.flag for check in checks}
    frame = frame.with_columns(**replaced) if replaced else frame
    kept_flags = {check.flag for check in checks}
    dropped = [name for name in frame.collect_schema() if name.startswith("__svc_") and name not in kept_flags]
    prepared.frame = frame.drop(*dropped) if dropped else frame
    return prepared


def _refuse(nw: Any, step: Prepare, schema: Mapping[str, Any], backend: Backend) -> None:
    """What the lazy engine cannot read as pandas does, refused by name before any data is read."""
    found: list[str] = []
    for part in step.steps:
        source = part.column if isinstance(part, ReadColumn) else part.date
        read_as_text = schema.get(source) == nw.String  # a format applies to text only, as on pandas
        if part.format is not None and read_as_text and (directive := _unread(part.format, backend)) is not None:
            name = part.column if isinstance(part, ReadColumn) else part.name
            found.append(f"the format {part.format!r} of '{name}' ({directive} is not read as pandas reads it)")
        if not isinstance(part, BuildTime):
            continue
        date, clock = schema.get(part.date), schema.get(part.clock)
        if date is not None and not (date == nw.String or date == nw.Date or date == nw.Datetime):
            found.append(f"dates of type {date} in '{part.date}' (for '{part.name}')")
        elif date == nw.Date and (part.format is not None or part.dayfirst):
            # pandas reads dates (not datetimes) as their text, 2010-08-01, in the format or day first
            found.append(f"dates of type Date in '{part.date}' with a format: or day first (for '{part.name}')")
        elif date == nw.Datetime and getattr(date, "time_zone", None):
            found.append(f"dates with a time zone in '{part.date}' (for '{part.name}')")
        if clock is not None and not (clock == nw.String or clock == nw.Duration):
            found.append(f"clock times of type {clock} in '{part.clock}' (for '{part.name}')")
    if found:
        listed = "; ".join(dict.fromkeys(found))
        raise UsageError(
            f"the {backend.name} engine cannot read {listed}; give the column a format: "
            "(a strftime pattern such as %d-%m-%Y %H:%M with %Y %m %d %H %M %S), "
            "pass the dates and clock times as text, or use a pandas DataFrame"
        )


def _unread(format: str, backend: Backend) -> str | None:
    return unsupported_format(format) or backend.unsupported_format(format)


def _format_said(read: ReadColumn) -> str:
    return f"dates in the format {read.format}"


def _becoming_numbers(nw: Any, frame: Any, reads: Sequence[ReadColumn]) -> set[str]:
    """The text columns that become numbers: a marker found, and every other value a number (one row of counts)."""
    if not reads:
        return set()
    aggregations = {}
    for i, read in enumerate(reads):
        column = nw.col(read.column)
        stripped = strip(column)
        marked = is_marked(nw, stripped, read.missing)
        kept = ~column.is_null() & ~marked
        aggregations[f"h{i}"] = marked.cast(nw.Int64).sum()
        aggregations[f"k{i}"] = kept.cast(nw.Int64).sum()
        aggregations[f"t{i}"] = (kept & ~stripped.str.contains(NUMBER).fill_null(False)).cast(nw.Int64).sum()
    row = frame.select(**aggregations).collect().rows(named=True)[0]
    return {
        read.column
        for i, read in enumerate(reads)
        if (row[f"h{i}"] or 0) > 0 and (row[f"k{i}"] or 0) > 0 and (row[f"t{i}"] or 0) == 0
    }


def _guessed_layouts(
    nw: Any, frame: Any, backend: Backend, builds: Sequence[BuildTime]
) -> dict[tuple[str, bool], str | None]:
    """Per text date column without a format (and day-first reading): the layout pandas guesses from its first
    value (``None`` when the column has no value to guess from). A first value without a layout is refused."""
    layouts: dict[tuple[str, bool], str | None] = {}
    firsts: dict[str, str | None] = {}
    refused: list[str] = []
    for build in builds:
        key = (build.date, build.dayfirst)
        if key in layouts:
            continue
        if build.date not in firsts:
            firsts[build.date] = first_value(nw, frame.select(build.date), backend, build.date)
        first = firsts[build.date]
        layout = None if first is None else guessed_layout(first, build.dayfirst)
        if first is not None and layout is None:
            refused.append(f"'{build.date}' (for '{build.name}'): its first date {first!r}")
        layouts[key] = layout
    if refused:
        raise UsageError(
            f"the {backend.name} engine reads dates without a format: in the layout pandas finds in their first "
            f"value, and finds none it reads the same way in {'; '.join(refused)}; "
            "give the time a format: in its columns: description (e.g. %d-%m-%Y), or use a pandas DataFrame"
        )
    return layouts


def _build_times(
    nw: Any,
    frame: Any,
    backend: Backend,
    builds: Sequence[BuildTime],
    schema: Mapping[str, Any],
    layouts: Mapping[tuple[str, bool], str | None],
    checks: list[_Check],
) -> tuple[Any, dict[str, Any]]:
    """The built times (as ``name -> expression`` of naive datetime columns), with their temporary columns added.

    Every step is a column of its own (a projection), so that no backend computes a part twice: DuckDB
    does not share the parts of an expression that repeats them.
    """
    if not builds:
        return frame, {}
    frame, days = _days(nw, frame, backend, builds, schema, layouts)
    frame, clocks = _clocks(nw, frame, builds, schema)
    unrolled, flags = {}, {}
    for j in range(len(builds)):
        day, no_day, bad_day = days[j]
        clock, no_clock, bad_clock = clocks[j]
        flags[f"__svc_bu{j}"] = nw.col(bad_day) | nw.col(bad_clock)
        unrolled[f"__svc_br{j}"] = nw.when(
            ~(nw.col(no_day) | nw.col(no_clock) | nw.col(bad_day) | nw.col(bad_clock))
        ).then(nw.col(day) + nw.col(clock))
    frame = frame.with_columns(**flags, **unrolled)
    stamps: dict[str, str] = {}
    for j, build in enumerate(builds):
        stamp = nw.col(f"__svc_br{j}")
        if build.after is not None and build.after in stamps:
            before = nw.col(stamps[build.after])
            # more than 12 hours earlier: it rolled over midnight; a little earlier is an error of the data, kept
            rolled = (~stamp.is_null() & ~before.is_null() & (before - stamp > HALF_DAY_US)).fill_null(False)
            frame = frame.with_columns(**{f"__svc_bt{j}": nw.when(rolled).then(stamp + DAY_US).otherwise(stamp)})
            stamps[build.name] = f"__svc_bt{j}"
        else:
            stamps[build.name] = f"__svc_br{j}"
        date, clock_text = nw.col(build.date), nw.col(build.clock)
        shown = nw.concat_str(date.cast(nw.String), nw.lit(" "), clock_text.cast(nw.String))
        present = ~date.is_null() & ~clock_text.is_null()
        checks.append(_Check(build.name, f"__svc_bu{j}", shown, present, built_time_said(build), build.format))
    frame = backend.times_from_us(frame, {f"__svc_bs{j}": stamps[b.name] for j, b in enumerate(builds)})
    return frame, {build.name: nw.col(f"__svc_bs{j}") for j, build in enumerate(builds)}


def _days(
    nw: Any,
    frame: Any,
    backend: Backend,
    builds: Sequence[BuildTime],
    schema: Mapping[str, Any],
    layouts: Mapping[tuple[str, bool], str | None],
) -> tuple[Any, list[tuple[str, str, str]]]:
    """Per build: the columns of its date's midnight (int64 microseconds of the wall clock), of a missing date,
    and of a present date that did not read. Each date column is read once per layout and markers."""
    texts, guarded, parse, epochs, midnights, missings, bads = {}, {}, {}, [], {}, {}, {}
    read: dict[tuple[str, str | None], str] = {}  # (date column, layout) -> its midnights
    marked: dict[tuple[str, tuple[str, ...]], str] = {}  # (date column, markers) -> which dates are missing
    unread: dict[tuple[str, str, str], str] = {}  # (date column, midnights, missing) -> which did not read
    found: list[tuple[str, str, str]] = []
    for build in builds:
        is_text = schema[build.date] == nw.String
        column = nw.col(build.date)
        layout = build.format if build.format is not None else layouts.get((build.date, build.dayfirst))
        key = (build.date, layout if is_text else None)
        text = f"__svc_dx{sorted(schema).index(build.date)}"
        if is_text:
            texts[text] = strip(column)
        if key not in read:
            i = len(read)
            read[key] = f"__svc_dd{i}"
            if is_text:
                guarded[f"__svc_dg{i}"] = in_layout(nw, nw.col(text), layout or "%Y-%m-%d")
                parse[f"__svc_pd{i}"] = (f"__svc_dg{i}", layout or "%Y-%m-%d")
            else:
                texts[f"__svc_pd{i}"] = column.cast(nw.Datetime("us"))
            epochs.append(TimeColumn(f"__svc_de{i}", f"__svc_pd{i}", "epoch"))
            midnights[f"__svc_dd{i}"] = (nw.col(f"__svc_de{i}") // DAY_US) * DAY_US
        day = read[key]
        if (build.date, build.missing) not in marked:
            missing = marked[(build.date, build.missing)] = f"__svc_dm{len(marked)}"
            marks = is_marked(nw, nw.col(text), build.missing) if is_text else nw.lit(False)
            missings[missing] = column.is_null() | marks
        missing = marked[(build.date, build.missing)]
        if (build.date, day, missing) not in unread:
            bad = unread[(build.date, day, missing)] = f"__svc_db{len(unread)}"
            bads[bad] = ~nw.col(missing) & nw.col(day).is_null() if is_text else nw.lit(False)
        found.append((day, missing, unread[(build.date, day, missing)]))
    frame = frame.with_columns(**texts)
    frame = frame.with_columns(**guarded) if guarded else frame
    frame = backend.parse_times(frame, parse)
    frame = backend.add_times(frame, epochs, "UTC")
    frame = frame.with_columns(**midnights, **missings)
    frame = frame.with_columns(**bads)
    return frame, found


#: A clock time of hours and minutes only, which gets ``:0`` seconds before it is split.
_HOURS_MINUTES = r"^[0-9]{1,3}:[0-9]{2}$"


def _clocks(
    nw: Any, frame: Any, builds: Sequence[BuildTime], schema: Mapping[str, Any]
) -> tuple[Any, list[tuple[str, str, str]]]:
    """Per build: the columns of its clock time (microseconds since midnight), of a missing clock time, and of
    a present value that is no clock time (H:MM or H:MM:SS, minutes and seconds under 60)."""
    stages: list[dict[str, Any]] = [{} for _ in range(5)]
    done: dict[tuple[str, tuple[str, ...]], tuple[str, str, str]] = {}
    found = []
    for build in builds:
        key = (build.clock, build.missing)
        if key not in done:
            k = len(done)
            names = (f"__svc_cu{k}", f"__svc_cm{k}", f"__svc_cb{k}")
            done[key] = names
            column = nw.col(build.clock)
            if schema[build.clock] == nw.Duration:
                stages[0].update(
                    {names[0]: column.dt.total_microseconds(), names[1]: column.is_null(), names[2]: nw.lit(False)}
                )
            else:
                text, shaped, parts = f"__svc_cx{k}", f"__svc_cs{k}", f"__svc_cp{k}"
                stages[0][text] = strip(column)
                stages[1][shaped] = nw.col(text).str.contains(CLOCK).fill_null(False)
                stages[1][names[1]] = column.is_null() | is_marked(nw, nw.col(text), build.missing)
                whole = nw.when(nw.col(shaped)).then(nw.col(text)).otherwise(nw.lit("0:00:00"))
                padded = nw.when(whole.str.contains(_HOURS_MINUTES).fill_null(False))
                stages[2][parts] = padded.then(nw.concat_str(whole, nw.lit(":0"))).otherwise(whole).str.split(":")
                hours, minutes, seconds = f"__svc_ch{k}", f"__svc_ci{k}", f"__svc_cj{k}"
                stages[3][hours] = nw.col(parts).list.get(0).cast(nw.Int64)
                stages[3][minutes] = nw.col(parts).list.get(1).cast(nw.Int64)
                stages[3][seconds] = nw.col(parts).list.get(2).cast(nw.Float64)
                total = nw.col(hours) * 3600 + nw.col(minutes) * 60 + nw.col(seconds)
                stages[4][names[0]] = (total * 1e6).round(0).cast(nw.Int64)
                valid = nw.col(shaped) & (nw.col(minutes) < 60) & (nw.col(seconds) < 60)
                stages[4][names[2]] = ~nw.col(names[1]) & ~valid
        found.append(done[key])
    for stage in stages:
        if stage:
            frame = frame.with_columns(**stage)
    return frame, found


def _problems(
    nw: Any, frame: Any, backend: Backend, checks: Sequence[_Check], lines: int | None
) -> dict[str, DataProblem]:
    """The ``value_format`` problem of each checked column with unreadable values, in the pandas engine's words."""
    found = described_rows(
        nw, frame, backend, [(c.flag, c.shown, c.present, (f"not {c.what}", f"not {c.what}")) for c in checks], lines
    )
    return {
        check.column: DataProblem("", check.column, message, value_format_hint(check.format), "value_format")
        for check, message in zip(checks, found, strict=True)
        if message is not None
    }


def unreadable_users(plans: Sequence[Plan]) -> dict[str, list[str]]:
    """Per prepared column, the standards whose rules count its unreadable rows invalid (in the plans' order)."""
    users: dict[str, list[str]] = {}
    for plan in plans:
        for node in walk(plan.rules):
            if isinstance(node, Unreadable) and plan.standard not in users.setdefault(node.column, []):
                users[node.column].append(plan.standard)
    return users
