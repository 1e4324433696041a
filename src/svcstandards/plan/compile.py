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
    Match,
    Period,
    ShareStandard,
    StandardSet,
    StatisticStandard,
    Where,
)
from ..format.parts import NPS_DETRACTOR_MAX, IntervalBudget
from ..format.row_calendars import MEASURE_CALENDAR, CalendarByColumn, calendar_node, period_zones
from ..format.units import seconds_of
from ..kinds import kind_of
from .nodes import (
    ALWAYS,
    AllOf,
    AnyOf,
    CalendarRef,
    Compare,
    Cond,
    During,
    Expr,
    InScope,
    IsIn,
    IsPresent,
    Limits,
    LogProblem,
    Not,
    NotPred,
    Pred,
    RowCalendar,
    Rule,
    Stamp,
    TargetMatched,
    Unplaced,
    Unreadable,
)
from .prepare import compile_prepare

__all__ = ["Aggregate", "FirstRules", "Names", "Plan", "Rule", "compile_plan", "compile_plans"]

AnyStandard = ShareStandard | StatisticStandard
PeriodName = Period


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
    time: Stamp | None = None  # places a row in its period (and in its interval)
    intervals: IntervalBudget | None = None  # interval budgeting: the share of intervals that met their own floor
    timezone: str = "UTC"
    week_starts: str = "monday"  # the weekday a week period starts on, at local midnight
    final: bool = False  # a final extract: an interaction without an end is invalid
    duration: bool = False  # measured values and limits are seconds of a duration
    deadline_from: Stamp | None = None  # deadlines run from here on ``calendar``
    calendar: CalendarRef | None = None
    as_of_columns: tuple[str, ...] = ()  # the default as_of is the latest timestamp in these
    reply_types: tuple[str, str] | None = None  # (from, to) event types of reply cycles
    notes: tuple[str, ...] = field(default=())
    #: ``periods_in: row``: the zone of each calendar of ``calendar.names()``, then the file's (rows without one)
    period_zones: tuple[str, ...] | None = None


def compile_plans(
    standard_set: StandardSet,
    *,
    by: Sequence[str] | None = None,
    period: PeriodName | None = None,
    columns: Mapping[str, str] | None = None,
    final: bool | None = None,
) -> list[Plan]:
    """A plan for every standard of the set, with evaluate()'s overrides applied."""
    return [
        compile_plan(standard_set, s, by=by, period=period, columns=columns, final=final)
        for s in standard_set.standards
    ]


def compile_plan(
    standard_set: StandardSet,
    standard: AnyStandard,
    *,
    by: Sequence[str] | None = None,
    period: PeriodName | None = None,
    columns: Mapping[str, str] | None = None,
    final: bool | None = None,
) -> Plan:
    """The plan of one standard of ``standard_set``.

    ``final`` overrides the file's ``data: {final: ...}``: in a final extract an
    interaction whose measure has no end is invalid (``no_end``), not pending.
    """
    names = Names({**standard_set.column_map, **(columns or {})})
    measure = standard_set.measure_of(standard)
    kind = kind_of(measure)
    cycles = kind.reply_cycles(measure) if standard.unit == "reply" and standard_set.events is not None else None
    reply_types: tuple[str, str] | None = None
    if cycles is not None:
        reply_types, measure = cycles
    calendar = calendar_node(kind.calendar(measure), names)
    names.calendars, names.measure_calendar = frozenset(standard_set.calendars), calendar  # for during: measure
    scope = names.cond(standard.where)
    limits = _limits(standard, names)
    period = period or standard.period
    own_time = kind.time_column(measure)
    time_column = standard.time or (own_time if own_time is not None else standard_set.time)
    intervals = standard.intervals if isinstance(standard, ShareStandard) else None
    time = Stamp(names(time_column)) if (period or intervals) and time_column else None
    final = standard_set.data.final if final is None else final
    base = FirstRules(scope, limits, event_log=standard_set.events is not None, time=time, final=final)
    base.without_calendar = _during_without_calendar((scope, limits), calendar)
    measured, rules, duration = kind.compile(standard, measure, names, base)
    checked = _checked_columns(standard_set, columns)
    if checked:
        rules = _with_unreadable(rules, scope, limits, measured, time, checked)
    deadline_from = kind.deadline_from(measure)
    zones = None
    if standard.periods_in == "row":
        zones = period_zones(
            calendar, lambda name: standard_set.calendars[name].timezone or standard_set.timezone, standard_set.timezone
        )
    return Plan(
        standard=standard.id,
        rows="reply_cycles" if cycles is not None else "interactions",
        scope=scope,
        limits=limits,
        measured=measured,
        rules=tuple(rules),
        aggregate=_aggregate(standard),
        group_by=tuple(names(c) for c in (standard.by if by is None else by)),
        period=period,
        time=time,
        intervals=intervals,
        timezone=standard_set.timezone,
        week_starts=standard_set.week_starts,
        final=final,
        duration=duration,
        deadline_from=Stamp(names(deadline_from)) if deadline_from is not None else None,
        calendar=calendar,
        as_of_columns=tuple(names(c) for c in kind.as_of_columns(standard, measure)),
        reply_types=reply_types,
        period_zones=zones,
    )


