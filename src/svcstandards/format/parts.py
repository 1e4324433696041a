"""The plain parts of a standards file: values, the where clause, limits and tiers, targets, calendars, event logs."""

from __future__ import annotations

import datetime as _dt
import re
import typing
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeIs

from .hours import HoursError, parse_days, parse_interval, weekly_intervals
from .units import DURATION_PATTERN, Duration, Percent

if TYPE_CHECKING:  # the standards are built from these parts; they are named here only as types
    from .model import ShareStandard, StatisticStandard

Period = Literal["5min", "10min", "15min", "20min", "30min", "1h", "day", "week", "month", "quarter", "year"]
#: The periods a standard can be cut into, in the order of the format.
PERIODS: tuple[str, ...] = typing.get_args(Period)
#: The periods shorter than a day (intervals), by their length in minutes: each divides an hour.
INTERVAL_MINUTES: dict[str, int] = {"5min": 5, "10min": 10, "15min": 15, "20min": 20, "30min": 30, "1h": 60}
CountAs = Literal["missed", "excluded", "met_if_within", "excluded_if_within"]
STATISTICS = ("mean", "median", "min", "max", "nps")
#: NPS bands on the 0-10 scale: promoters answer 9 or 10, detractors 0 to 6.
NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6
PERCENTILE_KEY = re.compile(r"p(\d+(?:\.\d+)?)")
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_STANDARD_PATH = re.compile(r"standards\[(\d+)\]")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _by_shape(dict_tag: str, other_tag: str) -> Callable[[Any], str]:
    """A discriminator choosing a union member by whether the input is a mapping."""

    def choose(value: Any) -> str:
        return dict_tag if isinstance(value, dict | BaseModel) else other_tag

    return choose


# -- plain values ------------------------------------------------------------


def _check_threshold(value: Any) -> Duration | int | float:
    if isinstance(value, bool) or value is None:
        raise PydanticCustomError(
            "threshold_type",
            "{message}",
            {
                "message": f"expected a number or a duration, got {value!r}",
                "hint": "write 4, 0.5 or 30s",
            },
        )
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise PydanticCustomError(
                "threshold_type",
                "{message}",
                {
                    "message": f"{value} is not a usable limit",
                    "hint": "write a finite number such as 4 or 60",
                },
            )
        return value
    return Duration._validate(value)


Threshold = Annotated[
    Duration | int | float,
    PlainValidator(_check_threshold),
    PlainSerializer(lambda v: str(v) if isinstance(v, Duration) else v),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": DURATION_PATTERN}],
            "description": "A number (scores, counts) or a duration (30s, 2m).",
        }
    ),
]


def _check_scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str | _dt.date):
        return value
    raise PydanticCustomError(
        "scalar_type",
        "{message}",
        {
            "message": f"expected a single value (text, number, true/false or date), got {type(value).__name__}",
            "hint": "a list means 'one of'; a mapping takes not, gt, ge, lt, le, present, during",
        },
    )


Scalar = Annotated[
    bool | int | float | str | _dt.datetime | _dt.date,  # datetime first: it is a date too, serialised apart
    PlainValidator(_check_scalar),
    WithJsonSchema({"type": ["string", "number", "boolean"]}),
]


# -- where -------------------------------------------------------------------


class CalendarByColumn(_Model):
    """The calendar of each row, chosen by the value of a column (see :mod:`.row_calendars`)."""

    by: str
    map_: dict[str | int, str] = Field(alias="map")
    default: str | None = None


class Match(_Model):
    """Operators of a ``where`` matcher; all given ones must hold."""

    not_: Scalar | tuple[Scalar, ...] | None = Field(None, alias="not")
    gt: Scalar | None = None
    ge: Scalar | None = None
    lt: Scalar | None = None
    le: Scalar | None = None
    present: bool | None = None
    #: a calendar's name; ``measure``: the measure's calendar (one, or each row's); or a calendar per row
    during: str | CalendarByColumn | None = None


def _matcher_kind(value: Any) -> str:
    if isinstance(value, dict | Match):
        return "<ops>"
    if isinstance(value, list | tuple):
        return "<one-of>"
    return "<equals>"


Matcher = Annotated[
    Annotated[Match, Tag("<ops>")]
    | Annotated[tuple[Scalar, ...], Tag("<one-of>")]
    | Annotated[Scalar, Tag("<equals>")],
    Discriminator(_matcher_kind),
]


class Where(BaseModel):
    """Column -> matcher, all must hold; ``any: [where, ...]`` is an OR.

    A scalar matches equal values, a list any of its values, a mapping the
    operators of :class:`Match`. ``any`` is reserved: it cannot name a column.
    """

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
    any_: tuple[Where, ...] | None = Field(None, alias="any")
    __pydantic_extra__: dict[str, Matcher] = Field(init=False)

    @property
    def columns(self) -> dict[str, Any]:
        """The column matchers (everything but ``any``)."""
        return dict(self.__pydantic_extra__ or {})


