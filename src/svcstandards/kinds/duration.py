"""The duration measure: ``to - from`` per interaction, on a calendar, less pauses.

``measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}``.
Rows without a ``to`` are open: pending until they are over the target at
``as_of``. An ``abandoned`` column enables ``abandons:`` on share standards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Discriminator, Field, Tag

from ..format.issues import KeyPath
from ..format.parts import Abandons, _Model, is_share
from ..format.row_calendars import CalendarByColumn, calendar_node
from ..format.units import Duration, seconds_of
from ..nodes import (
    Always,
    And,
    AsOf,
    Earlier,
    Elapsed,
    Exceeds,
    Expr,
    InScope,
    IsIn,
    Limits,
    Missing,
    NoAsOf,
    Not,
    NotPred,
    PausedColumn,
    PausedSpan,
    PausedStatus,
    Pred,
    RowCalendar,
    Rule,
    Shorter,
    Stamp,
    Subtract,
    UpTo,
    WithinLimits,
)
from ._kind import N_, NO_END, AnyStandard, Before, Blank, Cause, ColumnRef, Compiled, Kind, Limit, Names, NoEnd, Say

if TYPE_CHECKING:
    from ..format.model import ShareStandard
    from ..plan.compile import FirstRules

__all__ = ["DURATION", "DurationKind", "DurationMeasure", "PauseSpan", "PauseStatuses"]

#: The columns of a reply cycle (from an event log) that a reply-cycle measure runs between.
CYCLE_COLUMNS = ("cycle_start_at", "cycle_reply_at")


class PauseSpan(_Model):
    """One pause interval held in two timestamp columns."""

    from_: str = Field(alias="from")
    to: str


class PauseStatuses(_Model):
    """The statuses of the event log that pause this measure's clock (its own list)."""

    statuses: tuple[str, ...]


def _pause_shape(value: Any) -> str:
    if isinstance(value, PauseStatuses) or (isinstance(value, dict) and "statuses" in value):
        return "<statuses>"
    return "<span>" if isinstance(value, dict | BaseModel) else "<column>"


class DurationMeasure(_Model):
    """``to - from`` per interaction, optionally on a calendar and less pauses."""

    from_: str = Field(alias="from")
    to: str
    calendar: str | CalendarByColumn | None = None
    pause: (
        Annotated[
            Annotated[PauseSpan, Tag("<span>")]
            | Annotated[PauseStatuses, Tag("<statuses>")]
            | Annotated[str, Tag("<column>")],
            Discriminator(_pause_shape),
        ]
        | None
    ) = None
    abandoned: str | None = None


