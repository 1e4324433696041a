"""Checks that need more than one key: names defined, thresholds that agree.

Each check yields an :class:`Issue` with the path of the offending key, so
the loader can point at its line and column. The loader runs these checks
on every part of a file that validated, even when other parts did not, so
one run reports every problem.

Some issues are warnings (``severity="warning"``): the file loads, but a
standard probably does not say what was meant, such as a ``ceiling: 100%``
that no share can break. :func:`warnings_of` lists them for a set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import MissingDependencyError, did_you_mean
from ..handbook._i18n import available_languages
from ..kinds import AnyMeasure, kind_of
from .column_checks import column_spec_issues
from .data import ColumnSpec
from .hours import overlaps
from .issues import MAX_DURATION, Issue, PathPart, dotted, too_long
from .live_checks import alert_issues, pause_status_issues
from .parts import Calendar, EventLog, Match, Tiers, Where, is_share
from .references import column_issues, column_references
from .row_calendars import CalendarByColumn, during_issues, periods_in_issues, row_calendar_issues
from .statistic_checks import bare_number, comparable, statistic_issues, takes, warning
from .units import Duration, Percent

if TYPE_CHECKING:  # the model runs these checks; they read it without importing it
    from .model import ShareStandard, StandardSet, StatisticStandard

__all__ = [
    "MAX_DURATION",
    "Issue",
    "PathPart",
    "column_issues",
    "column_references",
    "dotted",
    "file_issues",
    "issues_of_parts",
    "label_issues",
    "supported_holiday_countries",
    "warnings_of",
]

AnyStandard: TypeAlias = "ShareStandard | StatisticStandard"

_NONE, _ALL = Percent(0), Percent(1)


@dataclass
class _Parts:
    """The parts of a file that validated, and the names it defines."""

    measures: dict[str, AnyMeasure]
    measure_names: set[str]
    calendars: dict[str, Calendar]
    calendar_names: set[str]
    standards: list[tuple[int, AnyStandard]]
    file_time: str | None
    events: EventLog | None = None
    has_events: bool = False
    first_of_id: dict[str, int] = field(default_factory=dict)


def file_issues(standard_set: StandardSet) -> list[Issue]:
    """Every issue of a fully validated set, errors and warnings."""
    return issues_of_parts(
        measures=dict(standard_set.measures),
        measure_names=set(standard_set.measures),
        calendars=dict(standard_set.calendars),
        calendar_names=set(standard_set.calendars),
        standards=list(enumerate(standard_set.standards)),
        file_time=standard_set.time,
        events=standard_set.events,
        labels=standard_set.labels,
        columns=standard_set.columns,
    )


def warnings_of(standard_set: StandardSet) -> list[Issue]:
    """The warnings of a set: what loads but probably does not say what was meant.

    ``svcstandards.load`` keeps them, with their positions, as
    ``StandardSet.warnings``.

    >>> from svcstandards.model import StandardSet
    >>> s = StandardSet.model_validate(
    ...     {"version": 1, "standards": [{"id": "a", "measure": {"flag": "x"}, "ceiling": "100%"}]}
    ... )
    >>> [(w.dotted_path, w.code) for w in warnings_of(s)]
    [('standards[0].ceiling', 'never_fails')]
    """
    return [issue for issue in file_issues(standard_set) if issue.severity == "warning"]


def label_issues(labels: Mapping[str, Mapping[str, str]]) -> list[Issue]:
    """Issues for ``labels`` whose languages the handbook does not know.

    ``labels`` maps a column, value or calendar name to its text per language:
    ``channel: {en: channel, sl: kanal}``.
    """
    known = available_languages()
    return [
        Issue(
            ("labels", name, code),
            f"'{code}' is not a handbook language ({', '.join(known)})",
            f"write the name first, then its languages: {code}: {{{name}: ...}}"
            if name in known
            else did_you_mean(code, known) or f"labels map a name to its text per language: {name}: {{en: ...}}",
            "label_language",
            at_key=True,
        )
        for name, texts in labels.items()
        for code in texts
        if code not in known
    ]


def issues_of_parts(
    *,
    measures: Mapping[str, AnyMeasure],
    measure_names: Iterable[str],
    calendars: Mapping[str, Calendar],
    calendar_names: Iterable[str],
    standards: Sequence[tuple[int, AnyStandard]],
    file_time: str | None,
    ids: Sequence[tuple[int, str]] | None = None,
    measure_refs: Sequence[tuple[int, str]] | None = None,
    events: EventLog | None = None,
    has_events: bool | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    columns: Mapping[str, str | ColumnSpec] | None = None,
) -> list[Issue]:
    """Every issue of the parts that validated (the rest were reported already).

    ``ids`` and ``measure_refs`` are the ids and measure names of every
    standard, including those that did not validate, as ``(index, text)``;
    they default to those of ``standards``. ``has_events`` says whether the
    file has an ``events:`` section, valid or not (default: ``events`` given).
    """
    parts = _Parts(
        dict(measures),
        set(measure_names),
        dict(calendars),
        set(calendar_names),
        list(standards),
        file_time,
        events,
        events is not None if has_events is None else has_events,
    )
    if ids is None:
        ids = [(i, s.id) for i, s in standards]
    if measure_refs is None:
        measure_refs = [(i, s.measure) for i, s in standards if isinstance(s.measure, str)]
    issues: list[Issue] = []
    if events is not None and events.statuses:
        issues.extend(
            Issue(
                ("events", "paused_statuses"),
                f"paused status '{status}' is not one of the statuses",
                did_you_mean(status, events.statuses) or "add it to statuses:",
                "status_unknown",
            )
            for status in events.paused_statuses
            if status not in events.statuses
        )
    for index, standard_id in ids:
        first = parts.first_of_id.setdefault(standard_id, index)
        if first != index:
            issues.append(
                Issue(
                    ("standards", index, "id"),
                    f"id '{standard_id}' is already used by standards[{first}]",
                    "every standard needs its own id",
                    "id_duplicate",
                )
            )
    for index, name in measure_refs:
        if name not in parts.measure_names:
            issues.append(_undefined(("standards", index, "measure"), "measure", name, parts.measure_names))
    for name, calendar in parts.calendars.items():
        issues.extend(_calendar_issues(("calendars", name), calendar))
    for name, measure in parts.measures.items():
        issues.extend(_measure_issues(("measures", name), measure, parts))
    for index, standard in parts.standards:
        issues.extend(_standard_issues(index, standard, parts))
    if labels:
        issues.extend(label_issues(labels))
    issues.extend(column_spec_issues(columns or {}))
    return issues


# -- calendars -----------------------------------------------------------------


def _calendar_issues(path: tuple[PathPart, ...], calendar: Calendar) -> Iterator[Issue]:
    if not calendar.hours:
        yield Issue(
            (*path, "hours"),
            "a calendar needs open hours",
            'add e.g. mon-fri: "08:00-16:00"',
            "hours_empty",
        )
    else:
        for first, second in overlaps(list(calendar.intervals)):
            other = "itself" if first == second else f"'{first}'"
            yield Issue(
                (*path, "hours", second),
                f"the hours of '{second}' overlap those of {other}",
                "each moment of the week may be open only once; merge or shorten the intervals",
                "hours_overlap",
                at_key=True,
            )
    if calendar.holidays and calendar.holidays.subdivision is not None and not calendar.holidays.country:
        yield Issue(
            (*path, "holidays", "subdivision"),
            "a subdivision needs a country",
            "add the country of the subdivision, e.g. country: US",
            "holidays_subdivision",
        )
    if calendar.holidays and calendar.holidays.country:
        yield from _holiday_issues((*path, "holidays"), calendar.holidays.country, calendar.holidays.subdivision)


def _holiday_issues(path: tuple[PathPart, ...], country: str, subdivision: str | None) -> Iterator[Issue]:
    try:
        supported = supported_holiday_countries()
    except MissingDependencyError:
        yield Issue(
            (*path, "country"),
            "public holidays need the 'holidays' package",
            "install it with: pip install 'svcstandards[holidays]'",
            "holidays_missing",
        )
        return
    if country not in supported:
        yield Issue(
            (*path, "country"),
            f"'{country}' is not a country code the holidays package knows",
            did_you_mean(country.upper(), supported) or "use an ISO 3166 code such as SI, HR, PL, US",
            "holidays_country",
        )
    elif subdivision is not None and subdivision not in supported[country]:
        known = ", ".join(supported[country][:12]) or "none"
        yield Issue(
            (*path, "subdivision"),
            f"'{subdivision}' is not a subdivision of {country}",
            f"known subdivisions: {known}",
            "holidays_subdivision",
        )


def supported_holiday_countries() -> dict[str, list[str]]:
    """Country codes -> subdivision codes known to the optional ``holidays`` package."""
    try:
        import holidays
    except ImportError as exc:
        raise MissingDependencyError.for_extra("holidays", "holidays", "Public holidays") from exc
    return {k: list(v) for k, v in holidays.list_supported_countries().items()}


# -- measures ------------------------------------------------------------------


def _measure_issues(path: tuple[PathPart, ...], measure: AnyMeasure, parts: _Parts) -> Iterator[Issue]:
    kind = kind_of(measure)
    calendar = kind.calendar(measure)
    if isinstance(calendar, CalendarByColumn):
        yield from row_calendar_issues((*path, "calendar"), calendar, parts.calendar_names)
    elif calendar is not None and calendar not in parts.calendar_names:
        yield _undefined((*path, "calendar"), "calendar", calendar, parts.calendar_names)
    yield from kind.issues(path, measure)
    yield from pause_status_issues(path, measure, parts.events, parts.has_events)


def _undefined(path: tuple[PathPart, ...], kind: str, name: str, known: Iterable[str]) -> Issue:
    known = sorted(known)
    hint = did_you_mean(name, known) or (
        f"define it under {kind}s: (defined: {', '.join(known)})" if known else f"define it under {kind}s:"
    )
    return Issue(path, f"{kind} '{name}' is not defined", hint, f"undefined_{kind}")


def _where_issues(
    path: tuple[PathPart, ...], where: Where | None, parts: _Parts, measure: AnyMeasure | None = None
) -> Iterator[Issue]:
    if where is None:
        return
    for column, matcher in where.columns.items():
        if hasattr(matcher, "model_fields_set") and not matcher.model_fields_set:
            yield Issue(
                (*path, column),
                "an empty matcher matches nothing",
                "give an operator: not, gt, ge, lt, le, present or during",
                "where_empty",
            )
        yield from _operators_without_value((*path, column), matcher)
        has = None if measure is None else kind_of(measure).calendar(measure) is not None
        yield from during_issues((*path, column, "during"), getattr(matcher, "during", None), parts.calendar_names, has)
    for index, alternative in enumerate(where.any_ or ()):
        yield from _where_issues((*path, "any", index), alternative, parts, measure)


def _operators_without_value(path: tuple[PathPart, ...], matcher: object) -> Iterator[Issue]:
    """``{not: null}``, ``{gt: }``: an operator written without a value would match every row."""
    if not isinstance(matcher, Match):
        return
    for field_name in Match.model_fields:
        if field_name in matcher.model_fields_set and getattr(matcher, field_name) is None:
            operator = field_name.rstrip("_")  # not_ is written not
            yield Issue(
                (*path, operator),
                f"the operator {operator}: has no value; it would match every row",
                _OPERATOR_HINTS[field_name],
                "where_empty",
                at_key=True,
            )


_OPERATOR_HINTS = {
    "not_": "give the value to leave out, e.g. not: phone; or write present: true for rows that have a value",
    **{
        op: f"give the value to compare with, e.g. {op}: 5 or {op}: 2026-03-01; or remove {op}:"
        for op in ("gt", "ge", "lt", "le")
    },
    "present": "write present: true for rows that have a value, present: false for blank ones",
    "during": "name a calendar defined under calendars:, e.g. during: office",
}


# -- standards -----------------------------------------------------------------


def _standard_issues(index: int, standard: AnyStandard, parts: _Parts) -> Iterator[Issue]:
    path: tuple[PathPart, ...] = ("standards", index)
    own = standard.measure
    measure: AnyMeasure | None = parts.measures.get(own) if isinstance(own, str) else own
    yield from _where_issues((*path, "where"), standard.where, parts, measure)
    if not isinstance(standard.measure, str):
        yield from _measure_issues((*path, "measure"), standard.measure, parts)

    placed = "period" if standard.period else ("intervals" if getattr(standard, "intervals", None) else None)
    if (
        placed
        and not standard.time
        and not parts.file_time
        and measure is not None
        and kind_of(measure).time_column(measure) is None
    ):
        yield Issue(
            (*path, placed),
            ("a period needs" if placed == "period" else "intervals need")
            + f" a time column to place each interaction in {'it' if placed == 'period' else 'one'}",
            "add time: <timestamp column> to the standard or the file",
            "period_time",
        )
    if standard.periods_in == "row" and measure is not None:
        yield from periods_in_issues(path, kind_of(measure).calendar(measure))
    if standard.unit == "reply":
        if not parts.has_events:
            yield Issue(
                (*path, "unit"),
                "reply cycles are read from an event log",
                "add an events: section (id, time, type) to the file",
                "reply_needs_events",
            )
        if measure is not None and kind_of(measure).reply_cycles(measure) is None:
            yield Issue(
                (*path, "unit"),
                "reply cycles need a duration measure whose from and to are event types",
                "e.g. measure: {from: customer_reply, to: agent_reply}",
                "reply_measure",
            )
    if is_share(standard):
        yield from _share_issues(path, standard, measure, parts)
        yield from alert_issues(path, standard, measure)
    else:
        yield from statistic_issues(path, standard, measure)


def _share_issues(
    path: tuple[PathPart, ...], standard: ShareStandard, measure: AnyMeasure | None, parts: _Parts
) -> Iterator[Issue]:
    given = [k for k in ("within", "at_most", "at_least", "targets") if getattr(standard, k) is not None]
    kind = None if measure is None else kind_of(measure)
    if measure is not None and kind is not None and kind.own_condition:
        for key in given:
            yield Issue(
                (*path, key),
                f"a {kind.name} measure is its own condition: {key} does not apply",
                f"remove it; the share met is the share of rows where {kind.met_when(measure)}",
                "flag_condition",
                at_key=True,
            )
    elif measure is not None and not given:
        yield Issue(
            path,
            "a share standard needs a condition",
            "add at_most: 4 or at_least: 4, or targets"
            if takes(measure, "number")
            else "add within: 2m, at_most / at_least, or targets",
            "condition_missing",
        )
    if standard.within is not None and standard.at_most is not None:
        yield Issue(
            (*path, "at_most"),
            "within and at_most say the same thing",
            "keep one of them",
            "condition_twice",
            at_key=True,
        )
    if standard.targets is not None:
        for key in given:
            if key != "targets":
                yield Issue(
                    (*path, key),
                    f"{key} cannot stand beside targets",
                    "put it in a target (the last one, without where, is the default)",
                    "targets_and_condition",
                    at_key=True,
                )
        yield from _targets_issues((*path, "targets"), standard, measure, parts)
    yield from _condition_issues(path, standard.within, standard.at_most, standard.at_least, measure)

    if standard.floor is None and standard.ceiling is None:
        yield Issue(
            path,
            "a share standard needs a floor or a ceiling",
            "add floor: 90% (at least 90% met) or ceiling: 5% (at most 5%)",
            "limit_missing",
        )
    floor, ceiling = standard.floor_tiers, standard.ceiling_tiers
    yield from _never_fails(path, floor, ceiling)
    if standard.abandons is not None:
        yield from too_long((*path, "abandons", "ignore_shorter_than"), standard.abandons.ignore_shorter_than)
    if floor and floor.warn is not None and floor.warn <= floor.fail:
        yield Issue(
            (*path, "floor", "warn"),
            f"a floor's warn level ({floor.warn}) must be above its fail level ({floor.fail})",
            f"fail below {floor.fail}, warn below a higher level such as {_nudge(floor.fail, +1)}"
            if floor.fail < _ALL
            else "a floor of 100% leaves no higher level to warn at: remove warn, or lower the floor",
            "tier_side",
        )
    if ceiling and ceiling.warn is not None and ceiling.warn >= ceiling.fail:
        yield Issue(
            (*path, "ceiling", "warn"),
            f"a ceiling's warn level ({ceiling.warn}) must be below its fail level ({ceiling.fail})",
            f"fail above {ceiling.fail}, warn above a lower level such as {_nudge(ceiling.fail, -1)}"
            if ceiling.fail > _NONE
            else "a ceiling of 0% leaves no lower level to warn at: remove warn, or raise the ceiling",
            "tier_side",
        )
    if floor and ceiling and floor.fail > ceiling.fail:
        yield Issue(
            (*path, "ceiling"),
            f"the band is empty: floor {floor.fail} is above ceiling {ceiling.fail}",
            "the floor must not exceed the ceiling",
            "band_empty",
        )

    if standard.abandons is not None and measure is not None and kind_of(measure).abandoned(measure) is None:
        yield Issue(
            (*path, "abandons"),
            "abandons needs a duration measure with an abandoned column",
            "add abandoned: abandoned_at to the measure",
            "abandons_column",
            at_key=True,
        )


def _never_fails(path: tuple[PathPart, ...], floor: Tiers | None, ceiling: Tiers | None) -> Iterator[Issue]:
    """Warnings for a floor of 0% or a ceiling of 100%: every share passes them."""
    floor_open = floor is not None and floor.fail == _NONE
    ceiling_open = ceiling is not None and ceiling.fail == _ALL
    if floor_open and ceiling_open:
        yield warning(
            (*path, "floor"),
            "floor 0% and ceiling 100% admit every share: this standard can never fail",
            "raise the floor (e.g. floor: 90%) or lower the ceiling (e.g. ceiling: 5%)",
            "never_fails",
        )
    elif floor_open and ceiling is None:
        yield warning(
            (*path, "floor"),
            "floor 0% admits every share: this standard can never fail",
            "a floor is the share that must at least be met, e.g. floor: 90%",
            "never_fails",
        )
    elif ceiling_open and floor is None:
        yield warning(
            (*path, "ceiling"),
            "ceiling 100% admits every share: this standard can never fail",
            "a ceiling is the largest share allowed, e.g. ceiling: 5%",
            "never_fails",
        )
    elif floor_open:
        yield warning(
            (*path, "floor"),
            "floor 0% admits every share: only the ceiling can fail",
            "remove the floor, or raise it (e.g. floor: 90%)",
            "limit_no_effect",
        )
    elif ceiling_open:
        yield warning(
            (*path, "ceiling"),
            "ceiling 100% admits every share: only the floor can fail",
            "remove the ceiling, or lower it (e.g. ceiling: 5%)",
            "limit_no_effect",
        )


def _nudge(percent: Percent, step: int) -> str:
    """A level halfway to 100% (step +1) or to 0% (step -1), for a hint."""
    value = percent.fraction
    target = (value + 1) / 2 if step > 0 else value / 2
    return str(Percent(Fraction(round(target * 1000), 1000)))


def _targets_issues(
    path: tuple[PathPart, ...], standard: ShareStandard, measure: AnyMeasure | None, parts: _Parts
) -> Iterator[Issue]:
    targets = standard.targets or ()
    if not targets:
        yield Issue(path, "targets is empty", "give at least one target", "targets_empty")
    for number, target in enumerate(targets):
        tpath = (*path, number)
        yield from _where_issues((*tpath, "where"), target.where, parts, measure)
        if target.within is None and target.at_most is None and target.at_least is None:
            yield Issue(
                tpath,
                "a target needs within, at_most or at_least",
                "e.g. {at_most: 4}" if takes(measure, "number") else "e.g. {within: 4h}",
                "condition_missing",
            )
        if target.within is not None and target.at_most is not None:
            yield Issue(
                (*tpath, "at_most"),
                "within and at_most say the same thing",
                "keep one of them",
                "condition_twice",
                at_key=True,
            )
        if target.where is None and number < len(targets) - 1:
            yield Issue(
                tpath,
                "a target without where matches everything, so the targets after it are never used",
                "move it to the end of the list",
                "target_unreachable",
            )
        yield from _condition_issues(tpath, target.within, target.at_most, target.at_least, measure)


def _condition_issues(
    path: tuple[PathPart, ...],
    within: Duration | None,
    at_most: Any,
    at_least: Any,
    measure: AnyMeasure | None,
) -> Iterator[Issue]:
    for key, value in (("within", within), ("at_most", at_most), ("at_least", at_least)):
        yield from too_long((*path, key), value)
    if within is not None and takes(measure, "number"):
        yield Issue(
            (*path, "within"),
            "within needs a duration measure (from and to)",
            "use at_most for a value column",
            "within_measure",
            at_key=True,
        )
    if takes(measure, "duration"):
        for key, value in (("at_most", at_most), ("at_least", at_least)):
            if value is not None and not isinstance(value, Duration):
                yield bare_number((*path, key), value)
    low, high = at_least, at_most
    if low is not None and high is not None and comparable(low, high) and low > high:
        yield Issue(
            (*path, "at_least"),
            f"the band is empty: at_least {low} is above at_most {high}",
            "at_least must not exceed at_most",
            "band_empty",
        )
