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
from ...format.model import EventLog, StandardSet
from ...kinds.duration import CYCLE_COLUMNS
from ...nodes import PausedStatus, Stamp, walk
from ...plan import Plan
from ._backends import Backend, TimeColumn
from ._row_calendars import calendar_words
from ._rules import LOG_PROBLEM as PROBLEM
from ._rules import ColumnKind

__all__ = ["EventFrames", "unsupported_in_events"]

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


def unsupported_in_events(standard_set: StandardSet, plan: Plan) -> list[str]:
    """What of an ``events:`` section and a plan on it the lazy engine cannot run yet, in words."""
    spec = standard_set.events
    if spec is None:
        return []
    found = []
    moments = [spec.attributes] if isinstance(spec.attributes, str) else list(spec.attributes.values())
    if "at_creation" in moments:
        found.append("event log attributes: at_creation")
    found += [
        f"pauses (status) on {calendar_words(node.calendar)}"
        for node in walk((plan.rules, plan.measured, plan.limits, plan.scope))
        if isinstance(node, PausedStatus) and node.calendar is not None
    ]
    return found


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
    def spans(self) -> Any | None:
        """The paused spans (id, start, end; end null while paused), or None without statuses to pause on.

        Among the events with a status, sorted by (time, row) per interaction (a window): a span starts at
        a paused status not preceded by one and ends at the next event whose status is not paused.
        """
        if self.status is None or not self.spec.paused_statuses:
            return None
        nw = self.nw
        order_id = self.id
        paused = nw.col(self.status).is_in(list(self.spec.paused_statuses)).fill_null(False)
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
        self, frame: Any, plans: Sequence[Plan], as_ofs: Sequence[int | None], instants: Mapping[str, str]
    ) -> tuple[Any, dict[tuple[PausedStatus, int | None], str]]:
        """``frame`` with the paused seconds of each status pause of ``plans`` (one column per pause and
        ``as_of``), and the names of those columns.

        The spans of a row's interaction, clipped to [within_start, within_end] (an open row: to ``as_of``),
        summed per row: a join of the spans to the rows (one row per span), then a group-by, O(n + s).
        """
        nw = self.nw
        spans = self.spans()
        wanted: dict[tuple[PausedStatus, int | None], str] = {}
        for plan, as_of in zip(plans, as_ofs, strict=True):
            for node in walk((plan.rules, plan.measured)):
                if isinstance(node, PausedStatus) and (node, as_of) not in wanted:
                    wanted[(node, as_of)] = f"__svc_paused{len(wanted)}"
        if not wanted:
            return frame, wanted
        if spans is None:
            return frame.with_columns(**{name: nw.lit(0.0, dtype=nw.Float64) for name in wanted.values()}), wanted
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
            seconds = nw.when(valid).then((high - low).cast(nw.Float64) / 1e6).otherwise(0.0)
            sums.append(seconds.sum().alias(name))
        rows = frame.select(KEY, self.id, *{c for (node, _) in wanted for c in _within(node, instants)})
        paused = rows.join(spans, on=self.id, how="inner").group_by(KEY).agg(*sums)
        joined = frame.join(paused, on=KEY, how="left")
        return joined.with_columns(**{name: nw.col(name).fill_null(0.0) for name in wanted.values()}), wanted

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


def _within(node: PausedStatus, instants: Mapping[str, str]) -> list[str]:
    columns = [instants[node.within_start.column]]
    if isinstance(node.within_end, Stamp):
        columns.append(instants[node.within_end.column])
    return columns