class DurationKind(Kind[DurationMeasure]):
    name = "duration"
    threshold = "duration"

    # -- the file ------------------------------------------------------------------------

    def columns(self, path: KeyPath, measure: DurationMeasure) -> list[ColumnRef]:
        refs: list[ColumnRef] = [((*path, "from"), measure.from_), ((*path, "to"), measure.to)]
        if measure.abandoned:
            refs.append(((*path, "abandoned"), measure.abandoned))
        if isinstance(measure.pause, str):
            refs.append(((*path, "pause"), measure.pause))
        elif isinstance(measure.pause, PauseSpan):
            refs += [((*path, "pause", "from"), measure.pause.from_), ((*path, "pause", "to"), measure.pause.to)]
        if isinstance(measure.calendar, CalendarByColumn):
            refs.append(((*path, "calendar", "by"), measure.calendar.by))
        return refs

    def calendar(self, measure: DurationMeasure) -> str | CalendarByColumn | None:
        return measure.calendar

    def time_column(self, measure: DurationMeasure) -> str | None:
        return measure.from_

    def abandoned(self, measure: DurationMeasure) -> str | None:
        return measure.abandoned

    def reply_cycles(self, measure: DurationMeasure) -> tuple[tuple[str, str], DurationMeasure]:
        start, reply = CYCLE_COLUMNS
        return (measure.from_, measure.to), measure.model_copy(update={"from_": start, "to": reply})

    # -- the plan ------------------------------------------------------------------------

    def compile(self, standard: AnyStandard, measure: DurationMeasure, names: Names, base: FirstRules) -> Compiled:
        start, end = Stamp(names(measure.from_)), Stamp(names(measure.to))
        answered = NotPred(Missing(end))
        calendar = calendar_node(measure.calendar, names)
        taken = _less_pauses(Elapsed(start, end, calendar), measure, names, start, end)
        waited_so_far = _less_pauses(Elapsed(start, AsOf(), calendar), measure, names, start, end)
        bad: list[tuple[Pred, str]] = [
            (Missing(start), f"no {start.column}"),
            (Earlier(end, start), f"{end.column} before {start.column}"),
        ]
        if isinstance(calendar, RowCalendar) and calendar.default is None:  # a row without a calendar
            mapped = IsIn(calendar.column, tuple(value for value, _ in calendar.choices))
            bad.append((InScope(Not(mapped)), f"no calendar for its {calendar.column}"))
        measured: list[tuple[Pred, Expr]] = [(answered, taken)]
        abandon_rules: list[Rule] = []
        if measure.abandoned:
            gave_up = Stamp(names(measure.abandoned))
            bad.append((Earlier(gave_up, start), f"{gave_up.column} before {start.column}"))
            waited = Elapsed(start, gave_up, calendar)
            measured.append((NotPred(Missing(gave_up)), waited))
            abandoned = NotPred(Missing(gave_up))
            if is_share(standard):
                abandon_rules = _abandon_rules(abandoned, waited, base.limits, standard.abandons)
            else:
                abandon_rules = [Rule(abandoned, "excluded", "an abandon has no value to average")]
        if is_share(standard):  # a statistic takes finished values only
            measured.append((Always(), waited_so_far))
        rules = [
            *base.out_of_scope(),
            *base.untrusted(*bad),
            Rule(And((answered, WithinLimits(taken, base.limits))), "met", "answered within the target"),
            Rule(answered, "missed", "answered, not within the target"),
            *abandon_rules,
        ]
        if base.final:  # a closed, historical extract: an interaction without an end is a data problem
            rules.append(Rule(Always(), "invalid", f"{NO_END}: no {end.column} in a final extract"))
        elif not is_share(standard):
            rules.append(Rule(Always(), "pending", "still open: a statistic takes finished values only"))
        else:
            rules += [
                Rule(NoAsOf(), "pending", "still open, and no as_of to judge it"),
                Rule(Exceeds(waited_so_far, base.limits), "missed", "still open and already over the target at as_of"),
                Rule(Always(), "pending", "still open, within the target at as_of"),
            ]
        return tuple(measured), rules, True

    def deadline_from(self, measure: DurationMeasure) -> str | None:
        return measure.from_

    def as_of_columns(self, standard: AnyStandard, measure: DurationMeasure) -> tuple[str, ...]:
        return tuple(c for c in (measure.from_, measure.to, measure.abandoned) if c)

    # -- words ---------------------------------------------------------------------------

    def condition(
        self, measure: DurationMeasure, say: Say, low: Limit | None, high: Limit | None, targets: bool
    ) -> str:
        lang, start, end = say.lang, say.words.event(measure.from_), say.words.event(measure.to)
        say.terms.add("service_level")
        if targets:
            return lang.text("go from {start} to {end} within their target", start=start, end=end)
        if low is not None and high is not None:
            return lang.text(
                "take between {low} and {high} from {start} to {end}",
                low=say.limit(low),
                high=say.limit(high),
                start=start,
                end=end,
            )
        if low is not None:
            return lang.text("take at least {limit} from {start} to {end}", limit=say.limit(low), start=start, end=end)
        if high is not None:
            return lang.text("go from {start} to {end} within {limit}", start=start, end=end, limit=say.limit(high))
        return lang.text("meet the condition")

    def statistic(self, measure: DurationMeasure, say: Say, name: str, nth: str | None) -> str:
        lang, start, end = say.lang, say.words.event(measure.from_), say.words.event(measure.to)
        if nth is not None:
            return lang.text("the {nth} percentile of the time from {start} to {end}", nth=nth, start=start, end=end)
        return {
            "mean": lang.text("the average time from {start} to {end}", start=start, end=end),
            "median": lang.text("the median time from {start} to {end}", start=start, end=end),
            "min": lang.text("the shortest time from {start} to {end}", start=start, end=end),
            "max": lang.text("the longest time from {start} to {end}", start=start, end=end),
        }[name]

    def notes(self, measure: DurationMeasure, say: Say) -> list[str]:
        pause = measure.pause
        out: list[str] = []
        if pause is None:
            pass
        elif isinstance(pause, PauseStatuses) or pause == "status":
            names = pause.statuses if isinstance(pause, PauseStatuses) else say.paused_statuses
            # TRANSLATORS: {statuses} is a list of the helpdesk's own status names, such as "pending and on-hold"
            statuses = say.lang.join([f"“{status}”" for status in names])
            out.append(say.text("Time in the status {statuses} is not counted.", statuses=statuses))
        elif isinstance(pause, str):
            out.append(say.text("The time recorded in {column} is not counted.", column=say.words.column(pause)))
        else:
            out.append(
                say.text(
                    "The time from {start} to {end} is not counted.",
                    start=say.words.event(pause.from_),
                    end=say.words.event(pause.to),
                )
            )
        if measure.calendar is None:
            out.append(say.text("Time counts round the clock, weekends and holidays included."))
        return out

    def share_ending(self, measure: DurationMeasure, say: Say, standard: ShareStandard) -> Iterator[str]:
        high = standard.within if standard.within is not None else standard.at_most
        single = high if isinstance(high, Duration) and not standard.targets else None
        if measure.abandoned is not None:
            say.terms.add("abandon")
            count_as = standard.abandons.count_as if standard.abandons else "missed"
            if high is None and not standard.targets and count_as in ("met_if_within", "excluded_if_within"):
                # no upper limit to be within: every abandon is scored missed
                yield say.text("Every abandon counts as missed: the standard sets no time limit to be within.")
            else:
                yield from _count_as(say, count_as, single)
            ignore = standard.abandons.ignore_shorter_than if standard.abandons else None
            if ignore is not None:
                yield say.text("Abandons shorter than {limit} are not counted at all.", limit=say.limit(ignore))
        if say.final:
            yield _final(say)
            return
        say.terms.add("pending")
        if high is not None or standard.targets:
            late = (
                N_("Items still open after the target time count as missed; until then they are pending.")
                if say.neutral
                else N_("Interactions still open after the target time count as missed; until then they are pending.")
            )
            yield say.text(late)
        else:
            still = N_("Items still open are pending.") if say.neutral else N_("Interactions still open are pending.")
            yield say.text(still)

    def statistic_ending(self, measure: DurationMeasure, say: Say) -> Iterator[str]:
        if measure.abandoned is not None:
            say.terms.add("abandon")
            yield say.text("Abandons are left out of the calculation.")
        if say.final:
            yield _final(say)
        else:
            left_out = (
                N_("Items still open are left out until they finish.")
                if say.neutral
                else N_("Interactions still open are left out until they finish.")
            )
            yield say.text(left_out)

    # -- the report ------------------------------------------------------------------------

    def invalid_when(self, standard: AnyStandard, measure: DurationMeasure) -> list[Cause]:
        causes: list[Cause] = [Blank(measure.from_, "timestamp"), Before(measure.to, measure.from_)]
        if measure.abandoned:
            causes.append(Before(measure.abandoned, measure.from_))
        return causes

    def no_end(self, measure: DurationMeasure) -> NoEnd:
        return NoEnd(measure.to, measure.abandoned)


