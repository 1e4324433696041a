"""What a standard measures: the measure kinds, told apart by their keys.

Each kind is defined in one module of :mod:`svcstandards.kinds` (its model,
checks, plan rules and words); here they are joined into the union a
standard's ``measure`` validates against.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Discriminator,
    Tag,
)

from ..kinds import (
    AnyMeasure,
    DurationMeasure,
    FlagMeasure,
    PauseSpan,
    PresenceMeasure,
    RepeatContact,
    RepeatContactMeasure,
    ValueMeasure,
)
from .parts import _by_shape

__all__ = [
    "AnyMeasure",
    "DurationMeasure",
    "FlagMeasure",
    "Measure",
    "MeasureRef",
    "PauseSpan",
    "PresenceMeasure",
    "RepeatContact",
    "RepeatContactMeasure",
    "ValueMeasure",
]


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

MeasureRef = Annotated[
    Annotated[Measure, Tag("<inline>")] | Annotated[str, Tag("<name>")],
    Discriminator(_by_shape("<inline>", "<name>")),
]
