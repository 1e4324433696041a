"""A plan's nodes as narwhals expressions: conditions, values, predicates and the ordered outcome rules.

The same meaning as the numpy engine (:mod:`svcstandards.engines.numpy_rows`),
written once for every narwhals backend. A missing value never equals or
compares (every condition and predicate is true or false, never null), so
``not`` keeps the rows without a value, as the numpy engine does. Timestamps
are int64 microseconds since 1970 (see :mod:`._times`); durations are
seconds as float64, missing where either end is.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...nodes import (
    AllOf,
    Always,
    And,
    AnyOf,
    AsOf,
    Between,
    Compare,
    Cond,
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
    PausedStatus,
    Pred,
    Presence,
    RepeatGap,
    Rule,
    Shorter,
    Stamp,
    Subtract,
    TargetMatched,
    Unplaced,
    Unreadable,
    UpTo,
    WithinLimits,
)
from .._columns import as_scalar_ns
from ..outcomes import OUTCOMES

__all__ = ["LOG_PROBLEM", "ColumnKind", "RowRules", "comparable"]

#: Per interaction of an event log: the code of its log problem, null without one (see :mod:`._events`).
LOG_PROBLEM = "__svc_log_problem"

CODES = {name: code for code, name in enumerate(OUTCOMES)}

#: What the engine knows of a column from the schema: ``text``, ``number``, ``float`` (a number that may be
#: NaN, which counts as missing), ``bool``, ``duration``, ``time`` (a timestamp: int64 microseconds in
#: ``instants``) or ``other``.
ColumnKind = str

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


@dataclass
class RowRules:
    """Expressions of one evaluation's plans over one lazy frame."""

    nw: Any
    kinds: Mapping[str, ColumnKind]
    instants: Mapping[str, str]  # timestamp column -> its int64 column of microseconds UTC
    timezone: str
    as_of_us: int | None = None
    unreadable: Mapping[str, str] = field(default_factory=dict)  # prepared column -> its flag of unreadable rows
    #: calendars and pauses (:class:`._calendars.CalendarTimes`): asked first for values and conditions
    times: Any = None
    computed: dict[Any, str] = field(default_factory=dict)  # a node -> the column computed for it (repeat gaps)
    paused: dict[tuple[Any, int | None], str] = field(default_factory=dict)  # (pause, as_of) -> its seconds column

    # -- the ordered rules -------------------------------------------------
    def outcome(self, rules: tuple[Rule, ...]) -> Any:
        """The int8 outcome code of each row: the outcome of the first rule that holds (out of scope if none)."""
        nw = self.nw
        # rules in a row with the same outcome are one test (their conditions or-ed): a shorter chain of choices
        runs: list[tuple[str, list[Pred]]] = []
        for rule in rules:
            if runs and runs[-1][0] == rule.outcome:
                runs[-1][1].append(rule.when)
            else:
                runs.append((rule.outcome, [rule.when]))
        result = nw.lit(CODES["out_of_scope"])
        for outcome, whens in reversed(runs):
            code = nw.lit(CODES[outcome])
            if any(isinstance(when, Always) for when in whens):  # the run always gives its outcome
                result = code
                continue
            test = functools.reduce(operator.or_, [self.pred(when) for when in whens])
            result = nw.when(test).then(code).otherwise(result)
        return result.cast(nw.Int8)

    def measured(self, branches: tuple[tuple[Pred, Expr], ...]) -> Any:
        """The measured value of each row: that of the first branch whose predicate holds (null if none)."""
        result = self.nw.lit(None, dtype=self.nw.Float64)
        for when, expr in reversed(branches):
            value = self.value(expr)
            result = value if isinstance(when, Always) else self.nw.when(self.pred(when)).then(value).otherwise(result)
        return result

    # -- scope conditions ----------------------------------------------------
    def cond(self, cond: Cond) -> Any:
        nw = self.nw
        if self.times is not None and (found := self.times.cond(cond, self)) is not None:
            return found
        if isinstance(cond, AllOf):
            return functools.reduce(operator.and_, map(self.cond, cond.parts), nw.lit(True))
        if isinstance(cond, AnyOf):
            return functools.reduce(operator.or_, map(self.cond, cond.parts), nw.lit(False))
        if isinstance(cond, Not):
            return ~self.cond(cond.part)
        if isinstance(cond, IsPresent):
            return ~self._missing_column(cond.column)
        if isinstance(cond, IsIn):
            return self._is_in(cond)
        assert isinstance(cond, Compare), f"{type(cond).__name__} is checked as unsupported before"
        return self._compare(cond)

    def _is_in(self, cond: IsIn) -> Any:
        nw = self.nw
        kind = self.kinds[cond.column]
        wanted: list[Any]
        if kind == "time":
            wanted = [us for v in cond.values if (us := self._instant_us(v, exact=True)) is not None]
            column = nw.col(self.instants[cond.column])
        else:
            wanted = [v for v in cond.values if comparable(kind, v)]
            column = nw.col(cond.column)
        if not wanted:
            return nw.lit(False)
        return column.is_in(wanted).fill_null(False)

    def _compare(self, cond: Compare) -> Any:
        nw = self.nw
        kind = self.kinds[cond.column]
        value: Any
        if kind == "time":
            us = self._instant_us(cond.value, exact=False, op=cond.op)
            if us is None:
                return nw.lit(False)
            column, value = nw.col(self.instants[cond.column]), us
        elif comparable(kind, cond.value) and not isinstance(cond.value, bool):
            column, value = nw.col(cond.column), cond.value
        else:
            return nw.lit(False)
        return _OPS[cond.op](column, value).fill_null(False)

    def _instant_us(self, value: Any, *, exact: bool, op: str = "eq") -> int | None:
        """Microseconds UTC of a date or date-time of the file (naive: wall clock in the file's zone)."""
        if not isinstance(value, str | _dt.date):
            return None
        ns = as_scalar_ns(value, self.timezone)
        if ns is None:
            return None
        us, rest = divmod(ns, 1000)
        if rest and exact:
            return None  # no microsecond time equals it
        return us + 1 if rest and op in ("ge", "lt") else us  # column >= ns exactly when column >= ceil(ns)

    # -- values ---------------------------------------------------------------
    def value(self, expr: Expr) -> Any:
        """Float64 per row (seconds for durations), null where missing."""
        nw = self.nw
        if isinstance(expr, Subtract) and isinstance(expr.right, PausedStatus):
            return self.value(expr.left) - nw.col(self.paused[(expr.right, self.as_of_us)])
        if self.times is not None and (found := self.times.value(expr, self)) is not None:
            return found
        if isinstance(expr, Elapsed):
            start = nw.col(self.instants[expr.start.column])
            if isinstance(expr.end, AsOf):
                end = nw.lit(self.as_of_us, dtype=nw.Int64)
            else:
                end = nw.col(self.instants[expr.end.column])
            return (end - start).cast(nw.Float64) / 1e6
        if isinstance(expr, Number):
            kind = self.kinds[expr.column]
            column = nw.col(expr.column)
            if kind == "duration":
                return column.dt.total_microseconds().cast(nw.Float64) / 1e6
            number = column.cast(nw.Float64)
            return nw.when(~number.is_nan()).then(number) if kind == "float" else number
        if isinstance(expr, FlagValue):
            column = nw.col(expr.column)
            if self.kinds[expr.column] == "bool":
                return column.cast(nw.Float64)
            number = column.cast(nw.Float64)
            return nw.when(~number.is_nan()).then(number) if self.kinds[expr.column] == "float" else number
        if isinstance(expr, Presence):
            return (~self._missing_column(expr.column)).cast(nw.Float64)
        if isinstance(expr, Stamp):
            return nw.col(self.instants[expr.column]).cast(nw.Float64) / 1e6
        if isinstance(expr, RepeatGap):
            return nw.col(self.computed[expr])
        assert isinstance(expr, AsOf), f"{type(expr).__name__} is checked as unsupported before"
        return nw.lit(None if self.as_of_us is None else self.as_of_us / 1e6, dtype=nw.Float64)

    def _missing_column(self, column: str) -> Any:
        """The column has no value (NaN counts as none in a float column, as in pandas)."""
        found = self.nw.col(column).is_null()
        if self.kinds[column] == "float":
            found = found | self.nw.col(column).is_nan().fill_null(False)
        return found

    def limits(self, limits: Limits) -> tuple[Any, Any, Any]:
        """Per row: low, high (null: no limit) and whether an entry applied; the first entry that holds applies."""
        nw = self.nw
        uniform = _uniform(limits)
        if uniform is not None:
            return nw.lit(uniform[0], dtype=nw.Float64), nw.lit(uniform[1], dtype=nw.Float64), nw.lit(True)
        low, high, matched = nw.lit(None, dtype=nw.Float64), nw.lit(None, dtype=nw.Float64), nw.lit(False)
        for when, entry_low, entry_high in reversed(limits.entries):
            holds = self.cond(when)
            low = nw.when(holds).then(nw.lit(entry_low, dtype=nw.Float64)).otherwise(low)
            high = nw.when(holds).then(nw.lit(entry_high, dtype=nw.Float64)).otherwise(high)
            matched = holds | matched
        return low, high, matched

    # -- predicates -------------------------------------------------------------
    def pred(self, pred: Pred) -> Any:
        """True or false for every row (never null)."""
        nw = self.nw
        if isinstance(pred, NotPred):
            return ~self.pred(pred.part)
        if isinstance(pred, And):
            return functools.reduce(operator.and_, map(self.pred, pred.parts), nw.lit(True))
        if isinstance(pred, Or):
            return functools.reduce(operator.or_, map(self.pred, pred.parts), nw.lit(False))
        if isinstance(pred, Always):
            return nw.lit(True)
        if isinstance(pred, InScope):
            return self.cond(pred.scope)
        if isinstance(pred, TargetMatched):
            return self.limits(pred.limits)[2]
        if isinstance(pred, NoAsOf):
            return nw.lit(self.as_of_us is None)
        if isinstance(pred, LogProblem):
            return ~nw.col(LOG_PROBLEM).is_null()
        if isinstance(pred, Unplaced):
            return self.pred(Missing(pred.time))
        if isinstance(pred, Unreadable):  # see ._prepare
            flag = self.unreadable.get(pred.column)
            return nw.lit(False) if flag is None else nw.col(flag).fill_null(False)
        if isinstance(pred, Missing):
            if isinstance(pred.value, Stamp):
                return nw.col(self.instants[pred.value.column]).is_null()
            if isinstance(pred.value, AsOf):
                return nw.lit(self.as_of_us is None)
            return self.value(pred.value).is_null()
        if isinstance(pred, Earlier):
            left, right = nw.col(self.instants[pred.left.column]), nw.col(self.instants[pred.right.column])
            return (left < right).fill_null(False)
        return self._measured_pred(pred).fill_null(False)

    def _measured_pred(self, pred: Pred) -> Any:
        # a wall-clock elapsed time against limits that are the same on every row: compared in whole
        # microseconds, each limit L seconds as the largest whole d with d / 1e6 <= L in floating point (or the
        # smallest with d / 1e6 >= L), which decides every row as float seconds do, and converts none
        elapsed = self._elapsed_us(pred.value)  # type: ignore[union-attr]
        at_least: Callable[[float], float]
        at_most: Callable[[float], float]
        if elapsed is not None and _in_microseconds(pred):
            value, at_least, at_most = elapsed, _ceil_us, _floor_us
        else:
            value, at_least, at_most = self.value(pred.value), _same, _same  # type: ignore[union-attr]
        if isinstance(pred, Shorter):
            return value < at_least(pred.seconds)
        if isinstance(pred, Between):
            return (value >= at_least(pred.low)) & (value <= at_most(pred.high))
        if isinstance(pred, IsTrue):
            return value == 1.0
        assert isinstance(pred, WithinLimits | Exceeds | UpTo), f"{type(pred).__name__} is checked as unsupported"
        uniform = _uniform(pred.limits)
        if uniform is not None:  # the same limits on every row: comparisons with numbers
            low_value, high_value = uniform
            if isinstance(pred, Exceeds | UpTo) and high_value is None:
                return self.nw.lit(False)
            if isinstance(pred, Exceeds):
                return value > at_most(high_value)  # type: ignore[arg-type]
            if isinstance(pred, UpTo):
                return value <= at_most(high_value)  # type: ignore[arg-type]
            if high_value is None and low_value is None:
                return ~value.is_null()
            # a missing value compares to null, which the caller reads as false: no test of presence needed
            tests = ([value <= at_most(high_value)] if high_value is not None else []) + (
                [value >= at_least(low_value)] if low_value is not None else []
            )
            return functools.reduce(operator.and_, tests)
        low, high, _ = self.limits(pred.limits)
        if isinstance(pred, Exceeds):
            return ~high.is_null() & (value > high)
        if isinstance(pred, UpTo):
            return ~high.is_null() & (value <= high)
        return ~value.is_null() & (high.is_null() | (value <= high)) & (low.is_null() | (value >= low))

    def _elapsed_us(self, expr: Expr) -> Any:
        """The int64 microseconds of a wall-clock elapsed time (no calendar, no pause), else ``None``."""
        if not isinstance(expr, Elapsed) or (self.times is not None and self.times.value(expr, self) is not None):
            return None
        start = self.nw.col(self.instants[expr.start.column])
        if isinstance(expr.end, AsOf):
            return self.nw.lit(self.as_of_us, dtype=self.nw.Int64) - start
        return self.nw.col(self.instants[expr.end.column]) - start


