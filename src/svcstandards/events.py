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
  event earlier than the creation), ``duplicate_event`` (the same id, time,
  type and status twice), ``unknown_status`` (a status not listed in
  ``statuses``). Such interactions count as ``invalid`` in every standard.

Events are ordered by time, not by row order; events with the same id and
time keep their row order. Timestamps come out timezone-aware in the file's
zone. Everything is vectorised: one ``np.lexsort`` of the events (O(n log
n)) and group-wise numpy.

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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._columns import NAT, Columns
from .errors import DataError, DataProblem
from .model import EventLog, StandardSet

_SUFFIXES = ("_first_at", "_last_at", "_count")


def referenced_types(standard_set: StandardSet) -> list[str]:
    """Event types whose derived columns (``T_first_at``...) the standards refer to."""
    from .checks import column_references

    found: list[str] = []
    for _, name in column_references(standard_set):
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] not in found:
                found.append(name[: -len(suffix)])
    return found


__all__ = [
    "EventLogView",
    "interactions_from_events",
    "pause_spans",
    "read_event_log",
    "referenced_types",
    "reply_cycles",
]

LOG_PROBLEMS = ("no_creation", "before_creation", "duplicate_event", "unknown_status")


@dataclass
class EventLogView:
    """An event log read once: the sorted events and the interactions they form."""

    spec: EventLog
    timezone: str
    events: pd.DataFrame  # the caller's log (never modified)
    order: np.ndarray  # event rows sorted by (interaction, time, row)
    interaction: np.ndarray  # per event row (input order): interaction number
    times: np.ndarray  # per event row: ns UTC
    types: np.ndarray  # per event row: the type, as text
    frame: pd.DataFrame  # one row per interaction
    pauses: pd.DataFrame  # interaction, start, end (ns UTC; end NAT while paused)

    def stamps(self, ns: np.ndarray) -> pd.DatetimeIndex:
        return _stamps(ns, self.timezone)


