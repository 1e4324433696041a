"""A plan in words, step by step, like a database's EXPLAIN; and as plain data.

>>> import svcstandards
>>> from svcstandards.plan import compile_plans, explain
>>> standards = svcstandards.loads('''
... version: 1
... standards:
...   - id: fcr
...     where: {channel: [phone, chat]}
...     measure: {flag: resolved_first_contact}
...     floor: 70%
... ''')
>>> print(explain(compile_plans(standards)[0]))
standard fcr: share of interactions
  scope:     channel in ('phone', 'chat')
  measured:  resolved_first_contact (true = 1)
  outcome, the first rule that holds:
    1. not (channel in ('phone', 'chat'))  -> out_of_scope  the row does not match where
    2. resolved_first_contact is missing  -> out_of_scope  the flag is empty
    3. resolved_first_contact is true  -> met  resolved_first_contact is true
    4. otherwise  -> missed  resolved_first_contact is false
  aggregate: share met = met / (met + missed); fail below 70%
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from ..format.parts import IntervalBudget
from ..format.units import Duration, format_number
from .compile import Aggregate, Plan
from .nodes import (
    AllOf,
    Always,
    And,
    AnyOf,
    AsOf,
    Between,
    CalendarRef,
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
    Shorter,
    Stamp,
    Subtract,
    TargetMatched,
    Unplaced,
    Unreadable,
    UpTo,
    WithinLimits,
)

__all__ = ["explain", "plan_to_dict", "show_cond", "show_expr", "show_pred"]

_OPS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def explain(plan: Plan) -> str:
    """The plan as indented text: scope, measured value, limits, outcome rules in order, keys, aggregate."""
    kind = "share" if plan.aggregate.kind == "share" else f"{plan.aggregate.statistic} (a statistic)"
    rows = "reply cycles" if plan.rows == "reply_cycles" else "interactions"
    lines = [f"standard {plan.standard}: {kind} of {rows}"]
    if plan.reply_types:
        lines.append(f"  rows:      reply cycles from {plan.reply_types[0]} to {plan.reply_types[1]} events")
    lines.append(f"  scope:     {show_cond(plan.scope)}")
    measured = plan.measured
    if len(measured) == 1 and isinstance(measured[0][0], Always):
        lines.append(f"  measured:  {show_expr(measured[0][1], plan.duration)}")
    else:
        lines.append("  measured, the first that applies:")
        lines += [f"    - {_when(pred)}: {show_expr(expr, plan.duration)}" for pred, expr in measured]
    limits = _show_limits(plan.limits, plan.duration)
    if limits:
        lines.append(f"  limits:    {limits}")
    lines.append("  outcome, the first rule that holds:")
    for number, rule in enumerate(plan.rules, 1):
        lines.append(f"    {number}. {_when(rule.when, plan.duration)}  -> {rule.outcome}  {rule.why}")
    keys = []
    if plan.group_by:
        keys.append("by " + ", ".join(plan.group_by))
    if plan.period:
        time = plan.time.column if plan.time else "?"
        period: str = plan.period
        if period == "week" and plan.week_starts != "monday":
            period = f"week from {plan.week_starts}"
        if plan.period_zones is not None:  # periods_in: row
            zones = ", ".join(dict.fromkeys(plan.period_zones))
            keys.append(f"per {period} of {time} in the zone of each row's calendar ({zones})")
        else:
            keys.append(f"per {period} of {time} in {plan.timezone}")
    if keys:
        lines.append("  groups:    " + "; ".join(keys))
    lines.append(f"  aggregate: {_show_aggregate(plan.aggregate, plan.duration)}")
    if plan.intervals is not None:
        budget = plan.intervals
        lines.append(
            f"  intervals: each {budget.every} with at least {budget.min_volume} decided is met at"
            f" {budget.floor} or more; the floor / ceiling applies to the share of intervals met"
        )
    return "\n".join(lines)


def _when(pred: Pred, duration: bool = False) -> str:
    return "otherwise" if isinstance(pred, Always) else show_pred(pred, duration)


def _value(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def show_cond(cond: Cond) -> str:
    """A scope condition in words: ``channel = 'phone' and priority in (1, 2)``."""
    if isinstance(cond, IsIn):
        if len(cond.values) == 1:
            return f"{cond.column} = {_value(cond.values[0])}"
        return f"{cond.column} in ({', '.join(_value(v) for v in cond.values)})"
    if isinstance(cond, Compare):
        return f"{cond.column} {_OPS[cond.op]} {_value(cond.value)}"
    if isinstance(cond, IsPresent):
        return f"{cond.column} has a value"
    if isinstance(cond, During):
        return f"{cond.column} during the open hours of {cond.calendar}"
    if isinstance(cond, Not):
        return f"not ({show_cond(cond.part)})"
    if isinstance(cond, AllOf):
        return " and ".join(_grouped(p) for p in cond.parts) if cond.parts else "every row"
    return " or ".join(_grouped(p) for p in cond.parts)


def _grouped(cond: Cond) -> str:
    text = show_cond(cond)
    return f"({text})" if isinstance(cond, AllOf | AnyOf) and len(cond.parts) > 1 else text


def _seconds(value: float, duration: bool) -> str:
    if not duration:
        return format_number(value)
    return str(Duration(round(value * 1e9)))


def show_expr(expr: Expr, duration: bool = True) -> str:
    """A per-row value in words."""
    if isinstance(expr, Stamp):
        return expr.column
    if isinstance(expr, AsOf):
        return "as_of"
    if isinstance(expr, Elapsed):
        on = f" on {show_calendar(expr.calendar)}" if expr.calendar else ""
        return f"time from {show_expr(expr.start)} to {show_expr(expr.end)}{on}"
    if isinstance(expr, Subtract):
        return f"{show_expr(expr.left)} less {_show_pause(expr.right)}"
    if isinstance(expr, Number):
        return expr.column
    if isinstance(expr, FlagValue):
        return f"{expr.column} (true = 1)"
    if isinstance(expr, Presence):
        return f"{expr.column} has a value (1) or not (0)"
    topic = f" on the same {expr.topic}" if expr.topic else ""
    return f"time from {expr.time} to the same {expr.customer}'s next contact in scope{topic}"


def show_calendar(calendar: CalendarRef) -> str:
    """``calendar office``, or a calendar per row: ``the calendar by region (EU: a, US: b; else a)``."""
    if isinstance(calendar, str):
        return f"calendar {calendar}"
    pairs = ", ".join(f"{value}: {name}" for value, name in calendar.choices)
    other = f"else {calendar.default}" if calendar.default is not None else "else none: invalid"
    return f"the calendar by {calendar.column} ({pairs}; {other})"


def _show_pause(pause: PausedColumn | PausedSpan | PausedStatus) -> str:
    if isinstance(pause, PausedColumn):
        return f"the paused seconds in {pause.column}"
    if isinstance(pause, PausedSpan):
        return f"the pause from {pause.start.column} to {pause.end.column} inside it"
    if pause.statuses is not None:
        return f"the event log's spans in status {', '.join(pause.statuses)} inside it"
    return "the event log's paused spans inside it"


def show_pred(pred: Pred, duration: bool = True) -> str:
    """A per-row fact in words."""
    if isinstance(pred, InScope):
        return show_cond(pred.scope)
    if isinstance(pred, TargetMatched):
        return "a target applies"
    if isinstance(pred, Missing):
        return f"{_short(pred.value)} is missing"
    if isinstance(pred, Earlier):
        return f"{pred.left.column} < {pred.right.column}"
    if isinstance(pred, WithinLimits):
        return f"{_short(pred.value)} meets the limits"
    if isinstance(pred, Exceeds):
        return f"{_short(pred.value)} > the upper limit"
    if isinstance(pred, UpTo):
        return f"{_short(pred.value)} <= the upper limit"
    if isinstance(pred, Shorter):
        return f"{_short(pred.value)} < {_seconds(pred.seconds, True)}"
    if isinstance(pred, Between):
        return f"{format_number(pred.low)} <= {_short(pred.value)} <= {format_number(pred.high)}"
    if isinstance(pred, IsTrue):
        return f"{_short(pred.value)} is true"
    if isinstance(pred, LogProblem):
        return "the event log has a problem"
    if isinstance(pred, Unplaced):
        return f"{pred.time.column} is missing (no period)"
    if isinstance(pred, Unreadable):
        return f"{pred.column} does not read in its format"
    if isinstance(pred, NoAsOf):
        return "no as_of"
    if isinstance(pred, NotPred):
        if isinstance(pred.part, InScope):
            return f"not ({show_cond(pred.part.scope)})"
        if isinstance(pred.part, Missing):
            return f"{_short(pred.part.value)} is present"
        if isinstance(pred.part, TargetMatched):
            return "no target applies"
        return f"not ({show_pred(pred.part, duration)})"
    if isinstance(pred, And):
        return " and ".join(show_pred(p, duration) for p in pred.parts)
    if isinstance(pred, Or):
        return " or ".join(f"({show_pred(p, duration)})" for p in pred.parts)
    return "otherwise"


def _short(expr: Expr) -> str:
    """A value named briefly inside a rule."""
    if isinstance(expr, Stamp | Number | FlagValue | Presence):
        return expr.column
    if isinstance(expr, Subtract):
        return _short(expr.left) + " less pauses"
    if isinstance(expr, Elapsed):
        return f"{_short(expr.start)}->{_short(expr.end)}"
    if isinstance(expr, AsOf):
        return "as_of"
    return f"gap to next contact of {expr.customer}" if isinstance(expr, RepeatGap) else "value"


def _show_limits(limits: Limits, duration: bool) -> str:
    parts = []
    for cond, low, high in limits.entries:
        bounds = []
        if low is not None:
            bounds.append(f">= {_seconds(low, duration)}")
        if high is not None:
            bounds.append(f"<= {_seconds(high, duration)}")
        if not bounds:
            continue
        text = " and ".join(bounds)
        parts.append(text if cond == AllOf() else f"{text} where {show_cond(cond)}")
    return "; then ".join(parts)


def _percent(value: Fraction) -> str:
    return f"{format_number(value * 100)}%"


def _show_aggregate(aggregate: Aggregate, duration: bool) -> str:
    if aggregate.kind == "share":
        parts = ["share met = met / (met + missed)"]
        if aggregate.floor is not None:
            parts.append(f"fail below {_percent(aggregate.floor)}")
            if aggregate.floor_warn is not None:
                parts.append(f"warn below {_percent(aggregate.floor_warn)}")
        if aggregate.ceiling is not None:
            parts.append(f"fail above {_percent(aggregate.ceiling)}")
            if aggregate.ceiling_warn is not None:
                parts.append(f"warn above {_percent(aggregate.ceiling_warn)}")
    else:
        unit = duration and aggregate.statistic != "nps"
        parts = [f"{aggregate.statistic} of the decided rows' measured values"]
        if aggregate.at_most is not None:
            parts.append(f"fail above {_seconds(aggregate.at_most, unit)}")
        if aggregate.at_least is not None:
            parts.append(f"fail below {_seconds(aggregate.at_least, unit)}")
        if aggregate.warn is not None:
            parts.append(f"warn past {_seconds(aggregate.warn, unit)}")
    if aggregate.min_volume:
        parts.append(f"insufficient below {aggregate.min_volume} decided")
    return "; ".join(parts)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: every node a mapping with its ``node`` type name."""
    out = _plain(plan)
    assert isinstance(out, dict)
    return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"node": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, IntervalBudget):
        return {"node": "IntervalBudget", **{k: _plain(v) for k, v in value.model_dump().items()}}
    if isinstance(value, Fraction):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