def _in_microseconds(pred: Pred) -> bool:
    """Whether ``pred``'s limits are numbers an int64 of microseconds holds: not varying by row, not a flag."""
    if isinstance(pred, WithinLimits | Exceeds | UpTo):
        uniform = _uniform(pred.limits)
        if uniform is None:
            return False
        limits = list(uniform)
    elif isinstance(pred, Shorter | Between):
        limits = [getattr(pred, name, None) for name in ("seconds", "low", "high")]
    else:
        return False
    return all(v is None or abs(v) < _LARGEST_S for v in limits)


def _same(seconds: float) -> float:
    return seconds


#: Limits of at most this many seconds (about 31,700 years) are compared in microseconds.
_LARGEST_S = 1e12


def _floor_us(seconds: float) -> int:
    """The largest whole ``d`` with ``d / 1e6 <= seconds`` (as floating point divides it)."""
    d = math.floor(seconds * 1e6)
    while (d + 1) / 1e6 <= seconds:
        d += 1
    while d / 1e6 > seconds:
        d -= 1
    return d


def _ceil_us(seconds: float) -> int:
    """The smallest whole ``d`` with ``d / 1e6 >= seconds`` (as floating point divides it)."""
    d = math.ceil(seconds * 1e6)
    while (d - 1) / 1e6 >= seconds:
        d -= 1
    while d / 1e6 < seconds:
        d += 1
    return d


def _uniform(limits: Limits) -> tuple[float | None, float | None] | None:
    """(low, high) when one entry applies to every row; ``None`` when limits vary by row."""
    if len(limits.entries) != 1 or limits.entries[0][0] != AllOf():
        return None
    return limits.entries[0][1], limits.entries[0][2]


def comparable(kind: ColumnKind, value: Any) -> bool:
    """Can a value of the file equal values of a column of this kind? (Otherwise no row matches it.)"""
    if kind == "text":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("number", "float"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False