DURATION = DurationKind()


def _final(say: Say) -> str:
    """The sentence on open interactions for a final extract, where they are a data error."""
    if say.neutral:
        return say.text(
            N_("The data is a closed extract: an item that never ended is a data error and is not counted.")
        )
    return say.text(
        N_("The data is a closed extract: an interaction that never ended is a data error and is not counted.")
    )


def _less_pauses(elapsed: Elapsed, measure: DurationMeasure, names: Names, start: Stamp, end: Stamp) -> Expr:
    pause = measure.pause
    if pause is None:
        return elapsed
    if isinstance(pause, str):
        if pause == "status":
            return Subtract(elapsed, PausedStatus(start, end, elapsed.calendar))
        return Subtract(elapsed, PausedColumn(names(pause)))
    if isinstance(pause, PauseStatuses):
        return Subtract(elapsed, PausedStatus(start, end, elapsed.calendar, pause.statuses))
    span = PausedSpan(Stamp(names(pause.from_)), Stamp(names(pause.to)), start, end, elapsed.calendar)
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


def _count_as(say: Say, count_as: str, single: Duration | None) -> Iterator[str]:
    if count_as == "missed":
        yield say.text("Every abandon counts as missed.")
    elif count_as == "excluded":
        yield say.text("Abandons are left out of the count.")
    elif count_as == "met_if_within" and single is not None:
        yield say.text("An abandon within {limit} counts as met, a later one as missed.", limit=say.limit(single))
    elif count_as == "met_if_within":
        yield say.text("An abandon within its target time counts as met, a later one as missed.")
    elif single is not None:
        yield say.text(
            "An abandon within {limit} is left out of the count, a later one counts as missed.",
            limit=say.limit(single),
        )
    else:
        yield say.text("An abandon within its target time is left out of the count, a later one counts as missed.")
