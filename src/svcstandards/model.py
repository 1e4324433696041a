"""The standards file as frozen pydantic models (format version 1).

No pandas and no I/O here: :mod:`svcstandards.loader` turns YAML into these
models, :mod:`svcstandards.checks` adds the checks that need the whole file
(names defined, thresholds on the right side), and the evaluator reads them.

Kinds are told apart by the keys a mapping has, as a person reading the
file would: a measure with ``from``/``to`` is a duration, with ``column`` a
value, with ``flag`` a flag; a standard with ``mean``, ``median``, ``pNN``,
``min``, ``max`` or ``nps`` is a statistic standard, any other a share
standard.
"""

from __future__ import annotations

import datetime as _dt
import re
import typing
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import Problem, UnknownStandardError
from .hours import HoursError, parse_days, parse_interval
from .units import DURATION_PATTERN, Duration, Percent

__all__ = [
    "PERIODS",
    "Abandons",
    "Calendar",
    "DurationMeasure",
    "EventLog",
    "FlagMeasure",
    "Holidays",
    "Match",
    "Measure",
    "PauseSpan",
    "Period",
    "PresenceMeasure",
    "RepeatContact",
    "RepeatContactMeasure",
    "ShareStandard",
    "Standard",
    "StandardSet",
    "StatTest",
    "StatisticStandard",
    "Target",
    "Tiers",
    "ValueMeasure",
    "Where",
]

Period = Literal["day", "week", "month", "quarter", "year"]
#: The periods a standard can be cut into, in the order of the format.
PERIODS: tuple[str, ...] = typing.get_args(Period)
CountAs = Literal["missed", "excluded", "met_if_within", "excluded_if_within"]
STATISTICS = ("mean", "median", "min", "max", "nps")
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
    bool | int | float | str | _dt.date,
    PlainValidator(_check_scalar),
    WithJsonSchema({"type": ["string", "number", "boolean"]}),
]


# -- where -------------------------------------------------------------------


class Match(_Model):
    """Operators of a ``where`` matcher; all given ones must hold."""

    not_: Scalar | tuple[Scalar, ...] | None = Field(None, alias="not")
    gt: Scalar | None = None
    ge: Scalar | None = None
    lt: Scalar | None = None
    le: Scalar | None = None
    present: bool | None = None
    during: str | None = None


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


# -- measures ----------------------------------------------------------------


class PauseSpan(_Model):
    """One pause interval held in two timestamp columns."""

    from_: str = Field(alias="from")
    to: str


class DurationMeasure(_Model):
    """``to - from`` per interaction, optionally on a calendar and less pauses."""

    from_: str = Field(alias="from")
    to: str
    calendar: str | None = None
    pause: (
        Annotated[
            Annotated[PauseSpan, Tag("<span>")] | Annotated[str, Tag("<column>")],
            Discriminator(_by_shape("<span>", "<column>")),
        ]
        | None
    ) = None
    abandoned: str | None = None


class ValueMeasure(_Model):
    """The number (or timedelta) in a column."""

    column: str


class FlagMeasure(_Model):
    """A boolean column: true means the interaction has the property."""

    flag: str


class PresenceMeasure(_Model):
    """Whether a column has a value: a survey answered, a field filled in (met when present)."""

    present: str


class RepeatContact(_Model):
    """Who the customer is, how soon a new contact counts as a repeat, and optionally on what topic."""

    customer: str
    within: Duration
    topic: str | None = None
    time: str | None = None


class RepeatContactMeasure(_Model):
    """True (met) when the same customer contacts again within ``within`` of this contact."""

    repeat_contact: RepeatContact


def _measure_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {
            DurationMeasure: "<duration>",
            ValueMeasure: "<value>",
            FlagMeasure: "<flag>",
            PresenceMeasure: "<present>",
            RepeatContactMeasure: "<repeat>",
        }.get(type(value))
    if not isinstance(value, dict):
        return None
    if "from" in value or "to" in value or "from_" in value:
        return "<duration>"
    if "column" in value:
        return "<value>"
    if "flag" in value:
        return "<flag>"
    if "present" in value:
        return "<present>"
    if "repeat_contact" in value:
        return "<repeat>"
    return None


