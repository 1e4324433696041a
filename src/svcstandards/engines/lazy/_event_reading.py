"""Reading an event log on the lazy engine: the events numbered and checked, then one row per interaction.

See :mod:`._events` for the steps and their cost. Each step here builds
narwhals expressions or lazy frames; the only queries run are the checks
(one row, and the rows of events without an id, a time or a type when
there are some).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import DataError, DataProblem, did_you_mean
from ...events._derived import type_clash_problem
from ...events.log import cycle_clashes, referenced_types
from ...format.model import EventLog, StandardSet
from ...kinds.duration import CYCLE_COLUMNS
from ...nodes import walk
from ...plan import Plan
from ._backends import Backend
from ._events import AT, DERIVED_SUFFIXES, FIRST_ROW, KEY, ROW, TYPE, EventFrames
from ._rules import LOG_PROBLEM as PROBLEM
from ._rules import ColumnKind
from ._times import add_times

__all__ = ["read_events"]

LINE = "__svc_line"  # an event's row in the order read, from 0 without gaps (for a message naming rows)


@dataclass
class _Log:
    """What reading one event log needs: the events frame and the log's columns, by role."""

    nw: Any
    spec: EventLog
    events: Any  # the events with ROW, AT and TYPE
    id: str
    status: str | None
    kinds: dict[str, ColumnKind]
    time_columns: dict[str, str]  # derived type -> the int64 instants of its column of times
    set_columns: dict[str, str]  # derived type -> the column whose values mark its events
    attributes: list[str]  # every column but the id, the time and the type

    def ordered(self, expr: Any) -> Any:
        """``expr`` as a window over each interaction's events sorted by (time, row)."""
        return expr.over(self.id, order_by=[AT, ROW])


def read_events(
    nw: Any,
    frame: Any,
    backend: Backend,
    standard_set: StandardSet,
    plans: Sequence[Plan],
    mapping: Mapping[str, str],
    kind_of: Any,
) -> EventFrames:
    """The interactions of the event log ``frame`` (a narwhals LazyFrame), as the pandas engine makes them.

    Raises :class:`DataError` for what cannot be an event log (missing columns, events without an id, a
    time or a type), as the pandas engine does. ``kind_of`` tells a column's kind from its dtype.
    """
    spec = standard_set.events
    assert spec is not None
    log, schema = _open(nw, frame, backend, spec, standard_set.timezone, mapping, kind_of)
    wanted = referenced_types(standard_set, schema)
    aggregates, derived = _aggregations(log, [*wanted, spec.created_type])
    interactions = log.events.group_by(log.id).agg(*aggregates)
    interactions = _at_ends(log, interactions)
    if spec.duplicates != "keep":
        interactions = interactions.join(_repeated(log), on=log.id, how="left")
    result = EventFrames(
        nw,
        backend,
        spec,
        standard_set.timezone,
        log.id,
        log.events.select(log.id, ROW, AT, TYPE, *([log.status] if log.status else [])),
        log.status,
        None,
        {},
        {},
    )
    with_pauses = bool({"paused_count", "paused_seconds"} & {c for plan in plans for c in _columns_read(plan)})
    if with_pauses:
        interactions = _paused_columns(nw, interactions, result.spans(), log.id)
    # a column of the log with the name of a derived one (pandas always derives the paused columns)
    produced = [f"{n}{s}" for n in derived if n in wanted or n in spec.derived_types for s in DERIVED_SUFFIXES]
    clashes = [c for c in [*produced, "paused_count", "paused_seconds"] if c in log.attributes]
    if clashes:
        raise DataError([_derived_problem(c) for c in clashes])
    columns, result.kinds, result.schema = _output(log, schema, derived, with_pauses)
    for column, kind in result.kinds.items():
        if kind == "time" and column not in schema:  # a derived time: its instants under its own name
            result.derived_time(column)
    if any(plan.reply_types is not None for plan in plans):  # the columns of reply cycles (see cycles())
        if cycle_problems := cycle_clashes(result.schema):  # the log's own column of a name the cycles get
            raise DataError(cycle_problems)
        for column in CYCLE_COLUMNS:
            result.derived_time(column)
            result.kinds[column], result.schema[column] = "time", nw.Datetime("us", "UTC")
    interactions = interactions.select(
        *columns, _problem(log).alias(PROBLEM), nw.col(FIRST_ROW), nw.col(FIRST_ROW).alias(KEY)
    )
    # computed once: the default as_of, the log problems' warning and the counts each read it
    result.interactions = backend.materialize(interactions)
    return result


