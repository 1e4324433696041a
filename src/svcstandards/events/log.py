"""Event logs: one row per event in, one row per interaction (or reply cycle) out.

A helpdesk export says what happened (created, agent_reply, customer_reply,
status changes, solved, reopened). :func:`interactions_from_events` turns it
into the wide table the evaluator scores:

- for every event type ``T``: ``T_first_at``, ``T_last_at`` and ``T_count``;
- every other column: the value of the latest event that has one (so a
  priority change is honoured);
- ``paused_count`` and ``paused_seconds``: the spans from an event whose
  status is paused to the next event whose status is not (wall-clock
  seconds; measures subtract them on their own calendar);
- ``log_problem``: why an interaction cannot be trusted, or missing:
  ``no_creation`` (no event of the creation type), ``before_creation`` (an
  event earlier than the creation), ``duplicate_event`` (an event repeated
  at the same time: see ``duplicates`` in the ``events:`` section),
  ``unknown_status`` (a status not listed in ``statuses``). Such
  interactions count as ``invalid`` in every standard;
- the columns the ``events:`` section derives (``times``, ``types``,
  ``when_set``, ``created: {column: ...}``; see :mod:`._derived`).

Events are ordered by time, not by row order; events with the same id and
time keep their row order. Timestamps come out timezone-aware in the file's
zone. Everything is vectorised: first, last and count are scattered per
(interaction, type) in one pass (O(n)); one sort of the events by
(interaction, time, row) (O(n log n)) serves the latest values, pauses,
duplicates and reply cycles.

>>> import pandas as pd
>>> from svcstandards.model import EventLog
>>> log = pd.DataFrame({
...     "ticket_id": [7, 7, 7],
...     "at": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:40", "2026-03-02 10:00"]),
...     "event": ["created", "agent_reply", "solved"],
... })
>>> wide = interactions_from_events(log, EventLog(id="ticket_id", time="at", type="event"))
>>> wide.loc[0, "agent_reply_first_at"]
Timestamp('2026-03-02 09:40:00+0000', tz='UTC')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..engines._columns import NAT, UNHASHABLE, Columns, stamps_from_ns
from ..engines.prepare import prepare
from ..errors import DataError, DataProblem, InvalidArgumentError
from ..format.checks import column_references
from ..format.model import EventLog, StandardSet
from ..nodes import Prepare
from ..plan.prepare import compile_prepare
from ._derived import (
    attribute_values,
    duplicates,
    times_of_column,
    type_clash_problem,
    unhashable_duplicates,
    union_of_types,
    when_set,
)

_SUFFIXES = ("_first_at", "_last_at", "_count")


def referenced_types(standard_set: StandardSet, present: Iterable[object] = ()) -> list[str]:
    """Event types whose derived columns (``T_first_at``...) the standards refer to.

    A name that is a column of the log itself (``present``, e.g. a
    ``reopen_count`` the platform exports) is that column, not the count of
    an event type ``reopen``.
    """
    own = {str(name) for name in present}
    found: list[str] = []
    for _, name in column_references(standard_set):
        mapped = standard_set.column_map.get(name, name)
        if name in own or mapped in own:
            continue
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] not in found:
                found.append(name[: -len(suffix)])
    return found


__all__ = [
    "EventLogView",
    "cycle_clashes",
    "interactions_from_events",
    "log_problems_warning",
    "pause_spans",
    "read_event_log",
    "referenced_types",
    "reply_cycles",
]


@dataclass
class EventLogView:
    """An event log read once: the sorted events and the interactions they form."""

    spec: EventLog
    timezone: str
    events: pd.DataFrame  # the caller's log (never modified)
    order: np.ndarray  # event rows sorted by (interaction, time, row)
    interaction: np.ndarray  # per event row (input order): interaction number
    times: np.ndarray  # per event row: ns UTC
    type_codes: np.ndarray  # per event row: its type, as an index into type_names
    type_names: np.ndarray  # the event types, as text, in order of first appearance
    frame: pd.DataFrame  # one row per interaction
    pauses: pd.DataFrame  # interaction, start, end (ns UTC; end NAT while paused)
    problems: np.ndarray  # per interaction: why its log cannot be trusted (a log problem code), or None
    statuses: pd.Series | None = None  # per event row: its status, when the log has a status column
    _other_pauses: dict[tuple[str, ...], pd.DataFrame] = field(default_factory=dict)

    def pauses_in(self, paused: tuple[str, ...] | None) -> pd.DataFrame:
        """The paused spans of the statuses ``paused`` (a measure's own list); ``None``: the log's ``pauses``."""
        if paused is None:
            return self.pauses
        if paused not in self._other_pauses:
            self._other_pauses[paused] = _pause_spans(
                self.spec, self.order, self.interaction, self.times, self.statuses, paused
            )
        return self._other_pauses[paused]

    def stamps(self, ns: np.ndarray) -> pd.DatetimeIndex:
        return stamps_from_ns(ns, self.timezone)

    def is_type(self, name: str) -> np.ndarray:
        """Per event row (input order): whether the event is of type ``name``."""
        code = np.flatnonzero(self.type_names == name)
        if not len(code):
            return np.zeros(len(self.type_codes), dtype=bool)
        return np.asarray(self.type_codes == code[0], dtype=bool)


def _spec_columns(spec: EventLog, mapping: Mapping[str, str]) -> dict[str, str]:
    named = {"id": spec.id, "time": spec.time, "type": spec.type}
    if spec.status:
        named["status"] = spec.status
    return {key: mapping.get(name, name) for key, name in named.items()}


def read_event_log(
    events: pd.DataFrame,
    spec: EventLog,
    timezone: str = "UTC",
    columns: Mapping[str, str] | None = None,
    types: Iterable[str] = (),
    *,
    prepared: Prepare | None = None,
) -> EventLogView:
    """Read an event log; raises :class:`DataError` for what cannot be an event log.

    ``prepared``: how the data was read as exported (day-first times in text).

    ``types`` are event types whose columns must exist even when the log has
    none of them (``reopened_count`` is then 0 for every interaction).

    Missing columns, unreadable times and events without an id or a time are
    data errors: they cannot be placed in an interaction, and the library
    never drops rows silently.
    """
    mapping = dict(columns or {})
    names = _spec_columns(spec, mapping)
    access = Columns(events, {}, timezone, prepared=prepared)
    series = {key: access.series("events", column) for key, column in names.items()}
    times = access.timestamps("events", names["time"]) if series["time"] is not None else None
    for name in events.columns[events.columns.duplicated()].unique():
        access.series("events", name)  # any column twice: column_duplicate (once per name)
    time_columns = {name: mapping.get(column, column) for name, column in spec.time_columns.items()}
    stamped = {name: access.timestamps("events", column) for name, column in time_columns.items()}
    set_columns = {name: access.series("events", mapping.get(column, column)) for name, column in spec.when_set.items()}
    if isinstance(spec.attributes, dict):
        for column in spec.attributes:
            access.series("events", mapping.get(column, column))  # a choice for a column the log lacks
        moments = {mapping.get(column, column): moment for column, moment in spec.attributes.items()}
        spec = spec.model_copy(update={"attributes": moments})  # by the log's names
    problems = list(access.problems)
    if series["id"] is not None and series["id"].isna().any():
        problems.append(_row_problem(names["id"], series["id"].isna(), "events without an id"))
    if times is not None and (times == NAT).any():
        problems.append(_row_problem(names["time"], pd.Series(times == NAT), "events without a time"))
    if series["type"] is not None and series["type"].isna().any():
        problems.append(_row_problem(names["type"], series["type"].isna(), "events without a type"))
    if problems or times is None:
        raise DataError(problems)
    column_times = {name: ns for name, ns in stamped.items() if ns is not None}
    ids = series["id"]
    assert ids is not None
    assert series["type"] is not None
    try:
        codes, id_values = pd.factorize(ids, sort=False)
    except TypeError:  # lists, dicts or sets
        problems.append(DataProblem("events", names["id"], *UNHASHABLE))
    try:
        type_codes, type_names = _type_codes(series["type"])
    except TypeError:
        problems.append(DataProblem("events", names["type"], *UNHASHABLE))
    if problems:
        raise DataError(problems)
    interaction = np.asarray(codes, dtype=np.int64)
    order = _event_order(interaction, times, len(id_values))
    statuses = series.get("status")
    frame, pauses, log_problems = _interactions(
        spec,
        names,
        events,
        order,
        interaction,
        times,
        type_codes,
        type_names,
        statuses,
        id_values,
        timezone,
        types,
        column_times,
        {name: column for name, column in set_columns.items() if column is not None},
    )
    return EventLogView(
        spec, timezone, events, order, interaction, times, type_codes, type_names, frame, pauses, log_problems, statuses
    )


#: The log problems, in the order of precedence (the first that applies is an interaction's problem).
LOG_PROBLEMS = ("no_creation", "before_creation", "unknown_status", "duplicate_event")


def log_problems_warning(view: EventLogView, examples: int = 3) -> DataProblem | None:
    """One warning counting the interactions with a log problem, per kind with a few ids; None without any.

    ``12 of 890 interactions have log problems and count as invalid: 8
    no_creation (INC001, INC007, INC009, ...), 4 duplicate_event (...)``.
    """
    problems = view.problems
    flagged = int(pd.notna(problems).sum())
    if not flagged:
        return None
    ids = view.frame.iloc[:, 0].to_numpy()
    parts = []
    for kind in LOG_PROBLEMS:  # a loop over the kinds, not the rows
        found = np.flatnonzero(problems == kind)
        if len(found):
            shown = ", ".join(str(value) for value in ids[found[:examples]])
            parts.append(f"{len(found):,} {kind} ({shown}{', ...' if len(found) > examples else ''})")
    total = len(problems)
    return DataProblem(
        "",
        str(view.frame.columns[0]),
        f"{flagged:,} of {total:,} interaction{'s' if total != 1 else ''} "
        f"{'have' if flagged != 1 else 'has'} log problems and count as invalid: {', '.join(parts)}",
        "interactions_from_events(log, standards) shows each one's log_problem; "
        "the events: keys created, duplicates and statuses say what the log means",
        "log_problems",
    )


def _type_codes(types: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per event, its type as a code into the types as text (hashing, no text per row)."""
    codes, uniques = pd.factorize(types, sort=False)
    names = np.array([str(value) for value in uniques], dtype=object)  # a loop over types, not rows
    merged, distinct = pd.factorize(names, sort=False)  # 1 and "1" are one type
    return np.asarray(merged, dtype=np.int64)[codes], np.asarray(distinct, dtype=object)


def _event_order(interaction: np.ndarray, times: np.ndarray, n_ids: int) -> np.ndarray:
    """Event rows sorted by (interaction, time, row).

    When the interaction and the time fit in one int64 key (the time counted
    from the earliest event in ns, us, ms or s, the finest unit that fits
    and loses nothing), one argsort of that key, several times faster than a
    stable sort of three keys; the rows that tie (same interaction and time,
    usually few) are then put in row order. Otherwise a lexsort.
    """
    if not len(times):
        return np.zeros(0, dtype=np.int64)
    key = None
    low, span = int(times.min()), int(times.max()) - int(times.min())
    if span < 2**62:
        offsets = times - low
        for unit in (1, 1_000, 1_000_000, 1_000_000_000):
            steps = span // unit + 1
            if n_ids * steps < 2**62 and (unit == 1 or not (offsets % unit).any()):
                key = interaction * steps + offsets // unit
                break
    if key is None:
        return np.asarray(np.lexsort((np.arange(len(times)), times, interaction)), dtype=np.int64)
    order = np.asarray(np.argsort(key), dtype=np.int64)
    ordered = key[order]
    equal = ordered[1:] == ordered[:-1]
    tied = np.flatnonzero(np.r_[equal, False] | np.r_[False, equal])
    if len(tied):
        rows = order[tied]  # runs of equal keys, each in the right place: sort within them by row
        order[tied] = rows[np.lexsort((rows, key[rows]))]
    return order


def _row_problem(column: str, missing: pd.Series, what: str) -> DataProblem:
    rows = np.flatnonzero(missing.to_numpy())
    shown = ", ".join(str(r) for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
    return DataProblem(
        "events",
        column,
        f"{len(rows):,} {what} (rows {shown})",
        "every event needs an interaction id, a time and a type; fix or remove those rows",
        "event_incomplete",
    )


def _interactions(
    spec: EventLog,
    names: dict[str, str],
    events: pd.DataFrame,
    order: np.ndarray,
    interaction: np.ndarray,
    times: np.ndarray,
    type_codes: np.ndarray,
    type_values: np.ndarray,
    statuses: pd.Series | None,
    id_values: pd.Index,
    timezone: str,
    expected_types: Iterable[str] = (),
    column_times: Mapping[str, np.ndarray] | None = None,
    set_columns: Mapping[str, pd.Series] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    n_ids = len(id_values)
    n_types = len(type_values)

    # first / last / count per (interaction, type): scattered in one pass each, no sort needed
    key = interaction * n_types + type_codes
    count = np.bincount(key, minlength=n_ids * n_types).reshape(n_ids, n_types)
    lowest = np.full(n_ids * n_types, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest, key, times)
    first = np.where(count > 0, lowest.reshape(n_ids, n_types), NAT)
    highest = np.full(n_ids * n_types, NAT, dtype=np.int64)
    np.maximum.at(highest, key, times)
    last = highest.reshape(n_ids, n_types)

    column_times = dict(column_times or {})
    defined = spec.derived_types
    clashes = [name for name in defined if name in set(type_values)]
    if clashes:
        raise DataError([type_clash_problem(names["type"], name, defined[name]) for name in clashes])
    from_columns = {name: times_of_column(ns, order, interaction, n_ids) for name, ns in column_times.items()}
    for name, members in spec.types.items():
        from_columns[name] = union_of_types(first, last, count, type_values, members)
    for name, values in (set_columns or {}).items():
        from_columns[name] = when_set(values, order, interaction, times, n_ids)

    problem = np.full(n_ids, None, dtype=object)
    if spec.created_type in from_columns:
        created = from_columns[spec.created_type][0]
    else:
        created_code = np.flatnonzero(type_values == spec.created_type)
        created = first[:, created_code[0]] if len(created_code) else np.full(n_ids, NAT, dtype=np.int64)

    out: dict[str, object] = {names["id"]: np.asarray(id_values)}
    for column in events.columns:
        if column in (names["id"], names["time"], names["type"]):
            continue
        moment = spec.attribute_moment(str(column))
        out[column] = attribute_values(events[column], order, interaction, times, n_ids, moment, created)
    frame = pd.DataFrame(out)
    derived: dict[str, object] = {}
    for code, name in enumerate(type_values):
        derived[f"{name}_first_at"] = stamps_from_ns(first[:, code], timezone)
        derived[f"{name}_last_at"] = stamps_from_ns(last[:, code], timezone)
        derived[f"{name}_count"] = count[:, code]
    for name, (first_ns, last_ns, distinct) in from_columns.items():
        derived[f"{name}_first_at"] = stamps_from_ns(first_ns, timezone)
        derived[f"{name}_last_at"] = stamps_from_ns(last_ns, timezone)
        derived[f"{name}_count"] = distinct
    for name in expected_types:
        if f"{name}_count" not in derived:
            derived[f"{name}_first_at"] = stamps_from_ns(np.full(n_ids, NAT, dtype=np.int64), timezone)
            derived[f"{name}_last_at"] = stamps_from_ns(np.full(n_ids, NAT, dtype=np.int64), timezone)
            derived[f"{name}_count"] = np.zeros(n_ids, dtype=np.int64)

    earliest = np.where(count > 0, first, np.iinfo(np.int64).max).min(axis=1, initial=np.iinfo(np.int64).max)
    try:
        duplicate = duplicates(spec, names, events, order, interaction, times, type_codes, statuses)
    except TypeError:  # lists, dicts or sets among the columns compared
        raise DataError([unhashable_duplicates(spec, names, events)]) from None
    dup_ids = np.zeros(n_ids, dtype=bool)
    dup_ids[interaction[duplicate]] = True
    problem[dup_ids] = "duplicate_event"
    if spec.statuses and statuses is not None:
        unknown = (statuses.notna() & ~statuses.isin(list(spec.statuses))).to_numpy(dtype=bool)
        bad = np.zeros(n_ids, dtype=bool)
        bad[interaction[unknown]] = True
        problem[bad] = "unknown_status"
    problem[(created != NAT) & (earliest < created)] = "before_creation"
    problem[created == NAT] = "no_creation"

    pauses = _pause_spans(spec, order, interaction, times, statuses)
    paused_ns = np.where(pauses["end"] != NAT, pauses["end"] - pauses["start"], 0)
    derived["paused_count"] = np.bincount(pauses["interaction"], minlength=n_ids)
    derived["paused_seconds"] = np.bincount(pauses["interaction"], weights=paused_ns, minlength=n_ids) / 1e9
    clashes = [column for column in frame.columns if column in derived]
    if clashes:
        raise DataError([_derived_problem(column) for column in clashes])
    frame = pd.concat([frame, pd.DataFrame(derived)], axis=1)
    return frame, pauses, problem


def _derived_problem(column: object) -> DataProblem:
    return DataProblem(
        "events",
        str(column),
        "has the name of a column the interactions get from the log",
        "rename it: T_first_at, T_last_at and T_count (per event type T), paused_count, "
        "paused_seconds and log_problem are derived from the events",
        "column_derived",
    )


def _pause_spans(
    spec: EventLog,
    order: np.ndarray,
    interaction: np.ndarray,
    times: np.ndarray,
    statuses: pd.Series | None,
    paused_statuses: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Spans from an event whose status is paused to the next event whose status is not.

    The paused statuses are ``paused_statuses`` (a measure's own), else the
    log's ``paused_statuses``. An event without a status keeps the status before it, so it can neither
    start nor end a span: only the events with a status are looked at.
    """
    empty = pd.DataFrame(
        {"interaction": np.array([], np.int64), "start": np.array([], np.int64), "end": np.array([], np.int64)}
    )
    paused_set = spec.paused_statuses if paused_statuses is None else paused_statuses
    if statuses is None or not paused_set:
        return empty
    known = statuses.notna().to_numpy(dtype=bool)
    rows = order[known[order]]  # events with a status, sorted by (interaction, time, row)
    if not len(rows):
        return empty
    owner, at = interaction[rows], times[rows]
    paused = statuses.iloc[rows].isin(list(paused_set)).to_numpy(dtype=bool)
    same_as_next = np.r_[owner[1:] == owner[:-1], False]
    previous_paused = np.r_[False, paused[:-1] & same_as_next[:-1]]
    next_paused = np.r_[paused[1:], False] & same_as_next
    start_rows = np.flatnonzero(paused & ~previous_paused)
    last_rows = np.flatnonzero(paused & ~next_paused)
    # the span ends at the next event with a status (not a paused one), if the interaction has one
    end = np.where(same_as_next[last_rows], at[np.minimum(last_rows + 1, len(at) - 1)], NAT)
    return pd.DataFrame({"interaction": owner[start_rows], "start": at[start_rows], "end": end})


def interactions_from_events(
    events: pd.DataFrame,
    spec: EventLog | StandardSet,
    timezone: str | None = None,
    columns: Mapping[str, str] | None = None,
    types: Iterable[str] = (),
) -> pd.DataFrame:
    """One row per interaction of an event log (see the module's description of the columns).

    ``spec`` is the file's ``events:`` section, or a loaded standards file
    that has one (its time zone, column mapping, the way its ``data:`` and
    ``columns:`` read the log as exported, and the event types its standards
    refer to are then used).
    """
    step = None
    if isinstance(spec, StandardSet):
        if spec.events is None:
            raise InvalidArgumentError("this standards file has no events: section")
        timezone = timezone or spec.timezone
        step = compile_prepare(spec, columns=columns)
        prepared = prepare(events, step)
        if prepared.problems:  # an event that cannot be placed in time cannot be placed in an interaction
            raise DataError([replace(p, standard="events") for p in prepared.problems.values()])
        events = prepared.frame
        columns = {**spec.column_map, **(columns or {})}
        types = (*types, *referenced_types(spec, events.columns))
        spec = spec.events
    view = read_event_log(events, spec, timezone or "UTC", columns, types, prepared=step)
    if "log_problem" in view.frame.columns:  # the log's own column of that name, carried as an attribute
        raise DataError([_derived_problem("log_problem")])
    frame = view.frame.copy(deep=False)
    frame.insert(list(frame.columns).index("paused_count"), "log_problem", view.problems)
    return frame


def pause_spans(
    events: pd.DataFrame, spec: EventLog, timezone: str = "UTC", columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The paused spans: interaction id, ``paused_at``, ``resumed_at`` (missing while still paused)."""
    view = read_event_log(events, spec, timezone, columns)
    ids = view.frame.iloc[:, 0].to_numpy()[view.pauses["interaction"].to_numpy()]
    return pd.DataFrame(
        {
            view.frame.columns[0]: ids,
            "paused_at": view.stamps(view.pauses["start"].to_numpy()),
            "resumed_at": view.stamps(view.pauses["end"].to_numpy()),
        }
    )


def cycle_clashes(columns: Iterable[object]) -> list[DataProblem]:
    """A ``column_derived`` problem for each of the interactions' ``columns`` with the name of one reply cycles
    get (every engine's, so that each says the same)."""
    return [
        DataProblem(
            "events",
            str(column),
            "has the name of a column reply cycles get",
            "rename it: interaction, cycle_start_at and cycle_reply_at are derived for unit: reply",
            "column_derived",
        )
        for column in columns
        if column in ("interaction", "cycle_start_at", "cycle_reply_at")
    ]


def reply_cycles(view: EventLogView, from_type: str, to_type: str) -> pd.DataFrame:
    """One row per reply cycle: the oldest unanswered ``from_type`` event to the next ``to_type``.

    Several customer messages in a row form one cycle from the first of them
    (as "next reply time" is usually defined). Columns: the interaction's
    columns, ``interaction`` (its row in ``view.frame``), ``cycle_start_at``
    and ``cycle_reply_at`` (missing while unanswered).
    """
    clashes = cycle_clashes(view.frame.columns)
    if clashes:  # the log's own column of a name the cycles get
        raise DataError(clashes)
    owner = view.interaction[view.order]
    at = view.times[view.order]
    is_from, is_to = view.is_type(from_type)[view.order], view.is_type(to_type)[view.order]
    relevant = np.flatnonzero(is_from | is_to)
    r_owner, r_from, r_at = owner[relevant], is_from[relevant], at[relevant]
    same_as_previous = np.r_[False, r_owner[1:] == r_owner[:-1]]
    previous_from = np.r_[False, r_from[:-1]] & same_as_previous
    starts = np.flatnonzero(r_from & ~previous_from)
    reply = _next_reply(r_at, r_from, r_owner, starts)
    cycles: pd.DataFrame = view.frame.iloc[r_owner[starts]].reset_index(drop=True)
    cycles.insert(1, "interaction", r_owner[starts])
    cycles["cycle_start_at"] = view.stamps(r_at[starts])
    cycles["cycle_reply_at"] = view.stamps(reply)
    return cycles


def _next_reply(at: np.ndarray, is_from: np.ndarray, owner: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each start, the time of the first non-``from`` event after it in the same interaction."""
    reply_rows = np.flatnonzero(~is_from)
    position = np.searchsorted(reply_rows, starts)
    found = position < len(reply_rows)
    rows = reply_rows[np.minimum(position, max(len(reply_rows) - 1, 0))] if len(reply_rows) else starts
    ok = found & (owner[rows] == owner[starts]) if len(reply_rows) else np.zeros(len(starts), bool)
    return np.where(ok, at[rows], NAT)