Measure = Annotated[
    Annotated[DurationMeasure, Tag("<duration>")]
    | Annotated[ValueMeasure, Tag("<value>")]
    | Annotated[FlagMeasure, Tag("<flag>")]
    | Annotated[PresenceMeasure, Tag("<present>")]
    | Annotated[RepeatContactMeasure, Tag("<repeat>")],
    Discriminator(
        _measure_kind,
        custom_error_type="measure_kind",
        custom_error_message="a measure needs from and to (a duration), column (a value), flag, present or "
        "repeat_contact",
    ),
]

AnyMeasure = DurationMeasure | ValueMeasure | FlagMeasure | PresenceMeasure | RepeatContactMeasure
#: Measures that are their own condition: met when true / present / repeated.
SELF_CONDITION = (FlagMeasure, PresenceMeasure, RepeatContactMeasure)

MeasureRef = Annotated[
    Annotated[Measure, Tag("<inline>")] | Annotated[str, Tag("<name>")],
    Discriminator(_by_shape("<inline>", "<name>")),
]


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


class _StandardBase(_Model):
    id: str
    title: str | None = None
    description: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    by: Annotated[
        tuple[str, ...],
        BeforeValidator(_as_tuple),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
    ] = ()
    period: Period | None = None
    time: str | None = None
    min_volume: Annotated[int, Field(ge=0)] = 0
    unit: Literal["interaction", "reply"] = "interaction"
    where: Where | None = None
    measure: MeasureRef

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-standard"
            raise PydanticCustomError(
                "id_slug",
                "{message}",
                {
                    "message": f"id '{value}' is not a slug",
                    "hint": f"use lower-case letters, digits and dashes, e.g. '{fixed}'",
                },
            )
        return value

    def describe(self, lang: str = "en", standard_set: StandardSet | None = None) -> str:
        """The standard in plain words; a named measure or calendar needs its ``standard_set``."""
        from .handbook import describe  # the handbook reads these models

        assert isinstance(self, ShareStandard | StatisticStandard)
        return describe(self, standard_set, lang)


class ShareStandard(_StandardBase):
    """A condition per interaction and a floor and/or ceiling on the share met."""

    within: Duration | None = None
    at_most: Threshold | None = None
    at_least: Threshold | None = None
    targets: tuple[Target, ...] | None = None
    floor: Limit | None = None
    ceiling: Limit | None = None
    abandons: Abandons | None = None

    @property
    def floor_tiers(self) -> Tiers | None:
        return tiers(self.floor)

    @property
    def ceiling_tiers(self) -> Tiers | None:
        return tiers(self.ceiling)


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