def _open(
    nw: Any,
    frame: Any,
    backend: Backend,
    spec: EventLog,
    timezone: str,
    mapping: Mapping[str, str],
    kind_of: Any,
) -> tuple[_Log, dict[str, Any]]:
    """The events numbered, with their instants and types as text, checked; and the log's schema."""
    schema = dict(frame.collect_schema())
    kinds = {name: kind_of(nw, dtype) for name, dtype in schema.items()}
    names = {"id": spec.id, "time": spec.time, "type": spec.type}
    if spec.status:
        names["status"] = spec.status
    names = {key: mapping.get(name, name) for key, name in names.items()}
    time_columns = {name: mapping.get(column, column) for name, column in spec.time_columns.items()}
    set_columns = {name: mapping.get(column, column) for name, column in spec.when_set.items()}
    _check_columns(names, time_columns, set_columns, kinds, schema)
    events = backend.with_row_number(frame, ROW)
    zones = {
        c: ("aware" if getattr(schema[c], "time_zone", None) else "naive")
        for c in [names["time"], *time_columns.values()]
    }
    events, times = add_times(nw, events, backend, zones, set(), timezone)
    kind = nw.col(names["type"])
    events = events.with_columns(
        nw.col(times[names["time"]].instant).alias(AT),
        (kind if kinds[names["type"]] == "text" else kind.cast(nw.String)).alias(TYPE),
    )
    _check_events(nw, events, backend, names, spec)
    attributes = [c for c in schema if c not in (names["id"], names["time"], names["type"])]
    instants = {name: times[column].instant for name, column in time_columns.items()}
    log = _Log(nw, spec, events, names["id"], names.get("status"), kinds, instants, set_columns, attributes)
    return log, schema


def _aggregations(log: _Log, types: Sequence[str]) -> tuple[list[Any], list[str]]:
    """The aggregations of one group-by per interaction, and the derived types they give columns to.

    First / last / count per event type of ``types`` and per type the events: section defines, as
    conditional aggregations; the log problems' facts (the earliest event, a status not listed).
    """
    nw, spec = log.nw, log.spec
    aggregates: list[Any] = [nw.col(ROW).min().alias(FIRST_ROW), nw.col(AT).min().alias("__svc_earliest")]
    derived: dict[str, tuple[Any, ...]] = {}  # name -> its aggregations (first, last, count) or (count,)

    def conditional(holds: Any) -> tuple[Any, ...]:
        at = nw.when(holds).then(nw.col(AT))
        return at.min(), at.max(), holds.cast(nw.Int64).sum().cast(nw.Int64)

    for name in types:
        derived[name] = conditional(nw.col(TYPE) == name)
    for name, members in spec.types.items():
        derived[name] = conditional(nw.col(TYPE).is_in(list(members)).fill_null(False))
    for name, column in log.set_columns.items():
        filled = ~nw.col(column).is_null()
        if log.kinds[column] == "text":
            filled = filled & (nw.col(column).str.strip_chars() != "").fill_null(False)
        derived[name] = conditional(filled)
    for name, instant in log.time_columns.items():  # first and last by event (see _at_ends); how many differ
        distinct = nw.col(instant).n_unique() - nw.col(instant).is_null().any().cast(nw.Int64)
        derived[name] = (distinct.cast(nw.Int64),)
    for name, found in derived.items():
        aggregates += [e.alias(f"{name}{s}") for e, s in zip(found, DERIVED_SUFFIXES[-len(found) :], strict=True)]
    if spec.statuses and log.status is not None:
        status = nw.col(log.status)
        known = list(spec.statuses) if log.kinds[log.status] == "text" else []  # no number equals a text
        unknown = ~status.is_null() & ~status.is_in(known).fill_null(False) if known else ~status.is_null()
        aggregates.append(unknown.any().alias("__svc_unknown"))
    return aggregates, list(derived)