def _checked_columns(standard_set: StandardSet, columns: Mapping[str, str] | None) -> tuple[str, ...]:
    """The data columns whose values may not read in their format (see :mod:`.prepare`)."""
    if not standard_set.columns:
        return ()
    return compile_prepare(standard_set, columns=columns).checked


def _with_unreadable(
    rules: Sequence[Rule],
    scope: Cond,
    limits: Limits,
    measured: tuple[tuple[Pred, Expr], ...],
    time: Stamp | None,
    checked: tuple[str, ...],
) -> list[Rule]:
    """The rules with ``invalid`` for rows whose value in a checked column the plan reads did not read.

    They come right after the rules of ``where`` and ``targets``: a row the
    standard is about, with a value that cannot be read, is counted invalid.
    """
    read: set[str] = set()
    for node in _nodes((scope, limits, measured, time, *(rule.when for rule in rules))):
        for name in ("column", "customer", "time", "topic"):
            value = getattr(node, name, None)
            if isinstance(value, str):
                read.add(value)
    used = [column for column in checked if column in read]
    if not used:
        return list(rules)
    at = 0
    while at < len(rules) and _is_scope_rule(rules[at]):
        at += 1
    added = [Rule(Unreadable(c), "invalid", f"{c} does not read in its format") for c in used]
    return [*rules[:at], *added, *rules[at:]]


def _is_scope_rule(rule: Rule) -> bool:
    """A rule of ``where`` or ``targets``: the row is not what the standard is about."""
    when = rule.when
    return isinstance(when, NotPred) and isinstance(when.part, InScope | TargetMatched)


def _nodes(value: Any) -> Any:
    """Every plan node inside ``value``, parents first."""
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
        return
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        return
    yield value
    for name in fields:
        yield from _nodes(getattr(value, name))


class Names:
    """Names of the file -> columns of the data; ``where`` -> conditions."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)
        self.calendars: frozenset[str] = frozenset()  # the file's calendars
        self.measure_calendar: CalendarRef | None = None  # what ``during: measure`` names

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
                parts.append(During(column, self._during(matcher.during)))
            return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
        if isinstance(matcher, tuple):
            return IsIn(column, matcher)
        return IsIn(column, (matcher,))

    def _during(self, during: str | CalendarByColumn) -> CalendarRef:
        """The calendar of ``during:``: a name, each row's (``{by, map}``), or the measure's (``measure``)."""
        if isinstance(during, CalendarByColumn):
            node = calendar_node(during, self)
            assert node is not None
            return node
        if during == MEASURE_CALENDAR and during not in self.calendars and self.measure_calendar is not None:
            return self.measure_calendar
        return during


def _limits(standard: AnyStandard, names: Names) -> Limits:
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


class FirstRules:
    """The rules every measure kind starts with: scope, targets, trust in the log, a period to land in.

    A kind's :meth:`~svcstandards.kinds.Kind.compile` puts its own rules after
    ``out_of_scope()`` and ``untrusted()``, each of which may add the kind's causes.
    """

    def __init__(
        self, scope: Cond, limits: Limits, *, event_log: bool, time: Stamp | None, final: bool = False
    ) -> None:
        self.scope, self.limits, self.event_log, self.time = scope, limits, event_log, time
        self.final = final  # a final extract: a row whose measure has no end is invalid
        self.without_calendar: tuple[tuple[Pred, str], ...] = ()  # rows a during: per row has no calendar for

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
        rules = [Rule(pred, "invalid", why) for pred, why in (*self.without_calendar, *also)]
        if self.event_log:
            rules.append(Rule(LogProblem(), "invalid", "the interaction's event log cannot be trusted"))
        if self.time is not None:
            rules.append(Rule(Unplaced(self.time), "invalid", f"no {self.time.column} to place the row in a period"))
        return rules


def _during_without_calendar(conditions: Any, measure_calendar: CalendarRef | None) -> tuple[tuple[Pred, str], ...]:
    """``during:`` a calendar per row without ``default``: a row in scope whose value is not mapped is invalid
    (as the measure's own calendar per row makes it; that one's rule is the measure's)."""
    found: list[tuple[Pred, str]] = []
    for node in _nodes(conditions):
        calendar = node.calendar if isinstance(node, During) else None
        if not isinstance(calendar, RowCalendar) or calendar.default is not None or calendar == measure_calendar:
            continue
        mapped = IsIn(calendar.column, tuple(value for value, _ in calendar.choices))
        rule = (InScope(Not(mapped)), f"no calendar for its {calendar.column} to tell {node.column}'s open hours")
        if rule not in found:
            found.append(rule)
    return tuple(found)


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
