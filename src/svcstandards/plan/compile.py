"""Compile a standard into a :class:`Plan`: the meaning of a standard, in one place.

A plan is built once per standard (and evaluation arguments) from the
model; it names data columns as the data has them (after ``columns:``
mapping), holds limits in seconds (or the measure's unit) and shares in
exact fractions, and lists the outcome rules in the order they apply.
Engines execute plans; nothing else decides what a row's outcome is.

>>> import svcstandards
>>> from svcstandards.plan import compile_plans
>>> standards = svcstandards.loads('''
... version: 1
... standards:
...   - id: answered-20s
...     where: {channel: phone}
...     measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
...     within: 20s
...     floor: 80%
... ''')
>>> plan = compile_plans(standards)[0]
>>> [rule.outcome for rule in plan.rules]
['out_of_scope', 'invalid', 'invalid', 'invalid', 'met', 'missed', 'missed', 'pending', 'missed', 'pending']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from ..format.model import (
    Abandons,
    AnyMeasure,
    DurationMeasure,
    FlagMeasure,
    Match,
    Period,
    PresenceMeasure,
    RepeatContactMeasure,
    ShareStandard,
    StandardSet,
    StatisticStandard,
    ValueMeasure,
    Where,
)
from ..format.parts import NPS_DETRACTOR_MAX
from ..format.units import seconds_of
from .nodes import (
    ALWAYS,
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
    OutcomeName,
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
    UpTo,
    WithinLimits,
)

__all__ = ["Aggregate", "Plan", "Rule", "compile_plan", "compile_plans"]

AnyStandard = ShareStandard | StatisticStandard
PeriodName = Period


@dataclass(frozen=True)
class Rule:
    """``when`` holds -> ``outcome``; the first rule that holds for a row wins. ``why`` says it in words."""

    when: Pred
    outcome: OutcomeName
    why: str


@dataclass(frozen=True)
class Aggregate:
    """How the rows of a group become a status.

    Share standards: met / (met + missed) against exact floor and ceiling
    fractions. Statistic standards: the statistic of the decided rows'
    measured values against ``at_most`` or ``at_least`` (and ``warn``).
    """

    kind: Literal["share", "statistic"]
    floor: Fraction | None = None
    floor_warn: Fraction | None = None
    ceiling: Fraction | None = None
    ceiling_warn: Fraction | None = None
    statistic: str | None = None  # mean, median, min, max, nps, pNN
    at_most: float | None = None
    at_least: float | None = None
    warn: float | None = None
    min_volume: int = 0


@dataclass(frozen=True)
class Plan:
    """What one standard computes, step by step, with no data in it."""

    standard: str
    rows: Literal["interactions", "reply_cycles"]
    scope: Cond
    limits: Limits
    measured: tuple[tuple[Pred, Expr], ...]  # the row's measured value: the first pair whose predicate holds
    rules: tuple[Rule, ...]
    aggregate: Aggregate
    group_by: tuple[str, ...] = ()
    period: PeriodName | None = None
    time: Stamp | None = None  # places a row in its period
    timezone: str = "UTC"
    duration: bool = False  # measured values and limits are seconds of a duration
    deadline_from: Stamp | None = None  # deadlines run from here on ``calendar``
    calendar: str | None = None
    as_of_columns: tuple[str, ...] = ()  # the default as_of is the latest timestamp in these
    reply_types: tuple[str, str] | None = None  # (from, to) event types of reply cycles
    notes: tuple[str, ...] = field(default=())


def compile_plans(
    standard_set: StandardSet,
    *,
    by: Sequence[str] | None = None,
    period: PeriodName | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[Plan]:
    """A plan for every standard of the set, with evaluate()'s overrides applied."""
    return [compile_plan(standard_set, s, by=by, period=period, columns=columns) for s in standard_set.standards]