def _at_ends(log: _Log, interactions: Any) -> Any:
    """``interactions`` with the value of every other column at its first or last event that has one, and the
    first and last value of each column of times: a forward (backward) fill in a window ordered by (time, row),
    of which each interaction's last (first) event is joined on the id."""
    nw, spec = log.nw, log.spec
    filled: dict[str, Any] = {}
    at_first: list[str] = []
    at_last: list[str] = []
    at_creation: list[int] = []  # the attributes whose value is the one at the creation
    for i, column in enumerate(log.attributes):
        moment = spec.attribute_moment(column)
        first = moment == "first"
        filled[f"__svc_a{i}"] = nw.col(column).fill_null(strategy="backward" if first else "forward")
        (at_first if first else at_last).append(f"__svc_a{i}")
        if moment == "at_creation":  # also its first value, for when it had none by the creation
            filled[f"__svc_b{i}"] = nw.col(column).fill_null(strategy="backward")
            at_first.append(f"__svc_b{i}")
            at_creation.append(i)
    for i, instant in enumerate(log.time_columns.values()):
        filled[f"__svc_f{i}"] = nw.col(instant).fill_null(strategy="backward")
        filled[f"__svc_l{i}"] = nw.col(instant).fill_null(strategy="forward")
        at_first.append(f"__svc_f{i}")
        at_last.append(f"__svc_l{i}")
    ordered = log.events.with_columns(
        __svc_is_first=log.ordered(nw.col(AT).shift(1)).is_null(),
        __svc_is_last=log.ordered(nw.col(AT).shift(-1)).is_null(),
        **{name: log.ordered(expr) for name, expr in filled.items()},
    )
    for marker, picked in (("__svc_is_first", at_first), ("__svc_is_last", at_last)):
        if picked:
            ends = ordered.filter(nw.col(marker)).select(log.id, *picked)
            interactions = interactions.join(ends, on=log.id, how="left")
    if at_creation:
        interactions = _at_creation(log, interactions, ordered, at_creation)
    return interactions


def _at_creation(log: _Log, interactions: Any, ordered: Any, columns: Sequence[int]) -> Any:
    """``interactions`` with the attributes ``columns`` (positions in the log's attributes) at the creation: the
    latest value at or before the creation time (the forward fill at the last event then), else the first value.

    The creation instant is joined to the events (O(n)); the last event at or before it is marked by a
    window ordered by (time, row) within the interaction, as the first and last events are.
    """
    nw, created = log.nw, log.spec.created_type
    times = list(log.time_columns)
    creation = nw.col(f"__svc_f{times.index(created)}") if created in times else nw.col(f"{created}_first_at")
    stamps = interactions.select(log.id, creation.alias("__svc_created"))
    early = ordered.join(stamps, on=log.id, how="left").filter((nw.col(AT) <= nw.col("__svc_created")).fill_null(False))
    early = early.with_columns(__svc_is_last_early=log.ordered(nw.col(AT).shift(-1)).is_null())
    values = [nw.col(f"__svc_a{i}").alias(f"__svc_c{i}") for i in columns]
    last_early = early.filter(nw.col("__svc_is_last_early")).select(log.id, *values)
    joined = interactions.join(last_early, on=log.id, how="left")
    return joined.with_columns(
        **{f"__svc_a{i}": nw.coalesce(nw.col(f"__svc_c{i}"), nw.col(f"__svc_b{i}")) for i in columns}
    )


