"""The sentences of the handbook: one paragraph per standard, and the glossary terms it uses."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ..errors import InvalidArgumentError
from ..format.data import WEEKDAYS
from ..format.hours import MINUTES_PER_DAY
from ..format.parts import INTERVAL_MINUTES, PERCENTILE_KEY, Calendar, StatTest, Target, is_share
from ..format.row_calendars import CalendarByColumn
from ..format.units import Duration, Percent
from ..kinds import AnyMeasure, FlagMeasure, Kind, kind_of
from ._i18n import N_, Forms, Language, available_languages, language
from ._words import Words

if TYPE_CHECKING:  # the standards describe themselves through this module; it names them only as types
    from ..format.model import ShareStandard, StandardSet, StatisticStandard

__all__ = ["GLOSSARY_TERMS", "Description", "HandbookFormat", "available_languages", "describe", "description"]

HandbookFormat = Literal["markdown", "html", "text"]
AnyStandard: TypeAlias = "ShareStandard | StatisticStandard"
Limit = Duration | int | float

#: The glossary's terms, in the order the glossary lists them.
GLOSSARY_TERMS = (
    "service_level",
    "abandon",
    "open_hours",
    "pending",
    "warning",
    "insufficient",
    "csat",
    "nps",
    "median",
    "percentile",
)


class Description:
    """The sentences that describe one standard, and the glossary terms they use."""

    def __init__(self, sentences: list[str], terms: set[str], foreign: dict[str, str] | None = None) -> None:
        self.sentences = sentences
        self.terms = terms
        #: Names in the sentences written in another language, and that language: {"Scotland": "en"}.
        self.foreign = foreign or {}

    def __str__(self) -> str:
        return " ".join(self.sentences)


def describe(standard: AnyStandard, standard_set: StandardSet | None = None, lang: str = "en") -> str:
    """A standard in a few plain sentences, in a language of :func:`available_languages`.

    ``standard_set`` is the set the standard belongs to; it is needed for a
    named measure or calendar and for the file's ``labels``.
    """
    return str(description(standard, standard_set, lang))


def description(standard: AnyStandard, standard_set: StandardSet | None = None, lang: str = "en") -> Description:
    """Like :func:`describe`, as a :class:`Description` (sentences and glossary terms)."""
    return _Describer(standard, standard_set, language(lang)).run()


def _normal_day(calendar: Calendar) -> tuple[tuple[int, int], ...]:
    """The hours of a normal working day, which extra open dates are worked with.

    The schedule most open weekdays share, ties to the earliest weekday (as the
    business calendar reckons it), in minutes after midnight.
    """
    by_day: dict[int, list[tuple[int, int]]] = {}
    for start, end, _ in calendar.intervals:
        day = start // MINUTES_PER_DAY
        by_day.setdefault(day, []).append((start - day * MINUTES_PER_DAY, end - day * MINUTES_PER_DAY))
    schedules = [tuple(sorted(by_day[day])) for day in sorted(by_day)]
    return max(schedules, key=schedules.count) if schedules else ()


def _sentence(text: str) -> str:
    """Capitalise a sentence that starts with a lower-case letter; one full stop at its end.

    A date may end in a full stop of its own ("24. prosinca 2026.").
    """
    if text.endswith(".."):
        text = text[:-1]
    return text[:1].upper() + text[1:] if text[:1].islower() else text


class _Describer:
    def __init__(self, standard: AnyStandard, standard_set: StandardSet | None, lang: Language) -> None:
        self.standard = standard
        self.set = standard_set
        self.lang = lang
        self.words = Words(standard_set, lang)
        self.terms: set[str] = set()
        self.foreign: dict[str, str] = {}
        self.final = standard_set.data.final if standard_set is not None else False
        events = standard_set.events if standard_set is not None else None
        self.paused_statuses: tuple[str, ...] = events.paused_statuses if events is not None else ()
        self.measure = self._resolve_measure()
        self.kind: Kind[Any] = kind_of(self.measure)
        read = tuple(
            c
            for a in ("from_", "to", "flag", "column", "present")
            if isinstance(c := getattr(self.measure, a, None), str)
        )
        contacts = self.words.about_contacts(standard.where, read) or hasattr(self.measure, "repeat_contact")
        self.neutral = not contacts
        calendar = self.kind.calendar(self.measure)
        self.words.measure_calendar = calendar  # what a where's during: measure names
        self.calendar: tuple[str, Calendar] | None = None
        self.row_calendar: CalendarByColumn | None = None
        if isinstance(calendar, CalendarByColumn):
            if standard_set is None:
                raise InvalidArgumentError(
                    f"standard '{standard.id}' counts time on a calendar per row: "
                    f"describe it through its set, e.g. standard_set.describe('{standard.id}')"
                )
            self.row_calendar = calendar
        elif calendar is not None:
            if standard_set is None or calendar not in standard_set.calendars:
                raise InvalidArgumentError(
                    f"standard '{standard.id}' counts time on the calendar '{calendar}': "
                    f"describe it through its set, e.g. standard_set.describe('{standard.id}')"
                )
            self.calendar = (calendar, standard_set.calendars[calendar])

    def _resolve_measure(self) -> AnyMeasure:
        measure = self.standard.measure
        if not isinstance(measure, str):
            return measure
        if self.set is None or measure not in self.set.measures:
            raise InvalidArgumentError(
                f"standard '{self.standard.id}' uses the named measure '{measure}': "
                f"describe it through its set, e.g. standard_set.describe('{self.standard.id}')"
            )
        return self.set.measures[measure]

    # -- helpers ------------------------------------------------------------
    def text(self, message: str, /, **values: Any) -> str:
        return _sentence(self.lang.text(message, **values))

    def limit(self, value: Limit) -> Forms | str:
        """A threshold in words: a duration (on a business calendar: in hours at most) or a number."""
        if isinstance(value, Duration):
            return self.lang.duration(value, hours_only=self.calendar is not None)
        return self.lang.number(value)

    def percent(self, value: Percent) -> str:
        return self.lang.percent(value)

    def _scope(self, every: bool = True) -> str:
        scope = self.words.scope(self.standard.where, self.neutral, every)
        if getattr(self.standard, "unit", "interaction") == "reply":
            return self.lang.ptext("the interactions, counted per reply cycle", "reply cycles in {scope}", scope=scope)
        return scope

    # -- the whole description -------------------------------------------------
    def run(self) -> Description:
        if is_share(self.standard):
            sentences = list(self._share(self.standard))
        else:
            sentences = list(self._statistic(self.standard))
        sentences += self._judging()
        return Description(sentences, self.terms, self.foreign)

    # -- share standards -----------------------------------------------------------
    def _share(self, standard: ShareStandard) -> Iterator[str]:
        scope = self._scope()
        condition = self._condition(standard)
        floor, ceiling = standard.floor_tiers, standard.ceiling_tiers
        if floor is not None and ceiling is not None:
            yield self.text(
                "Between {floor} and {ceiling} of {scope} {condition}.",
                floor=self.percent(floor.fail),
                ceiling=self.percent(ceiling.fail),
                scope=scope,
                condition=condition,
            )
        elif floor is not None and floor.fail.fraction == 1:
            # TRANSLATORS: a 100% floor. Languages with cases can keep {scope} in the nominative:
            # "{scope}: {condition} in every case; a single miss fails the standard."
            yield self.text(
                "All {scope} {condition}: a single miss fails the standard.",
                scope=self._scope(every=False),
                condition=condition,
            )
        elif floor is not None:
            # TRANSLATORS: {condition} is one of the clauses "go from {start} to {end} within {limit}", "have
            # {column} of ...", "are abandoned"... Languages with cases can keep {scope} in the nominative with
            # "{scope}: {condition} in at least {floor} of cases." Durations offer {limit.gen} and {limit.acc}.
            yield self.text(
                "At least {floor} of {scope} {condition}.",
                floor=self.percent(floor.fail),
                scope=scope,
                condition=condition,
            )
        elif ceiling is not None and ceiling.fail.fraction == 0 and isinstance(self.measure, FlagMeasure):
            # TRANSLATORS: a 0% ceiling on a flag: "No phone calls may be abandoned." {condition} is one of the
            # messages of context "flag, as what no interaction may be", which say the "never" themselves, so
            # languages with cases can write "{scope}: {condition}."
            yield self.text(
                "No {scope} {condition}.",
                scope=self._scope(every=False),
                condition=self.words.never(self.measure.flag),
            )
        elif ceiling is not None and ceiling.fail.fraction == 0:
            # TRANSLATORS: a 0% ceiling: not a single one may meet {condition}. Languages with cases can keep
            # {scope} in the nominative: "{scope}: a single case in which {condition} fails the standard."
            yield self.text(
                "No {scope} {condition}: a single one fails the standard.",
                scope=self._scope(every=False),
                condition=condition,
            )
        elif ceiling is not None:
            yield self.text(
                "At most {ceiling} of {scope} {condition}.",
                ceiling=self.percent(ceiling.fail),
                scope=scope,
                condition=condition,
            )
        if standard.targets:
            yield from self._targets(standard.targets)
        yield from self._measure_notes()
        if floor is not None and floor.warn is not None:
            self.terms.add("warning")
            yield self.text("Below {warn} is a warning.", warn=self.percent(floor.warn))
        if ceiling is not None and ceiling.warn is not None:
            self.terms.add("warning")
            yield self.text("Above {warn} is a warning.", warn=self.percent(ceiling.warn))
        if standard.alert_at:
            # TRANSLATORS: {shares} is a list such as "50% and 75%"
            flagged = (
                N_("An open item is flagged when it has used {shares} of its time.")
                if self.neutral
                else N_("An open interaction is flagged when it has used {shares} of its time.")
            )
            yield self.text(
                flagged,
                shares=self.lang.join([self.percent(share) for share in standard.alert_at]),
            )
        yield from self.kind.share_ending(self.measure, self, standard)

    def _condition(self, standard: ShareStandard) -> str:
        high = standard.within if standard.within is not None else standard.at_most
        return self.kind.condition(self.measure, self, standard.at_least, high, bool(standard.targets))

    def _targets(self, targets: tuple[Target, ...]) -> Iterator[str]:
        items = []
        for target in targets:
            limit = self._target_limit(target)
            if target.where is None:
                items.append(self.lang.text("{limit} for all others", limit=limit))
            else:
                conditions = self.words.conditions(target.where.columns, target.where.any_)
                items.append(self.lang.text("{limit} for those {conditions}", limit=limit, conditions=conditions))
        yield self.text("Targets: {targets}.", targets=self.lang.join(items))
        if targets[-1].where is not None:
            yield self.text("Those no target applies to are not counted.")

    def _target_limit(self, target: Target) -> Forms | str:
        low = target.at_least
        high = target.within if target.within is not None else target.at_most
        if low is not None and high is not None:
            return self.lang.text("between {low} and {high}", low=self.limit(low), high=self.limit(high))
        if low is not None:
            return self.lang.text("at least {limit}", limit=self.limit(low))
        if self.kind.threshold == "duration" and target.within is not None:
            return self.limit(target.within)
        assert high is not None  # the checks require a condition in every target
        return self.lang.text("at most {limit}", limit=self.limit(high))

    # -- statistic standards ---------------------------------------------------------
    def _statistic(self, standard: StatisticStandard) -> Iterator[str]:
        scope = self._scope()
        statistics = standard.statistics()
        for name, test in statistics:
            yield from self._one_statistic(scope, name, test)
        yield from self._measure_notes()
        for _, test in statistics:
            if test.warn is not None:
                self.terms.add("warning")
                message = (
                    N_("Above {warn} is a warning.") if test.at_most is not None else N_("Below {warn} is a warning.")
                )
                yield self.text(message, warn=self.limit(test.warn))
        yield from self.kind.statistic_ending(self.measure, self)

    def _one_statistic(self, scope: str, name: str, test: StatTest) -> Iterator[str]:
        lang = self.lang
        what = self._statistic_phrase(name)
        if test.at_most is not None:
            yield self.text(
                "For {scope}, {statistic} is at most {limit}.",
                scope=scope,
                statistic=what,
                limit=self.limit(test.at_most),
            )
        elif test.at_least is not None:
            yield self.text(
                "For {scope}, {statistic} is at least {limit}.",
                scope=scope,
                statistic=what,
                limit=self.limit(test.at_least),
            )
        match = PERCENTILE_KEY.fullmatch(name)
        if match and test.at_most is not None:
            share = Percent(Fraction(match.group(1)) / 100)
            if self.kind.threshold == "duration":
                yield self.text(
                    "That is, {share} of them take {limit} or less.",
                    share=lang.percent(share),
                    limit=self.limit(test.at_most),
                )
            else:
                yield self.text(
                    "That is, {share} of them have {limit} or less.",
                    share=lang.percent(share),
                    limit=self.limit(test.at_most),
                )

    def _statistic_phrase(self, name: str) -> str:
        match = PERCENTILE_KEY.fullmatch(name)
        if match:
            self.terms.add("percentile")
        if name == "median":
            self.terms.add("median")
        return self.kind.statistic(self.measure, self, name, self._ordinal(match.group(1)) if match else None)

    def column_statistic(self, column: str, name: str, nth: str | None) -> str:
        """A statistic of a column in words: "the average CSAT", "the 90th percentile of CSAT"."""
        lang = self.lang
        self.mark_column(column)
        label = self.words.column(column)
        if nth is not None:
            return lang.text("the {nth} percentile of {column}", nth=nth, column=label)
        if name == "nps":
            self.terms.add("nps")
            return lang.text("the NPS of {column}", column=label)
        messages = {
            "mean": N_("the average {column}"),
            "median": N_("the median {column}"),
            "min": N_("the lowest {column}"),
            "max": N_("the highest {column}"),
        }
        return lang.text(messages[name], column=label)

    def _ordinal(self, number: str) -> str:
        value = Fraction(number)
        shown = self.lang.number(value)
        if self.lang.code != "en":
            return self.lang.ptext("ordinal number: the 90th percentile", "{n}th", n=shown)
        if value.denominator == 1 and value % 100 not in (11, 12, 13):
            return shown + {1: "st", 2: "nd", 3: "rd"}.get(int(value) % 10, "th")
        return shown + "th"

    def mark_column(self, column: str) -> None:
        """Note a column the description names (a CSAT column brings the glossary's term)."""
        if column == "csat":
            self.terms.add("csat")

    # -- what every standard may have -------------------------------------------------
    def _measure_notes(self) -> list[str]:
        """How the measure counts: reply cycles, paused time, the calendar."""
        out = []
        if getattr(self.standard, "unit", "interaction") == "reply":
            out.append(
                self.text(
                    "Each reply cycle counts on its own: it is timed from the oldest customer message not yet "
                    "replied to (several messages in a row form one cycle) to the reply."
                )
            )
        out += self.kind.notes(self.measure, self)
        if self.calendar is not None:
            out += self._calendar(*self.calendar)
        if self.row_calendar is not None:
            out += self._row_calendar(self.row_calendar)
        return out

    def _row_calendar(self, chosen: CalendarByColumn) -> list[str]:
        """A calendar per row: which value takes which calendar, then each calendar's open hours."""
        assert self.set is not None
        pairs = self.lang.join(
            [
                f"{self.words.value(chosen.by, value)}: {self.words.calendar(name)}"
                for value, name in chosen.map_.items()
            ]
        )
        out = [
            self.text(
                "Each item's calendar is chosen by {column}: {pairs}.", column=self.words.column(chosen.by), pairs=pairs
            )
        ]
        if chosen.default is not None:
            out.append(self.text("Other values take {calendar}.", calendar=self.words.calendar(chosen.default)))
        else:
            out.append(self.text("An item whose value is not listed is a data error and is not counted."))
        for name in dict.fromkeys([*chosen.map_.values(), *([chosen.default] if chosen.default else [])]):
            out += self._calendar(name, self.set.calendars[name])
        return out

    def _judging(self) -> list[str]:
        """How results are judged: per period, per group, from a minimum volume."""
        standard, out = self.standard, []
        timezone = self.lang.timezone(self.set.timezone if self.set is not None else "UTC")
        if standard.periods_in == "row":  # each item's period on its own calendar's clock
            timezone = self.lang.ptext(
                "the time zone of each item's calendar, after 'in ... time'", "each item's calendar's"
            )
        if standard.period is not None:
            messages = {
                "day": N_("Each day is judged on its own, in {timezone} time."),
                "week": N_("Each week, Monday to Sunday, is judged on its own, in {timezone} time."),
                "month": N_("Each calendar month is judged on its own, in {timezone} time."),
                "quarter": N_("Each calendar quarter is judged on its own, in {timezone} time."),
                "year": N_("Each calendar year is judged on its own, in {timezone} time."),
            }
            week_starts = self.set.week_starts if self.set is not None else "monday"
            if standard.period == "week" and week_starts != "monday":
                first = WEEKDAYS.index(week_starts)
                days = {"first": self.lang.day_name(first), "last": self.lang.day_name((first + 6) % 7)}
                out.append(
                    self.text(
                        N_("Each week, {first} to {last}, is judged on its own, in {timezone} time."),
                        timezone=timezone,
                        **days,
                    )
                )
            elif standard.period in INTERVAL_MINUTES:
                minutes = INTERVAL_MINUTES[standard.period]
                message = N_("Each {minutes}-minute interval of the day is judged on its own, in {timezone} time.")
                out.append(self.text(message, minutes=minutes, timezone=timezone))
            else:
                out.append(self.text(messages[standard.period], timezone=timezone))
            time = standard.time or self.kind.time_column(self.measure) or (self.set.time if self.set else None)
            if time is not None:
                belongs = (
                    N_("An item belongs to the period of its {event} time; one without it is not counted.")
                    if self.neutral
                    else N_("An interaction belongs to the period of its {event} time; one without it is not counted.")
                )
                out.append(
                    self.text(
                        belongs,
                        event=self.words.event(time),
                    )
                )
        if standard.by:
            each = [self.words.each(c) for c in standard.by]
            if all(each):
                out.append(self.text("Judged separately for {each}.", each=self.lang.join(e for e in each if e)))
            else:
                # TRANSLATORS: groups by columns that have no phrase of their own; {columns} are nominatives
                # (labels, or names as written), which fit after "by:" in a breakdown: "w podziale na: region".
                columns = self.lang.join([self.words.column(c) for c in standard.by])
                out.append(self.text("Judged separately by {columns}.", columns=columns))
        if standard.min_volume:
            self.terms.add("insufficient")
            if self.neutral:
                sentence = self.lang.ntext(
                    "With fewer than {n} decided item, the result is “insufficient” instead of pass or fail.",
                    "With fewer than {n} decided items, the result is “insufficient” instead of pass or fail.",
                    standard.min_volume,
                    n=self.lang.number(standard.min_volume),
                )
            else:
                sentence = self.lang.ntext(
                    "With fewer than {n} decided interaction, the result is “insufficient” instead of pass or fail.",
                    "With fewer than {n} decided interactions, the result is “insufficient” instead of pass or fail.",
                    standard.min_volume,
                    n=self.lang.number(standard.min_volume),
                )
            out.append(_sentence(sentence))
        return out

    # -- calendars -------------------------------------------------------------------
    def _calendar(self, name: str, calendar: Calendar) -> list[str]:
        self.terms.add("open_hours")
        timezone = calendar.timezone or (self.set.timezone if self.set is not None else "UTC")
        out = [
            self.text(
                "Time counts only in the open hours of {calendar}: {hours}, {timezone} time.",
                calendar=self.words.calendar(name),
                hours=self._hours(calendar),
                timezone=self.lang.timezone(timezone),
            )
        ]
        holidays = calendar.holidays
        if holidays is not None and holidays.country:
            country = self.lang.country_after_in(holidays.country)
            if holidays.subdivision:
                subdivision, written_in = self.lang.subdivision(holidays.country, holidays.subdivision)
                if written_in is not None:
                    self.foreign[subdivision] = written_in
                out.append(
                    self.text(
                        "Closed on public holidays in {country} ({subdivision}).",
                        country=country,
                        subdivision=subdivision,
                    )
                )
            else:
                out.append(self.text("Closed on public holidays in {country}.", country=country))
        else:
            out.append(self.text("Public holidays are working days."))
        if holidays is not None and holidays.dates:
            dates = self.lang.join([self.lang.date(d) for d in sorted(holidays.dates)])
            out.append(self.text("Also closed on {dates}.", dates=dates))
        if calendar.open:
            dates = self.lang.join([self.lang.date(d) for d in sorted(calendar.open)])
            hours = self.lang.join([self._interval(interval) for interval in _normal_day(calendar)])
            out.append(self.text("Also open on {dates}, {hours}.", dates=dates, hours=hours))
        return out

    def _hours(self, calendar: Calendar) -> str:
        """Open hours by day, days with the same hours together: "Monday to Friday 08:00–16:00"."""
        by_day: dict[int, list[tuple[int, int]]] = {}
        for start, end, _ in calendar.intervals:
            day = start // MINUTES_PER_DAY
            by_day.setdefault(day, []).append((start - day * MINUTES_PER_DAY, end - day * MINUTES_PER_DAY))
        groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
        for day in sorted(by_day):
            groups.setdefault(tuple(sorted(by_day[day])), []).append(day)
        parts = [
            self.lang.ptext(
                "open hours of some days: Monday to Friday 08:00–16:00",
                "{days} {hours}",
                days=self._days(days),
                hours=self.lang.join([self._interval(i) for i in intervals]),
            )
            for intervals, days in sorted(groups.items(), key=lambda item: item[1][0])
        ]
        text = parts[0] if parts else ""
        for part in parts[1:]:
            text = self.lang.ptext(
                "joins the open hours of different days", "{first}; {second}", first=text, second=part
            )
        return text

    def _days(self, days: list[int]) -> str:
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        names = []
        for run in runs:
            if len(run) >= 3:
                names.append(
                    self.lang.ptext(
                        "a range of days: Monday to Friday",
                        "{first} to {last}",
                        first=self.lang.day_name(run[0]),
                        last=self.lang.day_name(run[-1]),
                    )
                )
            else:
                names.extend(self.lang.day_name(d) for d in run)
        return self.lang.join(names)

    def _interval(self, interval: tuple[int, int]) -> str:
        start, end = interval
        if start == 0 and end == 1440:
            return self.lang.ptext("open hours", "all day")
        return f"{start // 60:02d}:{start % 60:02d}–{end // 60 % 24 if end != 1440 else 24:02d}:{end % 60:02d}"
