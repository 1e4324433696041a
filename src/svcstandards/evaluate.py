"""Score interaction data against standards.

Per standard: scope, measure and outcome for every row
(:mod:`svcstandards.outcomes`), then one group-by count
(:mod:`svcstandards._grouping`) and the status of each group and period.

>>> import pandas as pd, svcstandards
>>> standards = svcstandards.loads('''
... version: 1
... standards:
...   - id: answered-20s
...     measure: {from: offered_at, to: answered_at}
...     within: 20s
...     floor: 80%
... ''')
>>> calls = pd.DataFrame({
...     "offered_at": pd.to_datetime(["2026-03-02 09:00:00", "2026-03-02 09:01:00"]),
...     "answered_at": pd.to_datetime(["2026-03-02 09:00:12", "2026-03-02 09:01:40"]),
... })
>>> report = svcstandards.evaluate(standards, calls)
>>> report.to_frame()[["standard", "n", "met", "share", "status"]].to_dict("records")
[{'standard': 'answered-20s', 'n': 2, 'met': 1, 'share': 0.5, 'status': 'fail'}]
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .calendars import BusinessCalendar, business_seconds_ns, is_open_ns
from .dataio import read_data, reading_options
from .engines._columns import NAT, TIMESTAMP_RANGE, UNHASHABLE, Columns, as_scalar_ns, beyond_ns_range, seconds_between
from .engines._grouping import (
    Grouping,
    count_outcomes,
    factorize_column,
    factorize_values,
    group_rows,
    orderable,
)
from .engines.lazy import choose_engine, evaluate_lazy
from .engines.numpy_rows import Clock, RowEngine
from .engines.outcomes import INVALID, MET, MISSED, OUT_OF_SCOPE, RowOutcomes
from .engines.prepare import prepare, unreadable_warnings
from .engines.row_calendars import PerRow, attach_row_calendars, row_seconds
from .engines.row_periods import period_column, periods_of
from .engines.scope import note_where_values
from .errors import DataError, DataProblem, InvalidArgumentError, UsageError
from .events.log import EventLogView, log_problems_warning, read_event_log, referenced_types, reply_cycles
from .format.loader import from_data, load
from .format.model import (
    PERIODS,
    AnyMeasure,
    DurationMeasure,
    ShareStandard,
    StandardSet,
    StatisticStandard,
)
from .kinds import kind_of
from .plan import compile_plan, compile_prepare
from .plan.nodes import IsIn
from .report._unscored import no_end_rows, unscored_reason
from .report.interval_budget import by_intervals
from .report.results import Report, StandardResult
from .report.status import summary_columns

__all__ = ["evaluate"]

AnyStandard = ShareStandard | StatisticStandard


def evaluate(
    standards: StandardSet | AnyStandard | str | os.PathLike[str],
    data: pd.DataFrame | Any,
    *,
    by: str | Sequence[str] | None = None,
    period: str | None = None,
    as_of: Any = None,
    columns: Mapping[str, str] | None = None,
    final: bool | None = None,
    engine: str | None = None,
) -> Report:
    """Score ``data`` (one row per interaction) against ``standards``.

    When the file has an ``events:`` section, ``data`` is an event log (one
    row per event): it is turned into one row per interaction (see
    :func:`svcstandards.interactions_from_events`), and standards with
    ``unit: reply`` are scored per reply cycle.

    ``by`` and ``period`` replace the standards' own grouping and period
    (``by=[]`` removes grouping); ``as_of`` is when open interactions are
    judged (default: the latest timestamp in each standard's measured
    columns); ``columns`` maps names used in the file to columns of the data
    and wins over the file's ``columns:``. ``final`` says whether the data is
    a final (closed, historical) extract, overriding the file's ``data: {final:
    ...}``: there an interaction whose measure has no end is ``invalid``
    (reason ``no_end``, one ``no_end`` warning per standard) instead of
    pending or missed at ``as_of``. The DataFrame is never modified.

    ``data`` may also be a Polars DataFrame or LazyFrame, a DuckDB relation,
    a Spark DataFrame, or the path (or glob) of Parquet or CSV files: the
    counting then happens inside Polars, DuckDB or Spark and only the results
    table comes back (see ``docs/engines.md`` for what runs there today).
    ``engine`` (``pandas``, ``polars``, ``duckdb`` or ``spark``; default: the
    data's own) converts a pandas DataFrame to that engine (Spark: in the
    active session), or says what reads a path (``pandas`` reads the whole
    file, with the file's ``data:`` options).

    Raises :class:`~svcstandards.errors.DataError` listing every problem with
    the data (missing columns, wrong types, ``where`` values that never occur
    but have a close match), named by standard and column. Warnings that do
    not stop the evaluation (a ``where`` value no row has, naive and aware
    timestamps in one duration) are kept in ``report.problems``.
    """
    standard_set, selected = _resolve(standards)
    engine, data = choose_engine(data, engine)
    if engine == "pandas" and not isinstance(data, pd.DataFrame):  # a path, read whole
        data = read_data(data, **reading_options(data, standard_set.data))
    lazy = engine != "pandas"
    if final is not None and not isinstance(final, bool | np.bool_):
        raise UsageError(f"final must be True, False or None (the file's data: {{final: ...}}), got {final!r}")
    if period is not None and period not in PERIODS:
        raise InvalidArgumentError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    by_override = (by,) if isinstance(by, str) else (tuple(by) if by is not None else None)
    mapping = {**standard_set.column_map, **(columns or {})}
    as_of_ns = None if as_of is None else _as_of_ns(as_of, standard_set.timezone)
    step = compile_prepare(standard_set, columns=columns, by=by_override)
    if lazy:  # counted inside Polars or DuckDB: only the results table comes back
        lazy_results, lazy_warnings = evaluate_lazy(
            standard_set,
            selected,
            data,
            by=by_override,
            period=period,
            as_of_ns=as_of_ns,
            mapping=mapping,
            prepare=step,
            final=final,
            engine=engine,
        )
        return Report(standard_set=standard_set, results=lazy_results, as_of=as_of_ns, problems=lazy_warnings)
    prepared = prepare(data, step)
    shown = data if prepared.frame is not data else None  # breaches show the rows as the caller gave them
    data = prepared.frame
    log = None
    if standard_set.events is not None:
        if prepared.problems:  # an event that cannot be placed in time cannot be placed in an interaction
            raise DataError([replace(p, standard="events") for p in prepared.problems.values()])
        types = referenced_types(standard_set, data.columns)
        log = read_event_log(data, standard_set.events, standard_set.timezone, mapping, types, prepared=step)
        data = log.frame
        shown = None
    columns_of = Columns(data, mapping, standard_set.timezone, prepared=step, unreadable=prepared.unreadable)
    context = _Context(standard_set, columns_of, as_of_ns, log=log)
    context.by, context.period, context.shown = by_override, period, shown
    context.final = standard_set.data.final if final is None else bool(final)
    results = []
    for standard in selected:
        here = context.for_reply_cycles(standard) if standard.unit == "reply" and log is not None else context
        results.append(_evaluate_standard(standard, here, by_override, period))
        here.columns.release_scratch(keep=1)  # one for the next standard's counts; the rest is not kept
    problems = [p for c in context.family() for p in c.columns.problems]
    if problems:
        raise DataError(problems)
    warnings = [w for c in context.family() for w in c.columns.warnings]
    warnings += unreadable_warnings(prepared.problems, context.columns.unreadable_users)
    if log is not None and (log_warning := log_problems_warning(log)) is not None:
        warnings.append(log_warning)
    return Report(
        standard_set=standard_set, results=[r for r in results if r is not None], as_of=as_of_ns, problems=warnings
    )


def _resolve(standards: Any) -> tuple[StandardSet, list[AnyStandard]]:
    if isinstance(standards, StandardSet):
        return standards, list(standards.standards)
    if isinstance(standards, ShareStandard | StatisticStandard):
        if isinstance(standards.measure, str):
            raise UsageError(
                f"standard '{standards.id}' uses the named measure '{standards.measure}'; "
                "pass its StandardSet (e.g. standard_set.select('" + standards.id + "'))"
            )
        wrapper = from_data({"version": 1, "standards": [standards]}, source=f"<standard {standards.id}>")
        return wrapper, [standards]
    if isinstance(standards, str | os.PathLike):
        loaded = load(standards)
        return loaded, list(loaded.standards)
    raise UsageError(f"standards must be a StandardSet, a standard or a path, got {type(standards).__name__}")


def _as_of_ns(value: Any, timezone: str) -> int:
    ns = as_scalar_ns(value, timezone)
    if ns is None and beyond_ns_range(value):
        problem = DataProblem(
            "",
            "",
            f"argument as_of: {_written_time(value)} is out of the supported range {TIMESTAMP_RANGE}",
            f"give as_of a time from {TIMESTAMP_RANGE}, or leave it out to judge at the latest time in the data",
            "as_of_range",
        )
        raise DataError([problem])
    if ns is None:
        raise InvalidArgumentError(f"as_of must be a timestamp, got {value!r}")
    return ns


def _written_time(value: Any) -> str:
    if isinstance(value, str):
        return value
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


class _Context:
    """What every standard of one evaluation shares: the data and its calendars."""

    def __init__(
        self,
        standard_set: StandardSet,
        columns: Columns,
        as_of: int | None,
        *,
        log: EventLogView | None = None,
        calendars: dict[str, Any] | None = None,
        parent: _Context | None = None,
    ) -> None:
        self.standard_set = standard_set
        self.columns = columns
        self.as_of = as_of
        self.log = log
        self._calendars: dict[str, Any] = calendars if calendars is not None else {}
        self._measures: dict[str, AnyMeasure] = {}
        self._children: dict[tuple[str, str], _Context] = {}
        self._parent = parent
        self._span_rows: np.ndarray | None = None  # per paused span: its row in this context's data
        self.by: tuple[str, ...] | None = parent.by if parent else None
        self.period: str | None = parent.period if parent else None
        self.final: bool = parent.final if parent else False
        self.shown: pd.DataFrame | None = None  # the caller's rows, when they were prepared into other columns

    def family(self) -> list[_Context]:
        """This context and those made for reply cycles."""
        return [self, *self._children.values()]

    def measure(self, standard: AnyStandard) -> AnyMeasure:
        return self._measures.get(standard.id) or self.standard_set.measure_of(standard)

    def log_problems(self) -> np.ndarray | None:
        """Per row: whether its event log cannot be trusted (None without an event log).

        Kept in the evaluation, not in the data: a log column of any name is the user's own.
        """
        if self.log is None:
            return None
        per_interaction = np.asarray(pd.notna(self.log.problems), dtype=bool)
        return per_interaction if self._span_rows is None else per_interaction[self._span_rows]

    def for_reply_cycles(self, standard: AnyStandard) -> _Context:
        """A context whose rows are the reply cycles between the measure's two event types."""
        assert self.log is not None
        measure = self.standard_set.measure_of(standard)
        cycles_of = kind_of(measure).reply_cycles(measure)
        assert cycles_of is not None, "the checks allow unit: reply only for kinds that measure reply cycles"
        key, on_cycles = cycles_of
        if key not in self._children:
            cycles = reply_cycles(self.log, *key)
            child = _Context(
                self.standard_set,
                Columns(cycles, self.columns.mapping, self.standard_set.timezone),
                self.as_of,
                log=self.log,
                calendars=self._calendars,
                parent=self,
            )
            child._span_rows = cycles["interaction"].to_numpy()
            self._children[key] = child
        child = self._children[key]
        child._measures[standard.id] = on_cycles
        return child

    def spans(self, statuses: tuple[str, ...] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Paused spans (of ``statuses``; default the log's) as (row of this context's data, start ns, end ns)."""
        assert self.log is not None
        pauses = self.log.pauses_in(statuses)
        owner = pauses["interaction"].to_numpy()
        start, end = pauses["start"].to_numpy(), pauses["end"].to_numpy()
        if self._span_rows is None:
            return owner, start, end
        # every span of an interaction meets every cycle of it
        cycles = pd.DataFrame({"interaction": self._span_rows, "row": np.arange(len(self._span_rows))})
        pairs = pd.DataFrame({"interaction": owner, "start": start, "end": end}).merge(cycles, on="interaction")
        return pairs["row"].to_numpy(), pairs["start"].to_numpy(), pairs["end"].to_numpy()

    def span_names(self) -> tuple[frozenset[str], Any] | None:
        events = self.standard_set.events
        if self.log is None or events is None or events.status is None:
            return None
        return frozenset({"status", events.status}), self.spans

    def calendar(self, name: str) -> Any:
        if name not in self._calendars:
            model = self.standard_set.calendars[name]
            self._calendars[name] = BusinessCalendar.from_model(model, self.standard_set.timezone)
        return self._calendars[name]

    def wall_seconds(self, start: np.ndarray, end: np.ndarray, missing: np.ndarray) -> np.ndarray:
        """Seconds from ``start`` to ``end`` on the wall clock, NaN where ``missing``; two scratch arrays are lent."""
        size = len(missing)
        with self.columns.scratch(size, np.int64) as whole, self.columns.scratch(size, np.int64) as rest:
            return seconds_between(start, end, nan_where=missing, scratch=(whole, rest))

    def elapsed(self, start: np.ndarray, end: np.ndarray, calendar: str | PerRow | None) -> np.ndarray:
        if isinstance(calendar, PerRow):  # each row on its own calendar: grouped by calendar
            return row_seconds(start, end, [self.calendar(name) for name in calendar.names], calendar.codes)
        if calendar is None:
            size = max(len(start), len(end))
            with self.columns.scratch(size, np.int64) as whole, self.columns.scratch(size, np.int64) as rest:
                return seconds_between(start, end, missing_as_nan=True, scratch=(whole, rest))
        missing = (start == NAT) | (end == NAT)
        seconds = np.asarray(business_seconds_ns(start, end, self.calendar(calendar)), dtype=np.float64)
        seconds[missing] = np.nan
        return seconds

    def is_open(self, stamps: np.ndarray, calendar: str) -> np.ndarray:  # during: measure is the plan's: all here
        known = calendar in self.standard_set.calendars
        return np.asarray(is_open_ns(stamps, self.calendar(calendar)) if known else np.ones(len(stamps)), dtype=bool)

    def default_as_of(self, standard: AnyStandard) -> int | None:
        if self.as_of is not None:
            return self.as_of
        measure = self.measure(standard)
        measured = kind_of(measure).as_of_columns(standard, measure)
        if not measured:
            return None
        latest = NAT
        for column in measured:
            stamps = self.columns.timestamps(standard.id, column) if column else None
            if column and stamps is not None and len(stamps):
                latest = max(latest, self.columns.latest(column, stamps))
        return None if latest == NAT else latest

    def note_where_values(self, standard: AnyStandard, engine: RowEngine) -> None:
        """Values of the standard's ``where`` and ``targets`` that never occur in the data (once per standard)."""
        cols = self.columns

        def equals(column: str, value: Any) -> np.ndarray:
            engine.begin(standard.id, None)
            return engine.cond(IsIn(cols.name(column), (value,)))

        wheres = [standard.where]
        if isinstance(standard, ShareStandard):
            wheres += [target.where for target in standard.targets or ()]
        for where in wheres:
            note_where_values(where, cols, standard.id, equals)

    def rows(self, standard: AnyStandard) -> RowOutcomes | None:
        plan = compile_plan(
            self.standard_set,
            standard,
            by=self.by,
            period=self.period,  # type: ignore[arg-type]
            columns=self.columns.mapping,
            final=self.final,
        )
        clock = Clock(
            self.elapsed,
            self.is_open,
            self.spans if self.span_names() else None,
            self.log_problems(),
            wall_seconds=self.wall_seconds,
        )
        engine = RowEngine(self.columns, clock)
        self.note_where_values(standard, engine)
        rows = engine.rows(plan, self.default_as_of(standard))
        if rows is not None and rows.row_calendars is not None:
            attach_row_calendars(rows, INVALID, self.calendar, self.columns, standard.id)
        elif rows is not None and isinstance(rows.calendar, str):
            rows.business_calendar = self.calendar(rows.calendar)
        if rows is not None and self.span_names() is not None:  # computed only if a deadline asks for them
            pause = getattr(self.standard_set.measure_of(standard), "pause", None)
            rows.pause_spans = functools.partial(self.spans, getattr(pause, "statuses", None))
        return rows


def _time_column(standard: AnyStandard, context: _Context) -> str | None:
    if standard.time:
        return standard.time
    measure = context.measure(standard)
    return kind_of(measure).time_column(measure) or context.standard_set.time


def _evaluate_standard(
    standard: AnyStandard, context: _Context, by: tuple[str, ...] | None, period: str | None
) -> StandardResult | None:
    cols = context.columns
    group_columns = standard.by if by is None else by
    _factorize_ahead(group_columns, cols)
    rows = context.rows(standard)
    period = period or standard.period
    by_series = [s for c in group_columns if (s := cols.series(standard.id, c)) is not None]
    periods: functools.partial[np.ndarray] | None = None  # the period index of every row, when asked
    if period:
        time_column = _time_column(standard, context)
        if time_column is None:
            cols.problems.append(
                DataProblem(
                    standard.id,
                    "",
                    f"period '{period}' needs a time column",
                    "set time: on the standard or the file",
                    "period_time",
                )
            )
        else:
            stamps = cols.timestamps(standard.id, time_column)
            if stamps is not None:
                periods = periods_of(
                    stamps, period, rows, context.standard_set.timezone, context.standard_set.week_starts
                )
    _warn_mixed_timezones(standard, context)
    if rows is not None and context.final:
        _warn_no_end(standard, rows, context)
    if rows is None or len(by_series) != len(group_columns) or (period and periods is None):
        return None
    if not _groupable(standard, by_series, cols):
        return None
    whole = not group_columns and periods is None  # one row, even with nothing to score
    period_key = (cols.name(time_column), period) if periods is not None and time_column and period else None
    if period_key is not None and rows.period_zones is not None:  # cut in each row's zone: its calendar decides
        period_key = (*period_key, rows.calendar, rows.period_zones)  # type: ignore[assignment]
    grouping = _grouping(by_series, periods, period_key, cols)
    with cols.scratch(len(grouping.keys), np.int64) as spare:
        counts = count_outcomes(grouping.keys, rows.outcome, grouping.n_keys, out=spare)
    reason = None
    if not counts[:, MET].any() and not counts[:, MISSED].any():
        reason = _unscored(standard, rows, context, periods() if periods is not None else None)
    in_scope = counts[:, :OUT_OF_SCOPE].sum(axis=1) > 0
    with cols.scratch(len(grouping.keys), np.int64) as spare:
        table = summary_columns(standard, rows, grouping.keys, counts, grouping.n_keys, spare)
    if isinstance(standard, ShareStandard) and standard.intervals is not None:
        stamps = cols.timestamps(standard.id, time) if (time := _time_column(standard, context)) else None
        table = by_intervals(standard, table, stamps, context.standard_set.timezone, grouping, rows)
    # one constructor call (a column set at a time costs more than the counting, per standard);
    # a later column of the same name replaces an earlier one in its place, as setting it would
    columns: dict[Any, Any] = {"standard": standard.id}
    for column, values in zip(group_columns, grouping.group_values, strict=True):
        columns[column] = values.copy()  # the grouping is shared by the standards of this evaluation
    if grouping.period_index is not None and period:  # in the file's zone, or each row's (periods_in: row)
        columns["period"] = period_column(grouping.period_index, period, rows.period_zones, context.standard_set)
    columns.update(table)
    frame = pd.DataFrame(columns, index=range(grouping.n_keys))
    if not whole:
        frame = frame[in_scope]
    order = [*group_columns, "period"] if "period" in frame.columns else list(group_columns)
    if order:
        try:
            frame = frame.sort_values(order, kind="stable", na_position="last")
        except TypeError:  # a group column mixes values that do not compare (a date and a number)
            frame = frame.sort_values(order, kind="stable", na_position="last", key=orderable)
    return StandardResult(
        standard=standard,
        frame=frame.reset_index(drop=True),
        outcome=rows.outcome,
        group_columns=tuple(group_columns),
        period=period,
        as_of=rows.as_of,
        data=cols.data,
        rows=rows,
        reason=reason,
        time=_time_column(standard, context) if periods is not None else None,
        shown=context.shown if context.log is None else None,
    )


def _unscored(standard: AnyStandard, rows: RowOutcomes, context: _Context, periods: np.ndarray | None) -> str:
    """Why ``standard`` scored nothing (see :mod:`svcstandards._unscored`)."""
    return unscored_reason(
        standard,
        context.measure(standard),
        rows,
        context.columns,
        is_open=context.is_open,
        timezone=context.standard_set.timezone,
        periods=periods,
        time_column=_time_column(standard, context) if periods is not None else None,
        log_problems=context.log_problems(),
        final=context.final,
    )


def _factorized(series: pd.Series, cols: Columns) -> tuple[np.ndarray, pd.Index]:
    """Codes and distinct values of a column, once per evaluation."""
    result: tuple[np.ndarray, pd.Index] = cols.memo(
        ("factorized", series.name), functools.partial(factorize_values, series)
    )
    return result


def _group_codes(series: pd.Series, cols: Columns) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a group column and its values as objects, once per evaluation."""
    result: tuple[np.ndarray, np.ndarray] = cols.memo(
        ("codes", series.name), lambda: factorize_column(series, _factorized(series, cols))
    )
    return result


def _factorize_ahead(group_columns: Sequence[str], cols: Columns) -> None:
    """Factorize the group columns before rows are scored, so conditions on them read the codes.

    Silent: a column that is missing or cannot be factorized is reported
    where it is used (the same problems, in the same order).
    """
    for column in group_columns:
        name = cols.name(column)
        if name not in cols.data.columns:
            continue
        series = cols.data[name]
        if isinstance(series, pd.Series):
            # any failure is left to where the column is used, which reports it (or raises it) as before
            with contextlib.suppress(Exception):
                _factorized(series, cols)


def _grouping(
    by_series: list[pd.Series],
    periods: Callable[[], np.ndarray] | None,
    period_key: tuple[str, str] | None,
    cols: Columns,
) -> Grouping:
    """The report keys of the rows, shared by the standards with the same group columns and period.

    The period index of the rows is computed here and not kept: the keys hold it.
    """

    def compute() -> Grouping:
        return group_rows(
            by_series,
            periods() if periods is not None else None,
            len(cols),
            factorize=lambda s: _group_codes(s, cols),
            consume_periods=True,
        )

    result: Grouping = cols.memo(("grouping", tuple(s.name for s in by_series), period_key), compute)
    return result


def _groupable(standard: AnyStandard, by_series: list[pd.Series], cols: Columns) -> bool:
    """Factorize each ``by`` column once (the codes are kept); values such as lists are a data problem."""
    ok = True
    for series in by_series:
        try:
            _group_codes(series, cols)
        except TypeError:
            cols.fail(standard.id, str(series.name), *UNHASHABLE)
            ok = False
    return ok


def _warn_no_end(standard: AnyStandard, rows: RowOutcomes, context: _Context) -> None:
    """In a final extract, the rows without an end count as invalid: one ``no_end`` warning says how many."""
    measure, cols = context.measure(standard), context.columns
    cause = kind_of(measure).no_end(measure)
    ended = None if cause is None else no_end_rows(cause, cols, standard.id)  # None: a column cannot be read
    count = 0 if ended is None else int(np.count_nonzero(ended & (rows.outcome == INVALID)))
    if cause is not None and count:
        cols.note(cause.warning(standard.id, count, cols.name), warning=True)


def _warn_mixed_timezones(standard: AnyStandard, context: _Context) -> None:
    """A duration from a naive column to an aware one (or back): the naive one is read in the file's zone.

    When the naive column actually holds UTC (or another zone), every
    duration is off by the difference; the report says so.
    """
    measure = context.measure(standard)
    if not isinstance(measure, DurationMeasure):
        return
    cols = context.columns
    zones = {column: cols.zone(column) for column in (measure.from_, measure.to)}
    naive = [c for c, zone in zones.items() if zone == "naive"]
    aware = [c for c, zone in zones.items() if zone == "aware"]
    if not naive or not aware:
        return
    timezone = context.standard_set.timezone
    message = (
        f"'{cols.name(naive[0])}' has no time zone (it is read as wall-clock time in {timezone}) "
        f"but '{cols.name(aware[0])}' has one; if '{cols.name(naive[0])}' really holds times of another zone "
        "(UTC, say), every duration is off by the difference between the zones"
    )
    hint = (
        f"give both columns a time zone, e.g. df['{cols.name(naive[0])}'].dt.tz_localize('UTC'), or remove it from both"
    )
    cols.note(DataProblem(standard.id, cols.name(naive[0]), message, hint, "mixed_timezones"), warning=True)