# -- share standards ---------------------------------------------------------


class Tiers(_Model):
    """A floor or ceiling with an optional warning level."""

    fail: Percent
    warn: Percent | None = None


Limit = Annotated[
    Annotated[Tiers, Tag("<tiers>")] | Annotated[Percent, Tag("<percent>")],
    Discriminator(_by_shape("<tiers>", "<percent>")),
]


def tiers(limit: Tiers | Percent | None) -> Tiers | None:
    """A floor or ceiling as :class:`Tiers`, whichever way it was written."""
    if limit is None or isinstance(limit, Tiers):
        return limit
    return Tiers(fail=limit)


IntervalPeriod = Literal["5min", "10min", "15min", "20min", "30min", "1h"]


class IntervalBudget(_Model):
    """``intervals:`` of a share standard: each interval's own share against ``floor``, then the share of intervals met.

    An interval with fewer than ``min_volume`` decided interactions is excluded (and counted as such).
    """

    every: IntervalPeriod
    floor: Percent
    min_volume: Annotated[int, Field(ge=1)] = 1


class Abandons(_Model):
    """Which service-level convention applies to abandoned interactions."""

    count_as: CountAs = "missed"
    ignore_shorter_than: Duration | None = None


class Target(_Model):
    """One entry of ``targets``: the first whose ``where`` matches applies."""

    where: Where | None = None
    within: Duration | None = None
    at_most: Threshold | None = None
    at_least: Threshold | None = None


def _as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


class StatTest(_Model):
    """``{at_most | at_least, warn}`` on a statistic."""

    at_most: Threshold | None = None
    at_least: Threshold | None = None
    warn: Threshold | None = None


def _percentile_schema(schema: dict[str, Any]) -> None:
    """Show the internal ``__percentiles__`` field as the ``pNN`` keys people write."""
    field = schema.get("properties", {}).pop("__percentiles__", None)
    if field is not None:
        schema["patternProperties"] = {r"^p\d+(\.\d+)?$": field.get("additionalProperties", {})}


# -- calendars -----------------------------------------------------------------


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError) as exc:
        raise PydanticCustomError(
            "timezone",
            "{message}",
            {
                "message": f"'{value}' is not an IANA time zone",
                "hint": "write a name such as Europe/Ljubljana, America/New_York or UTC",
            },
        ) from exc
    return value


TimeZoneName = Annotated[
    str,
    PlainValidator(lambda v: _check_timezone(_require_str(v))),
    WithJsonSchema({"type": "string", "examples": ["Europe/Ljubljana", "UTC"]}),
]


def _require_str(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "{message}", {"message": f"expected text, got {value!r}", "hint": ""})
    return value


def _check_day_key(value: Any) -> str:
    text = _require_str(value)
    try:
        parse_days(text)
    except HoursError as exc:
        raise PydanticCustomError("hours_days", "{message}", {"message": exc.message, "hint": exc.hint}) from exc
    return text


def _check_interval(value: Any) -> str:
    text = _require_str(value)
    try:
        parse_interval(text)
    except HoursError as exc:
        raise PydanticCustomError("hours_interval", "{message}", {"message": exc.message, "hint": exc.hint}) from exc
    return text


DayKey = Annotated[
    str,
    PlainValidator(_check_day_key),
    WithJsonSchema({"type": "string", "examples": ["mon-fri", "sat"]}),
]
Interval = Annotated[
    str,
    PlainValidator(_check_interval),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", "examples": ["08:00-16:00"]}),
]


#: A language code of a per-language text: ``en``, ``sl``...
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
#: A text of the file, one string or one per language: ``title: {en: ..., sl: ...}``.
LocalText = Annotated[
    Annotated[str, Tag("<text>")] | Annotated[dict[LangCode, str], Field(min_length=1), Tag("<per language>")],
    Discriminator(lambda v: "<per language>" if isinstance(v, dict) else "<text>"),
]


def default_text(value: LocalText | None) -> str | None:
    """The one text a report shows: a plain string as written, else the English one, else the first given."""
    if value is None or isinstance(value, str):
        return value
    return value.get("en", next(iter(value.values())))


def local_text(value: LocalText | None, lang: str) -> tuple[str | None, str | None]:
    """A text in the reader's language: ``(text, None)``, or ``(text, its language)`` when it falls back.

    A plain string is the text in every language. A per-language text without
    ``lang`` falls back to English, else to the first language given.
    """
    if value is None or isinstance(value, str):
        return value, None
    if lang in value:
        return value[lang], None
    fallback = "en" if "en" in value else next(iter(value))
    return value[fallback], fallback


class Holidays(_Model):
    """Closed dates: public holidays of a country and extra dates."""

    country: str | None = None
    subdivision: str | None = None
    dates: tuple[_dt.date, ...] = ()