def compile_plan(
    standard_set: StandardSet,
    standard: AnyStandard,
    *,
    by: Sequence[str] | None = None,
    period: PeriodName | None = None,
    columns: Mapping[str, str] | None = None,
) -> Plan:
    """The plan of one standard of ``standard_set``."""
    names = _Names({**standard_set.columns, **(columns or {})})
    measure = standard_set.measure_of(standard)
    reply = standard.unit == "reply" and standard_set.events is not None and isinstance(measure, DurationMeasure)
    reply_types: tuple[str, str] | None = None
    if reply:
        assert isinstance(measure, DurationMeasure)
        reply_types = (measure.from_, measure.to)
        measure = measure.model_copy(update={"from_": "cycle_start_at", "to": "cycle_reply_at"})
    scope = names.cond(standard.where)
    limits = _limits(standard, names)
    period = period or standard.period
    time_column = _time_column(standard_set, standard, measure)
    time = Stamp(names(time_column)) if period and time_column else None
    builder = _Rules(scope, limits, event_log=standard_set.events is not None, time=time)
    kind = _KINDS[type(measure)]
    measured, rules, duration = kind(standard, measure, names, builder)
    return Plan(
        standard=standard.id,
        rows="reply_cycles" if reply else "interactions",
        scope=scope,
        limits=limits,
        measured=measured,
        rules=tuple(rules),
        aggregate=_aggregate(standard),
        group_by=tuple(names(c) for c in (standard.by if by is None else by)),
        period=period,
        time=time,
        timezone=standard_set.timezone,
        duration=duration,
        deadline_from=Stamp(names(measure.from_)) if isinstance(measure, DurationMeasure) else None,
        calendar=measure.calendar if isinstance(measure, DurationMeasure) else None,
        as_of_columns=_as_of_columns(standard, measure, names),
        reply_types=reply_types,
    )


class _Names:
    """Names of the file -> columns of the data; ``where`` -> conditions."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)

    def __call__(self, column: str) -> str:
        return self.mapping.get(column, column)

    def cond(self, where: Where | None) -> Cond:
        if where is None:
            return ALWAYS
        parts: list[Cond] = [self._matcher(self(column), matcher) for column, matcher in where.columns.items()]
        if where.any_:
            parts.append(AnyOf(tuple(self.cond(alternative) for alternative in where.any_)))
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def _matcher(self, column: str, matcher: Any) -> Cond:
        if isinstance(matcher, Match):
            parts: list[Cond] = []
            if matcher.not_ is not None:
                values = matcher.not_ if isinstance(matcher.not_, tuple) else (matcher.not_,)
                parts.append(Not(IsIn(column, tuple(values))))
            for op in ("gt", "ge", "lt", "le"):
                value = getattr(matcher, op)
                if value is not None:
                    parts.append(Compare(column, op, value))
            if matcher.present is not None:
                parts.append(IsPresent(column) if matcher.present else Not(IsPresent(column)))
            if matcher.during is not None:
                parts.append(During(column, matcher.during))
            return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
        if isinstance(matcher, tuple):
            return IsIn(column, matcher)
        return IsIn(column, (matcher,))


def _limits(standard: AnyStandard, names: _Names) -> Limits:
    """Per-row limits: the targets in order, or the standard's own condition."""
    if isinstance(standard, StatisticStandard):
        name, test = standard.statistics()[0]
        if name == "nps":  # per row: a detractor (0-6) is missed
            return Limits(((ALWAYS, float(NPS_DETRACTOR_MAX + 1), None),))
        return Limits(((ALWAYS, _seconds(test.at_least), _seconds(test.at_most)),))
    if standard.targets is None:
        high = standard.within if standard.within is not None else standard.at_most
        return Limits(((ALWAYS, _seconds(standard.at_least), _seconds(high)),))
    return Limits(
        tuple(
            (
                names.cond(target.where),
                _seconds(target.at_least),
                _seconds(target.within if target.within is not None else target.at_most),
            )
            for target in standard.targets
        )
    )


def _seconds(value: Any) -> float | None:
    return None if value is None else seconds_of(value)


class _Rules:
    """The rules every measure kind starts with: scope, targets, trust in the log, a period to land in."""

    def __init__(self, scope: Cond, limits: Limits, *, event_log: bool, time: Stamp | None) -> None:
        self.scope, self.limits, self.event_log, self.time = scope, limits, event_log, time

    def out_of_scope(self, *also: tuple[Pred, str]) -> list[Rule]:
        """Rows the standard is not about: not matching ``where``, no target applying, ``also``."""
        rules = []
        if self.scope != ALWAYS:
            rules.append(Rule(NotPred(InScope(self.scope)), "out_of_scope", "the row does not match where"))
        if len(self.limits.entries) > 1 or self.limits.entries[0][0] != ALWAYS:
            rules.append(Rule(NotPred(TargetMatched(self.limits)), "out_of_scope", "no target applies to the row"))
        rules += [Rule(pred, "out_of_scope", why) for pred, why in also]
        return rules

    def untrusted(self, *also: tuple[Pred, str]) -> list[Rule]:
        rules = [Rule(pred, "invalid", why) for pred, why in also]
        if self.event_log:
            rules.append(Rule(LogProblem(), "invalid", "the interaction's event log cannot be trusted"))
        if self.time is not None:
            rules.append(Rule(Unplaced(self.time), "invalid", f"no {self.time.column} to place the row in a period"))
        return rules


