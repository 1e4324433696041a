"""One evaluation on a lazy frame: check what the plans need, count per group and period, build the Report.

The rows never leave the backend. Standards with the same group columns and
period share one query (one scan of the data; up to :data:`BATCH` of them):
every standard adds an outcome column, one ``group_by`` over the group,
period and outcome columns counts the rows, and only those counts are
collected, then split per standard. The results table is then made exactly as the pandas engine
makes it, from the same counts (:func:`svcstandards.report.status.summary_columns`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ...errors import DataError, DataProblem
from ...format.model import ShareStandard, StandardSet, StatisticStandard
from ...format.parts import INTERVAL_MINUTES, IntervalBudget
from ...kinds import NoEnd, kind_of
from ...nodes import Prepare
from ...plan import Plan, compile_plan
from ...report.interval_budget import judge_by_intervals
from ...report.status import summary_columns
from .._grouping import NO_PERIOD, orderable
from ..outcomes import INVALID, MET, MISSED, OUT_OF_SCOPE, OUTCOMES, RowOutcomes
from ..prepare import unreadable_warnings
from ..row_periods import period_column
from ._backends import Backend, open_lazy
from ._breaches import BreachQuery
from ._calendars import add_calendar_times
from ._column_checks import check_columns, mixed_zones
from ._csv import csv_reading, first_line
from ._event_reading import read_events
from ._facts import Collect, on_engine
from ._facts import facts as _facts
from ._intervals import INTERVAL, add_interval_walls, collected_intervals
from ._periods import period_index
from ._prepare import prepare_lazy, unreadable_users
from ._repeats import add_repeat_gaps
from ._results import LazyResult
from ._row_calendars import unmapped_warning
from ._row_periods import RowWall, add_row_wall, row_zones_key
from ._rules import ColumnKind, RowRules
from ._spark_sql import by_spark_sql
from ._statistics import (
    first_aggregates,
    group_key,
    is_ordered,
    merged_values,
    ordered_values,
    summary_standard,
)
from ._support import column_uses
from ._text_times import read_text_times
from ._times import add_times
from ._where_values import WhereValues

__all__ = ["evaluate_lazy"]

AnyStandard = ShareStandard | StatisticStandard
PERIOD = "__svc_period"
#: Standards counted in one query: each adds a group-by column of six outcomes, so at most 6 ** 5 = 7,776
#: rows per group and period come back (a few dozen in practice: outcomes go together).
BATCH = 5
#: The column of the batch's outcomes packed into one integer, and its base (the number of outcomes).
_KEY = "__svc_key"
_BASE = len(OUTCOMES)


def evaluate_lazy(
    standard_set: StandardSet,
    selected: Sequence[AnyStandard],
    data: Any,
    *,
    by: tuple[str, ...] | None,
    period: str | None,
    as_of_ns: int | None,
    mapping: Mapping[str, str],
    prepare: Prepare | None = None,
    final: bool | None = None,
    engine: str | None = None,
    record: list[Any] | None = None,
    collect: Collect = on_engine,
    rows_only: list[BreachQuery] | None = None,
) -> tuple[list[LazyResult], list[DataProblem]]:
    """The results of ``selected`` on lazy ``data``, and warnings that did not stop the evaluation.

    ``prepare`` is the step reading data as exported (:mod:`._prepare`). ``engine`` scans a path
    with Polars or DuckDB (default: Polars when installed). ``record``, when
    given, receives each counting query (the ids of its standards, the query
    in the backend's own type) before it runs (``explain --plan --engine``).
    ``collect`` runs each query that reads the rows (by default, on the data's
    own engine). With ``rows_only``, nothing is counted: each standard's
    :class:`BreachQuery` is appended to it (at the ``as_of`` given).
    """
    frame, backend = open_lazy(data, engine, csv_reading(data, standard_set.data, prepare))
    if backend.name == "spark" and record is None and rows_only is None:  # one Spark SQL statement per batch
        by_sql = by_spark_sql(
            standard_set,
            selected,
            frame.to_native(),
            evaluate_lazy,
            by=by,
            period=period,
            as_of_ns=as_of_ns,
            mapping=mapping,
            prepare=prepare,
            final=final,
        )
        if by_sql is not None:
            return by_sql
    nw = _narwhals()
    plans = [
        compile_plan(standard_set, s, by=by, period=period, columns=mapping, final=final)  # type: ignore[arg-type]
        for s in selected
    ]
    prepared = prepare_lazy(nw, frame, backend, prepare or Prepare(), lines=first_line(data))
    frame = prepared.frame
    events = read_events(nw, frame, backend, standard_set, plans, mapping, _kind) if standard_set.events else None
    if events is not None:  # the event log becomes one row per interaction (and per reply cycle)
        frame, schema, kinds = events.interactions, events.schema, events.kinds
    else:
        schema = dict(frame.collect_schema())
        kinds = {name: _kind(nw, dtype) for name, dtype in schema.items()}
    data_problems: list[DataProblem] = []
    if events is None and (text_times := _text_times(plans, kinds)):  # text read as timestamps, as pandas does
        frame, data_problems = read_text_times(
            nw, frame, backend, prepare or Prepare(), text_times, lines=first_line(data)
        )
        schema = dict(frame.collect_schema())
        kinds = {name: _kind(nw, dtype) for name, dtype in schema.items()}
    for plan in plans:
        data_problems += check_columns(plan, kinds, schema, mapping)
    if data_problems:
        raise DataError(data_problems)
    derived = events.names if events is not None else {}
    zones = {
        c: ("aware" if getattr(schema[c], "time_zone", None) else "naive")
        for c in _time_columns(plans, kinds)
        if c not in derived
    }
    walls = {plan.time.column for plan in plans if plan.time is not None}
    frame, names = add_times(nw, frame, backend, zones, walls, standard_set.timezone)
    # columns whose instant is their own reading as an epoch (aware, or naive in a file on UTC)
    epochs = frozenset(c for c, zone in zones.items() if zone == "aware" or standard_set.timezone == "UTC")
    frame = add_interval_walls(frame, backend, zones, names, plans, standard_set.timezone)
    names = {**names, **derived}  # type: ignore[dict-item]
    rules = RowRules(nw, kinds, {c: n.instant for c, n in names.items()}, standard_set.timezone)
    rules.unreadable = prepared.unreadable
    # the rows a plan counts: the interactions, or the reply cycles between two event types
    frames: dict[tuple[str, str] | None, Any] = {}
    for plan in plans:
        rows = plan.reply_types if events is not None else None
        if rows not in frames:
            frames[rows] = frame if rows is None or events is None else events.cycles(frame, rows, sorted(walls))
    if events is not None and None in frames:
        frames[None] = events.with_walls(frame, sorted(walls))
    members_of = {
        rows: [i for i, plan in enumerate(plans) if (plan.reply_types if events is not None else None) == rows]
        for rows in frames
    }
    latest_of: dict[tuple[str, str] | None, dict[str, int | None]] = {}
    findings: list[tuple[DataProblem, bool]] = []
    for rows, members in members_of.items():
        frames[rows] = add_repeat_gaps(nw, frames[rows], rules, [plans[i] for i in members])
        where_values = WhereValues([selected[i] for i in members], mapping, kinds)
        latest_of[rows], found = (
            ({}, [])
            if rows_only is not None
            else _facts(
                nw,
                frames[rows],
                [plans[i] for i in members],
                rules.instants,
                where_values,
                latest=as_of_ns is None,
                backend=backend,
                epochs=epochs if rows is None else frozenset(),
                collect=collect,
            )
        )
        findings += [finding for finding in found if finding not in findings]
    errors = [problem for problem, warning in findings if not warning]
    if errors:
        raise DataError(errors)
    row_kind = [plan.reply_types if events is not None else None for plan in plans]
    plan_as_ofs = [_as_of(plan, as_of_ns, latest_of[rows]) for plan, rows in zip(plans, row_kind, strict=True)]
    times_of = {}  # per kind of rows: its calendar columns (each frame its own calendar tables)
    for rows, members in members_of.items():
        frames[rows], times_of[rows] = add_calendar_times(
            nw,
            frames[rows],
            backend,
            standard_set,
            [plans[i] for i in members],
            rules.instants,
            [plan_as_ofs[i] for i in members],
        )
    shown = tuple(c for c in schema if not c.startswith("__svc"))  # the columns breaches() shows
    results: list[LazyResult | None] = [None] * len(plans)
    batches: dict[tuple[Any, ...], list[int]] = {}
    for i, plan in enumerate(plans):
        time = plan.time.column if plan.time is not None and (plan.period or plan.intervals) else None
        row_zones = row_zones_key(plan) if time and plan.period else None  # periods_in: row
        key = (plan.group_by, plan.period if time else None, time, row_kind[i], plan.intervals, row_zones)
        batches.setdefault(key, []).append(i)
    no_ends = [_no_end(standard_set, s, plan, mapping) for s, plan in zip(selected, plans, strict=True)]
    no_end_counts: list[int] = [0] * len(plans)
    for (keys, period_name, time, rows, budget, zones), same_keys in batches.items():
        rules.times = times_of[rows]
        # at most BATCH standards per query: the combinations of their outcomes, counted together, stay few
        for first in range(0, len(same_keys), BATCH):
            members = same_keys[first : first + BATCH]
            as_ofs = [plan_as_ofs[i] for i in members]
            ends = [no_ends[i] for i in members]
            counted_frame = frames[rows]
            if events is not None:  # the paused seconds of status pauses, as columns
                counted_frame, paused = events.add_paused(
                    counted_frame, [plans[i] for i in members], as_ofs, rules.instants, rules.times, rules
                )
                rules.paused.update(paused)
            if zones is not None and time is not None:  # each row's wall clock in its calendar's zone
                counted_frame = add_row_wall(nw, counted_frame, backend, plans[members[0]], names[time].instant, rules)
            if rows_only is not None:  # the rows of each standard, nothing counted
                rows_only += [
                    _breaches(nw, counted_frame, rules, plans[i], as_ofs[j], shown, backend, standard_set)
                    for j, i in enumerate(members)
                ]
                continue
            counted = _count(
                nw,
                counted_frame,
                rules,
                [plans[i] for i in members],
                as_ofs,
                ends,
                keys,
                period_name,
                time,
                names,
                record,
                budget,
                RowWall() if zones is not None else None,
                collect,
            )
            starts = _period_starts(counted[0][0], plans[members[0]], standard_set.timezone)  # one per batch
            for i, as_of, (counts, no_end_count) in zip(members, as_ofs, counted, strict=True):
                result = _result(
                    selected[i],
                    plans[i],
                    counts,
                    as_of,
                    by,
                    backend,
                    starts,
                    events is not None,
                )
                result.breach_query = _breaches(nw, counted_frame, rules, plans[i], as_of, shown, backend, standard_set)
                results[i] = result
                no_end_counts[i] = no_end_count
    # per standard, in the pandas engine's order: its where values, mixed time zones, rows without an end
    warnings: list[DataProblem] = []
    for i, (standard, no_end, count) in enumerate(zip(selected, no_ends, no_end_counts, strict=True)):
        warnings += [problem for problem, warning in findings if warning and problem.standard == standard.id]
        if (done := results[i]) is not None and (unmapped := unmapped_warning(done.breach_query)) is not None:
            warnings.append(unmapped)
        if (mixed := mixed_zones(standard_set, standard, schema, mapping)) is not None:
            warnings.append(mixed)
        if no_end is not None and count:
            warnings.append(no_end.warning(standard.id, count, str))
    warnings += unreadable_warnings(prepared.problems, unreadable_users(plans))
    if events is not None and (log_warning := events.problems_warning()) is not None:
        warnings.append(log_warning)
    return [r for r in results if r is not None], warnings


def _breaches(
    nw: Any,
    frame: Any,
    rules: RowRules,
    plan: Plan,
    as_of: int | None,
    shown: tuple[str, ...],
    backend: Backend,
    standard_set: StandardSet,
) -> BreachQuery:
    """What rebuilds the rows of ``plan`` on demand (``breaches()``)."""
    rules = replace(rules, as_of_us=as_of)
    calendars, timezone = standard_set.calendars, standard_set.timezone
    return BreachQuery(nw, frame, rules, plan, shown, backend, plan.duration, calendars, timezone)


def _no_end(standard_set: StandardSet, standard: AnyStandard, plan: Plan, mapping: Mapping[str, str]) -> NoEnd | None:
    """In a final extract, what a row of ``standard`` lacks to have ended (its rows without one are invalid),
    with the data's names of the columns."""
    if not plan.final:
        return None
    measure = standard_set.measure_of(standard)
    cause = kind_of(measure).no_end(measure)
    if cause is None:
        return None
    abandoned = None if cause.abandoned is None else mapping.get(cause.abandoned, cause.abandoned)
    return NoEnd(mapping.get(cause.end, cause.end), abandoned)


def _narwhals() -> Any:
    import narwhals.stable.v2 as nw

    return nw


def _kind(nw: Any, dtype: Any) -> ColumnKind:
    if dtype == nw.Datetime:
        return "time"
    if dtype == nw.Boolean:
        return "bool"
    if dtype == nw.Duration:
        return "duration"
    if dtype.is_float():
        return "float"
    if dtype.is_numeric():
        return "number"
    if dtype == nw.String or dtype == nw.Categorical or dtype == nw.Enum:
        return "text"
    if dtype == nw.Date:
        return "date"
    return "other"


def _text_times(plans: Sequence[Plan], kinds: Mapping[str, ColumnKind]) -> dict[str, list[str]]:
    """The text columns the plans read as timestamps, each with the standards reading it (in their order)."""
    users: dict[str, list[str]] = {}
    for plan in plans:
        for column in _time_columns([plan], kinds):
            if kinds.get(column) == "text" and plan.standard not in users.setdefault(column, []):
                users[column].append(plan.standard)
    return users


def _time_columns(plans: Sequence[Plan], kinds: Mapping[str, ColumnKind]) -> list[str]:
    """The timestamp columns the plans read (as instants, in conditions, or for the default ``as_of``)."""
    columns: list[str] = []
    for plan in plans:
        for column, use in column_uses(plan):
            if (use == "time" or kinds.get(column) == "time") and column not in columns:
                columns.append(column)
        for column in plan.as_of_columns:
            if column not in columns:
                columns.append(column)
    return columns


def _as_of(plan: Plan, as_of_ns: int | None, latest: Mapping[str, int | None]) -> int | None:
    """Microseconds UTC at which open rows of this plan are judged."""
    if as_of_ns is not None:
        return as_of_ns // 1000
    found = [us for c in plan.as_of_columns if (us := latest.get(c)) is not None]
    return max(found) if found else None


def _count(
    nw: Any,
    frame: Any,
    rules: RowRules,
    plans: Sequence[Plan],
    as_ofs: Sequence[int | None],
    no_ends: Sequence[NoEnd | None],
    keys: tuple[str, ...],
    period: str | None,
    time: str | None,
    names: Mapping[str, Any],
    record: list[Any] | None = None,
    budget: IntervalBudget | None = None,
    period_time: Any = None,
    collect: Collect = on_engine,
) -> list[tuple[dict[str, list[Any]], int]]:
    """Per plan: its group values, period index and six outcome counts per (group, period), collected;
    and its invalid rows without an end (in a final extract, with ``no_ends``; else 0). ``period_time``: the
    time names that cut periods, when not those of ``time`` (the row's own zone: :mod:`._row_periods`)."""
    outcomes = {}
    statistics: dict[int, str] = {}  # plan -> its statistic (mean, median, pNN, min, max, nps)
    ends: list[str] = []  # per plan with a no_end cause, the int64 column of its rows without an end
    for i, (plan, as_of) in enumerate(zip(plans, as_ofs, strict=True)):
        rules.as_of_us = as_of
        outcomes[f"__svc_o{i}"] = rules.outcome(plan.rules)
        if plan.aggregate.kind == "statistic" and plan.aggregate.statistic is not None:
            statistics[i] = plan.aggregate.statistic
            outcomes[f"__svc_m{i}"] = rules.measured(plan.measured)
        no_end = no_ends[i]
        if no_end is not None:
            ended = [column for column in (no_end.end, no_end.abandoned) if column is not None]
            missing = [nw.col(rules.instants[column]).is_null() for column in ended]
            outcomes[f"__svc_e{i}"] = functools.reduce(operator.and_, missing).cast(nw.Int64)
            ends.append(f"__svc_e{i}")
    frame = frame.with_columns(**outcomes)
    group = list(keys)
    if period is not None and time is not None:
        cut = period_time or names[time]
        wall = getattr(cut, "interval_wall", cut.wall) if period in INTERVAL_MINUTES else cut.wall
        frame = period_index(nw, frame, wall, period, PERIOD, plans[0].week_starts, cut.instant)
        group.append(PERIOD)
    if budget is not None and time is not None:  # interval budgeting: the interval is one more key
        wall = getattr(names[time], "interval_wall", names[time].wall)
        frame = period_index(nw, frame, wall, budget.every, INTERVAL, instant=names[time].instant)
    # one row per (group, period, outcome of each standard) and its number of rows: no expression is
    # repeated per outcome (DuckDB would compute each standard's rules six times otherwise). The outcomes of
    # the batch are grouped by as one integer key (6 ** BATCH values; one key column hashes faster than
    # five), and each standard's outcome is read back from the key on the few rows counted.
    codes = [f"__svc_o{i}" for i in range(len(plans))]
    packed = functools.reduce(
        operator.add, [nw.col(code).cast(nw.Int64) * _BASE**power for power, code in enumerate(codes)]
    )
    frame = frame.with_columns(packed.alias(_KEY))
    values = [e for i, name in statistics.items() for e in first_aggregates(nw, name, f"__svc_m{i}")]
    values += [nw.col(end).sum().alias(end) for end in ends]
    keys_out = [*group, *([INTERVAL] if budget is not None and time is not None else [])]
    query = frame.group_by(*keys_out, _KEY).agg(nw.len().alias("__svc_n"), *values)
    if record is not None:  # shown with each standard's outcome column (the engine unpacks them after collecting)
        unpacked = {code: nw.col(_KEY) // _BASE**power % _BASE for power, code in enumerate(codes)}
        record.append((tuple(plan.standard for plan in plans), query.with_columns(**unpacked).drop(_KEY).to_native()))
    collected = collect(query).to_dict(as_series=False)  # a few rows per (group, period): summed again here
    packed_keys = np.asarray(collected.pop(_KEY), dtype=np.int64)
    for power, outcome in enumerate(codes):  # each standard's outcome, from the packed key of the counted rows
        collected[outcome] = (packed_keys // _BASE**power % _BASE).tolist()
    n_rows = len(collected["__svc_n"])
    size = np.asarray(collected["__svc_n"], dtype=np.int64)
    if group:  # each row's (group, period), numbered in the results' order (one order for every standard)
        seen: dict[tuple[Any, ...], int] = {}
        rows = zip(*(collected[k] for k in group), strict=True)
        first_seen = np.fromiter((seen.setdefault(group_key(row), len(seen)) for row in rows), np.int64, n_rows)
        firsts = np.unique(first_seen, return_index=True)[1]  # (the loop above is over the counted cells)
        order = _order({k: [collected[k][j] for j in firsts] for k in group})
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        key_of = position[first_seen]
        key_values = {k: [collected[k][firsts[j]] for j in order] for k in group}
    else:
        key_of, key_values = np.zeros(n_rows, dtype=np.int64), {}
    n_keys = len(next(iter(key_values.values()))) if key_values else 1
    counted: list[tuple[dict[str, list[Any]], int]] = []
    for i, code_column in enumerate(codes):
        code = np.asarray(collected[code_column], dtype=np.int64)
        counts = np.zeros((n_keys, len(OUTCOMES)), dtype=np.int64)
        np.add.at(counts, (key_of, code), size)
        columns: dict[str, list[Any]] = dict(key_values)
        for c in range(len(OUTCOMES)):
            columns[str(c)] = counts[:, c].tolist()
        if i in statistics and is_ordered(statistics[i]):  # a median or percentile: a query of its own
            columns["value"] = ordered_values(nw, frame, statistics[i], code_column, f"__svc_m{i}", group, columns)
        elif i in statistics:  # the decided cells' partial aggregates, merged per (group, period)
            columns["value"] = merged_values(statistics[i], collected, f"__svc_m{i}", code <= MISSED, key_of, n_keys)
        end = f"__svc_e{i}"
        invalid_without_end = 0
        if budget is not None and INTERVAL in collected:
            columns["__intervals"] = collected_intervals(collected, key_of, n_keys, code, size, budget)  # type: ignore[assignment]
        if end in collected:  # the invalid rows without an end
            without_end = np.asarray([0 if v is None else v for v in collected[end]], dtype=np.int64)
            invalid_without_end = int(without_end[code == INVALID].sum())
        counted.append((columns, invalid_without_end))
    return counted


def _order(keys: Mapping[str, list[Any]]) -> list[int]:
    """The positions of the (group, period) keys in the results' order: by each group's values, then the period
    (its index: periods follow each other as their starts do), missing values last."""
    frame = pd.DataFrame(
        {
            k: np.array([np.nan if v is None else v for v in values], dtype=np.float64)
            if k == PERIOD  # numbers (index of the period), whichever way the groups compare
            else np.array([*values, None], dtype=object)[:-1]
            for k, values in keys.items()
        }
    )
    try:
        frame = frame.sort_values(list(keys), kind="stable", na_position="last")
    except TypeError:  # a group column mixes values that do not compare (a date and a number)
        frame = frame.sort_values(list(keys), kind="stable", na_position="last", key=orderable)
    return [int(j) for j in frame.index]


def _period_starts(counted: Mapping[str, list[Any]], plan: Plan, timezone: str) -> pd.DatetimeIndex | None:
    """The results' period column of a batch: its standards share their keys, period, zones and week start."""
    if PERIOD not in counted or not plan.period:
        return None
    index = np.array([NO_PERIOD if v is None else v for v in counted[PERIOD]], dtype=np.int64)
    return period_column(index, plan.period, plan.period_zones, timezone, plan.week_starts)


def _result(
    standard: AnyStandard,
    plan: Plan,
    counted: dict[str, list[Any]],
    as_of_us: int | None,
    by: tuple[str, ...] | None,
    backend: Backend,
    starts: pd.DatetimeIndex | None,
    from_events: bool = False,
) -> LazyResult:
    labels = tuple(standard.by if by is None else by)
    counts = np.array([counted[str(code)] for code in range(len(OUTCOMES))], dtype=np.int64).T.reshape(-1, 6)
    n_keys = len(counts)
    columns: dict[Any, Any] = {"standard": standard.id}
    for label, key in zip(labels, plan.group_by, strict=True):
        values = counted[key]
        if from_events:  # an interaction without the value: NaN, as the pandas engine's interactions have it
            values = [np.nan if v is None else v for v in values]  # a loop over the groups, not the rows
        columns[label] = np.array([*values, None], dtype=object)[:-1]
    whole = not labels and PERIOD not in counted
    if starts is not None:
        columns["period"] = starts
    columns.update(_summary(standard, counts, n_keys, counted.get("value")))
    if isinstance(standard, ShareStandard) and "__intervals" in counted:
        intervals = np.asarray(counted["__intervals"], dtype=np.int64)
        columns = judge_by_intervals(standard, columns, intervals, _NO_ROWS, np.empty(0, np.int64))
    frame = pd.DataFrame(columns, index=range(n_keys))
    if not whole:
        frame = frame[counts[:, :5].sum(axis=1) > 0]
    return LazyResult.of(
        standard=standard,
        frame=frame.reset_index(drop=True),  # in the order of the keys (_order)
        totals=counts.sum(axis=0),
        group_columns=labels,
        period=plan.period if "period" in columns else None,
        as_of=None if as_of_us is None else as_of_us * 1000,
        engine=backend.name,
        time=plan.time.column if plan.time is not None and "period" in columns else None,
    )


_NO_ROWS = RowOutcomes(np.empty(0, np.int8), np.empty(0), np.empty(0), np.empty(0), False)


def _summary(standard: AnyStandard, counts: np.ndarray, n_keys: int, values: list[Any] | None) -> dict[str, Any]:
    """The results columns, from the same function as the pandas engine's.

    A statistic standard's rows are stood in for by one row per key with the key's aggregate (a mean's
    sum, which the function divides by the decided rows' count), decided where the key has decided rows.
    """
    standard = summary_standard(standard)
    if values is None:
        return summary_columns(standard, _NO_ROWS, np.empty(0, np.int64), counts, n_keys)
    aggregate = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    decided = counts[:, MET] + counts[:, MISSED] > 0
    outcome = np.where(decided, MET, OUT_OF_SCOPE).astype(np.int8)
    nan = np.full(n_keys, np.nan)
    rows = RowOutcomes(outcome, np.where(decided, aggregate, 0.0), nan, nan, False)
    return summary_columns(standard, rows, np.arange(n_keys, dtype=np.int64), counts, n_keys)