class Calendar(_Model):
    """Weekly open hours in a time zone, less holidays, plus extra open dates."""

    timezone: TimeZoneName | None = None
    hours: dict[
        DayKey,
        Annotated[
            Annotated[tuple[Interval, ...], Tag("<list>")] | Annotated[Interval, Tag("<one>")],
            Discriminator(lambda v: "<list>" if isinstance(v, list | tuple) else "<one>"),
        ],
    ]
    holidays: Holidays | None = None
    open: tuple[_dt.date, ...] = ()

    _intervals: tuple[tuple[int, int, str], ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _parse_hours(self) -> Calendar:
        self._intervals = tuple(weekly_intervals(self.hours))
        return self

    @property
    def intervals(self) -> tuple[tuple[int, int, str], ...]:
        """Every open interval of the week as ``(start, end, day key)``, in minutes after Monday 00:00.

        Parsed once, when the calendar is loaded. An end may pass the end of
        the week (a Sunday night shift).

        >>> Calendar.model_validate({"hours": {"mon-tue": "08:00-16:00"}}).intervals
        ((480, 960, 'mon-tue'), (1920, 2400, 'mon-tue'))
        """
        return self._intervals


class CreatedColumn(_Model):
    """``created: {column: opened_at}``: the creation time is a column of the log, not an event."""

    column: str


Duplicates = Literal["all_columns", "same_event", "keep"]
AttributeMoment = Literal["latest", "first", "at_creation"]


class EventLog(_Model):
    """How to read an event log: one row per event, grouped into interactions.

    ``created`` is the event type that opens an interaction (default
    ``created``), or ``{column: opened_at}``: a column holding the creation
    time. ``statuses``, when given, lists every valid status, and an
    interaction with another status is invalid. ``times`` names columns
    holding timestamps (``{resolved: resolved_at}`` gives
    ``resolved_first_at``); ``duplicates`` says which repeated events make
    an interaction invalid; ``attributes`` which value of every other
    column an interaction takes (one choice, or one per column).
    """

    id: str
    time: str
    type: str
    status: str | None = None
    paused_statuses: tuple[str, ...] = ()
    created: Annotated[
        Annotated[CreatedColumn, Tag("<column>")] | Annotated[str, Tag("<type>")],
        Discriminator(_by_shape("<column>", "<type>")),
    ] = "created"
    statuses: tuple[str, ...] = ()
    times: dict[str, str] = Field(default_factory=dict)
    duplicates: Duplicates = "all_columns"
    attributes: Annotated[
        Annotated[dict[str, AttributeMoment], Tag("<per-column>")] | Annotated[AttributeMoment, Tag("<all>")],
        Discriminator(_by_shape("<per-column>", "<all>")),
    ] = "latest"
    types: dict[str, Annotated[tuple[str, ...], Field(min_length=1)]] = Field(default_factory=dict)
    when_set: dict[str, str] = Field(default_factory=dict)

    @property
    def created_type(self) -> str:
        """The name whose ``_first_at`` column is the creation time (``created`` for a column)."""
        return self.created if isinstance(self.created, str) else "created"

    @property
    def time_columns(self) -> dict[str, str]:
        """Every derived type taken from a column of times, the creation's included."""
        if isinstance(self.created, CreatedColumn):
            return {"created": self.created.column, **self.times}
        return dict(self.times)

    def attribute_moment(self, column: str) -> str:
        """Which value of ``column`` an interaction takes: latest, first or at_creation."""
        if isinstance(self.attributes, str):
            return self.attributes
        return self.attributes.get(column, "latest")

    def _definitions(self) -> tuple[tuple[str, list[str]], ...]:
        """Each key that defines derived types, with the names it defines."""
        return (
            ("created", ["created"] if isinstance(self.created, CreatedColumn) else []),
            ("times", list(self.times)),
            ("types", list(self.types)),
            ("when_set", list(self.when_set)),
        )

    @property
    def derived_types(self) -> dict[str, str]:
        """Every type the section defines (``times``, ``types``, ``when_set``, a creation column) -> its key."""
        keys: dict[str, str] = {}
        for key, names in self._definitions():
            for name in names:
                keys.setdefault(name, key)
        return keys

    @model_validator(mode="after")
    def _distinct_names(self) -> EventLog:
        seen: dict[str, str] = {}
        for key, names in self._definitions():
            for name in names:
                if name in seen:
                    raise PydanticCustomError(
                        "events_name",
                        "{message}",
                        {
                            "message": f"'{name}' is defined by both {seen[name]}: and {key}:",
                            "hint": "give each derived type its own name",
                        },
                    )
                seen[name] = key
        return self


def is_share(standard: ShareStandard | StatisticStandard) -> TypeIs[ShareStandard]:
    """Whether a standard is a share standard, else a statistic standard.

    Told by its ``kind``, so that the modules the standards call (checks, handbook) need not import them.
    """
    return standard.kind == "share"