def _stamps(ns: np.ndarray, timezone: str) -> pd.DatetimeIndex:
    """Aware timestamps in ``timezone`` from ns UTC (``NAT`` -> NaT)."""
    index = pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view("datetime64[ns]"), tz="UTC")
    return pd.DatetimeIndex(index.where(ns != NAT)).tz_convert(timezone)


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
) -> EventLogView:
    """Read an event log; raises :class:`DataError` for what cannot be an event log.

    ``types`` are event types whose columns must exist even when the log has
    none of them (``reopened_count`` is then 0 for every interaction).

    Missing columns, unreadable times and events without an id or a time are
    data errors: they cannot be placed in an interaction, and the library
    never drops rows silently.
    """
    mapping = dict(columns or {})
    names = _spec_columns(spec, mapping)
    access = Columns(events, {}, timezone)
    series = {key: access.series("events", column) for key, column in names.items()}
    times = access.timestamps("events", names["time"]) if series["time"] is not None else None
    problems = list(access.problems)
    if series["id"] is not None and series["id"].isna().any():
        problems.append(_row_problem(names["id"], series["id"].isna(), "events without an id"))
    if times is not None and (times == NAT).any():
        problems.append(_row_problem(names["time"], pd.Series(times == NAT), "events without a time"))
    if series["type"] is not None and series["type"].isna().any():
        problems.append(_row_problem(names["type"], series["type"].isna(), "events without a type"))
    if problems or times is None:
        raise DataError(problems)
    ids = series["id"]
    assert ids is not None
    assert series["type"] is not None
    codes, id_values = pd.factorize(ids, sort=False)
    interaction = np.asarray(codes, dtype=np.int64)
    kinds = series["type"].astype(str).to_numpy(dtype=object)
    position = np.arange(len(events), dtype=np.int64)
    order = np.lexsort((position, times, interaction))
    statuses = series.get("status")
    frame, pauses = _interactions(
        spec, names, events, order, interaction, times, kinds, statuses, id_values, timezone, tuple(types)
    )
    return EventLogView(spec, timezone, events, order, interaction, times, kinds, frame, pauses)


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
    types: np.ndarray,
    statuses: pd.Series | None,
    id_values: pd.Index,
    timezone: str,
    expected_types: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_ids = len(id_values)
    type_codes, type_values = pd.factorize(types)
    type_codes = np.asarray(type_codes, dtype=np.int64)
    n_types = len(type_values)

    # first / last / count per (interaction, type): one more sort by key, then segment ends
    key = interaction * max(n_types, 1) + type_codes
    by_key = order[np.argsort(key[order], kind="stable")]
    sorted_key = key[by_key]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]]) if len(key) else np.array([], int)
    ends = np.r_[starts[1:], len(key)] - 1 if len(key) else np.array([], int)
    first = np.full((n_ids, n_types), NAT, dtype=np.int64)
    last = np.full((n_ids, n_types), NAT, dtype=np.int64)
    count = np.zeros((n_ids, n_types), dtype=np.int64)
    segment_keys = sorted_key[starts]
    rows, cols = segment_keys // max(n_types, 1), segment_keys % max(n_types, 1)
    first[rows, cols] = times[by_key[starts]]
    last[rows, cols] = times[by_key[ends]]
    count[rows, cols] = ends - starts + 1

    out: dict[str, object] = {names["id"]: np.asarray(id_values)}
    for column in events.columns:
        if column in (names["id"], names["time"], names["type"]):
            continue
        out[column] = _latest_values(events[column], order, interaction, n_ids)
    frame = pd.DataFrame(out)
    derived: dict[str, object] = {}
    for code, name in enumerate(type_values):
        derived[f"{name}_first_at"] = _stamps(first[:, code], timezone)
        derived[f"{name}_last_at"] = _stamps(last[:, code], timezone)
        derived[f"{name}_count"] = count[:, code]
    for name in expected_types:
        if f"{name}_count" not in derived:
            derived[f"{name}_first_at"] = _stamps(np.full(n_ids, NAT, dtype=np.int64), timezone)
            derived[f"{name}_last_at"] = _stamps(np.full(n_ids, NAT, dtype=np.int64), timezone)
            derived[f"{name}_count"] = np.zeros(n_ids, dtype=np.int64)

    problem = np.full(n_ids, None, dtype=object)
    created_code = np.flatnonzero(np.asarray(type_values) == spec.created)
    created = first[:, created_code[0]] if len(created_code) else np.full(n_ids, NAT, dtype=np.int64)
    earliest = np.full(n_ids, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, interaction, times)
    status_values = statuses.to_numpy(dtype=object) if statuses is not None else None
    duplicate = _duplicates(order, interaction, times, type_codes, status_values)
    dup_ids = np.zeros(n_ids, dtype=bool)
    dup_ids[interaction[duplicate]] = True
    problem[dup_ids] = "duplicate_event"
    if spec.statuses and status_values is not None:
        unknown = ~pd.Series(status_values).isin(list(spec.statuses)).to_numpy() & pd.notna(status_values)
        bad = np.zeros(n_ids, dtype=bool)
        bad[interaction[unknown]] = True
        problem[bad] = "unknown_status"
    problem[(created != NAT) & (earliest < created)] = "before_creation"
    problem[created == NAT] = "no_creation"
    derived["log_problem"] = problem

    pauses = _pause_spans(spec, order, interaction, times, status_values)
    paused_ns = np.where(pauses["end"] != NAT, pauses["end"] - pauses["start"], 0)
    derived["paused_count"] = np.bincount(pauses["interaction"], minlength=n_ids)
    derived["paused_seconds"] = np.bincount(pauses["interaction"], weights=paused_ns, minlength=n_ids) / 1e9
    frame = pd.concat([frame, pd.DataFrame(derived)], axis=1)
    return frame, pauses


