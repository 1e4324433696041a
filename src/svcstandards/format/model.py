"""The standards file as frozen pydantic models (format version 1).

No pandas and no I/O here: :mod:`svcstandards.format.loader` turns YAML into these
models, :mod:`svcstandards.format.checks` adds the checks that need the whole file
(names defined, thresholds on the right side), and the evaluator reads them.

Kinds are told apart by the keys a mapping has, as a person reading the
file would: a measure with ``from``/``to`` is a duration, with ``column`` a
value, with ``flag`` a flag, with ``present`` a presence, with
``repeat_contact`` a repeat contact; a standard with ``mean``, ``median``,
``pNN``, ``min``, ``max`` or ``nps`` is a statistic standard, any other a
share standard.

The parts of a standard live in :mod:`svcstandards.format.parts` (values, where,
limits, calendars, event logs) and :mod:`svcstandards.kinds` (one module per
measure kind, joined in :mod:`svcstandards.format.measures`); this module holds
the standards and the set, and exports them all.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
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

from ..errors import Problem, UnknownStandardError
from ..handbook import describe, handbook
from .checks import file_issues
from .data import ColumnEntry, DataSection, Weekday, column_names
from .measures import (
    AnyMeasure,
    DurationMeasure,
    FlagMeasure,
    Measure,
    MeasureRef,
    PauseSpan,
    PresenceMeasure,
    RepeatContact,
    RepeatContactMeasure,
    ValueMeasure,
)
from .parts import (
    _STANDARD_PATH,
    PERCENTILE_KEY,
    PERIODS,
    SLUG,
    STATISTICS,
    Abandons,
    Calendar,
    EventLog,
    Holidays,
    IntervalBudget,
    Limit,
    LocalText,
    Match,
    Period,
    StatTest,
    Target,
    Threshold,
    Tiers,
    TimeZoneName,
    Where,
    _as_tuple,
    _Model,
    _percentile_schema,
    tiers,
)
from .units import Duration, Percent

__all__ = [
    "PERIODS",
    "Abandons",
    "AnyMeasure",
    "Calendar",
    "DurationMeasure",
    "EventLog",
    "FlagMeasure",
    "Holidays",
    "IntervalBudget",
    "LocalText",
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


class _StandardBase(_Model):
    id: str
    title: LocalText | None = None
    description: LocalText | None = None
    owner: LocalText | None = None
    tags: tuple[str, ...] = ()
    by: Annotated[
        tuple[str, ...],
        BeforeValidator(_as_tuple),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
    ] = ()
    period: Period | None = None
    #: ``row``: periods are cut in the time zone of the calendar each row's measure chose (a calendar per row).
    periods_in: Literal["file", "row"] = "file"
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
        assert isinstance(self, ShareStandard | StatisticStandard)
        return describe(self, standard_set, lang)


class ShareStandard(_StandardBase):
    """A condition per interaction and a floor and/or ceiling on the share met."""

    kind: ClassVar[Literal["share"]] = "share"

    within: Duration | None = None
    at_most: Threshold | None = None
    at_least: Threshold | None = None
    targets: tuple[Target, ...] | None = None
    floor: Limit | None = None
    ceiling: Limit | None = None
    abandons: Abandons | None = None
    #: Interval budgeting: the floor / ceiling applies to the share of intervals that met their own floor.
    intervals: IntervalBudget | None = None
    #: Per open item: the shares of its time limit at which it is flagged (``[50%, 75%]``); see docs/live.md.
    alert_at: tuple[Percent, ...] = ()

    @property
    def floor_tiers(self) -> Tiers | None:
        return tiers(self.floor)

    @property
    def ceiling_tiers(self) -> Tiers | None:
        return tiers(self.ceiling)


class StatisticStandard(_StandardBase):
    """Exactly one statistic of the measured values against a threshold."""

    kind: ClassVar[Literal["statistic"]] = "statistic"

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


# -- the file --------------------------------------------------------------------


class StandardSet(_Model):
    """A whole standards file."""

    version: Literal[1]
    preset: str | None = None
    name: LocalText | None = None
    description: LocalText | None = None
    timezone: TimeZoneName = "UTC"
    time: str | None = None
    week_starts: Weekday = "monday"
    data: DataSection = Field(default_factory=DataSection)
    columns: dict[str, ColumnEntry] = Field(default_factory=dict)
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
        if self.preset is not None:
            # a value written in the file that equals the default still wins over the preset's: keep it
            full = self.model_dump(mode="json", by_alias=True, include={"timezone", "data", "events"})
            data.update({key: value for key, value in full.items() if value is not None})
        return data

    @property
    def column_map(self) -> dict[str, str]:
        """Each name of ``columns:`` -> the data's column it reads (a time built from two columns maps to itself)."""
        return column_names(self.columns)

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

    def handbook(
        self,
        lang: str = "en",
        format: Literal["markdown", "html", "text"] = "markdown",
        *,
        paper: Literal["a4", "letter"] = "a4",
        revision: str | None = None,
        day: _dt.date | None = None,
    ) -> str:
        """Every standard in plain words, as a document to print; see :mod:`svcstandards.handbook`."""
        return handbook(self, lang, format, paper=paper, revision=revision, day=day)

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
