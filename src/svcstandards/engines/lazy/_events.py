"""Event logs on the lazy engine: one row per event in, one row per interaction (or reply cycle) out.

The same meaning as :mod:`svcstandards.events.log`, as narwhals queries that
never bring rows back to Python:

- the interactions: one ``group_by`` over the interaction id with
  conditional aggregations (``when(type == T).then(time).min()`` is
  ``T_first_at``), O(n) hashing;
- what depends on the order of events (the latest value of an attribute,
  the first value of a column of times): windows ordered by (time, row)
  within an interaction (one sort, O(n log n)), then the first and last
  event of each interaction joined to the aggregates on the id (O(n));
- repeated events: one more ``group_by`` over (id, time, type and the
  compared columns), O(n), its ids joined back;
- paused spans and reply cycles: windows over the events with a status (or
  of the two types), ordered by (time, row), O(n log n);
- the paused seconds of a row: its interaction's spans joined to it (one
  row per span), clipped to the row's own span and summed per row, O(n + s).

The reading is in :mod:`._event_reading`. Times are int64 microseconds UTC (see :mod:`._times`); a derived time column
(``T_first_at``, ``cycle_start_at``) holds its instants under its own name.
Events with the same id and time keep their row order: the row is numbered
by the backend (:meth:`Backend.with_row_number`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import DataProblem
from ...events.log import LOG_PROBLEMS
from ...format.model import EventLog
from ...kinds.duration import CYCLE_COLUMNS
from ...nodes import IsIn, PausedStatus, RowCalendar, Stamp, walk
from ...plan import Plan
from ._backends import Backend, TimeColumn
from ._calendars import CalendarTimes, scalar_before, with_open_time
from ._row_calendars import calendar_names
from ._rules import LOG_PROBLEM as PROBLEM
from ._rules import ColumnKind

__all__ = ["EventFrames"]

ROW = "__svc_row"  # the event's row number (ties of time are broken by it)
AT = "__svc_at"  # the event's instant
TYPE = "__svc_type"  # the event's type, as text
FIRST_ROW = "__svc_first_row"  # per interaction: the row of its first event in the log (its order of appearance)
KEY = "__svc_key"  # per scored row (interaction or reply cycle): a unique number
DERIVED_SUFFIXES = ("_first_at", "_last_at", "_count")


class _Names:
    """The int64 columns of one derived time column: its instants under its own name, its wall clock."""

    def __init__(self, column: str, index: int) -> None:
        self.instant = column
        self.wall = f"__svc_ew{index}"


@dataclass
class EventFrames:
    """An event log read lazily: the interactions, and what reply cycles and pauses are made from."""

    nw: Any
    backend: Backend
    spec: EventLog
    timezone: str
    id: str
    events: Any  # the events: id, ROW, AT, TYPE (and the status)
    status: str | None
    interactions: Any  # one row per interaction
    kinds: dict[str, ColumnKind]  # of the interactions' columns
    schema: dict[str, Any]  # of the interactions' columns (derived times: aware datetimes)
    names: dict[str, _Names] = field(default_factory=dict)  # derived time column -> its int64 columns
    _cycles: dict[tuple[str, str], Any] = field(default_factory=dict)

    def derived_time(self, column: str) -> _Names:
        if column not in self.names:
            self.names[column] = _Names(column, len(self.names))
        return self.names[column]

    def with_walls(self, frame: Any, columns: Sequence[str]) -> Any:
        """``frame`` with the wall-clock columns of derived time ``columns`` (for periods)."""
        present = set(frame.collect_schema().names())
        wanted = [TimeColumn(self.names[c].wall, c, "local_us") for c in columns if c in self.names and c in present]
        return self.backend.add_times(frame, wanted, self.timezone)

    # -- reply cycles --------------------------------------------------------------------
    def cycles(self, interactions: Any, reply_types: tuple[str, str], walls: Sequence[str]) -> Any:
        """One row per reply cycle: the interaction's columns, ``cycle_start_at`` and ``cycle_reply_at``.

        Among the events of the two types, sorted by (time, row) per interaction (a window, O(n log n)):
        a cycle starts at a ``from`` event not preceded by one, and is answered by the next ``to`` event.
        """
        if reply_types not in self._cycles:
            nw = self.nw
            start, reply = CYCLE_COLUMNS
            from_type, to_type = reply_types
            order_id = self.id
            is_from = nw.col(TYPE) == from_type
            relevant = self.events.filter(nw.col(TYPE).is_in([from_type, to_type]))
            marked = relevant.with_columns(
                __svc_after_from=is_from.shift(1).over(order_id, order_by=[AT, ROW]).fill_null(False),
                __svc_reply=nw.when(~is_from)
                .then(nw.col(AT))
                .fill_null(strategy="backward")
                .over(order_id, order_by=[AT, ROW]),
            )
            cycles = marked.filter(is_from & ~nw.col("__svc_after_from")).select(
                nw.col(self.id), nw.col(ROW).alias(KEY), nw.col(AT).alias(start), nw.col("__svc_reply").alias(reply)
            )
            self.derived_time(start), self.derived_time(reply)
            self._cycles[reply_types] = cycles
        joined = self._cycles[reply_types].join(interactions.drop(KEY), on=self.id, how="inner")
        return self.with_walls(joined, walls)

    # -- pauses ----------------------------------------------------------------------------
    def spans(self, statuses: Sequence[str] | None = None) -> Any | None:
        """The paused spans (id, start, end; end null while paused), or None without statuses to pause on.

        ``statuses``: those that pause (a measure's own); by default the log's ``paused_statuses``.
        Among the events with a status, sorted by (time, row) per interaction (a window): a span starts at
        a paused status not preceded by one and ends at the next event whose status is not paused.
        """
        pausing = self.spec.paused_statuses if statuses is None else statuses
        if self.status is None or not pausing:
            return None
        nw = self.nw
        order_id = self.id
        paused = nw.col(self.status).is_in(list(pausing)).fill_null(False)
        known = self.events.filter(~nw.col(self.status).is_null()).with_columns(__svc_paused=paused)
        is_paused = nw.col("__svc_paused")
        marked = known.with_columns(
            __svc_after_paused=is_paused.shift(1).over(order_id, order_by=[AT, ROW]).fill_null(False),
            __svc_end=nw.when(~is_paused)
            .then(nw.col(AT))
            .fill_null(strategy="backward")
            .over(order_id, order_by=[AT, ROW]),
        )
        starts = marked.filter(is_paused & ~nw.col("__svc_after_paused"))
        return starts.select(self.id, nw.col(AT).alias("__svc_ps"), nw.col("__svc_end").alias("__svc_pe"))

    def add_paused(
        self,
        frame: Any,
        plans: Sequence[Plan],
        as_ofs: Sequence[int | None],
        instants: Mapping[str, str],
        times: CalendarTimes | None = None,
        rules: Any = None,
    ) -> tuple[Any, dict[tuple[PausedStatus, int | None], str]]:
        """``frame`` with the paused seconds of each status pause of ``plans`` (one column per pause and
        ``as_of``), and the names of those columns. On a business calendar (``times``: the open time of the
        rows' instants) a span counts its open time: ``F`` of its ends by an as-of join of the spans.

        The spans of a row's interaction, clipped to [within_start, within_end] (an open row: to ``as_of``),
        summed per row: a join of the spans to the rows (one row per span), then a group-by, O(n + s); once
        per set of pausing statuses (the log's, or a measure's own). On a calendar per row, the spans' open
        time on each calendar the map can choose, each row taking its own calendar's (``rules``: the same
        ``IsIn`` of the column as its open time; 0 for a row without a calendar, as the numpy engine's).
        """
        wanted: dict[tuple[PausedStatus, int | None], str] = {}
        for plan, as_of in zip(plans, as_ofs, strict=True):
            for node in walk((plan.rules, plan.measured)):
                assert not isinstance(node, PausedStatus) or not isinstance(node.calendar, RowCalendar) or rules, (
                    "a calendar per row picks each row's calendar with the rules' IsIn"
                )
                if isinstance(node, PausedStatus) and (node, as_of) not in wanted:
                    wanted[(node, as_of)] = f"__svc_paused{len(wanted)}"
        by_statuses: dict[tuple[str, ...] | None, dict[tuple[PausedStatus, int | None], str]] = {}
        for (node, as_of), name in wanted.items():  # one join of spans per set of pausing statuses
            by_statuses.setdefault(node.statuses, {})[(node, as_of)] = name
        for statuses, some in by_statuses.items():
            frame = self._add_paused(frame, self.spans(statuses), some, instants, times, rules)
        return frame, wanted

    def _add_paused(
        self,
        frame: Any,
        spans: Any | None,
        wanted: Mapping[tuple[PausedStatus, int | None], str],
        instants: Mapping[str, str],
        times: CalendarTimes | None,
        rules: Any = None,
    ) -> Any:
        nw = self.nw
        if spans is None:
            return frame.with_columns(**{name: nw.lit(0.0, dtype=nw.Float64) for name in wanted.values()})
        # the calendars with open hours (on one never open, no paused time is open time: 0)
        calendars = [
            calendar
            for calendar in dict.fromkeys(name for node, _ in wanted for name in _calendars_of(node))
            if times is not None and (table := times.tables.get(calendar)) is not None and table.starts.size > 0
        ]
        row_columns = {c for (node, _) in wanted for c in _within(node, instants)}
        for k, calendar in enumerate(calendars):  # F of each span's ends on the calendar: two as-of joins
            assert times is not None, "status pauses on a calendar come with the calendar's open times"
            table = times.tables.get(calendar)
            for end in ("__svc_ps", "__svc_pe"):
                spans = with_open_time(nw, self.backend, spans, end, table, f"{end}_f{k}")[0]
            for node, _ in wanted:
                if calendar in _calendars_of(node):
                    row_columns |= {_open_column(times, node.within_start, calendar)}
                    if isinstance(node.within_end, Stamp):
                        row_columns.add(_open_column(times, node.within_end, calendar))
        codes: dict[RowCalendar, str] = {}  # a calendar per row: each row's calendar, as its index in names()
        for node, _ in wanted:
            if isinstance(node.calendar, RowCalendar) and node.calendar not in codes:
                codes[node.calendar] = f"__svc_pcal{len(codes)}"
                frame = frame.with_columns(_calendar_code(nw, node.calendar, rules).alias(codes[node.calendar]))
        row_columns |= set(codes.values())
        sums = []
        for (node, as_of), name in wanted.items():
            start = nw.col(instants[node.within_start.column])
            if isinstance(node.within_end, Stamp):
                end = nw.col(instants[node.within_end.column])
            else:
                end = nw.lit(as_of, dtype=nw.Int64)
            as_of_value = nw.lit(as_of, dtype=nw.Int64)
            stop = nw.when(~end.is_null()).then(end).otherwise(as_of_value)
            span_start, span_end = nw.col("__svc_ps"), nw.col("__svc_pe")
            low = nw.max_horizontal(span_start, start)
            high = (
                nw.when(span_end.is_null())
                .then(stop)
                .otherwise(nw.when(stop.is_null()).then(span_end).otherwise(nw.min_horizontal(span_end, stop)))
            )
            valid = (~start.is_null() & ~high.is_null() & (high > low)).fill_null(False)
            if node.calendar is None:
                seconds = (high - low).cast(nw.Float64) / 1e6
            elif isinstance(node.calendar, str):
                seconds = _open_seconds(nw, times, calendars, node, as_of, (end, stop), node.calendar)
            else:  # each row's own calendar; none: 0
                code, seconds = nw.col(codes[node.calendar]), nw.lit(0.0, dtype=nw.Float64)
                for index, calendar in enumerate(node.calendar.names()):
                    on_it = _open_seconds(nw, times, calendars, node, as_of, (end, stop), calendar)
                    seconds = nw.when(code == index).then(on_it).otherwise(seconds)
            sums.append(nw.when(valid).then(seconds).otherwise(0.0).sum().alias(name))
        rows = frame.select(KEY, self.id, *row_columns)
        paused = rows.join(spans, on=self.id, how="inner").group_by(KEY).agg(*sums)
        joined = frame.join(paused, on=KEY, how="left")
        return joined.with_columns(**{name: nw.col(name).fill_null(0.0) for name in wanted.values()})

    # -- the log problems ------------------------------------------------------------------
    def problems_warning(self, examples: int = 3) -> DataProblem | None:
        """The same warning as the pandas engine's (:func:`svcstandards.events.log.log_problems_warning`),
        from two small collected tables: the count per kind and the first few ids of each."""
        nw = self.nw
        counts = self.interactions.group_by(PROBLEM).agg(nw.len().alias("n")).collect().to_dict(as_series=False)
        per_kind = {code: int(n) for code, n in zip(counts[PROBLEM], counts["n"], strict=True)}
        total = sum(per_kind.values())
        flagged = total - per_kind.get(None, 0)
        if not flagged:
            return None
        first = nw.col(FIRST_ROW)
        rank = first.rank(method="ordinal").over(PROBLEM)
        shown_rows = (
            self.interactions.filter(~nw.col(PROBLEM).is_null())
            .select(PROBLEM, self.id, first, rank.alias("__svc_rank"))
            .filter(nw.col("__svc_rank") <= examples)
            .collect()
            .to_dict(as_series=False)
        )
        parts = []
        for code, kind in enumerate(LOG_PROBLEMS, start=1):  # a loop over the kinds, not the rows
            if code not in per_kind:
                continue
            chosen = sorted(
                (rank, value)
                for c, rank, value in zip(
                    shown_rows[PROBLEM], shown_rows["__svc_rank"], shown_rows[self.id], strict=True
                )
                if c == code
            )
            shown = ", ".join(str(value) for _, value in chosen)
            more = ", ..." if per_kind[code] > examples else ""
            parts.append(f"{per_kind[code]:,} {kind} ({shown}{more})")
        return DataProblem(
            "",
            self.id,
            f"{flagged:,} of {total:,} interaction{'s' if total != 1 else ''} "
            f"{'have' if flagged != 1 else 'has'} log problems and count as invalid: {', '.join(parts)}",
            "interactions_from_events(log, standards) shows each one's log_problem; "
            "the events: keys created, duplicates and statuses say what the log means",
            "log_problems",
        )


def _open_column(times: CalendarTimes, stamp: Stamp, calendar: str) -> str:
    """The column of ``F`` (open time before, µs) of a row's timestamp on ``calendar``; a never-open calendar's
    is 0 for every instant."""
    joined = times.joined.get((stamp.column, calendar))
    assert joined is not None, f"the open time of {stamp.column} on {calendar} was joined"
    return joined.before


def _open_seconds(
    nw: Any,
    times: CalendarTimes | None,
    calendars: list[str],
    node: PausedStatus,
    as_of: int | None,
    ends: tuple[Any, Any],
    calendar: str,
) -> Any:
    """Float64 open seconds on ``calendar`` of each (row, span) pair, clipped to the row's span; ``ends``: the
    row's end and where its clock stops (its end, else ``as_of``). ``calendars``: those with open hours, in
    the order of the spans' ``F`` columns. F never decreases: F(max(a, b)) = max(F(a), F(b)), and of min."""
    if calendar not in calendars:  # never open
        return nw.lit(0.0, dtype=nw.Float64)
    assert times is not None
    end, stop = ends
    k = calendars.index(calendar)
    span_end = nw.col("__svc_pe")
    f_span_start, f_span_end = nw.col(f"__svc_ps_f{k}"), nw.col(f"__svc_pe_f{k}")
    f_start = nw.col(_open_column(times, node.within_start, calendar))
    table = times.tables.get(calendar)
    assert table is not None
    f_as_of = nw.lit(None if as_of is None else scalar_before(table, as_of), dtype=nw.Int64)
    if isinstance(node.within_end, Stamp):
        f_end = nw.col(_open_column(times, node.within_end, calendar))
        f_stop = nw.when(~end.is_null()).then(f_end).otherwise(f_as_of)
    else:
        f_stop = f_as_of
    f_low = nw.max_horizontal(f_span_start, f_start)
    f_high = (
        nw.when(span_end.is_null())
        .then(f_stop)
        .otherwise(nw.when(stop.is_null()).then(f_span_end).otherwise(nw.min_horizontal(f_span_end, f_stop)))
    )
    return (f_high - f_low).cast(nw.Float64) / 1e6


def _calendars_of(node: PausedStatus) -> tuple[str, ...]:
    """The calendars a status pause counts open time on: none, one, or each a calendar per row can choose."""
    return () if node.calendar is None else calendar_names(node.calendar)


def _calendar_code(nw: Any, calendar: RowCalendar, rules: Any) -> Any:
    """Each row's calendar as its index in ``calendar.names()`` (the first value of the map that matches, else the
    default), null for none: one ``when`` per value of the map."""
    names = calendar.names()
    chosen: Any = None
    for value, name in calendar.choices:
        matches = rules.cond(IsIn(calendar.column, (value,)))
        chosen = (nw.when(matches) if chosen is None else chosen.when(matches)).then(nw.lit(names.index(name)))
    fallback = nw.lit(None, dtype=nw.Int64) if calendar.default is None else nw.lit(names.index(calendar.default))
    return (fallback if chosen is None else chosen.otherwise(fallback)).cast(nw.Int64)


def _within(node: PausedStatus, instants: Mapping[str, str]) -> list[str]:
    columns = [instants[node.within_start.column]]
    if isinstance(node.within_end, Stamp):
        columns.append(instants[node.within_end.column])
    return columns