def _latest_values(column: pd.Series, order: np.ndarray, interaction: np.ndarray, n_ids: int) -> pd.Series:
    """Per interaction, the value of the latest event (by time, then row) that has one."""
    ordered = column.iloc[order].reset_index(drop=True)
    present = ordered.notna().to_numpy()
    rows = np.flatnonzero(present)
    owners = interaction[order][rows]
    result = pd.Series(pd.NA, index=range(n_ids), dtype=column.dtype if column.dtype != bool else object)
    if len(rows):
        # the last present row of each interaction: where the owner changes in the next row
        is_last = np.r_[owners[1:] != owners[:-1], True]
        picked = rows[is_last]
        result = pd.Series(ordered.iloc[picked].to_numpy(), index=owners[is_last]).reindex(range(n_ids))
        if column.dtype == bool and not result.isna().any():
            result = result.astype(bool)
    return result.reset_index(drop=True)


def _duplicates(
    order: np.ndarray,
    interaction: np.ndarray,
    times: np.ndarray,
    type_codes: np.ndarray,
    statuses: np.ndarray | None,
) -> np.ndarray:
    """Event rows (input order) that repeat an earlier event: same id, time, type and status."""
    frame = pd.DataFrame({"i": interaction, "t": times, "k": type_codes})
    if statuses is not None:
        frame["s"] = pd.Series(statuses).astype(str)
    return np.asarray(frame.duplicated(keep="first").to_numpy(), dtype=bool)


def _pause_spans(
    spec: EventLog, order: np.ndarray, interaction: np.ndarray, times: np.ndarray, statuses: np.ndarray | None
) -> pd.DataFrame:
    """Spans from an event whose status is paused to the next event whose status is not."""
    empty = pd.DataFrame(
        {"interaction": np.array([], np.int64), "start": np.array([], np.int64), "end": np.array([], np.int64)}
    )
    if statuses is None or not spec.paused_statuses:
        return empty
    owner = interaction[order]
    at = times[order]
    status = pd.Series(statuses[order])
    paused = status.isin(list(spec.paused_statuses)).to_numpy()
    # a status-less event keeps the status before it
    known = status.notna().to_numpy()
    if not known.all():
        filled = pd.Series(np.where(known, paused, np.nan)).groupby(owner).ffill()
        paused = filled.fillna(False).to_numpy(dtype=bool)
    previous_paused = np.r_[False, paused[:-1]] & np.r_[False, owner[1:] == owner[:-1]]
    begins = paused & ~previous_paused
    next_owner_same = np.r_[owner[1:] == owner[:-1], False]
    ends_here = paused & ~(np.r_[paused[1:], False] & next_owner_same)
    start_rows = np.flatnonzero(begins)
    last_rows = np.flatnonzero(ends_here)
    # the span ends at the next event after its last paused one, if the same interaction has one
    resume_rows = last_rows + 1
    has_resume = (resume_rows < len(owner)) & np.r_[next_owner_same][last_rows]
    end = np.where(has_resume, at[np.minimum(resume_rows, len(owner) - 1)], NAT)
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
    that has one (its time zone, column mapping and the event types its
    standards refer to are then used).
    """
    if isinstance(spec, StandardSet):
        if spec.events is None:
            raise ValueError("this standards file has no events: section")
        timezone = timezone or spec.timezone
        columns = {**spec.columns, **(columns or {})}
        types = (*types, *referenced_types(spec))
        spec = spec.events
    frame: pd.DataFrame = read_event_log(events, spec, timezone or "UTC", columns, types).frame
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


def reply_cycles(view: EventLogView, from_type: str, to_type: str) -> pd.DataFrame:
    """One row per reply cycle: the oldest unanswered ``from_type`` event to the next ``to_type``.

    Several customer messages in a row form one cycle from the first of them
    (as "next reply time" is usually defined). Columns: the interaction's
    columns, ``interaction`` (its row in ``view.frame``), ``cycle_start_at``
    and ``cycle_reply_at`` (missing while unanswered).
    """
    owner = view.interaction[view.order]
    at = view.times[view.order]
    kind = view.types[view.order]
    is_from, is_to = kind == from_type, kind == to_type
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