class StatisticStandard(_StandardBase):
    """Exactly one statistic of the measured values against a threshold."""

    model_config = ConfigDict(json_schema_extra=_percentile_schema)

    mean: StatTest | None = None
    median: StatTest | None = None
    min: StatTest | None = None
    max: StatTest | None = None
    nps: StatTest | None = None
    percentiles: dict[str, StatTest] = Field(default_factory=dict, alias="__percentiles__")

    @model_validator(mode="before")
    @classmethod
    def _collect_percentiles(cls, data: Any) -> Any:
        if isinstance(data, dict):
            keys = [k for k in data if isinstance(k, str) and PERCENTILE_KEY.fullmatch(k)]
            if keys:
                data = dict(data)
                data["__percentiles__"] = {k: data.pop(k) for k in keys}
        return data

    @model_serializer(mode="wrap")
    def _flatten_percentiles(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        for key in ("__percentiles__", "percentiles"):
            out.update(out.pop(key, None) or {})
        return out

    def statistics(self) -> list[tuple[str, StatTest]]:
        """The statistics given, as ``(name, test)``: ``('p90', ...)``, ``('mean', ...)``."""
        found = [(name, getattr(self, name)) for name in STATISTICS if getattr(self, name)]
        return found + list(self.percentiles.items())


def _standard_kind(value: Any) -> str:
    if isinstance(value, StatisticStandard):
        return "<statistic>"
    if isinstance(value, dict) and any(
        isinstance(k, str) and (k in STATISTICS or PERCENTILE_KEY.fullmatch(k)) for k in value
    ):
        return "<statistic>"
    return "<share>"


Standard = Annotated[
    Annotated[ShareStandard, Tag("<share>")] | Annotated[StatisticStandard, Tag("<statistic>")],
    Discriminator(_standard_kind),
]


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


class EventLog(_Model):
    """How to read an event log: one row per event, grouped into interactions.

    ``created`` is the event type that opens an interaction (default
    ``created``); ``statuses``, when given, lists every valid status, and an
    interaction with another status is invalid.
    """

    id: str
    time: str
    type: str
    status: str | None = None
    paused_statuses: tuple[str, ...] = ()
    created: str = "created"
    statuses: tuple[str, ...] = ()


# -- the file --------------------------------------------------------------------


class StandardSet(_Model):
    """A whole standards file."""

    version: Literal[1]
    name: str | None = None
    description: str | None = None
    timezone: TimeZoneName = "UTC"
    time: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    calendars: dict[str, Calendar] = Field(default_factory=dict)
    measures: dict[str, Measure] = Field(default_factory=dict)
    events: EventLog | None = None
    labels: dict[str, dict[str, str]] = Field(default_factory=dict)
    standards: Annotated[tuple[Standard, ...], Field(min_length=1)]

    _source: str = PrivateAttr(default="<model>")
    _lines: tuple[int, ...] = PrivateAttr(default=())
    _located: object = PrivateAttr(default=None)
    _warnings: tuple[Problem, ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _check_whole_file(self, info: ValidationInfo) -> StandardSet:
        if info.context and info.context.get("skip_checks"):
            return self
        from .checks import file_issues  # the checks read these models

        issues = file_issues(self)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise PydanticCustomError(
                "standards_checks",
                "{message}",
                {"message": "; ".join(f"{i.dotted_path}: {i.message}" for i in errors), "hint": ""},
            )
        self._warnings = tuple(
            Problem("<model>", 0, 0, i.dotted_path, i.message, i.hint, i.code, "warning") for i in issues
        )
        return self

    # -- convenience ------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        """Equal when every key of the file is equal, wherever each was loaded from."""
        if not isinstance(other, StandardSet):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """The file as plain data (JSON-compatible), keys as written, defaults left out."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        return data

    @property
    def source(self) -> str:
        """Where the set was loaded from (a path, ``<string>``, or ``<model>``)."""
        return self._source

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What loads but probably does not say what was meant, e.g. a ceiling of 100%.

        Warnings never stop a file loading; ``svcstandards validate`` prints
        them. Each is a :class:`~svcstandards.errors.Problem` with
        ``severity="warning"``, at its line and column when loaded from a file.
        """
        return self._warnings

    def line_of(self, standard_id: str) -> int | None:
        """The line of the standard with this id in its file, when loaded from one."""
        for index, standard in enumerate(self.standards):
            if standard.id == standard_id and index < len(self._lines):
                return self._lines[index]
        return None

    def __iter__(self) -> Iterator[ShareStandard | StatisticStandard]:  # type: ignore[override]
        return iter(self.standards)

    def __len__(self) -> int:
        return len(self.standards)

    def get(self, standard_id: str) -> ShareStandard | StatisticStandard:
        """The standard with this id; :class:`~svcstandards.errors.UnknownStandardError` otherwise.

        The error is a ``KeyError`` too, and lists the known ids.
        """
        for standard in self.standards:
            if standard.id == standard_id:
                return standard
        known = ", ".join(s.id for s in self.standards)
        raise UnknownStandardError(f"no standard '{standard_id}' (known: {known})")

    def describe(self, standard_id: str, lang: str = "en") -> str:
        """The standard with this id in plain words; see :mod:`svcstandards.handbook`."""
        return self.get(standard_id).describe(lang, self)

    def handbook(self, lang: str = "en", format: Literal["markdown", "html", "text"] = "markdown") -> str:
        """Every standard in plain words, as a document to print; see :mod:`svcstandards.handbook`."""
        from .handbook import handbook  # the handbook reads these models

        return handbook(self, lang, format)

    def select(self, *ids: str) -> StandardSet:
        """A set with only the standards of these ids (same measures, calendars and source).

        Its warnings are those of the file that are not about the other standards.
        """
        chosen = tuple(self.get(i) for i in ids)
        subset = self.model_copy(update={"standards": chosen})
        index = {s.id: n for n, s in enumerate(self.standards)}
        subset._lines = tuple(self._lines[index[s.id]] for s in chosen if index[s.id] < len(self._lines))
        kept = {index[s.id] for s in chosen}
        subset._warnings = tuple(
            w for w in self._warnings if (m := _STANDARD_PATH.match(w.path)) is None or int(m.group(1)) in kept
        )
        return subset

    def measure_of(self, standard: ShareStandard | StatisticStandard) -> AnyMeasure:
        """The measure of a standard, resolving a named measure."""
        if isinstance(standard.measure, str):
            return self.measures[standard.measure]
        return standard.measure