def _repeated(log: _Log) -> Any:
    """The ids with a repeated event: a group-by over (id, time, type and the compared columns), O(n)."""
    nw = log.nw
    compared: list[str] = []
    if log.spec.duplicates == "all_columns":
        compared = list(log.attributes)
    elif log.status is not None:  # same_event
        compared = [log.status]
    counted = log.events.group_by(log.id, AT, TYPE, *compared).agg(nw.len().alias("__svc_n"))
    repeated = counted.filter(nw.col("__svc_n") > 1).select(log.id).unique()
    return repeated.with_columns(__svc_repeated=nw.lit(True))


def _paused_columns(nw: Any, interactions: Any, spans: Any | None, log_id: str) -> Any:
    """``interactions`` with ``paused_count`` and ``paused_seconds`` (the spans that ended), per id."""
    if spans is None:
        return interactions.with_columns(paused_count=nw.lit(0, dtype=nw.Int64), paused_seconds=nw.lit(0.0))
    start, end = nw.col("__svc_ps"), nw.col("__svc_pe")
    seconds = nw.when(~end.is_null()).then(end - start).otherwise(0)
    per_id = spans.group_by(log_id).agg(
        nw.len().cast(nw.Int64).alias("paused_count"),
        (seconds.sum().cast(nw.Float64) / 1e6).alias("paused_seconds"),
    )
    joined = interactions.join(per_id, on=log_id, how="left")
    return joined.with_columns(nw.col("paused_count").fill_null(0), nw.col("paused_seconds").fill_null(0.0))


def _output(
    log: _Log, schema: Mapping[str, Any], derived: Sequence[str], with_pauses: bool
) -> tuple[list[Any], dict[str, ColumnKind], dict[str, Any]]:
    """The interactions' columns (as expressions), their kinds and their schema (derived times: aware)."""
    nw = log.nw
    columns: list[Any] = [nw.col(log.id)]
    kinds: dict[str, ColumnKind] = {log.id: log.kinds[log.id]}
    types: dict[str, Any] = {log.id: schema[log.id]}
    for i, column in enumerate(log.attributes):
        columns.append(nw.col(f"__svc_a{i}").alias(column))
        kinds[column], types[column] = log.kinds[column], schema[column]
    from_times = list(log.time_columns)
    for name in derived:
        first, last = nw.col(f"{name}_first_at"), nw.col(f"{name}_last_at")
        if name in from_times:
            i = from_times.index(name)
            first, last = nw.col(f"__svc_f{i}"), nw.col(f"__svc_l{i}")
        columns += [first.alias(f"{name}_first_at"), last.alias(f"{name}_last_at"), nw.col(f"{name}_count")]
        kinds.update({f"{name}_first_at": "time", f"{name}_last_at": "time", f"{name}_count": "number"})
        aware = nw.Datetime("us", "UTC")
        types.update({f"{name}_first_at": aware, f"{name}_last_at": aware, f"{name}_count": nw.Int64})
    if with_pauses:
        columns += [nw.col("paused_count"), nw.col("paused_seconds")]
        kinds.update(paused_count="number", paused_seconds="float")
        types.update(paused_count=nw.Int64, paused_seconds=nw.Float64)
    return columns, kinds, types