# -- one definition per measure kind ------------------------------------------------

Compiled = tuple[tuple[tuple[Pred, Expr], ...], list[Rule], bool]


def _duration(standard: AnyStandard, measure: AnyMeasure, names: _Names, base: _Rules) -> Compiled:
    assert isinstance(measure, DurationMeasure)
    start, end = Stamp(names(measure.from_)), Stamp(names(measure.to))
    answered = NotPred(Missing(end))
    taken = _less_pauses(Elapsed(start, end, measure.calendar), measure, names, start, end)
    waited_so_far = _less_pauses(Elapsed(start, AsOf(), measure.calendar), measure, names, start, end)
    bad: list[tuple[Pred, str]] = [
        (Missing(start), f"no {start.column}"),
        (Earlier(end, start), f"{end.column} before {start.column}"),
    ]
    measured: list[tuple[Pred, Expr]] = [(answered, taken)]
    abandon_rules: list[Rule] = []
    if measure.abandoned:
        gave_up = Stamp(names(measure.abandoned))
        bad.append((Earlier(gave_up, start), f"{gave_up.column} before {start.column}"))
        waited = Elapsed(start, gave_up, measure.calendar)
        measured.append((NotPred(Missing(gave_up)), waited))
        abandoned = NotPred(Missing(gave_up))
        if isinstance(standard, ShareStandard):
            abandon_rules = _abandon_rules(abandoned, waited, base.limits, standard.abandons)
        else:
            abandon_rules = [Rule(abandoned, "excluded", "an abandon has no value to average")]
    if isinstance(standard, ShareStandard):  # a statistic takes finished values only
        measured.append((Always(), waited_so_far))
    rules = [
        *base.out_of_scope(),
        *base.untrusted(*bad),
        Rule(And((answered, WithinLimits(taken, base.limits))), "met", "answered within the target"),
        Rule(answered, "missed", "answered, not within the target"),
        *abandon_rules,
    ]
    if isinstance(standard, StatisticStandard):
        rules.append(Rule(Always(), "pending", "still open: a statistic takes finished values only"))
    else:
        rules += [
            Rule(NoAsOf(), "pending", "still open, and no as_of to judge it"),
            Rule(Exceeds(waited_so_far, base.limits), "missed", "still open and already over the target at as_of"),
            Rule(Always(), "pending", "still open, within the target at as_of"),
        ]
    return tuple(measured), rules, True


def _less_pauses(elapsed: Elapsed, measure: DurationMeasure, names: _Names, start: Stamp, end: Stamp) -> Expr:
    pause = measure.pause
    if pause is None:
        return elapsed
    if isinstance(pause, str):
        if pause == "status":
            return Subtract(elapsed, PausedStatus(start, end, measure.calendar))
        return Subtract(elapsed, PausedColumn(names(pause)))
    span = PausedSpan(Stamp(names(pause.from_)), Stamp(names(pause.to)), start, end, measure.calendar)
    return Subtract(elapsed, span)


def _abandon_rules(abandoned: Pred, waited: Expr, limits: Limits, abandons: Abandons | None) -> list[Rule]:
    rules: list[Rule] = []
    if abandons is not None and abandons.ignore_shorter_than is not None:
        short = seconds_of(abandons.ignore_shorter_than)
        rules.append(
            Rule(
                And((abandoned, Shorter(waited, short))),
                "excluded",
                f"abandoned in under {abandons.ignore_shorter_than}",
            )
        )
    count_as = abandons.count_as if abandons else "missed"
    in_time = And((abandoned, UpTo(waited, limits)))
    if count_as == "missed":
        rules.append(Rule(abandoned, "missed", "abandoned: every abandon counts as missed"))
    elif count_as == "excluded":
        rules.append(Rule(abandoned, "excluded", "abandoned: abandons leave the count"))
    elif count_as == "met_if_within":
        rules += [
            Rule(in_time, "met", "abandoned within the target: counts as met"),
            Rule(abandoned, "missed", "abandoned after the target"),
        ]
    else:
        rules += [
            Rule(in_time, "excluded", "abandoned within the target: leaves the count"),
            Rule(abandoned, "missed", "abandoned after the target"),
        ]
    return rules


