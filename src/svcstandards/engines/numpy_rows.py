"""The numpy engine's row step: a plan's outcome, measured value and limits for every row.

Each node of a plan becomes one whole-array numpy operation, computed once
per evaluation and shared by every standard that uses it (nodes are
hashable; the memo lives in :class:`~svcstandards._columns.Columns`).
Outcome rules are applied in order to the rows no earlier rule decided:
a row gets the outcome of the first rule that holds for it. Every pass is
O(n); a repeat contact's gap adds one sort, O(n log n).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..plan import Plan
from ..plan.nodes import (
    AllOf,
    Always,
    And,
    AnyOf,
    AsOf,
    Between,
    Compare,
    Cond,
    During,
    Earlier,
    Elapsed,
    Exceeds,
    Expr,
    FlagValue,
    InScope,
    IsIn,
    IsPresent,
    IsTrue,
    Limits,
    LogProblem,
    Missing,
    NoAsOf,
    Not,
    NotPred,
    Number,
    Or,
    PausedColumn,
    PausedSpan,
    PausedStatus,
    Pred,
    Presence,
    RepeatGap,
    RowCalendar,
    Shorter,
    Stamp,
    Subtract,
    TargetMatched,
    Unplaced,
    Unreadable,
    UpTo,
    WithinLimits,
    walk,
)
from ._columns import NAT, UNHASHABLE, Columns, seconds_between
from .outcomes import OUTCOMES, RowOutcomes
from .row_calendars import PerRow, calendar_codes, per_calendar
from .scope import column_condition_mask

__all__ = ["Clock", "RowEngine", "UnusableColumnError"]

CODES = {name: code for code, name in enumerate(OUTCOMES)}


class UnusableColumnError(Exception):
    """A column the plan needs is missing or of the wrong type (the problem is already recorded)."""


@dataclass
class Clock:
    """Time arithmetic of one evaluation: calendars and the event log's paused spans."""

    # seconds, NaN where either is missing; on one calendar, each row's (a PerRow), or the wall clock (None)
    elapsed: Callable[[np.ndarray, np.ndarray, str | PerRow | None], np.ndarray]
    is_open: Callable[[np.ndarray, str], np.ndarray]
    #: (row, start ns, end ns or NAT) of the paused spans of the given statuses (None: the log's paused_statuses)
    spans: Callable[[tuple[str, ...] | None], tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
    log_problem: np.ndarray | None = None  # per row: True when its event log cannot be trusted
    # seconds on the wall clock, NaN where the mask (which rows miss either instant) is true; given,
    # it spares ``elapsed`` finding the missing rows again (the rules know them). None: ``elapsed``.
    wall_seconds: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None


class RowEngine:
    """Executes the row step of plans over one table of rows (interactions or reply cycles)."""

    def __init__(self, columns: Columns, clock: Clock) -> None:
        self.columns = columns
        self.clock = clock
        self.n = len(columns)
        self._standard = ""
        self._as_of: int | None = None

    def begin(self, standard: str, as_of: int | None) -> None:
        """Work for ``standard`` (problems are recorded under its id) with this ``as_of``."""
        self._standard, self._as_of = standard, as_of

    def rows(self, plan: Plan, as_of: int | None) -> RowOutcomes | None:
        """The outcome of every row; ``None`` when a column it needs is unusable (problems are recorded)."""
        self.begin(plan.standard, as_of)
        if not self._usable(plan):
            return None
        try:
            outcome = self._outcome(plan)
            measured = self._measured(plan.measured)
            low, high, _ = self.limits(plan.limits)
            start = self.stamps(plan.deadline_from) if plan.deadline_from is not None else None
        except UnusableColumnError:
            return None
        rows = RowOutcomes(outcome, measured, low, high, plan.duration, start, plan.calendar, as_of)
        per_row = self.calendar(plan.calendar)
        if isinstance(per_row, PerRow):
            rows.row_calendars, rows.period_zones = per_row, plan.period_zones
        return rows

    def _outcome(self, plan: Plan) -> np.ndarray:
        """Int8 outcome codes: each row gets the outcome of the first rule that holds for it.

        Every row starts as ``out_of_scope``; a rule adds ``its code - out_of_scope`` to the
        rows it decides, which no earlier rule decided (so each row is added to once).
        Arithmetic on 0/1 bytes rather than masked writes: these run at memory speed
        whatever the pattern of the rows. O(n) per rule.
        """
        start = CODES["out_of_scope"]
        outcome = np.full(self.n, start, dtype=np.int8)
        undecided = np.ones(self.n, dtype=bool)
        for rule in plan.rules:
            if not undecided.any():
                break
            hit = undecided if isinstance(rule.when, Always) else self._holds(rule.when, undecided)
            step = CODES[rule.outcome] - start
            if step:
                outcome += hit.view(np.int8) * np.int8(step)
            if isinstance(rule.when, Always):
                break
            undecided ^= hit  # hit lies within undecided: the same as undecided &= ~hit, in one pass
        return outcome

    def _measured(self, branches: tuple[tuple[Pred, Expr], ...]) -> np.ndarray:
        """The measured value of every row: the first branch that applies (shared by standards with the same)."""
        if len(branches) == 1 and isinstance(branches[0][0], Always):
            return self.number(branches[0][1])

        def compute() -> np.ndarray:
            measured: np.ndarray | None = None  # NaN until a branch applies
            unset = np.ones(self.n, dtype=bool)
            for when, expr in branches:
                chosen = unset.copy() if isinstance(when, Always) else self._holds(when, unset)
                if chosen.any():  # a value no row takes is not computed
                    if measured is None:
                        measured = np.where(chosen, self.number(expr), np.nan)
                    else:  # in place: no new memory per branch
                        np.putmask(measured, chosen, self.number(expr))
                unset ^= chosen  # chosen lies within unset
            return measured if measured is not None else np.full(self.n, np.nan)

        result: np.ndarray = self._memo(("measured", branches), compute)
        return result

    def _usable(self, plan: Plan) -> bool:
        """Read every column the plan needs once, in the order of the plan, so all problems are recorded."""
        usable = True
        for node in walk((plan.scope, plan.limits, *(rule.when for rule in plan.rules), *plan.measured)):
            usable &= self._fetch(node)
        return usable

    def _fetch(self, node: Any) -> bool:
        std, cols = self._standard, self.columns
        if isinstance(node, Stamp):  # an empty name: a repeat contact without time, reported below
            return bool(node.column) and cols.timestamps(std, node.column) is not None
        if isinstance(node, Number | PausedColumn):
            return cols.numbers(std, node.column) is not None
        if isinstance(node, FlagValue):
            return cols.flags(std, node.column) is not None
        if isinstance(node, Presence | IsIn | Compare | IsPresent):
            return cols.series(std, node.column) is not None
        if isinstance(node, During):
            return cols.timestamps(std, node.column) is not None
        if isinstance(node, RowCalendar):
            return cols.series(std, node.column) is not None
        if isinstance(node, RepeatGap):
            found = self._codes(node.customer) is not None
            if node.topic:
                found &= self._codes(node.topic) is not None
            if not node.time:
                hint = "give repeat_contact a time: column"
                cols.problem(std, "", "repeat_contact needs a time column", hint, "repeat_time")
                return False
            return found & (cols.timestamps(std, node.time) is not None)
        return True

    def _codes(self, column: str) -> np.ndarray | None:
        """Integer codes of a column's values (-1 where missing), once per evaluation; ``None`` when unusable."""
        std, cols = self._standard, self.columns
        series = cols.series(std, column)
        if series is None:
            return None
        try:
            codes: np.ndarray = cols.memo(
                ("value-codes", cols.name(column)),
                lambda: np.asarray(pd.factorize(series, use_na_sentinel=True)[0], dtype=np.int64),
            )
        except TypeError:  # lists, dicts or sets in the column
            cols.fail(std, cols.name(column), *UNHASHABLE)
            return None
        return codes

    def calendar(self, calendar: str | RowCalendar | None) -> str | PerRow | None:
        """A calendar's name as it is; for a calendar per row, each row's (computed once per standard)."""
        if not isinstance(calendar, RowCalendar):
            return calendar

        def codes() -> PerRow:
            return calendar_codes(calendar, lambda values: self.cond(IsIn(calendar.column, values)), self.n)

        per_row: PerRow = self._memo(calendar, codes)
        return per_row

    # -- memo --------------------------------------------------------------------
    def _memo(self, node: Any, compute: Callable[[], Any]) -> Any:
        uses_as_of = _mentions_as_of(node)
        key = ("plan-node", node, self._as_of if uses_as_of else None)
        try:
            return self.columns.memo(key, compute)
        except TypeError:  # an unhashable value inside the node: compute without sharing
            return compute()

    # -- scope conditions ------------------------------------------------------------
    def cond(self, cond: Cond) -> np.ndarray:
        if isinstance(cond, AllOf):
            mask = np.ones(self.n, dtype=bool)
            for part in cond.parts:
                mask &= self.cond(part)
            return mask
        if isinstance(cond, AnyOf):
            mask = np.zeros(self.n, dtype=bool)
            for part in cond.parts:
                mask |= self.cond(part)
            return mask
        if isinstance(cond, Not):
            if isinstance(cond.part, IsIn):  # a missing value is "not" anything
                negated: np.ndarray = self._memo(cond, lambda: self._column_cond(cond))
                return negated
            return ~self.cond(cond.part)
        found: np.ndarray = self._memo(cond, lambda: self._column_cond(cond))
        return found

    def _column_cond(self, cond: IsIn | Compare | IsPresent | During | Not) -> np.ndarray:
        column = cond.part.column if isinstance(cond, Not) else cond.column  # type: ignore[union-attr]
        series = self.columns.series(self._standard, column)
        if series is None:
            return np.zeros(self.n, dtype=bool)
        if isinstance(cond, During) and isinstance(cond.calendar, RowCalendar):
            return self._open_on_row_calendars(cond.column, cond.calendar)
        by_codes = self._cond_by_codes(series, cond, column)
        if by_codes is not None:
            return by_codes
        return column_condition_mask(series, cond, self.columns, self._standard, column, self.clock.is_open)

    def _open_on_row_calendars(self, column: str, calendar: RowCalendar) -> np.ndarray:
        """Whether each row's time falls in its own calendar's open hours (grouped by calendar, as business
        time is); true where the row has no calendar: the rule that makes such a row invalid decides it."""
        stamps = self.columns.timestamps(self._standard, column)
        if stamps is None:
            return np.zeros(self.n, dtype=bool)
        per_row = self.calendar(calendar)
        assert isinstance(per_row, PerRow)

        def open_rows(rows: np.ndarray, code: int) -> np.ndarray:
            return np.asarray(self.clock.is_open(stamps[rows], per_row.names[code]), dtype=bool)

        return per_calendar(per_row.codes, len(per_row.names), open_rows, True, bool)

    def _cond_by_codes(
        self, series: pd.Series, cond: IsIn | Compare | IsPresent | During | Not, column: str
    ) -> np.ndarray | None:
        """Text values matched on a column already factorized (a group column): the condition is
        computed on its distinct values, then looked up per row by code (one pass, no text per row).

        Rows with equal codes hold equal values, and equal values match the same text alike,
        so the mask is the one the column itself gives. ``None`` when the column has no codes yet.
        """
        part = cond.part if isinstance(cond, Not) else cond
        if not isinstance(part, IsIn) or not all(isinstance(value, str) for value in part.values):
            return None
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return None
        factorized = self.columns.memoized(("factorized", series.name))
        if factorized is None:
            return None
        codes, distinct = factorized
        on_distinct = column_condition_mask(
            pd.Series(distinct), cond, self.columns, self._standard, column, self.clock.is_open
        )
        matched = np.asarray(on_distinct, dtype=bool)
        hits = np.flatnonzero(matched)
        if len(hits) == 1:  # the usual case: one value, one comparison per row
            return np.asarray(codes == hits[0])
        if len(hits) == len(matched) - 1:  # {not: value}
            return np.asarray(codes != np.flatnonzero(~matched)[0])
        mask: np.ndarray = matched[codes]
        return mask

    # -- expressions -------------------------------------------------------------------
    def stamps(self, stamp: Stamp) -> np.ndarray:
        values = self.columns.timestamps(self._standard, stamp.column)
        if values is None:
            raise UnusableColumnError(stamp.column)
        return values

    def instants(self, node: Stamp | AsOf) -> np.ndarray:
        if isinstance(node, Stamp):
            return self.stamps(node)
        as_of = NAT if self._as_of is None else self._as_of
        return np.full(self.n, as_of, dtype=np.int64)

    def number(self, expr: Expr) -> np.ndarray:
        """Float64 per row (seconds for durations), NaN where missing."""
        if isinstance(expr, Stamp | AsOf):
            ns = self.instants(expr)
            return np.where(ns == NAT, np.nan, ns.astype(np.float64) / 1e9)
        result: np.ndarray = self._memo(expr, lambda: self._number(expr))
        return result

    def _number(self, expr: Expr) -> np.ndarray:
        if isinstance(expr, Elapsed):
            if expr.calendar is None and self.clock.wall_seconds is not None:
                return self._wall_seconds(expr, self.clock.wall_seconds)
            start = self.instants(expr.start)
            if isinstance(expr.end, AsOf) and expr.calendar is None:  # one value for every row: a view, no memory
                end = np.broadcast_to(np.int64(NAT if self._as_of is None else self._as_of), (self.n,))
            else:
                end = self.instants(expr.end)
            return np.asarray(self.clock.elapsed(start, end, self.calendar(expr.calendar)), dtype=np.float64)
        if isinstance(expr, Subtract):
            return np.asarray(self.number(expr.left) - self._paused(expr.right), dtype=np.float64)
        if isinstance(expr, Number):
            found = self.columns.numbers(self._standard, expr.column)
            if found is None:
                raise UnusableColumnError(expr.column)
            return found[0]
        if isinstance(expr, FlagValue):
            flags = self.columns.flags(self._standard, expr.column)
            if flags is None:
                raise UnusableColumnError(expr.column)
            return np.asarray(np.where(flags >= 0, flags, np.nan), dtype=np.float64)  # float64 already: no copy
        if isinstance(expr, Presence):
            series = self.columns.series(self._standard, expr.column)
            if series is None:
                raise UnusableColumnError(expr.column)
            return series.notna().to_numpy().astype(np.float64)
        assert isinstance(expr, RepeatGap)
        return self._repeat_gap(expr)

    def _wall_seconds(
        self, elapsed: Elapsed, seconds: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    ) -> np.ndarray:
        """Seconds between two instants on the wall clock, NaN where either is missing.

        Which rows miss an instant are the shared masks the rules ask as well; an ``as_of``
        end is one value for every row (a view, no memory).
        """
        start = self.instants(elapsed.start)
        missing = self.pred(Missing(elapsed.start))
        if isinstance(elapsed.end, AsOf):
            end = np.broadcast_to(np.int64(NAT if self._as_of is None else self._as_of), (self.n,))
            if self._as_of is None:
                missing = np.ones(self.n, dtype=bool)
        else:
            end = self.instants(elapsed.end)
            missing = missing | self.pred(Missing(elapsed.end))
        return np.asarray(seconds(start, end, missing), dtype=np.float64)

    def _paused(self, pause: PausedColumn | PausedSpan | PausedStatus) -> np.ndarray:
        result: np.ndarray = self._memo(pause, lambda: self._paused_seconds(pause))
        return result

    def _paused_seconds(self, pause: PausedColumn | PausedSpan | PausedStatus) -> np.ndarray:
        if isinstance(pause, PausedColumn):
            found = self.columns.numbers(self._standard, pause.column)
            if found is None:
                raise UnusableColumnError(pause.column)
            return np.asarray(np.nan_to_num(found[0], nan=0.0), dtype=np.float64)
        start = self.stamps(pause.within_start)
        end = self.instants(pause.within_end)
        if isinstance(pause, PausedSpan):
            pause_start, pause_end = self.stamps(pause.start), self.stamps(pause.end)
            # the pause counts only inside [from, to]; an open interaction's pause runs to its own end
            lo = np.maximum(pause_start, start)
            hi = np.where(end == NAT, pause_end, np.minimum(pause_end, end))
            valid = (pause_start != NAT) & (pause_end != NAT) & (start != NAT) & (hi > lo)
            calendar = self.calendar(pause.calendar)
            seconds = self.clock.elapsed(np.where(valid, lo, start), np.where(valid, hi, start), calendar)
            return np.where(valid, np.nan_to_num(seconds, nan=0.0), 0.0)
        assert self.clock.spans is not None, "pause: status needs an event log"
        rows, span_start, span_end = self.clock.spans(pause.statuses)
        row_start, row_end = start[rows], end[rows]
        as_of = self._as_of if self._as_of is not None else NAT
        stop = np.where(row_end != NAT, row_end, as_of)
        lo = np.maximum(span_start, row_start)
        hi = np.where(span_end == NAT, stop, np.where(stop == NAT, span_end, np.minimum(span_end, stop)))
        valid = (row_start != NAT) & (hi != NAT) & (hi > lo)
        calendar = self.calendar(pause.calendar)
        calendar = calendar.take(rows) if isinstance(calendar, PerRow) else calendar  # each span on its row's
        seconds = self.clock.elapsed(np.where(valid, lo, 0), np.where(valid, hi, 0), calendar)
        seconds = np.where(valid, np.nan_to_num(seconds, nan=0.0), 0.0)
        return np.bincount(rows, weights=seconds, minlength=self.n).astype(np.float64)

    def _repeat_gap(self, gap: RepeatGap) -> np.ndarray:
        """Seconds to the next in-scope contact of the same customer (and topic): one sort, O(n log n)."""
        customers = self._codes(gap.customer)
        topics = self._codes(gap.topic) if gap.topic else None
        stamps = self.columns.timestamps(self._standard, gap.time)
        if customers is None or stamps is None or (gap.topic and topics is None):
            raise UnusableColumnError(gap.customer)
        valid = (customers >= 0) & (stamps != NAT)
        group = customers
        if topics is not None:  # a missing topic is a topic of its own: codes from 0 (missing) up
            group = customers * (int(topics.max(initial=-1)) + 2) + (topics + 1)
        rows = np.flatnonzero(self.cond(gap.scope) & valid)
        order = rows[np.lexsort((rows, stamps[rows], group[rows]))]
        next_time = np.full(self.n, NAT, dtype=np.int64)
        same = group[order[1:]] == group[order[:-1]]
        next_time[order[:-1][same]] = stamps[order[1:]][same]
        return np.where(next_time != NAT, seconds_between(stamps, next_time), np.nan)

    def limits(self, limits: Limits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: low, high (NaN: no limit) and whether an entry applied."""
        result: tuple[np.ndarray, np.ndarray, np.ndarray] = self._memo(limits, lambda: self._limits(limits))
        return result

    def _limits(self, limits: Limits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if len(limits.entries) == 1 and limits.entries[0][0] == AllOf():
            _, only_low, only_high = limits.entries[0]
            # one value for every row: read-only views of a single number, no memory per row
            return (
                np.broadcast_to(np.float64(np.nan if only_low is None else only_low), (self.n,)),
                np.broadcast_to(np.float64(np.nan if only_high is None else only_high), (self.n,)),
                np.broadcast_to(np.True_, (self.n,)),
            )
        low, high = np.full(self.n, np.nan), np.full(self.n, np.nan)
        assigned = np.zeros(self.n, dtype=bool)
        for when, entry_low, entry_high in limits.entries:
            matches = self.cond(when) & ~assigned
            low[matches] = np.nan if entry_low is None else entry_low
            high[matches] = np.nan if entry_high is None else entry_high
            assigned |= matches
        return low, high, assigned

    def _holds(self, pred: Pred, rows: np.ndarray) -> np.ndarray:
        """``rows & pred``; the parts of an ``And`` stop being computed once no row is left."""
        if isinstance(pred, And):
            mask = rows.copy()
            for part in pred.parts:
                if not mask.any():
                    break
                mask &= self.pred(part)
            return mask
        return np.asarray(rows & self.pred(pred), dtype=bool)

    # -- predicates ----------------------------------------------------------------------
    def pred(self, pred: Pred) -> np.ndarray:
        if isinstance(pred, NotPred):
            return ~self.pred(pred.part)
        if isinstance(pred, And):
            mask = np.ones(self.n, dtype=bool)
            for part in pred.parts:
                mask &= self.pred(part)
            return mask
        if isinstance(pred, Or):
            mask = np.zeros(self.n, dtype=bool)
            for part in pred.parts:
                mask |= self.pred(part)
            return mask
        if isinstance(pred, _SHARED_PREDICATES):  # facts several standards ask; the rest is per standard
            shared: np.ndarray = self._memo(pred, lambda: self._pred(pred))
            return shared
        return self._pred(pred)

    def _pred(self, pred: Pred) -> np.ndarray:
        if isinstance(pred, InScope):
            return self.cond(pred.scope)
        if isinstance(pred, TargetMatched):
            return self.limits(pred.limits)[2]
        if isinstance(pred, Missing):
            if isinstance(pred.value, Stamp | AsOf):
                return np.asarray(self.instants(pred.value) == NAT)
            return np.asarray(np.isnan(self.number(pred.value)), dtype=bool)
        if isinstance(pred, Earlier):
            left, right = self.stamps(pred.left), self.stamps(pred.right)
            # NAT is the smallest int64: nothing is below a missing right, so only a missing left needs
            # a test, and its (shared) mask is asked by the rules anyway
            earlier = left < right
            earlier &= ~self.pred(Missing(pred.left))
            return earlier
        if isinstance(pred, LogProblem):
            problem = self.clock.log_problem
            return np.zeros(self.n, dtype=bool) if problem is None else np.asarray(problem, dtype=bool)
        if isinstance(pred, Unplaced):  # the same rows as a missing time: one shared mask
            return self.pred(Missing(pred.time))
        if isinstance(pred, Unreadable):
            return self.columns.unreadable(self._standard, pred.column)
        if isinstance(pred, NoAsOf):
            return np.full(self.n, self._as_of is None)
        if isinstance(pred, Always):
            return np.ones(self.n, dtype=bool)
        value = self.number(pred.value)  # type: ignore[union-attr]
        with np.errstate(invalid="ignore"):
            if isinstance(pred, WithinLimits | Exceeds | UpTo):
                uniform = _uniform(pred.limits)
                if uniform is not None:
                    return _against(pred, value, *uniform)
                low, high, _ = self.limits(pred.limits)
                if isinstance(pred, Exceeds):
                    return np.asarray(~np.isnan(high) & (value > high))
                if isinstance(pred, UpTo):
                    return np.asarray(~np.isnan(high) & (value <= high))
                met = (np.isnan(high) | (value <= high)) & (np.isnan(low) | (value >= low))
                return np.asarray(met & ~np.isnan(value))
            if isinstance(pred, Shorter):
                return np.asarray(value < pred.seconds)
            if isinstance(pred, Between):
                return np.asarray((value >= pred.low) & (value <= pred.high))
            assert isinstance(pred, IsTrue)
            return np.asarray(value == 1.0)


_SHARED_PREDICATES = (InScope, TargetMatched, Missing, Earlier, Unplaced)


def _uniform(limits: Limits) -> tuple[float, float] | None:
    """(low, high) when one entry applies to every row (NaN: no limit); ``None`` when limits vary by row."""
    if len(limits.entries) != 1 or limits.entries[0][0] != AllOf():
        return None
    _, low, high = limits.entries[0]
    return (np.nan if low is None else float(low)), (np.nan if high is None else float(high))


def _against(pred: WithinLimits | Exceeds | UpTo, value: np.ndarray, low: float, high: float) -> np.ndarray:
    """``pred`` with the same limits on every row: comparisons with scalars, no per-row limits.

    The same truth values as the per-row form: a comparison with NaN is false.
    """
    if isinstance(pred, Exceeds):
        return np.asarray(value > high) if not np.isnan(high) else np.zeros(len(value), dtype=bool)
    if isinstance(pred, UpTo):
        return np.asarray(value <= high) if not np.isnan(high) else np.zeros(len(value), dtype=bool)
    if np.isnan(low) and np.isnan(high):
        return np.asarray(~np.isnan(value))
    met = np.asarray(value <= high) if not np.isnan(high) else np.asarray(value >= low)
    if not np.isnan(high) and not np.isnan(low):
        met &= value >= low
    return met


def _mentions_as_of(node: Any) -> bool:
    """Whether a node's value depends on as_of (then its memo key includes it)."""
    if isinstance(node, AsOf | NoAsOf):
        return True
    if isinstance(node, tuple):
        return any(_mentions_as_of(v) for v in node)
    fields = getattr(node, "__dataclass_fields__", None)
    if fields is None:
        return False
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, tuple):
            if any(_mentions_as_of(v) for v in value):
                return True
        elif _mentions_as_of(value):
            return True
    return False