def _problem(log: _Log) -> Any:
    """Per interaction, the code of its log problem: the first of LOG_PROBLEMS that applies (1-based), or null."""
    nw, spec = log.nw, log.spec
    if spec.created_type in log.time_columns:
        created = nw.col(f"__svc_f{list(log.time_columns).index(spec.created_type)}")
    else:
        created = nw.col(f"{spec.created_type}_first_at")
    problem = nw.lit(None, dtype=nw.Int8)
    if spec.duplicates != "keep":
        problem = nw.when(nw.col("__svc_repeated").fill_null(False)).then(nw.lit(4, dtype=nw.Int8)).otherwise(problem)
    if spec.statuses and log.status is not None:
        problem = nw.when(nw.col("__svc_unknown")).then(nw.lit(3, dtype=nw.Int8)).otherwise(problem)
    before = ~created.is_null() & (nw.col("__svc_earliest") < created).fill_null(False)
    problem = nw.when(before).then(nw.lit(2, dtype=nw.Int8)).otherwise(problem)
    return nw.when(created.is_null()).then(nw.lit(1, dtype=nw.Int8)).otherwise(problem)


def _columns_read(plan: Plan) -> set[str]:
    """The columns a plan names (its nodes' and its group columns)."""
    found = {
        node.column for node in walk((plan.scope, plan.limits, plan.rules, plan.measured)) if hasattr(node, "column")
    }
    return found | set(plan.group_by)


def _check_columns(
    names: Mapping[str, str],
    time_columns: Mapping[str, str],
    set_columns: Mapping[str, str],
    kinds: Mapping[str, ColumnKind],
    schema: Mapping[str, Any],
) -> None:
    problems = []
    for column in [*names.values(), *time_columns.values(), *set_columns.values()]:
        if column not in kinds:
            hint = did_you_mean(column, list(kinds)) or "map it in the file's columns: section"
            problem = DataProblem("events", column, "not found in the data", hint, "column_missing")
        elif (column == names["time"] or column in time_columns.values()) and kinds[column] != "time":
            problem = DataProblem(
                "events",
                column,
                f"expected timestamps (datetime), found {schema[column]}",
                f"parse it first, e.g. pl.col({column!r}).str.to_datetime() or strptime() in DuckDB",
                "time_type",
            )
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    if problems:
        raise DataError(problems)


def _check_events(nw: Any, events: Any, backend: Backend, names: Mapping[str, str], spec: EventLog) -> None:
    """Events without an id, a time or a type, and types the events: section also defines: one small query
    (and where there are such events, one more naming their rows, numbered from 0 in the order read)."""
    checked = {"id": names["id"], "time": AT, "type": TYPE}
    counts = {f"__svc_no_{key}": nw.col(column).is_null().cast(nw.Int64).sum() for key, column in checked.items()}
    defined = spec.derived_types
    clashes = {f"__svc_clash{i}": (nw.col(TYPE) == name).any() for i, name in enumerate(defined)}
    row = events.select(**counts, **clashes).collect().rows(named=True)[0]
    problems = []
    whats = {"id": "events without an id", "time": "events without a time", "type": "events without a type"}
    for key, column in checked.items():
        found = int(row[f"__svc_no_{key}"] or 0)
        if found:
            numbered = backend.with_read_order(events, LINE)
            missing = numbered.filter(nw.col(column).is_null()).select(LINE).sort(LINE).head(6).collect()
            rows = [int(r) for r in missing.to_dict(as_series=False)[LINE]]
            shown = ", ".join(str(r) for r in rows[:5]) + (" ..." if found > 5 else "")
            problems.append(
                DataProblem(
                    "events",
                    names[key],
                    f"{found:,} {whats[key]} (rows {shown})",
                    "every event needs an interaction id, a time and a type; fix or remove those rows",
                    "event_incomplete",
                )
            )
    if problems:
        raise DataError(problems)
    found_clashes = [name for i, name in enumerate(defined) if row[f"__svc_clash{i}"]]
    if found_clashes:
        raise DataError([type_clash_problem(names["type"], name, defined[name]) for name in found_clashes])


def _derived_problem(column: str) -> DataProblem:
    return DataProblem(
        "events",
        column,
        "has the name of a column the interactions get from the log",
        "rename it: T_first_at, T_last_at and T_count (per event type T), paused_count, "
        "paused_seconds and log_problem are derived from the events",
        "column_derived",
    )