def _value(standard: AnyStandard, measure: AnyMeasure, names: _Names, base: _Rules) -> Compiled:
    assert isinstance(measure, ValueMeasure)
    value = Number(names(measure.column))
    bad: list[tuple[Pred, str]] = []
    if isinstance(standard, StatisticStandard) and standard.nps is not None:
        bad.append((NotPred(Between(value, 0.0, 10.0)), "an NPS score outside 0-10"))
    rules = [
        *base.out_of_scope((Missing(value), f"no {value.column}")),
        *base.untrusted(*bad),
        Rule(WithinLimits(value, base.limits), "met", "the value meets the limit"),
        Rule(Always(), "missed", "the value does not meet the limit"),
    ]
    return ((Always(), value),), rules, False


def _flag(standard: AnyStandard, measure: AnyMeasure, names: _Names, base: _Rules) -> Compiled:
    assert isinstance(measure, FlagMeasure)
    flag = FlagValue(names(measure.flag))
    return _true_false(flag, base, f"{flag.column} is true", f"{flag.column} is false")


def _presence(standard: AnyStandard, measure: AnyMeasure, names: _Names, base: _Rules) -> Compiled:
    assert isinstance(measure, PresenceMeasure)
    present = Presence(names(measure.present))
    return _true_false(present, base, f"{present.column} has a value", f"{present.column} is empty")


def _true_false(value: Expr, base: _Rules, yes: str, no: str) -> Compiled:
    rules = [
        *base.out_of_scope((Missing(value), "the flag is empty")),
        *base.untrusted(),
        Rule(IsTrue(value), "met", yes),
        Rule(Always(), "missed", no),
    ]
    return ((Always(), value),), rules, False


def _repeat(standard: AnyStandard, measure: AnyMeasure, names: _Names, base: _Rules) -> Compiled:
    assert isinstance(measure, RepeatContactMeasure)
    repeat = measure.repeat_contact
    time_column = repeat.time or standard.time or ""
    stamp = Stamp(names(time_column))
    gap = RepeatGap(names(repeat.customer), stamp.column, names(repeat.topic) if repeat.topic else None, base.scope)
    window = repeat.within.nanoseconds / 1e9
    unknown = (NotPred(IsTrue(Presence(names(repeat.customer)))), f"no {names(repeat.customer)}")
    rules = [
        *base.out_of_scope(),
        *base.untrusted(unknown, (Missing(stamp), f"no {stamp.column}")),
        Rule(WithinLimits(gap, Limits(((ALWAYS, None, window),))), "met", f"another contact within {repeat.within}"),
        Rule(NoAsOf(), "missed", "no other contact, and no as_of to keep the window open"),
        Rule(Shorter(Elapsed(stamp, AsOf()), window), "pending", "no other contact yet; the window is still open"),
        Rule(Always(), "missed", f"no other contact within {repeat.within}"),
    ]
    return ((Always(), gap),), rules, True


_KINDS = {
    DurationMeasure: _duration,
    ValueMeasure: _value,
    FlagMeasure: _flag,
    PresenceMeasure: _presence,
    RepeatContactMeasure: _repeat,
}


def _aggregate(standard: AnyStandard) -> Aggregate:
    if isinstance(standard, ShareStandard):
        floor, ceiling = standard.floor_tiers, standard.ceiling_tiers
        return Aggregate(
            "share",
            floor=floor.fail.fraction if floor else None,
            floor_warn=floor.warn.fraction if floor and floor.warn else None,
            ceiling=ceiling.fail.fraction if ceiling else None,
            ceiling_warn=ceiling.warn.fraction if ceiling and ceiling.warn else None,
            min_volume=standard.min_volume,
        )
    name, test = standard.statistics()[0]
    return Aggregate(
        "statistic",
        statistic=name,
        at_most=_seconds(test.at_most),
        at_least=_seconds(test.at_least),
        warn=_seconds(test.warn),
        min_volume=standard.min_volume,
    )


def _time_column(standard_set: StandardSet, standard: AnyStandard, measure: AnyMeasure) -> str | None:
    if standard.time:
        return standard.time
    if isinstance(measure, DurationMeasure):
        return measure.from_
    if isinstance(measure, RepeatContactMeasure) and measure.repeat_contact.time:
        return measure.repeat_contact.time
    return standard_set.time


def _as_of_columns(standard: AnyStandard, measure: AnyMeasure, names: _Names) -> tuple[str, ...]:
    found: tuple[str | None, ...]
    if isinstance(measure, DurationMeasure):
        found = (measure.from_, measure.to, measure.abandoned)
    elif isinstance(measure, RepeatContactMeasure):
        found = (measure.repeat_contact.time or standard.time,)
    else:
        return ()
    return tuple(names(c) for c in found if c)
