"""What a standard measures: the measure kinds, told apart by their keys."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
)

from .parts import _by_shape, _Model
from .units import Duration

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
